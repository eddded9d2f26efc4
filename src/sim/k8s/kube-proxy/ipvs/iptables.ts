/**
 * The iptables side of kube-proxy's IPVS mode: a constant number of rules that match ipsets instead of one
 * rule per service (pkg/proxy/ipvs/proxier.go `writeIptablesRules`, `acceptIPVSTraffic`,
 * `createAndLinkKubeChain`, the `iptablesChains` / `iptablesJumpChain` / `ipsetWithIptablesChain` tables),
 * rendered the way kube-proxy writes them into its iptables-restore payload; plus `ipvsIptablesExpanded`,
 * a simulator device that rewrites every `-m set` rule into one plain rule per set member so the
 * netfilter model (which has no ipset match) can load an equivalent ruleset.
 *
 * What the expansion changes, and why it is equivalent:
 * - `-m set --match-set S d1,d2[,d3]` becomes, per member of S, `-s/-d` for the address dimensions and
 *   `-p proto -m proto --sport/--dport N` for the port dimension. Within one set a packet matches at most
 *   one member for the hash:ip,port / bitmap:port / hash:ip sets kube-proxy jumps from, so a jump to a
 *   chain is taken at most once; where several members can match (source CIDRs) the target is RETURN.
 *   An empty set expands to no rule, which matches nothing, as the set match would.
 * - bitmap:port members matched without `-p` (health-check node ports) become one rule per protocol
 *   ipset reads ports of (tcp, udp, sctp).
 * - `-m physdev ! --physdev-is-in` (external-IP ACCEPT rule) is left out: the model has no bridge-netfilter
 *   port information. The rule only ends nat KUBE-SERVICES early (ACCEPT in nat), so IPVS still handles
 *   the packet; pod traffic to an external IP therefore skips the later KUBE-SERVICES rules here.
 * - `-m ipvs --vaddr V --vproto P --vport N` (KUBE-IPVS-OUT-FILTER) becomes `-d V -p P -m P --dport N`,
 *   which is only equivalent if the datapath evaluates filter OUTPUT before IPVS rewrites the destination
 *   (the kernel runs IPVS at LOCAL_OUT first and matches the original virtual address with xt_ipvs).
 *
 * Not modelled: the IPv6 proxier (`-s ::1/128` RETURN), the nfacct counters of iptables mode (IPVS mode
 * has none), the ipset/iptables cleanup of `CleanupLeftovers`.
 */
import type { JumpChainRule } from '../types';
import {
  IPSET_INFO,
  KUBE_CLUSTER_IP_SET,
  KUBE_EXTERNAL_IP_LOCAL_SET,
  KUBE_EXTERNAL_IP_SET,
  KUBE_HEALTH_CHECK_NODE_PORT_SET,
  KUBE_IPVS_IPS_SET,
  KUBE_LOAD_BALANCER_FW_SET,
  KUBE_LOAD_BALANCER_LOCAL_SET,
  KUBE_LOAD_BALANCER_SET,
  KUBE_LOAD_BALANCER_SOURCE_CIDR_SET,
  KUBE_LOAD_BALANCER_SOURCE_IP_SET,
  KUBE_LOOP_BACK_SET,
  KUBE_NODE_PORT_LOCAL_SCTP_SET,
  KUBE_NODE_PORT_LOCAL_TCP_SET,
  KUBE_NODE_PORT_LOCAL_UDP_SET,
  KUBE_NODE_PORT_SCTP_SET,
  KUBE_NODE_PORT_TCP_SET,
  KUBE_NODE_PORT_UDP_SET,
  ipsetInfoOf,
  parseIpsetMember,
} from './ipset';
import type { IpsetMatchFlags, IptablesArgGroup, IpvsIptablesRule, IpvsState } from './types';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_SOURCE_RANGES_FIREWALL = 'KUBE-SOURCE-RANGES-FIREWALL';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_NODE_PORT = 'KUBE-NODE-PORT';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_LOAD_BALANCER = 'KUBE-LOAD-BALANCER';
export const KUBE_IPVS_FILTER = 'KUBE-IPVS-FILTER';
export const KUBE_IPVS_OUT_FILTER = 'KUBE-IPVS-OUT-FILTER';

