// Which exports leave the sandbox: plain data and toJSON() results are copied; everything else is named as skipped.
import { describe, expect, it } from 'vitest';
import { plainExports, toPlain } from '../../src/lab/exports';

describe('plainExports', () => {
  it('copies plain data and skips the __esModule marker', () => {
    const exp = { __esModule: true, default: { pods: ['a', 'b'], n: 2, ok: true, none: null }, answer: 42 };
    expect(plainExports(exp)).toEqual({ exports: { default: exp.default, answer: 42 }, skipped: [] });
    // A copy, not the same object.
    expect(plainExports(exp).exports.default).not.toBe(exp.default);
  });

  it('uses toJSON() of a class instance', () => {
    class Cluster {
      nodes = ['node-1'];
      toJSON() {
        return { nodes: this.nodes };
      }
    }
    expect(plainExports({ default: new Cluster() })).toEqual({ exports: { default: { nodes: ['node-1'] } }, skipped: [] });
  });

  it('skips class instances without toJSON, functions, maps, cycles and getters', () => {
    class Box {
      v = 1;
    }
    const cyc: Record<string, unknown> = {};
    cyc.me = cyc;
    const getter = {
      get x() {
        return 1;
      },
    };
    const r = plainExports({ box: new Box(), fn: () => 1, map: new Map(), cyc, getter, ok: 'yes', nested: { inner: new Box() } });
    expect(r.exports).toEqual({ ok: 'yes' });
    expect(r.skipped.sort()).toEqual(['box', 'cyc', 'fn', 'getter', 'map', 'nested']);
  });

  it('treats a throwing toJSON as not exportable', () => {
    expect(toPlain({ toJSON: () => { throw new Error('no'); } })).toEqual({ ok: false });
  });

  it('shared (non-cyclic) references are fine', () => {
    const shared = { a: 1 };
    expect(toPlain({ x: shared, y: shared })).toEqual({ ok: true, value: { x: { a: 1 }, y: { a: 1 } } });
  });
});
