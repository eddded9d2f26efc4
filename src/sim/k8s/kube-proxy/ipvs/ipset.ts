/**
 * The ipsets of kube-proxy's IPVS mode: names, types and comments (pkg/proxy/ipvs/ipset.go, `ipsetInfo`
 * in pkg/proxy/ipvs/proxier.go), the member text of each entry kind (pkg/proxy/ipvs/ipset/ipset.go
 * `Entry.String`), and an `ipset list` printer.
 *
 * `ipset list` format (ipset 7.x lib/session.c `list_create`, plain mode): `Name:`, `Type:`, `Revision:`,
 * `Header:` + each create option kube-proxy set (`family inet hashsize 1024 maxelem 65536` for hash types,
 * `range 0-65535` for bitmap:port — ipset.go `createSet`, defaults `setIPSetDefaults`), `Size in memory:`,
 * `References:`, `Number of entries:`, `Members:`, one member per line; sets after the first are preceded by
 * an empty line.
 * Simplifications, on purpose:
 * - Revision is the highest revision of a kernel before ipset bucketsize support (net/netfilter/ipset
 *   ip_set_hash_ip.c 4, ip_set_hash_ipport.c 5, ip_set_hash_ipportip.c 5, ip_set_hash_ipportnet.c 7,
 *   ip_set_bitmap_port.c 3, `IPSET_TYPE_REV_MAX`). Newer kernels report one more for the hash types and
 *   add `bucketsize … initval 0x…` (random) to the Header line.
 * - `Size in memory:` depends on kernel structure sizes and allocation; it is printed only when the caller
 *   supplies a value (option `sizeInMemory`).
 * - References is the number of iptables rules that use the set (each `-m set` rule holds one reference).
 * - Members of hash sets are printed in `ipset list -sorted` order (`bystrcmp`); a plain `ipset list`
 *   prints them in hash-bucket order, which depends on a random hash seed. bitmap:port lists ports in
 *   ascending order, as the kernel walks the bitmap.
 * - Sets are listed in kube-proxy's `ipsetInfo` order (the kernel lists them in creation order, and
 *   kube-proxy creates them iterating a Go map).
 *
 * Not modelled: the IPv6 sets (KUBE-6-…), set timeouts/counters/comments (kube-proxy uses none).
 */
import { fail } from '../../../core/errors';
import type { IpsetType, IpvsState } from './types';

export const KUBE_LOOP_BACK_SET = 'KUBE-LOOP-BACK';
export const KUBE_CLUSTER_IP_SET = 'KUBE-CLUSTER-IP';
export const KUBE_EXTERNAL_IP_SET = 'KUBE-EXTERNAL-IP';
export const KUBE_EXTERNAL_IP_LOCAL_SET = 'KUBE-EXTERNAL-IP-LOCAL';
export const KUBE_LOAD_BALANCER_SET = 'KUBE-LOAD-BALANCER';
export const KUBE_LOAD_BALANCER_FW_SET = 'KUBE-LOAD-BALANCER-FW';
export const KUBE_LOAD_BALANCER_LOCAL_SET = 'KUBE-LOAD-BALANCER-LOCAL';
export const KUBE_LOAD_BALANCER_SOURCE_IP_SET = 'KUBE-LOAD-BALANCER-SOURCE-IP';
export const KUBE_LOAD_BALANCER_SOURCE_CIDR_SET = 'KUBE-LOAD-BALANCER-SOURCE-CIDR';
export const KUBE_NODE_PORT_TCP_SET = 'KUBE-NODE-PORT-TCP';
export const KUBE_NODE_PORT_LOCAL_TCP_SET = 'KUBE-NODE-PORT-LOCAL-TCP';
export const KUBE_NODE_PORT_UDP_SET = 'KUBE-NODE-PORT-UDP';
export const KUBE_NODE_PORT_LOCAL_UDP_SET = 'KUBE-NODE-PORT-LOCAL-UDP';
export const KUBE_NODE_PORT_SCTP_SET = 'KUBE-NODE-PORT-SCTP-HASH';
export const KUBE_NODE_PORT_LOCAL_SCTP_SET = 'KUBE-NODE-PORT-LOCAL-SCTP-HASH';
export const KUBE_HEALTH_CHECK_NODE_PORT_SET = 'KUBE-HEALTH-CHECK-NODE-PORT';
export const KUBE_IPVS_IPS_SET = 'KUBE-IPVS-IPS';

