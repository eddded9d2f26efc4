/**
 * Pods and the controllers that make them: a Pod as written, and Deployments (apps/v1, through a ReplicaSet
 * named `<deployment>-<pod-template-hash>`, Pods `<replicaset>-<5 chars>`), StatefulSets (Pods
 * `<name>-<ordinal>` with hostname = Pod name and subdomain = serviceName) and DaemonSets (one Pod
 * `<name>-<5 chars>` per eligible node). Validation follows ValidatePod / ValidateDeployment
 * (pkg/apis/core/validation, pkg/apis/apps/validation) for the fields the network depends on.
 *
 * Not modelled: rollouts and revisions (one ReplicaSet per Deployment), init containers other than sidecars
 * (restartPolicy: Always, whose ports count like a container's), affinity and topology spread constraints,
 * resource requests, volumes, probes (readiness comes from status, default Ready).
 */
import type { Ipv4 } from '../../addr/ipv4';
import { selectorMatches } from '../netpol/selector';
import type { LabelSelector } from '../netpol/types';
import type { ObjectCtx, Path } from './issues';
import { enumAt, ipAt, labelsAt, nameOk, portNameOk, portOk, readMeta } from './fields';
import { asArr, asBool, asInt, asObj, asStr, getIn, isObject } from './shape';
import type { ContainerSpec, DnsPolicy, PodPhase, PodSpec, Toleration, TaintEffect } from './types';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** The parts of a PodSpec the network depends on. */
export interface PodBody {
  nodeName?: string;
  nodeNamePath: Path;
  nodeSelector: Record<string, string>;
  hostNetwork: boolean;
  containers: ContainerSpec[];
  hostname?: string;
  subdomain?: string;
  dnsPolicy: DnsPolicy;
  tolerations: Toleration[];
}

function readContainers(ctx: ObjectCtx, spec: Record<string, unknown>, at: Path, hostNetwork: boolean): ContainerSpec[] {
  const out: ContainerSpec[] = [];
  const names = new Set<string>();
  const portNames = new Set<string>();
  const lists: { key: 'containers' | 'initContainers'; items: unknown[] }[] = [
    { key: 'containers', items: asArr(spec['containers']) },
    { key: 'initContainers', items: asArr(spec['initContainers']) },
  ];
  if (lists[0]!.items.length === 0) ctx.err([...at, 'containers'], 'is required: a Pod needs at least one container');
  for (const { key, items } of lists) {
    items.forEach((raw, i) => {
      const c = asObj(raw) ?? {};
      const p: Path = [...at, key, i];
      const name = asStr(c['name']);
      if (!name) ctx.err([...p, 'name'], 'is required');
      else if (nameOk(ctx, [...p, 'name'], name, 'dns1123-label')) {
        if (names.has(name)) ctx.err([...p, 'name'], `${JSON.stringify(name)} is used by another container of this Pod`);
        names.add(name);
      }
      // Only sidecars (init containers that keep running) serve ports; FindPort looks at them too.
      const sidecar = key === 'initContainers' && c['restartPolicy'] === 'Always';
      const ports: ContainerSpec['ports'] = [];
      asArr(c['ports']).forEach((rawPort, j) => {
        const o = asObj(rawPort) ?? {};
        const pp: Path = [...p, 'ports', j];
        const containerPort = asInt(o['containerPort']);
        if (containerPort === undefined) return void ctx.err([...pp, 'containerPort'], 'is required');
        if (!portOk(ctx, [...pp, 'containerPort'], containerPort)) return;
        const protocol = enumAt(ctx, [...pp, 'protocol'], o['protocol'], PROTOCOLS) ?? 'TCP';
        const port: ContainerSpec['ports'][number] = { containerPort, protocol };
        const pname = asStr(o['name']);
        if (pname) {
          if (portNameOk(ctx, [...pp, 'name'], pname)) {
            // validation.go validateContainerPorts: port names are unique within the Pod.
            if (portNames.has(pname)) ctx.err([...pp, 'name'], `${JSON.stringify(pname)} is used by another port of this Pod`);
            portNames.add(pname);
          }
          port.name = pname;
        }
        const hostPort = asInt(o['hostPort']);
        if (hostPort !== undefined && hostPort !== 0 && portOk(ctx, [...pp, 'hostPort'], hostPort)) {
          // validation.go: with hostNetwork the hostPort must match containerPort.
          if (hostNetwork && hostPort !== containerPort) ctx.err([...pp, 'hostPort'], `${hostPort} must equal containerPort ${containerPort} when hostNetwork is true`);
          port.hostPort = hostPort;
        }
        ports.push(port);
      });
      if (key === 'containers' || sidecar) {
        if (name) out.push({ name, ports });
      } else if (ports.length > 0) {
        ctx.warn([...p, 'ports'], 'of an init container that is not a sidecar (restartPolicy: Always) serve nothing: ignored');
      }
    });
  }
  return out;
}

