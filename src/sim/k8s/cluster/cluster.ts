/**
 * A simulated Kubernetes cluster, as the learner API, the `k8snet` command and the lab checks see it: built from
 * manifests (or the programmatic builder), it answers traces between Kubernetes objects ("pod/default/web",
 * "svc/default/web:http", "node/node-1", a DNS name), prints what each node's tools print, and lists objects
 * the way kubectl does.
 */
import { fail } from '../../core/errors';
import { seededRng } from '../../core/rng';
import { isIpv4, parseIpv4, tryParseIpv4, type Ipv4 } from '../../addr/ipv4';
import type { L4Proto } from '../../conntrack/conntrack';
import { probe, type ProbeSpec } from '../../datapath/probe';
import { explore } from '../../datapath/explore';
import type { Trace } from '../../trace/types';
import type { ClusterSpec, LoadOptions, PodSpec, SourceText } from '../manifest';
import type { BuiltCluster } from './build';
import { ControlPlane } from '../control-plane/control-plane';
import { resolve, type DnsAnswer } from './dns';
import { hostNetns, NODE_NETWORK_SEGMENT, nodeNetns, podNetns } from './names';

export interface TraceOptions {
  protocol?: L4Proto;
  /** With a source that is a bare IP: the node whose primary interface the packet arrives on. */
  node?: string;
  explore?: boolean;
  /** Makes the one random draw reproducible (without explore). */
  seed?: number;
}

/** Where a packet ended, in Kubernetes words. */
export interface DeliveredTo {
  pod?: string;
  node?: string;
  host?: string;
  ip: string;
  port?: number;
  container?: string;
}

export interface TraceResult {
  from: string;
  to: string;
  protocol: L4Proto;
  verdict: Trace['verdict'];
  reason: string;
  dnat: string | null;
  masquerade: boolean;
  sourceSeen: string | null;
  deliveredTo: DeliveredTo | null;
  replyTtl: number | null;
  dns?: DnsAnswer;
  rulesEvaluated: number;
  trace: Trace;
  candidates?: { endpoint: string | null; probability: number; verdict: Trace['verdict']; sourceSeen: string | null; deliveredTo: DeliveredTo | null }[];
}

interface Endpoint {
  /** Namespace that sends. */
  ns: string;
  label: string;
  /** Kubernetes namespace for DNS search (Pods). */
  kns?: string;
  /** A Pod with dnsPolicy ClusterFirst: its names are resolved by the cluster DNS, through the data plane. */
  clusterDns?: boolean;
}

export class Cluster {
  /** The API server and controllers: every change goes through it, applied to the running data plane. */
  readonly controlPlane: ControlPlane;

  constructor(controlPlane: ControlPlane) {
    this.controlPlane = controlPlane;
  }

  static fromManifests(texts: readonly SourceText[] | string, opts: LoadOptions & { seed?: number } = {}): Cluster {
    return new Cluster(ControlPlane.fromManifests(texts, opts));
  }

  static fromObjects(objects: readonly unknown[], opts: LoadOptions & { seed?: number } = {}): Cluster {
    return new Cluster(ControlPlane.fromObjects(objects, opts));
  }

  get built(): BuiltCluster {
    return this.controlPlane.built;
  }

  get spec(): ClusterSpec {
    return this.built.spec;
  }

  /** Lookups by name, rebuilt when the control plane replaces the spec (a cluster may hold 150,000 Pods). */
  private indexCache?: { spec: ClusterSpec; pods: Map<string, PodSpec>; services: Map<string, ClusterSpec['services'][number]>; nodes: Set<string> };

  private get index() {
    const spec = this.spec;
    if (this.indexCache?.spec !== spec) {
      this.indexCache = {
        spec,
        pods: new Map(spec.pods.map((p) => [`${p.namespace}/${p.name}`, p])),
        services: new Map(spec.services.map((x) => [`${x.metadata.namespace}/${x.metadata.name}`, x])),
        nodes: new Set(spec.nodes.map((n) => n.name)),
      };
    }
    return this.indexCache;
  }

