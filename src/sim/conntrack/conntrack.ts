/**
 * Connection tracking (net/netfilter/nf_conntrack_core.c) with NAT bindings (nf_nat_core.c).
 *
 * An entry is created unconfirmed by the first packet of a flow, carries the NAT decisions taken for it
 * (destination NAT at PREROUTING/OUTPUT, source NAT at POSTROUTING/INPUT: decided once, on that first
 * packet), and is confirmed only when the packet survives the last hook (__nf_conntrack_confirm): a packet
 * dropped on the way leaves no entry. Later packets of either direction find the entry by their tuple and are
 * rewritten with the inverse of the other direction's tuple (nf_nat_manip_pkt → nf_ct_invert_tuple).
 *
 * Not modelled: helpers and expectations (FTP, SIP), zones, the full TCP window tracking (only the
 * SYN / SYN-ACK / ACK handshake states), conntrack table limits and early drop, IPv6, fragments.
 */
import type { Ipv4 } from '../addr/ipv4';

export type L4Proto = 'tcp' | 'udp' | 'sctp' | 'icmp';

export interface CtTuple {
  readonly proto: L4Proto;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  /** TCP/UDP/SCTP source port; ICMP echo identifier. */
  readonly sport: number;
  /** TCP/UDP/SCTP destination port; 0 for ICMP. */
  readonly dport: number;
}

export type CtDir = 'orig' | 'reply';
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
export type TcpCtState = 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'CLOSE';

export interface CtEntry {
  readonly id: number;
  readonly orig: CtTuple;
  /** The tuple a reply is expected to carry; NAT rewrites it when a binding is set up. */
  reply: CtTuple;
  dnat: boolean;
  snat: boolean;
  /** Whether the source NAT came from MASQUERADE (address of the outgoing device) rather than SNAT. */
  masquerade: boolean;
  /** Whether the nat table has been consulted for each manipulation (NAT is decided once per connection). */
  natDone: { dst: boolean; src: boolean };
  confirmed: boolean;
  seenReply: boolean;
  assured: boolean;
  tcpState?: TcpCtState;
  mark: number;
  /** Absolute simulated time (ms) at which the entry expires. */
  expires: number;
}

/** Default timeouts in seconds (nf_conntrack_proto_tcp.c tcp_timeouts, _udp.c, _icmp.c). */
export const CT_TIMEOUT_S = {
  tcp: { SYN_SENT: 120, SYN_RECV: 60, ESTABLISHED: 432000, CLOSE: 10 },
  udp: 30,
  udpStream: 120,
  icmp: 30,
} as const;

export function tupleKey(t: CtTuple): string {
  return `${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;
}

export function invertTuple(t: CtTuple): CtTuple {
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export class ConntrackTable {
  private readonly byTuple = new Map<string, { entry: CtEntry; dir: CtDir }>();
  private readonly entries = new Map<number, CtEntry>();
  private nextId = 1;

  /** Finds a confirmed, unexpired entry by a packet's tuple. */
  lookup(t: CtTuple, now: number): { entry: CtEntry; dir: CtDir } | undefined {
    const hit = this.byTuple.get(tupleKey(t));
    if (!hit) return undefined;
    if (hit.entry.expires <= now) {
      this.remove(hit.entry);
      return undefined;
    }
    return hit;
  }

  /** A new unconfirmed entry for a packet that matched nothing (init_conntrack). */
  create(t: CtTuple, now: number, mark: number): CtEntry {
    return {
      id: this.nextId++,
      orig: t,
      reply: invertTuple(t),
      dnat: false,
      snat: false,
      masquerade: false,
      natDone: { dst: false, src: false },
      confirmed: false,
      seenReply: false,
      assured: false,
      tcpState: t.proto === 'tcp' ? 'SYN_SENT' : undefined,
      mark,
      expires: now + initialTimeout(t.proto) * 1000,
    };
  }

  /** Whether a reply tuple is already taken by another connection (NAT must then pick another port). */
  replyTaken(t: CtTuple): boolean {
    return this.byTuple.has(tupleKey(t));
  }

  /** __nf_conntrack_confirm: insert both directions. Returns false if a clash means the packet is dropped. */
  confirm(e: CtEntry): boolean {
    if (e.confirmed) return true;
    const ko = tupleKey(e.orig);
    const kr = tupleKey(e.reply);
    if (this.byTuple.has(ko) || this.byTuple.has(kr)) return false;
    e.confirmed = true;
    this.byTuple.set(ko, { entry: e, dir: 'orig' });
    this.byTuple.set(kr, { entry: e, dir: 'reply' });
    this.entries.set(e.id, e);
    return true;
  }

  remove(e: CtEntry): void {
    this.byTuple.delete(tupleKey(e.orig));
    this.byTuple.delete(tupleKey(e.reply));
    this.entries.delete(e.id);
  }

  /** A deep copy of the live entries, for restore() (explore mode runs branches without side effects). */
  snapshot(): CtEntry[] {
    return [...this.entries.values()].map(cloneEntry);
  }

  restore(saved: readonly CtEntry[]): void {
    this.flush();
    for (const e of saved) {
      const copy = cloneEntry(e);
      this.byTuple.set(tupleKey(copy.orig), { entry: copy, dir: 'orig' });
      this.byTuple.set(tupleKey(copy.reply), { entry: copy, dir: 'reply' });
      this.entries.set(copy.id, copy);
    }
  }

  flush(): void {
    this.byTuple.clear();
    this.entries.clear();
  }

  /** Live entries, oldest first. */
  list(now: number): CtEntry[] {
    const out: CtEntry[] = [];
    for (const e of this.entries.values()) {
      if (e.expires <= now) this.remove(e);
      else out.push(e);
    }
    return out;
  }
}

function cloneEntry(e: CtEntry): CtEntry {
  return { ...e, orig: { ...e.orig }, reply: { ...e.reply }, natDone: { ...e.natDone } };
}

function initialTimeout(p: L4Proto): number {
  switch (p) {
    case 'tcp':
      return CT_TIMEOUT_S.tcp.SYN_SENT;
    case 'udp':
    case 'sctp':
      return CT_TIMEOUT_S.udp;
    case 'icmp':
      return CT_TIMEOUT_S.icmp;
  }
}

/** ctstate of a packet that found `hit` (nf_conntrack_in / nf_ct_get): reply direction or replied-to = ESTABLISHED. */
export function ctStateOf(hit: { entry: CtEntry; dir: CtDir } | undefined): CtState {
  if (!hit) return 'NEW';
  if (hit.dir === 'reply' || hit.entry.seenReply) return 'ESTABLISHED';
  return 'NEW';
}

/**
 * The address/port a packet in direction `dir` must carry after NAT (nf_nat_manip_pkt): the inverse of the
 * other direction's tuple. `manip` 'dst' is applied at PREROUTING/OUTPUT, 'src' at POSTROUTING/INPUT.
 */
export function natTarget(e: CtEntry, dir: CtDir, manip: 'src' | 'dst'): { ip: Ipv4; port: number } | undefined {
  const needed =
    manip === 'dst' ? (dir === 'orig' ? e.dnat : e.snat) : dir === 'orig' ? e.snat : e.dnat;
  if (!needed) return undefined;
  const target = invertTuple(dir === 'orig' ? e.reply : e.orig);
  return manip === 'dst' ? { ip: target.dst, port: target.dport } : { ip: target.src, port: target.sport };
}
