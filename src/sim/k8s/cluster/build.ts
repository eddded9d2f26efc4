/**
 * Builds the simulated cluster from a ClusterSpec: the node network and its router, outside Hosts, Nodes with
 * their kernel settings, the Pod network (the bridge CNI plugin with host-local IPAM, driven by flannel's
 * host-gw or VXLAN backend when the CNI is flannel), Pods with their listening sockets, then kube-proxy on
 * every node from the Services and EndpointSlices (kube-proxy-install.ts), and the NetworkPolicy agent's rules.
 * This is the control plane's work after `kubectl apply`: it writes configuration and never moves a packet.
 *
 * Not modelled: the bridge plugin's own ipMasq chains, portmap/hostPort DNAT, Pods that are not Running, IPv6.
 */
import { cidrContains, formatIpv4, parseCidr, parseIpv4, type Cidr4 } from '../../addr/ipv4';
import { createWorld, type World } from '../../world/world';
import { BridgeCni } from '../../cni/bridge';
import { flannelBackend, flannelBackendFor, installFlannelIptables, type FlannelNode } from '../../cni/flannel';
import { iptablesRestore } from '../../netfilter';
import { buildNetpolModel, isNetpolChainName, netpolIptables } from '../netpol';
import type { V1EndpointSlice } from '../kube-proxy/types';
import { allEndpointSlices, type ClusterSpec, type NodeSpec, type PodSpec } from '../manifest';
import { installKubeProxy, installKubeProxyIpvs } from './kube-proxy-install';
import { hostNetns, NODE_NETWORK_SEGMENT, nodeNetns, podNetns, ROUTER_NETNS } from './names';
import { allocateIngress, installLoadBalancers } from './load-balancer';
import { crashingPods, startContainers } from './containers';

export interface BuildEvent {
  /** Who did it, as a real cluster's component would be named. */
  actor: string;
  message: string;
}

export interface BuiltCluster {
  world: World;
  /** The current desired state; the control plane replaces it on every accepted change. */
  spec: ClusterSpec;
  /** The bridge CNI plugin of each node (its host-local IPAM state), for later ADD/DEL. */
  plugins: Map<string, BridgeCni>;
  /** "namespace/name" → Pod IP (hostNetwork Pods: their node's IP). */
  podIPs: Map<string, string>;
  /** Declared + controller-made EndpointSlices, with Pod IPs filled in. */
  endpointSlices: V1EndpointSlice[];
  /** What the control plane did while building, in order. */
  events: BuildEvent[];
  /** Namespace of the node network's gateway, if there is one. */
  gatewayNetns?: string;
}

export interface BuildOptions {
  seed?: number;
}

function underlayOf(spec: ClusterSpec): Cidr4 {
  return parseCidr(spec.config.network.cidr, 'Network spec.cidr');
}

