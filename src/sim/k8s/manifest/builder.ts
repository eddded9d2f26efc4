/**
 * A typed, programmatic way to write the same manifests, in Kubernetes words:
 *
 * ```ts
 * const b = new ManifestBuilder()
 *   .node('node-1', { controlPlane: true })
 *   .node('node-2')
 *   .deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] })
 *   .service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }], type: 'NodePort' });
 * const spec = b.build({ rng: seededRng(7) });   // the same ClusterSpec the equivalent YAML gives
 * ```
 *
 * Every method adds one manifest object (what `kubectl apply` would get), so `objects()` / `toYaml()` show
 * exactly what was described, and `build()` runs it through the same loader as YAML text.
 *
 * Not modelled: every field of the real API (only the ones the simulator reads have a shorthand; anything
 * else can be added with `object()`).
 */
import { stringify } from 'yaml';
import type { LabelSelector, NetworkPolicyEgressRule, NetworkPolicyIngressRule } from '../netpol/types';
import { loadObjects, type LoadOptions } from './load';
import { CONTROL_PLANE_LABEL } from './nodes';
import { K8SNET_API_VERSION, SYSCTL_ANNOTATION_PREFIX, type ClusterSpec, type DnsPolicy, type KernelSettings, type Protocol, type Taint, type Toleration } from './types';

type Labels = Record<string, string>;

export interface ContainerPortInput {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
  hostPort?: number;
}

export interface ContainerInput {
  name: string;
  image?: string;
  /** A number is `{ containerPort: n }`. */
  ports?: (number | ContainerPortInput)[];
}

/** The Pod fields shared by Pods and controllers' templates. */
export interface PodTemplateInput {
  labels?: Labels;
  annotations?: Labels;
  /** spec.nodeName: bind to this node, bypassing the scheduler. */
  node?: string;
  containers?: ContainerInput[];
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  nodeSelector?: Labels;
  tolerations?: Toleration[];
  dnsPolicy?: DnsPolicy;
}

export interface PodInput extends PodTemplateInput {
  namespace?: string;
  /** status.podIP: a fixed address (otherwise host-local assigns one at build time). */
  ip?: string;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** status.conditions Ready (default true). */
  ready?: boolean;
}

export interface DeploymentInput extends PodTemplateInput {
  namespace?: string;
  /** Default 1. */
  replicas?: number;
  /** Template labels, and the selector (matchLabels) unless `selector` is given. */
  labels: Labels;
  selector?: LabelSelector;
}

export interface StatefulSetInput extends DeploymentInput {
  /** The headless Service that gives the Pods their DNS names. */
  serviceName?: string;
}

export type DaemonSetInput = Omit<DeploymentInput, 'replicas'>;

export interface ServicePortInput {
  name?: string;
  port: number;
  /** A number, or the name of a container port. Default: port. */
  targetPort?: number | string;
  protocol?: Protocol;
  nodePort?: number;
  appProtocol?: string;
}

export interface ServiceInput {
  namespace?: string;
  labels?: Labels;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  selector?: Labels;
  /** A number is `{ port: n }`. */
  ports?: (number | ServicePortInput)[];
  clusterIP?: string;
  /** clusterIP: None. */
  headless?: boolean;
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  sessionAffinity?: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds. */
  sessionAffinityTimeout?: number;
  loadBalancerSourceRanges?: string[];
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  publishNotReadyAddresses?: boolean;
  /** status.loadBalancer.ingress IPs (what a cloud or MetalLB would write). */
  loadBalancerIngress?: string[];
}

export interface EndpointInput {
  ip: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  nodeName?: string;
  hostname?: string;
}

export interface EndpointSliceInput {
  namespace?: string;
  /** The kubernetes.io/service-name label. */
  service: string;
  /** A string is `{ ip }`. */
  endpoints: (string | EndpointInput)[];
  ports: { name?: string; port: number; protocol?: Protocol }[];
}

