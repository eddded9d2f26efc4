/**
 * Scale sanity (no timing assertions): kube-proxy's iptables mode at large scale has tens of thousands
 * of rules in KUBE-SERVICES and its sub-chains. A 50,000-rule chain must load through iptables-restore,
 * print, and be walked rule by rule without recursion limits; appending to it copies only that chain.
 */
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/sim/addr';
import { appendRule, createNetfilter, iptablesRestore, iptablesSave, runHook, type NfPacket } from '../../src/sim/netfilter';

const N = 50_000;

function bigTable(): string {
  const lines = ['*nat', ':KUBE-SERVICES - [0:0]', ':KUBE-SVC-LAST - [0:0]', '-A PREROUTING -j KUBE-SERVICES'];
  for (let i = 0; i < N - 1; i++) {
    const a = 10 << 24 | 96 << 16 | (i >> 8) << 8 | (i & 255);
    const dst = [24, 16, 8, 0].map((s) => (a >>> s) & 255).join('.');
    lines.push(`-A KUBE-SERVICES -m comment --comment "ns/svc${i}:http cluster IP" -m tcp -p tcp -d ${dst} --dport 80 -j RETURN`);
  }
  lines.push('-A KUBE-SERVICES -d 10.255.255.1 -p tcp -m tcp --dport 80 -j KUBE-SVC-LAST');
  lines.push('-A KUBE-SVC-LAST -p tcp -j DNAT --to-destination 10.244.9.9:8080');
  lines.push('COMMIT', '');
  return lines.join('\n');
}

describe('a 50,000-rule chain', () => {
  const nf = createNetfilter();
  iptablesRestore(nf, bigTable(), { noflush: true });
  const p: NfPacket = {
    src: parseIpv4('10.244.1.5'),
    dst: parseIpv4('10.255.255.1'),
    proto: 'tcp',
    sport: 40000,
    dport: 80,
    mark: 0,
    ct: { state: 'NEW', snat: false, dnat: false },
  };
  const env = { isLocal: () => false, chance: () => false, now: 0 };

  it('loads and walks all rules to the last one', () => {
    expect(nf.tables.nat.chains['KUBE-SERVICES']!.rules).toHaveLength(N);
    const r = runHook(nf, 'nat', 'PREROUTING', p, env);
    // PREROUTING#1 + 50,000 rules of KUBE-SERVICES + KUBE-SVC-LAST#1.
    expect(r.evaluated).toBe(N + 2);
    expect(r.nat).toMatchObject({ kind: 'dnat', ip: parseIpv4('10.244.9.9'), port: 8080 });
  });

  it('prints every rule and accepts one more rule', () => {
    expect(iptablesSave(nf, { table: 'nat' }).split('\n').filter((l) => l.startsWith('-A KUBE-SERVICES'))).toHaveLength(N);
    appendRule(nf, 'nat', 'KUBE-SERVICES', '-j RETURN');
    expect(nf.tables.nat.chains['KUBE-SERVICES']!.rules).toHaveLength(N + 1);
  });
});
