/**
 * The trace: what happened to a packet, hop by hop, as plain JSON (it crosses a Worker boundary, fits a
 * golden file and a share link). Traces hold facts only; trace/explain.ts turns them into words.
 *
 * Vocabulary follows the kernel: hook and table names from netfilter, drop reasons from
 * include/net/dropreason-core.h where one exists (SKB_DROP_REASON_*), stage names from ip_input.c / ip_output.c.
 */

export const DROP_REASONS = {
  NETFILTER_DROP: 'dropped by an iptables rule or chain policy',
  IP_INNOROUTES: 'no route for the destination (input)',
  IP_OUTNOROUTES: 'no route for the destination (output)',
  IP_INADDRERRORS: 'not addressed to this host and forwarding is disabled (net.ipv4.ip_forward=0)',
  IP_RPFILTER: 'reverse-path filter: the reply route to the source does not use the arrival interface',
  IP_LOCALNET: 'a 127.0.0.0/8 address outside loopback (net.ipv4.conf.all.route_localnet=0)',
  IP_LOCAL_SOURCE: 'the source address is one of this host\'s own addresses (martian source)',
  BLACKHOLE: 'the route is a blackhole',
  NEIGH_FAILED: 'ARP found nobody with that address on the link',
  NO_SOCKET: 'nothing is listening on the destination port',
  DEV_DOWN: 'the device is down',
  NOT_CONNECTED: 'the device is not connected to anything',
  OTHERHOST: 'the frame is addressed to another host\'s MAC',
  BRIDGE_HAIRPIN: 'the bridge would send the frame back out of the port it came in on, and hairpin mode is off',
  TTL_EXCEEDED: 'TTL reached zero while forwarding',
  PKT_TOO_BIG: 'the packet is larger than the device MTU and must not be fragmented',
  NAT_FAILED: 'MASQUERADE found no address on the outgoing device',
  CT_CLASH: 'conntrack could not confirm the connection (tuple clash)',
  VXLAN_NO_FDB: 'the VXLAN device has no forwarding entry for the destination MAC',
  ECHO_IGNORED: 'echo requests are ignored (net.ipv4.icmp_echo_ignore_all=1)',
  NO_PEER_SOCKET: 'the reply does not match any connection of the client (it answers with a reset)',
  LOOP: 'the packet went round in circles (hop limit)',
} as const satisfies Record<string, string>;

export type DropReason = keyof typeof DROP_REASONS;

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type Proto = 'tcp' | 'udp' | 'sctp' | 'icmp';

/** A packet as seen at one point: addresses as strings so traces read without tools. */
export interface PacketView {
  readonly src: string;
  readonly dst: string;
  readonly proto: Proto;
  readonly sport?: number;
  readonly dport?: number;
  readonly ttl: number;
  readonly flags?: string;
  readonly icmp?: string;
  readonly mark?: string;
  readonly len: number;
}

export interface RuleHit {
  readonly table: TableName;
  readonly chain: string;
  /** 1-based position in the chain. */
  readonly index: number;
  /** The rule as iptables-save prints it. */
  readonly text: string;
}

export interface RouteView {
  readonly table: string;
  /** The route as `ip route show table T` prints it. */
  readonly text: string;
  readonly type: string;
  readonly dst: string;
  readonly dev?: string;
  readonly via?: string;
  readonly src?: string;
}

