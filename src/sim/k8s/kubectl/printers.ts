/**
 * The table columns of `kubectl get`, one printer per resource type, after kubernetes/kubernetes
 * pkg/printers/internalversion/printers.go (AddHandlers column definitions and the print* functions): the
 * server builds these rows, kubectl lays them out (tabwriter.ts). Columns with Priority 1 appear only with
 * `-o wide`. AGE comes from the caller (the simulator has no object timestamps).
 *
 * Times since a timestamp (RESTARTS' "(5s ago)", an event's LAST SEEN) are translateTimestampSince: the
 * injected clock's `now` minus the timestamp, in duration.HumanDuration's words
 * (staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go).
 *
 * Not modelled: init containers, readiness gates and nominated nodes (always `<none>`), Pods being deleted
 * (Terminating), IPv6 addresses in ENDPOINTS (no [brackets]), events of the new events.k8s.io API (series).
 */
import { formatSelector } from '../netpol/selector';
import type { LabelSelector } from '../netpol/types';
import type { ClusterObjects, EndpointsObject, EndpointSliceObject, EventObject, NamespaceObject, NetworkPolicyObject, NodeObject, PodObject, ServiceApiObject } from './objects';
import type { ResourceType } from './resources';
import { byteOrder, formatLabels } from './selector';

export interface Column {
  name: string;
  /** 1 = shown with `-o wide` only. */
  priority: 0 | 1;
}

export interface Printer<T> {
  columns: readonly Column[];
  /** Cells for every column (wide ones included); AGE is passed in, `now` is the clock (ms) for other times. */
  cells(obj: T, age: string, wide: boolean, now: number): string[];
}

const col = (name: string, priority: 0 | 1 = 0): Column => ({ name, priority });

/** duration.HumanDuration: ~2-3 significant figures. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** translateTimestampSince: "<unknown>" for an unset time. */
export function timestampSince(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  return humanDuration(now - Date.parse(ts));
}

// ------------------------------------------------------------------------------------------ Pods

/** printPod: READY counts ready, running containers; STATUS is the phase unless a container state overrides it. */
export const podPrinter: Printer<PodObject> = {
  columns: [col('NAME'), col('READY'), col('STATUS'), col('RESTARTS'), col('AGE'), col('IP', 1), col('NODE', 1), col('NOMINATED NODE', 1), col('READINESS GATES', 1)],
  cells(pod, age, _wide, now) {
    const total = pod.spec.containers.length;
    let ready = 0;
    let reason = pod.status.phase;
    let restarts = 0;
    let lastRestart: string | undefined;
    // printPod walks containerStatuses from the last; a waiting or terminated reason replaces the phase.
    const statuses = pod.status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount;
      // The latest lastState.terminated.finishedAt of any container.
      const finished = c.lastState?.terminated?.finishedAt;
      if (finished && (!lastRestart || Date.parse(finished) > Date.parse(lastRestart))) lastRestart = finished;
      if (c.state.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.ready && c.state.running) ready++;
    }
    return [
      pod.metadata.name,
      `${ready}/${total}`,
      reason,
      restarts !== 0 && lastRestart ? `${restarts} (${timestampSince(lastRestart, now)} ago)` : String(restarts),
      age,
      pod.status.podIPs?.[0]?.ip || '<none>',
      pod.spec.nodeName || '<none>',
      '<none>',
      '<none>',
    ];
  },
};

// ------------------------------------------------------------------------------------------ Services

/** loadBalancerWidth: a longer LoadBalancer address list is cut to 13 bytes + "..." unless -o wide. */
const LOAD_BALANCER_WIDTH = 16;

