/**
 * The simulated cluster's objects as the API server would return them to `kubectl get` (plain JSON of the
 * core/v1, discovery.k8s.io/v1 and networking.k8s.io/v1 kinds), built from a BuiltCluster: the ClusterSpec the
 * manifests made, the Pod IPs the CNI assigned and the EndpointSlices with those IPs filled in. The table
 * printers and `-o yaml|json|name` all read these objects, as kubectl's printers read the API's.
 *
 * What the simulator adds that a real control plane writes and the spec does not carry:
 * - Node: kubelet's well-known labels (kubernetes.io/hostname, kubernetes.io/os=linux, kubernetes.io/arch=amd64
 *   and their beta.kubernetes.io twins) and kubeadm's control-plane labels
 *   (node-role.kubernetes.io/control-plane, node.kubernetes.io/exclude-from-external-load-balancers) [K];
 *   status.nodeInfo from SIMULATED_NODE_INFO (fixed, plausible values: the simulator runs no kubelet).
 * - Pod: status.containerStatuses and conditions derived from phase and readiness (every container Ready
 *   when the Pod is; a bound Pending Pod's containers wait in ContainerCreating; Succeeded/Failed Pods'
 *   containers terminated with reason Completed/Error, as containerd reports exit code 0 / non-zero) [K].
 *   A container whose port bind failed (cluster/containers.ts) is Waiting in CrashLoopBackOff, not ready,
 *   with its restartCount and lastState.terminated (exit code 1, reason Error, finishedAt its last exit) at the
 *   injected clock; the Pod's Ready and ContainersReady conditions are False with reason ContainersNotReady
 *   (kubelet status generateContainersReadyCondition). Timestamps are the clock's milliseconds as RFC 3339.
 * - Event (core/v1): the control plane's events as it recorded them (control-plane/events.ts).
 * - Endpoints (v1): derived from the Service's EndpointSlices, as the Endpoints controller would write them
 *   for a Service with a selector (and the API server for default/kubernetes): ready addresses in
 *   `addresses`, others in `notReadyAddresses`, addresses sorted by IP text (endpoints.SortSubsets compares
 *   the IP strings bytewise).
 *
 * Not modelled: uid, resourceVersion, creationTimestamp and the other timestamps of objects (only a crashed
 * container's last exit and events carry the clock), managedFields, images, the Pod's qosClass and container IDs,
 * the CrashLoopBackOff waiting message (it names the Pod's uid), the ordering of Endpoints ports and
 * subsets by hash (endpoints.SortSubsets) — ports keep the Service's order.
 */
import type { BuiltCluster } from '../cluster/build';
import { containerCrashes, restartState, BIND_FAILURE_EXIT_CODE } from '../cluster/containers';
import type { NamespaceSpec, NodeSpec, PodSpec, ServiceObject } from '../manifest/types';
import type { V1EndpointPort, V1EndpointSlice } from '../kube-proxy/types';
import type { NetworkPolicy } from '../netpol/types';
import { byteOrder } from './selector';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; controller: boolean; blockOwnerDeletion: boolean }[];
}

export interface ContainerState {
  running?: Record<string, never>;
  waiting?: { reason: string; message?: string };
  terminated?: { exitCode: number; reason: string; finishedAt?: string };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  started: boolean;
  state: ContainerState;
  lastState?: ContainerState;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export interface PodObject {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: {
    containers: { name: string; ports?: { name?: string; containerPort: number; hostPort?: number; protocol: string }[] }[];
    dnsPolicy: string;
    hostNetwork?: boolean;
    hostname?: string;
    subdomain?: string;
    nodeName?: string;
  };
  status: {
    phase: string;
    conditions?: PodCondition[];
    hostIP?: string;
    hostIPs?: { ip: string }[];
    podIP?: string;
    podIPs?: { ip: string }[];
    containerStatuses?: ContainerStatus[];
  };
}

export interface NodeInfo {
  architecture: string;
  containerRuntimeVersion: string;
  kernelVersion: string;
  kubeletVersion: string;
  operatingSystem: string;
  osImage: string;
}

export interface NodeObject {
  apiVersion: 'v1';
  kind: 'Node';
  metadata: ObjectMeta;
  spec: { podCIDR?: string; podCIDRs?: string[]; taints?: { key: string; value?: string; effect: string }[]; unschedulable?: boolean };
  status: {
    addresses: { address: string; type: 'InternalIP' | 'ExternalIP' | 'Hostname' }[];
    conditions: { type: 'Ready'; status: 'True' | 'False'; reason: string }[];
    nodeInfo: NodeInfo;
  };
}

export interface NamespaceObject {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
  spec: { finalizers: string[] };
  status: { phase: 'Active' };
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string };
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: { name?: string; port: number; protocol: string; appProtocol?: string }[];
}