export type Step =
  | { readonly kind: 'route'; readonly purpose: 'output' | 'input' | 'reroute'; readonly dst: string; readonly result: RouteView | null; readonly src?: string; readonly decision?: 'local' | 'forward' | 'output' | 'error' }
  | { readonly kind: 'neigh'; readonly ip: string; readonly dev: string; readonly result: 'hit' | 'resolved' | 'failed' | 'permanent'; readonly mac?: string; readonly owner?: string }
  | { readonly kind: 'fdb'; readonly bridge: string; readonly mac: string; readonly result: 'hit' | 'flood' | 'local'; readonly port?: string; readonly learned?: string }
  | { readonly kind: 'br-netfilter'; readonly bridge: string; readonly enabled: boolean; readonly note: 'bridged-dnat' | 'routed-dnat' | 'hooks' | 'skipped' }
  | { readonly kind: 'conntrack'; readonly state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED'; readonly id: number; readonly dir: 'orig' | 'reply'; readonly created: boolean }
  | { readonly kind: 'hook'; readonly hook: Hook; readonly table: TableName; readonly in?: string; readonly out?: string; readonly verdict: 'ACCEPT' | 'DROP' | 'REJECT'; readonly matched: readonly RuleHit[]; readonly evaluated: number; readonly policy?: string }
  | { readonly kind: 'lb'; readonly rule: RuleHit; readonly probability: number; readonly taken: boolean }
  | { readonly kind: 'nat'; readonly manip: 'dnat' | 'snat' | 'masquerade' | 'undo-dnat' | 'undo-snat'; readonly before: string; readonly after: string; readonly by?: RuleHit; readonly ct: number }
  | { readonly kind: 'ct-confirm'; readonly id: number }
  | { readonly kind: 'ipvs'; readonly service: string; readonly vip: string; readonly dest: string | null; readonly scheduler: string; readonly persisted: boolean; readonly dests: number }
  | { readonly kind: 'ttl'; readonly before: number; readonly after: number }
  | { readonly kind: 'vxlan'; readonly action: 'encap' | 'decap'; readonly vni: number; readonly outerSrc: string; readonly outerDst: string; readonly port: number }
  | { readonly kind: 'socket'; readonly result: 'listener' | 'connected' | 'none' | 'kernel'; readonly socket?: string; readonly owner?: string }
  | { readonly kind: 'xmit'; readonly dev: string; readonly to?: string }
  | { readonly kind: 'drop'; readonly reason: DropReason; readonly detail?: string }
  | { readonly kind: 'reject'; readonly with: string };

export interface Hop {
  readonly index: number;
  /** Namespace name (a node, a Pod, an outside host), or the bridge's namespace for a bridge hop. */
  readonly ns: string;
  readonly kind: 'netns' | 'bridge';
  /** For bridge hops: the bridge device. */
  readonly bridge?: string;
  /** Device the packet arrived on; absent when it was sent by a local socket. */
  readonly inDev?: string;
  readonly packet: PacketView;
  readonly steps: Step[];
}

export type PacketOutcome =
  | { readonly kind: 'delivered'; readonly ns: string; readonly socket?: string; readonly owner?: string; readonly hop: number }
  | { readonly kind: 'no-socket'; readonly ns: string; readonly hop: number }
  | { readonly kind: 'echo'; readonly ns: string; readonly hop: number }
  | { readonly kind: 'dropped'; readonly reason: DropReason; readonly hop: number; readonly ns: string }
  | { readonly kind: 'rejected'; readonly with: string; readonly hop: number; readonly ns: string }
  | { readonly kind: 'unreachable'; readonly code: 'net' | 'host' | 'port' | 'admin'; readonly reason: DropReason; readonly hop: number; readonly ns: string; readonly local: boolean }
  | { readonly kind: 'left'; readonly dev: string; readonly ns: string; readonly hop: number };

/** One packet's walk. */
export interface PacketTrace {
  readonly leg: 'request' | 'reply' | 'ack';
  readonly hops: Hop[];
  readonly outcome: PacketOutcome;
  /** Total rules evaluated across all hooks (the linear cost of iptables mode). */
  readonly rulesEvaluated: number;
}

export type Verdict = 'delivered' | 'refused' | 'dropped' | 'timeout' | 'unreachable';

/** A probe: a TCP/UDP/SCTP connection attempt or an ICMP echo, with the legs the kernel would send. */
export interface Trace {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly proto: Proto;
  readonly verdict: Verdict;
  /** errno-style or plain reason: ECONNREFUSED, ETIMEDOUT, ENETUNREACH, EHOSTUNREACH, or a DropReason. */
  readonly reason: string;
  readonly reasonText: string;
  /** Where it ended: a hop index of the leg that decided the verdict. */
  readonly hop?: number;
  readonly legs: PacketTrace[];
  /** The last destination NAT on the way ("ip:port"): where the connection was sent; null without DNAT. */
  readonly dnat: string | null;
  /** Whether the source address was rewritten (MASQUERADE/SNAT) on the way. */
  readonly masquerade: boolean;
  /** The source address:port the receiver saw. */
  readonly sourceSeen: string | null;
  /** Where it was delivered. */
  readonly deliveredTo: { ns: string; ip: string; port?: number; socket?: string; owner?: string } | null;
  /** ICMP echo: TTL of the reply as the sender received it. */
  readonly replyTtl: number | null;
  /** Probabilistic choices taken (statistic rules), with their probabilities. */
  readonly choices: { readonly rule: RuleHit; readonly probability: number; readonly taken: boolean }[];
  readonly rulesEvaluated: number;
}

/** explore(): every branch the probabilistic rules allow, each followed to its end. */
export interface Exploration {
  readonly branches: { readonly probability: number; readonly trace: Trace }[];
}
