/**
 * The IPv4 layer, one function per kernel stage:
 *   ipLocalOut  ip_route_output → NF_INET_LOCAL_OUT (OUTPUT) → reroute if NAT changed the destination
 *   ipRcv       ip_rcv → NF_INET_PRE_ROUTING → ipRouteInput → ipLocalDeliver | ipForward
 *   ipForward   TTL → NF_INET_FORWARD → ipFinishOutput
 *   ipFinishOutput  NF_INET_POST_ROUTING → MTU → neighbour → device
 *
 * Not modelled: IP options, fragmentation and reassembly (DF packets over the MTU are dropped with
 * "fragmentation needed"; other oversize packets are sent as if fragmented), ICMP redirects and their rate
 * limits, multicast and broadcast delivery, IPv6. An ICMP error is sent when the router has a route back to
 * the sender; beyond that it is assumed to reach the sender (its own path, e.g. through NAT, is not traced).
 */
import { formatIpv4, isLoopback } from '../addr/ipv4';
import type { Device } from '../link/devices';
import type { Netns } from '../netns/netns';
import type { Route } from '../route/fib';
import { lookupSocket, socketLabel } from '../socket/sockets';
import type { PacketOutcome } from '../trace/types';
import { INPUT_BEFORE_IPVS, INPUT_AFTER_IPVS, nfHook, type HookVerdict } from './hooks';
import { ipvsForward } from './ipvs';
import { devXmit, neighOutput, vxlanReceive } from './link';
import type { Packet } from './packet';
import { fibLookup, routeView, selectSource } from './route';
import type { Walker } from './walker';

function localnetBlocked(ns: Netns, src: number, dev: Device): boolean {
  // __mkroute_output / ip_route_input_slow: 127.0.0.0/8 off loopback only with route_localnet=1.
  return isLoopback(src) && dev.kind !== 'loopback' && ns.sysctl['net.ipv4.conf.all.route_localnet'] === 0;
}

function verdictOutcome(w: Walker, ns: Netns, v: HookVerdict): PacketOutcome | undefined {
  if (v.kind === 'drop') return w.drop(ns, v.reason, v.detail);
  if (v.kind === 'reject') return { kind: 'rejected', with: v.with, hop: w.hopIndex, ns: ns.name };
  return undefined;
}

function unreachable(w: Walker, ns: Netns, code: 'net' | 'host' | 'admin', reason: 'IP_OUTNOROUTES' | 'IP_INNOROUTES' | 'BLACKHOLE' | 'NEIGH_FAILED' | 'TTL_EXCEEDED' | 'IP_LOCALNET', local: boolean): PacketOutcome {
  w.step({ kind: 'drop', reason });
  return { kind: 'unreachable', code, reason, hop: w.hopIndex, ns: ns.name, local };
}

/**
 * A forwarding error (ip_error, or ip_forward's time exceeded): the router answers with an ICMP error only if it
 * can route one back to the sender (icmp_send → icmp_route_lookup fails otherwise, and nothing is sent); then
 * the sender hears nothing, as with a silent drop.
 */
function forwardError(w: Walker, ns: Netns, p: Packet, code: 'net' | 'host' | 'admin', reason: 'IP_INNOROUTES' | 'TTL_EXCEEDED'): PacketOutcome {
  const back = fibLookup(ns, p.src);
  if (!back || (back.type !== 'unicast' && back.type !== 'local')) {
    return w.drop(ns, reason, `no ICMP error: no route back to ${formatIpv4(p.src)}`);
  }
  return unreachable(w, ns, code, reason, false);
}

