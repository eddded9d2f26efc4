/**
 * Traversal semantics (ipt_do_table): jump/goto/RETURN with a jump stack, policy on underflow, the
 * nesting limit, negations, marks, addrtype, conntrack states including the virtual SNAT/DNAT states,
 * statistic with a scripted chance(), xt_recent expiry, and the `evaluated` rule count. Every expected
 * value is worked out in the comment next to it from the rules written in the test.
 */
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/sim/addr';
import { SimError } from '../../src/sim/core/errors';
import {
  appendRule,
  createNetfilter,
  iptablesRestore,
  iptablesSave,
  newChain,
  recentEntries,
  runChain,
  runHook,
  setPolicy,
  type Netfilter,
  type NfEnv,
  type NfPacket,
  type RuleRef,
} from '../../src/sim/netfilter';

const ip = parseIpv4;

function pkt(o: Partial<NfPacket> & { src?: string | number; dst?: string | number } = {}): NfPacket {
  const { src, dst, ...rest } = o;
  return {
    src: typeof src === 'number' ? src : ip(src ?? '10.0.0.1'),
    dst: typeof dst === 'number' ? dst : ip(dst ?? '10.0.0.2'),
    proto: 'tcp',
    sport: 40000,
    dport: 80,
    mark: 0,
    ct: { state: 'NEW', snat: false, dnat: false },
    ...rest,
  };
}

const LOCAL = new Set([ip('192.168.0.2'), ip('127.0.0.1')]);

function env(o: Partial<NfEnv> = {}): NfEnv {
  return { isLocal: (a) => LOCAL.has(a), chance: () => false, now: 0, ...o };
}

function load(text: string[]): Netfilter {
  const nf = createNetfilter();
  iptablesRestore(nf, [...text, ''].join('\n'));
  return nf;
}

const ref = (table: RuleRef['table'], chain: string, index: number): RuleRef => ({ table, chain, index });

describe('jump, goto, RETURN and policies', () => {
  const nf = load([
    '*filter',
    ':INPUT DROP [0:0]',
    ':A - [0:0]',
    ':B - [0:0]',
    ':G - [0:0]',
    '-A INPUT -p tcp --dport 22 -g G',
    '-A INPUT -j A',
    '-A INPUT -s 10.0.0.9 -j ACCEPT',
    '-A A -m comment --comment counted',
    '-A A -j B',
    '-A A -s 10.0.0.1 -j ACCEPT',
    '-A B -s 10.0.0.1 -j RETURN',
    '-A B -j DROP',
    '-A G -s 10.0.0.5 -j ACCEPT',
    'COMMIT',
  ]);

  it('jump pushes, RETURN pops back to the rule after the jump', () => {
    // INPUT#1 (dport 80 ≠ 22) no; INPUT#2 → A; A#1 no target (counts, continues); A#2 → B;
    // B#1 src 10.0.0.1 RETURN → back to A#3 ACCEPT. Evaluated: INPUT#1, INPUT#2, A#1, A#2, B#1, A#3 = 6.
    const r = runHook(nf, 'filter', 'INPUT', pkt(), env());
    expect(r.verdict).toBe('ACCEPT');
    expect(r.matched).toEqual([ref('filter', 'INPUT', 2), ref('filter', 'A', 1), ref('filter', 'A', 2), ref('filter', 'B', 1), ref('filter', 'A', 3)]);
    expect(r.evaluated).toBe(6);
    expect(r.policy).toBeUndefined();
  });

  it('a DROP in a sub-chain ends the whole table', () => {
    // src 10.0.0.7: B#1 no, B#2 DROP. INPUT#3 is never reached.
    const r = runHook(nf, 'filter', 'INPUT', pkt({ src: '10.0.0.7' }), env());
    expect(r.verdict).toBe('DROP');
    expect(r.matched.at(-1)).toEqual(ref('filter', 'B', 2));
    expect(r.policy).toBeUndefined();
  });

  it('goto does not push: falling off G with an empty stack applies the INPUT policy', () => {
    // dport 22 → -g G; G#1 needs 10.0.0.5 → no; end of G, nothing to return to → policy DROP.
    // (Had it been -j G, INPUT#2 would have run next.)
    const r = runHook(nf, 'filter', 'INPUT', pkt({ dport: 22 }), env());
    expect(r.verdict).toBe('DROP');
    expect(r.policy).toEqual({ chain: 'INPUT', verdict: 'DROP' });
    expect(r.evaluated).toBe(2);
  });

  it('RETURN in a built-in chain and falling off it both give the policy', () => {
    const n2 = load(['*filter', ':OUTPUT DROP [0:0]', '-A OUTPUT -d 10.0.0.2 -j RETURN', '-A OUTPUT -j ACCEPT', 'COMMIT']);
    expect(runHook(n2, 'filter', 'OUTPUT', pkt(), env())).toMatchObject({ verdict: 'DROP', policy: { chain: 'OUTPUT', verdict: 'DROP' }, evaluated: 1 });
    setPolicy(n2, 'filter', 'OUTPUT', 'ACCEPT');
    const accepted = runHook(n2, 'filter', 'OUTPUT', pkt({ dst: '10.0.0.3' }), env());
    expect(accepted).toMatchObject({ verdict: 'ACCEPT', evaluated: 2 });
    expect(accepted.policy).toBeUndefined();
    const empty = createNetfilter();
    expect(runHook(empty, 'nat', 'PREROUTING', pkt(), env())).toEqual({
      verdict: 'ACCEPT',
      matched: [],
      evaluated: 0,
      mark: 0,
      policy: { chain: 'PREROUTING', verdict: 'ACCEPT' },
    });
  });

  it('runChain from a user chain returns RETURN when it falls off', () => {
    expect(runChain(nf, 'filter', 'B', pkt({ src: '10.0.0.1' }), env()).verdict).toBe('RETURN');
    expect(runChain(nf, 'filter', 'B', pkt({ src: '10.0.0.3' }), env()).verdict).toBe('DROP');
  });

  it('runHook refuses a hook the table does not have', () => {
    expect(() => runHook(nf, 'filter', 'PREROUTING', pkt(), env())).toThrow(/filter table has no PREROUTING chain/);
  });
});

