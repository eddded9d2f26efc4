// `k8snet grade` (src/sim/cli/grade.ts) with injected io, and the Node side it runs on (src/labs/node): lab
// folders on disk, the learner's TypeScript run under a time limit, errors pointing at the learner's line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeCmd, type GradeIo } from '../../src/sim/cli/grade';
import { nodeLabs } from '../../src/labs/node/labs';
import { evaluateModule, LearnerCodeError } from '../../src/labs/node/evaluate';
import * as k8snet from '../../src/sim/api';

const labs = nodeLabs();
const LAB = 'pod-ip-cross-node';
const starter = readFileSync(join(labs.root, LAB, 'starter.ts'), 'utf8');
const solution = readFileSync(join(labs.root, LAB, 'solution.ts'), 'utf8');

function io(files: Record<string, string>, grader = labs): GradeIo {
  return {
    readFile(path) {
      if (!(path in files)) throw new Error(`test: no file ${path}`);
      return files[path]!;
    },
    labs: grader,
  };
}

const files = { 'work/solution.ts': solution, 'work/starter.ts': starter, 'work/loop.ts': 'while (true) {}\nexport default 1;\n' };

describe('k8snet grade --list', () => {
  it('prints one lab per line: id, chapter, kind, title', () => {
    const r = gradeCmd(['--list'], io(files));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(labs.ids().length);
    // Columns are padded to the longest id, chapter and kind.
    expect(lines.find((l) => l.startsWith(`${LAB} `))).toMatch(/^pod-ip-cross-node +pod-ip +build +Reach a Pod on another node$/);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(labs.ids());
  });

  it('--json', () => {
    const r = gradeCmd(['--list', '--json'], io(files));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toContainEqual({ id: LAB, chapter: 'pod-ip', kind: 'build', title: 'Reach a Pod on another node' });
  });
});

describe('k8snet grade --lab ID FILE', () => {
  it('a passing submission: ✓ per check, exit 0', () => {
    const r = gradeCmd(['--lab', LAB, 'work/solution.ts'], io(files));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4).every((l) => l.startsWith('✓ '))).toBe(true);
    expect(lines[2]).toBe('✓ client runs on node-2, the other node than web.');
    expect(lines[4]).toBe('All checks pass.');
  });

  it('a failing submission: ✗ with expected and found under it, exit 1', () => {
    const r = gradeCmd(['--lab', LAB, 'work/starter.ts'], io(files));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      ['✗ client runs on node-2, the other node than web.', '    expected: a Pod default/client with { nodeName: node-2 }', '    found: Pod default/client has nodeName: node-1'].join('\n'),
    );
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 of 4 checks pass.');
  });

  it('in Traditional Chinese', () => {
    const r = gradeCmd(['--lab', LAB, 'work/starter.ts', '--lang', 'zh-tw'], io(files));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(['✗ client 跑在 node-2，也就是和 web 不同的節點上。', '    預期：一個 Pod default/client，欄位 { nodeName: node-2 }', '    實際：Pod default/client 的 nodeName: node-1'].join('\n'));
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('4 項檢查中通過 2 項。');
  });

  it('--json: { lab, passed, results }, same exit codes', () => {
    const bad = gradeCmd(['--lab', LAB, 'work/starter.ts', '--json'], io(files));
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout);
    expect(Object.keys(j)).toEqual(['lab', 'passed', 'results']);
    expect(j.lab).toBe(LAB);
    expect(j.passed).toBe(false);
    expect(j.results.map((c: { id: string; pass: boolean }) => [c.id, c.pass])).toEqual([
      ['delivered', true],
      ['no-nat', true],
      ['client-on-node-2', false],
      ['crosses-flannel', false],
    ]);
    expect(j.results[2]).toEqual({
      id: 'client-on-node-2',
      pass: false,
      message: 'client runs on node-2, the other node than web.',
      expected: 'a Pod default/client with { nodeName: node-2 }',
      found: 'Pod default/client has nodeName: node-1',
    });
    const good = gradeCmd(['--lab', LAB, 'work/solution.ts', '--json'], io(files));
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).passed).toBe(true);
  });

  it('usage errors, an unknown lab: exit 2 with the reason on stderr', () => {
    expect(gradeCmd([], io(files))).toMatchObject({ code: 2, stdout: '' });
    expect(gradeCmd([], io(files)).stderr).toMatch(/^k8snet grade: say which lab: --lab ID/);
    expect(gradeCmd(['--lab', LAB], io(files)).stderr).toMatch(/give exactly one file to grade \(got 0\)/);
    expect(gradeCmd(['--lab', LAB, 'work/solution.ts', '--lang', 'fr'], io(files))).toMatchObject({ code: 2, stderr: 'k8snet grade: --lang fr: use en or zh-tw\n' });
    expect(gradeCmd(['--lab', 'no-such-lab', 'work/solution.ts'], io(files))).toMatchObject({
      code: 2,
      stderr: `k8snet grade: no lab "no-such-lab" (labs: ${labs.ids().join(', ')}); see k8snet grade --list\n`,
    });
    expect(gradeCmd(['--list', '--bogus'], io(files)).stderr).toMatch(/unknown option --bogus/);
    expect(gradeCmd(['--list'], { readFile: () => '' })).toMatchObject({ code: 2 });
  });
});