export function buildCluster(spec: ClusterSpec, opts: BuildOptions = {}): BuiltCluster {
  const world = createWorld({ seed: opts.seed ?? 1 });
  const events: BuildEvent[] = [];
  const log = (actor: string, message: string) => events.push({ actor, message });
  const underlay = underlayOf(spec);
  const mtu = spec.config.network.mtu;
  const gateway = spec.config.network.gateway;

  // The node network and its router (a declared Host at the gateway address plays the router).
  const gatewayHost = spec.hosts.find((h) => h.ip === gateway);
  const gatewayNs = gatewayHost ? hostNetns(gatewayHost.name) : ROUTER_NETNS;
  const onSegment = (ns: string, ip: string) => {
    world.addEther(ns, 'eth0', { segment: NODE_NETWORK_SEGMENT, mtu });
    world.linkSet(ns, 'eth0', { up: true });
    world.addAddress(ns, 'eth0', `${ip}/${underlay.len}`);
  };
  if (!gatewayHost) {
    world.addNetns(ROUTER_NETNS, 'router');
    world.linkSet(ROUTER_NETNS, 'lo', { up: true });
    onSegment(ROUTER_NETNS, gateway);
  }

  // Outside hosts: on the node network, or behind the router on a link of their own.
  let link = 0;
  for (const h of spec.hosts) {
    const name = hostNetns(h.name);
    world.addNetns(name, h.ip === gateway ? 'router' : 'host');
    world.linkSet(name, 'lo', { up: true });
    if (h.onNodeNetwork) {
      onSegment(name, h.ip);
      if (h.ip !== gateway) world.netns(name).addRoute({ dst: parseCidr('0.0.0.0/0'), via: parseIpv4(gateway) });
    } else {
      // Like a Calico workload: the host's /32 behind a link-local next hop on the router.
      const rdev = `ext${link++}`;
      world.addVeth({ ns: gatewayNs, name: rdev }, { ns: name, name: 'eth0' });
      world.linkSet(gatewayNs, rdev, { up: true });
      world.linkSet(name, 'eth0', { up: true });
      world.addAddress(gatewayNs, rdev, '169.254.1.1/32');
      world.addAddress(name, 'eth0', `${h.ip}/32`);
      world.netns(name).addRoute({ dst: parseCidr('169.254.1.1/32'), dev: 'eth0', scope: 'link' });
      world.netns(name).addRoute({ dst: parseCidr('0.0.0.0/0'), via: parseIpv4('169.254.1.1'), dev: 'eth0', onlink: true });
      world.netns(gatewayNs).addRoute({ dst: parseCidr(`${h.ip}/32`), dev: rdev, scope: 'link' });
    }
    for (const p of h.ports) {
      world.netns(name).bind({ proto: p.protocol.toLowerCase() as 'tcp', addr: 0, port: p.port, reusePort: false, reuseAddr: false, owner: `host/${h.name}${p.name ? ` (${p.name})` : ''}` });
    }
  }
  world.netns(gatewayNs).setSysctl('net.ipv4.ip_forward', 1);

  // Nodes: built now, or — in a large cluster — when first used (see LAZY_NODES).
  const flannelNodes: FlannelNode[] = spec.nodes.map((n) => ({ name: nodeNetns(n.name), ip: parseIpv4(n.internalIPs[0]!), iface: 'eth0', lease: parseCidr(n.podCIDR, `Node ${n.name} spec.podCIDR`) }));
  const lazy = spec.nodes.length > LAZY_NODES;
  const createNode = (n: NodeSpec) => {
    const name = nodeNetns(n.name);
    const ns = world.addNetns(name, 'node');
    world.linkSet(name, 'lo', { up: true });
    onSegment(name, n.internalIPs[0]!);
    for (const extra of n.internalIPs.slice(1)) {
      const inUnderlay = cidrContains(underlay, parseIpv4(extra));
      world.addAddress(name, 'eth0', `${extra}/${inUnderlay ? underlay.len : 32}`);
    }
    ns.addRoute({ dst: parseCidr('0.0.0.0/0'), via: parseIpv4(gateway) });
    for (const [key, value] of Object.entries(n.sysctls)) ns.setSysctl(key as never, value as never);
    // The node's own daemons: kubelet's API on every node, kube-apiserver on the control plane.
    ns.bind({ proto: 'tcp', addr: 0, port: 10250, reusePort: false, reuseAddr: false, owner: 'kubelet' });
    if (n.controlPlane) ns.bind({ proto: 'tcp', addr: 0, port: spec.config.apiServerPort, reusePort: false, reuseAddr: false, owner: 'kube-system/kube-apiserver' });
    if (!n.ready) {
      // A node that is not Ready is modelled as powered off: its link to the node network is down.
      world.linkSet(name, 'eth0', { up: false });
    }
  };
  for (const n of spec.nodes) {
    log('kubelet', `node ${n.name} registered with InternalIP ${n.internalIPs.join(', ')}, podCIDR ${n.podCIDR}`);
    if (!n.ready) log('node-lifecycle-controller', `node ${n.name} is NotReady: its Pods' endpoints are not ready, the load balancer skips it`);
    if (!lazy) createNode(n);
  }

  // The Pod network.
  const cni = spec.config.cni;
  const flannel = cni.flannel;
  const flannelOpts = flannel && { backend: flannel.backend.type, network: parseCidr(flannel.network), vni: flannel.backend.type === 'vxlan' ? flannel.backend.vni : undefined, port: flannel.backend.type === 'vxlan' ? flannel.backend.port : undefined };
  if (flannel && !lazy) {
    flannelBackend(world, flannelNodes, { backend: flannel.backend.type, network: parseCidr(flannel.network), vni: flannel.backend.type === 'vxlan' ? flannel.backend.vni : undefined, port: flannel.backend.type === 'vxlan' ? flannel.backend.port : undefined });
    log('flanneld', `${flannel.backend.type} routes to ${flannelNodes.length - 1} other node(s) on every node`);
  }
  const plugins = new Map<string, BridgeCni>();
  for (const n of spec.nodes) {
    const subnet = cni.ipam.subnet === 'podCIDR' ? parseCidr(n.podCIDR) : parseCidr(cni.ipam.subnet, 'CNI ipam subnet');
    plugins.set(n.name, new BridgeCni(nodeNetns(n.name), {
      bridge: cni.bridge.bridge,
      isGateway: cni.bridge.isGateway,
      isDefaultGateway: cni.bridge.isDefaultGateway,
      hairpinMode: cni.bridge.hairpinMode,
      mtu: cni.bridge.mtu,
      subnet,
      routes: cni.ipam.routes.map((r) => parseCidr(r.dst)),
    }));
  }

  const built: BuiltCluster = { world, spec, plugins, podIPs: new Map(), endpointSlices: [], events, gatewayNetns: gatewayNs };
  if (!lazy) {
    if (flannel?.ipMasq) {
      for (const fn of flannelNodes) installFlannelIptables(world, fn, parseCidr(flannel.network), true);
    }
    for (const p of spec.pods) addPod(built, p);
    syncServices(built, { first: true });
    syncPolicies(built);
    return built;
  }

  // A large cluster: every Pod's address is decided now (host-local hands them out in order, so they are the
  // ones the CNI would give), Services and EndpointSlices are computed once, and each node — with its Pods,
  // routes and kube-proxy rules — is built the first time a packet, a command or a test looks at it.
  const vtepMac = (fn: FlannelNode) => {
    const ip = fn.ip;
    return ['0e', (ip >>> 24) & 255, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255, 0x01].map((b) => (typeof b === 'string' ? b : b.toString(16).padStart(2, '0'))).join(':');
  };
  const nodeByName = new Map(spec.nodes.map((n) => [n.name, n]));
  for (const p of spec.pods) {
    const key = `${p.namespace}/${p.name}`;
    if (!p.nodeName || p.phase !== 'Running') continue;
    const node = nodeByName.get(p.nodeName)!;
    if (p.hostNetwork) built.podIPs.set(key, node.internalIPs[0]!);
    else built.podIPs.set(key, formatIpv4(plugins.get(node.name)!.ipam.allocate(`ctr-${p.namespace}-${p.name}`, p.ip !== undefined ? parseIpv4(p.ip) : undefined)));
  }
  const podsByNode = new Map<string, PodSpec[]>();
  for (const p of spec.pods) if (p.nodeName) (podsByNode.get(p.nodeName) ?? podsByNode.set(p.nodeName, []).get(p.nodeName)!).push(p);
  syncServices(built, { first: true });
  spec.nodes.forEach((n, i) => {
    const fn = flannelNodes[i]!;
    world.defineLazy(nodeNetns(n.name), () => {
      createNode(n);
      if (flannel && flannelOpts) flannelBackendFor(world, fn, flannelNodes, flannelOpts, vtepMac);
      if (flannel?.ipMasq) installFlannelIptables(world, fn, parseCidr(flannel.network), true);
      for (const p of podsByNode.get(n.name) ?? []) addPod(built, p, { preallocated: true });
      if (built.spec.config.proxy.enabled) {
        if (built.spec.config.proxy.mode === 'ipvs') installKubeProxyIpvs(world, built.spec, n.name, built.endpointSlices, true);
        else installKubeProxy(world, built.spec, n.name, built.endpointSlices, true);
      }
      if (built.spec.networkPolicies.length) syncPolicies(built);
    }, n.internalIPs.map((ip) => ({ segment: NODE_NETWORK_SEGMENT, ip: parseIpv4(ip) })));
    // A Pod's namespace is built with its node.
    for (const p of podsByNode.get(n.name) ?? []) {
      if (!p.hostNetwork && p.phase === 'Running') world.defineLazy(podNetns(p.namespace, p.name), () => void world.netns(nodeNetns(n.name)));
    }
  });
  return built;
}

