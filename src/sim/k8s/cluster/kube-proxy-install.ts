/**
 * kube-proxy on one node: the iptables-mode sync (restore payload, stale chains, jump rules) and the IPVS-mode
 * sync (kube-ipvs0 addresses, virtual servers, its constant iptables rules), plus the health-check node ports.
 *
 * At scale most nodes get the same iptables payload, so it is computed, parsed and checked once and its chains
 * are shared by every node (see SharedProxyTables).
 *
 * Not modelled: kube-proxy's partial syncs (every sync here is a full one), its metrics and its conntrack
 * clean-up of stale UDP entries.
 */
import { formatIpv4, parseIpv4 } from '../../addr/ipv4';
import { fail } from '../../core/errors';
import type { World } from '../../world/world';
import type { Netns } from '../../netns/netns';
import { createNetfilter, iptablesRestore, iptablesRestoreLines, markLoaded, type Chain, type Netfilter, type Table } from '../../netfilter';
import { jumpChainRules, syncProxyRules } from '../kube-proxy';
import { ipvsIptablesExpanded, ipvsJumpChainRules, syncIpvs } from '../kube-proxy/ipvs';
import type { V1EndpointSlice } from '../kube-proxy/types';
import { proxierConfigFor, type ClusterSpec } from '../manifest';
import { nodeNetns } from './names';

/**
 * kube-proxy's full sync on one node: the restore payload (every chain it owns re-declared, so rewritten), `-X`
 * for service chains that no longer exist, and — on the first sync only — its jump rules at the top of the
 * built-in chains (EnsureRule with Prepend).
 */
export function installKubeProxy(world: World, spec: ClusterSpec, node: string, endpointSlices: V1EndpointSlice[], first = true): void {
  const ns = world.netns(nodeNetns(node));
  const nf = ns.nf;
  bindHealthCheckPorts(ns, spec);
  const hasKubeChains = (['nat', 'filter'] as const).some((t) => Object.keys(nf.tables[t].chains).some((c) => c.startsWith('KUBE-')));
  if (first && !hasKubeChains) {
    // First sync on a node without kube-proxy chains yet: most nodes get the same payload, so it is parsed once
    // and the nodes share its (immutable) chains; only the built-in chains with their jumps are per node.
    adoptSharedTables(nf, sharedProxyTables(spec, node, endpointSlices));
    return;
  }
  const rules = proxyRulesFor(spec, node, endpointSlices, true);
  const jumps = first ? jumpChainRules() : [];
  const table = (t: 'filter' | 'nat') => {
    const declared = new Set(rules[t].filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]));
    const stale = Object.keys(nf.tables[t].chains).filter((c) => /^KUBE-(SVC|SVL|EXT|FW|SEP)-/.test(c) && !declared.has(c));
    return [
      `*${t}`,
      ...rules[t].filter((l) => l.startsWith(':')),
      // As kube-proxy does for stale chains: declare (which flushes) then delete.
      ...stale.map((c) => `:${c} - [0:0]`),
      ...jumps.filter((j) => j.table === t).map((j) => `-I ${j.chain} ${jumps.filter((x) => x.table === t && x.chain === j.chain).indexOf(j) + 1} ${j.rule}`),
      ...rules[t].filter((l) => !l.startsWith(':')),
      ...stale.map((c) => `-X ${c}`),
      'COMMIT',
    ];
  };
  iptablesRestore(nf, [...table('filter'), ...table('nat'), ''].join('\n'), { noflush: true });
}

/**
 * kube-proxy serves each eTP=Local LoadBalancer Service's healthCheckNodePort on every node (its health server).
 * Not modelled: the HTTP answer itself (200 with local endpoints, 503 without); the balancer applies that rule.
 */
function bindHealthCheckPorts(ns: Netns, spec: ClusterSpec): void {
  for (const s of spec.services) {
    const port = s.spec.healthCheckNodePort;
    if (!port || ns.sockets.some((x) => x.port === port && x.proto === 'tcp')) continue;
    ns.bind({ proto: 'tcp', addr: 0, port, reusePort: false, reuseAddr: false, owner: `kube-proxy (health check for ${s.metadata.namespace}/${s.metadata.name})` });
  }
}

/**
 * kube-proxy's payload for a node, parsed. The payload depends on the node only through node-local traffic
 * policies and source ranges checked against node IPs; without those every node gets the same rules, computed
 * and parsed once per set of Services and EndpointSlices (kept by their identity, so the text itself is not
 * kept alive). With them, nodes whose payloads are equal still share one parse, found by the text.
 */
const nodeIndependent = new WeakMap<object, WeakMap<object, SharedProxyTables>>();

