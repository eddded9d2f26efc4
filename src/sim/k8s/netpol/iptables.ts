/**
 * The simulated cluster's NetworkPolicy agent: turns the NetworkPolicy model into iptables rules for one
 * node's filter table, the way iptables-based policy agents do (kube-router's network policy controller,
 * Calico's Felix in Canal), so that policy decisions happen in the data plane and show up in traces and
 * in iptables-save. The semantics are those of evaluate.ts; tests replay the upstream e2e truth tables
 * and random policies through the generated rules.
 *
 * Chain layout in the node's filter table:
 *
 *   FORWARD        -m comment --comment "k8snet network policy" -j K8SNET-NETPOL   (the caller puts this
 *                  FIRST, before kube-proxy's KUBE-FORWARD, which accepts masquerade-marked traffic)
 *   INPUT          the same jump (optional): a local pod's egress to this node's own addresses
 *   K8SNET-NETPOL  1. -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT   (replies of allowed connections)
 *                  2. -s <podIP>/32 -j K8SNET-EGR-<hash>   per pod on this node isolated for egress
 *                  3. -d <podIP>/32 -j K8SNET-ING-<hash>   per pod on this node isolated for ingress
 *                  then back to FORWARD: its other rules decide as if there were no policy.
 *   K8SNET-EGR-…   one `-j RETURN` per allowed (destination, port); last rule DROP (or REJECT).
 *   K8SNET-ING-…   `-m addrtype --src-type LOCAL -j RETURN` (the pod's own node), one `-j RETURN` per
 *                  allowed (source, port); last rule DROP (or REJECT).
 *
 * RETURN means "allowed": the packet goes back to K8SNET-NETPOL, where the destination's ingress jump
 * still runs when both pods are on this node. A pod on another node has its side checked by that node's
 * agent, so a cross-node connection passes the client's egress chain on its node and the server's ingress
 * chain on the server's node, and a same-node connection passes both chains on the one node.
 *
 * Design facts and where they come from:
 * - Per-pod chains, the stateful ACCEPT first, `-s` jumps for egress and `-d` jumps for ingress from
 *   FORWARD (and INPUT/OUTPUT), an `addrtype --src-type LOCAL` accept for "traffic from the pod's local
 *   node", and a chain name of prefix + base32(sha256(…))[:16]: kube-router
 *   pkg/controllers/netpol/pod.go (syncPodFirewallChains, podFirewallChainName).
 * - Deny action. Calico drops by default: FelixConfiguration `iptablesFilterDenyAction` "By default Calico
 *   blocks traffic with an iptables DROP action" (projectcalico/api pkg/apis/projectcalico/v3/felixconfig.go);
 *   kube-router REJECTs (pod.go dropUnmarkedTrafficRules: `-j REJECT`, whose default is
 *   icmp-port-unreachable). We model Canal, so DROP is the default and REJECT an option; the upstream e2e
 *   only needs "blocked" (a timeout or a refusal both fail the probe).
 * - ipBlock `except`: real agents use ipsets (kube-router's hash:net `nomatch` entries, Calico's "notNets"
 *   sets). Without ipset, and with one -s/-d per iptables rule, `cidr` minus `except` is written as the
 *   disjoint prefixes that remain (CIDR subtraction, as Cilium's ComputeResultantCIDRSet in
 *   pkg/policy/api/cidr.go does), one RETURN rule each. A sub-chain would not do: RETURN from it
 *   resumes the per-pod chain, so it cannot say "allowed" without a mark bit.
 * - Selectors are expanded to the current IPs of the selected pods (one rule per address, where agents
 *   use an ipset); named ports resolve against the destination pod, so egress rules with a named port
 *   carry that pod's IP.
 *
 * Not modelled: IPv6 (ip6tables; IPv6 pods and ipBlocks are skipped), the OUTPUT hook (traffic from
 * this node's own processes and hostNetwork pods: ingress from the pod's own node is allowed anyway), NFLOG
 * of denied packets, deleting chains of a previous sync (see isNetpolChainName), and updating rules when
 * pods or policies change (call again and restore).
 */
import { formatIpv4, maskOf, tryParseIpv4 } from '../../addr/ipv4';
import { fail } from '../../core/errors';
import { saveString } from '../../netfilter/values';
import { base32StdEncode } from '../kube-proxy/base32';
import { sha256, utf8Encode } from '../kube-proxy/sha256';
import { formatCompiledCidr, parsePeerIp } from './ipblock';
import { selectorMatches } from './selector';
import type { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, ModelPod, NetpolModel, NetpolProtocol } from './types';