/** Above this many nodes, nodes are built on demand (see buildCluster). */
export const LAZY_NODES = 50;

/** kubelet + CNI ADD for one Pod: its network namespace, eth0 and address, then its containers' sockets. */
export function addPod(built: BuiltCluster, p: PodSpec, opts: { preallocated?: boolean } = {}): void {
  const { world, spec } = built;
  const log = (actor: string, message: string) => built.events.push({ actor, message });
  const key = `${p.namespace}/${p.name}`;
  if (!p.nodeName || p.phase !== 'Running') {
    log('scheduler', `Pod ${key} is ${p.nodeName ? p.phase : 'Pending (no node fits)'}: no network`);
    return;
  }
  const node = spec.nodes.find((n) => n.name === p.nodeName)!;
  if (p.hostNetwork) {
    built.podIPs.set(key, node.internalIPs[0]!);
    bindContainers(world, nodeNetns(node.name), p, log);
    return;
  }
  const nsName = podNetns(p.namespace, p.name);
  world.addNetns(nsName, 'pod');
  const pre = opts.preallocated ? built.podIPs.get(key) : undefined;
  const requested = pre !== undefined ? parseIpv4(pre) : p.ip !== undefined ? parseIpv4(p.ip, `Pod ${key} status.podIP`) : undefined;
  const res = built.plugins.get(node.name)!.add(world, nsName, `ctr-${p.namespace}-${p.name}`, 'eth0', requested, pre !== undefined);
  built.podIPs.set(key, formatIpv4(res.ip));
  log('kubelet', `CNI ADD ${key} on ${node.name}: eth0 ${formatIpv4(res.ip)}, host side ${res.hostVeth}`);
  bindContainers(world, nsName, p, log);
}

