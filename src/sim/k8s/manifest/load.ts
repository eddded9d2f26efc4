/**
 * From manifests to a ClusterSpec: what `kubectl apply -f a.yaml -f b.yaml` on a fresh kubeadm cluster, plus
 * the control plane reacting to it, would produce. Steps:
 *
 *   1. read every document (YAML/JSON, Lists flattened) into drafts (collect.ts);
 *   2. cluster configuration (kubeadm, kube-proxy, Network, CNI) with defaults, and their cross-checks;
 *   3. namespaces; nodes (addresses on the node network, podCIDRs in document order, kernel settings) and hosts;
 *   4. Pods: declared ones, and those of Deployments, StatefulSets and DaemonSets (kubeadm's CoreDNS first),
 *      then scheduling of the unbound ones;
 *   5. Services (default/kubernetes, kube-system/kube-dns, then declared) with ClusterIPs and NodePorts;
 *   6. EndpointSlices: declared, the API server's, and the controller's plan for Services with a selector;
 *   7. NetworkPolicies (validated by netpol's validatePolicy).
 *
 * Every problem is collected; if any is an error, nothing is returned and one ManifestError lists them all.
 * Unknown fields and suspicious-but-valid input (a selector that selects nothing) are warnings.
 * Randomness (generated names, dynamic ClusterIPs and NodePorts) comes from the injected Rng, consumed in a
 * fixed order, so the same input and seed give the same ClusterSpec.
 *
 * Not modelled: the order-dependence of a real apply (a document may use a Namespace declared after it);
 * updates (applying the same object twice is an error here, not a patch); kinds collect.ts does not read
 * (ignored with a warning).
 */
import { broadcastOf, cidrContains, cidrCovers, cidrOverlaps, formatCidr, formatIpv4, parseCidr, type Cidr4, type Ipv4 } from '../../addr/ipv4';
import { seededRng, type Rng } from '../../core/rng';
import type { V1EndpointSlice } from '../kube-proxy/types';
import { coreDnsObjects, kubernetesServiceObject, SYSTEM_NAMESPACES } from './addons';
import { resolveCni } from './cni';
import { collect, Collected } from './collect';
import { kubernetesSlice, planServiceSlices, PodLabelIndex, SERVICE_NAME_LABEL } from './endpoints';
import { humanList, Issues, ManifestError, ObjectCtx, type DocRef, type Path } from './issues';
import { podTemplateHash, uniqueGeneratedName } from './names';
import { assignAddresses, assignPodCIDRs, CONTROL_PLANE_LABEL, kernelSettings } from './nodes';
import { scheduleAll, unfitReason, unschedulableMessage, type SchedNode } from './schedule';
import { allocateServices, readService, type ServiceDraft } from './services';
import { isObject } from './shape';
import { readObjects, readText, type RawObject, type SourceText } from './source';
import type { ClusterSpec, CniSpec, HostSpec, NamespaceSpec, NodeSpec, PodSpec, ProxyConfig, ServiceObject } from './types';
import { readWorkload, templateForHash, type PodBody, type WorkloadDraft } from './workloads';

export interface LoadOptions {
  /** Randomness for generated names, ClusterIPs and NodePorts (default: seededRng(1)). */
  rng?: Rng;
  /** Create kubeadm's CoreDNS addon (Deployment kube-system/coredns + Service kube-dns); default true. */
  coreDNS?: boolean;
  /**
   * Pods already bound to a node ("namespace/name" → node), as the API server remembers: a reload keeps them
   * there (a NotReady node's Pods stay bound until evicted) instead of scheduling them again.
   */
  bindings?: ReadonlyMap<string, string>;
}

const DEFAULT_POD_SUBNET = '10.244.0.0/16';
const DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';
const DEFAULT_DNS_DOMAIN = 'cluster.local';
const DEFAULT_NODE_PORT_RANGE = { first: 30000, last: 32767 };
const DEFAULT_NODE_CIDR_MASK = 24;
const DEFAULT_UNDERLAY = '192.168.56.0/24';
const DEFAULT_MTU = 1500;
const DEFAULT_API_SERVER_PORT = 6443;

