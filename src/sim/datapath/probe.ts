/**
 * Probes: what a program does when it connects or pings, as the sequence of packets the kernel exchanges.
 *
 *   TCP   SYN → (SYN-ACK ← must match the connecting socket) → ACK. A SYN-ACK from an unexpected address is
 *         answered with a reset by the client and the connection times out (ORACLE-FACTS 2).
 *   UDP   one datagram; no socket → ICMP port unreachable → ECONNREFUSED on a connected socket.
 *   ICMP  echo request → echo reply; the reply's TTL as the sender receives it.
 *
 * Errors map to what the calling program sees (errno): RST or ICMP port unreachable → ECONNREFUSED; a silent drop
 * → ETIMEDOUT; no route at the sender → ENETUNREACH; ICMP net/host unreachable or failed ARP → EHOSTUNREACH /
 * ENETUNREACH. In SYN_SENT, Linux treats ICMP unreachable errors as hard errors (tcp_v4_err).
 *
 * Not modelled: retransmission timing, TCP data transfer and teardown, UDP replies (a datagram that reaches a
 * socket counts as delivered), ICMP rate limiting (ORACLE-FACTS 5 shows it can delay a refusal by ~1 s).
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4';
import { SimError } from '../core/errors';
import type { L4Proto } from '../conntrack/conntrack';
import type { Netns } from '../netns/netns';
import { DROP_REASONS, type PacketOutcome, type PacketTrace, type Trace, type Verdict } from '../trace/types';
import type { World } from '../world/world';
import { ipLocalOut } from './ip';
import { endpoint, type Packet } from './packet';
import { Walker, type Chooser } from './walker';

export interface ProbeSpec {
  /** Namespace the program runs in. */
  from: string;
  /** Source address to bind (default: chosen by routing). */
  src?: Ipv4;
  /** Source port (default: an ephemeral port from the seeded RNG, 32768-60999 as ip_local_port_range). */
  sport?: number;
  dst: Ipv4;
  dport?: number;
  proto: L4Proto;
  /** Labels for the trace header. */
  fromLabel?: string;
  toLabel?: string;
  /** IPv4 total length of the request (default: 60 for a TCP SYN, 84 for a ping, 28 + 32 for UDP). */
  len?: number;
  ttl?: number;
}

export interface ProbeOptions {
  /** Decides probabilistic rules; default: the world's seeded RNG. */
  choose?: Chooser;
  /** Explore mode: schedulers with state of their own (IPVS round robin) also ask `choose`. */
  exploring?: boolean;
}

function seededChooser(world: World): Chooser {
  return (p) => world.rng.next() < p;
}

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'no answer (timed out)',
  ENETUNREACH: 'network is unreachable',
  EHOSTUNREACH: 'no route to host',
  EINVAL: 'invalid argument (the kernel refused to route it)',
  OK: 'delivered',
};