export interface EndpointsObject {
  apiVersion: 'v1';
  kind: 'Endpoints';
  metadata: ObjectMeta;
  subsets?: EndpointSubset[];
}

/** core/v1 Event, the fields `kubectl get events` reads (source, counts and timestamps of the old API). */
export interface EventObject {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: ObjectMeta;
  involvedObject: { apiVersion?: string; kind: string; name: string; namespace?: string; fieldPath?: string };
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: 'Normal' | 'Warning';
  reportingComponent: string;
  reportingInstance: string;
}

export type EndpointSliceObject = V1EndpointSlice & { apiVersion: string; kind: string; metadata: ObjectMeta; addressType: string };
export type NetworkPolicyObject = NetworkPolicy & { apiVersion: string; kind: string };
export type ServiceApiObject = ServiceObject & { status: NonNullable<ServiceObject['status']> };

/**
 * The node facts a kubelet reports, fixed in the simulator (it runs no kubelet or container runtime): a
 * kubeadm v1.34 node on Ubuntu 24.04 with containerd, the setup the course's VirtualBox-style default network
 * suggests. `kubectl get nodes` shows kubeletVersion; `-o wide` the rest.
 */
export const SIMULATED_NODE_INFO: Readonly<NodeInfo> = {
  architecture: 'amd64',
  containerRuntimeVersion: 'containerd://1.7.27',
  kernelVersion: '6.8.0-60-generic',
  kubeletVersion: 'v1.34.0',
  operatingSystem: 'linux',
  osImage: 'Ubuntu 24.04.2 LTS',
};

export interface ClusterObjects {
  pods: PodObject[];
  services: ServiceApiObject[];
  endpoints: EndpointsObject[];
  endpointslices: EndpointSliceObject[];
  nodes: NodeObject[];
  namespaces: NamespaceObject[];
  networkpolicies: NetworkPolicyObject[];
  events: EventObject[];
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function nonEmpty(m: Record<string, string> | undefined): Record<string, string> | undefined {
  return m && Object.keys(m).length > 0 ? { ...m } : undefined;
}

function meta(name: string, namespace: string | undefined, labels?: Record<string, string>, annotations?: Record<string, string>): ObjectMeta {
  const m: ObjectMeta = { name };
  if (namespace !== undefined) m.namespace = namespace;
  const l = nonEmpty(labels);
  if (l) m.labels = l;
  const a = nonEmpty(annotations);
  if (a) m.annotations = a;
  return m;
}

// ------------------------------------------------------------------------------------------ Pods

function podObject(p: PodSpec, cluster: BuiltCluster): PodObject {
  const m = meta(p.name, p.namespace, p.labels, p.annotations);
  if (p.owner) {
    // ReplicaSet and DaemonSet Pods are named by generateName "<owner>-"; StatefulSet Pods are "<owner>-<ordinal>".
    if (p.owner.kind !== 'StatefulSet') m.generateName = `${p.owner.name}-`;
    m.ownerReferences = [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, controller: true, blockOwnerDeletion: true }];
  }
  const spec: PodObject['spec'] = {
    containers: p.containers.map((c) => {
      const ports = c.ports.map((cp) => {
        const o: NonNullable<PodObject['spec']['containers'][number]['ports']>[number] = { containerPort: cp.containerPort, protocol: cp.protocol };
        if (cp.name) o.name = cp.name;
        if (cp.hostPort !== undefined) o.hostPort = cp.hostPort;
        return o;
      });
      return ports.length > 0 ? { name: c.name, ports } : { name: c.name };
    }),
    dnsPolicy: p.dnsPolicy,
  };
  if (p.hostNetwork) spec.hostNetwork = true;
  if (p.hostname) spec.hostname = p.hostname;
  if (p.subdomain) spec.subdomain = p.subdomain;
  if (p.nodeName) spec.nodeName = p.nodeName;

