/**
 * The control plane of the source notes' architecture: an API server over a versioned store (etcd's role), whose
 * writes become watch events, and the controllers that react to them — the scheduler, kubelet with the CNI on
 * each node, the EndpointSlice controller, the cloud's service controller and load balancer, kube-proxy on every
 * node ("the service agent that watches the API server"), the node lifecycle controller and the NetworkPolicy
 * agent. The data plane is never rebuilt: a change is applied to the running World, so conntrack entries,
 * neighbour caches and FDBs survive it, as on a real node.
 *
 * Each accepted write bumps the resource version; the event log records which component reacted to which
 * event, and the components record core/v1 Events (events.ts) for `kubectl get events`. After every change
 * kubelet restarts containers in CrashLoopBackOff, which run again if their port is free now (containers.ts).
 * A write that fails validation changes nothing (the whole apply is rejected).
 *
 * Not modelled: watch bookmarks and resumption, optimistic concurrency (resourceVersion preconditions), finalizers
 * and graceful termination, adding or removing Nodes after the cluster is built, leader election.
 */
import { parseAllDocuments } from 'yaml';
import { fail } from '../../core/errors';
import { loadManifests, loadObjects, type ClusterSpec, type LoadOptions, type SourceText } from '../manifest';
import { addPod, buildCluster, removePod, syncPolicies, syncServices, type BuiltCluster } from '../cluster/build';
import { nodeNetns } from '../cluster/names';
import { restartContainers } from '../cluster/containers';
import type { EventObject } from '../kubectl/objects';
import { EventRecorder } from './events';
import { parseIpv4 } from '../../addr/ipv4';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  readonly type: WatchType;
  readonly kind: string;
  /** "namespace/name" or, for cluster-scoped objects, "name". */
  readonly key: string;
  readonly resourceVersion: number;
}

export interface LogEntry {
  readonly resourceVersion: number;
  /** The component, as a cluster names it: kube-apiserver, kubelet/node-1, kube-proxy/node-2, … */
  readonly actor: string;
  readonly message: string;
}

type Obj = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };

const NAMESPACED = new Set(['Pod', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'EndpointSlice', 'NetworkPolicy', 'ConfigMap']);

function keyOf(o: Obj): string {
  const kind = String(o.kind ?? '');
  const name = o.metadata?.name ?? '';
  return NAMESPACED.has(kind) ? `${kind}|${o.metadata?.namespace ?? 'default'}/${name}` : `${kind}|${name}`;
}

export class ControlPlane {
  readonly built: BuiltCluster;
  readonly log: LogEntry[] = [];
  readonly events: WatchEvent[] = [];
  private declared = new Map<string, Obj>();
  private readonly recorder = new EventRecorder();
  private rv = 1;
  private readonly opts: LoadOptions & { seed?: number };

  private constructor(declared: Map<string, Obj>, spec: ClusterSpec, opts: LoadOptions & { seed?: number }) {
    this.declared = declared;
    this.opts = opts;
    this.built = buildCluster(spec, { seed: opts.seed });
    for (const e of this.built.events) this.log.push({ resourceVersion: this.rv, actor: e.actor, message: e.message });
    this.built.events.length = 0;
    this.recorder.record(undefined, this.built, (key) => this.manifestNamesNode(key));
  }

  /** The Events the components recorded (`kubectl get events`), as they stand at clock time `now`. */
  eventObjects(now: number = this.built.world.clock.now()): EventObject[] {
    return this.recorder.objects(now);
  }

  /** Whether a declared Pod's manifest names its node (then the scheduler never sees it). */
  private manifestNamesNode(key: string): boolean {
    const spec = this.declared.get(`Pod|${key}`)?.spec as { nodeName?: unknown } | undefined;
    return typeof spec?.nodeName === 'string';
  }

  static fromObjects(objects: readonly unknown[], opts: LoadOptions & { seed?: number } = {}): ControlPlane {
    const declared = new Map<string, Obj>();
    for (const o of flatten(objects)) declared.set(keyOf(o), o);
    const spec = loadObjects([...declared.values()], opts);
    const cp = new ControlPlane(declared, spec, opts);
    cp.persistAllocations(spec);
    return cp;
  }

  static fromManifests(texts: readonly SourceText[] | string, opts: LoadOptions & { seed?: number } = {}): ControlPlane {
    // Validate with file and document numbers first; then keep the objects themselves.
    const spec = loadManifests(texts, opts);
    void spec;
    const objects = parseObjects(texts);
    return ControlPlane.fromObjects(objects, opts);
  }