/** `iptablesChains`: declared (so flushed and rewritten) on every sync, in this order per table. */
export const IPVS_NAT_CHAINS: readonly string[] = [KUBE_SERVICES, KUBE_POSTROUTING, KUBE_NODE_PORT, KUBE_LOAD_BALANCER, KUBE_MARK_MASQ];
export const IPVS_FILTER_CHAINS: readonly string[] = [
  KUBE_FORWARD,
  KUBE_NODE_PORT,
  KUBE_PROXY_FIREWALL,
  KUBE_SOURCE_RANGES_FIREWALL,
  KUBE_IPVS_FILTER,
  KUBE_IPVS_OUT_FILTER,
];

interface SetChainJump {
  set: string;
  table: 'filter' | 'nat';
  from: string;
  to: string;
  flags: IpsetMatchFlags;
  proto: '' | 'tcp' | 'udp' | 'sctp';
}

/**
 * `ipsetWithIptablesChain`, in source order. "kubeNodePortLocalSetTCP must be prior to kubeNodePortSetTCP":
 * eTP=Local node ports RETURN before the masquerade mark.
 */
const IPSET_WITH_IPTABLES_CHAIN: readonly SetChainJump[] = [
  { set: KUBE_LOOP_BACK_SET, table: 'nat', from: KUBE_POSTROUTING, to: 'MASQUERADE', flags: 'dst,dst,src', proto: '' },
  { set: KUBE_LOAD_BALANCER_SET, table: 'nat', from: KUBE_SERVICES, to: KUBE_LOAD_BALANCER, flags: 'dst,dst', proto: '' },
  { set: KUBE_LOAD_BALANCER_LOCAL_SET, table: 'nat', from: KUBE_LOAD_BALANCER, to: 'RETURN', flags: 'dst,dst', proto: '' },
  { set: KUBE_NODE_PORT_LOCAL_TCP_SET, table: 'nat', from: KUBE_NODE_PORT, to: 'RETURN', flags: 'dst', proto: 'tcp' },
  { set: KUBE_NODE_PORT_TCP_SET, table: 'nat', from: KUBE_NODE_PORT, to: KUBE_MARK_MASQ, flags: 'dst', proto: 'tcp' },
  { set: KUBE_NODE_PORT_LOCAL_UDP_SET, table: 'nat', from: KUBE_NODE_PORT, to: 'RETURN', flags: 'dst', proto: 'udp' },
  { set: KUBE_NODE_PORT_UDP_SET, table: 'nat', from: KUBE_NODE_PORT, to: KUBE_MARK_MASQ, flags: 'dst', proto: 'udp' },
  { set: KUBE_NODE_PORT_LOCAL_SCTP_SET, table: 'nat', from: KUBE_NODE_PORT, to: 'RETURN', flags: 'dst,dst', proto: 'sctp' },
  { set: KUBE_NODE_PORT_SCTP_SET, table: 'nat', from: KUBE_NODE_PORT, to: KUBE_MARK_MASQ, flags: 'dst,dst', proto: 'sctp' },
  { set: KUBE_LOAD_BALANCER_FW_SET, table: 'filter', from: KUBE_PROXY_FIREWALL, to: KUBE_SOURCE_RANGES_FIREWALL, flags: 'dst,dst', proto: '' },
  { set: KUBE_LOAD_BALANCER_SOURCE_CIDR_SET, table: 'filter', from: KUBE_SOURCE_RANGES_FIREWALL, to: 'RETURN', flags: 'dst,dst,src', proto: '' },
  { set: KUBE_LOAD_BALANCER_SOURCE_IP_SET, table: 'filter', from: KUBE_SOURCE_RANGES_FIREWALL, to: 'RETURN', flags: 'dst,dst,src', proto: '' },
];

export interface IpvsIptablesSettings {
  /** The mark text, e.g. "0x4000" (kube-proxy: `fmt.Sprintf("%#08x", 1<<bit)`). */
  masqueradeMark: string;
  masqueradeAll: boolean;
  /** `--cluster-cidr` text for the `! -s` local-traffic detector, if any. */
  clusterCIDR?: string;
  randomFully: boolean;
}