/** A packet sent by a socket in `ns` (ip_queue_xmit / ip_send_skb). `p.src` 0 means "let routing choose". */
export function ipLocalOut(w: Walker, ns: Netns, p: Packet, opts: { continueHop?: boolean } = {}): PacketOutcome {
  if (!opts.continueHop && !w.hop(ns, p)) return w.loop(ns);
  const route = fibLookup(ns, p.dst);
  w.step({ kind: 'route', purpose: 'output', dst: formatIpv4(p.dst), result: route ? routeView(route) : null, decision: route ? (route.type === 'local' ? 'local' : 'output') : 'error' });
  if (!route) return unreachable(w, ns, 'net', 'IP_OUTNOROUTES', true);
  if (route.type === 'blackhole') return unreachable(w, ns, 'net', 'BLACKHOLE', true);
  if (route.type === 'unreachable') return unreachable(w, ns, 'host', 'IP_OUTNOROUTES', true);
  if (route.type === 'prohibit') return unreachable(w, ns, 'admin', 'IP_OUTNOROUTES', true);
  if (p.src === 0) {
    const src = selectSource(ns, route, p.dst);
    if (src === undefined) return unreachable(w, ns, 'net', 'IP_OUTNOROUTES', true);
    p.src = src;
    if (!opts.continueHop) w.refreshView(p);
  }
  if (!opts.continueHop) w.origin = { ...p };
  const dev = ns.device(route.type === 'local' ? 'lo' : route.dev!);
  if (localnetBlocked(ns, p.src, dev)) return unreachable(w, ns, 'net', 'IP_LOCALNET', true);
  const before = { dst: p.dst, mark: p.mark };
  const out = nfHook(w, ns, 'OUTPUT', p, { out: dev.name });
  const stop = verdictOutcome(w, ns, out);
  if (stop) return stop;
  let r = route;
  if (p.dst !== before.dst || p.mark !== before.mark) {
    // ip_route_me_harder: NAT or a mark changed the packet, route it again with its current source.
    const again = fibLookup(ns, p.dst);
    w.step({ kind: 'route', purpose: 'reroute', dst: formatIpv4(p.dst), result: again ? routeView(again) : null, decision: again ? (again.type === 'local' ? 'local' : 'output') : 'error' });
    if (!again || again.type !== 'unicast' && again.type !== 'local') return w.drop(ns, 'IP_OUTNOROUTES', 'after DNAT');
    const againDev = ns.device(again.type === 'local' ? 'lo' : again.dev!);
    if (localnetBlocked(ns, p.src, againDev)) return w.drop(ns, 'IP_LOCALNET', `source ${formatIpv4(p.src)} may not leave through ${againDev.name}`);
    r = again;
  }
  return ipFinishOutput(w, ns, p, r);
}

/** NF_INET_POST_ROUTING, MTU, neighbour resolution and transmission (ip_finish_output2). */
export function ipFinishOutput(w: Walker, ns: Netns, p: Packet, route: Route): PacketOutcome {
  const dev = ns.device(route.type === 'local' ? 'lo' : route.dev!);
  const nexthop = route.via ?? p.dst;
  const post = nfHook(w, ns, 'POSTROUTING', p, { out: dev.name, nexthop });
  const stop = verdictOutcome(w, ns, post);
  if (stop) return stop;
  if (p.len > dev.mtu && p.df) return w.drop(ns, 'PKT_TOO_BIG', `${p.len} bytes > mtu ${dev.mtu} of ${dev.name}`);
  if (dev.kind === 'loopback') return devXmit(w, ns, dev, p);
  const mac = neighOutput(w, ns, dev, nexthop, p);
  if (mac === undefined) return unreachable(w, ns, 'host', 'NEIGH_FAILED', w.hops[w.hopIndex]?.inDev === undefined);
  p.srcMac = dev.mac;
  p.dstMac = mac;
  return devXmit(w, ns, dev, p);
}

/** ip_rcv: a packet arrives on `dev`. `skipPrerouting` for frames br_netfilter already ran through PREROUTING. */
export function ipRcv(w: Walker, ns: Netns, dev: Device, p: Packet, opts: { skipPrerouting?: boolean } = {}): PacketOutcome {
  if (!w.hop(ns, p, 'netns', dev.name)) return w.loop(ns);
  if (dev.kind !== 'loopback') {
    // ip_route_input_slow: martian source/destination checks.
    if ((isLoopback(p.src) || isLoopback(p.dst)) && ns.sysctl['net.ipv4.conf.all.route_localnet'] === 0) return w.drop(ns, 'IP_LOCALNET');
    if (ns.isLocalAddress(p.src) && !isLoopback(p.src)) return w.drop(ns, 'IP_LOCAL_SOURCE', formatIpv4(p.src));
  }
  if (!opts.skipPrerouting) {
    const v = nfHook(w, ns, 'PREROUTING', p, { in: dev.name });
    const stop = verdictOutcome(w, ns, v);
    if (stop) return stop;
  }
  return ipRouteInput(w, ns, dev, p);
}

/** ip_route_input_noref: local delivery or forwarding, with the reverse-path filter. */
function ipRouteInput(w: Walker, ns: Netns, dev: Device, p: Packet): PacketOutcome {
  const route = fibLookup(ns, p.dst);
  const dst = formatIpv4(p.dst);
  if (route?.type === 'local' || (dev.kind === 'loopback' && ns.isLocalAddress(p.dst))) {
    w.step({ kind: 'route', purpose: 'input', dst, result: route ? routeView(route) : null, decision: 'local' });
    if (!rpFilterOk(ns, dev, p)) return w.drop(ns, 'IP_RPFILTER', `no route back to ${formatIpv4(p.src)} via ${dev.name}`);
    return ipLocalDeliver(w, ns, dev, p);
  }
  if (ns.sysctl['net.ipv4.ip_forward'] === 0) {
    // ip_error: with forwarding off the kernel counts InAddrErrors and sends no ICMP.
    w.step({ kind: 'route', purpose: 'input', dst, result: route ? routeView(route) : null, decision: 'error' });
    return w.drop(ns, 'IP_INADDRERRORS');
  }
  w.step({ kind: 'route', purpose: 'input', dst, result: route ? routeView(route) : null, decision: route ? 'forward' : 'error' });
  if (!route) return forwardError(w, ns, p, 'net', 'IP_INNOROUTES');
  if (route.type === 'blackhole') return w.drop(ns, 'BLACKHOLE');
  if (route.type === 'unreachable') return forwardError(w, ns, p, 'host', 'IP_INNOROUTES');
  if (route.type === 'prohibit') return forwardError(w, ns, p, 'admin', 'IP_INNOROUTES');
  if (!rpFilterOk(ns, dev, p)) return w.drop(ns, 'IP_RPFILTER', `no route back to ${formatIpv4(p.src)} via ${dev.name}`);
  return ipForward(w, ns, dev, p, route);
}

