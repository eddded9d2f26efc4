// Every lab under src/content/labs: valid, complete in both languages, its solution passes every check, its
// starter fails at least one, and both type-check against the learner API ('k8snet' = src/sim/api).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { nodeLabs } from '../../src/labs/node/labs';
import { LANGS, type Text } from '../../src/labs';

const labs = nodeLabs();
const ids = labs.ids();

/** Every Text object in a lab spec, with where it is. */
function texts(value: unknown, path = ''): [string, Text][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.includes('en') && keys.includes('zh-tw')) return [[path, value as Text]];
    return Object.entries(value).flatMap(([k, v]) => texts(v, path ? `${path}.${k}` : k));
  }
  return [];
}

describe('the lab folders', () => {
  it('has labs, the example among them', () => {
    expect(ids).toContain('pod-ip-cross-node');
  });

  it('lists each lab once with its chapter and kind', () => {
    const list = labs.list();
    expect(list.map((l) => l.id)).toEqual(ids);
    expect(new Set(list.map((l) => l.id)).size).toBe(list.length);
    expect(list.find((l) => l.id === 'pod-ip-cross-node')).toEqual({ id: 'pod-ip-cross-node', chapter: 'pod-ip', kind: 'build', title: 'Reach a Pod on another node' });
  });
});

describe.each(ids)('lab %s', (id) => {
  const lab = labs.load(id);
  const files = labs.files(id);

  it('is valid and named after its folder', () => {
    expect(lab.spec.id).toBe(id);
  });

  it('has every text in every language, none left TODO', () => {
    const all = texts(lab.spec);
    // title, summary, instructions, one message per check, the hints
    expect(all.length).toBe(3 + lab.spec.checks.length + lab.spec.hints.length);
    for (const [where, text] of all) {
      for (const lang of LANGS) {
        expect(text[lang]?.trim(), `${where}.${lang}`).toBeTruthy();
      }
    }
    for (const [name, body] of [['lab.yaml', files.yaml], ['starter.ts', files.starter], ['solution.ts', files.solution]] as const) {
      expect(body, `${name} still has a TODO`).not.toMatch(/TODO/);
    }
    // The Chinese is not a copy of the English.
    for (const [where, text] of all) expect(text['zh-tw'], where).not.toBe(text.en);
  });

  it('has at least one hint, from a nudge to nearly the answer', () => {
    expect(lab.spec.hints.length).toBeGreaterThanOrEqual(1);
  });

  it('solution passes every check, in both languages', () => {
    for (const lang of LANGS) {
      const r = labs.gradeSource(lab, files.solution, { lang, file: 'solution.ts' });
      expect(r.error).toBeUndefined();
      expect(r.results.filter((c) => !c.pass), lang).toEqual([]);
      expect(r.passed).toBe(true);
      expect(r.results.map((c) => c.id)).toEqual(lab.spec.checks.map((c) => c.id));
    }
  });

  it('starter runs and fails at least one check', () => {
    const r = labs.gradeSource(lab, files.starter, { lang: 'en', file: 'starter.ts' });
    expect(r.error, 'the starter must run: it fails a check, not with an error').toBeUndefined();
    expect(r.passed).toBe(false);
    const failed = r.results.filter((c) => !c.pass);
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      expect(c.expected ?? c.found, `${c.id} says what was expected or found`).toBeTruthy();
    }
  });

  it('starter and solution type-check against the learner API', () => {
    const root = resolve(__dirname, '../..');
    const dir = join(root, 'src/content/labs', id);
    const names = ['starter.ts', 'solution.ts', ...(files.checks !== undefined ? ['checks.ts'] : [])].map((f) => join(dir, f));
    const program = ts.createProgram(names, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: [],
      // What the page's editor gives a cell: ES2020+ and a Worker's globals (console).
      lib: ['lib.es2022.d.ts', 'lib.webworker.d.ts'],
      paths: { k8snet: [join(root, 'src/sim/api/index.ts')] },
    });
    // Only the lab's own files are checked (the simulator has its own type-check).
    const diagnostics = names
      .flatMap((n) => [...program.getSyntacticDiagnostics(program.getSourceFile(n)), ...program.getSemanticDiagnostics(program.getSourceFile(n))])
      .map((d) => `${d.file!.fileName.split('/').pop()}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  }, 60_000);
});

describe('the example lab, pod-ip-cross-node', () => {
  const lab = labs.load('pod-ip-cross-node');
  const starter = readFileSync(join(labs.root, 'pod-ip-cross-node/starter.ts'), 'utf8');

  it('starter fails exactly the checks about crossing nodes, for the reason the task names', () => {
    // The starter's client sits on node-1 next to web: the connection works and is not NATed (same bridge), but
    // it never leaves node-1, so the node and flannel.1 checks fail.
    const r = labs.gradeSource(lab, starter, { lang: 'en' });
    expect(Object.fromEntries(r.results.map((c) => [c.id, c.pass]))).toEqual({ delivered: true, 'no-nat': true, 'client-on-node-2': false, 'crosses-flannel': false });
    const node = r.results.find((c) => c.id === 'client-on-node-2')!;
    expect(node.found).toBe('Pod default/client has nodeName: node-1');
    const path = r.results.find((c) => c.id === 'crosses-flannel')!;
    expect(path.found).toBe('the path default/client eth0 → node-1 cni0 → default/web eth0; node-2 flannel.1 is missing');
  });

  it('a client that moved but web without its port is refused, and says so in Chinese too', () => {
    const noPort = starter.replace("node: 'node-1' });", "node: 'node-2' });").replace("containers: [{ name: 'nginx', ports: [80] }]", "containers: [{ name: 'nginx' }]");
    expect(noPort).not.toBe(starter);
    const r = labs.gradeSource(lab, noPort, { lang: 'zh-tw' });
    const delivered = r.results.find((c) => c.id === 'delivered')!;
    expect(delivered.pass).toBe(false);
    // Nothing listens on port 80 in web: the kernel answers the SYN with a reset (ECONNREFUSED).
    expect(delivered.message).toBe('client 用 web 的 Pod IP 連到 80 埠（結果：refused，在 default/web eth0）。');
    expect(delivered.found).toContain('ECONNREFUSED');
    expect(r.results.find((c) => c.id === 'client-on-node-2')!.pass).toBe(true);
  });
});