/** Loads YAML/JSON texts, applied in order like `kubectl apply -f a.yaml -f b.yaml`. */
export function loadManifests(texts: readonly SourceText[] | string, opts: LoadOptions = {}): ClusterSpec {
  const list = typeof texts === 'string' ? [{ name: 'manifest', text: texts }] : texts;
  const issues = new Issues();
  const showFile = list.length > 1;
  const raws = list.flatMap((t) => readText(t, showFile, issues));
  return buildSpec(raws, issues, opts);
}

/** Loads manifest objects given as values (what the programmatic builder produces). */
export function loadObjects(objects: readonly unknown[], opts: LoadOptions = {}): ClusterSpec {
  const flat: unknown[] = [];
  for (const o of objects) {
    if (isObject(o) && o['kind'] === 'List') flat.push(...(Array.isArray(o['items']) ? o['items'] : []));
    else flat.push(o);
  }
  return buildSpec(readObjects('objects', flat, false), new Issues(), opts);
}

function globalError(issues: Issues, message: string): void {
  issues.add('error', undefined, undefined, [], message, false);
}

/** Reports an error at a located config value, or as a cluster-wide error when the value is a default. */
function configError(issues: Issues, at: { ctx: ObjectCtx; path: Path } | undefined, text: string, fallbackField: string): void {
  if (at) at.ctx.err(at.path, text);
  else globalError(issues, `${fallbackField} (default) ${text}`);
}

interface PodPlan {
  ctx: ObjectCtx;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  body: PodBody;
  nodeName?: string;
  fixedIP?: { ip: Ipv4; path: Path };
  phase?: PodSpec['phase'];
  readyCondition?: boolean;
  owner?: PodSpec['owner'];
  /** Declared Pod (its nodeName is checked against the nodes). */
  declared: boolean;
}