describe('nesting limit and loops', () => {
  /** INPUT → C1 → C2 → … → Cn, the last ACCEPTs. */
  function nested(n: number): string[] {
    const decl = Array.from({ length: n }, (_, i) => `:C${i + 1} - [0:0]`);
    const jumps = Array.from({ length: n - 1 }, (_, i) => `-A C${i + 1} -j C${i + 2}`);
    return ['*filter', ...decl, '-A INPUT -j C1', ...jumps, `-A C${n} -j ACCEPT`, 'COMMIT'];
  }

  it('15 nested chains below INPUT work and are walked without recursion', () => {
    const nf = load(nested(15));
    const r = runHook(nf, 'filter', 'INPUT', pkt(), env());
    expect(r.verdict).toBe('ACCEPT');
    expect(r.matched.map((m) => m.chain)).toEqual(['INPUT', ...Array.from({ length: 15 }, (_, i) => `C${i + 1}`)]);
  });

  it('a 16th level is refused like nf_tables (NFT_JUMP_STACK_SIZE 16), and nothing changes', () => {
    const nf = createNetfilter();
    expect(() => iptablesRestore(nf, [...nested(16), ''].join('\n'))).toThrow(/C16 would be 16 jumps below INPUT.*at most 15 levels/);
    expect(nf.tables.filter.chains.C1).toBeUndefined();
    // Also when the deep chain already exists and a new jump makes it deeper.
    const ok = load(nested(15));
    newChain(ok, 'filter', 'TOP');
    const before = iptablesSave(ok);
    expect(() => appendRule(ok, 'filter', 'C15', '-j TOP')).toThrow(SimError);
    expect(iptablesSave(ok)).toBe(before);
  });

  it('a loop reachable from a built-in chain is refused; an unreachable one is accepted, as in the kernel', () => {
    const nf = load(['*filter', ':A - [0:0]', ':B - [0:0]', '-A A -j B', '-A B -j A', 'COMMIT']);
    // mark_source_chains only walks from the hooks, so A ⇄ B alone is accepted.
    expect(nf.tables.filter.chains.B!.rules).toHaveLength(1);
    const before = iptablesSave(nf);
    expect(() => appendRule(nf, 'filter', 'FORWARD', '-j A')).toThrow(/loop A → B → A is reachable from FORWARD/);
    expect(iptablesSave(nf)).toBe(before);
  });

  it('a walk started inside an unreachable goto cycle ends (dropped at the depth limit) instead of spinning', () => {
    const nf = load(['*filter', ':A - [0:0]', ':B - [0:0]', '-A A -g B', '-A B -g A', 'COMMIT']);
    const r = runChain(nf, 'filter', 'A', pkt(), env());
    expect(r.verdict).toBe('DROP');
    // A, B, A, … : 16 chains entered → the 16th goto would exceed the limit.
    expect(r.evaluated).toBe(16);
  });
});