export interface NetworkPolicyInput {
  namespace?: string;
  /** Default {} (every Pod of the namespace). */
  podSelector?: LabelSelector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

export interface NodeInput {
  labels?: Labels;
  annotations?: Labels;
  /** InternalIP(s); default: the next free address of the node network from .11. */
  ip?: string | string[];
  podCIDR?: string;
  unschedulable?: boolean;
  /** status.conditions Ready (default true). */
  ready?: boolean;
  taints?: Taint[];
  /** Adds the node-role.kubernetes.io/control-plane label. */
  controlPlane?: boolean;
  /** Written as k8snet.dev/sysctl.<name> annotations. */
  sysctls?: Partial<KernelSettings>;
}

export interface KubeadmInput {
  apiVersion?: 'kubeadm.k8s.io/v1beta3' | 'kubeadm.k8s.io/v1beta4';
  podSubnet?: string;
  serviceSubnet?: string;
  dnsDomain?: string;
  /** apiServer extraArgs service-node-port-range, e.g. "30000-32767". */
  nodePortRange?: string;
  /** controllerManager extraArgs node-cidr-mask-size. */
  nodeCIDRMaskSize?: number;
  /** v1beta4 dns.disabled. */
  dnsDisabled?: boolean;
  /** v1beta4 proxy.disabled. */
  proxyDisabled?: boolean;
}

export interface KubeProxyInput {
  mode?: 'iptables' | 'ipvs';
  clusterCIDR?: string;
  nodePortAddresses?: string[];
  masqueradeAll?: boolean;
  masqueradeBit?: number;
  localhostNodePorts?: boolean;
}

export interface HostInput {
  ip?: string;
  labels?: Labels;
  /** A number is `{ port: n }` (TCP). */
  ports?: (number | { name?: string; port: number; protocol?: Protocol })[];
}

export interface FlannelInput {
  backend?: 'vxlan' | 'host-gw';
  /** net-conf.json Network (default: the podSubnet). */
  network?: string;
  vni?: number;
  port?: number;
  directRouting?: boolean;
  /** flanneld --ip-masq (default true). */
  ipMasq?: boolean;
  /** Delegate options (defaults as kube-flannel.yml: hairpinMode and isDefaultGateway true). */
  hairpinMode?: boolean;
  isDefaultGateway?: boolean;
}

export interface BridgeCniInput {
  /** Conflist name (default "k8s-pod-network"). */
  name?: string;
  bridge?: string;
  /** host-local subnet: a prefix shared by every node, or "usePodCidr" (default) for each node's podCIDR. */
  subnet?: string;
  isGateway?: boolean;
  isDefaultGateway?: boolean;
  hairpinMode?: boolean;
  ipMasq?: boolean;
  mtu?: number;
  routes?: { dst: string; gw?: string }[];
  /** Chain a portmap plugin (default true). */
  portmap?: boolean;
}

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function meta(name: string, namespace?: string, labels?: Labels, annotations?: Labels): Record<string, unknown> {
  return clean({
    name,
    namespace,
    labels: labels && Object.keys(labels).length ? { ...labels } : undefined,
    annotations: annotations && Object.keys(annotations).length ? { ...annotations } : undefined,
  });
}

function containerPorts(ports: ContainerInput['ports']): Record<string, unknown>[] | undefined {
  if (!ports) return undefined;
  return ports.map((p) => (typeof p === 'number' ? { containerPort: p } : clean({ name: p.name, containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort })));
}

function podSpec(p: PodTemplateInput): Record<string, unknown> {
  return clean({
    nodeName: p.node,
    hostNetwork: p.hostNetwork,
    hostname: p.hostname,
    subdomain: p.subdomain,
    nodeSelector: p.nodeSelector ? { ...p.nodeSelector } : undefined,
    tolerations: p.tolerations?.map((t) => clean({ ...t })),
    dnsPolicy: p.dnsPolicy,
    containers: (p.containers ?? [{ name: 'app' }]).map((c) => clean({ name: c.name, image: c.image, ports: containerPorts(c.ports) })),
  });
}

export class ManifestBuilder {
  private readonly objs: Record<string, unknown>[] = [];

  /** Any manifest object, as is. */
  object(obj: Record<string, unknown>): this {
    this.objs.push(JSON.parse(JSON.stringify(obj)) as Record<string, unknown>);
    return this;
  }

  namespace(name: string, opts: { labels?: Labels } = {}): this {
    return this.object({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, opts.labels) });
  }