  get spec(): ClusterSpec {
    return this.built.spec;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** `kubectl apply`: create or replace objects. All or nothing. */
  apply(objects: readonly unknown[]): WatchEvent[] {
    const next = new Map(this.declared);
    for (const o of flatten(objects)) next.set(keyOf(o), o);
    return this.commit(next);
  }

  /** `kubectl delete KIND NAME [-n NS]`. */
  delete(kind: string, name: string, namespace = 'default'): WatchEvent[] {
    const key = NAMESPACED.has(kind) ? `${kind}|${namespace}/${name}` : `${kind}|${name}`;
    if (!this.declared.has(key)) {
      const owned = kind === 'Pod' && this.spec.pods.find((p) => p.namespace === namespace && p.name === name && p.owner);
      if (owned) fail('BAD_USAGE', `Pod ${namespace}/${name} belongs to ${owned.owner!.deployment ? `Deployment ${owned.owner!.deployment}` : `${owned.owner!.kind} ${owned.owner!.name}`}: its controller would recreate it; change the controller's replicas instead`);
      fail('NOT_FOUND', `${kind} ${NAMESPACED.has(kind) ? `${namespace}/` : ''}${name} was not found (Error from server (NotFound))`);
    }
    const next = new Map(this.declared);
    next.delete(key);
    return this.commit(next);
  }

  /** Failure injection: a node goes down (NotReady, powered off) or comes back. */
  setNodeReady(name: string, ready: boolean): WatchEvent[] {
    const key = `Node|${name}`;
    const node = this.declared.get(key) ?? (this.spec.nodes.some((n) => n.name === name) ? undefined : fail('NOT_FOUND', `node ${name} is not in the cluster`));
    const base: Obj = node ?? { apiVersion: 'v1', kind: 'Node', metadata: { name } };
    const status = { ...((base.status as Record<string, unknown>) ?? {}), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
    return this.apply([{ ...base, status }]);
  }

  private commit(next: Map<string, Obj>): WatchEvent[] {
    const before = this.spec;
    // Bound Pods stay bound (the API server stores spec.nodeName); the scheduler only places new ones.
    const bindings = new Map(before.pods.filter((p) => p.nodeName).map((p) => [`${p.namespace}/${p.name}`, p.nodeName!]));
    const spec = loadObjects([...next.values()], { ...this.opts, bindings }); // throws: nothing changes
    if (spec.nodes.map((n) => n.name).join() !== before.nodes.map((n) => n.name).join()) {
      fail('BAD_USAGE', 'adding or removing Nodes after the cluster is built is not modelled; declare every Node up front (use setNodeReady to take one down)');
    }
    this.declared = next;
    this.rv += 1;
    const rv = this.rv;
    const events = diff(before, spec, rv);
    this.events.push(...events);
    for (const e of events) this.log.push({ resourceVersion: rv, actor: 'kube-apiserver', message: `${e.type} ${e.kind} ${e.key}` });
    this.react(before, spec);
    for (const e of this.built.events) this.log.push({ resourceVersion: rv, actor: e.actor, message: e.message });
    this.built.events.length = 0;
    this.recorder.record(before, this.built, (key) => this.manifestNamesNode(key));
    this.persistAllocations(spec);
    return events;
  }

  /** The controllers' reactions to the change from `before` to `after`. */
  private react(before: ClusterSpec, after: ClusterSpec): void {
    const b = this.built;
    for (const n of after.nodes) {
      const was = before.nodes.find((x) => x.name === n.name);
      if (was && was.ready !== n.ready) {
        b.world.linkSet(nodeNetns(n.name), 'eth0', { up: n.ready });
        // Taking the link down flushed the routes through it; a node that boots again brings its default back.
        const ns = b.world.netns(nodeNetns(n.name));
        if (n.ready && !ns.routes().some((r) => r.dst.len === 0)) ns.addRoute({ dst: { addr: 0, len: 0 }, via: parseIpv4(after.config.network.gateway) });
        b.events.push({ actor: 'node-lifecycle-controller', message: `node ${n.name} is ${n.ready ? 'Ready again' : 'NotReady: its Pods are marked not ready'}` });
      }
    }
    const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    const podKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
    const afterPods = new Map(after.pods.map((p) => [podKey(p), p]));
    const beforePods = new Map(before.pods.map((p) => [podKey(p), p]));
    for (const [k, p] of beforePods) {
      const q = afterPods.get(k);
      if (!q || q.nodeName !== p.nodeName || q.hostNetwork !== p.hostNetwork || !same(q.containers, p.containers) || q.phase !== p.phase) removePod(b, p);
    }
    b.spec = after;
    for (const [k, p] of afterPods) {
      if (!b.podIPs.has(k)) addPod(b, p);
    }
    // kubelet's next restart of crashing containers: one whose port was freed by this change runs again.
    restartContainers(b.world, after.pods, b.podIPs, (actor, message) => b.events.push({ actor, message }));
    syncServices(b);
    syncPolicies(b);
  }

  /** The API server stores allocated fields in the object (clusterIP, nodePort, nodeName), so they stay put. */
  private persistAllocations(spec: ClusterSpec): void {
    for (const svc of spec.services) {
      const key = `Service|${svc.metadata.namespace}/${svc.metadata.name}`;
      const o = this.declared.get(key);
      if (!o) continue;
      const s = { ...((o.spec as Record<string, unknown>) ?? {}) };
      if (svc.spec.clusterIP) s.clusterIP = svc.spec.clusterIP;
      if (svc.spec.healthCheckNodePort) s.healthCheckNodePort = svc.spec.healthCheckNodePort;
      const ports = (s.ports as Record<string, unknown>[] | undefined) ?? [];
      s.ports = ports.map((p, i) => (svc.spec.ports?.[i]?.nodePort ? { ...p, nodePort: svc.spec.ports[i]!.nodePort } : p));
      this.declared.set(key, { ...o, spec: s });
    }
    for (const pod of spec.pods) {
      const key = `Pod|${pod.namespace}/${pod.name}`;
      const o = this.declared.get(key);
      if (!o || !pod.nodeName) continue;
      this.declared.set(key, { ...o, spec: { ...((o.spec as Record<string, unknown>) ?? {}), nodeName: pod.nodeName } });
    }
  }
}

function flatten(objects: readonly unknown[]): Obj[] {
  const out: Obj[] = [];
  for (const o of objects) {
    if (o && typeof o === 'object' && (o as Obj).kind === 'List' && Array.isArray((o as { items?: unknown[] }).items)) out.push(...((o as { items: Obj[] }).items));
    else if (o && typeof o === 'object') out.push(o as Obj);
  }
  return out;
}

/** The watch events a change produces, object by object. */
function diff(before: ClusterSpec, after: ClusterSpec, rv: number): WatchEvent[] {
  const out: WatchEvent[] = [];
  const sets: [string, (s: ClusterSpec) => Map<string, unknown>][] = [
    ['Node', (s) => new Map(s.nodes.map((n) => [n.name, n]))],
    ['Pod', (s) => new Map(s.pods.map((p) => [`${p.namespace}/${p.name}`, p]))],
    ['Service', (s) => new Map(s.services.map((x) => [`${x.metadata.namespace}/${x.metadata.name}`, { ...x, status: undefined }]))],
    ['NetworkPolicy', (s) => new Map(s.networkPolicies.map((x) => [`${x.metadata?.namespace}/${x.metadata?.name}`, x]))],
  ];
  for (const [kind, get] of sets) {
    const a = get(before);
    const b = get(after);
    for (const [k, v] of b) {
      if (!a.has(k)) out.push({ type: 'ADDED', kind, key: k, resourceVersion: rv });
      else if (JSON.stringify(a.get(k)) !== JSON.stringify(v)) out.push({ type: 'MODIFIED', kind, key: k, resourceVersion: rv });
    }
    for (const k of a.keys()) if (!b.has(k)) out.push({ type: 'DELETED', kind, key: k, resourceVersion: rv });
  }
  return out;
}

/** Manifest text (YAML 1.1, as Kubernetes reads it, or JSON) as plain objects. */
export function parseObjects(texts: readonly SourceText[] | string): unknown[] {
  const list = typeof texts === 'string' ? [{ name: 'manifest', text: texts }] : texts;
  const out: unknown[] = [];
  for (const t of list) {
    const trimmed = t.text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      const v = JSON.parse(trimmed) as unknown;
      out.push(...(Array.isArray(v) ? v : [v]));
      continue;
    }
    for (const d of parseAllDocuments(t.text, { version: '1.1' })) {
      const v = d.toJS() as unknown;
      if (v != null) out.push(v);
    }
  }
  return out;
}