describe('negations and header matches', () => {
  const nf = load([
    '*filter',
    '-A FORWARD ! -s 10.244.0.0/16 -j DROP',
    '-A FORWARD -i eth+ ! -o cni0 -j REJECT',
    '-A FORWARD ! -p tcp -j RETURN',
    '-A FORWARD -p tcp ! --dport 1:1023 -j DROP',
    '-A FORWARD -p tcp -m multiport ! --dports 80,443 -j DROP',
    '-A FORWARD -j ACCEPT',
    'COMMIT',
  ]);
  const base = { src: '10.244.1.5', inIface: 'veth1', outIface: 'cni0' };

  it('! -s', () => {
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, src: '10.1.0.1' }), env()).matched).toEqual([ref('filter', 'FORWARD', 1)]);
  });
  it('-i eth+ matches eth0 by prefix, ! -o cni0 excludes cni0', () => {
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, inIface: 'eth0', outIface: 'flannel.1' }), env()).verdict).toBe('REJECT');
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, inIface: 'eth0' }), env()).verdict).toBe('ACCEPT');
    // "et" is not "eth"+anything.
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, inIface: 'et', outIface: 'x' }), env()).verdict).toBe('ACCEPT');
  });
  it('! -p tcp, ! --dport range, ! --dports', () => {
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, proto: 'udp' }), env()).matched).toEqual([ref('filter', 'FORWARD', 3)]);
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, dport: 8080 }), env()).matched).toEqual([ref('filter', 'FORWARD', 4)]);
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, dport: 22 }), env()).matched).toEqual([ref('filter', 'FORWARD', 5)]);
    expect(runHook(nf, 'filter', 'FORWARD', pkt({ ...base, dport: 443 }), env())).toMatchObject({ verdict: 'ACCEPT', evaluated: 6 });
  });
});

describe('marks', () => {
  const nf = load([
    '*nat',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    '-A PREROUTING -s 192.168.0.0/16 -j KUBE-MARK-MASQ',
    '-A PREROUTING -m mark --mark 0x4000/0x4000 -j MARK --set-mark 0x1/0x1',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    '-A POSTROUTING -j KUBE-POSTROUTING',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -j MASQUERADE --random-fully',
    'COMMIT',
  ]);

  it('MARK changes skb->mark for the rules after it, across chains', () => {
    // 0x10 | 0x4000 = 0x4010; then the mark match sees 0x4000 set and --set-mark 0x1/0x1 sets bit 0.
    const r = runHook(nf, 'nat', 'PREROUTING', pkt({ src: '192.168.5.5', mark: 0x10 }), env());
    expect(r.mark).toBe(0x4011);
    expect(r.matched).toEqual([ref('nat', 'PREROUTING', 1), ref('nat', 'KUBE-MARK-MASQ', 1), ref('nat', 'PREROUTING', 2)]);
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ src: '10.0.0.1', mark: 0x10 }), env()).mark).toBe(0x10);
  });

  it('KUBE-POSTROUTING: unmarked packets return; marked ones lose the bit and are masqueraded', () => {
    const plain = runHook(nf, 'nat', 'POSTROUTING', pkt(), env());
    expect(plain).toMatchObject({ verdict: 'ACCEPT', policy: { chain: 'POSTROUTING', verdict: 'ACCEPT' }, mark: 0 });
    expect(plain.nat).toBeUndefined();
    const marked = runHook(nf, 'nat', 'POSTROUTING', pkt({ mark: 0x4001 }), env());
    expect(marked.mark).toBe(0x1);
    expect(marked.nat).toEqual({ kind: 'masquerade', randomFully: true, rule: ref('nat', 'KUBE-POSTROUTING', 3) });
  });
});

