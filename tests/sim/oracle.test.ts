/**
 * Every behaviour ORACLE-FACTS.md lists for a real Linux kernel on the miniature kube-proxy + flannel data plane,
 * asserted on the simulator, in host-gw and VXLAN modes. Each expectation cites the numbered fact or the
 * "baseline results" line it comes from.
 */
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/sim/addr/ipv4';
import { probe } from '../../src/sim/datapath/probe';
import { explore } from '../../src/sim/datapath/explore';
import { renderText } from '../../src/sim/trace/render-text';
import type { Trace } from '../../src/sim/trace/types';
import type { World } from '../../src/sim/world/world';
import { SimError } from '../../src/sim/core/errors';
import { buildOracle } from './support/oracle-topology';

const tcp = (w: World, from: string, dst: string, port: number) => probe(w, { from, dst: parseIpv4(dst), dport: port, proto: 'tcp' });
const ping = (w: World, from: string, dst: string) => probe(w, { from, dst: parseIpv4(dst), proto: 'icmp' });
const seenIp = (t: Trace) => t.sourceSeen?.split(':')[0];

/** On failure, show the whole trace: it says why. */
function expectVerdict(t: Trace, verdict: Trace['verdict']) {
  expect(t.verdict, renderText(t)).toBe(verdict);
}

