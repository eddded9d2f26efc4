/**
 * `ipvsadm -Ln` for an IPVS state, column for column as ipvsadm prints it (ipvsadm.c `list_all`,
 * `print_title`, `print_service_entry`; libipvs/libipvs.c `ipvs_cmp_services`, `ipvs_cmp_dests`):
 *
 *   printf("IP Virtual Server version %d.%d.%d (size=%d)\n", …)             version 1.2.1, size 4096
 *   "Prot LocalAddress:Port Scheduler Flags\n"
 *   "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
 *   per service: snprintf("%-4s %s", proto, "addr:port"), then " %s" scheduler, " (flags)" for scheduler
 *     flags, " persistent %u" for persistence; per destination:
 *     printf("  -> %-28s %-7s %-6d %-10u %-10u\n", "addr:port", "Masq", weight, active, inactive)
 *   — so every destination line ends with the padding of InActConn (trailing spaces).
 *
 * Order: services sorted by fwmark, family, protocol number (TCP 6 < UDP 17 < SCTP 132), address, port;
 * destinations by address, port. ipvsadm compares addresses as `int r = ntohl(a) - ntohl(b)`, an unsigned
 * difference read as a signed int, so two addresses more than 2^31 apart compare the "wrong" way round:
 * 192.168.0.10 sorts before 10.96.0.1 (real clusters list NodePorts on 172.x/192.168.x above the 10.96.x
 * cluster IPs). That relation is not transitive when addresses span three such ranges; it is applied here
 * with a top-down merge sort over the sync order (glibc's qsort is a merge sort when memory allows), which
 * is deterministic but, in that rare case, need not match the kernel's hash-order input.
 *
 * Not modelled: name resolution (ipvsadm -L without -n), --stats/--rate/--thresholds/--persistent-conn
 * columns, firewall-mark services, IPv6.
 */
import { fail } from '../../../core/errors';
import { tryParseIpv4 } from '../../../addr';
import type { Protocol } from '../types';
import type { IpvsRealServer, IpvsState, IpvsVirtualServer } from './types';

/** IP_VS_VERSION_CODE 0x010201 and the default connection table size (CONFIG_IP_VS_TAB_BITS=12). */
export const IPVS_VERSION = '1.2.1';
export const IPVS_CONN_TAB_SIZE = 4096;

const PROTO_NUM: Readonly<Record<Protocol, number>> = { TCP: 6, UDP: 17, SCTP: 132 };

export interface IpvsadmListOptions {
  /** `-n`: numeric addresses and ports. Only the numeric form is modelled. */
  numeric: boolean;
  /** ActiveConn / InActConn of a real server; 0/0 when absent or undefined. */
  counts?: (vs: IpvsVirtualServer, rs: IpvsRealServer) => { active: number; inactive: number } | undefined;
}

/** `(int)(ntohl(a) - ntohl(b))`. */
function addrDiff(a: string, b: string): number {
  return ((tryParseIpv4(a)! - tryParseIpv4(b)!) | 0);
}

export function ipvsCompareServices(a: IpvsVirtualServer, b: IpvsVirtualServer): number {
  return PROTO_NUM[a.proto] - PROTO_NUM[b.proto] || addrDiff(a.address, b.address) || a.port - b.port;
}

export function ipvsCompareDests(a: IpvsRealServer, b: IpvsRealServer): number {
  return addrDiff(a.address, b.address) || a.port - b.port;
}

/** Top-down merge sort taking from the left run on ties (glibc msort). */
function mergeSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const n1 = Math.floor(items.length / 2);
  const left = mergeSort(items.slice(0, n1), cmp);
  const right = mergeSort(items.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(cmp(left[i]!, right[j]!) <= 0 ? left[i++]! : right[j++]!);
  return out.concat(left.slice(i), right.slice(j));
}

const pad = (s: string, width: number): string => s.padEnd(width, ' ');

/** `ipvsadm -Ln`. */
export function ipvsadmList(state: IpvsState, opts: IpvsadmListOptions): string {
  if (!opts.numeric) {
    fail('BAD_USAGE', 'ipvsadm -L without -n resolves names through DNS and /etc/services, which the simulator does not model; use ipvsadm -Ln');
  }
  const lines = [
    `IP Virtual Server version ${IPVS_VERSION} (size=${IPVS_CONN_TAB_SIZE})`,
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  for (const vs of mergeSort(state.virtualServers, ipvsCompareServices)) {
    let line = `${pad(vs.proto, 4)} ${vs.address}:${vs.port} ${vs.scheduler}`;
    if (vs.flags) line += ` (${vs.flags})`;
    // kube-proxy sets a /32 persistence netmask, so no " mask …" follows.
    if (vs.persistent !== undefined) line += ` persistent ${vs.persistent}`;
    lines.push(line);
    for (const rs of mergeSort(vs.realServers, ipvsCompareDests)) {
      const c = opts.counts?.(vs, rs) ?? { active: 0, inactive: 0 };
      lines.push(`  -> ${pad(`${rs.address}:${rs.port}`, 28)} ${pad(rs.forward, 7)} ${pad(String(rs.weight), 6)} ${pad(String(c.active), 10)} ${pad(String(c.inactive), 10)}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