/** An LB ingress whose sourceRanges do not contain the node IP: node access is dropped in KUBE-IPVS-OUT-FILTER. */
export interface LbNoNodeAccessEntry {
  ip: string;
  proto: string;
  port: number;
}

const quote = (s: string): string => `"${s}"`;
const commentOf = (set: string): string[] => ['-m', 'comment', '--comment', quote(ipsetInfoOf(set)!.comment)];

/** `writeIptablesRules` + `acceptIPVSTraffic`: every rule of both tables, each table in payload order. */
export function buildIpvsIptablesRules(
  ipsets: Readonly<Record<string, readonly string[]>>,
  s: IpvsIptablesSettings,
  lbNoNodeAccess: readonly LbNoNodeAccessEntry[],
): IpvsIptablesRule[] {
  const nat: IpvsIptablesRule[] = [];
  const filter: IpvsIptablesRule[] = [];
  const empty = (set: string) => (ipsets[set] ?? []).length === 0;
  const rule = (table: 'filter' | 'nat', chain: string, pre: string[], target: string[], set?: IpvsIptablesRule['set'], post: IptablesArgGroup[] = []) =>
    (table === 'nat' ? nat : filter).push({ table, chain, pre, ...(set ? { set } : {}), post, target });

  // "Dismiss connects to localhost early in the service chain."
  rule('nat', KUBE_SERVICES, ['-s', '127.0.0.0/8'], ['-j', 'RETURN']);

  // One rule per non-empty set of ipsetWithIptablesChain.
  for (const j of IPSET_WITH_IPTABLES_CHAIN) {
    if (empty(j.set)) continue;
    rule(j.table, j.from, [...(j.proto ? ['-p', j.proto] : []), ...commentOf(j.set)], ['-j', j.to], { name: j.set, flags: j.flags });
  }

  if (!empty(KUBE_CLUSTER_IP_SET)) {
    const pre = commentOf(KUBE_CLUSTER_IP_SET);
    if (s.masqueradeAll) {
      rule('nat', KUBE_SERVICES, pre, ['-j', KUBE_MARK_MASQ], { name: KUBE_CLUSTER_IP_SET, flags: 'dst,dst' });
    } else if (s.clusterCIDR !== undefined) {
      // Off-cluster traffic to a service VIP (e.g. via a static route to any node) may bounce off-node.
      rule('nat', KUBE_SERVICES, pre, ['-j', KUBE_MARK_MASQ], { name: KUBE_CLUSTER_IP_SET, flags: 'dst,dst' }, [
        { args: ['!', '-s', s.clusterCIDR] },
      ]);
    } else {
      // No detector: masquerade node-originated traffic whose source is a VIP (the kernel picks a
      // kube-ipvs0 address as source when a VIP is the destination).
      rule('nat', KUBE_SERVICES, pre, ['-j', KUBE_MARK_MASQ], { name: KUBE_CLUSTER_IP_SET, flags: 'src,dst' });
    }
  }

  // externalIPRules: accept what comes from off-machine, and what is addressed to a local address.
  const externalIPRules = (set: string) => {
    rule('nat', KUBE_SERVICES, commentOf(set), ['-j', 'ACCEPT'], { name: set, flags: 'dst,dst' }, [
      { args: ['-m', 'physdev', '!', '--physdev-is-in'], simulatorUnsupported: { module: 'physdev' } },
      { args: ['-m', 'addrtype', '!', '--src-type', 'LOCAL'] },
    ]);
    rule('nat', KUBE_SERVICES, commentOf(set), ['-j', 'ACCEPT'], { name: set, flags: 'dst,dst' }, [
      { args: ['-m', 'addrtype', '--dst-type', 'LOCAL'] },
    ]);
  };
  if (!empty(KUBE_EXTERNAL_IP_SET)) {
    rule('nat', KUBE_SERVICES, commentOf(KUBE_EXTERNAL_IP_SET), ['-j', KUBE_MARK_MASQ], { name: KUBE_EXTERNAL_IP_SET, flags: 'dst,dst' });
    externalIPRules(KUBE_EXTERNAL_IP_SET);
  }
  if (!empty(KUBE_EXTERNAL_IP_LOCAL_SET)) externalIPRules(KUBE_EXTERNAL_IP_LOCAL_SET);

  rule('nat', KUBE_SERVICES, ['-m', 'addrtype', '--dst-type', 'LOCAL'], ['-j', KUBE_NODE_PORT]);
  // Load-balancer traffic is masqueraded unless KUBE-LOAD-BALANCER-LOCAL returned first.
  rule('nat', KUBE_LOAD_BALANCER, [], ['-j', KUBE_MARK_MASQ]);
  // What KUBE-SOURCE-RANGES-FIREWALL did not RETURN comes from outside loadBalancerSourceRanges.
  rule('filter', KUBE_SOURCE_RANGES_FIREWALL, [], ['-j', 'DROP']);
  // "for IPVS src and dst both would be lbIP" (kubernetes issue 119656).
  for (const e of lbNoNodeAccess) {
    rule('filter', KUBE_IPVS_OUT_FILTER, ['-s', e.ip], ['-j', 'DROP'], undefined, [
      {
        args: ['-m', 'ipvs', '--vaddr', e.ip, '--vproto', e.proto, '--vport', String(e.port)],
        simulatorUnsupported: { module: 'ipvs', replaceWith: ['-d', e.ip, '-p', e.proto, '-m', e.proto, '--dport', String(e.port)] },
      },
    ]);
  }

  // acceptIPVSTraffic: "in case other iptables rules block the traffic"; must end KUBE-SERVICES.
  for (const set of [KUBE_CLUSTER_IP_SET, KUBE_LOAD_BALANCER_SET]) {
    if (!empty(set)) rule('nat', KUBE_SERVICES, [], ['-j', 'ACCEPT'], { name: set, flags: 'dst,dst' });
  }

  const mark = s.masqueradeMark;
  // Forward marked traffic (NodePort to another node) even when the FORWARD policy drops.
  rule('filter', KUBE_FORWARD, ['-m', 'comment', '--comment', quote('kubernetes forwarding rules'), '-m', 'mark', '--mark', `${mark}/${mark}`], ['-j', 'ACCEPT']);
  rule('filter', KUBE_FORWARD, ['-m', 'comment', '--comment', quote('kubernetes forwarding conntrack rule'), '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED'], ['-j', 'ACCEPT']);
  rule('filter', KUBE_NODE_PORT, commentOf(KUBE_HEALTH_CHECK_NODE_PORT_SET), ['-j', 'ACCEPT'], { name: KUBE_HEALTH_CHECK_NODE_PORT_SET, flags: 'dst' });

  // KUBE-IPVS-FILTER (kubernetes issue 72236): kube-ipvs0 makes every VIP a local address, so without this
  // a new connection to VIP:<any port> would reach the node's own sockets. Service ports RETURN first.
  for (const set of [KUBE_LOAD_BALANCER_SET, KUBE_CLUSTER_IP_SET, KUBE_EXTERNAL_IP_SET, KUBE_EXTERNAL_IP_LOCAL_SET]) {
    rule('filter', KUBE_IPVS_FILTER, [], ['-j', 'RETURN'], { name: set, flags: 'dst,dst' });
  }
  rule('filter', KUBE_IPVS_FILTER, [], ['-j', 'RETURN'], { name: KUBE_HEALTH_CHECK_NODE_PORT_SET, flags: 'dst' });
  rule('filter', KUBE_IPVS_FILTER, ['-m', 'conntrack', '--ctstate', 'NEW'], ['-j', 'REJECT'], { name: KUBE_IPVS_IPS_SET, flags: 'dst' });

  rule('nat', KUBE_POSTROUTING, ['-m', 'mark', '!', '--mark', `${mark}/${mark}`], ['-j', 'RETURN']);
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  rule('nat', KUBE_POSTROUTING, [], ['-j', 'MARK', '--xor-mark', mark]);
  rule('nat', KUBE_POSTROUTING, ['-m', 'comment', '--comment', quote('kubernetes service traffic requiring SNAT')], [
    '-j',
    'MASQUERADE',
    ...(s.randomFully ? ['--random-fully'] : []),
  ]);
  rule('nat', KUBE_MARK_MASQ, [], ['-j', 'MARK', '--or-mark', mark]);

  return [...nat, ...filter];
}

