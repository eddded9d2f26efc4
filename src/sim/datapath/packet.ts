/**
 * The packet the datapath carries: IPv4 + L4 header fields the simulator acts on, the Ethernet addresses of
 * the current link, skb->mark, and the conntrack entry attached in the current namespace (skb->_nfct).
 *
 * Not modelled: payload bytes, IP options, fragmentation (a too-big DF packet is dropped instead), checksums,
 * TCP sequence numbers and windows.
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import type { CtDir, CtEntry, L4Proto } from '../conntrack/conntrack';
import type { PacketView } from '../trace/types';

export interface Packet {
  src: Ipv4;
  dst: Ipv4;
  proto: L4Proto;
  sport: number;
  dport: number;
  ttl: number;
  /** Total IPv4 length in bytes. */
  len: number;
  /** Don't Fragment (Linux sets DF on TCP by default: PMTU discovery). */
  df: boolean;
  /** TCP flags as tcpdump prints them: 'S', 'S.', '.', 'R'. */
  tcpFlags?: string;
  /** ICMP type/code (8/0 echo request, 0/0 echo reply). */
  icmpType?: number;
  icmpCode?: number;
  mark: number;
  srcMac?: Mac;
  dstMac?: Mac;
  /** VXLAN: the encapsulated frame this UDP packet carries, with its VNI. */
  encap?: { vni: number; inner: Packet };
  /** Conntrack entry attached in the namespace the packet is in (reset when it crosses namespaces). */
  ct?: { ns: string; entry: CtEntry; dir: CtDir; fresh: boolean };
}

export function clonePacket(p: Packet): Packet {
  return { ...p };
}

export function viewOf(p: Packet): PacketView {
  const l4 = p.proto === 'icmp' ? {} : { sport: p.sport, dport: p.dport };
  return {
    src: formatIpv4(p.src),
    dst: formatIpv4(p.dst),
    proto: p.proto,
    ...l4,
    ttl: p.ttl,
    len: p.len,
    ...(p.tcpFlags ? { flags: p.tcpFlags } : {}),
    ...(p.proto === 'icmp' ? { icmp: p.icmpType === 0 ? 'echo-reply' : p.icmpType === 8 ? 'echo-request' : `type ${p.icmpType}` } : {}),
    ...(p.mark ? { mark: `0x${p.mark.toString(16)}` } : {}),
  };
}

export function endpoint(ip: Ipv4, port: number, proto: L4Proto): string {
  return proto === 'icmp' ? formatIpv4(ip) : `${formatIpv4(ip)}:${port}`;
}