describe('addrtype', () => {
  const nf = load([
    '*nat',
    ':HIT - [0:0]',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j HIT',
    '-A PREROUTING -m addrtype ! --src-type UNICAST -j HIT',
    '-A OUTPUT -m addrtype --dst-type MULTICAST,BROADCAST -j HIT',
    'COMMIT',
  ]);
  it('LOCAL from env.isLocal', () => {
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ dst: '192.168.0.2' }), env()).matched).toEqual([ref('nat', 'PREROUTING', 1)]);
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ dst: '192.168.0.3' }), env()).matched).toEqual([]);
  });
  it('! --src-type UNICAST: a local source is LOCAL, not UNICAST', () => {
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ src: '127.0.0.1' }), env()).matched).toEqual([ref('nat', 'PREROUTING', 2)]);
  });
  it('multicast and limited broadcast are derived; env.addrType overrides (subnet broadcast)', () => {
    expect(runHook(nf, 'nat', 'OUTPUT', pkt({ dst: '224.0.0.251' }), env()).matched).toHaveLength(1);
    expect(runHook(nf, 'nat', 'OUTPUT', pkt({ dst: '255.255.255.255' }), env()).matched).toHaveLength(1);
    expect(runHook(nf, 'nat', 'OUTPUT', pkt({ dst: '10.0.0.255' }), env()).matched).toHaveLength(0);
    expect(runHook(nf, 'nat', 'OUTPUT', pkt({ dst: '10.0.0.255' }), env({ addrType: (a) => (a === ip('10.0.0.255') ? 'BROADCAST' : 'UNICAST') })).matched).toHaveLength(1);
  });
});

describe('conntrack states', () => {
  // KUBE-FIREWALL from FIDELITY §1.6: drop to 127/8 from outside, unless related/established/DNATed.
  const nf = load([
    '*filter',
    ':KUBE-FIREWALL - [0:0]',
    '-A INPUT -j KUBE-FIREWALL',
    '-A INPUT -m conntrack --ctstate SNAT -j REJECT',
    '-A INPUT -m state --state INVALID -j DROP',
    '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    'COMMIT',
  ]);
  const to127 = { src: '192.168.0.9', dst: '127.0.0.1' };

  it('! --ctstate RELATED,ESTABLISHED,DNAT drops a NEW connection to 127/8 that was not DNATed', () => {
    expect(runHook(nf, 'filter', 'INPUT', pkt({ ...to127 }), env()).verdict).toBe('DROP');
  });
  it('…but not one whose conntrack entry was DNATed (the virtual DNAT state), nor an established one', () => {
    expect(runHook(nf, 'filter', 'INPUT', pkt({ ...to127, ct: { state: 'NEW', snat: false, dnat: true } }), env()).verdict).toBe('ACCEPT');
    expect(runHook(nf, 'filter', 'INPUT', pkt({ ...to127, ct: { state: 'ESTABLISHED', snat: false, dnat: false } }), env()).verdict).toBe('ACCEPT');
  });
  it('SNAT is a state bit of tracked packets only; INVALID/UNTRACKED carry no NAT bits', () => {
    expect(runHook(nf, 'filter', 'INPUT', pkt({ ct: { state: 'ESTABLISHED', snat: true, dnat: false } }), env()).verdict).toBe('REJECT');
    // An INVALID packet has no conntrack entry (nf_ct_get returns NULL): the snat flag is ignored,
    // the SNAT rule does not match, the INVALID rule does.
    const r = runHook(nf, 'filter', 'INPUT', pkt({ ct: { state: 'INVALID', snat: true, dnat: false } }), env());
    expect(r.verdict).toBe('DROP');
    expect(r.matched.at(-1)).toEqual(ref('filter', 'INPUT', 3));
    expect(runHook(nf, 'filter', 'INPUT', pkt({ ct: { state: 'UNTRACKED', snat: true, dnat: false } }), env()).verdict).toBe('ACCEPT');
  });
});

