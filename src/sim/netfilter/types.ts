/**
 * The netfilter data model: tables of chains of pre-parsed rules, and the packet/result shapes that the
 * datapath exchanges with the traversal. Everything a hot path compares is a number (addresses, masks,
 * ports, marks, bit sets); strings stay for names and comments.
 *
 * The model follows legacy ip_tables as iptables-save/iptables-restore show it: a rule is the kernel's
 * `struct ipt_entry` (IP header part + ordered matches + one target), a chain is a list of rules, a
 * built-in chain has a policy (libiptc `struct chain_head`, `libiptc/libiptc.c`).
 *
 * Not modelled: packet/byte counters (always printed as [0:0]), IPv6 (ip6tables), the `security` table,
 * fragments (`-f`), TCP flags, rule counters set with `-c`.
 */

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type Policy = 'ACCEPT' | 'DROP';
export type ChainVerdict = 'ACCEPT' | 'DROP' | 'REJECT';

/** Points at a rule: index is 1-based, as in `iptables -L --line-numbers`. */
export interface RuleRef {
  readonly table: TableName;
  readonly chain: string;
  readonly index: number;
}

/** `-s`/`-d`: address with the host bits already cleared (iptables clears them when it parses). */
export interface AddrSpec {
  readonly addr: number;
  /** Netmask as an unsigned number; usually contiguous, but iptables accepts any dotted mask. */
  readonly mask: number;
  readonly invert: boolean;
}

/** `-i`/`-o`: `eth+` is stored as name "eth" with wildcard true. */
export interface IfaceSpec {
  readonly name: string;
  readonly wildcard: boolean;
  readonly invert: boolean;
}

/** `-p`: IP protocol number (0 = all). */
export interface ProtoSpec {
  readonly num: number;
  readonly invert: boolean;
}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

export interface PortSpec extends PortRange {
  readonly invert: boolean;
}

export type CtStateName = 'INVALID' | 'NEW' | 'RELATED' | 'ESTABLISHED' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/** Route types in rtnetlink order; addrtype stores them as a bit set (1 << index). */
export type AddrTypeName =
  | 'UNSPEC'
  | 'UNICAST'
  | 'LOCAL'
  | 'BROADCAST'
  | 'ANYCAST'
  | 'MULTICAST'
  | 'BLACKHOLE'
  | 'UNREACHABLE'
  | 'PROHIBIT'
  | 'THROW'
  | 'NAT'
  | 'XRESOLVE';

export interface PortMatch {
  readonly kind: 'tcp' | 'udp' | 'sctp';
  readonly sport?: PortSpec;
  readonly dport?: PortSpec;
}

export interface IcmpMatch {
  readonly kind: 'icmp';
  /** ICMP type, or 'any'. */
  readonly type: number | 'any';
  readonly invert: boolean;
}

export interface MultiportMatch {
  readonly kind: 'multiport';
  /** --sports, --dports or --ports (either side). */
  readonly dir: 'src' | 'dst' | 'both';
  readonly ports: readonly PortRange[];
  readonly invert: boolean;
}

export interface CommentMatch {
  readonly kind: 'comment';
  readonly text: string;
}

export interface MarkMatch {
  readonly kind: 'mark';
  readonly value: number;
  readonly mask: number;
  readonly invert: boolean;
}

export interface AddrTypeSide {
  /** Bit set over AddrTypeName indexes. */
  readonly types: number;
  readonly invert: boolean;
}

export interface AddrTypeMatch {
  readonly kind: 'addrtype';
  readonly src?: AddrTypeSide;
  readonly dst?: AddrTypeSide;
  readonly limitIfaceIn: boolean;
  readonly limitIfaceOut: boolean;
}

export interface ConntrackMatch {
  readonly kind: 'conntrack';
  /** `-m state --state` is the same kernel match printed under its old name. */
  readonly alias: 'conntrack' | 'state';
  /** Bit set over CT_STATE_BITS. */
  readonly states: number;
  readonly invert: boolean;
}

export interface StatisticRandomMatch {
  readonly kind: 'statistic';
  readonly mode: 'random';
  /** What the kernel stores: lround(0x80000000 * p) (libxt_statistic.c statistic_parse). */
  readonly stored: number;
  readonly invert: boolean;
}

export interface StatisticNthMatch {
  readonly kind: 'statistic';
  readonly mode: 'nth';
  /** --every n (not decremented). */
  readonly every: number;
  readonly packet: number;
  readonly invert: boolean;
  /** Shared per-rule counter (xt_statistic `master->count`). Mutable state. */
  readonly counter: { count: number };
}

export type StatisticMatch = StatisticRandomMatch | StatisticNthMatch;

export type RecentOp = 'set' | 'rcheck' | 'update' | 'remove';

export interface RecentMatch {
  readonly kind: 'recent';
  readonly op: RecentOp;
  readonly invert: boolean;
  /** 0 = not given. */
  readonly seconds: number;
  readonly reap: boolean;
  /** 0 = not given. */
  readonly hitcount: number;
  readonly name: string;
  readonly mask: number;
  readonly side: 'source' | 'dest';
}

export interface NfacctMatch {
  readonly kind: 'nfacct';
  readonly name: string;
}

export type Match =
  | PortMatch
  | IcmpMatch
  | MultiportMatch
  | CommentMatch
  | MarkMatch
  | AddrTypeMatch
  | ConntrackMatch
  | StatisticMatch
  | RecentMatch
  | NfacctMatch;

export type MatchKind = Match['kind'];

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'tcp-reset'
  | 'icmp-admin-prohibited';

/** A NAT range as `nf_nat_range`: optional address range, optional port range. */
export interface NatRange {
  readonly minIp?: number;
  readonly maxIp?: number;
  readonly minPort?: number;
  readonly maxPort?: number;
}

