/**
 * The cloud load balancer of the source notes' architecture ("LB: the same effect as GCE"): a balancer in front
 * of the nodes, run by the network's router. Its controller (the cloud provider's service controller) gives every
 * LoadBalancer Service without one an ingress IP and writes it to status.loadBalancer.ingress; the balancer then
 * forwards each connection to the Service's NodePort on one healthy node, keeping the client's address (a
 * pass-through balancer: no SNAT). Healthy means Ready and, with externalTrafficPolicy Local, having a local ready
 * endpoint — what the Service's healthCheckNodePort answers (kube-proxy's health server returns 200 only then).
 *
 * Modelled with the router's own tools: the ingress IP is an address of the router on the node network, and the
 * choice of node is an iptables DNAT with `statistic` rules in its nat table, so traces show it like any other hop.
 *
 * Not modelled: health-check timing and hysteresis, per-connection affinity at the balancer, loadBalancerClass,
 * ipMode Proxy, IPv6, balancers with their own SNAT (AWS ELB style).
 */
import { cidrContains, formatIpv4, nthAddress, parseCidr, parseIpv4 } from '../../addr/ipv4';
import { iptablesRestore } from '../../netfilter';
import { computeProbability } from '../kube-proxy';
import type { V1EndpointSlice } from '../kube-proxy/types';
import type { ClusterSpec } from '../manifest';
import type { World } from '../../world/world';

/** The router's nat chain holding the balancer's forwarding rules. */
export const LB_CHAIN = 'K8SNET-LB';

/** First address the controller hands out on the node network (.200 upward), like a small cloud pool. */
export const LB_POOL_START = 200;

/** Gives every LoadBalancer Service without an ingress IP one from the pool (the controller's status write). */
export function allocateIngress(spec: ClusterSpec, log: (actor: string, m: string) => void): void {
  const net = parseCidr(spec.config.network.cidr);
  const taken = new Set<string>([
    spec.config.network.gateway,
    ...spec.nodes.flatMap((n) => n.internalIPs),
    ...spec.hosts.map((h) => h.ip),
    ...spec.services.flatMap((s) => (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '')),
  ]);
  let next = LB_POOL_START;
  for (const svc of spec.services) {
    if (svc.spec.type !== 'LoadBalancer' || (svc.status?.loadBalancer?.ingress?.length ?? 0) > 0) continue;
    let ip: string | undefined;
    while (next < 2 ** (32 - net.len) - 1) {
      const candidate = formatIpv4(nthAddress(net, next++));
      if (!taken.has(candidate)) {
        ip = candidate;
        break;
      }
    }
    if (!ip) {
      log('service-controller', `Service ${svc.metadata.namespace}/${svc.metadata.name}: no free load-balancer IP on ${spec.config.network.cidr}; EXTERNAL-IP stays <pending>`);
      continue;
    }
    taken.add(ip);
    svc.status = { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip }] } };
    log('service-controller', `Service ${svc.metadata.namespace}/${svc.metadata.name}: load balancer ${ip} (status.loadBalancer.ingress)`);
  }
}

/** Nodes that pass the balancer's health check for a Service. */
export function healthyNodes(spec: ClusterSpec, svc: ClusterSpec['services'][number], slices: readonly V1EndpointSlice[]): string[] {
  const ready = spec.nodes.filter((n) => n.ready);
  if (svc.spec.externalTrafficPolicy !== 'Local') return ready.map((n) => n.name);
  const local = new Set(
    slices
      .filter((s) => s.metadata?.namespace === svc.metadata.namespace && s.metadata?.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
      .flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false && (e.addresses?.length ?? 0) > 0).map((e) => e.nodeName ?? '')),
  );
  return ready.filter((n) => local.has(n.name)).map((n) => n.name);
}

/** Programs the balancer on the router namespace `lbNs`. */
export function installLoadBalancers(world: World, spec: ClusterSpec, slices: readonly V1EndpointSlice[], lbNs: string, log: (actor: string, m: string) => void): void {
  const ns = world.netns(lbNs);
  const net = parseCidr(spec.config.network.cidr);
  // Its own chain, re-declared (so flushed) on every sync, jumped to from PREROUTING once.
  const first = !ns.nf.tables.nat.chains[LB_CHAIN];
  const lines = ['*nat', `:${LB_CHAIN} - [0:0]`, ...(first ? [`-A PREROUTING -m comment --comment "cloud load balancer" -j ${LB_CHAIN}`] : [])];
  for (const svc of spec.services) {
    if (svc.spec.type !== 'LoadBalancer') continue;
    const id = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const nodes = healthyNodes(spec, svc, slices);
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
      if (!ing.ip || !cidrContains(net, parseIpv4(ing.ip))) continue;
      if (!ns.isLocalAddress(parseIpv4(ing.ip))) ns.addAddress('eth0', parseIpv4(ing.ip), 32);
      for (const p of svc.spec.ports ?? []) {
        if (!p.nodePort) continue;
        const proto = (p.protocol ?? 'TCP').toLowerCase();
        nodes.forEach((name, i) => {
          const node = spec.nodes.find((n) => n.name === name)!;
          const last = i === nodes.length - 1;
          const stat = last ? '' : ` -m statistic --mode random --probability ${computeProbability(nodes.length - i)}`;
          lines.push(`-A ${LB_CHAIN} -d ${ing.ip}/32 -p ${proto} -m ${proto} --dport ${p.port} -m comment --comment "lb ${id}:${p.name ?? p.port} -> ${name}"${stat} -j DNAT --to-destination ${node.internalIPs[0]}:${p.nodePort}`);
        });
        if (nodes.length === 0) {
          lines.push(`-A ${LB_CHAIN} -d ${ing.ip}/32 -p ${proto} -m ${proto} --dport ${p.port} -m comment --comment "lb ${id}:${p.name ?? p.port} has no healthy node" -j DROP`);
        }
      }
      log('load-balancer', `${ing.ip} → NodePorts on ${nodes.length ? nodes.join(', ') : 'no healthy node'} (${svc.spec.externalTrafficPolicy === 'Local' ? 'health check: nodes with local endpoints' : 'every Ready node'})`);
    }
  }
  if (first && lines.length === 3) return; // no load balancer yet: leave the router's tables untouched
  lines.push('COMMIT', '');
  iptablesRestore(ns.nf, lines.join('\n'), { noflush: true });
}