/** The rule as kube-proxy writes it (LineBuffer: words joined by one space). */
export function renderIpvsIptablesRule(r: IpvsIptablesRule): string {
  return [
    '-A',
    r.chain,
    ...r.pre,
    ...(r.set ? ['-m', 'set', '--match-set', r.set.name, r.set.flags] : []),
    ...r.post.flatMap((g) => g.args),
    ...r.target,
  ].join(' ');
}

const chainLine = (c: string): string => `:${c} - [0:0]`;

/** Declarations then rules, per table, as `IpvsState.iptables` holds them. */
export function renderIpvsIptables(rules: readonly IpvsIptablesRule[]): { filter: string[]; nat: string[] } {
  return {
    nat: [...IPVS_NAT_CHAINS.map(chainLine), ...rules.filter((r) => r.table === 'nat').map(renderIpvsIptablesRule)],
    filter: [...IPVS_FILTER_CHAINS.map(chainLine), ...rules.filter((r) => r.table === 'filter').map(renderIpvsIptablesRule)],
  };
}

/**
 * The text kube-proxy hands to `iptables-restore --noflush --counters`: in IPVS mode the nat block comes
 * first (`iptablesData` = natChains, natRules, filterChains, filterRules).
 */
export function ipvsRestorePayload(tables: { filter: readonly string[]; nat: readonly string[] }): string {
  const block = (name: string, lines: readonly string[]) => `*${name}\n${lines.map((l) => `${l}\n`).join('')}COMMIT\n`;
  return block('nat', tables.nat) + block('filter', tables.filter);
}

