// The run pipeline's compile step and its line mapping, checked end to end in Node (V8, the engine Chromium
// uses): transpile a cell, compile it the way the sandbox worker does (AsyncFunction + sourceURL), run it, and
// map the thrown error's stack back to a line. The expected line is the line of the `throw` in the source as
// written here, counted by hand.
import { describe, expect, it } from 'vitest';
import { transpile } from '../../src/lab/transpile';
import { CELL_FILE, learnerPosition, measureHeaderLines } from '../../src/lab/stack';

type Cell = (...a: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...p: string[]) => Cell;
const PARAMS = ['require', 'module', 'exports', 'console'];
const TAG = `\n//# sourceURL=${CELL_FILE}`;

async function headerLines(): Promise<number> {
  try {
    await new AsyncFunction(...PARAMS, `throw new Error('probe')${TAG}`)();
  } catch (e) {
    return measureHeaderLines(String((e as Error).stack));
  }
  throw new Error('probe did not throw');
}

/** Transpile + run like the worker; returns the mapped error line (or the exports when nothing threw). */
async function runLikeWorker(source: string, modules: Record<string, unknown> = {}) {
  const t = transpile(source);
  if (!t.ok) throw new Error(`did not compile: ${t.error.message}`);
  const exports: Record<string, unknown> = {};
  const logs: unknown[][] = [];
  const require = (n: string) => {
    if (n in modules) return modules[n];
    throw new Error(`Cannot import '${n}'`);
  };
  try {
    await new AsyncFunction(...PARAMS, t.js + TAG)(require, { exports }, exports, { log: (...a: unknown[]) => logs.push(a) });
    return { exports, logs, line: undefined as number | undefined, js: t.js };
  } catch (e) {
    const pos = learnerPosition(String((e as Error).stack), await headerLines(), t.js.split('\n').length);
    return { exports, logs, line: pos?.line, message: (e as Error).message, js: t.js };
  }
}

describe('transpile', () => {
  it('erases types and turns imports into require() calls', () => {
    const t = transpile(`import { cluster } from 'k8snet';\nconst n: number = 1;\ncluster(n);`);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.js).toContain("require('k8snet')");
    expect(t.js).not.toContain(': number');
  });

  it('keeps every line where it was, across the constructs cells use', () => {
    // Each construct below changes length or disappears when compiled; sucrase must still keep line count.
    const source = [
      "import { cluster } from 'k8snet';", // 1: becomes require + helpers on line 1
      "import * as api from 'k8snet';", // 2: wildcard import (interop helper)
      "import type { Cluster } from 'k8snet';", // 3: erased entirely
      'interface Opts {', // 4-7: erased interface
      '  cni: string;',
      '  nodes: number;',
      '}',
      'type Pair = [string, number];', // 8: erased type alias
      'enum Verdict { Delivered, Dropped }', // 9: enum becomes an IIFE
      'class Box<T> {', // 10: generics + parameter property
      '  constructor(private readonly value: T) {}',
      '  get(): T { return this.value; }',
      '}',
      'const o = { cni: "flannel" } satisfies Partial<Opts>;', // 14
      'const p = <Pair>["a", 1];', // 15: angle-bracket cast
      'const q = o?.cni ?? "none";', // 16
      'export const answer = 42;', // 17: named export
      'export function id<T,>(x: T): T { return x; }', // 18
      'export default new Box(1);', // 19
      'console.log(cluster, api, Verdict.Dropped, p, q, await Promise.resolve(1));', // 20: top-level await
    ].join('\n');
    const t = transpile(source);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const lines = t.js.split('\n');
    expect(lines.length).toBe(20);
    // Statements stay on their own line: spot checks.
    expect(lines[16]).toContain('answer = 42');
    expect(lines[19]).toContain('console.log(');
    expect(lines[8]).toContain('Verdict');
  });

  it('normalises CRLF so lines are counted the same as in the editor', () => {
    const t = transpile('const a = 1;\r\nconst b = ;\r\n');
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.error.line).toBe(2);
  });

  it('reports a syntax error with its line and 1-based column, without sucrase wording', () => {
    const t = transpile('const a = 1;\nconst b = 2;\nconst c = ;\n');
    expect(t.ok).toBe(false);
    if (t.ok) return;
    expect(t.error).toEqual({ kind: 'syntax', line: 3, column: 11, message: 'Unexpected token' });
  });

  it('reports an unterminated string on its line', () => {
    const t = transpile("console.log('a');\n\nconsole.log('b);\n");
    expect(t.ok).toBe(false);
    if (!t.ok) {
      expect(t.error.line).toBe(3);
      expect(t.error.message).toMatch(/Unterminated string/);
    }
  });

  it('accepts plain JavaScript when lang is js, and rejects type annotations there', () => {
    expect(transpile('const a = 1; export default a;', 'js').ok).toBe(true);
    expect(transpile('const a: number = 1;', 'js').ok).toBe(false);
  });
});

describe('line mapping of runtime errors (transpile → AsyncFunction → stack)', () => {
  it('measures the AsyncFunction header the engine adds', async () => {
    // V8 compiles `new AsyncFunction('a', body)` as "async function anonymous(a\n) {\nbody\n}": 2 header lines.
    expect(await headerLines()).toBe(2);
  });

  it('a throw on line 3 is line 3', async () => {
    const r = await runLikeWorker('const a = 1;\nconst b = 2;\nthrow new Error("boom");\n');
    expect(r.line).toBe(3);
    expect(r.message).toBe('boom');
  });

  it('a throw after imports, interfaces and an enum keeps its line', async () => {
    const source = [
      "import { thing } from 'k8snet';", // 1
      'interface A {', // 2
      '  x: number;', // 3
      '}', // 4
      'enum E { One, Two }', // 5
      'const a: A = { x: thing + E.Two };', // 6
      '', // 7
      'if (a.x > 0) {', // 8
      '  throw new RangeError(`x is ${a.x}`);', // 9
      '}', // 10
    ].join('\n');
    const r = await runLikeWorker(source, { k8snet: { thing: 1 } });
    expect(r.message).toBe('x is 2');
    expect(r.line).toBe(9);
  });

  it('an error thrown inside a called module points at the learner line that made the call', async () => {
    const sim = {
      pod(name: string, node: string) {
        // Stands in for the simulator: the error comes from module code, not from the cell.
        throw new Error(`Pod "${name}" asks for node "${node}", but the cluster has node-1`);
      },
    };
    const r = await runLikeWorker("import { pod } from 'k8snet';\n\npod('a', 'node-1x');\n", { k8snet: sim });
    expect(r.line).toBe(3);
    expect(r.message).toMatch(/asks for node "node-1x"/);
  });

  it('errors inside a learner function point at the line inside that function', async () => {
    const source = ['function check(n: number) {', '  if (n > 1) {', '    null!.toString();', '  }', '}', 'check(2);'].join('\n');
    const r = await runLikeWorker(source);
    expect(r.line).toBe(3);
  });

  it('an import of an unknown module fails on the import line', async () => {
    const r = await runLikeWorker("const x = 1;\nimport { y } from 'nope';\nconsole.log(x, y);\n");
    // sucrase hoists nothing: require('nope') stays on line 2 (imports are not moved to the top).
    expect(r.message).toMatch(/Cannot import 'nope'/);
    expect(r.line).toBe(2);
  });

  it('named and default exports land on the exports object', async () => {
    const r = await runLikeWorker('export const a = 1;\nexport default { b: 2 };\n');
    expect(r.exports).toMatchObject({ a: 1, default: { b: 2 } });
  });
});