describe('an invalid lab on disk', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'labs-'));
    cpSync(join(labs.root, LAB), join(root, LAB), { recursive: true });
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'lab.yaml'), readFileSync(join(labs.root, LAB, 'lab.yaml'), 'utf8').replace(`id: ${LAB}`, 'id: broken').replace(', to: pod/default/web:80 }', ' }'));
    writeFileSync(join(root, 'broken', 'starter.ts'), starter);
    writeFileSync(join(root, 'broken', 'solution.ts'), solution);
    cpSync(join(labs.root, LAB), join(root, 'quick'), { recursive: true });
    writeFileSync(join(root, 'quick', 'lab.yaml'), readFileSync(join(labs.root, LAB, 'lab.yaml'), 'utf8').replace(`id: ${LAB}`, 'id: quick').replace(/timeLimitMs: \d+/, 'timeLimitMs: 300'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is reported with its file and field, exit 2; the valid lab still grades', () => {
    const grader = nodeLabs({ root });
    const r = gradeCmd(['--list'], io(files, grader));
    expect(r.code).toBe(2);
    // The first check's trace lost its `to`; the error points at that trace's line.
    const line = readFileSync(join(root, 'broken', 'lab.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('trace: { from: pod/default/client }')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(r.stderr).toBe(`k8snet grade: the lab is not valid:\nsrc/content/labs/broken/lab.yaml: checks[0].trace.to: Required (line ${line})\n`);
    expect(gradeCmd(['--lab', 'broken', 'work/solution.ts'], io(files, grader)).code).toBe(2);
    expect(gradeCmd(['--lab', LAB, 'work/solution.ts'], io(files, grader)).code).toBe(0);
  });

  it('a submission that never ends is stopped at the lab\'s time limit (timeLimitMs), exit 1', () => {
    // The lab's copy "quick" is valid, so only the broken lab is in the way of --list, not of grading.
    const grader = nodeLabs({ root });
    const t0 = performance.now();
    const r = gradeCmd(['--lab', 'quick', 'work/loop.ts', '--json'], io(files, grader));
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.passed).toBe(false);
    expect(j.error).toEqual({ kind: 'timeout', message: 'it ran longer than 300 ms and was stopped (an endless loop?)' });
    expect(j.results.every((c: { pass: boolean; found: string }) => !c.pass && c.found === j.error.message)).toBe(true);
    const text = gradeCmd(['--lab', 'quick', 'work/loop.ts', '--lang', 'zh-tw'], io(files, grader));
    expect(text.stdout.split('\n')[0]).toBe('✗ 你的程式沒有順利執行：執行超過 300 毫秒，已被停止（是不是有無窮迴圈？）');
    // The solution runs well within the limit.
    expect(gradeCmd(['--lab', 'quick', 'work/solution.ts'], io(files, grader)).code).toBe(0);
  });
});

