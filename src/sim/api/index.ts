/**
 * The learner API: what a lab's code cell imports as 'k8snet'. Kubernetes words in, a simulated cluster out:
 *
 *   import { cluster } from 'k8snet';
 *   const c = cluster({ cni: 'flannel-vxlan' });
 *   c.node('node-1').node('node-2');
 *   c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
 *   c.pod('client', { node: 'node-2' });
 *   const t = c.trace('pod/default/client', 'pod/default/web:80');
 *   console.log(t.verdict, t.sourceSeen, t.explain());
 *   export default c;
 *
 * The cluster is built from the declared objects when it is first asked something (trace, exec, explore) and
 * rebuilt after any change, through the same path as manifests (`fromManifests`), so both describe the same
 * cluster. Everything returned is plain data, except the `explain()`/`text()` helpers on a trace.
 */
import { SimError } from '../core/errors';
import { ManifestBuilder, type DeploymentInput, type FlannelInput, type HostInput, type KubeadmInput, type KubeProxyInput, type NetworkPolicyInput, type NodeInput, type PodInput, type ServiceInput } from '../k8s/manifest';
import { Cluster, type TraceOptions, type TraceResult } from '../k8s/cluster/cluster';
import { parseObjects, type LogEntry } from '../k8s/control-plane/control-plane';
import { runShell } from '../cli/shell';
import { explain, type Lang } from '../trace/explain';
import { renderText } from '../trace/render-text';
import { devicePath } from '../trace/path';
import { topologyOf, type Topology } from '../k8s/cluster/topology';

export type { Topology };
export type { DeploymentInput, FlannelInput, HostInput, KubeadmInput, KubeProxyInput, NetworkPolicyInput, NodeInput, PodInput, ServiceInput, TraceOptions, TraceResult, Lang };
export { SimError };

export type CniChoice = 'flannel-vxlan' | 'flannel-host-gw';

export interface ClusterOptions {
  /** The Pod network (default flannel-vxlan, as kube-flannel.yml). */
  cni?: CniChoice;
  /** kubeadm networking.podSubnet (default 10.244.0.0/16). */
  podSubnet?: string;
  /** kubeadm networking.serviceSubnet (default 10.96.0.0/12). */
  serviceSubnet?: string;
  /** Seed for MAC addresses, generated names and random load-balancing draws (default 1). */
  seed?: number;
}

/** A trace with its explanation helpers. */
export interface TraceView extends TraceResult {
  /** The trace in plain words, one line per hop (English or Traditional Chinese; default: the page's language). */
  explain(lang?: Lang): string;
  /** The full hop-by-hop text, as `k8snet trace` prints it. */
  text(): string;
  /** The devices the request crossed, as "namespace device" (veths left out), for predict labs. */
  path(): string[];
}

/** The language of `explain()` without an argument: the lab page sets it to its own before learner code runs. */
let explainLanguage: Lang = 'en';

/**
 * Sets the default language of `explain()`.
 * @internal
 */
export function setExplainLanguage(lang: Lang): void {
  explainLanguage = lang;
}

export class LabCluster {
  private readonly b = new ManifestBuilder();
  private readonly texts: { name: string; text: string }[] = [];
  private readonly seed: number;
  private cached?: Cluster;

  constructor(opts: ClusterOptions = {}) {
    this.seed = opts.seed ?? 1;
    if (opts.podSubnet || opts.serviceSubnet) this.b.kubeadm({ podSubnet: opts.podSubnet, serviceSubnet: opts.serviceSubnet });
    if (opts.cni === 'flannel-host-gw') this.b.flannel({ backend: 'host-gw' });
  }

  private dirty = false;

  private changed<T>(r: T): this {
    this.dirty = true;
    void r;
    return this;
  }

  /** Objects deleted on the running cluster stay deleted when later changes re-apply the declared ones. */
  private readonly deleted = new Set<string>();