/** fib_validate_source with rp_filter: strict (1) needs the route back to the source on the arrival device. */
function rpFilterOk(ns: Netns, dev: Device, p: Packet): boolean {
  const mode = ns.sysctl['net.ipv4.conf.all.rp_filter'];
  if (mode === 0 || dev.kind === 'loopback') return true;
  const back = fibLookup(ns, p.src, { skipLocal: true });
  if (!back || back.type !== 'unicast') return false;
  return mode === 2 || back.dev === dev.name;
}

function ipForward(w: Walker, ns: Netns, inDev: Device, p: Packet, route: Route): PacketOutcome {
  // ip_forward: a packet whose TTL would reach zero is answered with ICMP time exceeded (RFC 1812 §5.3.1).
  if (p.ttl <= 1) return forwardError(w, ns, p, 'host', 'TTL_EXCEEDED');
  w.step({ kind: 'ttl', before: p.ttl, after: p.ttl - 1 });
  p.ttl -= 1;
  const v = nfHook(w, ns, 'FORWARD', p, { in: inDev.name, out: route.dev });
  const stop = verdictOutcome(w, ns, v);
  if (stop) return stop;
  return ipFinishOutput(w, ns, p, route);
}

/** ip_local_deliver: NF_INET_LOCAL_IN (with IPVS inside it), then the socket (or the kernel, for echo and VXLAN). */
function ipLocalDeliver(w: Walker, ns: Netns, dev: Device, p: Packet): PacketOutcome {
  const before = nfHook(w, ns, 'INPUT', p, { in: dev.name }, INPUT_BEFORE_IPVS);
  const stopped = verdictOutcome(w, ns, before);
  if (stopped) return stopped;
  const vs = ns.ipvs.size ? ns.ipvs.lookup(p.proto, p.dst, p.dport) : undefined;
  if (vs && (!p.ct || (p.ct.dir === 'orig' && !p.ct.entry.confirmed))) return ipvsForward(w, ns, p, vs);
  const v = nfHook(w, ns, 'INPUT', p, { in: dev.name }, INPUT_AFTER_IPVS);
  const stop = verdictOutcome(w, ns, v);
  if (stop) return stop;
  if (p.proto === 'icmp') {
    if (p.icmpType === 8) {
      if (ns.sysctl['net.ipv4.icmp_echo_ignore_all'] === 1) return w.drop(ns, 'ECHO_IGNORED');
      w.step({ kind: 'socket', result: 'kernel', socket: 'icmp echo' });
      return { kind: 'echo', ns: ns.name, hop: w.hopIndex };
    }
    const waiting = w.expect.find((e) => e.ns === ns.name && e.proto === 'icmp' && e.local === p.dst && e.remote === p.src);
    if (waiting) {
      w.step({ kind: 'socket', result: 'connected', socket: `icmp ${formatIpv4(p.dst)}` });
      return { kind: 'delivered', ns: ns.name, socket: 'ping', hop: w.hopIndex };
    }
    return w.drop(ns, 'NO_SOCKET', 'no ping socket waits for this reply');
  }
  if (p.encap) {
    const decap = vxlanReceive(w, ns, p);
    if (decap) return decap;
  }
  const waiting = w.expect.find((e) => e.ns === ns.name && e.proto === p.proto && e.local === p.dst && e.localPort === p.dport && e.remote === p.src && e.remotePort === p.sport);
  if (waiting) {
    w.step({ kind: 'socket', result: 'connected', socket: `${p.proto} ${formatIpv4(p.dst)}:${p.dport} ↔ ${formatIpv4(p.src)}:${p.sport}` });
    return { kind: 'delivered', ns: ns.name, socket: 'client', hop: w.hopIndex };
  }
  const sock = p.proto === 'tcp' && p.tcpFlags !== 'S' ? undefined : lookupSocket(ns.sockets, p.proto, p.dst, p.dport);
  if (!sock) {
    w.step({ kind: 'socket', result: 'none' });
    return { kind: 'no-socket', ns: ns.name, hop: w.hopIndex };
  }
  w.step({ kind: 'socket', result: 'listener', socket: socketLabel(sock), owner: sock.owner });
  return { kind: 'delivered', ns: ns.name, socket: socketLabel(sock), owner: sock.owner, hop: w.hopIndex };
}
