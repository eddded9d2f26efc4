/**
 * The datapath on small hand-built topologies: route types, TTL and loops, ARP failure, rp_filter, MTU,
 * ip_forward, loopback, conntrack confirmation, explore probabilities, and the World's input validation.
 */
import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpv4 } from '../../src/sim/addr/ipv4';
import { createWorld, type World } from '../../src/sim/world/world';
import { probe } from '../../src/sim/datapath/probe';
import { explore } from '../../src/sim/datapath/explore';
import { renderText } from '../../src/sim/trace/render-text';
import { explain } from '../../src/sim/trace/explain';
import { iptablesRestore, iptablesSave } from '../../src/sim/netfilter';
import { SimError } from '../../src/sim/core/errors';

/** a (10.0.1.2) — r (10.0.1.1 | 10.0.2.1) — b (10.0.2.2), veth links, r forwards. */
function line(opts: { forward?: 0 | 1 } = {}): World {
  const w = createWorld({ seed: 3 });
  for (const n of ['a', 'r', 'b']) {
    w.addNetns(n);
    w.linkSet(n, 'lo', { up: true });
  }
  w.addVeth({ ns: 'a', name: 'eth0' }, { ns: 'r', name: 'ra' });
  w.addVeth({ ns: 'b', name: 'eth0' }, { ns: 'r', name: 'rb' });
  for (const [ns, dev, cidr] of [['a', 'eth0', '10.0.1.2/24'], ['r', 'ra', '10.0.1.1/24'], ['r', 'rb', '10.0.2.1/24'], ['b', 'eth0', '10.0.2.2/24']] as const) {
    w.linkSet(ns, dev, { up: true });
    w.addAddress(ns, dev, cidr);
  }
  w.netns('a').addRoute({ dst: parseCidr('0.0.0.0/0'), via: parseIpv4('10.0.1.1') });
  w.netns('b').addRoute({ dst: parseCidr('0.0.0.0/0'), via: parseIpv4('10.0.2.1') });
  w.netns('r').setSysctl('net.ipv4.ip_forward', opts.forward ?? 1);
  w.netns('b').bind({ proto: 'tcp', addr: 0, port: 80, reusePort: false, reuseAddr: false, owner: 'web' });
  return w;
}

const tcp = (w: World, from: string, dst: string, port = 80) => probe(w, { from, dst: parseIpv4(dst), dport: port, proto: 'tcp' });