export const NETPOL_CHAIN = 'K8SNET-NETPOL';
export const EGRESS_CHAIN_PREFIX = 'K8SNET-EGR-';
export const INGRESS_CHAIN_PREFIX = 'K8SNET-ING-';
const JUMP_COMMENT = 'k8snet network policy';
/** XT_MAX_COMMENT_LEN (256) includes the NUL. */
const MAX_COMMENT = 255;

/** What a packet no policy allows gets. */
export type NetpolDenyAction = 'DROP' | 'REJECT';

/** A pod as the node agent sees it from the API: where it runs and its current IP ('' = none yet). */
export interface NetpolNodePod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly nodeName?: string;
  readonly hostNetwork?: boolean;
}

export interface NetpolIptablesInput {
  /** The node whose rules to build. */
  readonly nodeName: string;
  /** Every pod of the cluster (all nodes): selectors expand to their IPs. Each must be in the model. */
  readonly pods: readonly NetpolNodePod[];
  /** Default DROP (Calico); REJECT answers icmp-port-unreachable (kube-router). */
  readonly denyAction?: NetpolDenyAction;
}

export interface NetpolIptablesResult {
  /** iptables-restore text for `*filter` (restore with --noflush next to kube-proxy's rules). */
  readonly payload: string;
  /** The FORWARD rule the caller inserts at the top of FORWARD. */
  readonly jump: string;
  /** The same jump for INPUT: enforces a local pod's egress to this node's own addresses. */
  readonly inputJump: string;
  /** The chains the payload declares, in payload order. */
  readonly chains: readonly string[];
}

/** A pod-network IPv4 pod with an address: what selectors expand to and what gets chains. */
interface LivePod {
  readonly pod: ModelPod;
  readonly ip: string;
  readonly n: number;
  readonly nodeName?: string;
}

interface Prefix {
  readonly addr: number;
  readonly len: number;
}

/** One end of an allow rule: an address (undefined = any), and the pod behind it when it is one. */
interface PeerAddr {
  readonly prefix?: Prefix;
  readonly pod?: LivePod;
  /** "y/b", "ipBlock 10.0.0.0/8 except 10.1.0.0/16", "any". */
  readonly desc: string;
}

interface RuleSpec {
  readonly src?: Prefix;
  readonly dst?: Prefix;
  readonly proto?: 'tcp' | 'udp' | 'sctp';
  readonly comment: string;
  /** Match options after the comment, with a leading space (" -m tcp --dport 80"). */
  readonly extra?: string;
  readonly target: string;
}

/** Chain names are prefix + base32(sha256("ns/name"))[:16], as kube-router's podFirewallChainName. */
function podHash(namespace: string, name: string): string {
  return base32StdEncode(sha256(utf8Encode(`${namespace}/${name}`))).slice(0, 16);
}

export function egressChainName(namespace: string, name: string): string {
  return EGRESS_CHAIN_PREFIX + podHash(namespace, name);
}

export function ingressChainName(namespace: string, name: string): string {
  return INGRESS_CHAIN_PREFIX + podHash(namespace, name);
}

/** Whether a filter chain belongs to the policy agent (so a resync may delete it when unused). */
export function isNetpolChainName(chain: string): boolean {
  return chain === NETPOL_CHAIN || chain.startsWith(EGRESS_CHAIN_PREFIX) || chain.startsWith(INGRESS_CHAIN_PREFIX);
}

function prefixText(p: Prefix): string {
  return `${formatIpv4(p.addr)}/${p.len}`;
}

function prefixContains(p: Prefix, ip: number): boolean {
  return ((ip & maskOf(p.len)) >>> 0) === p.addr;
}

/**
 * `net` minus every prefix of `except`, as disjoint prefixes in address order: a half that no except
 * touches is kept whole, a half inside an except is dropped, anything else is split again.
 */
export function subtractPrefixes(net: Prefix, except: readonly Prefix[]): Prefix[] {
  const out: Prefix[] = [];
  const walk = (p: Prefix): void => {
    let overlaps = false;
    for (const e of except) {
      if (e.len <= p.len) {
        if (prefixContains(e, p.addr)) return; // p lies inside this except
      } else if (prefixContains(p, e.addr)) {
        overlaps = true;
      }
    }
    if (!overlaps) {
      out.push(p);
      return;
    }
    const len = p.len + 1;
    walk({ addr: p.addr, len });
    walk({ addr: (p.addr | (1 << (32 - len))) >>> 0, len });
  };
  walk(net);
  return out;
}