/** kubelet + CNI DEL: the Pod's sockets close, its veth pair and namespace go away, its IP is released. */
export function removePod(built: BuiltCluster, p: PodSpec): void {
  const key = `${p.namespace}/${p.name}`;
  const ip = built.podIPs.get(key);
  if (ip === undefined) return;
  built.podIPs.delete(key);
  if (p.hostNetwork) {
    const ns = built.world.netns(nodeNetns(p.nodeName!));
    for (let i = ns.sockets.length - 1; i >= 0; i--) if (ns.sockets[i]!.owner.startsWith(`${key}/`)) ns.sockets.splice(i, 1);
    return;
  }
  built.plugins.get(p.nodeName!)!.del(built.world, podNetns(p.namespace, p.name), parseIpv4(ip));
  built.events.push({ actor: 'kubelet', message: `CNI DEL ${key} on ${p.nodeName}: ${ip} released` });
}

/**
 * The Service side of the control plane, on every change: the cloud's service controller gives LoadBalancer
 * Services their ingress IPs, the EndpointSlice controller recomputes the slices, the load balancer is
 * reprogrammed and kube-proxy resyncs every node (a full sync: its chains are rewritten, stale ones deleted).
 */
export function syncServices(built: BuiltCluster, opts: { first?: boolean } = {}): void {
  const { world, spec } = built;
  const log = (actor: string, message: string) => built.events.push({ actor, message });
  allocateIngress(spec, log);
  // Pods with a container in CrashLoopBackOff are not ready: their endpoints are marked so (containers.ts).
  built.endpointSlices = allEndpointSlices(spec, built.podIPs, crashingPods(world));
  if (built.gatewayNetns) installLoadBalancers(world, spec, built.endpointSlices, built.gatewayNetns, log);
  if (!spec.config.proxy.enabled) return;
  const ipvs = spec.config.proxy.mode === 'ipvs';
  for (const n of spec.nodes) {
    if (!world.namespaces.has(nodeNetns(n.name))) continue; // not built yet: it syncs when it is
    if (ipvs) installKubeProxyIpvs(world, spec, n.name, built.endpointSlices, opts.first ?? false);
    else installKubeProxy(world, spec, n.name, built.endpointSlices, opts.first ?? false);
  }
  log('kube-proxy', `synced ${spec.services.length} Service(s) and ${built.endpointSlices.length} EndpointSlice(s) into ${ipvs ? 'IPVS (and its fixed iptables rules)' : 'iptables'} on ${spec.nodes.length} node(s)`);
}