describe('routing', () => {
  it('forwards through a router, decrementing TTL once per routed hop', () => {
    const w = line();
    const t = tcp(w, 'a', '10.0.2.2');
    expect(t.verdict, renderText(t)).toBe('delivered');
    expect(t.sourceSeen).toMatch(/^10\.0\.1\.2:/);
    expect(probe(w, { from: 'a', dst: parseIpv4('10.0.2.2'), proto: 'icmp' }).replyTtl).toBe(63);
  });

  it('drops silently when the router does not forward (ip_forward=0 sends no ICMP)', () => {
    const t = tcp(line({ forward: 0 }), 'a', '10.0.2.2');
    expect(t.verdict).toBe('timeout');
    expect(renderText(t)).toContain('IP_INADDRERRORS');
  });

  it('reports ENETUNREACH at the sender without a route, and EHOSTUNREACH from a router without one', () => {
    const w = line();
    w.netns('a').delRoute(parseCidr('0.0.0.0/0'));
    const t = tcp(w, 'a', '10.0.2.2');
    expect([t.verdict, t.reason]).toEqual(['unreachable', 'ENETUNREACH']);
    const w2 = line();
    const r = tcp(w2, 'a', '10.9.9.9');
    expect(r.verdict).toBe('unreachable');
    expect(r.legs[0]!.outcome).toMatchObject({ kind: 'unreachable', code: 'net', ns: 'r' });
  });

  it('sends no ICMP error when the router has no route back to the sender', () => {
    // b sends from 172.30.0.5 (an address on its loopback) to 10.9.9.9: r has a route to neither, so
    // icmp_send finds no route for its error and b hears nothing (a timeout, not EHOSTUNREACH).
    const w = line();
    w.addAddress('b', 'lo', '172.30.0.5/32');
    const t = probe(w, { from: 'b', src: parseIpv4('172.30.0.5'), dst: parseIpv4('10.9.9.9'), dport: 80, proto: 'tcp' });
    expect(t.verdict).toBe('timeout');
    expect(t.legs[0]!.outcome).toMatchObject({ kind: 'dropped', reason: 'IP_INNOROUTES', ns: 'r' });
    expect(renderText(t)).toContain('no route back to 172.30.0.5');
    // With a route back (b's own address is connected to r) the error arrives.
    expect(tcp(w, 'b', '10.9.9.9').verdict).toBe('unreachable');
  });

  it('honours blackhole, unreachable and prohibit routes', () => {
    for (const [type, verdict] of [['blackhole', 'timeout'], ['unreachable', 'unreachable'], ['prohibit', 'unreachable']] as const) {
      const w = line();
      w.netns('r').addRoute({ dst: parseCidr('10.0.2.2/32'), type });
      expect(tcp(w, 'a', '10.0.2.2').verdict).toBe(verdict);
    }
  });

  it('answers TTL exceeded when the TTL runs out, and a routing loop ends there', () => {
    const w = line();
    expect(probe(w, { from: 'a', dst: parseIpv4('10.0.2.2'), proto: 'icmp', ttl: 1 }).legs[0]!.outcome).toMatchObject({ kind: 'unreachable', reason: 'TTL_EXCEEDED', ns: 'r' });
    // r sends 10.7.0.0/16 to b, b sends it back to r: the packet bounces until its TTL is spent.
    w.netns('r').addRoute({ dst: parseCidr('10.7.0.0/16'), via: parseIpv4('10.0.2.2') });
    w.netns('b').addRoute({ dst: parseCidr('10.7.0.0/16'), via: parseIpv4('10.0.2.1') });
    w.netns('b').setSysctl('net.ipv4.ip_forward', 1);
    const loop = tcp(w, 'a', '10.7.0.1');
    expect(loop.legs[0]!.outcome).toMatchObject({ reason: 'TTL_EXCEEDED' });
    expect(loop.legs[0]!.hops.length).toBe(65); // a, then 64 routed hops until the TTL reaches 1
    // Sent back towards its own source, a packet is dropped by the sender as a martian (source is local).
    const w2 = line();
    w2.netns('r').addRoute({ dst: parseCidr('10.7.0.0/16'), via: parseIpv4('10.0.1.2') });
    w2.netns('a').setSysctl('net.ipv4.ip_forward', 1);
    expect(tcp(w2, 'a', '10.7.0.1').legs[0]!.outcome).toMatchObject({ kind: 'dropped', reason: 'IP_LOCAL_SOURCE', ns: 'a' });
  });

  it('fails ARP when nobody owns the next hop', () => {
    const w = line();
    w.netns('a').addRoute({ dst: parseCidr('10.0.5.0/24'), via: parseIpv4('10.0.1.99') });
    const t = tcp(w, 'a', '10.0.5.1');
    expect([t.verdict, t.reason]).toEqual(['unreachable', 'EHOSTUNREACH']);
    expect(renderText(t)).toContain('neigh     10.0.1.99 dev eth0 failed');
  });

  it('drops by strict rp_filter when the reply route uses another interface', () => {
    const w = line();
    const r = w.netns('r');
    r.setSysctl('net.ipv4.conf.all.rp_filter', 1);
    // Pretend 10.0.1.0/24 lives behind rb: a's packets now arrive on the "wrong" interface.
    r.addRoute({ dst: parseCidr('10.0.1.2/32'), dev: 'rb' });
    expect(renderText(tcp(w, 'a', '10.0.2.2'))).toContain('IP_RPFILTER');
    r.setSysctl('net.ipv4.conf.all.rp_filter', 2);
    expect(renderText(tcp(w, 'a', '10.0.2.2'))).not.toContain('IP_RPFILTER');
  });

  it('drops a DF packet larger than the next MTU', () => {
    const w = line();
    w.linkSet('r', 'rb', { mtu: 1400 });
    const t = probe(w, { from: 'a', dst: parseIpv4('10.0.2.2'), dport: 80, proto: 'tcp', len: 1450 });
    expect(renderText(t)).toContain('PKT_TOO_BIG');
  });

  it('keeps loopback inside its namespace and needs lo up', () => {
    const w = line();
    w.netns('a').bind({ proto: 'tcp', addr: parseIpv4('127.0.0.1'), port: 9000, reusePort: false, reuseAddr: false, owner: 'local' });
    expect(tcp(w, 'a', '127.0.0.1', 9000).verdict).toBe('delivered');
    w.linkSet('a', 'lo', { up: false });
    expect(tcp(w, 'a', '127.0.0.1', 9000).verdict).not.toBe('delivered');
  });
});