  const status: PodObject['status'] = { phase: p.phase };
  const node = p.nodeName ? cluster.spec.nodes.find((n) => n.name === p.nodeName) : undefined;
  const running = p.phase === 'Running';
  const key = `${p.namespace}/${p.name}`;
  // A BuiltCluster without its data plane (kubectl's own tests) has no clock and no kubelet state.
  const world = cluster.world as BuiltCluster['world'] | undefined;
  const now = world?.clock.now() ?? 0;
  // Containers that crashed since the Pod started (only while it has its network: it runs).
  const crashes = world && running && cluster.podIPs.has(key) ? containerCrashes(world).get(key) ?? [] : [];
  const crashState = new Map(crashes.map((c) => [c.container, restartState(c, now)]));
  const crashing = [...crashState].filter(([, s]) => !s.running).map(([name]) => name);
  const ready = running && p.ready && crashing.length === 0;
  if (!p.nodeName) {
    status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }];
  } else {
    const t = (b: boolean): 'True' | 'False' => (b ? 'True' : 'False');
    const started = running || p.phase === 'Succeeded' || p.phase === 'Failed';
    // The conditions kubelet writes, in its order (pkg/kubelet/status generate*Condition).
    // generateContainersReadyCondition: a container that is not ready names itself in the message.
    const notReady = crashing.length > 0 ? { reason: 'ContainersNotReady', message: `containers with unready status: [${crashing.join(' ')}]` } : {};
    status.conditions = [
      { type: 'PodReadyToStartContainers', status: t(started) },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: t(ready), ...notReady },
      { type: 'ContainersReady', status: t(ready), ...notReady },
      { type: 'PodScheduled', status: 'True' },
    ];
  }
  if (node) {
    status.hostIP = node.internalIPs[0]!;
    status.hostIPs = [{ ip: node.internalIPs[0]! }];
  }
  const ip = cluster.podIPs.get(`${p.namespace}/${p.name}`) ?? (running ? p.ip : undefined);
  if (ip) {
    status.podIP = ip;
    status.podIPs = [{ ip }];
  }
  if (p.nodeName) {
    status.containerStatuses = p.containers.map((c): ContainerStatus => {
      switch (p.phase) {
        case 'Running': {
          const cs = crashState.get(c.name);
          if (!cs) return { name: c.name, ready: running && p.ready, restartCount: 0, started: true, state: { running: {} } };
          const lastState = { terminated: { exitCode: BIND_FAILURE_EXIT_CODE, reason: 'Error', finishedAt: rfc3339(cs.lastExit) } };
          if (cs.running) return { name: c.name, ready: p.ready, restartCount: cs.restartCount, started: true, state: { running: {} }, lastState };
          return { name: c.name, ready: false, restartCount: cs.restartCount, started: false, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState };
        }
        case 'Pending':
          return { name: c.name, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } };
        case 'Succeeded':
          return { name: c.name, ready: false, restartCount: 0, started: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
        case 'Failed':
          return { name: c.name, ready: false, restartCount: 0, started: false, state: { terminated: { exitCode: 1, reason: 'Error' } } };
      }
    });
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: m, spec, status };
}