export function probe(world: World, spec: ProbeSpec, opts: ProbeOptions = {}): Trace {
  const ns = world.netns(spec.from);
  if (spec.proto !== 'icmp' && (spec.dport === undefined || spec.dport < 1 || spec.dport > 65535)) {
    throw new SimError('BAD_USAGE', `a ${spec.proto} probe needs a destination port 1-65535`);
  }
  const w = new Walker(world, opts.choose ?? seededChooser(world), opts.exploring ?? false);
  const sport = spec.proto === 'icmp' ? 1 + world.rng.int(65535) : spec.sport ?? 32768 + world.rng.int(28232);
  const req: Packet = {
    src: spec.src ?? 0,
    dst: spec.dst,
    proto: spec.proto,
    sport,
    dport: spec.proto === 'icmp' ? 0 : spec.dport!,
    ttl: spec.ttl ?? 64,
    len: spec.len ?? (spec.proto === 'tcp' ? 60 : spec.proto === 'icmp' ? 84 : 60),
    df: spec.proto === 'tcp' || spec.proto === 'icmp',
    mark: 0,
    ...(spec.proto === 'tcp' ? { tcpFlags: 'S' } : {}),
    ...(spec.proto === 'icmp' ? { icmpType: 8, icmpCode: 0 } : {}),
  };
  const legs: PacketTrace[] = [];
  // The datapath rewrites the packet in place (NAT), so keep what the program asked for.
  const asked = { dst: req.dst, dport: req.dport, proto: req.proto, len: req.len };
  const request = runLeg(w, ns, req, 'request');
  legs.push(request.trace);
  const base = {
    id: world.nextTraceId++,
    from: spec.fromLabel ?? spec.from,
    to: spec.toLabel ?? endpoint(asked.dst, asked.dport, asked.proto),
    proto: spec.proto,
    legs,
    choices: w.choices,
  };
  const deliveredPkt = request.last;
  // The last destination NAT decides where the connection lands (a load balancer's DNAT may come first).
  const dnatStep = request.trace.hops.flatMap((h) => h.steps).filter((s) => s.kind === 'nat' && s.manip === 'dnat').pop();
  const dnat = dnatStep && dnatStep.kind === 'nat' ? dnatStep.after : null;
  const masquerade = request.trace.hops.some((h) => h.steps.some((s) => s.kind === 'nat' && (s.manip === 'masquerade' || s.manip === 'snat')));
  const finish = (verdict: Verdict, reason: string, extra: Partial<Trace> = {}): Trace => ({
    ...base,
    verdict,
    reason,
    reasonText: ERRNO_TEXT[reason] ?? (reason in DROP_REASONS ? DROP_REASONS[reason as keyof typeof DROP_REASONS] : reason),
    dnat,
    masquerade,
    sourceSeen: null,
    deliveredTo: null,
    replyTtl: null,
    rulesEvaluated: legs.reduce((n, l) => n + l.rulesEvaluated, 0),
    ...extra,
  });
  const out = request.trace.outcome;
  const failed = failure(out);
  if (failed) return finish(failed.verdict, failed.reason, { hop: out.hop });

  if (out.kind === 'no-socket') return finish('refused', 'ECONNREFUSED', { hop: out.hop, sourceSeen: endpoint(deliveredPkt.src, deliveredPkt.sport, req.proto) });
  const seen = endpoint(deliveredPkt.src, deliveredPkt.sport, req.proto);
  const serverNs = world.netns(out.ns);
  const deliveredTo = {
    ns: out.ns,
    ip: formatIpv4(deliveredPkt.dst),
    ...(req.proto !== 'icmp' ? { port: deliveredPkt.dport } : {}),
    ...(out.kind === 'delivered' && out.socket ? { socket: out.socket } : {}),
    ...(out.kind === 'delivered' && out.owner ? { owner: out.owner } : {}),
  };
  if (req.proto === 'udp' || req.proto === 'sctp') {
    return finish('delivered', 'OK', { hop: out.hop, sourceSeen: seen, deliveredTo });
  }
  // The answer: SYN-ACK or echo reply, from the receiving socket back to what it saw as the source.
  const clientSrc = request.first.src;
  // The server's accepted socket, for the final ACK of the handshake.
  w.expect.push({ ns: out.ns, proto: asked.proto, local: deliveredPkt.dst, localPort: deliveredPkt.dport, remote: deliveredPkt.src, remotePort: deliveredPkt.sport });
  w.expect.push({ ns: ns.name, proto: asked.proto, local: clientSrc, localPort: sport, remote: asked.dst, remotePort: asked.dport });
  const answer: Packet = {
    src: deliveredPkt.dst,
    dst: deliveredPkt.src,
    proto: req.proto,
    sport: req.proto === 'icmp' ? sport : deliveredPkt.dport,
    dport: req.proto === 'icmp' ? 0 : deliveredPkt.sport,
    ttl: 64,
    len: req.len,
    df: true,
    mark: 0,
    ...(req.proto === 'tcp' ? { tcpFlags: 'S.' } : { icmpType: 0, icmpCode: 0 }),
  };
  const reply = runLeg(w, serverNs, answer, 'reply');
  legs.push(reply.trace);
  const rout = reply.trace.outcome;
  const arrivedOk = rout.kind === 'delivered' && rout.ns === ns.name && rout.socket !== undefined;
  if (!arrivedOk) {
    // Lost answer: the client never completes the handshake (or never sees its echo reply).
    return finish('timeout', rout.kind === 'no-socket' ? 'NO_PEER_SOCKET' : 'ETIMEDOUT', { hop: rout.hop, sourceSeen: seen, deliveredTo });
  }
  if (req.proto === 'tcp') {
    const ack: Packet = { ...request.first, tcpFlags: '.', ttl: 64, len: 52, mark: 0, ct: undefined, encap: undefined };
    const ackLeg = runLeg(w, ns, ack, 'ack');
    legs.push(ackLeg.trace);
  }
  return finish('delivered', 'OK', {
    hop: out.hop,
    sourceSeen: seen,
    deliveredTo,
    replyTtl: req.proto === 'icmp' ? reply.last.ttl : null,
  });
}

function failure(out: PacketOutcome): { verdict: Verdict; reason: string } | undefined {
  switch (out.kind) {
    case 'delivered':
    case 'echo':
    case 'no-socket':
      return undefined;
    case 'dropped':
      // A silent drop looks like no answer at all: the program's connect() or ping times out.
      return { verdict: 'timeout', reason: 'ETIMEDOUT' };
    case 'rejected':
      return out.with === 'icmp-net-unreachable'
        ? { verdict: 'unreachable', reason: 'ENETUNREACH' }
        : out.with === 'icmp-host-unreachable' || out.with === 'icmp-admin-prohibited' || out.with === 'icmp-host-prohibited' || out.with === 'icmp-net-prohibited'
          ? { verdict: 'unreachable', reason: 'EHOSTUNREACH' }
          : { verdict: 'refused', reason: 'ECONNREFUSED' };
    case 'unreachable':
      if (out.reason === 'IP_LOCALNET') return { verdict: 'unreachable', reason: 'EINVAL' };
      return { verdict: 'unreachable', reason: out.code === 'net' ? 'ENETUNREACH' : 'EHOSTUNREACH' };
    case 'left':
      return { verdict: 'timeout', reason: 'ETIMEDOUT' };
  }
}

interface LegResult {
  trace: PacketTrace;
  /** The packet as first sent (source filled in by routing). */
  first: Packet;
  /** The packet as it was when the leg ended. */
  last: Packet;
}

function runLeg(w: Walker, ns: Netns, p: Packet, leg: PacketTrace['leg']): LegResult {
  const startHop = w.hops.length;
  const startRules = w.rulesEvaluated;
  w.origin = undefined;
  const outcome = ipLocalOut(w, ns, p);
  const hops = w.hops.splice(startHop);
  return {
    trace: { leg, hops, outcome: { ...outcome, hop: outcome.hop - startHop }, rulesEvaluated: w.rulesEvaluated - startRules },
    first: w.origin ?? { ...p },
    last: w.lastPacket ?? p,
  };
}