describe('netfilter on the path', () => {
  it('a DROP leaves no conntrack entry; an accepted packet is confirmed', () => {
    const w = line();
    iptablesRestore(w.netns('r').nf, '*filter\n-A FORWARD -p tcp -m tcp --dport 81 -j DROP\nCOMMIT\n');
    expect(tcp(w, 'a', '10.0.2.2', 81).verdict).toBe('timeout');
    expect(w.netns('r').conntrack.list(0)).toHaveLength(0);
    expect(tcp(w, 'a', '10.0.2.2', 80).verdict).toBe('delivered');
    expect(w.netns('r').conntrack.list(0)[0]).toMatchObject({ tcpState: 'ESTABLISHED', assured: true });
  });

  it('REJECT refuses; tcp-reset and icmp-port-unreachable both read as ECONNREFUSED', () => {
    for (const how of ['tcp-reset', 'icmp-port-unreachable']) {
      const w = line();
      iptablesRestore(w.netns('r').nf, `*filter\n-A FORWARD -p tcp -j REJECT --reject-with ${how}\nCOMMIT\n`);
      const t = tcp(w, 'a', '10.0.2.2');
      expect([t.verdict, t.reason]).toEqual(['refused', 'ECONNREFUSED']);
    }
  });

  it('explore lists every statistic branch with its probability', () => {
    const w = line();
    for (const port of [8081, 8082, 8083]) w.netns('b').bind({ proto: 'tcp', addr: 0, port, reusePort: false, reuseAddr: false, owner: `p${port}` });
    iptablesRestore(w.netns('r').nf, [
      '*nat', ':LB - [0:0]', '-A PREROUTING -d 10.0.2.100/32 -p tcp -j LB',
      '-A LB -p tcp -m statistic --mode random --probability 0.33333333349 -j DNAT --to-destination 10.0.2.2:8081',
      '-A LB -p tcp -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.0.2.2:8082',
      '-A LB -p tcp -j DNAT --to-destination 10.0.2.2:8083', 'COMMIT', ''].join('\n'));
    w.netns('r').addRoute({ dst: parseCidr('10.0.2.100/32'), dev: 'rb' });
    const ex = explore(w, { from: 'a', dst: parseIpv4('10.0.2.100'), dport: 80, proto: 'tcp' });
    expect(ex.branches.map((b) => b.trace.dnat).sort()).toEqual(['10.0.2.2:8081', '10.0.2.2:8082', '10.0.2.2:8083']);
    for (const b of ex.branches) expect(b.probability).toBeCloseTo(1 / 3, 6);
    expect(ex.branches.reduce((s, b) => s + b.probability, 0)).toBeCloseTo(1, 9);
    // Exploring changes nothing: no conntrack entries remain.
    expect(w.netns('r').conntrack.list(0)).toHaveLength(0);
  });

  it('a seed makes the random draw reproducible', () => {
    const pick = (seed: number) => {
      const w = line();
      iptablesRestore(w.netns('r').nf, '*nat\n-A PREROUTING -d 10.0.2.100/32 -p tcp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.0.2.2:80\n-A PREROUTING -d 10.0.2.100/32 -p tcp -j DNAT --to-destination 10.0.2.2:81\nCOMMIT\n');
      w.netns('r').addRoute({ dst: parseCidr('10.0.2.100/32'), dev: 'rb' });
      const w2 = createWorld({ seed });
      return [w, w2] as const;
    };
    const [a] = pick(1);
    const [b] = pick(1);
    const ta = probe(a, { from: 'a', dst: parseIpv4('10.0.2.100'), dport: 80, proto: 'tcp' });
    const tb = probe(b, { from: 'a', dst: parseIpv4('10.0.2.100'), dport: 80, proto: 'tcp' });
    expect(ta.dnat).toBe(tb.dnat);
    expect(renderText(ta)).toBe(renderText(tb));
  });
});

describe('trace output', () => {
  it('is plain JSON and explains itself in both languages', () => {
    const t = tcp(line(), 'a', '10.0.2.2');
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
    expect(explain(t)).toMatch(/Result: delivered/);
    expect(explain(t, 'zh-tw')).toMatch(/結果：delivered/);
  });
});

describe('bad input changes nothing and names the fix', () => {
  it('rejects long interface names, duplicate names, same-namespace veths, unknown namespaces', () => {
    const w = line();
    expect(() => w.addBridge('r', 'a-very-long-bridge0')).toThrow(/1-15/);
    expect(() => w.addBridge('r', 'ra')).toThrow(/already exists/);
    expect(() => w.addVeth({ ns: 'a', name: 'x1' }, { ns: 'a', name: 'x2' })).toThrow(/another namespace/);
    expect(() => w.addVeth({ ns: 'a', name: 'x1' }, { ns: 'nope', name: 'x2' })).toThrow(/no network namespace "nope"/);
    expect(w.netns('a').devices.has('x1')).toBe(false);
  });

  it('rejects a duplicate address, a misaligned route and an unreachable gateway', () => {
    const w = line();
    expect(() => w.addAddress('r', 'rb', '10.0.1.1/24')).toThrow(/already assigned to ra/);
    expect(() => w.netns('r').addRoute({ dst: parseCidr('10.9.1.0/16'), dev: 'ra' })).toThrow(/write 10\.9\.0\.0\/16/);
    expect(() => w.netns('a').addRoute({ dst: parseCidr('10.8.0.0/16'), via: parseIpv4('10.5.5.5') })).toThrow(/Nexthop has invalid gateway/);
    expect(w.netns('a').routes().some((r) => r.dst.addr === parseIpv4('10.8.0.0'))).toBe(false);
  });

  it('rejects iptables text with a jump to a missing chain and leaves the table unchanged', () => {
    const w = line();
    const before = iptablesSave(w.netns('r').nf);
    expect(() => iptablesRestore(w.netns('r').nf, '*filter\n-A FORWARD -j NOPE\nCOMMIT\n')).toThrow(SimError);
    expect(iptablesSave(w.netns('r').nf)).toBe(before);
  });
});