  get world() {
    return this.built.world;
  }

  private podOf(ref: string, what: string) {
    // pod/NAME means the default namespace, as kubectl does without -n.
    const [ns, name] = ref.includes('/') ? ref.split('/') : ['default', ref];
    const pod = this.index.pods.get(`${ns}/${name}`);
    if (!pod) {
      const known = this.spec.pods.filter((p) => p.namespace !== 'kube-system').map((p) => `${p.namespace}/${p.name}`);
      fail('NOT_FOUND', `${what}: no Pod ${ref} (Pods: ${known.join(', ') || 'none'})`);
    }
    const ip = this.built.podIPs.get(`${pod.namespace}/${pod.name}`);
    if (!ip) fail('NOT_FOUND', `${what}: Pod ${ref} has no IP (it is ${pod.nodeName ? pod.phase : 'Pending: no node fits it'})`);
    return { pod, ip };
  }

  /** The namespace a Kubernetes-style source names, e.g. pod/default/client, node/node-1, a Host name or IP. */
  source(src: string, opts: { node?: string } = {}): Endpoint {
    if (src.startsWith('pod/')) {
      const { pod } = this.podOf(src.slice(4), 'source');
      const ns = pod.hostNetwork ? nodeNetns(pod.nodeName!) : podNetns(pod.namespace, pod.name);
      return { ns, label: src, kns: pod.namespace, clusterDns: !pod.hostNetwork || pod.dnsPolicy === 'ClusterFirstWithHostNet' };
    }
    if (src.startsWith('node/')) {
      const name = src.slice(5);
      if (!this.index.nodes.has(name)) fail('NOT_FOUND', `source: no node ${name} (nodes: ${this.spec.nodes.map((n) => n.name).join(', ')})`);
      return { ns: nodeNetns(name), label: src, kns: 'default' };
    }
    const host = this.spec.hosts.find((h) => h.name === src || h.ip === src);
    if (host) return { ns: hostNetns(host.name), label: `host/${host.name}` };
    if (isIpv4(src)) {
      if (!opts.node) fail('BAD_USAGE', `source ${src} is not a Pod, node or declared Host: add --node NAME to say which node's interface it arrives on`);
      return { ns: this.phantom(src, opts.node), label: src };
    }
    return fail('BAD_USAGE', `source "${src}": write pod/NAMESPACE/NAME, node/NAME, a Host's name or an IP address`);
  }

  /** A client with an arbitrary address whose packets arrive on a node's primary interface. */
  private phantom(ip: string, node: string): string {
    const n = this.spec.nodes.find((x) => x.name === node);
    if (!n) fail('NOT_FOUND', `--node ${node}: no such node (nodes: ${this.spec.nodes.map((x) => x.name).join(', ')})`);
    const name = `client/${ip}`;
    const w = this.world;
    if (!w.hasNetns(name)) {
      w.addNetns(name, 'host');
      w.linkSet(name, 'lo', { up: true });
      w.addEther(name, 'eth0', { segment: NODE_NETWORK_SEGMENT });
      w.linkSet(name, 'eth0', { up: true });
      w.addAddress(name, 'eth0', `${ip}/32`);
      w.netns(name).addRoute({ dst: { addr: 0, len: 0 }, via: parseIpv4(n.internalIPs[0]!), dev: 'eth0', onlink: true });
      // Replies find the client through the node network's router, as they would through a real one.
      const gw = this.built.gatewayNetns;
      if (gw) w.netns(gw).addRoute({ dst: { addr: parseIpv4(ip), len: 32 }, dev: 'eth0', scope: 'link' });
    }
    return name;
  }