describe('running learner TypeScript in Node', () => {
  const run = (src: string, timeoutMs = 2000) => evaluateModule(src, { fileName: 'my-lab.ts', timeoutMs, modules: { k8snet } });

  it('imports k8snet, keeps named exports, allows top-level await, captures console', () => {
    const m = run("import { cluster } from 'k8snet';\nconst n: number = await Promise.resolve(2);\nconsole.log('n is', n, { a: 1 });\nexport const answers = { n };\nexport default cluster();\n");
    expect(m.exports.answers).toEqual({ n: 2 });
    expect(m.exports.default).toBeInstanceOf(k8snet.LabCluster);
    expect(m.logs).toEqual(['n is 2 {"a":1}']);
  });

  it('a syntax error names its line', () => {
    try {
      run('const a = 1;\nconst b = ;\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LearnerCodeError);
      expect((e as LearnerCodeError).kind).toBe('syntax');
      expect((e as LearnerCodeError).line).toBe(2);
      expect((e as LearnerCodeError).say('zh-tw')).toMatch(/^語法錯誤（第 2 行）：/);
    }
  });

  it('a simulator error names the learner line that caused it', () => {
    try {
      run("import { cluster } from 'k8snet';\nconst c = cluster();\nc.node('node-1');\n\nc.trace('pod/default/nope', 'pod/default/web:80');\n");
      expect.unreachable();
    } catch (e) {
      const err = e as LearnerCodeError;
      expect(err.kind).toBe('runtime');
      expect(err.line).toBe(5);
      expect(err.say('en')).toBe('error at line 5: source: no Pod default/nope (Pods: none)');
    }
  });

  it('an import that is not there, a rejected await, an await that never ends', () => {
    // (An import that is never used is dropped, as TypeScript does; this one is used.)
    expect(() => run("import { readFileSync } from 'fs';\nreadFileSync('x');\n")).toThrow(/Cannot import 'fs' here \(available: k8snet\)/);
    expect(() => run('await Promise.reject(new RangeError("no"));\n')).toThrow(/RangeError: no/);
    try {
      run('await new Promise(() => {});\n');
      expect.unreachable();
    } catch (e) {
      expect((e as LearnerCodeError).kind).toBe('pending');
    }
  });

  it('an endless async loop is stopped too', () => {
    try {
      run('while (true) { await null; }\n', 300);
      expect.unreachable();
    } catch (e) {
      expect((e as LearnerCodeError).kind).toBe('timeout');
    }
  });

  it('checks that call learner code run under the same limit', () => {
    const m = run('export function forever() { while (true) {} }\n', 300);
    expect(() => m.runLimited(() => (m.exports.forever as () => void)())).toThrow(/the checks ran longer than 300 ms/);
  });
});

describe('a lab with checks.ts on disk', () => {
  let root: string;
  const CHECKS = `import type { TsCheck } from '../../../labs';

export const differentNodes: TsCheck = ({ cluster }) => {
  const pods = cluster?.toJSON().pods ?? [];
  const node = (n: string) => pods.find((p) => p.name === n)?.node;
  const a = node('default/client'), b = node('default/web');
  return { pass: !!a && a !== b, expected: 'two different nodes', found: \`\${a} and \${b}\`, values: { a: a ?? '-', b: b ?? '-' } };
};
`;
  const yaml = (id: string) =>
    readFileSync(join(labs.root, LAB, 'lab.yaml'), 'utf8')
      .replace(`id: ${LAB}`, `id: ${id}`)
      .replace('hints:\n', '  - id: different\n    ts: differentNodes\n    message: { en: "client on {a}, web on {b}", zh-tw: "client 在 {a}，web 在 {b}" }\nhints:\n');
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'labs-ts-'));
    for (const id of ['with-ts', 'bad-ts']) {
      cpSync(join(labs.root, LAB), join(root, id), { recursive: true });
      writeFileSync(join(root, id, 'lab.yaml'), yaml(id));
    }
    writeFileSync(join(root, 'with-ts', 'checks.ts'), CHECKS);
    writeFileSync(join(root, 'bad-ts', 'checks.ts'), CHECKS.replace('differentNodes', 'otherName'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs the TypeScript check like the others, with its values in the message', () => {
    const grader = nodeLabs({ root });
    const ok = grader.grade('with-ts', solution);
    expect(ok.passed).toBe(true);
    expect(ok.results.at(-1)).toEqual({ id: 'different', pass: true, message: 'client on node-2, web on node-1' });
    const bad = grader.grade('with-ts', starter, { lang: 'zh-tw' });
    expect(bad.results.at(-1)).toEqual({ id: 'different', pass: false, message: 'client 在 node-1，web 在 node-1', expected: 'two different nodes', found: 'node-1 and node-1' });
  });

  it('a check that checks.ts does not export is an error naming the file and field', () => {
    const r = gradeCmd(['--lab', 'bad-ts', 'work/solution.ts'], io(files, nodeLabs({ root })));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^k8snet grade: the lab is not valid:\nsrc\/content\/labs\/bad-ts\/lab\.yaml: checks\[4\]\.ts: checks\.ts exports no function "differentNodes" \(it exports: otherName\) \(line \d+\)\n$/);
  });
});
