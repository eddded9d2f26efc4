/**
 * EndpointSlices (discovery.k8s.io/v1): declared ones, validated (pkg/apis/discovery/validation), the API
 * server's `default/kubernetes` slice, and the ones the EndpointSlice controller
 * (pkg/controller/endpointslice, staging endpointslice reconciler) writes for Services with a selector.
 *
 * The controller's rules modelled here:
 * - a Pod is an endpoint when it matches the selector in the Service's namespace, is bound to a node, and is
 *   not terminal (Succeeded/Failed) (ShouldPodBeInEndpoints; Pods without an IP are skipped);
 * - conditions: ready = Pod Ready (or the Service's publishNotReadyAddresses), serving = Pod Ready,
 *   terminating = false; nodeName, zone (the node's topology.kubernetes.io/zone label) and a targetRef to the
 *   Pod; hostname when the Service is headless and the Pod's subdomain is the Service's name;
 * - ports: each Service port resolved per Pod (podutil.FindPort: a number is used as is, a name is looked up
 *   among the Pod's container ports with the same protocol; a name the Pod lacks drops that port for it);
 *   Pods whose resolved ports differ go to different slices;
 * - at most 100 endpoints per slice (--max-endpoints-per-slice default); slices are named by generateName
 *   `<service>-` (5 random characters) and labelled kubernetes.io/service-name,
 *   endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io (plus the Service's labels, and
 *   service.kubernetes.io/headless for headless Services);
 * - a Service that selects nothing still gets one empty placeholder slice.
 *
 * Pod IPs are assigned by the CNI when the cluster is built, so derived endpoints carry `addresses: []`
 * until deriveEndpointSlices fills them in.
 *
 * Not modelled: topology hints, trafficDistribution, the Endpoints (v1) API and its mirroring controller,
 * IPv6 and FQDN slices beyond accepting them.
 */
import { formatIpv4 } from '../../addr/ipv4';
import { fail } from '../../core/errors';
import type { Rng } from '../../core/rng';
import type { V1Endpoint, V1EndpointPort, V1EndpointSlice } from '../kube-proxy/types';
import type { ObjectCtx, Path } from './issues';
import { enumAt, ipAt, nameOk, portOk, readMeta } from './fields';
import { uniqueGeneratedName } from './names';
import { asArr, asBool, asInt, asObj, asStr } from './shape';
import type { ClusterSpec, NodeSpec, PodSpec, ServiceObject } from './types';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceDraft {
  ctx: ObjectCtx;
  namespace: string;
  name: string;
  /** The kubernetes.io/service-name label. */
  serviceName?: string;
  slice: V1EndpointSlice;
}