function buildSpec(raws: readonly RawObject[], issues: Issues, opts: LoadOptions): ClusterSpec {
  const rng = opts.rng ?? seededRng(1);
  const c = new Collected();
  for (const raw of raws) collect(c, raw, issues);

  // ---------------------------------------------------------------- 2. configuration
  const kubeadm = c.kubeadm?.draft;
  const podSubnet = kubeadm?.podSubnet?.value ?? parseCidr(DEFAULT_POD_SUBNET);
  const serviceSubnet = kubeadm?.serviceSubnet?.value ?? parseCidr(DEFAULT_SERVICE_SUBNET);
  const dnsDomain = kubeadm?.dnsDomain?.value ?? DEFAULT_DNS_DOMAIN;
  const nodePortRange = kubeadm?.nodePortRange?.value ?? DEFAULT_NODE_PORT_RANGE;
  const nodeMask = kubeadm?.nodeCIDRMaskSize?.value ?? DEFAULT_NODE_CIDR_MASK;
  const net = c.network?.draft;
  const underlay = net?.cidr ?? parseCidr(DEFAULT_UNDERLAY);
  const gateway = net?.gateway?.value ?? ((underlay.addr + 1) >>> 0);
  const mtu = net?.mtu ?? DEFAULT_MTU;
  const apiServerPort = c.init?.draft?.bindPort?.value ?? DEFAULT_API_SERVER_PORT;

  if (serviceSubnet.len < 12) {
    // kube-apiserver: the service range may have at most 20 host bits (/12 for IPv4).
    configError(issues, kubeadm?.serviceSubnet, `${formatCidr(serviceSubnet)} is too large: the API server allows at most /12 for IPv4`, 'networking.serviceSubnet');
  } else if (serviceSubnet.len > 28) {
    // kubeadm GetDNSIP takes the tenth address, which must be usable.
    configError(issues, kubeadm?.serviceSubnet, `${formatCidr(serviceSubnet)} is too small: it must hold the DNS address (the tenth), so use /28 or larger`, 'networking.serviceSubnet');
  }
  if (podSubnet.len > nodeMask) {
    configError(issues, kubeadm?.podSubnet, `${formatCidr(podSubnet)} is smaller than one node's range (/${nodeMask}): use /${nodeMask} or shorter`, 'networking.podSubnet');
  } else if (nodeMask - podSubnet.len > 16) {
    // cidrset.NewCIDRSet: at most 2^16 node ranges.
    configError(issues, kubeadm?.podSubnet, `${formatCidr(podSubnet)} would hold more than 65536 node ranges of /${nodeMask}: the node IPAM controller refuses that`, 'networking.podSubnet');
  }
  if (cidrOverlaps(podSubnet, serviceSubnet)) {
    if (kubeadm?.podSubnet || !kubeadm?.serviceSubnet) {
      configError(issues, kubeadm?.podSubnet, `${formatCidr(podSubnet)} overlaps the serviceSubnet ${formatCidr(serviceSubnet)}: Pod IPs and ClusterIPs must not collide`, 'networking.podSubnet');
    } else {
      configError(issues, kubeadm.serviceSubnet, `${formatCidr(serviceSubnet)} overlaps the podSubnet ${formatCidr(podSubnet)} (the default): Pod IPs and ClusterIPs must not collide`, 'networking.serviceSubnet');
    }
  }
  for (const [what, cidr, at] of [
    ['podSubnet', podSubnet, kubeadm?.podSubnet],
    ['serviceSubnet', serviceSubnet, kubeadm?.serviceSubnet],
  ] as const) {
    if (!cidrOverlaps(underlay, cidr)) continue;
    // Blame the document that chose the clashing value: the Network if it was given, else the subnet.
    if (net?.cidr) net.ctx.err(['spec', 'cidr'], `${formatCidr(underlay)} overlaps the ${what} ${formatCidr(cidr)}: node addresses and cluster addresses must not collide`);
    else configError(issues, at, `${formatCidr(cidr)} overlaps the node network ${formatCidr(underlay)} (the default; declare a k8snet.dev Network to change it): node addresses and cluster addresses must not collide`, `networking.${what}`);
  }
  if (net?.gateway) {
    const g = net.gateway.value;
    if (!cidrContains(underlay, g)) net.ctx.err(net.gateway.path, `${formatIpv4(g)} is outside the node network ${formatCidr(underlay)}`);
    else if (g === underlay.addr || g === broadcastOf(underlay.addr, underlay.len)) net.ctx.err(net.gateway.path, `${formatIpv4(g)} is the network or broadcast address of ${formatCidr(underlay)}`);
  }
  const pd = c.proxy?.draft;
  const proxy: ProxyConfig = {
    enabled: !(kubeadm?.proxyDisabled ?? false),
    mode: pd?.mode ?? 'iptables',
    // kubeadm (componentconfigs/kubeproxy.go Default) fills clusterCIDR from networking.podSubnet.
    clusterCIDR: formatCidr(pd?.clusterCIDR?.value ?? podSubnet),
    nodePortAddresses: pd?.nodePortAddresses ?? [],
    masqueradeAll: pd?.masqueradeAll ?? false,
    masqueradeBit: pd?.masqueradeBit ?? 14,
    localhostNodePorts: pd?.localhostNodePorts ?? true,
  };
  const cniDraft = c.cni?.draft;
  const cni: CniSpec = resolveCni(cniDraft, podSubnet, mtu);
  const coreDNS = (opts.coreDNS ?? true) && !(kubeadm?.dnsDisabled ?? false);
  const serviceFirst = (serviceSubnet.addr + 1) >>> 0;
  const kubernetesIP = formatIpv4(serviceFirst);
  const dnsIP = formatIpv4((serviceSubnet.addr + 10) >>> 0);

  // ---------------------------------------------------------------- 3. namespaces, nodes, hosts
  const namespaces: NamespaceSpec[] = SYSTEM_NAMESPACES.map((n) => ({ name: n, labels: { 'kubernetes.io/metadata.name': n } }));
  for (const n of c.namespaces) {
    const labels = { ...n.labels, 'kubernetes.io/metadata.name': n.name };
    const existing = namespaces.find((x) => x.name === n.name);
    if (existing) existing.labels = labels;
    else namespaces.push({ name: n.name, labels });
  }
  const nsNames = new Set(namespaces.map((n) => n.name));
  for (const o of c.namespaced) {
    if (o.explicit && !nsNames.has(o.namespace)) {
      o.ctx.err(['metadata', 'namespace'], `${JSON.stringify(o.namespace)} does not exist: add a Namespace named ${o.namespace}`);
    }
  }

  const { nodeIPs, hostIPs } = assignAddresses(c.nodes, c.hosts, underlay, gateway);
  const canSplit = podSubnet.len <= nodeMask && nodeMask - podSubnet.len <= 16;
  const podCIDRs = canSplit ? assignPodCIDRs(c.nodes, podSubnet, nodeMask) : new Map<string, Cidr4>();
  if (cni.flannel && cniDraft?.flannel) {
    const fnet = parseCidr(cni.flannel.network);
    const outside = c.nodes.filter((n) => podCIDRs.has(n.name) && !cidrCovers(fnet, podCIDRs.get(n.name)!));
    if (outside.length > 0) {
      const n0 = outside[0]!;
      cniDraft.ctx.err(
        cniDraft.flannel.networkPath,
        `${cni.flannel.network} does not contain node ${n0.name}'s podCIDR ${formatCidr(podCIDRs.get(n0.name)!)}${outside.length > 1 ? ` (nor ${outside.length - 1} other node${outside.length > 2 ? 's' : ''})` : ''}: flannel with --kube-subnet-mgr refuses such a lease; set Network to the podSubnet ${formatCidr(podSubnet)}`,
      );
    }
  }
  if (cni.plugin === 'bridge' && cni.ipam.subnet !== 'podCIDR' && c.nodes.length > 1 && cniDraft) {
    cniDraft.ctx.warnAt(cniDraft.path, `every node allocates Pod IPs from the same range ${cni.ipam.subnet}: Pods on different nodes will get the same addresses; use "usePodCidr" for each node's podCIDR`);
  }
  const labelled = c.nodes.filter((n) => CONTROL_PLANE_LABEL in n.labels);
  let controlPlane = new Set(labelled.map((n) => n.name));
  const adv = c.init?.draft?.advertiseAddress;
  if (adv) {
    const owner = c.nodes.find((n) => nodeIPs.get(n.name)?.includes(adv.value));
    if (!owner) adv.ctx.err(adv.path, `${formatIpv4(adv.value)} is not the InternalIP of any Node: the API server must run on a node`);
    else if (controlPlane.size === 0) controlPlane = new Set([owner.name]);
  }
  if (controlPlane.size === 0 && c.nodes.length > 0) controlPlane.add(c.nodes[0]!.name);
  const nodes: NodeSpec[] = c.nodes.map((n) => ({
    name: n.name,
    // kubelet (kubelet_node_status.go initialNode) adds the well-known labels; the manifest's own win.
    labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': n.hostname ?? n.name, 'kubernetes.io/os': 'linux', ...n.labels },
    annotations: n.annotations,
    podCIDR: podCIDRs.has(n.name) ? formatCidr(podCIDRs.get(n.name)!) : '',
    internalIPs: (nodeIPs.get(n.name) ?? []).map(formatIpv4),
    externalIPs: n.externalIPs,
    hostname: n.hostname ?? n.name,
    unschedulable: n.unschedulable,
    ready: n.ready,
    taints: n.taints,
    controlPlane: controlPlane.has(n.name),
    sysctls: kernelSettings(proxy, n.sysctls),
  }));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const hosts: HostSpec[] = c.hosts
    .filter((h) => hostIPs.has(h.name))
    .map((h) => ({ name: h.name, labels: h.labels, ip: formatIpv4(hostIPs.get(h.name)!), onNodeNetwork: cidrContains(underlay, hostIPs.get(h.name)!), ports: h.ports }));

  // ---------------------------------------------------------------- 4. Pods
  const builtinDoc: DocRef = { label: 'kubeadm addon', showFile: false, document: 0, lineOf: () => undefined };
  const userHas = (kind: string, ns: string, name: string) => c.seen.has(`${kind}/${ns}/${name}`);
  const builtinSources: { t: 'workload'; d: WorkloadDraft }[] = [];
  const builtinServices: ServiceDraft[] = [];
  if (coreDNS) {
    const [deploy, svc] = coreDnsObjects() as Record<string, unknown>[];
    if (!userHas('Deployment', 'kube-system', 'coredns')) {
      const d = readWorkload(new ObjectCtx(issues, builtinDoc, undefined), deploy!, 'Deployment');
      if (d) builtinSources.push({ t: 'workload', d });
    }
    if (!userHas('Service', 'kube-system', 'kube-dns')) {
      const d = readService(new ObjectCtx(issues, builtinDoc, undefined), svc!);
      if (d) builtinServices.push(d);
    }
  }
  const taken = new Map<string, Set<string>>();
  const takenIn = (ns: string) => {
    let s = taken.get(ns);
    if (!s) taken.set(ns, (s = new Set()));
    return s;
  };
  for (const s of c.podSources) if (s.t === 'pod') takenIn(s.d.namespace).add(s.d.name);
  const plans: PodPlan[] = [];
  const nodeNames = c.nodes.map((n) => n.name);
  for (const src of [...builtinSources, ...c.podSources]) {
    if (src.t === 'pod') {
      const d = src.d;
      const plan: PodPlan = { ctx: d.ctx, namespace: d.namespace, name: d.name, labels: d.labels, annotations: d.annotations, body: d.body, declared: true };
      if (d.body.nodeName) plan.nodeName = d.body.nodeName;
      if (d.fixedIP) plan.fixedIP = d.fixedIP;
      if (d.phase) plan.phase = d.phase;
      if (d.readyCondition !== undefined) plan.readyCondition = d.readyCondition;
      plans.push(plan);
      continue;
    }
    const w = src.d;
    const hash = podTemplateHash(templateForHash(w.template.raw));
    const base = { ctx: w.ctx, namespace: w.namespace, annotations: w.template.annotations, declared: false };
    if (w.kind === 'Deployment') {
      const rs = `${w.name}-${hash}`;
      for (let i = 0; i < w.replicas; i++) {
        const name = uniqueGeneratedName(rng, `${rs}-`, takenIn(w.namespace));
        const plan: PodPlan = { ...base, name, labels: { ...w.template.labels, 'pod-template-hash': hash }, body: w.template.body, owner: { kind: 'ReplicaSet', name: rs, deployment: w.name } };
        if (w.template.body.nodeName) plan.nodeName = w.template.body.nodeName;
        plans.push(plan);
      }
    } else if (w.kind === 'StatefulSet') {
      for (let i = 0; i < w.replicas; i++) {
        const ordinal = w.ordinalStart + i;
        const name = `${w.name}-${ordinal}`;
        if (takenIn(w.namespace).has(name)) {
          w.ctx.errAt(['spec', 'replicas'], `its Pod ${w.namespace}/${name} clashes with a Pod of that name`);
          continue;
        }
        takenIn(w.namespace).add(name);
        // StatefulSet controller (stateful_set_utils.go): hostname = Pod name, subdomain = serviceName.
        const body: PodBody = { ...w.template.body, hostname: name };
        if (w.serviceName) body.subdomain = w.serviceName;
        const labels = { ...w.template.labels, 'apps.kubernetes.io/pod-index': String(ordinal), 'controller-revision-hash': `${w.name}-${hash}`, 'statefulset.kubernetes.io/pod-name': name };
        const plan: PodPlan = { ...base, name, labels, body, owner: { kind: 'StatefulSet', name: w.name } };
        if (body.nodeName) plan.nodeName = body.nodeName;
        plans.push(plan);
      }
    } else {
      // DaemonSet: one Pod per node that passes its nodeSelector and taints; the controller adds tolerations
      // for not-ready, unreachable and unschedulable nodes (daemon/util AddOrUpdateDaemonPodTolerations).
      for (const n of nodes) {
        if (unfitReason(w.template.body, n, { ignoreUnschedulable: true, ignoreNotReady: true }) !== undefined) continue;
        const name = uniqueGeneratedName(rng, `${w.name}-`, takenIn(w.namespace));
        const labels = { ...w.template.labels, 'controller-revision-hash': hash, 'pod-template-generation': '1' };
        plans.push({ ...base, name, labels, body: w.template.body, nodeName: n.name, owner: { kind: 'DaemonSet', name: w.name } });
      }
    }
  }
  if (opts.bindings) {
    for (const p of plans) {
      const bound = opts.bindings.get(`${p.namespace}/${p.name}`);
      if (!p.nodeName && bound && nodeByName.has(bound)) p.nodeName = bound;
    }
  }
  const reportedNode = new Set<ObjectCtx>();
  for (const p of plans) {
    if (p.nodeName && !nodeByName.has(p.nodeName)) {
      const has = nodeNames.length === 0 ? 'the cluster has no nodes' : `the cluster has ${humanList(nodeNames)}`;
      // One message per document, not per replica.
      if (!reportedNode.has(p.ctx)) p.ctx.err(p.body.nodeNamePath, `asks for node ${p.nodeName}, but ${has}`);
      reportedNode.add(p.ctx);
      delete p.nodeName;
    }
  }
  const schedNodes: SchedNode[] = nodes;
  const placed = scheduleAll(plans.map((p) => ({ nodeSelector: p.body.nodeSelector, tolerations: p.body.tolerations, ...(p.nodeName ? { nodeName: p.nodeName } : {}) })), schedNodes);
  const fixedOwner = new Map<Ipv4, string>();
  // One warning per document (a Deployment's replicas share one), as `kubectl describe` groups events.
  const pending = new Map<ObjectCtx, { path: Path; msg: string; names: string[] }>();
  const pods: PodSpec[] = plans.map((p, i) => {
    const nodeName = placed[i];
    const node = nodeName ? nodeByName.get(nodeName) : undefined;
    if (!nodeName) {
      const msg = unschedulableMessage(p.body, schedNodes);
      const group = pending.get(p.ctx);
      if (group && group.msg === msg) group.names.push(`${p.namespace}/${p.name}`);
      else if (!group) pending.set(p.ctx, { path: p.declared ? ['spec'] : ['spec', 'template'], msg, names: [`${p.namespace}/${p.name}`] });
    }
    const phase: PodSpec['phase'] = nodeName ? (p.phase ?? 'Running') : 'Pending';
    const ready = phase === 'Running' && (p.readyCondition ?? true) && (node?.ready ?? false);
    const spec: PodSpec = {
      namespace: p.namespace,
      name: p.name,
      labels: p.labels,
      annotations: p.annotations,
      hostNetwork: p.body.hostNetwork,
      containers: p.body.containers,
      dnsPolicy: p.body.dnsPolicy,
      phase,
      ready,
    };
    if (nodeName) spec.nodeName = nodeName;
    if (p.body.hostname) spec.hostname = p.body.hostname;
    if (p.body.subdomain) spec.subdomain = p.body.subdomain;
    if (p.owner) spec.owner = p.owner;
    if (node && p.body.hostNetwork) {
      const nodeIP = node.internalIPs[0];
      if (p.fixedIP && nodeIP && formatIpv4(p.fixedIP.ip) !== nodeIP) {
        p.ctx.err(p.fixedIP.path, `${formatIpv4(p.fixedIP.ip)} must be the node's IP ${nodeIP}: a hostNetwork Pod uses its node's address`);
      }
      if (nodeIP) spec.ip = nodeIP;
    } else if (p.fixedIP) {
      const ip = p.fixedIP.ip;
      const ipText = formatIpv4(ip);
      if (!node) {
        p.ctx.warn(p.fixedIP.path, `${ipText} is ignored: the Pod is Pending, so it has no address`);
      } else {
        const range = podRange(cni, node);
        if (range && (ip < range.first || ip > range.last || ip === range.gateway)) {
          p.ctx.err(p.fixedIP.path, `${ipText} is outside node ${node.name}'s Pod range ${range.subnet}: host-local hands out ${formatIpv4(range.first)}-${formatIpv4(range.last)} (${formatIpv4(range.gateway)} is the gateway)`);
        } else if (fixedOwner.has(ip)) {
          p.ctx.err(p.fixedIP.path, `${ipText} is already Pod ${fixedOwner.get(ip)}'s address`);
        } else {
          fixedOwner.set(ip, `${p.namespace}/${p.name}`);
          spec.ip = ipText;
        }
      }
    }
    return spec;
  });

  for (const [ctx, g] of pending) {
    const shown = g.names.length > 3 ? [...g.names.slice(0, 3), `${g.names.length - 3} more`] : g.names;
    ctx.warnAt(g.path, `${g.names.length > 1 ? 'Pods' : 'Pod'} ${humanList(shown)} ${g.names.length > 1 ? 'are' : 'is'} Pending: ${g.msg}`);
  }

  // ---------------------------------------------------------------- 5. Services
  const k8sCtx = new ObjectCtx(issues, { ...builtinDoc, label: 'API server' }, undefined);
  const k8sSvc = readService(k8sCtx, kubernetesServiceObject(apiServerPort) as Record<string, unknown>)!;
  k8sSvc.requestedIP = { ip: serviceFirst, path: ['spec', 'clusterIP'] };
  k8sSvc.needsIP = false;
  const dnsDraft = [...builtinServices, ...c.services].find((d) => d.namespace === 'kube-system' && d.name === 'kube-dns');
  if (dnsDraft && dnsDraft.needsIP) {
    dnsDraft.requestedIP = { ip: (serviceSubnet.addr + 10) >>> 0, path: ['spec', 'clusterIP'] };
    dnsDraft.needsIP = false;
  }
  const serviceDrafts = [k8sSvc, ...builtinServices, ...c.services];
  if (serviceSubnet.len >= 12 && serviceSubnet.len <= 28) allocateServices(serviceDrafts, serviceSubnet, nodePortRange, rng);
  const services: ServiceObject[] = serviceDrafts.map((d) => d.obj);

  // ---------------------------------------------------------------- 6. EndpointSlices
  const svcByKey = new Map(serviceDrafts.map((d) => [`${d.namespace}/${d.name}`, d]));
  const explicitFor = new Set<string>();
  for (const s of c.slices) {
    if (!s.serviceName) continue;
    const key = `${s.namespace}/${s.serviceName}`;
    const svc = svcByKey.get(key);
    if (!svc) s.ctx.warn(['metadata', 'labels', SERVICE_NAME_LABEL], `names Service ${key}, which is not defined: kube-proxy keeps the slice but no Service uses it`);
    else if (svc.obj.spec.selector && !explicitFor.has(key)) {
      s.ctx.warnAt([], `Service ${key} has a selector, so a real cluster's EndpointSlice controller would add its own slices too; here this slice replaces them`);
    }
    explicitFor.add(key);
    (s.slice.endpoints ?? []).forEach((e, i) => {
      if (e.nodeName && !nodeByName.has(e.nodeName)) s.ctx.warn(['endpoints', i, 'nodeName'], `${e.nodeName} is not a node of this cluster: the endpoint is never local`);
    });
  }
  const apiIPs = adv && c.nodes.some((n) => nodeIPs.get(n.name)?.includes(adv.value)) ? [formatIpv4(adv.value)] : nodes.filter((n) => n.controlPlane && n.internalIPs[0]).map((n) => n.internalIPs[0]!);
  const endpointSlices = [kubernetesSlice(apiIPs, apiServerPort), ...c.slices.map((s) => s.slice)];
  const sliceNames = new Map<string, Set<string>>();
  for (const s of endpointSlices) {
    const ns = s.metadata.namespace ?? 'default';
    if (!sliceNames.has(ns)) sliceNames.set(ns, new Set());
    sliceNames.get(ns)!.add(s.metadata.name!);
  }
  const derivedEndpointSlices: V1EndpointSlice[] = [];
  const podIndex = new PodLabelIndex(pods);
  for (const d of serviceDrafts) {
    const spec = d.obj.spec;
    if (!spec.selector || spec.type === 'ExternalName' || explicitFor.has(`${d.namespace}/${d.name}`)) continue;
    if (!sliceNames.has(d.namespace)) sliceNames.set(d.namespace, new Set());
    const plan = planServiceSlices(d.obj, pods, nodeByName, rng, sliceNames.get(d.namespace)!, podIndex);
    derivedEndpointSlices.push(...plan.slices);
    for (const w of plan.warnings) d.ctx.warn(w.portIndex < 0 ? ['spec', 'selector'] : ['spec', 'ports', w.portIndex, 'targetPort'], w.message);
  }

  // ---------------------------------------------------------------- 7. result
  if (issues.errors.length > 0) throw new ManifestError(issues.errors, issues.warnings);
  return {
    config: {
      podSubnet: formatCidr(podSubnet),
      serviceSubnet: formatCidr(serviceSubnet),
      dnsDomain,
      nodeCIDRMaskSize: nodeMask,
      nodePortRange: { ...nodePortRange },
      kubernetesServiceIP: kubernetesIP,
      clusterDNS: dnsIP,
      apiServerPort,
      proxy,
      cni,
      network: { cidr: formatCidr(underlay), gateway: formatIpv4(gateway), mtu },
    },
    namespaces,
    nodes,
    pods,
    services,
    endpointSlices,
    derivedEndpointSlices,
    networkPolicies: c.policies.map((p) => p.obj),
    hosts,
    warnings: issues.warnings,
  };
}

/** The addresses host-local hands out on a node: gateway skipped, network and broadcast excluded. */
function podRange(cni: CniSpec, node: NodeSpec): { subnet: string; first: Ipv4; last: Ipv4; gateway: Ipv4 } | undefined {
  const subnetText = cni.ipam.subnet === 'podCIDR' ? node.podCIDR : cni.ipam.subnet;
  if (!subnetText) return undefined;
  const s = parseCidr(subnetText);
  const gateway = cni.ipam.gateway ? parseIp(cni.ipam.gateway) : (s.addr + 1) >>> 0;
  const first = cni.ipam.rangeStart ? parseIp(cni.ipam.rangeStart) : (s.addr + 1) >>> 0;
  const last = cni.ipam.rangeEnd ? parseIp(cni.ipam.rangeEnd) : (broadcastOf(s.addr, s.len) - 1) >>> 0;
  return { subnet: subnetText, first: first === gateway ? first + 1 : first, last, gateway };
}

function parseIp(s: string): Ipv4 {
  return parseCidr(`${s}/32`).addr;
}