  node(name: string, opts: NodeInput = {}): this {
    const labels: Labels = { ...(opts.labels ?? {}) };
    if (opts.controlPlane) labels[CONTROL_PLANE_LABEL] = '';
    const annotations: Labels = { ...(opts.annotations ?? {}) };
    for (const [k, v] of Object.entries(opts.sysctls ?? {})) annotations[`${SYSCTL_ANNOTATION_PREFIX}${k}`] = String(v);
    const ips = opts.ip === undefined ? [] : Array.isArray(opts.ip) ? opts.ip : [opts.ip];
    const spec = clean({ podCIDR: opts.podCIDR, unschedulable: opts.unschedulable, taints: opts.taints?.map((t) => clean({ ...t })) });
    const status = clean({
      addresses: ips.length ? ips.map((address) => ({ type: 'InternalIP', address })) : undefined,
      conditions: opts.ready === undefined ? undefined : [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }],
    });
    return this.object(clean({ apiVersion: 'v1', kind: 'Node', metadata: meta(name, undefined, labels, annotations), spec: Object.keys(spec).length ? spec : undefined, status: Object.keys(status).length ? status : undefined }));
  }

  pod(name: string, opts: PodInput = {}): this {
    const status = clean({
      phase: opts.phase,
      podIP: opts.ip,
      conditions: opts.ready === undefined ? undefined : [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }],
    });
    return this.object(clean({ apiVersion: 'v1', kind: 'Pod', metadata: meta(name, opts.namespace, opts.labels, opts.annotations), spec: podSpec(opts), status: Object.keys(status).length ? status : undefined }));
  }

  private workload(kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', name: string, opts: DeploymentInput & { serviceName?: string }): this {
    const spec = clean({
      replicas: kind === 'DaemonSet' ? undefined : opts.replicas,
      serviceName: opts.serviceName,
      selector: opts.selector ? JSON.parse(JSON.stringify(opts.selector)) : { matchLabels: { ...opts.labels } },
      template: { metadata: clean({ labels: { ...opts.labels }, annotations: opts.annotations ? { ...opts.annotations } : undefined }), spec: podSpec(opts) },
    });
    return this.object({ apiVersion: 'apps/v1', kind, metadata: meta(name, opts.namespace, opts.labels), spec });
  }

  deployment(name: string, opts: DeploymentInput): this {
    return this.workload('Deployment', name, opts);
  }

  statefulSet(name: string, opts: StatefulSetInput): this {
    return this.workload('StatefulSet', name, opts);
  }

  daemonSet(name: string, opts: DaemonSetInput): this {
    return this.workload('DaemonSet', name, opts);
  }

  service(name: string, opts: ServiceInput): this {
    const ports = opts.ports?.map((p) =>
      typeof p === 'number' ? { port: p } : clean({ name: p.name, protocol: p.protocol, appProtocol: p.appProtocol, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort }),
    );
    const spec = clean({
      type: opts.type,
      selector: opts.selector ? { ...opts.selector } : undefined,
      ports,
      clusterIP: opts.headless ? 'None' : opts.clusterIP,
      externalIPs: opts.externalIPs ? [...opts.externalIPs] : undefined,
      externalName: opts.externalName,
      externalTrafficPolicy: opts.externalTrafficPolicy,
      internalTrafficPolicy: opts.internalTrafficPolicy,
      sessionAffinity: opts.sessionAffinity,
      sessionAffinityConfig: opts.sessionAffinityTimeout === undefined ? undefined : { clientIP: { timeoutSeconds: opts.sessionAffinityTimeout } },
      loadBalancerSourceRanges: opts.loadBalancerSourceRanges ? [...opts.loadBalancerSourceRanges] : undefined,
      healthCheckNodePort: opts.healthCheckNodePort,
      allocateLoadBalancerNodePorts: opts.allocateLoadBalancerNodePorts,
      publishNotReadyAddresses: opts.publishNotReadyAddresses,
    });
    const status = opts.loadBalancerIngress ? { loadBalancer: { ingress: opts.loadBalancerIngress.map((ip) => ({ ip })) } } : undefined;
    return this.object(clean({ apiVersion: 'v1', kind: 'Service', metadata: meta(name, opts.namespace, opts.labels), spec, status }));
  }

  endpointSlice(name: string, opts: EndpointSliceInput): this {
    return this.object({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta(name, opts.namespace, { 'kubernetes.io/service-name': opts.service }),
      addressType: 'IPv4',
      endpoints: opts.endpoints.map((e) => {
        const ep = typeof e === 'string' ? { ip: e } : e;
        const conditions = clean({ ready: ep.ready, serving: ep.serving, terminating: ep.terminating });
        return clean({ addresses: [ep.ip], conditions: Object.keys(conditions).length ? conditions : undefined, nodeName: ep.nodeName, hostname: ep.hostname });
      }),
      ports: opts.ports.map((p) => clean({ name: p.name, port: p.port, protocol: p.protocol })),
    });
  }

  networkPolicy(name: string, opts: NetworkPolicyInput = {}): this {
    const spec = clean({
      podSelector: JSON.parse(JSON.stringify(opts.podSelector ?? {})) as unknown,
      policyTypes: opts.policyTypes ? [...opts.policyTypes] : undefined,
      ingress: opts.ingress ? (JSON.parse(JSON.stringify(opts.ingress)) as unknown) : undefined,
      egress: opts.egress ? (JSON.parse(JSON.stringify(opts.egress)) as unknown) : undefined,
    });
    return this.object({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(name, opts.namespace), spec });
  }

  /** kubeadm ClusterConfiguration (v1beta4 unless asked). */
  kubeadm(opts: KubeadmInput): this {
    const apiVersion = opts.apiVersion ?? 'kubeadm.k8s.io/v1beta4';
    const v4 = apiVersion === 'kubeadm.k8s.io/v1beta4';
    const args = (m: Record<string, string>) => (v4 ? Object.entries(m).map(([name, value]) => ({ name, value })) : m);
    const networking = clean({ podSubnet: opts.podSubnet, serviceSubnet: opts.serviceSubnet, dnsDomain: opts.dnsDomain });
    return this.object(
      clean({
        apiVersion,
        kind: 'ClusterConfiguration',
        networking: Object.keys(networking).length ? networking : undefined,
        apiServer: opts.nodePortRange ? { extraArgs: args({ 'service-node-port-range': opts.nodePortRange }) } : undefined,
        controllerManager: opts.nodeCIDRMaskSize ? { extraArgs: args({ 'node-cidr-mask-size': String(opts.nodeCIDRMaskSize) }) } : undefined,
        dns: opts.dnsDisabled === undefined ? undefined : { disabled: opts.dnsDisabled },
        proxy: opts.proxyDisabled === undefined ? undefined : { disabled: opts.proxyDisabled },
      }),
    );
  }

  kubeProxy(opts: KubeProxyInput): this {
    const iptables = clean({ masqueradeAll: opts.masqueradeAll, masqueradeBit: opts.masqueradeBit, localhostNodePorts: opts.localhostNodePorts });
    return this.object(
      clean({
        apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
        kind: 'KubeProxyConfiguration',
        mode: opts.mode,
        clusterCIDR: opts.clusterCIDR,
        nodePortAddresses: opts.nodePortAddresses ? [...opts.nodePortAddresses] : undefined,
        iptables: Object.keys(iptables).length ? iptables : undefined,
      }),
    );
  }

  /** The node network (k8snet.dev Network). */
  network(opts: { cidr?: string; gateway?: string; mtu?: number }, name = 'underlay'): this {
    return this.object({ apiVersion: K8SNET_API_VERSION, kind: 'Network', metadata: { name }, spec: clean({ ...opts }) });
  }

  /** A machine outside the cluster (k8snet.dev Host). */
  host(name: string, opts: HostInput = {}): this {
    const ports = opts.ports?.map((p) => (typeof p === 'number' ? { port: p } : clean({ name: p.name, port: p.port, protocol: p.protocol })));
    return this.object({ apiVersion: K8SNET_API_VERSION, kind: 'Host', metadata: meta(name, undefined, opts.labels), spec: clean({ ip: opts.ip, ports }) });
  }

  /** flannel, as kube-flannel.yml installs it (k8snet.dev CNIConfig with a real conflist and net-conf.json). */
  flannel(opts: FlannelInput = {}, name = 'flannel'): this {
    const backend = opts.backend ?? 'vxlan';
    const netConf = clean({
      Network: opts.network,
      Backend: clean({ Type: backend, VNI: opts.vni, Port: opts.port, DirectRouting: opts.directRouting }),
    });
    return this.object({
      apiVersion: K8SNET_API_VERSION,
      kind: 'CNIConfig',
      metadata: { name },
      spec: clean({
        conflist: {
          name: 'cbr0',
          cniVersion: '0.3.1',
          plugins: [
            { type: 'flannel', delegate: { hairpinMode: opts.hairpinMode ?? true, isDefaultGateway: opts.isDefaultGateway ?? true } },
            { type: 'portmap', capabilities: { portMappings: true } },
          ],
        },
        netConf,
        flanneldArgs: opts.ipMasq === false ? ['--kube-subnet-mgr'] : undefined,
      }),
    });
  }

  /** The CNI reference bridge plugin with host-local IPAM (k8snet.dev CNIConfig). */
  bridgeCni(opts: BridgeCniInput = {}, name = 'bridge'): this {
    const plugins: Record<string, unknown>[] = [
      clean({
        type: 'bridge',
        bridge: opts.bridge,
        isGateway: opts.isGateway ?? true,
        isDefaultGateway: opts.isDefaultGateway,
        hairpinMode: opts.hairpinMode,
        ipMasq: opts.ipMasq,
        mtu: opts.mtu,
        ipam: clean({ type: 'host-local', ranges: [[{ subnet: opts.subnet ?? 'usePodCidr' }]], routes: opts.routes?.map((r) => clean({ ...r })) }),
      }),
    ];
    if (opts.portmap ?? true) plugins.push({ type: 'portmap', capabilities: { portMappings: true } });
    return this.object({ apiVersion: K8SNET_API_VERSION, kind: 'CNIConfig', metadata: { name }, spec: { conflist: { name: opts.name ?? 'k8s-pod-network', cniVersion: '0.3.1', plugins } } });
  }

  /** Copies of the objects described so far, in order. */
  objects(): Record<string, unknown>[] {
    return JSON.parse(JSON.stringify(this.objs)) as Record<string, unknown>[];
  }

  /** The objects as a multi-document YAML stream. */
  toYaml(): string {
    return this.objs.map((o) => stringify(o)).join('---\n');
  }

  /** Runs the objects through the manifest loader. */
  build(opts: LoadOptions = {}): ClusterSpec {
    return loadObjects(this.objs, opts);
  }
}
