/**
 * Seeded randomness. The simulator never calls Math.random: the same seed gives the same MAC addresses,
 * veth names and load-balancing draws, so traces are reproducible in tests, golden files and share links.
 * Algorithm: mulberry32 (32-bit state, good enough for simulation; not cryptographic).
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
}

export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    hex: (bytes) => {
      let out = '';
      for (let i = 0; i < bytes; i++) out += Math.floor(next() * 256).toString(16).padStart(2, '0');
      return out;
    },
  };
}

/** Simulated time in milliseconds; only ever advanced explicitly. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = 0): Clock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      if (!(ms >= 0)) throw new RangeError(`clock cannot go backwards (${ms} ms)`);
      t += ms;
    },
  };
}
