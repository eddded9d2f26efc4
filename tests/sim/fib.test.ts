/** Longest-prefix match against a linear reference on seeded random tables (smoltcp-style conformance). */
import { describe, expect, it } from 'vitest';
import { FibTable, fibLookupLinear, type Route } from '../../src/sim/route/fib';
import { maskOf } from '../../src/sim/addr/ipv4';
import { seededRng } from '../../src/sim/core/rng';
import { SimError } from '../../src/sim/core/errors';

function route(addr: number, len: number, metric = 0, dev = 'eth0'): Route {
  return { dst: { addr: (addr & maskOf(len)) >>> 0, len }, type: 'unicast', table: 254, dev, scope: 'link', proto: 'boot', metric, onlink: false };
}

describe('FibTable', () => {
  it('agrees with a linear scan on random tables and random destinations', { timeout: 60_000 }, () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = seededRng(seed);
      const t = new FibTable(254);
      const all: Route[] = [];
      for (let i = 0; i < 2000; i++) {
        const r = route(Math.floor(rng.next() * 2 ** 32), rng.int(33), rng.int(3) * 100, `d${i}`);
        try {
          t.add(r);
          all.push(r);
        } catch (e) {
          expect(e).toBeInstanceOf(SimError);
        }
      }
      for (let i = 0; i < 5000; i++) {
        const dst = i % 2 ? Math.floor(rng.next() * 2 ** 32) : all[rng.int(all.length)]!.dst.addr + rng.int(4);
        const a = t.lookup(dst >>> 0);
        const b = fibLookupLinear(all, dst >>> 0);
        expect(a.kind).toBe(b.kind);
        if (a.kind === 'hit' && b.kind === 'hit') {
          expect(a.route.dst).toEqual(b.route.dst);
          expect(a.route.metric).toBe(b.route.metric);
        }
      }
    }
  });

  it('prefers the longest prefix, then the lowest metric, and refuses exact duplicates', () => {
    const t = new FibTable(254);
    t.add(route(0, 0, 0, 'eth0'));
    t.add(route(0x0af40000, 16, 0, 'cni0'));
    t.add(route(0x0af40100, 24, 100, 'slow'));
    t.add(route(0x0af40100, 24, 10, 'fast'));
    const hit = t.lookup(0x0af40105);
    expect(hit.kind === 'hit' && hit.route.dev).toBe('fast');
    const def = t.lookup(0x08080808);
    expect(def.kind === 'hit' && def.route.dev).toBe('eth0');
    expect(() => t.add(route(0x0af40100, 24, 10, 'again'))).toThrow(/already exists/);
    expect(t.remove({ addr: 0x0af40100, len: 24 }, (r) => r.dev === 'fast')).toBe(1);
    const after = t.lookup(0x0af40105);
    expect(after.kind === 'hit' && after.route.dev).toBe('slow');
  });
});