/** metav1.Time as JSON: RFC 3339 in seconds, UTC (the simulator's clock counts milliseconds from 0). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// ------------------------------------------------------------------------------------------ Nodes

function nodeObject(n: NodeSpec, info: NodeInfo): NodeObject {
  // kubelet's initialNode labels, then kubeadm's markcontrolplane labels; the manifest's own labels win.
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': info.architecture,
    'beta.kubernetes.io/os': info.operatingSystem,
    'kubernetes.io/arch': info.architecture,
    'kubernetes.io/hostname': n.hostname,
    'kubernetes.io/os': info.operatingSystem,
  };
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  Object.assign(labels, n.labels);
  const spec: NodeObject['spec'] = {};
  if (n.podCIDR) {
    spec.podCIDR = n.podCIDR;
    spec.podCIDRs = [n.podCIDR];
  }
  if (n.taints.length > 0) spec.taints = n.taints.map((t) => ({ ...t }));
  if (n.unschedulable) spec.unschedulable = true;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.name, undefined, labels, n.annotations),
    spec,
    status: {
      addresses: [
        ...n.internalIPs.map((address) => ({ address, type: 'InternalIP' as const })),
        ...n.externalIPs.map((address) => ({ address, type: 'ExternalIP' as const })),
        { address: n.hostname, type: 'Hostname' as const },
      ],
      conditions: [{ type: 'Ready', status: n.ready ? 'True' : 'False', reason: n.ready ? 'KubeletReady' : 'KubeletNotReady' }],
      nodeInfo: { ...info },
    },
  };
}

function namespaceObject(ns: NamespaceSpec): NamespaceObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns.name, undefined, ns.labels), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

// ------------------------------------------------------------------------------------------ Services

function serviceObject(s: ServiceObject): ServiceApiObject {
  const o = clone(s) as ServiceApiObject;
  // A headless Service reads back clusterIPs ["None"]; ExternalName has neither field set.
  if (o.spec.clusterIP && !o.spec.clusterIPs) o.spec.clusterIPs = [o.spec.clusterIP];
  o.status = { loadBalancer: o.status?.loadBalancer ?? {} };
  return o;
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';

function sliceObject(s: V1EndpointSlice): EndpointSliceObject {
  const o = clone(s) as EndpointSliceObject;
  o.apiVersion = s.apiVersion ?? 'discovery.k8s.io/v1';
  o.kind = s.kind ?? 'EndpointSlice';
  o.addressType = s.addressType ?? 'IPv4';
  o.metadata = { ...o.metadata, name: s.metadata.name ?? '', namespace: s.metadata.namespace ?? 'default' };
  const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
  if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === SLICE_CONTROLLER) {
    // The controller creates slices with generateName "<service>-", owned by the Service.
    o.metadata.generateName = `${svc}-`;
    o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Service', name: svc, controller: true, blockOwnerDeletion: true }];
  }
  return o;
}

/** The Endpoints object for one Service, from its slices (see the top of the file). */
function endpointsObject(svc: ServiceObject, slices: readonly V1EndpointSlice[]): EndpointsObject {
  const groups = new Map<string, { ports: V1EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const s of slices) {
    const ports = s.ports ?? [];
    const key = JSON.stringify(ports);
    for (const ep of s.endpoints ?? []) {
      const ip = ep.addresses[0];
      if (!ip) continue;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
      const a: EndpointAddress = { ip };
      if (ep.hostname) a.hostname = ep.hostname;
      if (ep.nodeName) a.nodeName = ep.nodeName;
      if (ep.targetRef) a.targetRef = { ...ep.targetRef };
      (ep.conditions?.ready === false ? g.notReady : g.ready).push(a);
    }
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => byteOrder(a.ip, b.ip);
  const subsets: EndpointSubset[] = [...groups.values()].map((g) => {
    const sub: EndpointSubset = {};
    if (g.ready.length > 0) sub.addresses = g.ready.sort(byIp);
    if (g.notReady.length > 0) sub.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length > 0) {
      sub.ports = g.ports.map((p) => {
        const o: NonNullable<EndpointSubset['ports']>[number] = { port: p.port ?? 0, protocol: p.protocol ?? 'TCP' };
        if (p.name) o.name = p.name;
        if (p.appProtocol) o.appProtocol = p.appProtocol;
        return o;
      });
    }
    return sub;
  });
  const o: EndpointsObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta(svc.metadata.name, svc.metadata.namespace, svc.metadata.labels) };
  if (subsets.length > 0) o.subsets = subsets;
  return o;
}