describe('statistic', () => {
  const svc = [
    '*nat',
    ':KUBE-SVC - [0:0]',
    ':SEP1 - [0:0]',
    ':SEP2 - [0:0]',
    ':SEP3 - [0:0]',
    '-A PREROUTING -d 10.96.0.10 -p tcp --dport 80 -j KUBE-SVC',
    '-A KUBE-SVC -m statistic --mode random --probability 0.3333333333 -j SEP1',
    '-A KUBE-SVC -m statistic --mode random --probability 0.5000000000 -j SEP2',
    '-A KUBE-SVC -j SEP3',
    '-A SEP1 -p tcp -j DNAT --to-destination 10.244.1.1:8080',
    '-A SEP2 -p tcp -j DNAT --to-destination 10.244.1.2:8080',
    '-A SEP3 -p tcp -j DNAT --to-destination 10.244.1.3:8080',
    'COMMIT',
  ];
  const nf = load(svc);
  const p = pkt({ dst: '10.96.0.10' });

  it('asks chance() with the kernel probability in rule order and follows the answers', () => {
    const asked: [number, RuleRef][] = [];
    const script = [false, true];
    const r = runHook(nf, 'nat', 'PREROUTING', p, env({ chance: (prob, rule) => (asked.push([prob, rule]), script.shift()!) }));
    // lround(2^31 * 0.3333333333) = 715827883 → 715827883 / 2^31.
    expect(asked).toEqual([
      [715827883 / 2 ** 31, ref('nat', 'KUBE-SVC', 1)],
      [0.5, ref('nat', 'KUBE-SVC', 2)],
    ]);
    expect(r.nat).toMatchObject({ kind: 'dnat', ip: ip('10.244.1.2'), port: 8080, rule: ref('nat', 'SEP2', 1) });
    expect(r.lb).toEqual([
      { rule: ref('nat', 'KUBE-SVC', 1), probability: 715827883 / 2 ** 31, taken: false },
      { rule: ref('nat', 'KUBE-SVC', 2), probability: 0.5, taken: true },
    ]);
  });

  it('a first draw that is taken stops there: only one statistic match is consulted', () => {
    const r = runHook(nf, 'nat', 'PREROUTING', p, env({ chance: () => true }));
    expect(r.lb).toHaveLength(1);
    expect(r.nat?.ip).toBe(ip('10.244.1.1'));
  });

  it('probability 0 and 1 need no draw; ! inverts the outcome', () => {
    const certain = load(['*nat', ':X - [0:0]', '-A OUTPUT -m statistic --mode random --probability 1 -j X', '-A OUTPUT -m statistic --mode random ! --probability 0 -j X', 'COMMIT']);
    let asked = 0;
    const r = runHook(certain, 'nat', 'OUTPUT', pkt(), env({ chance: () => (asked++, false) }));
    expect(asked).toBe(0);
    expect(r.lb).toEqual([
      { rule: ref('nat', 'OUTPUT', 1), probability: 1, taken: true },
      { rule: ref('nat', 'OUTPUT', 2), probability: 0, taken: false },
    ]);
    expect(r.matched).toEqual([ref('nat', 'OUTPUT', 1), ref('nat', 'OUTPUT', 2)]);
  });

  it('--mode nth --every 3: the first packet and every third after it (xt_statistic counter)', () => {
    const nth = load(['*filter', '-A INPUT -m statistic --mode nth --every 3 -j DROP', 'COMMIT']);
    const verdicts = Array.from({ length: 7 }, () => runHook(nth, 'filter', 'INPUT', pkt(), env()).verdict);
    expect(verdicts).toEqual(['DROP', 'ACCEPT', 'ACCEPT', 'DROP', 'ACCEPT', 'ACCEPT', 'DROP']);
    const second = load(['*filter', '-A INPUT -m statistic --mode nth --every 3 --packet 2 -j DROP', 'COMMIT']);
    expect(Array.from({ length: 6 }, () => runHook(second, 'filter', 'INPUT', pkt(), env()).verdict)).toEqual(['ACCEPT', 'ACCEPT', 'DROP', 'ACCEPT', 'ACCEPT', 'DROP']);
  });
});

