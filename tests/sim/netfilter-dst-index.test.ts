/**
 * The destination shortcut (dst-index.ts) must not change what a walk does: for random long chains — rules with
 * `-d ADDR/32` (several per address), shorter masks, `! -d`, no `-d`, random draws, jumps into another long
 * chain, RETURNs and verdicts — the verdict, the matched rules, the NAT decision, the draws made (in order) and
 * the `evaluated` count are the same with the index as with the plain rule-by-rule walk.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIpv4, parseIpv4 } from '../../src/sim/addr';
import { createNetfilter, iptablesRestore, runHook, type NfEnv, type NfPacket } from '../../src/sim/netfilter';
import { dstIndexOf, dstIndexSwitch } from '../../src/sim/netfilter/dst-index';

// Many addresses, so that most `-d` rules miss and walks reach deep into the chains.
const ADDRS = Array.from({ length: 24 }, (_, i) => `10.96.${i % 3}.${i + 1}`);

const ruleArb = (chains: string[]) =>
  fc.record({
    dst: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ADDRS).map((a) => `-d ${a}/32`) },
      { weight: 1, arbitrary: fc.constant('-d 10.96.0.0/16') },
      { weight: 1, arbitrary: fc.constantFrom(...ADDRS).map((a) => `! -d ${a}/32`) },
      { weight: 1, arbitrary: fc.constant('') },
    ),
    port: fc.constantFrom('', '-p tcp --dport 80', '-p tcp --dport 443'),
    draw: fc.constantFrom('', '', '-m statistic --mode random --probability 0.50000000000'),
    // Mostly rules that let the walk go on, so the ends of long chains are reached too.
    target: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('', '-j MARK --set-xmark 0x4000/0x4000', ...chains.map((c) => `-j ${c}`)) },
      { weight: 1, arbitrary: fc.constantFrom('-j RETURN', '-j ACCEPT', '-j DNAT --to-destination 10.244.1.2') },
    ),
  });

function chainText(name: string, rules: { dst: string; port: string; draw: string; target: string }[]): string[] {
  return rules.map((r) => ['-A', name, r.dst, r.port, r.draw, r.target].filter(Boolean).join(' '));
}

function walk(lines: string[], dst: string, dport: number, seed: number, indexed: boolean) {
  dstIndexSwitch.enabled = indexed;
  const nf = createNetfilter();
  iptablesRestore(nf, [...lines, ''].join('\n'));
  let s = seed;
  const draws: number[] = [];
  const env: NfEnv = {
    isLocal: () => false,
    now: 0,
    chance: () => {
      s = (s * 1103515245 + 12345) >>> 0;
      draws.push(s);
      return (s >>> 16) % 2 === 0;
    },
  };
  const p: NfPacket = { src: parseIpv4('10.244.0.5'), dst: parseIpv4(dst), proto: 'tcp', sport: 40000, dport, mark: 0, ct: { state: 'NEW', snat: false, dnat: false } };
  const r = runHook(nf, 'nat', 'PREROUTING', p, env);
  return { r, draws, nf };
}

afterEach(() => {
  dstIndexSwitch.enabled = true;
});

describe('destination index', () => {
  it('gives the same walk as rule-by-rule evaluation', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(['SUB']), { minLength: 64, maxLength: 160 }),
        fc.array(ruleArb([]), { minLength: 64, maxLength: 120 }),
        fc.constantFrom(...ADDRS, '10.0.0.1'),
        fc.constantFrom(80, 443),
        fc.nat(),
        (top, sub, dst, dport, seed) => {
          const lines = ['*nat', ':SUB - [0:0]', ...chainText('PREROUTING', top), ...chainText('SUB', sub), 'COMMIT'];
          const plain = walk(lines, dst, dport, seed, false);
          const fast = walk(lines, dst, dport, seed, true);
          expect(fast.r).toEqual(plain.r);
          expect(fast.draws).toEqual(plain.draws);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is used for a KUBE-SERVICES-like chain, and counts the skipped rules', () => {
    // 1,000 Service rules, one per address, then a catch-all: a packet to the 500th address is looked at by
    // one rule in the index but the kernel walks 500 rules to reach it.
    const addrs = Array.from({ length: 1000 }, (_, i) => formatIpv4(parseIpv4('10.96.0.0') + i + 1));
    const lines = ['*nat', ':KUBE-SERVICES - [0:0]', '-A PREROUTING -j KUBE-SERVICES', ...addrs.map((a) => `-A KUBE-SERVICES -d ${a}/32 -p tcp --dport 80 -j ACCEPT`), '-A KUBE-SERVICES -j RETURN', 'COMMIT'];
    const { r, nf } = walk(lines, addrs[499]!, 80, 1, true);
    expect(dstIndexOf(nf.tables.nat.chains['KUBE-SERVICES']!.rules)).not.toBeNull();
    // PREROUTING rule 1, then KUBE-SERVICES rules 1..500.
    expect(r.verdict).toBe('ACCEPT');
    expect(r.evaluated).toBe(1 + 500);
    // A packet to no Service address falls through all 1,000 rules to the RETURN (rule 1,001), then to the policy.
    const miss = walk(lines, '10.0.0.1', 80, 1, true).r;
    expect(miss).toMatchObject({ verdict: 'ACCEPT', policy: { chain: 'PREROUTING', verdict: 'ACCEPT' }, evaluated: 1 + 1001 });
  });

  it('is not built for short chains or chains of unspecific rules', () => {
    const nf = createNetfilter();
    const many = Array.from({ length: 100 }, (_, i) => `-A PREROUTING -s 10.0.0.${i}/32 -j ACCEPT`);
    iptablesRestore(nf, ['*nat', ...many, 'COMMIT', ''].join('\n'));
    expect(dstIndexOf(nf.tables.nat.chains.PREROUTING!.rules)).toBeNull();
    const few = createNetfilter();
    iptablesRestore(few, ['*nat', '-A PREROUTING -d 10.0.0.1/32 -j ACCEPT', 'COMMIT', ''].join('\n'));
    expect(dstIndexOf(few.tables.nat.chains.PREROUTING!.rules)).toBeNull();
  });
});
