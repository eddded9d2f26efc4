/**
 * A shortcut for long chains whose rules mostly name one destination address (`-d 10.96.0.10/32`), as
 * kube-proxy's KUBE-SERVICES does with one rule per Service port: the rules that cannot match a packet's
 * destination are skipped without being looked at, and counted as evaluated all the same.
 *
 * Why this is faithful: ipt_do_table checks the IP header part of a rule (ip_packet_match: -s, -d, -i, -o,
 * -p) before any extension match, so a rule whose `-d` does not hold runs none of its matches — no random
 * draw, no recent list update — and simply passes to the next rule. Skipping such rules changes nothing but
 * the simulator's speed; `evaluated` still counts every rule the kernel would have walked, so a trace keeps
 * showing iptables mode's linear cost.
 *
 * Committed chains are never mutated (edit.ts copies a chain before changing it), so an index is built once
 * per rules array and cached by it.
 *
 * Not modelled: nothing; this is an optimisation of traverse.ts, not kernel behaviour.
 */
import type { Rule } from './types';

/** Chains shorter than this are walked rule by rule: an index would not pay for itself. */
export const DST_INDEX_MIN_RULES = 64;

export interface DstIndex {
  /** Rule positions (0-based, ascending) with a positive `-d ADDR/32`, by that address. */
  readonly byDst: ReadonlyMap<number, Int32Array>;
  /** Positions of every other rule (no `-d`, a shorter mask, or `! -d`): candidates for any packet. */
  readonly other: Int32Array;
}

const cache = new WeakMap<readonly Rule[], DstIndex | null>();

/** Off: every chain is walked rule by rule (tests compare both walks). */
export const dstIndexSwitch = { enabled: true };

/** The chain's index, or null when the chain is short or few of its rules name a single destination. */
export function dstIndexOf(rules: readonly Rule[]): DstIndex | null {
  if (rules.length < DST_INDEX_MIN_RULES || !dstIndexSwitch.enabled) return null;
  let idx = cache.get(rules);
  if (idx === undefined) {
    idx = build(rules);
    cache.set(rules, idx);
  }
  return idx;
}

function build(rules: readonly Rule[]): DstIndex | null {
  const lists = new Map<number, number[]>();
  const other: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    const d = rules[i]!.dst;
    if (d && !d.invert && d.mask === 0xffffffff) {
      let l = lists.get(d.addr);
      if (!l) lists.set(d.addr, (l = []));
      l.push(i);
    } else other.push(i);
  }
  // Mostly unspecific rules: the walk would visit nearly all of them anyway.
  if (other.length * 2 > rules.length) return null;
  const byDst = new Map<number, Int32Array>();
  for (const [addr, l] of lists) byDst.set(addr, Int32Array.from(l));
  return { byDst, other: Int32Array.from(other) };
}

const EMPTY = new Int32Array(0);

/** First entry of the ascending list that is >= from, or Infinity. */
function firstAtLeast(list: Int32Array, from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : Infinity;
}

/**
 * The next rule position >= from that a packet to `dst` could match (every rule in between fails its `-d`),
 * or the chain's length when none is left.
 */
export function nextCandidate(idx: DstIndex, dst: number, from: number, length: number): number {
  const next = Math.min(firstAtLeast(idx.byDst.get(dst) ?? EMPTY, from), firstAtLeast(idx.other, from));
  return next === Infinity ? length : next;
}