function truncateComment(s: string): string {
  return s.length <= MAX_COMMENT ? s : `${s.slice(0, MAX_COMMENT - 3)}...`;
}

function formatRule(chain: string, r: RuleSpec): string {
  // iptables-save order (print_rule4): -s, -d, -p, then the matches as written, then the target; a /0
  // address is not printed. Writing it this way makes iptables-save print the payload back unchanged.
  let s = `-A ${chain}`;
  if (r.src && r.src.len > 0) s += ` -s ${prefixText(r.src)}`;
  if (r.dst && r.dst.len > 0) s += ` -d ${prefixText(r.dst)}`;
  if (r.proto) s += ` -p ${r.proto}`;
  s += ` -m comment --comment ${saveString(truncateComment(r.comment))}`;
  if (r.extra) s += r.extra;
  return `${s} -j ${r.target}`;
}

function protoOf(p: NetpolProtocol): 'tcp' | 'udp' | 'sctp' {
  switch (p) {
    case 'TCP':
      return 'tcp';
    case 'UDP':
      return 'udp';
    case 'SCTP':
      return 'sctp';
    default: {
      const never: never = p;
      return never;
    }
  }
}

function dportMatch(proto: 'tcp' | 'udp' | 'sctp', from: number, to: number): string {
  return ` -m ${proto} --dport ${to > from ? `${from}:${to}` : from}`;
}

const byRef = (a: LivePod, b: LivePod): number => (a.pod.ref < b.pod.ref ? -1 : a.pod.ref > b.pod.ref ? 1 : 0);

/** Validates the pod list against the model and returns the live pod-network IPv4 pods, sorted by ref. */
function livePods(model: NetpolModel, input: NetpolIptablesInput): LivePod[] {
  if (typeof input.nodeName !== 'string' || input.nodeName === '') {
    fail('BAD_USAGE', 'netpolIptables: nodeName is empty; pass the name of the node whose rules to build');
  }
  const deny = input.denyAction ?? 'DROP';
  if (deny !== 'DROP' && deny !== 'REJECT') {
    fail('BAD_USAGE', `netpolIptables: denyAction "${String(deny)}" must be DROP (Calico's default) or REJECT (kube-router)`);
  }
  const seen = new Set<string>();
  const byIp = new Map<string, string>();
  const out: LivePod[] = [];
  for (const p of input.pods) {
    const ref = `${p.namespace}/${p.name}`;
    if (!Object.hasOwn(model.podIndex, ref)) {
      fail('NOT_FOUND', `netpolIptables: pod ${ref} is not in the NetworkPolicy model; build the model (buildNetpolModel) with every pod, then generate the rules`);
    }
    if (seen.has(ref)) fail('EXISTS', `netpolIptables: pod ${ref} is listed twice; list each pod once`);
    seen.add(ref);
    if (p.ip === '') continue; // not started yet: nothing to match (kube-router skips pods without an IP too)
    const peer = parsePeerIp(p.ip);
    if (peer === undefined) fail('BAD_ADDRESS', `netpolIptables: pod ${ref} has IP "${p.ip}", which is not an IPv4 or IPv6 address`);
    if (p.hostNetwork === true) continue; // node traffic: never selected, never isolated
    const other = byIp.get(p.ip);
    if (other !== undefined) fail('EXISTS', `netpolIptables: pods ${other} and ${ref} both have IP ${p.ip}; pod IPs are unique`);
    byIp.set(p.ip, ref);
    const n = tryParseIpv4(p.ip);
    if (n === undefined) continue; // IPv6: ip6tables is not modelled
    out.push({ pod: model.pods[model.podIndex[ref]!]!, ip: p.ip, n, ...(p.nodeName !== undefined ? { nodeName: p.nodeName } : {}) });
  }
  return out.sort(byRef);
}

/** The policies that isolate `pod` for `dir` (evaluate.ts evaluateDirection: same namespace, selected). */
function applyingPolicies(model: NetpolModel, dir: 'ingress' | 'egress', pod: ModelPod): CompiledPolicy[] {
  return model.policies.filter((p) => p[dir] !== undefined && p.namespace === pod.namespace && selectorMatches(p.podSelector, pod.labels));
}