/** Parsed node-dependent payloads by their text (a few entries: nodes differ only with node-local policies). */
const payloadCache = new Map<string, SharedProxyTables>();

/**
 * kube-proxy's chains as restored on a node that had none, with its jump rules in otherwise empty built-in
 * chains, committed (so checked as the kernel checks a table) in a scratch namespace. A node adopts them by
 * prepending the jumps to its own built-in chains: that is what restoring the payload and then the jumps
 * (EnsureRule with Prepend) does, without copying or rechecking 400,000 rules per node. The checks still
 * hold: the node's own rules were checked when they were installed and do not reach kube-proxy's chains, and
 * kube-proxy's chains are reached from the same hooks as in the scratch.
 */
export interface SharedProxyTables {
  readonly tables: { readonly filter: Table; readonly nat: Table };
  /** xt_recent lists the rules name (sessionAffinity ClientIP), created on the node with the rules. */
  readonly recentLists: readonly string[];
}

function sharedProxyTables(spec: ClusterSpec, node: string, endpointSlices: V1EndpointSlice[]): SharedProxyTables {
  if (!perNodeRules(spec)) {
    let bySlices = nodeIndependent.get(spec.services);
    if (!bySlices) nodeIndependent.set(spec.services, (bySlices = new WeakMap()));
    let hit = bySlices.get(endpointSlices);
    if (!hit) bySlices.set(endpointSlices, (hit = parsePayload(payloadLines(proxyRulesFor(spec, node, endpointSlices)))));
    return hit;
  }
  const lines = payloadLines(proxyRulesFor(spec, node, endpointSlices));
  const text = lines.join('\n');
  let hit = payloadCache.get(text);
  if (!hit) {
    hit = parsePayload(lines);
    if (payloadCache.size >= 4) payloadCache.delete(payloadCache.keys().next().value!);
    payloadCache.set(text, hit);
  }
  return hit;
}

/**
 * Whether nodes get different payloads: node-local traffic policies, source ranges checked against node IPs,
 * and nodePortAddresses (kube-proxy then writes `-d <this node's IP> -j KUBE-NODEPORTS`).
 */
function perNodeRules(spec: ClusterSpec): boolean {
  return (
    spec.config.proxy.nodePortAddresses.length > 0 ||
    spec.services.some((s) => s.spec.externalTrafficPolicy === 'Local' || s.spec.internalTrafficPolicy === 'Local' || (s.spec.loadBalancerSourceRanges?.length ?? 0) > 0)
  );
}

/** Node-independent payload texts for resyncs (a resync of N nodes computes the rules once, not N times). */
const resyncRules = new WeakMap<object, WeakMap<object, { filter: string[]; nat: string[] }>>();

function proxyRulesFor(spec: ClusterSpec, node: string, endpointSlices: V1EndpointSlice[], keep = false): { filter: string[]; nat: string[] } {
  const compute = () => syncProxyRules({ services: spec.services, endpointSlices, config: proxierConfigFor(spec, node) });
  if (!keep || perNodeRules(spec)) return compute();
  let bySlices = resyncRules.get(spec.services);
  if (!bySlices) resyncRules.set(spec.services, (bySlices = new WeakMap()));
  let rules = bySlices.get(endpointSlices);
  if (!rules) bySlices.set(endpointSlices, (rules = compute()));
  return rules;
}

/** The restore payload, then kube-proxy's jump rules inserted at the top of the built-in chains. */
export function payloadLines(rules: { filter: string[]; nat: string[] }): string[] {
  const jumps = jumpChainRules();
  const inserts = (t: 'filter' | 'nat') => {
    // kube-proxy calls EnsureChain for each jump's target before EnsureRule (proxier.go syncProxyRules), so a
    // chain the payload does not declare — KUBE-FIREWALL when localhostNodePorts is off — exists, empty.
    const declared = new Set(rules[t].filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]));
    const ensured = [...new Set(jumps.filter((j) => j.table === t).map((j) => j.args[j.args.length - 1]!))].filter((c) => !declared.has(c));
    return [
      ...ensured.map((c) => `:${c} - [0:0]`),
      ...jumps.filter((j) => j.table === t).map((j) => `-I ${j.chain} ${jumps.filter((x) => x.table === t && x.chain === j.chain).indexOf(j) + 1} ${j.rule}`),
    ];
  };
  // In the same block as the payload, so each table is committed (and checked) once.
  return ['*filter', ...rules.filter, ...inserts('filter'), 'COMMIT', '*nat', ...rules.nat, ...inserts('nat'), 'COMMIT'];
}