describe('recent (sessionAffinity: ClientIP)', () => {
  // The kube-proxy shape (FIDELITY §1.4) with a 10-second affinity window.
  const text = [
    '*nat',
    ':KUBE-SVC - [0:0]',
    ':SEP-A - [0:0]',
    ':SEP-B - [0:0]',
    '-A PREROUTING -d 10.96.0.10 -j KUBE-SVC',
    '-A KUBE-SVC -m recent --name SEP-A --rcheck --seconds 10 --reap -j SEP-A',
    '-A KUBE-SVC -m recent --name SEP-B --rcheck --seconds 10 --reap -j SEP-B',
    '-A KUBE-SVC -m statistic --mode random --probability 0.5 -j SEP-A',
    '-A KUBE-SVC -j SEP-B',
    '-A SEP-A -p tcp -m recent --name SEP-A --set -j DNAT --to-destination 10.244.1.1:80',
    '-A SEP-B -p tcp -m recent --name SEP-B --set -j DNAT --to-destination 10.244.1.2:80',
    'COMMIT',
  ];
  const p = pkt({ src: '192.168.7.7', dst: '10.96.0.10' });

  it('the first connection draws; later ones within --seconds stick to the same endpoint without a draw', () => {
    const nf = load(text);
    const t0 = 1_000_000;
    const first = runHook(nf, 'nat', 'PREROUTING', p, env({ now: t0, chance: () => false }));
    expect(first.nat?.ip).toBe(ip('10.244.1.2'));
    expect(recentEntries(nf, 'SEP-B')).toEqual([{ addr: ip('192.168.7.7'), lastSeen: t0, hits: 1 }]);
    let asked = 0;
    const chance = () => (asked++, true);
    // Exactly 10 s later the stamp is still inside the window (time_after(now - 10 s, stamp) is false).
    const again = runHook(nf, 'nat', 'PREROUTING', p, env({ now: t0 + 10_000, chance }));
    expect(again.nat?.ip).toBe(ip('10.244.1.2'));
    expect(asked).toBe(0);
    expect(again.matched.slice(0, 2)).toEqual([ref('nat', 'PREROUTING', 1), ref('nat', 'KUBE-SVC', 2)]);
    // --set added a second stamp at t0+10 s; 10.001 s after that both have expired: a new draw (taken → SEP-A).
    const later = runHook(nf, 'nat', 'PREROUTING', p, env({ now: t0 + 20_001, chance }));
    expect(asked).toBe(1);
    expect(later.nat?.ip).toBe(ip('10.244.1.1'));
    // --reap never removes the entry being checked (recent_entry_reap skips `working`), so it stays.
    expect(recentEntries(nf, 'SEP-B')).toEqual([{ addr: ip('192.168.7.7'), lastSeen: t0 + 10_000, hits: 2 }]);
    expect(recentEntries(nf, 'SEP-A')).toEqual([{ addr: ip('192.168.7.7'), lastSeen: t0 + 20_001, hits: 1 }]);
  });

  it('--reap drops the oldest entry of the list when it has expired, while another client is checked', () => {
    const nf = load(text);
    const c1 = pkt({ src: '192.168.7.1', dst: '10.96.0.10' });
    const c2 = pkt({ src: '192.168.7.2', dst: '10.96.0.10' });
    runHook(nf, 'nat', 'PREROUTING', c1, env({ now: 0, chance: () => false }));
    runHook(nf, 'nat', 'PREROUTING', c2, env({ now: 5_000, chance: () => false }));
    expect(recentEntries(nf, 'SEP-B').map((e) => e.addr)).toEqual([ip('192.168.7.1'), ip('192.168.7.2')]);
    // At 12 s, c2's check in SEP-B hits (5 s ≥ 12 s - 10 s); the oldest entry (c1, last seen at 0) is
    // older than the window and is reaped; then --set refreshes c2.
    const r = runHook(nf, 'nat', 'PREROUTING', c2, env({ now: 12_000, chance: () => true }));
    expect(r.nat?.ip).toBe(ip('10.244.1.2'));
    expect(recentEntries(nf, 'SEP-B')).toEqual([{ addr: ip('192.168.7.2'), lastSeen: 12_000, hits: 2 }]);
  });

  it('other clients are tracked separately; --rdest and --mask change the key', () => {
    const nf = load(text);
    runHook(nf, 'nat', 'PREROUTING', p, env({ chance: () => false }));
    const other = runHook(nf, 'nat', 'PREROUTING', pkt({ src: '192.168.7.8', dst: '10.96.0.10' }), env({ chance: () => true }));
    expect(other.nat?.ip).toBe(ip('10.244.1.1'));
    const masked = load(['*filter', '-A INPUT -m recent --name N --set --mask 255.255.255.0 --rdest', 'COMMIT']);
    runHook(masked, 'filter', 'INPUT', pkt({ dst: '10.1.2.3' }), env());
    expect(recentEntries(masked, 'N').map((e) => e.addr)).toEqual([ip('10.1.2.0')]);
  });

  it('--update refreshes only on a hit; --hitcount counts stamps; --remove deletes', () => {
    const nf = load([
      '*filter',
      ':SET - [0:0]',
      '-A INPUT -p tcp --dport 1 -j SET',
      '-A INPUT -p tcp --dport 2 -m recent --name L --update --seconds 5 --hitcount 2 -j DROP',
      '-A INPUT -p tcp --dport 3 -m recent --name L --remove -j REJECT',
      '-A SET -m recent --name L --set',
      'COMMIT',
    ]);
    const at = (now: number, dport: number) => runHook(nf, 'filter', 'INPUT', pkt({ dport }), env({ now })).verdict;
    expect(at(0, 1)).toBe('ACCEPT'); // one stamp (0)
    expect(at(1000, 2)).toBe('ACCEPT'); // 1 stamp < hitcount 2: no hit, no update
    expect(at(2000, 1)).toBe('ACCEPT'); // stamps 0, 2000
    expect(at(4000, 2)).toBe('DROP'); // two stamps within 5 s: hit, update adds 4000
    expect(at(8500, 2)).toBe('ACCEPT'); // window 3500..8500: only 4000 → 1 < 2
    expect(at(9000, 3)).toBe('REJECT'); // present → removed
    expect(at(9001, 3)).toBe('ACCEPT');
  });

  it('a list lives as long as a rule names it', () => {
    const nf = load(text);
    expect([...nf.recent.keys()].sort()).toEqual(['SEP-A', 'SEP-B']);
    iptablesRestore(nf, ['*nat', 'COMMIT', ''].join('\n'));
    expect(nf.recent.size).toBe(0);
  });
});