type Dim = 'ip' | 'port' | 'ip2' | 'net';
const DIMS: Readonly<Record<string, readonly Dim[]>> = {
  'hash:ip': ['ip'],
  'hash:ip,port': ['ip', 'port'],
  'hash:ip,port,ip': ['ip', 'port', 'ip2'],
  'hash:ip,port,net': ['ip', 'port', 'net'],
  'bitmap:port': ['port'],
};

/** Protocols whose ports ipset reads for a port dimension when the rule itself has no `-p`. */
const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;

function expandGroups(groups: readonly IptablesArgGroup[]): string[] {
  return groups.flatMap((g) => (g.simulatorUnsupported ? g.simulatorUnsupported.replaceWith ?? [] : g.args));
}

/** One rule → the plain rules that together match what the `-m set` rule matches (see top of file). */
function expandRule(r: IpvsIptablesRule, ipsets: Readonly<Record<string, readonly string[]>>): string[] {
  const tail = [...expandGroups(r.post), ...r.target];
  if (!r.set) return [['-A', r.chain, ...r.pre, ...tail].join(' ')];
  const info = ipsetInfoOf(r.set.name)!;
  const dims = DIMS[info.type]!;
  const dirs = r.set.flags.split(',');
  const pIdx = r.pre.indexOf('-p');
  const ruleProto = pIdx >= 0 ? r.pre[pIdx + 1] : undefined;
  const out: string[] = [];
  for (const member of ipsets[r.set.name] ?? []) {
    const m = parseIpsetMember(info.type, member);
    let src: string | undefined;
    let dst: string | undefined;
    let portOpt: string | undefined;
    dims.forEach((d, k) => {
      const dir = dirs[k] ?? dirs[dirs.length - 1];
      if (d === 'port') {
        portOpt = dir === 'src' ? '--sport' : '--dport';
        return;
      }
      const value = d === 'ip' ? m.ip : d === 'ip2' ? m.ip2 : m.net;
      if (dir === 'src') src = value;
      else dst = value;
    });
    const protos: readonly string[] = m.port === undefined ? [''] : m.proto ? [m.proto] : ruleProto ? [ruleProto] : PORT_PROTOCOLS;
    for (const proto of protos) {
      // A member of another protocol than the rule's `-p` can never match the rule.
      if (ruleProto !== undefined && proto !== '' && proto !== ruleProto) continue;
      out.push(
        [
          '-A',
          r.chain,
          ...(src !== undefined ? ['-s', src] : []),
          ...(dst !== undefined ? ['-d', dst] : []),
          ...(proto !== '' && ruleProto === undefined ? ['-p', proto] : []),
          ...r.pre,
          ...(m.port !== undefined ? ['-m', proto, portOpt!, String(m.port)] : []),
          ...tail,
        ].join(' '),
      );
    }
  }
  return out;
}