export interface IpsetInfo {
  readonly name: string;
  readonly type: IpsetType;
  /** Used as the `-m comment` of the iptables rules that match the set (`getComment`). */
  readonly comment: string;
}

/** `ipsetInfo`, in source order (pkg/proxy/ipvs/proxier.go), comments from pkg/proxy/ipvs/ipset.go. */
export const IPSET_INFO: readonly IpsetInfo[] = [
  { name: KUBE_LOOP_BACK_SET, type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: KUBE_CLUSTER_IP_SET, type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: KUBE_EXTERNAL_IP_SET, type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: KUBE_EXTERNAL_IP_LOCAL_SET, type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: KUBE_LOAD_BALANCER_SET, type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: KUBE_LOAD_BALANCER_FW_SET, type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: KUBE_LOAD_BALANCER_LOCAL_SET, type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: KUBE_LOAD_BALANCER_SOURCE_IP_SET, type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: KUBE_LOAD_BALANCER_SOURCE_CIDR_SET, type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: KUBE_NODE_PORT_TCP_SET, type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: KUBE_NODE_PORT_LOCAL_TCP_SET, type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: KUBE_NODE_PORT_UDP_SET, type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: KUBE_NODE_PORT_LOCAL_UDP_SET, type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: KUBE_NODE_PORT_SCTP_SET, type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: KUBE_NODE_PORT_LOCAL_SCTP_SET, type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: KUBE_HEALTH_CHECK_NODE_PORT_SET, type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: KUBE_IPVS_IPS_SET, type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

export function ipsetInfoOf(name: string): IpsetInfo | undefined {
  return IPSET_INFO.find((s) => s.name === name);
}

/** `DefaultPortRange` of bitmap:port sets (pkg/proxy/ipvs/ipset/types.go). */
export const BITMAP_PORT_RANGE = '0-65535';

// Entry.String() per set type (pkg/proxy/ipvs/ipset/ipset.go); proto is lower case ("tcp").
export const hashIpEntry = (ip: string): string => ip;
export const hashIpPortEntry = (ip: string, proto: string, port: number): string => `${ip},${proto}:${port}`;
export const hashIpPortIpEntry = (ip: string, proto: string, port: number, ip2: string): string => `${ip},${proto}:${port},${ip2}`;
export const hashIpPortNetEntry = (ip: string, proto: string, port: number, net: string): string => `${ip},${proto}:${port},${net}`;
export const bitmapPortEntry = (port: number): string => String(port);

/** A member split back into its dimensions (the inverse of the formatters above). */
export interface IpsetMember {
  ip?: string;
  proto?: string;
  port?: number;
  ip2?: string;
  net?: string;
}

export function parseIpsetMember(type: IpsetType, member: string): IpsetMember {
  const bad = (): never => fail('BAD_USAGE', `ipset member "${member}" does not fit a ${type} set`);
  const ipPort = (s: string): { proto: string; port: number } => {
    const m = /^([a-z]+):(\d+)$/.exec(s);
    if (!m) return bad();
    return { proto: m[1]!, port: Number(m[2]) };
  };
  const parts = member.split(',');
  switch (type) {
    case 'hash:ip':
      if (parts.length !== 1) bad();
      return { ip: parts[0]! };
    case 'bitmap:port':
      if (parts.length !== 1 || !/^\d+$/.test(parts[0]!)) bad();
      return { port: Number(parts[0]) };
    case 'hash:ip,port':
      if (parts.length !== 2) bad();
      return { ip: parts[0]!, ...ipPort(parts[1]!) };
    case 'hash:ip,port,ip':
      if (parts.length !== 3) bad();
      return { ip: parts[0]!, ...ipPort(parts[1]!), ip2: parts[2]! };
    case 'hash:ip,port,net':
      if (parts.length !== 3) bad();
      return { ip: parts[0]!, ...ipPort(parts[1]!), net: parts[2]! };
  }
}

/**
 * ipset's `bystrcmp` (lib/session.c), the order of `ipset list -sorted`: numbers are read with
 * strtol(…, 16) and compared as numbers, other tokens up to ":" or "," are compared as text; after a "/"
 * the comparison of the prefix length is reversed.
 */
export function ipsetMemberCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  let neg = 1;
  const hexLen = (s: string, k: number): number => {
    let e = k;
    while (e < s.length && /[0-9a-fA-F]/.test(s[e]!)) e++;
    return e - k;
  };
  const untilSep = (s: string, k: number): number => {
    let e = k;
    while (e < s.length && s[e] !== ':' && s[e] !== ',') e++;
    return e - k;
  };
  while (i < a.length && j < b.length) {
    const l1 = hexLen(a, i);
    const l2 = hexLen(b, j);
    if (l1 === 0 || l2 === 0) {
      const n1 = untilSep(a, i);
      const n2 = untilSep(b, j);
      if (n1 !== 0 || n2 !== 0) {
        if (n1 === n2) {
          const t1 = a.slice(i, i + n1);
          const t2 = b.slice(j, j + n2);
          if (t1 === t2) {
            i += n1 + 1;
            j += n1 + 1;
            neg = 1;
            continue;
          }
          return t1 < t2 ? -1 : 1;
        }
        return n1 < n2 ? -1 : 1;
      }
      const r1 = a.slice(i);
      const r2 = b.slice(j);
      return r1 < r2 ? -1 : r1 > r2 ? 1 : 0;
    }
    const v1 = parseInt(a.slice(i, i + l1), 16);
    const v2 = parseInt(b.slice(j, j + l2), 16);
    if (v1 !== v2) return neg * (v1 - v2);
    const s1 = a[i + l1];
    const s2 = b[j + l2];
    if (s1 === '/' || s2 === '/') {
      if (s1 === s2) neg = -1;
      else if (s1 === '/') return 1;
      else return -1;
    }
    i += l1 + 1;
    j += l2 + 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/** Members in the order `ipset list` prints them here (see the top-of-file note). */
export function sortIpsetMembers(type: IpsetType, members: Iterable<string>): string[] {
  const list = [...new Set(members)];
  if (type === 'bitmap:port') return list.sort((x, y) => Number(x) - Number(y));
  return list.sort(ipsetMemberCompare);
}

/** The kernel's revision of each set type (see the top-of-file note). */
export const IPSET_REVISION: Readonly<Record<IpsetType, number>> = {
  'hash:ip': 4,
  'hash:ip,port': 5,
  'hash:ip,port,ip': 5,
  'hash:ip,port,net': 7,
  'bitmap:port': 3,
};

export interface IpsetListOptions {
  /** `Size in memory:` per set; the line is left out when absent (the kernel's number is not modelled). */
  sizeInMemory?: (name: string, members: readonly string[]) => number;
}

/** How many iptables rules of the state use the set (the kernel's reference count of the set). */
export function ipsetReferences(state: IpvsState, name: string): number {
  return state.iptablesRules.filter((r) => r.set?.name === name).length;
}

/** `ipset list [NAME]`. Throws NOT_FOUND for a set kube-proxy does not create. */
export function ipsetList(state: IpvsState, name?: string, opts: IpsetListOptions = {}): string {
  const names = name === undefined ? IPSET_INFO.map((s) => s.name) : [name];
  if (name !== undefined && (ipsetInfoOf(name) === undefined || state.ipsets[name] === undefined)) {
    fail('NOT_FOUND', `ipset list ${name}: The set with the given name does not exist; kube-proxy's sets are ${IPSET_INFO.map((s) => s.name).join(', ')}`);
  }
  return names
    .map((n, idx) => {
      const info = ipsetInfoOf(n)!;
      const members = state.ipsets[n] ?? [];
      const header = info.type === 'bitmap:port' ? `range ${BITMAP_PORT_RANGE}` : 'family inet hashsize 1024 maxelem 65536';
      const lines = [
        `${idx > 0 ? '\n' : ''}Name: ${n}`,
        `Type: ${info.type}`,
        `Revision: ${IPSET_REVISION[info.type]}`,
        `Header: ${header}`,
        ...(opts.sizeInMemory ? [`Size in memory: ${opts.sizeInMemory(n, members)}`] : []),
        `References: ${ipsetReferences(state, n)}`,
        `Number of entries: ${members.length}`,
        'Members:',
        ...members,
      ];
      return lines.map((l) => `${l}\n`).join('');
    })
    .join('');
}