export type Target =
  /** No -j: the rule only counts. */
  | { readonly kind: 'none' }
  | { readonly kind: 'verdict'; readonly verdict: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { readonly kind: 'jump'; readonly chain: string; readonly goto: boolean }
  | { readonly kind: 'REJECT'; readonly with: RejectWith }
  | { readonly kind: 'DNAT'; readonly range: NatRange; readonly random: boolean; readonly persistent: boolean }
  | {
      readonly kind: 'SNAT';
      readonly range: NatRange;
      readonly random: boolean;
      readonly randomFully: boolean;
      readonly persistent: boolean;
    }
  | { readonly kind: 'MASQUERADE'; readonly range: NatRange; readonly random: boolean; readonly randomFully: boolean }
  | { readonly kind: 'REDIRECT'; readonly range: NatRange; readonly random: boolean }
  /** MARK rev 2: skb->mark = (skb->mark & ~mask) ^ value, whatever option wrote it. */
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number }
  | { readonly kind: 'LOG'; readonly prefix: string; readonly level: number }
  | { readonly kind: 'NOTRACK' }
  | { readonly kind: 'CT'; readonly notrack: true };

export type TargetKind = Target['kind'];

export interface Rule {
  readonly src?: AddrSpec;
  readonly dst?: AddrSpec;
  readonly inIface?: IfaceSpec;
  readonly outIface?: IfaceSpec;
  readonly proto?: ProtoSpec;
  /** In the order written, as the kernel stores and iptables-save prints them. */
  readonly matches: readonly Match[];
  readonly target: Target;
}

export interface Chain {
  readonly name: string;
  /** Set for built-in chains: the hook this chain is attached to. */
  readonly hook?: Hook;
  /** Built-in chains only. */
  readonly policy?: Policy;
  readonly rules: readonly Rule[];
}

export interface Table {
  readonly name: TableName;
  /** Built-in and user chains by name. */
  readonly chains: Readonly<Record<string, Chain>>;
}

/** One address in an xt_recent list (/proc/net/xt_recent/NAME). */
export interface RecentEntry {
  readonly addr: number;
  /** Ring of up to ip_pkt_list_tot (20) time stamps, ms. */
  readonly stamps: number[];
  /** Next slot in the ring. */
  index: number;
}

export interface RecentTable {
  readonly name: string;
  /** Insertion order = LRU order (oldest first), as the kernel's lru_list. */
  readonly entries: Map<number, RecentEntry>;
}

/** The netfilter state of one network namespace. */
export interface Netfilter {
  tables: Record<TableName, Table>;
  /** Tables that have been used (their kernel module is "loaded"): iptables-save with no -t prints these. */
  loaded: TableName[];
  /** xt_recent lists by --name; they live as long as a rule refers to them. */
  recent: Map<string, RecentTable>;
  /** Deepest allowed jump nesting below a built-in chain (see validate.ts). */
  readonly maxJumpDepth: number;
}

/** The packet as the datapath hands it to a hook. */
export interface NfPacket {
  src: number;
  dst: number;
  proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  /** 0 for icmp. */
  sport: number;
  dport: number;
  icmpType?: number;
  /** As iptables sees them ('' / undefined where the hook has none). */
  inIface?: string;
  outIface?: string;
  /** skb->mark */
  mark: number;
  ct: { state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED'; snat: boolean; dnat: boolean };
}

export type AddrTypeResult = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST' | 'UNSPEC';

export interface NfEnv {
  /** addrtype LOCAL in this network namespace. */
  isLocal(ip: number): boolean;
  /** Full address type when the caller knows it (subnet broadcasts); otherwise derived from isLocal. */
  addrType?(ip: number): AddrTypeResult;
  /**
   * statistic --mode random: the datapath decides (seeded draw or exploration). `p` is the kernel's
   * effective probability, stored / 2^31 (0.3333333333 → 0.33333333349…). Not called for p = 0 or 1,
   * whose outcome is certain.
   */
  chance(p: number, rule: RuleRef): boolean;
  /** ms, injected clock (xt_recent time stamps). */
  now: number;
}

export interface NatDecision {
  readonly kind: 'dnat' | 'snat' | 'masquerade' | 'redirect';
  /** First address of the range (dnat/snat). */
  readonly ip?: number;
  readonly ipMax?: number;
  /** First port of the range, when the rule maps ports. */
  readonly port?: number;
  readonly portMax?: number;
  readonly random?: boolean;
  readonly randomFully?: boolean;
  readonly persistent?: boolean;
  readonly rule: RuleRef;
}

export interface LbDraw {
  readonly rule: RuleRef;
  /** Effective probability: stored / 2^31. */
  readonly probability: number;
  /** What chance() returned (before a `!` inversion). */
  readonly taken: boolean;
}

export interface ChainResult {
  verdict: ChainVerdict;
  /** Every rule whose matches all held, in evaluation order (jumps included). */
  matched: RuleRef[];
  /** Rules whose matches were evaluated (the linear cost kube-proxy's iptables mode pays). */
  evaluated: number;
  /** skb->mark after MARK targets. */
  mark: number;
  nat?: NatDecision;
  reject?: { with: RejectWith; rule: RuleRef };
  /** Set when the built-in chain policy decided. */
  policy?: { chain: string; verdict: Policy };
  /** Every statistic --mode random match consulted, in order. */
  lb?: LbDraw[];
  /** NOTRACK / CT --notrack ran (raw table): the packet goes on untracked. */
  notrack?: { rule: RuleRef };
}

/** runChain can start below a built-in chain; then falling off the start chain returns to the caller. */
export interface ChainRunResult extends Omit<ChainResult, 'verdict'> {
  verdict: ChainVerdict | 'RETURN';
}