/**
 * The NetworkPolicy agent (flannel alone enforces none; this is the Canal-style policy agent next to it):
 * iptables chains per node, checked in FORWARD (after Service DNAT) and INPUT, jumped to before kube-proxy's
 * rules so that policy is decided first.
 */
export function syncPolicies(built: BuiltCluster): void {
  const { world, spec, podIPs } = built;
  const log = (actor: string, message: string) => built.events.push({ actor, message });
  const built_ = (n: NodeSpec) => world.namespaces.get(nodeNetns(n.name));
  const installed = spec.nodes.some((n) => built_(n)?.nf.tables.filter.chains['K8SNET-NETPOL']);
  if (spec.networkPolicies.length === 0 && !installed) return;
  const running = spec.pods.filter((p) => podIPs.has(`${p.namespace}/${p.name}`));
  const model = buildNetpolModel({
    namespaces: spec.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
    pods: running.map((p) => ({
      namespace: p.namespace, name: p.name, labels: p.labels, ip: podIPs.get(`${p.namespace}/${p.name}`)!, hostNetwork: p.hostNetwork, nodeName: p.nodeName,
      containers: p.containers.map((c) => ({ name: c.name, ports: c.ports.map((x) => ({ name: x.name, containerPort: x.containerPort, protocol: x.protocol })) })),
    })),
    policies: spec.networkPolicies,
  });
  const pods = running.map((p) => ({ namespace: p.namespace, name: p.name, ip: podIPs.get(`${p.namespace}/${p.name}`)!, nodeName: p.nodeName, hostNetwork: p.hostNetwork }));
  for (const n of spec.nodes) {
    const nodeNs = built_(n);
    if (!nodeNs) continue; // not built yet: it gets its rules when it is
    const { payload, jump, inputJump, chains } = netpolIptables(model, { nodeName: n.name, pods });
    const nf = nodeNs.nf;
    const top = (rule: string) => rule.replace(/^-A (\S+) /, '-I $1 1 ');
    // A resync rewrites the chains; chains of Pods that no longer need one are deleted, jumps added once.
    const stale = Object.keys(nf.tables.filter.chains).filter((c) => isNetpolChainName(c) && c !== 'K8SNET-NETPOL' && !chains.includes(c));
    // Per node: a node built later (lazily) needs the jumps even when other nodes have them already.
    const jumps = nf.tables.filter.chains['K8SNET-NETPOL'] ? [] : [top(jump), top(inputJump)];
    const text = payload
      .replace(/^\*filter\n/, `*filter\n${stale.map((c) => `:${c} - [0:0]\n`).join('')}`)
      .replace(/COMMIT\n?$/, [...jumps, ...stale.map((c) => `-X ${c}`), 'COMMIT', ''].join('\n'));
    iptablesRestore(nf, text, { noflush: true });
  }
  log('network-policy-agent', `${spec.networkPolicies.length} NetworkPolicy object(s) enforced in iptables on ${spec.nodes.length} node(s)`);
}

/** kubelet starts the Pod's containers; one whose port is taken crashes and is restarted with back-off (containers.ts). */
function bindContainers(world: World, nsName: string, p: PodSpec, log: (a: string, m: string) => void): void {
  startContainers(world, nsName, p, log);
}
