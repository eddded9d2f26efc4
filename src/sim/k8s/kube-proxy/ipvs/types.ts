/**
 * Shapes of the kube-proxy IPVS-mode model: its input (the iptables-mode input plus the IPVS scheduler)
 * and the node state one sync produces — kube-ipvs0 addresses, IPVS virtual servers, ipset members and
 * the constant-size iptables ruleset.
 *
 * Not modelled: IPv6 (the IPv6 proxier of a dual-stack node, KUBE-6-* sets), connection counters.
 */
import type { Protocol, ProxierConfig, ProxierInput } from '../types';

/** `--ipvs-scheduler`; "" means the default rr (pkg/proxy/ipvs/proxier.go `defaultScheduler`). */
export type IpvsScheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'lblc' | 'lblcr' | 'sh' | 'dh' | 'sed' | 'nq' | 'mh';

export interface IpvsProxierConfig extends ProxierConfig {
  /** Default "rr". */
  scheduler?: string;
}

export type IpvsProxierInput = ProxierInput & { config: IpvsProxierConfig };

/** Which Service address a virtual server stands for. */
export type IpvsVirtualServerKind = 'ClusterIP' | 'ExternalIP' | 'LoadBalancer' | 'NodePort';

export interface IpvsRealServer {
  address: string;
  port: number;
  /** kube-proxy always writes weight 1 (`syncEndpoint`). */
  weight: number;
  /** IPVS NAT forwarding (kube-proxy never sets another method; the kernel default is Masq). */
  forward: 'Masq';
}

export interface IpvsVirtualServer {
  proto: Protocol;
  address: string;
  port: number;
  scheduler: string;
  /** ClientIP affinity timeout in seconds: IPVS persistence (`FlagPersistent` + `Timeout`). */
  persistent?: number;
  /** Scheduler flags as ipvsadm names them: "mh-port" for the mh scheduler (`FlagSourceHash` 0x10). */
  flags?: string;
  realServers: IpvsRealServer[];
  /** Not an IPVS field: the Service port ("ns/svc:port") and address kind this virtual server was made for. */
  service: string;
  kind: IpvsVirtualServerKind;
}

/** The ipset types kube-proxy creates (pkg/proxy/ipvs/ipset/types.go). */
export type IpsetType = 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';

/** `--match-set NAME <flags>` direction flags used by kube-proxy. */
export type IpsetMatchFlags = 'dst' | 'dst,dst' | 'src,dst' | 'dst,dst,src';

/** One argument group after the set match of a rule (e.g. `! -s 10.244.0.0/16`, `-m physdev …`). */
export interface IptablesArgGroup {
  args: string[];
  /**
   * Set when the simulator's netfilter model cannot load this group. `replaceWith` is what the expanded
   * ruleset writes instead (undefined: the group is left out).
   */
  simulatorUnsupported?: { module: 'physdev' | 'ipvs'; replaceWith?: string[] };
}

/**
 * One iptables rule in structured form: `-A chain <pre> [-m set --match-set <set> <flags>] <post> <target>`.
 * Kept next to the text so the set matches can be expanded (ipvsIptablesExpanded) without re-parsing.
 */
export interface IpvsIptablesRule {
  table: 'filter' | 'nat';
  chain: string;
  pre: string[];
  set?: { name: string; flags: IpsetMatchFlags };
  post: IptablesArgGroup[];
  target: string[];
}

export interface IpvsState {
  /**
   * Addresses bound as /32 on the dummy interface kube-ipvs0, in sync order (see proxier.ts: the kernel
   * lists them in the order kube-proxy added them, which follows Go map iteration, i.e. is random).
   */
  dummyAddresses: string[];
  /** Virtual servers in sync order; `ipvsadmList` prints them sorted as ipvsadm does. */
  virtualServers: IpvsVirtualServer[];
  /** Every set kube-proxy creates, in `ipsetInfo` order, members as `ipset list` prints them (sorted). */
  ipsets: Record<string, string[]>;
  /** The iptables-restore payload lines per table: `:CHAIN - [0:0]` declarations, then `-A` rules. */
  iptables: { filter: string[]; nat: string[] };
  /** The same rules in structured form, in payload order. */
  iptablesRules: IpvsIptablesRule[];
}