/** loadBalancerStatusStringer: ingress IPs (else hostnames), de-duplicated and sorted (sets.String.List). */
function loadBalancerStatus(svc: ServiceApiObject, wide: boolean): string {
  const set = new Set<string>();
  for (const ing of svc.status.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  let r = [...set].sort(byteOrder).join(',');
  if (!wide && r.length > LOAD_BALANCER_WIDTH) r = `${r.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
  return r;
}

/** getServiceExternalIP. */
export function serviceExternalIP(svc: ServiceApiObject, wide: boolean): string {
  const externalIPs = svc.spec.externalIPs ?? [];
  const type = svc.spec.type ?? 'ClusterIP';
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc, wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
}

/** makePortString: "port/PROTO", or "port:nodePort/PROTO" when a node port is allocated. */
export function servicePorts(svc: ServiceApiObject): string {
  const s = (svc.spec.ports ?? [])
    .map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
  return s || '<none>';
}

export const servicePrinter: Printer<ServiceApiObject> = {
  columns: [col('NAME'), col('TYPE'), col('CLUSTER-IP'), col('EXTERNAL-IP'), col('PORT(S)'), col('AGE'), col('SELECTOR', 1)],
  cells(svc, age, wide) {
    // printService: CLUSTER-IP is clusterIPs[0] ("None" for a headless Service), "<none>" without one.
    const clusterIP = svc.spec.clusterIPs?.[0] ?? '<none>';
    return [svc.metadata.name, svc.spec.type ?? 'ClusterIP', clusterIP, serviceExternalIP(svc, wide), servicePorts(svc), age, formatLabels(svc.spec.selector)];
  },
};

// ------------------------------------------------------------------------------------------ Endpoints

const LIST_MAX = 3;

/** formatEndpoints: up to 3 ready `ip:port` (port-major), " + N more..."; "<none>" without subsets. */
export function formatEndpoints(ep: EndpointsObject): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    // Headless Services may have no ports: the bare IPs are listed.
    const items = ports.length === 0 ? addrs.map((a) => a.ip) : ports.flatMap((p) => addrs.map((a) => `${a.ip}:${p.port}`));
    for (const it of items) {
      if (list.length < LIST_MAX) list.push(it);
      count++;
    }
  }
  const ret = list.join(',');
  // Only ready addresses are listed: a Service whose Pods are all unready prints an empty cell.
  return count > LIST_MAX ? `${ret} + ${count - LIST_MAX} more...` : ret;
}

export const endpointsPrinter: Printer<EndpointsObject> = {
  columns: [col('NAME'), col('ENDPOINTS'), col('AGE')],
  cells: (ep, age) => [ep.metadata.name, formatEndpoints(ep), age],
};

// ------------------------------------------------------------------------------------------ EndpointSlices

/** listWithMoreString: first 3, " + N more...", "<unset>" when empty. */
function listWithMore(items: readonly string[]): string {
  const ret = items.slice(0, LIST_MAX).join(',');
  if (items.length > LIST_MAX) return `${ret} + ${items.length - LIST_MAX} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** formatDiscoveryPorts: the port number, else its name, else "*". */
export function slicePortsText(slice: EndpointSliceObject): string {
  return listWithMore((slice.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*')));
}

/** formatDiscoveryEndpoints: every address of every endpoint, ready or not. */
export function sliceEndpointsText(slice: EndpointSliceObject): string {
  return listWithMore((slice.endpoints ?? []).flatMap((e) => e.addresses));
}

export const endpointSlicePrinter: Printer<EndpointSliceObject> = {
  columns: [col('NAME'), col('ADDRESSTYPE'), col('PORTS'), col('ENDPOINTS'), col('AGE')],
  cells: (s, age) => [s.metadata.name, s.addressType, slicePortsText(s), sliceEndpointsText(s), age],
};

// ------------------------------------------------------------------------------------------ Nodes

/** findNodeRoles: node-role.kubernetes.io/<role> label keys and the kubernetes.io/role value, sorted. */
export function nodeRoles(node: NodeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(byteOrder).join(',') || '<none>';
}

export const nodePrinter: Printer<NodeObject> = {
  columns: [col('NAME'), col('STATUS'), col('ROLES'), col('AGE'), col('VERSION'), col('INTERNAL-IP', 1), col('EXTERNAL-IP', 1), col('OS-IMAGE', 1), col('KERNEL-VERSION', 1), col('CONTAINER-RUNTIME', 1)],
  cells(node, age) {
    const ready = node.status.conditions.find((c) => c.type === 'Ready');
    const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
    if (node.spec.unschedulable) status.push('SchedulingDisabled');
    const addr = (t: string) => node.status.addresses.find((a) => a.type === t)?.address ?? '<none>';
    const info = node.status.nodeInfo;
    return [
      node.metadata.name,
      status.join(','),
      nodeRoles(node),
      age,
      info.kubeletVersion,
      addr('InternalIP'),
      addr('ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

// ------------------------------------------------------------------------------------------ Namespaces, NetworkPolicies

export const namespacePrinter: Printer<NamespaceObject> = {
  columns: [col('NAME'), col('STATUS'), col('AGE')],
  cells: (ns, age) => [ns.metadata.name, ns.status.phase, age],
};

/** printNetworkPolicy: metav1.FormatLabelSelector(&spec.podSelector) ("<none>" for the empty selector). */
export const networkPolicyPrinter: Printer<NetworkPolicyObject> = {
  columns: [col('NAME'), col('POD-SELECTOR'), col('AGE')],
  cells: (np, age) => [np.metadata.name, formatSelector((np.spec?.podSelector ?? {}) as LabelSelector), age],
};

// ------------------------------------------------------------------------------------------ Events

/** formatEventSource: the component, then ", host" when there is one. */
function eventSource(e: EventObject): string {
  const component = e.source.component || e.reportingComponent;
  const instance = e.source.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

/** printEvent: OBJECT is "kind/name" in lower case; LAST SEEN falls back to FIRST SEEN; COUNT at least 1. */
export const eventPrinter: Printer<EventObject> = {
  columns: [col('LAST SEEN'), col('TYPE'), col('REASON'), col('OBJECT'), col('SUBOBJECT', 1), col('SOURCE', 1), col('MESSAGE'), col('FIRST SEEN', 1), col('COUNT', 1), col('NAME', 1)],
  cells(e, _age, _wide, now) {
    const first = timestampSince(e.firstTimestamp, now);
    const last = e.lastTimestamp ? timestampSince(e.lastTimestamp, now) : first;
    const o = e.involvedObject;
    const target = o.name ? `${o.kind.toLowerCase()}/${o.name}` : o.kind.toLowerCase();
    return [last, e.type, e.reason, target, o.fieldPath ?? '', eventSource(e), e.message.trim(), first, String(e.count || 1), e.metadata.name];
  },
};

// ------------------------------------------------------------------------------------------ by type

type ObjectOf = { [K in ResourceType]: ClusterObjects[K][number] };

export const PRINTERS: { [K in ResourceType]: Printer<ObjectOf[K]> } = {
  pods: podPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  endpointslices: endpointSlicePrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  networkpolicies: networkPolicyPrinter,
  events: eventPrinter,
};

/** The row of one object: every column's cell, wide ones included (the caller drops them without -o wide). */
export function tableCells(type: ResourceType, obj: ObjectOf[ResourceType], age: string, wide: boolean, now = 0): string[] {
  return (PRINTERS[type] as Printer<ObjectOf[ResourceType]>).cells(obj, age, wide, now);
}