describe('targets and results', () => {
  it('DNAT, SNAT, REDIRECT and REJECT decisions carry the rule that made them', () => {
    const nf = load([
      '*nat',
      '-A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 3128',
      '-A PREROUTING -p udp -j DNAT --to-destination 10.0.0.1-10.0.0.3:53',
      '-A POSTROUTING -o eth0 -p tcp -j SNAT --to-source 192.168.0.2:1024-2048 --random',
      'COMMIT',
      '*filter',
      '-A INPUT -p tcp --dport 25 -j REJECT --reject-with tcp-reset',
      'COMMIT',
    ]);
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ dport: 8080 }), env()).nat).toEqual({ kind: 'redirect', port: 3128, rule: ref('nat', 'PREROUTING', 1) });
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ proto: 'udp', dport: 53 }), env()).nat).toEqual({
      kind: 'dnat',
      ip: ip('10.0.0.1'),
      ipMax: ip('10.0.0.3'),
      port: 53,
      rule: ref('nat', 'PREROUTING', 2),
    });
    expect(runHook(nf, 'nat', 'POSTROUTING', pkt({ outIface: 'eth0' }), env()).nat).toEqual({
      kind: 'snat',
      ip: ip('192.168.0.2'),
      port: 1024,
      portMax: 2048,
      random: true,
      rule: ref('nat', 'POSTROUTING', 1),
    });
    expect(runHook(nf, 'filter', 'INPUT', pkt({ dport: 25 }), env())).toMatchObject({
      verdict: 'REJECT',
      reject: { with: 'tcp-reset', rule: ref('filter', 'INPUT', 1) },
    });
  });

  it('NOTRACK/CT --notrack continue and flag the packet untracked', () => {
    const nf = load(['*raw', '-A PREROUTING -p udp -j CT --notrack', '-A PREROUTING -j ACCEPT', 'COMMIT']);
    const r = runHook(nf, 'raw', 'PREROUTING', pkt({ proto: 'udp' }), env());
    expect(r).toMatchObject({ verdict: 'ACCEPT', notrack: { rule: ref('raw', 'PREROUTING', 1) }, evaluated: 2 });
  });

  it('evaluated counts every rule looked at: the linear cost of KUBE-SERVICES', () => {
    // 100 service rules; the packet is for service 73 → 73 rules in KUBE-SERVICES + 1 in PREROUTING
    // + 1 in its SVC chain.
    const lines = ['*nat', ':KUBE-SERVICES - [0:0]'];
    for (let i = 1; i <= 100; i++) lines.push(`:SVC${i} - [0:0]`);
    lines.push('-A PREROUTING -j KUBE-SERVICES');
    for (let i = 1; i <= 100; i++) lines.push(`-A KUBE-SERVICES -d 10.96.0.${i} -p tcp --dport 80 -j SVC${i}`);
    for (let i = 1; i <= 100; i++) lines.push(`-A SVC${i} -p tcp -j DNAT --to-destination 10.244.0.${i}:80`);
    lines.push('COMMIT');
    const nf = load(lines);
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ dst: '10.96.0.73' }), env())).toMatchObject({ evaluated: 75, nat: { ip: ip('10.244.0.73') } });
    expect(runHook(nf, 'nat', 'PREROUTING', pkt({ dst: '10.96.1.1' }), env()).evaluated).toBe(101);
  });
});