describe.each(['host-gw', 'vxlan'] as const)('ORACLE-FACTS baseline, %s', (mode) => {
  const flannelAddr = (n: number) => (mode === 'vxlan' ? `10.244.${n}.0` : `192.168.56.1${n}`);

  it('pod to pod on the same node: delivered, no NAT, echo reply TTL 64 (bridged)', () => {
    const w = buildOracle(mode);
    const t = tcp(w, 'n1-b', '10.244.1.2', 8080);
    expectVerdict(t, 'delivered');
    expect(seenIp(t)).toBe('10.244.1.3');
    expect(t.masquerade).toBe(false);
    expect(ping(w, 'n1-b', '10.244.1.2').replyTtl).toBe(64);
  });

  it('pod to pod across nodes: delivered with the Pod IP; echo reply TTL 62 (fact 12)', () => {
    const w = buildOracle(mode);
    const t = tcp(w, 'n2-b', '10.244.1.2', 8080);
    expectVerdict(t, 'delivered');
    expect(seenIp(t)).toBe('10.244.2.3');
    const p = ping(w, 'n2-b', '10.244.1.2');
    expectVerdict(p, 'delivered');
    expect(p.replyTtl).toBe(62);
    if (mode === 'vxlan') expect(renderText(t)).toContain('vxlan     encap vni 1 192.168.56.12 → 192.168.56.11 udp/8472');
  });

  it('pod to ClusterIP: every endpoint can answer, source unchanged (DNAT only)', () => {
    const w = buildOracle(mode);
    const ex = explore(w, { from: 'n3-b', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' });
    const ends = ex.branches.map((b) => b.trace.deliveredTo?.ip).sort();
    expect(ends).toEqual(['10.244.1.2', '10.244.2.2']);
    for (const b of ex.branches) {
      expectVerdict(b.trace, 'delivered');
      expect(seenIp(b.trace)).toBe('10.244.3.3');
      expect(b.probability).toBeCloseTo(0.5, 6);
    }
  });

  it('an endpoint calling its own Service is SNATed to cni0 (hairpin, fact 3)', () => {
    const w = buildOracle(mode);
    const ex = explore(w, { from: 'n1-a', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' });
    const self = ex.branches.find((b) => b.trace.deliveredTo?.ip === '10.244.1.2')!;
    expectVerdict(self.trace, 'delivered');
    expect(seenIp(self.trace)).toBe('10.244.1.1');
  });

  it('a ClusterIP is not an address: unexposed port and ping time out (fact 8)', () => {
    const w = buildOracle(mode);
    expectVerdict(tcp(w, 'n1-b', '10.96.0.101', 81), 'timeout');
    expectVerdict(ping(w, 'n1-b', '10.96.0.101'), 'timeout');
  });

  it('a Service without endpoints refuses at once (filter REJECT, fact 8)', () => {
    const w = buildOracle(mode);
    const t = tcp(w, 'n1-b', '10.96.0.102', 80);
    expectVerdict(t, 'refused');
    expect(renderText(t)).toContain('reject    icmp-port-unreachable');
  });

  it('external client to NodePort: local endpoint sees cni0, remote endpoint sees the egress address (fact 4)', () => {
    const w = buildOracle(mode);
    const ex = explore(w, { from: 'ext', dst: parseIpv4('192.168.56.11'), dport: 30080, proto: 'tcp' });
    const local = ex.branches.find((b) => b.trace.deliveredTo?.ip === '10.244.1.2')!;
    const remote = ex.branches.find((b) => b.trace.deliveredTo?.ip === '10.244.2.2')!;
    expectVerdict(local.trace, 'delivered');
    expectVerdict(remote.trace, 'delivered');
    expect(seenIp(local.trace)).toBe('10.244.1.1');
    expect(seenIp(remote.trace)).toBe(flannelAddr(1));
  });

  it('external client to a ClusterIP: network unreachable', () => {
    const w = buildOracle(mode);
    const t = tcp(w, 'ext', '10.96.0.101', 80);
    expectVerdict(t, 'unreachable');
    expect(t.reason).toBe('ENETUNREACH');
  });

  it('pod to outside host and to another node are masqueraded; to its own node keeps the Pod IP (fact 9)', () => {
    const w = buildOracle(mode);
    w.netns('ext').bind({ proto: 'tcp', addr: 0, port: 9000, reusePort: false, reuseAddr: false, owner: 'ext/server' });
    for (const n of ['node-1', 'node-2']) w.netns(n).bind({ proto: 'tcp', addr: 0, port: 9000, reusePort: false, reuseAddr: false, owner: `${n}/server` });
    const toExt = tcp(w, 'n1-b', '192.168.56.1', 9000);
    expectVerdict(toExt, 'delivered');
    expect(seenIp(toExt)).toBe('192.168.56.11');
    const toOther = tcp(w, 'n1-b', '192.168.56.12', 9000);
    expectVerdict(toOther, 'delivered');
    expect(seenIp(toOther)).toBe('192.168.56.11');
    const toOwn = tcp(w, 'n1-b', '192.168.56.11', 9000);
    expectVerdict(toOwn, 'delivered');
    expect(seenIp(toOwn)).toBe('10.244.1.3');
  });

  it('127.0.0.1 belongs to each Pod (fact 10)', () => {
    const w = buildOracle(mode);
    w.netns('n1-a').bind({ proto: 'tcp', addr: parseIpv4('127.0.0.1'), port: 9000, reusePort: false, reuseAddr: false, owner: 'n1-a/sidecar' });
    expectVerdict(tcp(w, 'n1-a', '127.0.0.1', 9000), 'delivered');
    expectVerdict(tcp(w, 'n1-b', '127.0.0.1', 9000), 'refused');
    expectVerdict(tcp(w, 'n1-b', '10.244.1.2', 9000), 'refused');
  });

  it('ports are per namespace: EADDRINUSE inside one Pod, SO_REUSEPORT allowed, no conflict across Pods (fact 10)', () => {
    const w = buildOracle(mode);
    const a = w.netns('n1-a');
    const sock = (addr: string, owner: string, reusePort = false) => ({ proto: 'tcp' as const, addr: parseIpv4(addr), port: 8080, reusePort, reuseAddr: true, owner });
    expect(() => a.bind(sock('0.0.0.0', 'second'))).toThrow(SimError);
    expect(() => a.bind(sock('10.244.1.2', 'specific'))).toThrow(/EADDRINUSE/);
    a.bind({ proto: 'tcp', addr: 0, port: 7000, reusePort: true, reuseAddr: false, owner: 'one' });
    expect(() => a.bind({ proto: 'tcp', addr: 0, port: 7000, reusePort: true, reuseAddr: false, owner: 'two' })).not.toThrow();
    const lo = { proto: 'tcp' as const, addr: parseIpv4('127.0.0.1'), port: 9100, reusePort: false, reuseAddr: false };
    w.netns('n1-a').bind({ ...lo, owner: 'x' });
    expect(() => w.netns('n1-b').bind({ ...lo, owner: 'y' })).not.toThrow();
  });
});

describe.each(['host-gw', 'vxlan'] as const)('ORACLE-FACTS variants, %s', (mode) => {
  it('hairpin off: the hairpin connection is dropped silently, with no conntrack entry (fact 3)', () => {
    const w = buildOracle(mode, { hairpin: false });
    const ex = explore(w, { from: 'n1-a', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' });
    const self = ex.branches.find((b) => b.trace.dnat === '10.244.1.2:8080')!;
    expectVerdict(self.trace, 'timeout');
    expect(renderText(self.trace)).toContain('BRIDGE_HAIRPIN');
    const t = probe(w, { from: 'n1-a', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' }, { choose: () => true });
    expect(t.verdict).toBe('timeout');
    expect(w.netns('node-1').conntrack.list(0)).toHaveLength(0);
  });

  it('bridge-nf-call-iptables=0: same-node ClusterIP times out, the entry stays SYN_SENT; others unaffected (fact 2)', () => {
    const w = buildOracle(mode, { bridgeNf: 0 });
    const t = probe(w, { from: 'n1-b', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' }, { choose: () => true });
    expect(t.dnat).toBe('10.244.1.2:8080');
    expectVerdict(t, 'timeout');
    const entries = w.netns('node-1').conntrack.list(0);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.tcpState).toBe('SYN_SENT');
    expectVerdict(tcp(w, 'n1-b', '10.244.1.2', 8080), 'delivered');
    const remote = probe(w, { from: 'n1-b', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' }, { choose: () => false });
    expect(remote.dnat).toBe('10.244.2.2:8080');
    expectVerdict(remote, 'delivered');
    const np = probe(w, { from: 'ext', dst: parseIpv4('192.168.56.11'), dport: 30080, proto: 'tcp' }, { choose: () => true });
    expectVerdict(np, 'delivered');
  });

  it('bridge-nf-call-iptables=0: hairpin works even with hairpin mode off (fact 3)', () => {
    const w = buildOracle(mode, { bridgeNf: 0, hairpin: false });
    const t = probe(w, { from: 'n1-a', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' }, { choose: () => true });
    expect(t.dnat).toBe('10.244.1.2:8080');
    expectVerdict(t, 'delivered');
    expect(seenIp(t)).toBe('10.244.1.1');
  });

  it('route_localnet=0: 127.0.0.1:NodePort is dropped on reroute, no conntrack entry; =1 works (fact 7)', () => {
    const off = buildOracle(mode, { routeLocalnet: 0 });
    const t = tcp(off, 'node-1', '127.0.0.1', 30080);
    expectVerdict(t, 'timeout');
    expect(off.netns('node-1').conntrack.list(0)).toHaveLength(0);
    const on = buildOracle(mode);
    expectVerdict(tcp(on, 'node-1', '127.0.0.1', 30080), 'delivered');
  });

  it('without the CNI masquerade a Pod cannot reach the outside host (fact 9)', () => {
    const w = buildOracle(mode, { ipMasq: false });
    w.netns('ext').bind({ proto: 'tcp', addr: 0, port: 9000, reusePort: false, reuseAddr: false, owner: 'ext/server' });
    expectVerdict(tcp(w, 'n1-b', '192.168.56.1', 9000), 'timeout');
  });

  it('a node without a default route gets ENETUNREACH for a ClusterIP; with one, the source is its eth0 address, then masqueraded (fact 6)', () => {
    const w = buildOracle(mode, { noDefaultRoute: ['node-2'] });
    const t = tcp(w, 'node-2', '10.96.0.101', 80);
    expectVerdict(t, 'unreachable');
    expect(t.reason).toBe('ENETUNREACH');
    const ok = probe(w, { from: 'node-1', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' }, { choose: () => true });
    expectVerdict(ok, 'delivered');
    // The source comes from the pre-DNAT route (default via eth0), then KUBE-MARK-MASQ + MASQUERADE rewrite it.
    expect(ok.legs[0]!.hops[0]!.packet.src).toBe('192.168.56.11');
    const masq = ok.legs[0]!.hops.flatMap((h) => h.steps).find((s) => s.kind === 'nat' && s.manip === 'masquerade');
    expect(masq && masq.kind === 'nat' && masq.before.startsWith('192.168.56.11:')).toBe(true);
    expect(seenIp(ok)).toBe('10.244.1.1');
    expect(ok.masquerade).toBe(true);
  });
});