function readTolerations(ctx: ObjectCtx, raw: unknown, at: Path): Toleration[] {
  const out: Toleration[] = [];
  asArr(raw).forEach((t, i) => {
    const o = asObj(t) ?? {};
    const p: Path = [...at, i];
    const key = asStr(o['key']) || undefined;
    const operator = enumAt(ctx, [...p, 'operator'], o['operator'], ['Exists', 'Equal'] as const) ?? 'Equal';
    const value = asStr(o['value']) || undefined;
    const effect = enumAt(ctx, [...p, 'effect'], o['effect'], ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const) as TaintEffect | undefined;
    // validateTolerations: an empty key needs operator Exists; Exists takes no value.
    if (!key && operator !== 'Exists') ctx.err([...p, 'operator'], 'must be Exists when key is empty (it then tolerates every taint)');
    if (operator === 'Exists' && value) ctx.err([...p, 'value'], 'must be empty when operator is Exists');
    const tol: Toleration = { operator };
    if (key) tol.key = key;
    if (value) tol.value = value;
    if (effect) tol.effect = effect;
    out.push(tol);
  });
  return out;
}

/** Reads a PodSpec at `at` (["spec"] for a Pod, ["spec", "template", "spec"] for a controller). */
export function readPodBody(ctx: ObjectCtx, rawSpec: unknown, at: Path): PodBody {
  const spec = asObj(rawSpec) ?? {};
  if (!isObject(rawSpec)) ctx.err(at, 'is required');
  const hostNetwork = asBool(spec['hostNetwork']) ?? false;
  const body: PodBody = {
    nodeNamePath: [...at, 'nodeName'],
    nodeSelector: labelsAt(ctx, [...at, 'nodeSelector'], spec['nodeSelector']),
    hostNetwork,
    containers: readContainers(ctx, spec, at, hostNetwork),
    dnsPolicy: enumAt(ctx, [...at, 'dnsPolicy'], spec['dnsPolicy'], ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const) ?? 'ClusterFirst',
    tolerations: readTolerations(ctx, spec['tolerations'], [...at, 'tolerations']),
  };
  const nodeName = asStr(spec['nodeName']);
  if (nodeName) body.nodeName = nodeName;
  for (const k of ['hostname', 'subdomain'] as const) {
    const v = asStr(spec[k]);
    if (v && nameOk(ctx, [...at, k], v, 'dns1123-label')) body[k] = v;
  }
  return body;
}

export interface PodDraft {
  ctx: ObjectCtx;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  body: PodBody;
  fixedIP?: { ip: Ipv4; path: Path };
  phase?: PodPhase;
  /** status.conditions Ready, when given. */
  readyCondition?: boolean;
  owner?: PodSpec['owner'];
}

export function readPod(ctx: ObjectCtx, obj: Record<string, unknown>): PodDraft | undefined {
  const meta = readMeta(ctx, obj, 'Pod', true, 'dns1123-subdomain');
  const body = readPodBody(ctx, obj['spec'], ['spec']);
  if (!meta.name) return undefined;
  const d: PodDraft = { ctx, namespace: meta.namespace, name: meta.name, labels: meta.labels, annotations: meta.annotations, body };
  const status = asObj(obj['status']) ?? {};
  const phase = enumAt(ctx, ['status', 'phase'], status['phase'], ['Pending', 'Running', 'Succeeded', 'Failed'] as const);
  if (phase) d.phase = phase;
  const podIP = asStr(status['podIP']);
  const podIPs = asArr(status['podIPs']);
  const firstOfList = asStr(getIn(podIPs, [0, 'ip']));
  if (podIP && firstOfList && podIP !== firstOfList) ctx.err(['status', 'podIPs', 0, 'ip'], `${firstOfList} must equal status.podIP ${podIP}`);
  const ipText = podIP ?? firstOfList;
  if (ipText) {
    const path: Path = podIP ? ['status', 'podIP'] : ['status', 'podIPs', 0, 'ip'];
    const ip = ipAt(ctx, path, ipText);
    if (ip !== undefined) d.fixedIP = { ip, path };
  }
  asArr(status['conditions']).forEach((c, i) => {
    const o = asObj(c) ?? {};
    if (o['type'] !== 'Ready') return;
    const s = enumAt(ctx, ['status', 'conditions', i, 'status'], o['status'], ['True', 'False', 'Unknown'] as const);
    if (s) d.readyCondition = s === 'True';
  });
  return d;
}

// ------------------------------------------------------------------------------------------ controllers

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface WorkloadDraft {
  ctx: ObjectCtx;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  replicas: number;
  template: { labels: Record<string, string>; annotations: Record<string, string>; body: PodBody; raw: unknown };
  serviceName?: string;
  ordinalStart: number;
}