/** The live pods a selector peer selects (evaluate.ts peerMatches, 'selector'). */
function selectedPods(model: NetpolModel, peer: Extract<CompiledPeer, { kind: 'selector' }>, policyNamespace: string, live: readonly LivePod[]): LivePod[] {
  return live.filter(({ pod }) => {
    if (peer.namespaceSelector) {
      if (!selectorMatches(peer.namespaceSelector, model.namespaces[pod.namespace] ?? {})) return false;
    } else if (pod.namespace !== policyNamespace) {
      return false; // podSelector alone: the policy's own namespace
    }
    return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
  });
}

function ipBlockDesc(peer: Extract<CompiledPeer, { kind: 'ipBlock' }>): string {
  const base = `ipBlock ${formatCompiledCidr(peer.cidr)}`;
  return peer.except.length === 0 ? base : `${base} except ${peer.except.map(formatCompiledCidr).join(',')}`;
}

/** The addresses a rule's peers stand for; rule.peers undefined = anybody. */
function peerAddrs(model: NetpolModel, rule: CompiledRule, policyNamespace: string, live: readonly LivePod[]): PeerAddr[] {
  if (!rule.peers) return [{ desc: 'any' }];
  const out: PeerAddr[] = [];
  for (const peer of rule.peers) {
    switch (peer.kind) {
      case 'selector':
        for (const lp of selectedPods(model, peer, policyNamespace, live)) {
          out.push({ prefix: { addr: lp.n, len: 32 }, pod: lp, desc: lp.pod.ref });
        }
        break;
      case 'ipBlock': {
        if (peer.cidr.family !== 4) break; // IPv6 block: never matches an IPv4 packet
        const except = peer.except.flatMap((e) => (e.family === 4 ? [{ addr: e.addr, len: e.len }] : []));
        const desc = ipBlockDesc(peer);
        for (const prefix of subtractPrefixes({ addr: peer.cidr.addr, len: peer.cidr.len }, except)) out.push({ prefix, desc });
        break;
      }
      default: {
        const never: never = peer;
        return never;
      }
    }
  }
  return out;
}

/** The container ports of `pod` a named port entry resolves to (name and protocol must both match). */
function namedPorts(pod: ModelPod, p: Extract<CompiledPort, { kind: 'named' }>): number[] {
  return pod.ports.filter((cp) => cp.name === p.name && cp.protocol === p.protocol).map((cp) => cp.containerPort);
}

/**
 * The allow rules of one NetworkPolicy rule for `subject`'s chain. Egress: peers are destinations and
 * named ports resolve against each destination pod. Ingress: peers are sources and named ports resolve
 * against the subject itself.
 */
function allowRules(
  model: NetpolModel, dir: 'ingress' | 'egress', policy: CompiledPolicy, rule: CompiledRule,
  subject: LivePod, live: readonly LivePod[],
): RuleSpec[] {
  const head = `${policy.key} ${dir} rule ${rule.index}: ${dir === 'egress' ? 'to' : 'from'}`;
  const out: RuleSpec[] = [];
  const push = (peer: Prefix | undefined, desc: string, proto?: 'tcp' | 'udp' | 'sctp', extra?: string): void => {
    out.push({
      ...(peer ? (dir === 'egress' ? { dst: peer } : { src: peer }) : {}),
      ...(proto ? { proto } : {}),
      comment: `${head} ${desc}`,
      ...(extra ? { extra } : {}),
      target: 'RETURN',
    });
  };
  for (const peer of peerAddrs(model, rule, policy.namespace, live)) {
    if (!rule.ports) {
      push(peer.prefix, peer.desc); // no ports: every port of every protocol
      continue;
    }
    for (const port of rule.ports) {
      const proto = protoOf(port.protocol);
      switch (port.kind) {
        case 'all': // only `protocol` given: every port of that protocol
          push(peer.prefix, peer.desc, proto);
          break;
        case 'range':
          push(peer.prefix, peer.desc, proto, dportMatch(proto, port.from, port.to));
          break;
        case 'named':
          if (dir === 'ingress') {
            for (const n of namedPorts(subject.pod, port)) push(peer.prefix, `${peer.desc} port ${port.name}`, proto, dportMatch(proto, n, n));
          } else if (peer.pod) {
            for (const n of namedPorts(peer.pod.pod, port)) push(peer.prefix, `${peer.desc} port ${port.name}`, proto, dportMatch(proto, n, n));
          } else {
            // An address range: the pods inside it that have a port of that name, each by its own IP.
            for (const lp of live) {
              if (peer.prefix && !prefixContains(peer.prefix, lp.n)) continue;
              const desc = peer.prefix ? `${lp.pod.ref} (${peer.desc}) port ${port.name}` : `${lp.pod.ref} port ${port.name}`;
              for (const n of namedPorts(lp.pod, port)) push({ addr: lp.n, len: 32 }, desc, proto, dportMatch(proto, n, n));
            }
          }
          break;
        default: {
          const never: never = port;
          return never;
        }
      }
    }
  }
  return out;
}