export function readEndpointSlice(ctx: ObjectCtx, obj: Record<string, unknown>): SliceDraft | undefined {
  const meta = readMeta(ctx, obj, 'EndpointSlice', true, 'dns1123-subdomain');
  const addressType = enumAt(ctx, ['addressType'], obj['addressType'], ['IPv4', 'IPv6', 'FQDN'] as const);
  if (!addressType && obj['addressType'] === undefined) ctx.err(['addressType'], 'is required: IPv4');
  if (addressType && addressType !== 'IPv4') ctx.warn(['addressType'], `${addressType} slices are not modelled: kube-proxy's IPv4 rules ignore this slice`);
  const endpoints: V1Endpoint[] = [];
  const rawEps = asArr(obj['endpoints']);
  if (rawEps.length > 1000) ctx.err(['endpoints'], `has ${rawEps.length} entries: at most 1000`);
  rawEps.forEach((raw, i) => {
    const o = asObj(raw) ?? {};
    const p: Path = ['endpoints', i];
    const addrs = asArr(o['addresses']).filter((a): a is string => typeof a === 'string');
    if (addrs.length === 0) return void ctx.err([...p, 'addresses'], 'must hold at least one address');
    if (addrs.length > 100) ctx.err([...p, 'addresses'], 'holds more than 100 addresses');
    const ok: string[] = [];
    addrs.forEach((a, j) => {
      if (addressType !== 'IPv4' && addressType !== undefined) return void ok.push(a);
      const ip = ipAt(ctx, [...p, 'addresses', j], a);
      if (ip !== undefined) ok.push(formatIpv4(ip));
    });
    const ep: V1Endpoint = { addresses: ok };
    const cond = asObj(o['conditions']);
    if (cond) {
      const c: NonNullable<V1Endpoint['conditions']> = {};
      for (const k of ['ready', 'serving', 'terminating'] as const) {
        const v = asBool(cond[k]);
        if (v !== undefined) c[k] = v;
      }
      ep.conditions = c;
    }
    const nodeName = asStr(o['nodeName']);
    if (nodeName && nameOk(ctx, [...p, 'nodeName'], nodeName, 'dns1123-subdomain')) ep.nodeName = nodeName;
    const hostname = asStr(o['hostname']);
    if (hostname && nameOk(ctx, [...p, 'hostname'], hostname, 'dns1123-label')) ep.hostname = hostname;
    const zone = asStr(o['zone']);
    if (zone) ep.zone = zone;
    const ref = asObj(o['targetRef']);
    if (ref) {
      const t: NonNullable<V1Endpoint['targetRef']> = {};
      for (const k of ['kind', 'name', 'namespace', 'uid'] as const) {
        const v = asStr(ref[k]);
        if (v) t[k] = v;
      }
      ep.targetRef = t;
    }
    endpoints.push(ep);
  });
  const ports: V1EndpointPort[] = [];
  const names = new Set<string>();
  const rawPorts = asArr(obj['ports']);
  if (rawPorts.length > 100) ctx.err(['ports'], `has ${rawPorts.length} entries: at most 100`);
  rawPorts.forEach((raw, i) => {
    const o = asObj(raw) ?? {};
    const p: Path = ['ports', i];
    const name = asStr(o['name']) ?? '';
    if (name !== '') nameOk(ctx, [...p, 'name'], name, 'dns1123-label');
    if (names.has(name)) ctx.err([...p, 'name'], `${JSON.stringify(name)} is used by another port of this slice`);
    names.add(name);
    const port = asInt(o['port']);
    const protocol = enumAt(ctx, [...p, 'protocol'], o['protocol'], ['TCP', 'UDP', 'SCTP'] as const) ?? 'TCP';
    const ep: V1EndpointPort = { name, protocol };
    if (port !== undefined && portOk(ctx, [...p, 'port'], port)) ep.port = port;
    const app = asStr(o['appProtocol']);
    if (app) ep.appProtocol = app;
    ports.push(ep);
  });
  const serviceName = meta.labels[SERVICE_NAME_LABEL];
  if (!serviceName) ctx.warn(['metadata', 'labels'], `lack ${SERVICE_NAME_LABEL}: kube-proxy ignores a slice that names no Service`);
  if (!meta.name) return undefined;
  const md: V1EndpointSlice['metadata'] = { name: meta.name, namespace: meta.namespace };
  if (Object.keys(meta.labels).length > 0) md.labels = meta.labels;
  if (Object.keys(meta.annotations).length > 0) md.annotations = meta.annotations;
  const slice: V1EndpointSlice = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: md, addressType: addressType ?? 'IPv4', endpoints, ports };
  return { ctx, namespace: meta.namespace, name: meta.name, ...(serviceName ? { serviceName } : {}), slice };
}

/** The API server's slice for default/kubernetes: every control-plane node's IP on the secure port. */
export function kubernetesSlice(apiServerIPs: readonly string[], port: number): V1EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [SERVICE_NAME_LABEL]: 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: apiServerIPs.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  };
}

/** podutil.FindPort: the container port a Service port's targetPort means for one Pod. */
export function findPort(pod: PodSpec, port: { targetPort?: number | string; port: number; protocol?: string }): number | undefined {
  const tp = port.targetPort ?? port.port;
  if (typeof tp === 'number') return tp;
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.containers) for (const p of c.ports) if (p.name === tp && p.protocol === protocol) return p.containerPort;
  return undefined;
}

