/**
 * Sockets bound in a network namespace and the bind-conflict rules Linux applies
 * (inet_csk_bind_conflict in net/ipv4/inet_connection_sock.c for TCP, udp_lib_lport_inuse for UDP).
 *
 * Two sockets on the same protocol and port conflict when their addresses overlap (equal, or either is the
 * wildcard 0.0.0.0), unless both set SO_REUSEPORT (same owner). For UDP, SO_REUSEADDR on both also shares the
 * port. For TCP listeners SO_REUSEADDR does not help (it only relaxes TIME_WAIT). Ports belong to the
 * namespace: the same 127.0.0.1:9000 in two Pods never conflicts.
 *
 * Not modelled: per-user ownership of SO_REUSEPORT groups, IPv6 and dual-stack sockets, bind to a device
 * (SO_BINDTODEVICE), ip_local_port_range exhaustion, TIME_WAIT.
 */
import { fail } from '../core/errors';
import { formatIpv4, type Ipv4 } from '../addr/ipv4';
import type { L4Proto } from '../conntrack/conntrack';

export type SocketProto = Exclude<L4Proto, 'icmp'>;

export interface Socket {
  readonly proto: SocketProto;
  /** Bound address; 0 is the wildcard 0.0.0.0. */
  readonly addr: Ipv4;
  readonly port: number;
  readonly reusePort: boolean;
  readonly reuseAddr: boolean;
  /** Who owns it, for display: a container name, a process, "kube-proxy". */
  readonly owner: string;
}

export function socketLabel(s: Pick<Socket, 'proto' | 'addr' | 'port'>): string {
  return `${s.proto} ${formatIpv4(s.addr)}:${s.port}`;
}

/** Throws EADDRINUSE (with the socket that holds the port) if `s` cannot be bound next to `existing`. */
export function checkBind(existing: readonly Socket[], s: Socket, where: string): void {
  for (const o of existing) {
    if (o.proto !== s.proto || o.port !== s.port) continue;
    const overlap = o.addr === 0 || s.addr === 0 || o.addr === s.addr;
    if (!overlap) continue;
    if (o.reusePort && s.reusePort) continue;
    if (s.proto === 'udp' && o.reuseAddr && s.reuseAddr) continue;
    fail(
      'EADDRINUSE',
      `${where}: cannot bind ${socketLabel(s)} for ${s.owner}: address already in use (EADDRINUSE), ${o.owner} holds ${socketLabel(o)}. ` +
        `Containers of one Pod share one network namespace, so give each its own port` +
        (s.addr !== 0 && o.addr !== 0 ? '' : ' (a 0.0.0.0 socket covers every address)') +
        ', or set SO_REUSEPORT on both.',
    );
  }
}

/** The socket that receives a packet for dst:port (exact address beats wildcard, as __inet_lookup_listener scores). */
export function lookupSocket(sockets: readonly Socket[], proto: SocketProto, dst: Ipv4, port: number): Socket | undefined {
  let wildcard: Socket | undefined;
  for (const s of sockets) {
    if (s.proto !== proto || s.port !== port) continue;
    if (s.addr === dst) return s;
    if (s.addr === 0 && !wildcard) wildcard = s;
  }
  return wildcard;
}