/**
 * A ruleset equivalent to `state.iptables` with every ipset match expanded into plain per-member rules
 * (same chains, same order), which the simulator's netfilter model can load. A simulator device: kube-proxy
 * never writes these rules. Same shape as `IpvsState.iptables` (use `ipvsRestorePayload` to get the text).
 */
export function ipvsIptablesExpanded(state: IpvsState): { filter: string[]; nat: string[] } {
  const expand = (table: 'filter' | 'nat') =>
    state.iptablesRules.filter((r) => r.table === table).flatMap((r) => expandRule(r, state.ipsets));
  return {
    nat: [...IPVS_NAT_CHAINS.map(chainLine), ...expand('nat')],
    filter: [...IPVS_FILTER_CHAINS.map(chainLine), ...expand('filter')],
  };
}

/** `iptablesJumpChain`, in source order; each is `EnsureRule(Prepend, …)`-ed, outside the restore payload. */
const IPVS_JUMP_CHAINS: readonly { table: 'filter' | 'nat'; from: JumpChainRule['chain']; to: string; comment: string }[] = [
  { table: 'nat', from: 'OUTPUT', to: KUBE_SERVICES, comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: KUBE_SERVICES, comment: 'kubernetes service portals' },
  { table: 'nat', from: 'POSTROUTING', to: KUBE_POSTROUTING, comment: 'kubernetes postrouting rules' },
  { table: 'filter', from: 'FORWARD', to: KUBE_FORWARD, comment: 'kubernetes forwarding rules' },
  { table: 'filter', from: 'INPUT', to: KUBE_NODE_PORT, comment: 'kubernetes health check rules' },
  { table: 'filter', from: 'INPUT', to: KUBE_PROXY_FIREWALL, comment: 'kube-proxy firewall rules' },
  { table: 'filter', from: 'FORWARD', to: KUBE_PROXY_FIREWALL, comment: 'kube-proxy firewall rules' },
  { table: 'filter', from: 'INPUT', to: KUBE_IPVS_FILTER, comment: 'kubernetes ipvs access filter' },
  { table: 'filter', from: 'OUTPUT', to: KUBE_IPVS_OUT_FILTER, comment: 'kubernetes ipvs access filter' },
];

const BUILTIN_ORDER: readonly { table: 'filter' | 'nat'; chain: JumpChainRule['chain'] }[] = [
  { table: 'filter', chain: 'INPUT' },
  { table: 'filter', chain: 'FORWARD' },
  { table: 'filter', chain: 'OUTPUT' },
  { table: 'nat', chain: 'PREROUTING' },
  { table: 'nat', chain: 'OUTPUT' },
  { table: 'nat', chain: 'POSTROUTING' },
];

/**
 * The jumps from the built-in chains after the first sync, listed per chain from the top. Each is inserted
 * at position 1, so a later entry of `iptablesJumpChain` ends up above an earlier one in the same chain.
 */
export function ipvsJumpChainRules(): JumpChainRule[] {
  const perChain = new Map<string, JumpChainRule[]>();
  for (const j of IPVS_JUMP_CHAINS) {
    const key = `${j.table} ${j.from}`;
    const list = perChain.get(key) ?? [];
    list.unshift({
      table: j.table,
      chain: j.from,
      rule: ['-m', 'comment', '--comment', quote(j.comment), '-j', j.to].join(' '),
      args: ['-m', 'comment', '--comment', j.comment, '-j', j.to],
    });
    perChain.set(key, list);
  }
  return BUILTIN_ORDER.flatMap(({ table, chain }) => perChain.get(`${table} ${chain}`) ?? []);
}

/** Names of every set, for callers that want to check a state has all of them. */
export const IPVS_SET_NAMES: readonly string[] = IPSET_INFO.map((s) => s.name);
