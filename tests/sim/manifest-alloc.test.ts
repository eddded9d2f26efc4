/**
 * The control-plane allocators the manifest loader uses, checked as properties with fast-check:
 * KEP-3070/3668 banded allocation (the dynamic picks exhaust the upper band before touching the static band,
 * never repeat, stay in range) and the node IPAM cidrset (lowest free block after the last one given).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/sim/core/rng';
import { BandedAllocator, CidrSet, nodePortRangeOffset, serviceIPRangeOffset } from '../../src/sim/k8s/manifest/allocator';

describe('band sizes', () => {
  it('ClusterIP static band: min(max(16, cidrSize/16), 256), 0 for ≤ 16 addresses', () => {
    // Values worked out by hand from ipallocator calculateRangeOffset.
    expect(serviceIPRangeOffset(2 ** 20)).toBe(256); // /12
    expect(serviceIPRangeOffset(2 ** 12)).toBe(256); // /20: 4096/16 = 256
    expect(serviceIPRangeOffset(2 ** 10)).toBe(64); // /22
    expect(serviceIPRangeOffset(32)).toBe(16); // /27: 32/16 = 2 → at least 16
    expect(serviceIPRangeOffset(16)).toBe(0); // /28
  });
  it('NodePort static band: min(max(16, size/32), 128)', () => {
    expect(nodePortRangeOffset(2768)).toBe(86); // 30000-32767 (FIDELITY §5.1)
    expect(nodePortRangeOffset(10000)).toBe(128);
    expect(nodePortRangeOffset(100)).toBe(16);
    expect(nodePortRangeOffset(16)).toBe(0);
  });
});

describe('BandedAllocator', () => {
  it('fills the upper band first, never repeats, then the lower band, then reports full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer(), (size, off, seed) => {
        const offset = Math.min(off, size);
        const a = new BandedAllocator(size, offset);
        const rng = seededRng(seed);
        const got: number[] = [];
        for (let i = 0; i < size; i++) got.push(a.allocateNext(rng)!);
        expect(new Set(got).size).toBe(size);
        got.forEach((g, i) => {
          expect(g).toBeGreaterThanOrEqual(i < size - offset ? offset : 0);
          expect(g).toBeLessThan(i < size - offset ? size : offset);
        });
        expect(a.allocateNext(rng)).toBeUndefined();
      }),
    );
  });

  it('a reserved slot is never handed out dynamically', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer(), (size, seed) => {
        const a = new BandedAllocator(size, 0);
        const reserved = Math.floor(size / 2);
        expect(a.allocate(reserved)).toBe(true);
        expect(a.allocate(reserved)).toBe(false);
        const rng = seededRng(seed);
        for (let i = 0; i < size - 1; i++) expect(a.allocateNext(rng)).not.toBe(reserved);
      }),
    );
  });
});

describe('CidrSet', () => {
  it('allocates the lowest free block after the previous one, skipping occupied blocks', () => {
    const s = new CidrSet(4);
    s.occupy(1);
    expect([s.allocateNext(), s.allocateNext(), s.allocateNext(), s.allocateNext()]).toEqual([0, 2, 3, undefined]);
  });
});