export interface SliceWarning {
  /** Index into the Service's spec.ports, or -1 for the selector. */
  portIndex: number;
  message: string;
}

/**
 * The EndpointSlice controller's slices for one Service (see the top of the file). Pod IPs known now (fixed
 * or hostNetwork) are filled in; others are left `[]`. Also returns what a learner should hear about: a
 * selector that selects nothing, a named targetPort the selected Pods do not define.
 */
/**
 * Pods by namespace and by label, so that selecting a Service's Pods looks at the Pods that carry its first
 * label instead of every Pod of the cluster (150,000 at the scalability limits).
 */
export class PodLabelIndex {
  private readonly byNs = new Map<string, PodSpec[]>();
  private readonly byLabel = new Map<string, PodSpec[]>();

  constructor(pods: readonly PodSpec[]) {
    for (const p of pods) {
      push(this.byNs, p.namespace, p);
      for (const [k, v] of Object.entries(p.labels)) push(this.byLabel, `${p.namespace}\u0000${k}\u0000${v}`, p);
    }
  }

  /** A superset of the Pods the selector can match, in Pod order. */
  candidates(ns: string, selector: Record<string, string>): readonly PodSpec[] {
    const first = Object.entries(selector)[0];
    if (!first) return this.byNs.get(ns) ?? [];
    return this.byLabel.get(`${ns}\u0000${first[0]}\u0000${first[1]}`) ?? [];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function planServiceSlices(
  svc: ServiceObject,
  pods: readonly PodSpec[],
  nodes: ReadonlyMap<string, NodeSpec>,
  rng: Rng,
  takenNames: Set<string>,
  index?: PodLabelIndex,
): { slices: V1EndpointSlice[]; warnings: SliceWarning[] } {
  const ns = svc.metadata.namespace;
  const selector = svc.spec.selector ?? {};
  const headless = svc.spec.clusterIP === 'None';
  const warnings: SliceWarning[] = [];
  const candidates = index ? index.candidates(ns, selector) : pods;
  const selected = candidates.filter(
    (p) =>
      p.namespace === ns &&
      Object.entries(selector).every(([k, v]) => p.labels[k] === v) &&
      p.phase !== 'Succeeded' &&
      p.phase !== 'Failed',
  );
  const bound = selected.filter((p) => p.nodeName !== undefined);
  if (selected.length === 0) {
    const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    warnings.push({ portIndex: -1, message: `${sel} selects no Pods in namespace ${ns}: the Service has no endpoints` });
  }
  const svcPorts = svc.spec.ports ?? [];
  svcPorts.forEach((sp, i) => {
    if (typeof sp.targetPort !== 'string' || selected.length === 0) return;
    const lacking = selected.filter((p) => findPort(p, sp) === undefined);
    if (lacking.length === 0) return;
    const names = lacking.slice(0, 3).map((p) => p.name).join(', ') + (lacking.length > 3 ? ` and ${lacking.length - 3} more` : '');
    const all = lacking.length === selected.length;
    warnings.push({
      portIndex: i,
      message: `"${sp.targetPort}" is not a ${sp.protocol ?? 'TCP'} container port name of ${all ? 'any selected Pod' : `the selected Pod${lacking.length > 1 ? 's' : ''} ${names}`}: ${all ? 'the port has no endpoints' : 'those Pods get no endpoint for it'}`,
    });
  });
  // setEndpointSliceLabels: the Service's labels except the reserved ones, then the reserved ones.
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  labels[SERVICE_NAME_LABEL] = svc.metadata.name;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (headless) labels[HEADLESS_LABEL] = '';
  const newSlice = (ports: V1EndpointPort[], endpoints: V1Endpoint[]): V1EndpointSlice => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: uniqueGeneratedName(rng, `${svc.metadata.name}-`, takenNames), namespace: ns, labels: { ...labels } },
    addressType: 'IPv4',
    endpoints,
    ports,
  });
  // Group endpoints by their resolved ports (the reconciler's endpointMeta / port-mapping hash).
  const groups = new Map<string, { ports: V1EndpointPort[]; endpoints: V1Endpoint[] }>();
  for (const pod of bound) {
    const ports: V1EndpointPort[] = [];
    for (const sp of svcPorts) {
      const n = findPort(pod, sp);
      if (n === undefined) continue;
      const ep: V1EndpointPort = { name: sp.name ?? '', port: n, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    const node = pod.nodeName ? nodes.get(pod.nodeName) : undefined;
    const ep: V1Endpoint = {
      addresses: pod.ip ? [pod.ip] : [],
      conditions: { ready: pod.ready || svc.spec.publishNotReadyAddresses === true, serving: pod.ready, terminating: false },
      nodeName: pod.nodeName!,
      targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
    };
    const zone = node?.labels['topology.kubernetes.io/zone'];
    if (zone) ep.zone = zone;
    if (headless && pod.hostname && pod.subdomain === svc.metadata.name) ep.hostname = pod.hostname;
    g.endpoints.push(ep);
  }
  const slices: V1EndpointSlice[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      slices.push(newSlice(g.ports, g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE)));
    }
  }
  if (slices.length === 0) slices.push(newSlice([], [])); // the reconciler's placeholder slice
  return { slices, warnings };
}

