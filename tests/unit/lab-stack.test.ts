// Stack parsing for learner lines. The stacks below are hand-written in each engine's documented format
// (V8: "    at fn (file:line:col)", SpiderMonkey/JavaScriptCore: "fn@file:line:col"), with the cell frame not first,
// as it is when the simulator throws.
import { describe, expect, it } from 'vitest';
import { firstCellFrame, learnerPosition, measureHeaderLines } from '../../src/lab/stack';

const V8 = `Error: Pod "web" asks for node "node-3"
    at fail (blob:null/1f2e:1:4410)
    at Cluster.pod (blob:null/1f2e:1:9001)
    at eval (your-code.ts:9:3)
    at run (blob:null/1f2e:1:12000)`;

const FIREFOX = `fail@blob:null/1f2e:1:4410
pod@blob:null/1f2e:1:9001
@your-code.ts:9:3
run@blob:null/1f2e:1:12000`;

describe('firstCellFrame', () => {
  it('finds the cell frame by its sourceURL in V8 and SpiderMonkey stacks', () => {
    expect(firstCellFrame(V8)).toEqual({ line: 9, column: 3 });
    expect(firstCellFrame(FIREFOX)).toEqual({ line: 9, column: 3 });
  });

  it('falls back to V8 <anonymous> and SpiderMonkey "> AsyncFunction" frames', () => {
    expect(firstCellFrame('Error: x\n    at eval (eval at run (blob:null/a:1:2), <anonymous>:7:11)')).toEqual({ line: 7, column: 11 });
    expect(firstCellFrame('@blob:null/a line 1 > AsyncFunction:6:1')).toEqual({ line: 6, column: 1 });
  });

  it('does not mistake a file that merely ends in the same name', () => {
    expect(firstCellFrame('    at f (https://example.invalid/not-your-code.ts:3:1)')).toBeUndefined();
  });

  it('returns undefined for stacks without a cell frame', () => {
    expect(firstCellFrame('')).toBeUndefined();
    expect(firstCellFrame('Error: x\n    at f (blob:null/a:1:2)')).toBeUndefined();
  });
});

describe('learnerPosition', () => {
  it('subtracts the header lines', () => {
    expect(learnerPosition(V8, 2, 20)).toEqual({ line: 7, column: 3 });
  });

  it('rejects lines outside the source (the header, or past the end)', () => {
    expect(learnerPosition('    at eval (your-code.ts:2:1)', 2, 10)).toBeUndefined();
    expect(learnerPosition('    at eval (your-code.ts:13:1)', 2, 10)).toBeUndefined();
    expect(learnerPosition('    at eval (your-code.ts:12:1)', 2, 10)).toEqual({ line: 10, column: 1 });
  });
});

describe('measureHeaderLines', () => {
  it('is the probe line minus one, with 2 as the fallback', () => {
    expect(measureHeaderLines('Error: probe\n    at eval (your-code.ts:3:7)')).toBe(2);
    expect(measureHeaderLines('Error: probe\n    at eval (your-code.ts:1:7)')).toBe(0);
    expect(measureHeaderLines('no frames')).toBe(2);
  });
});
