// Reads the simulator's module headers at build time: each module's first doc comment says what it does and
// ends with what it does not model. The reference page lists them, so the docs can never drift from the code.
export interface ModuleDoc {
  path: string;
  summary: string;
  notModelled: string | null;
}

export function moduleDocs(files: Record<string, string>): ModuleDoc[] {
  const out: ModuleDoc[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('.test.ts') || file.endsWith('/index.ts')) continue;
    const m = /\/\*\*([\s\S]*?)\*\//.exec(text);
    if (!m) continue;
    const body = m[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
      .trim();
    const [before, after] = body.split(/\bNot modelled:\s*/);
    const summary = (before ?? '').replace(/\s+/g, ' ').trim().split(/(?<=\.)\s/)[0] ?? '';
    out.push({
      path: file.replace(/^.*\/src\/sim\//, 'src/sim/'),
      summary,
      notModelled: after ? after.replace(/\s+/g, ' ').trim() : null,
    });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