/**
 * The derived EndpointSlices with every Pod IP filled in, once the CNI has assigned them. `podIPs` maps
 * "namespace/name" to the Pod's IP; Pods whose IP was known at load time (status.podIP, hostNetwork) need
 * no entry. Throws BAD_USAGE when a bound Pod has no IP.
 *
 * `notReady` names Pods that kubelet found not ready once they ran (a container in CrashLoopBackOff): the
 * controller writes their endpoints with serving false and ready false — ready stays true only for a Service
 * with publishNotReadyAddresses (the reconciler's podToEndpoint: Ready = service.Spec.PublishNotReadyAddresses
 * || podutil.IsPodReady(pod)).
 */
export function deriveEndpointSlices(
  spec: Pick<ClusterSpec, 'derivedEndpointSlices'> & Partial<Pick<ClusterSpec, 'services'>>,
  podIPs: ReadonlyMap<string, string>,
  notReady: ReadonlySet<string> = NONE,
): V1EndpointSlice[] {
  const publishing = notReady.size === 0 ? NONE : new Set((spec.services ?? []).filter((s) => s.spec.publishNotReadyAddresses === true).map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
  return spec.derivedEndpointSlices.map((s) => ({
    ...s,
    metadata: { ...s.metadata, labels: { ...(s.metadata.labels ?? {}) } },
    endpoints: (s.endpoints ?? []).map((e) => {
      const key = `${e.targetRef?.namespace}/${e.targetRef?.name}`;
      let ep: V1Endpoint = e;
      if (notReady.has(key)) {
        const publish = publishing.has(`${s.metadata.namespace}/${s.metadata.labels?.[SERVICE_NAME_LABEL] ?? ''}`);
        ep = { ...e, conditions: { ...e.conditions, ready: publish, serving: false } };
      }
      if (e.addresses.length > 0) return { ...ep, addresses: [...e.addresses] };
      const ip = podIPs.get(key);
      if (!ip) fail('BAD_USAGE', `deriveEndpointSlices: Pod ${key} (endpoint of EndpointSlice ${s.metadata.namespace}/${s.metadata.name}) has no IP: pass it in podIPs`);
      return { ...ep, addresses: [ip] };
    }),
    ports: (s.ports ?? []).map((p) => ({ ...p })),
  }));
}

const NONE: ReadonlySet<string> = new Set();

/** Declared slices followed by the derived ones with Pod IPs filled in (see deriveEndpointSlices for notReady). */
export function allEndpointSlices(
  spec: Pick<ClusterSpec, 'endpointSlices' | 'derivedEndpointSlices'> & Partial<Pick<ClusterSpec, 'services'>>,
  podIPs: ReadonlyMap<string, string>,
  notReady?: ReadonlySet<string>,
): V1EndpointSlice[] {
  return [...spec.endpointSlices, ...deriveEndpointSlices(spec, podIPs, notReady)];
}