/**
 * Services that have an Endpoints object: default/kubernetes (the API server's), and every Service with a
 * selector other than ExternalName (the Endpoints controller skips a Service whose selector is nil).
 */
function endpointsFor(services: readonly ServiceObject[], slices: readonly V1EndpointSlice[]): EndpointsObject[] {
  const out: EndpointsObject[] = [];
  for (const svc of services) {
    const ns = svc.metadata.namespace;
    const name = svc.metadata.name;
    const isApiServer = ns === 'default' && name === 'kubernetes';
    const hasSelector = Object.keys(svc.spec.selector ?? {}).length > 0 && svc.spec.type !== 'ExternalName';
    if (!isApiServer && !hasSelector) continue;
    const mine = slices.filter(
      (s) =>
        (s.metadata.namespace ?? 'default') === ns &&
        s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
        (isApiServer || s.metadata.labels?.[MANAGED_BY_LABEL] === SLICE_CONTROLLER),
    );
    out.push(endpointsObject(svc, mine));
  }
  return out;
}

// ------------------------------------------------------------------------------------------ NetworkPolicies

/**
 * The policy as the API server stores it: SetDefaults_NetworkPolicyPort (protocol TCP) and the policyTypes
 * defaulting of the API (Ingress always; Egress too when egress rules are present).
 */
function networkPolicyObject(np: NetworkPolicy): NetworkPolicyObject {
  const o = clone(np) as NetworkPolicyObject & { spec: Record<string, unknown> };
  o.apiVersion = np.apiVersion ?? 'networking.k8s.io/v1';
  o.kind = np.kind ?? 'NetworkPolicy';
  const spec = (o.spec ?? {}) as { podSelector?: unknown; policyTypes?: string[]; ingress?: { ports?: { protocol?: string }[] }[]; egress?: { ports?: { protocol?: string }[] }[] };
  spec.podSelector ??= {};
  if (!spec.policyTypes || spec.policyTypes.length === 0) {
    spec.policyTypes = (spec.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const p of rule.ports ?? []) p.protocol ??= 'TCP';
  (o as { spec: unknown }).spec = spec;
  return o;
}

// ------------------------------------------------------------------------------------------ all

const byNsName = <T extends { metadata: { name: string; namespace?: string } }>(a: T, b: T) =>
  byteOrder(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || byteOrder(a.metadata.name, b.metadata.name);

/**
 * Every object of the cluster, each list in the API server's order: by namespace, then name (the storage
 * keys `/registry/<resource>/<namespace>/<name>` are listed in byte order).
 */
export function clusterObjects(cluster: BuiltCluster, nodeInfo: NodeInfo = SIMULATED_NODE_INFO, events: readonly EventObject[] = []): ClusterObjects {
  const spec = cluster.spec;
  return {
    pods: spec.pods.map((p) => podObject(p, cluster)).sort(byNsName),
    services: spec.services.map(serviceObject).sort(byNsName),
    endpoints: endpointsFor(spec.services, cluster.endpointSlices).sort(byNsName),
    endpointslices: cluster.endpointSlices.map(sliceObject).sort(byNsName),
    nodes: spec.nodes.map((n) => nodeObject(n, nodeInfo)).sort(byNsName),
    namespaces: spec.namespaces.map(namespaceObject).sort(byNsName),
    networkpolicies: spec.networkPolicies.map(networkPolicyObject).sort(byNsName),
    events: events.map(clone).sort(byNsName),
  };
}
