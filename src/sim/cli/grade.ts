/**
 * `k8snet grade`: checks a learner's submission against a lab, with the same checks the page runs.
 *
 *   k8snet grade --list [--json]
 *   k8snet grade --lab ID FILE [--json] [--lang en|zh-tw]
 *
 * Pure, like the rest of the command layer: the labs come in through `io.labs` (src/labs/node implements it
 * for files on disk; it owns reading lab folders, running the learner's TypeScript under a time limit and the
 * check engine), the submission through `io.readFile`.
 *
 * Exit codes: 0 every check passes; 1 a check fails or the submission does not run; 2 wrong usage, unknown lab
 * or an invalid lab.
 *
 * Not modelled: grading several files or labs in one call.
 */
import { SimError } from '../core/errors';
import { parseArgs } from './args';
import type { CommandOutput } from './ip';

export type GradeLang = 'en' | 'zh-tw';

export interface GradeResultLine {
  id: string;
  pass: boolean;
  message: string;
  expected?: string;
  found?: string;
}

export interface GradeReport {
  lab: string;
  passed: boolean;
  results: GradeResultLine[];
  error?: { kind: string; message: string; line?: number };
}

/** What `k8snet grade` needs from the lab side (src/labs/node's nodeLabs() is one). */
export interface LabGrader {
  /** Every lab; throws SimError naming the file and field when a lab is invalid. */
  list(): { id: string; chapter: string; kind: string; title: string }[];
  /** Grades one submission; throws SimError for an unknown or invalid lab. */
  grade(id: string, source: string, opts: { lang: GradeLang; file: string }): GradeReport;
}

export interface GradeIo {
  readFile(path: string): string;
  labs?: LabGrader;
}

const USAGE = 'usage: k8snet grade --list [--json] | k8snet grade --lab ID FILE [--json] [--lang en|zh-tw]';

const WORDS = {
  en: { colon: ': ', expected: 'expected', found: 'found', didNotRun: 'your code did not run', summary: (p: number, n: number) => `${p} of ${n} checks pass.`, all: 'All checks pass.' },
  'zh-tw': { colon: '：', expected: '預期', found: '實際', didNotRun: '你的程式沒有順利執行', summary: (p: number, n: number) => `${n} 項檢查中通過 ${p} 項。`, all: '所有檢查都通過了。' },
} as const;

const fail2 = (line: string): CommandOutput => ({ stdout: '', stderr: `k8snet grade: ${line}\n`, code: 2 });

export function gradeCmd(args: readonly string[], io: GradeIo): CommandOutput {
  try {
    const a = parseArgs(args, { list: {}, lab: { value: true }, json: {}, lang: { value: true } }, 'k8snet grade');
    if (!io.labs) return fail2('labs are not available here (run it through bin/k8snet.mjs)');
    if (a.flags.list) {
      if (a.flags.lab !== undefined || a.positionals.length) return fail2(`--list takes no lab or file\n${USAGE}`);
      const labs = io.labs.list();
      if (a.flags.json) return ok(`${JSON.stringify(labs, null, 2)}\n`);
      const w = (k: 'id' | 'chapter' | 'kind') => Math.max(0, ...labs.map((l) => l[k].length));
      return ok(labs.map((l) => `${l.id.padEnd(w('id'))}  ${l.chapter.padEnd(w('chapter'))}  ${l.kind.padEnd(w('kind'))}  ${l.title}`).join('\n') + (labs.length ? '\n' : ''));
    }
    const id = a.flags.lab;
    if (typeof id !== 'string') return fail2(`say which lab: --lab ID (see --list)\n${USAGE}`);
    if (a.positionals.length !== 1) return fail2(`give exactly one file to grade (got ${a.positionals.length})\n${USAGE}`);
    const lang = a.flags.lang ?? 'en';
    if (lang !== 'en' && lang !== 'zh-tw') return fail2(`--lang ${String(lang)}: use en or zh-tw`);
    const file = a.positionals[0]!;
    const source = io.readFile(file);
    const report = io.labs.grade(id, source, { lang, file: file.split(/[\\/]/).pop()! });
    const code = report.passed ? 0 : 1;
    if (a.flags.json) return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: '', code };
    return { stdout: formatReport(report, lang), stderr: '', code };
  } catch (e) {
    if (isSimError(e)) return fail2(e.message);
    throw e;
  }
}

/** By name too: bin/k8snet.mjs loads the lab side through its own tsImport, so its SimError is another class object. */
function isSimError(e: unknown): e is Error {
  return e instanceof SimError || (e instanceof Error && e.name === 'SimError');
}

const ok = (stdout: string): CommandOutput => ({ stdout, stderr: '', code: 0 });

/** Columns a string takes in a terminal (CJK characters take two). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch >= '\u2e80' && ch <= '\uffe6' ? 2 : 1;
  return w;
}

function indent(label: string, colon: string, text: string): string[] {
  const [first = '', ...rest] = text.split('\n');
  const pad = ' '.repeat(4 + width(label + colon));
  return [`    ${label}${colon}${first}`, ...rest.map((l) => pad + l)];
}

/** One line per check (✓/✗ and the lab's message), what was expected and found under a failed one. */
export function formatReport(r: GradeReport, lang: GradeLang): string {
  const w = WORDS[lang];
  const lines: string[] = [];
  if (r.error) lines.push(`✗ ${w.didNotRun}${w.colon}${r.error.message}`);
  for (const c of r.results) {
    lines.push(`${c.pass ? '✓' : '✗'} ${c.message}`);
    if (!c.pass && !r.error) {
      if (c.expected !== undefined) lines.push(...indent(w.expected, w.colon, c.expected));
      if (c.found !== undefined) lines.push(...indent(w.found, w.colon, c.found));
    }
  }
  const passed = r.results.filter((c) => c.pass).length;
  lines.push(r.passed ? w.all : w.summary(passed, r.results.length));
  return `${lines.join('\n')}\n`;
}