/** Restores a payload (with its jump rules) into a scratch namespace, checked as the kernel checks a table. */
export function parsePayload(lines: readonly string[]): SharedProxyTables {
  const scratch = createNetfilter();
  iptablesRestoreLines(scratch, lines, { noflush: true });
  return { tables: { filter: scratch.tables.filter, nat: scratch.tables.nat }, recentLists: [...scratch.recent.keys()] };
}

/**
 * A node without kube-proxy chains takes the shared ones: every KUBE- chain as parsed, and the jump rules at the
 * top of its built-in chains, above what the node had (its CNI's rules); its own user chains stay.
 */
export function adoptSharedTables(nf: Netfilter, shared: SharedProxyTables): void {
  for (const t of ['filter', 'nat'] as const) {
    const own = nf.tables[t].chains;
    const chains: Record<string, Chain> = { ...shared.tables[t].chains };
    for (const name in own) {
      const c = own[name]!;
      if (c.hook) chains[name] = { ...c, rules: [...(shared.tables[t].chains[name]?.rules ?? []), ...c.rules] };
      else if (!name.startsWith('KUBE-')) chains[name] = c;
    }
    // The node's own rules were checked against its own chains; one that jumped to a KUBE- chain of the node's
    // (replaced here by kube-proxy's) must still find it, as the kernel's commit check would require.
    for (const name in own) {
      for (const r of own[name]!.rules) {
        if (r.target.kind === 'jump' && !chains[r.target.chain]) {
          fail('NOT_FOUND', `${t} chain ${name} of this node jumps to ${r.target.chain}, which kube-proxy's rules do not define: remove that rule before kube-proxy starts`);
        }
      }
    }
    nf.tables[t] = { name: t, chains };
    markLoaded(nf, t);
  }
  for (const name of shared.recentLists) if (!nf.recent.has(name)) nf.recent.set(name, { name, entries: new Map() });
}

/** The dummy device kube-proxy's IPVS mode binds every Service address to (defaultDummyDevice). */
export const IPVS_DUMMY = 'kube-ipvs0';

/**
 * kube-proxy in IPVS mode on one node: every ClusterIP, external and load-balancer IP bound as /32 on the dummy
 * kube-ipvs0 (DOWN, as on a real node: its addresses are local anyway), the IPVS table replaced by the desired
 * virtual servers, and its constant iptables rules (ipset matches expanded into plain rules, a simulator device).
 */
export function installKubeProxyIpvs(world: World, spec: ClusterSpec, node: string, endpointSlices: V1EndpointSlice[], first = true): void {
  const nsName = nodeNetns(node);
  const ns = world.netns(nsName);
  if (!ns.devices.has(IPVS_DUMMY)) world.addDummy(nsName, IPVS_DUMMY);
  const dummy = ns.device(IPVS_DUMMY);
  // NodePort virtual servers go on every local address except loopback and the dummy's own.
  const nodeIPs = [...ns.devices.values()].filter((d) => d.name !== IPVS_DUMMY && d.kind !== 'loopback').flatMap((d) => d.addrs.map((a) => formatIpv4(a.ip)));
  const state = syncIpvs({ services: spec.services, endpointSlices, config: { ...proxierConfigFor(spec, node), nodeIPs } });
  const want = new Set(state.dummyAddresses);
  for (const a of [...dummy.addrs]) if (!want.has(formatIpv4(a.ip))) ns.delAddress(IPVS_DUMMY, a.ip, a.len);
  for (const ip of want) if (!dummy.addrs.some((a) => formatIpv4(a.ip) === ip)) ns.addAddress(IPVS_DUMMY, parseIpv4(ip), 32);
  ns.ipvs.replace(state.virtualServers.map((vs) => ({
    proto: vs.proto.toLowerCase() as 'tcp',
    vip: parseIpv4(vs.address),
    port: vs.port,
    scheduler: vs.scheduler,
    persistMs: (vs.persistent ?? 0) * 1000,
    dests: vs.realServers.map((r) => ({ ip: parseIpv4(r.address), port: r.port, weight: r.weight })),
    label: vs.service,
  })));
  const rules = ipvsIptablesExpanded(state);
  const jumps = first ? ipvsJumpChainRules() : [];
  const table = (t: 'filter' | 'nat') => [
    `*${t}`,
    ...rules[t].filter((l) => l.startsWith(':')),
    ...jumps.filter((j) => j.table === t).map((j) => `-I ${j.chain} ${jumps.filter((x) => x.table === t && x.chain === j.chain).indexOf(j) + 1} ${j.rule}`),
    ...rules[t].filter((l) => !l.startsWith(':')),
    'COMMIT',
  ];
  iptablesRestore(ns.nf, [...table('filter'), ...table('nat'), ''].join('\n'), { noflush: true });
}