  private allObjects(): unknown[] {
    const key = (o: { kind?: string; metadata?: { name?: string; namespace?: string } }) => `${o.kind}|${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;
    return [...this.b.objects(), ...this.texts.flatMap((t) => parseObjects([t]))].filter((o) => !this.deleted.has(key(o as never)));
  }

  node(name: string, opts?: NodeInput): this { return this.changed(this.b.node(name, opts)); }
  pod(name: string, opts?: PodInput): this { return this.changed(this.b.pod(name, opts)); }
  deployment(name: string, opts: DeploymentInput): this { return this.changed(this.b.deployment(name, opts)); }
  service(name: string, opts: ServiceInput): this { return this.changed(this.b.service(name, opts)); }
  networkPolicy(name: string, opts?: NetworkPolicyInput): this { return this.changed(this.b.networkPolicy(name, opts)); }
  namespace(name: string, opts?: { labels?: Record<string, string> }): this { return this.changed(this.b.namespace(name, opts)); }
  host(name: string, opts?: HostInput): this { return this.changed(this.b.host(name, opts)); }
  kubeProxy(opts: KubeProxyInput): this { return this.changed(this.b.kubeProxy(opts)); }
  flannel(opts: FlannelInput): this { return this.changed(this.b.flannel(opts)); }

  /** Adds Kubernetes manifests (YAML, several documents, or JSON), as `kubectl apply -f`. */
  apply(manifests: string, name = `manifest ${this.texts.length + 1}`): this {
    this.texts.push({ name, text: manifests });
    return this.changed(undefined);
  }

  /**
   * The running cluster. Built on first use; later changes go through its control plane (like `kubectl apply`
   * on a live cluster), so conntrack entries and caches survive them. For the lab runtime and graders, not for
   * learner code (so it is left out of the editor's declarations).
   * @internal
   */
  get model(): Cluster {
    if (!this.cached) {
      if (this.texts.length && this.b.objects().length === 0) this.cached = Cluster.fromManifests(this.texts, { seed: this.seed });
      else this.cached = Cluster.fromObjects(this.allObjects(), { seed: this.seed });
    } else if (this.dirty) {
      this.cached.controlPlane.apply(this.allObjects());
    }
    this.dirty = false;
    return this.cached;
  }

  /** Failure injection: the node stops (NotReady, powered off); its Pods stop being endpoints. */
  nodeDown(name: string): this {
    this.model.controlPlane.setNodeReady(name, false);
    return this;
  }

  /** The node comes back. */
  nodeUp(name: string): this {
    this.model.controlPlane.setNodeReady(name, true);
    return this;
  }

  /** `kubectl delete pod NAME [-n NAMESPACE]` on the running cluster. */
  deletePod(name: string, namespace = 'default'): this {
    this.model.controlPlane.delete('Pod', name, namespace);
    this.deleted.add(`Pod|${namespace}/${name}`);
    return this;
  }

  /** `kubectl delete service NAME [-n NAMESPACE]`. */
  deleteService(name: string, namespace = 'default'): this {
    this.model.controlPlane.delete('Service', name, namespace);
    this.deleted.add(`Service|${namespace}/${name}`);
    return this;
  }

  /** What the control plane did, in order: who reacted to which change, with resource versions. */
  events(): LogEntry[] {
    return [...this.model.controlPlane.log];
  }

  /** Traces run so far, oldest first (the page shows them after a Run). */
  private readonly history: TraceResult[] = [];

  /** Sends one connection (or ping) from `from` to `to`, e.g. ('pod/default/client', 'svc/default/web:80'). */
  trace(from: string, to: string, opts: TraceOptions = {}): TraceView {
    const r = this.model.trace(from, to, opts);
    this.history.push(r);
    return view(r);
  }

  /** Every branch a load-balancing rule could take, each followed to its end. */
  explore(from: string, to: string, opts: Omit<TraceOptions, 'explore'> = {}): TraceView {
    const r = this.model.trace(from, to, { ...opts, explore: true });
    this.history.push(r);
    return view(r);
  }

  /** Nodes, Pods, devices and links of the running cluster, for pictures and their text alternative. */
  topology(): Topology {
    return topologyOf(this.model.built);
  }

  /** Runs a command in a Pod's or node's terminal ('pod/default/web', 'node/node-1') and returns what it prints. */
  exec(target: string, command: string): string {
    const r = runShell(this.model, target, command);
    return r.stdout + r.stderr;
  }

  /** The objects declared in code, as manifests. */
  toYaml(): string {
    return this.b.toYaml();
  }

  /**
   * What `export default` hands to the page, as plain data: names and addresses, the topology, and the traces the
   * code ran (each with its full hop-by-hop trace, its path and its explanation in both languages).
   */
  toJSON() {
    const m = this.model;
    return {
      topology: topologyOf(m.built),
      traces: this.history.map((r) => ({ ...r, path: devicePath(r.trace), explain: { en: explain(r.trace, 'en'), 'zh-tw': explain(r.trace, 'zh-tw') } })),
      nodes: m.spec.nodes.map((n) => ({ name: n.name, ip: n.internalIPs[0], podCIDR: n.podCIDR })),
      pods: m.spec.pods.map((p) => ({ name: `${p.namespace}/${p.name}`, node: p.nodeName ?? null, ip: m.built.podIPs.get(`${p.namespace}/${p.name}`) ?? null })),
      services: m.spec.services.map((s) => ({ name: `${s.metadata.namespace}/${s.metadata.name}`, type: s.spec.type ?? 'ClusterIP', clusterIP: s.spec.clusterIP ?? null })),
    };
  }
}

function view(r: TraceResult): TraceView {
  return {
    ...r,
    explain: (lang: Lang = explainLanguage) => explain(r.trace, lang),
    text: () => renderText(r.trace),
    path: () => devicePath(r.trace),
  };
}

/** A new cluster to describe in code. */
export function cluster(opts: ClusterOptions = {}): LabCluster {
  return new LabCluster(opts);
}

/** A cluster from Kubernetes manifests (YAML or JSON). */
export function fromManifests(manifests: string, opts: ClusterOptions = {}): LabCluster {
  return new LabCluster(opts).apply(manifests, 'manifests');
}