  /** Resolves a destination: IP:PORT, svc/NS/NAME:PORT, pod/NS/NAME:PORT, DNS-NAME:PORT, or a bare IP. */
  destination(dst: string, from: Endpoint, protocol: L4Proto): { ip: Ipv4; port?: number; label: string; dns?: DnsAnswer } {
    const m = /^(.*?)(?::([A-Za-z0-9-]+))?$/.exec(dst)!;
    const target = m[1]!;
    const portText = m[2];
    const needPort = protocol !== 'icmp';
    const numeric = (what: string) => {
      if (!needPort) return undefined;
      if (portText === undefined) fail('BAD_USAGE', `destination ${dst}: add a port (${what}:PORT), or use --protocol icmp`);
      if (!/^\d+$/.test(portText)) fail('BAD_USAGE', `destination ${dst}: port "${portText}" must be a number here`);
      return Number(portText);
    };
    if (target.startsWith('svc/')) {
      const [ns, name] = target.slice(4).split('/');
      const svc = this.index.services.get(`${ns}/${name}`);
      if (!svc) fail('NOT_FOUND', `destination: no Service ${ns}/${name} (Services: ${this.spec.services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).join(', ')})`);
      const ip = svc.spec.clusterIP;
      if (!ip || ip === 'None') fail('BAD_USAGE', `destination: Service ${ns}/${name} has no ClusterIP (${svc.spec.type === 'ExternalName' ? 'ExternalName' : 'headless'}); trace to its DNS name or a Pod instead`);
      let port: number | undefined;
      if (needPort) {
        const ports = svc.spec.ports ?? [];
        const p = portText === undefined && ports.length === 1 ? ports[0] : ports.find((x) => x.name === portText || String(x.port) === portText);
        if (!p) fail('NOT_FOUND', `destination: Service ${ns}/${name} has no port "${portText ?? ''}" (ports: ${ports.map((x) => `${x.name ?? ''}${x.name ? '=' : ''}${x.port}`).join(', ')})`);
        port = p.port;
      }
      return { ip: parseIpv4(ip), port, label: dst };
    }
    if (target.startsWith('pod/')) {
      const { ip } = this.podOf(target.slice(4), 'destination');
      return { ip: parseIpv4(ip), port: numeric(target), label: dst };
    }
    if (target.startsWith('node/')) {
      const node = this.spec.nodes.find((n) => n.name === target.slice(5));
      if (!node) fail('NOT_FOUND', `destination: no node ${target.slice(5)}`);
      return { ip: parseIpv4(node.internalIPs[0]!), port: numeric(target), label: dst };
    }
    const ip = tryParseIpv4(target);
    if (ip !== undefined) return { ip, port: numeric(target), label: dst };
    if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.?$/i.test(target)) {
      const answer = resolve(this.spec, this.built.endpointSlices, this.built.podIPs, from.kns ?? 'default', target);
      if (!answer.addresses.length) fail('NOT_FOUND', `destination: the name ${target} does not resolve (tried ${answer.tried.join(', ')})`);
      return { ip: parseIpv4(answer.addresses[0]!), port: numeric(target), label: dst, dns: answer };
    }
    return fail('BAD_USAGE', `destination "${dst}": write IP:PORT, svc/NS/NAME:PORT, pod/NS/NAME:PORT or DNS-NAME:PORT`);
  }

  /** What the cluster DNS answers a Pod in namespace `kns` for `name` (search domains applied). */
  resolveName(kns: string, name: string): DnsAnswer {
    return resolve(this.spec, this.built.endpointSlices, this.built.podIPs, kns, name);
  }

  /** Who owns a namespace, in Kubernetes words. */
  whereIs(nsName: string, ip: string, port?: number, owner?: string): DeliveredTo {
    const out: DeliveredTo = { ip, ...(port !== undefined ? { port } : {}) };
    // Pod namespaces are named "namespace/name" (names.ts podNetns), so the Pod is found by that key.
    const candidate = this.index.pods.get(nsName);
    const pod = candidate && !candidate.hostNetwork && podNetns(candidate.namespace, candidate.name) === nsName ? candidate : undefined;
    if (pod) {
      out.pod = `${pod.namespace}/${pod.name}`;
      out.node = pod.nodeName;
    } else if (this.index.nodes.has(nsName)) {
      out.node = nsName;
      const hostPod = owner && this.spec.pods.find((p) => p.hostNetwork && owner.startsWith(`${p.namespace}/${p.name}/`));
      if (hostPod) out.pod = `${hostPod.namespace}/${hostPod.name}`;
    } else if (nsName.startsWith('host/')) out.host = nsName.slice(5);
    if (owner && owner.split('/').length === 3) out.container = owner.split('/')[2];
    return out;
  }

  trace(src: string, dst: string, opts: TraceOptions = {}): TraceResult {
    const protocol = opts.protocol ?? 'tcp';
    const from = this.source(src, { node: opts.node });
    const to = this.destination(dst, from, protocol);
    const spec: ProbeSpec = { from: from.ns, dst: to.ip, dport: to.port, proto: protocol, fromLabel: from.label, toLabel: to.label };
    this.world.netns(from.ns); // build it now if the cluster builds nodes on demand (before explore saves state)
    if (to.dns && from.clusterDns) {
      // The name is resolved first: a UDP query to the cluster DNS, through kube-proxy and any NetworkPolicy.
      const server = this.spec.config.clusterDNS;
      const q = probe(this.world, { from: from.ns, dst: parseIpv4(server), dport: 53, proto: 'udp', fromLabel: from.label, toLabel: `${server}:53 (DNS query for ${to.dns.name})` });
      if (q.verdict !== 'delivered') {
        return { ...this.result(q, from.label, to.label, protocol, to.dns), verdict: 'timeout', reason: `EAI_AGAIN: the DNS query to ${server}:53 got no answer (${q.reason})` };
      }
    }
    const summarize = (t: Trace) => ({
      verdict: t.verdict,
      sourceSeen: t.sourceSeen,
      deliveredTo: t.deliveredTo ? this.whereIs(t.deliveredTo.ns, t.deliveredTo.ip, t.deliveredTo.port, t.deliveredTo.owner) : null,
    });
    if (opts.explore) {
      const ex = explore(this.world, spec);
      const first = ex.branches[0]!.trace;
      return {
        ...this.result(first, from.label, to.label, protocol, to.dns),
        candidates: ex.branches.map((b) => ({ endpoint: b.trace.dnat ?? (b.trace.deliveredTo ? `${b.trace.deliveredTo.ip}${b.trace.deliveredTo.port !== undefined ? `:${b.trace.deliveredTo.port}` : ''}` : null), probability: b.probability, ...summarize(b.trace) })),
      };
    }
    if (opts.seed !== undefined) {
      const rng = seededRng(opts.seed);
      return this.result(probe(this.world, spec, { choose: (p) => rng.next() < p }), from.label, to.label, protocol, to.dns);
    }
    return this.result(probe(this.world, spec), from.label, to.label, protocol, to.dns);
  }

  private result(t: Trace, from: string, to: string, protocol: L4Proto, dns?: DnsAnswer): TraceResult {
    return {
      from,
      to,
      protocol,
      verdict: t.verdict,
      reason: t.reason,
      dnat: t.dnat,
      masquerade: t.masquerade,
      sourceSeen: t.sourceSeen,
      deliveredTo: t.deliveredTo ? this.whereIs(t.deliveredTo.ns, t.deliveredTo.ip, t.deliveredTo.port, t.deliveredTo.owner) : null,
      replyTtl: t.replyTtl,
      ...(dns ? { dns } : {}),
      rulesEvaluated: t.rulesEvaluated,
      trace: t,
    };
  }

  /** The namespace behind `node/NAME`, `pod/NS/NAME` (or `NS/NAME`), or a Host name. */
  netnsOf(target: string): string {
    if (target.startsWith('node/')) return this.source(target).ns;
    if (target.startsWith('pod/')) return this.source(target).ns;
    if (this.index.nodes.has(target)) return nodeNetns(target);
    if (target.includes('/')) return this.source(`pod/${target}`).ns;
    return this.source(target).ns;
  }
}