/**
 * The iptables-restore payload (`*filter`) that enforces every NetworkPolicy for the pods of
 * `input.nodeName`, and the FORWARD (and INPUT) jump the caller inserts first in that chain.
 * Deterministic: chains in iptables-save order (strcmp), pods by namespace/name, policies by
 * namespace/name, rules, peers and ports in spec order.
 */
export function netpolIptables(model: NetpolModel, input: NetpolIptablesInput): NetpolIptablesResult {
  const live = livePods(model, input);
  const denyTarget = (input.denyAction ?? 'DROP') === 'DROP' ? 'DROP' : 'REJECT --reject-with icmp-port-unreachable';
  const local = live.filter((lp) => lp.nodeName === input.nodeName);

  const chains = new Map<string, string[]>();
  const main: string[] = [
    formatRule(NETPOL_CHAIN, {
      comment: 'k8snet network policy: replies of allowed connections',
      extra: ' -m conntrack --ctstate RELATED,ESTABLISHED',
      target: 'ACCEPT',
    }),
  ];
  const jumps: Record<'egress' | 'ingress', string[]> = { egress: [], ingress: [] };

  for (const dir of ['egress', 'ingress'] as const) {
    for (const lp of local) {
      const policies = applyingPolicies(model, dir, lp.pod);
      if (policies.length === 0) continue; // not isolated for this direction: no chain, no jump
      const chain = (dir === 'egress' ? egressChainName : ingressChainName)(lp.pod.namespace, lp.pod.name);
      const self: Prefix = { addr: lp.n, len: 32 };
      const isolatedBy = policies.map((p) => p.key).join(' ');
      jumps[dir].push(formatRule(NETPOL_CHAIN, {
        ...(dir === 'egress' ? { src: self } : { dst: self }),
        comment: `${lp.pod.ref} ${dir} isolated by ${isolatedBy}`,
        target: chain,
      }));
      const lines: string[] = [];
      if (dir === 'ingress') {
        // NetworkPolicySpec.ingress: traffic is allowed "...OR if the traffic source is the pod's local node"
        // (kube-router pod.go: the same addrtype rule). Effective where the chain is also hooked from OUTPUT.
        lines.push(formatRule(chain, {
          comment: `${lp.pod.ref} ingress from its own node (kubelet probes)`,
          extra: ' -m addrtype --src-type LOCAL',
          target: 'RETURN',
        }));
      }
      for (const policy of policies) {
        for (const rule of policy[dir]!) {
          for (const spec of allowRules(model, dir, policy, rule, lp, live)) lines.push(formatRule(chain, spec));
        }
      }
      lines.push(formatRule(chain, { comment: `${lp.pod.ref} ${dir} denied by network policy`, target: denyTarget }));
      chains.set(chain, [...new Set(lines)]); // two peers selecting the same pod give the same line once
    }
  }
  main.push(...jumps.egress, ...jumps.ingress);
  chains.set(NETPOL_CHAIN, main);

  // iptables-save lists user chains sorted by strcmp (libiptc iptc_insert_chain); rules grouped by chain.
  const names = [...chains.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = ['*filter', ...names.map((c) => `:${c} - [0:0]`)];
  for (const c of names) out.push(...chains.get(c)!);
  out.push('COMMIT');
  return {
    payload: out.join('\n') + '\n',
    jump: `-A FORWARD -m comment --comment "${JUMP_COMMENT}" -j ${NETPOL_CHAIN}`,
    inputJump: `-A INPUT -m comment --comment "${JUMP_COMMENT}" -j ${NETPOL_CHAIN}`,
    chains: names,
  };
}
