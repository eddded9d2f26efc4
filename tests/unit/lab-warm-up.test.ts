// The sandbox worker warms the simulator up before it takes a learner's cell (src/lab/warm-up.ts). Two things
// must hold: every step of the warm-up still matches the simulator's API (a step that throws is skipped, so a
// mismatch would only make runs slower, silently), and the warm-up leaves nothing behind that a learner's run
// could see. For the second, each lab's starter and solution run in two fresh copies of the simulator's modules
// (as two workers would load them), one of them warmed up first; what the code prints and exports must be the
// same to the character.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { transpile } from '../../src/lab/transpile';
import { formatArgs } from '../../src/lab/format';
import { plainExports } from '../../src/lab/exports';

type Api = typeof import('../../src/sim/api');
type Cell = (...a: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...p: string[]) => Cell;

/** A fresh copy of the simulator's modules, as a new worker would have. */
async function freshSim(): Promise<{ api: Api; warmUp: (a: Api) => number }> {
  vi.resetModules();
  const api = (await import('../../src/sim/api')) as Api;
  const { warmUpSimulator } = await import('../../src/lab/warm-up');
  return { api, warmUp: warmUpSimulator as (a: Api) => number };
}

/** Runs a cell like the worker does and returns its output lines and its exports as the page receives them. */
async function run(api: Api, source: string): Promise<{ lines: string[]; exports: unknown; error?: string }> {
  const t = transpile(source);
  if (!t.ok) throw new Error(`does not compile: ${t.error.message}`);
  const lines: string[] = [];
  const log = (...a: unknown[]) => lines.push(formatArgs(a));
  const con = { log, info: log, warn: log, error: log, debug: log };
  const exports: Record<string, unknown> = {};
  try {
    await new AsyncFunction('require', 'module', 'exports', 'console', t.js)(() => api, { exports }, exports, con);
  } catch (e) {
    return { lines, exports: null, error: String(e) };
  }
  return { lines, exports: plainExports(exports).exports };
}

const LABS = 'src/content/labs';
const cells = readdirSync(LABS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => ['starter.ts', 'solution.ts'].filter((f) => existsSync(`${LABS}/${d.name}/${f}`)).map((f) => `${d.name}/${f}`));

describe('warming the simulator up in a sandbox worker', () => {
  it('runs every step against the current simulator API', async () => {
    const { api, warmUp } = await freshSim();
    expect(warmUp(api)).toBe(0);
  });

  it('has labs to check against', () => {
    expect(cells.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cells)('leaves no trace in what %s prints and exports', async (cell) => {
    const source = readFileSync(`${LABS}/${cell}`, 'utf8');
    const cold = await freshSim();
    const expected = await run(cold.api, source);
    const warm = await freshSim();
    expect(warm.api).not.toBe(cold.api); // two module instances, as in two workers
    warm.warmUp(warm.api);
    const actual = await run(warm.api, source);
    expect(actual).toEqual(expected);
  });
});