/** A label selector as ValidateLabelSelector checks it. */
function readSelector(ctx: ObjectCtx, raw: unknown, at: Path): LabelSelector | undefined {
  const o = asObj(raw);
  if (!o) return undefined;
  const matchLabels = labelsAt(ctx, [...at, 'matchLabels'], o['matchLabels']);
  const exprs: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[] = [];
  asArr(o['matchExpressions']).forEach((e, i) => {
    const x = asObj(e) ?? {};
    const p: Path = [...at, 'matchExpressions', i];
    const key = asStr(x['key']);
    if (!key) return void ctx.err([...p, 'key'], 'is required');
    const op = enumAt(ctx, [...p, 'operator'], x['operator'], ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const);
    if (!op) return void (x['operator'] === undefined && ctx.err([...p, 'operator'], 'is required'));
    const values = asArr(x['values']).filter((v): v is string => typeof v === 'string');
    if ((op === 'In' || op === 'NotIn') && values.length === 0) ctx.err([...p, 'values'], `must be given when operator is ${op}`);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) ctx.err([...p, 'values'], `must be empty when operator is ${op}`);
    exprs.push(values.length ? { key, operator: op, values } : { key, operator: op });
  });
  return { matchLabels, matchExpressions: exprs };
}

export function readWorkload(ctx: ObjectCtx, obj: Record<string, unknown>, kind: WorkloadKind): WorkloadDraft | undefined {
  const meta = readMeta(ctx, obj, kind, true, 'dns1123-subdomain');
  const spec = asObj(obj['spec']) ?? {};
  const tmpl = asObj(spec['template']) ?? {};
  if (!isObject(spec['template'])) ctx.err(['spec', 'template'], 'is required');
  const tmeta = asObj(tmpl['metadata']) ?? {};
  const labels = labelsAt(ctx, ['spec', 'template', 'metadata', 'labels'], tmeta['labels']);
  const body = readPodBody(ctx, tmpl['spec'], ['spec', 'template', 'spec']);
  const selector = readSelector(ctx, spec['selector'], ['spec', 'selector']);
  if (!selector) ctx.err(['spec', 'selector'], 'is required in apps/v1');
  else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    ctx.err(['spec', 'selector'], `is empty: a ${kind} must select its Pods by label`);
  } else if (!selectorMatches(selector, labels)) {
    // ValidateDeploymentSpec: `selector` does not match template `labels`.
    ctx.err(['spec', 'template', 'metadata', 'labels'], `do not match spec.selector: the ${kind} would never find its own Pods`);
  }
  const replicas = kind === 'DaemonSet' ? 0 : (asInt(spec['replicas']) ?? 1);
  if (replicas < 0) ctx.err(['spec', 'replicas'], `${replicas} must be 0 or more`);
  if (body.nodeName && kind !== 'DaemonSet') ctx.warn(['spec', 'template', 'spec', 'nodeName'], 'pins every Pod to one node, bypassing the scheduler');
  if (!meta.name) return undefined;
  const d: WorkloadDraft = {
    ctx,
    kind,
    namespace: meta.namespace,
    name: meta.name,
    replicas: Math.max(0, replicas),
    template: { labels, annotations: asObjStr(tmeta['annotations']), body, raw: tmpl },
    ordinalStart: 0,
  };
  if (kind === 'StatefulSet') {
    const svc = asStr(spec['serviceName']);
    if (svc && nameOk(ctx, ['spec', 'serviceName'], svc, 'dns1123-label')) d.serviceName = svc;
    const start = asInt(getIn(spec, ['ordinals', 'start']));
    if (start !== undefined && start < 0) ctx.err(['spec', 'ordinals', 'start'], `${start} must be 0 or more`);
    else if (start !== undefined) d.ordinalStart = start;
  }
  return d;
}

function asObjStr(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asObj(v) ?? {})) if (typeof x === 'string') out[k] = x;
  return out;
}

/**
 * The template as hashed for pod-template-hash: defaulted where defaulting is invisible to the author
 * (container port protocol TCP), so writing `protocol: TCP` or not gives the same hash, as it does in a cluster.
 */
export function templateForHash(raw: unknown): unknown {
  const t = JSON.parse(JSON.stringify(raw ?? {})) as Record<string, unknown>;
  for (const key of ['containers', 'initContainers']) {
    for (const c of asArr(getIn(t, ['spec', key]))) {
      for (const p of asArr(asObj(c)?.['ports'])) {
        const o = asObj(p);
        if (o && (o['protocol'] === undefined || o['protocol'] === null)) o['protocol'] = 'TCP';
      }
    }
  }
  return t;
}
