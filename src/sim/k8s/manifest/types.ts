/**
 * What the manifest loader produces: a `ClusterSpec`, the validated, defaulted and allocated description of a
 * cluster, as plain JSON. It is what `kubectl apply` plus the control plane (API server defaulting and
 * allocators, node IPAM controller, scheduler, ReplicaSet/StatefulSet/DaemonSet controllers, EndpointSlice
 * controller, kubeadm's addons) would have made of the manifests. The simulator's builder turns it into
 * namespaces and devices; Pod IPs are left to the CNI (host-local) at build time, so EndpointSlices that need
 * them are finished by `deriveEndpointSlices` afterwards.
 *
 * The extension API group `k8snet.dev/v1alpha1` describes what the Kubernetes API does not: the node network,
 * hosts outside the cluster, the CNI configuration and node kernel settings. Every field is documented here;
 * these comments are the reference for that group.
 *
 * Not modelled: IPv6 and dual stack (IPv4 only), several clusters, object history (resourceVersion, uid,
 * timestamps), anything the network does not depend on (images, volumes, resources, probes).
 */
import type { V1EndpointSlice, V1Service, V1ServiceSpec } from '../kube-proxy/types';
import type { NetworkPolicy } from '../netpol/types';

// ------------------------------------------------------------------------------------------ extension API

/** The API group and version of the simulator's own kinds. */
export const K8SNET_API_VERSION = 'k8snet.dev/v1alpha1';

/**
 * kind `Network` (cluster-scoped, at most one): the node network ("underlay") every Node and in-network Host is
 * attached to — one L2 segment with a router, like a VirtualBox host-only network or a kind/docker bridge.
 *
 * ```yaml
 * apiVersion: k8snet.dev/v1alpha1
 * kind: Network
 * metadata: { name: underlay }
 * spec:
 *   cidr: 192.168.56.0/24   # default 192.168.56.0/24 (VirtualBox's first host-only network)
 *   gateway: 192.168.56.1   # default: the first address of cidr
 *   mtu: 1500               # default 1500 (Ethernet)
 * ```
 *
 * Nodes without an InternalIP get the next free address from `.11` upward (so node-1 = .11, node-2 = .12,
 * as in the reference run); Hosts without an IP get the next free address from `.100` upward.
 */
export interface NetworkResource {
  /** The node network's prefix, aligned (host bits zero). */
  cidr?: string;
  /** The router on the node network: nodes' default route points here; traffic to outside Hosts goes through it. */
  gateway?: string;
  /** MTU of every node's and host's interface on the network (flannel's VXLAN MTU is this minus 50). */
  mtu?: number;
}

/**
 * kind `Host` (cluster-scoped): a machine outside the cluster — a client, a database, "the internet".
 *
 * ```yaml
 * apiVersion: k8snet.dev/v1alpha1
 * kind: Host
 * metadata: { name: ext, labels: { role: client } }
 * spec:
 *   ip: 192.168.56.1        # default: next free address of the node network from .100 up
 *   ports:                  # what it listens on (like a container's ports)
 *     - { name: http, port: 80, protocol: TCP }
 * ```
 *
 * An IP inside the Network's cidr is on the node network (same L2 as the nodes); any other IP is reached
 * through the Network's gateway.
 */
export interface HostResource {
  ip?: string;
  ports?: { name?: string; port: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[];
}

/**
 * kind `CNIConfig` (cluster-scoped, at most one): the Pod network, in the CNI plugins' own formats.
 *
 * ```yaml
 * apiVersion: k8snet.dev/v1alpha1
 * kind: CNIConfig
 * metadata: { name: flannel }
 * spec:
 *   conflist: |             # /etc/cni/net.d/10-flannel.conflist (an object or its JSON text)
 *     { "name": "cbr0", "cniVersion": "0.3.1",
 *       "plugins": [ { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } },
 *                    { "type": "portmap", "capabilities": { "portMappings": true } } ] }
 *   netConf: |              # flannel's net-conf.json (flannel only); here Network may be omitted = podSubnet
 *     { "Network": "10.244.0.0/16", "Backend": { "Type": "vxlan" } }
 *   flanneldArgs: ["--ip-masq", "--kube-subnet-mgr"]   # flanneld's command line (flannel only)
 * ```
 *
 * The conflist's first plugin is `flannel` (which delegates to `bridge` + `host-local`) or `bridge` with
 * `host-local` IPAM; a following `portmap` plugin is accepted. A bridge conflist's `ipam.subnet` (or
 * `ranges[0][0].subnet`) is either a literal prefix — then every node allocates from that same range, as a
 * copied config file would — or the per-node placeholder `usePodCidr` / `{{.PodCIDR}}`, meaning the node's
 * podCIDR (the forms Calico's host-local mode and containerd's CNI template use).
 *
 * The same configuration is also read from a real kube-flannel.yml: the ConfigMap `kube-flannel-cfg` with its
 * `cni-conf.json` and `net-conf.json` keys.
 *
 * Default when absent: kube-flannel.yml's — flannel, network = podSubnet, VXLAN (VNI 1, port 8472), flanneld
 * `--ip-masq --kube-subnet-mgr`, delegate hairpinMode and isDefaultGateway.
 */
export interface CNIConfigResource {
  conflist?: string | Record<string, unknown>;
  netConf?: string | Record<string, unknown>;
  flanneldArgs?: string[];
}

/**
 * Node kernel settings are annotations on the Node, one per sysctl:
 *
 * ```yaml
 * kind: Node
 * metadata:
 *   name: node-2
 *   annotations:
 *     k8snet.dev/sysctl.net.ipv4.ip_forward: "0"
 *     k8snet.dev/sysctl.net.ipv4.conf.all.rp_filter: "1"
 * ```
 *
 * Why annotations rather than a kind of their own: a setting belongs to one node, and annotations are how
 * Kubernetes tools attach facts about a node the API has no field for (flannel itself keeps its public IP and
 * VTEP MAC in `flannel.alpha.coreos.com/*` Node annotations); `kubectl annotate node` is then the natural way
 * to change one, and a Node manifest stays self-contained.
 */
export const SYSCTL_ANNOTATION_PREFIX = 'k8snet.dev/sysctl.';

// ------------------------------------------------------------------------------------------ cluster spec

/** The sysctls the simulator models, with the values the netns model accepts (see netns/sysctl.ts). */
export type KernelSettingName =
  | 'net.ipv4.ip_forward'
  | 'net.ipv4.conf.all.rp_filter'
  | 'net.ipv4.conf.all.route_localnet'
  | 'net.bridge.bridge-nf-call-iptables'
  | 'net.ipv4.icmp_echo_ignore_all';

export type KernelSettings = Record<KernelSettingName, number>;

export type ProxyMode = 'iptables' | 'ipvs';

/** kube-proxy's configuration (KubeProxyConfiguration, kubeproxy.config.k8s.io/v1alpha1), defaulted. */
export interface ProxyConfig {
  /** false when kubeadm's `proxy.disabled: true` (v1beta4) skips the kube-proxy addon. */
  enabled: boolean;
  /** `mode`; "" means iptables on Linux. */
  mode: ProxyMode;
  /** `clusterCIDR`; kubeadm fills in networking.podSubnet. */
  clusterCIDR: string;
  /** `nodePortAddresses` (CIDRs, or "primary"); empty = every local address. */
  nodePortAddresses: string[];
  /** `iptables.masqueradeAll` (default false). */
  masqueradeAll: boolean;
  /** `iptables.masqueradeBit` (default 14 → mark 0x4000). */
  masqueradeBit: number;
  /** `iptables.localhostNodePorts` (default true). */
  localhostNodePorts: boolean;
}

/** Options of the bridge plugin as it runs (for flannel: the delegate as flannel's CNI plugin completes it). */
export interface BridgeConfigSpec {
  /** Bridge device (default cni0). */
  bridge: string;
  isGateway: boolean;
  isDefaultGateway: boolean;
  hairpinMode: boolean;
  promiscMode: boolean;
  /** The bridge plugin's per-container masquerade (flannel: !FLANNEL_IPMASQ). */
  ipMasq: boolean;
  mtu: number;
}

/** host-local IPAM for one node. */
export interface HostLocalSpec {
  type: 'host-local';
  /** "podCIDR" = each node's spec.podCIDR; otherwise a literal prefix shared by every node. */
  subnet: 'podCIDR' | string;
  rangeStart?: string;
  rangeEnd?: string;
  gateway?: string;
  /** Routes added inside the Pod (flannel: the whole cluster network). */
  routes: { dst: string; gw?: string }[];
}

export type FlannelBackendSpec =
  | { type: 'vxlan'; vni: number; port: number; directRouting: boolean }
  | { type: 'host-gw' };

/** flanneld's part: net-conf.json and its command line. */
export interface FlannelSpec {
  /** net-conf.json Network. */
  network: string;
  backend: FlannelBackendSpec;
  /** `--ip-masq`: flanneld installs the FLANNEL-POSTRTG masquerade chain. */
  ipMasq: boolean;
  /** FLANNEL_MTU in subnet.env: underlay MTU, minus 50 for VXLAN. */
  mtu: number;
}

/** The Pod network: a bridge + host-local chain, optionally driven by flannel. */
export interface CniSpec {
  /** The conflist's first plugin. */
  plugin: 'flannel' | 'bridge';
  /** Conflist name ("cbr0" for flannel): the host-local state directory and the CNI network name. */
  networkName: string;
  cniVersion: string;
  bridge: BridgeConfigSpec;
  ipam: HostLocalSpec;
  /** A portmap plugin follows (hostPort). */
  portmap: boolean;
  /** Present when plugin is flannel. */
  flannel?: FlannelSpec;
}

export interface UnderlaySpec {
  cidr: string;
  gateway: string;
  mtu: number;
}

export interface ClusterConfig {
  /** kubeadm networking.podSubnet (default 10.244.0.0/16). */
  podSubnet: string;
  /** kubeadm networking.serviceSubnet (default 10.96.0.0/12). */
  serviceSubnet: string;
  /** kubeadm networking.dnsDomain (default cluster.local). */
  dnsDomain: string;
  /** kube-controller-manager --node-cidr-mask-size (default 24). */
  nodeCIDRMaskSize: number;
  /** kube-apiserver --service-node-port-range, inclusive (default 30000-32767). */
  nodePortRange: { first: number; last: number };
  /** The `default/kubernetes` ClusterIP: first address of serviceSubnet. */
  kubernetesServiceIP: string;
  /** kubelet clusterDNS = the kube-dns ClusterIP: the tenth address of serviceSubnet. */
  clusterDNS: string;
  /** The API server's secure port (InitConfiguration localAPIEndpoint.bindPort, default 6443). */
  apiServerPort: number;
  proxy: ProxyConfig;
  cni: CniSpec;
  network: UnderlaySpec;
}

export interface NamespaceSpec {
  name: string;
  /** Including kubernetes.io/metadata.name=<name>. */
  labels: Record<string, string>;
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect;
}

export interface NodeSpec {
  name: string;
  /** The manifest's labels over the kubelet's well-known ones (kubernetes.io/hostname, kubernetes.io/os=linux, kubernetes.io/arch=amd64 and their beta.kubernetes.io twins). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** spec.podCIDR as given, or allocated by the node IPAM controller. */
  podCIDR: string;
  /** status.addresses InternalIP, in order; the first is "the node IP". Never empty. */
  internalIPs: string[];
  externalIPs: string[];
  /** status.addresses Hostname (default: the node name). */
  hostname: string;
  unschedulable: boolean;
  /** status.conditions Ready is True (default). */
  ready: boolean;
  taints: Taint[];
  /** Runs the API server: labelled node-role.kubernetes.io/control-plane, or the first node if none is. */
  controlPlane: boolean;
  sysctls: KernelSettings;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPortSpec {
  name?: string;
  containerPort: number;
  protocol: Protocol;
  hostPort?: number;
}

export interface ContainerSpec {
  name: string;
  ports: ContainerPortSpec[];
}

export interface PodSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Bound node; absent when no node fits (the Pod stays Pending, see warnings). */
  nodeName?: string;
  hostNetwork: boolean;
  containers: ContainerSpec[];
  /** Known before the CNI runs: status.podIP as given, or the node IP for a hostNetwork Pod. */
  ip?: string;
  hostname?: string;
  subdomain?: string;
  dnsPolicy: DnsPolicy;
  phase: PodPhase;
  /** The Ready condition (default true when Running; false on a node that is not Ready). */
  ready: boolean;
  /** The controller that made the Pod, if any. */
  owner?: { kind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet'; name: string; deployment?: string };
}

export interface HostSpec {
  name: string;
  labels: Record<string, string>;
  ip: string;
  /** Inside the node network's cidr (else reached through its gateway). */
  onNodeNetwork: boolean;
  ports: { name?: string; port: number; protocol: Protocol }[];
}

/** A Service after API-server defaulting and allocation: V1Service with the fields kube-proxy reads filled in. */
export interface ServiceSpecFull extends V1ServiceSpec {
  ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  publishNotReadyAddresses?: boolean;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
}

export interface ServiceObject extends V1Service {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: ServiceSpecFull;
}

/** Where a warning or error comes from. */
export interface ManifestIssue {
  severity: 'error' | 'warning';
  /** The whole line, as printed. */
  message: string;
  /** Source name, when several texts were loaded. */
  file?: string;
  /** 1-based document number within its text. */
  document?: number;
  /** 1-based item number within a `kind: List`. */
  item?: number;
  /** 1-based line of the field (YAML input only). */
  line?: number;
  /** "Service default/web". */
  object?: string;
  /** "spec.ports[0].nodePort". */
  field?: string;
}

export interface ClusterSpec {
  config: ClusterConfig;
  /** default, kube-system, kube-public, kube-node-lease, then declared ones. */
  namespaces: NamespaceSpec[];
  /** In document order (which is also podCIDR allocation order). */
  nodes: NodeSpec[];
  /** kubeadm's CoreDNS Pods first, then Pods in document order (controllers' Pods where the controller is). */
  pods: PodSpec[];
  /** default/kubernetes, kube-system/kube-dns, then declared Services. */
  services: ServiceObject[];
  /** Complete slices: declared ones and the API server's `default/kubernetes` slice. */
  endpointSlices: V1EndpointSlice[];
  /**
   * The EndpointSlice controller's slices for Services with a selector, complete except for Pod IPs the CNI
   * assigns: such endpoints have `addresses: []` and a targetRef naming the Pod. Finish with deriveEndpointSlices.
   */
  derivedEndpointSlices: V1EndpointSlice[];
  /** metadata.namespace filled in; validated with netpol's validatePolicy. */
  networkPolicies: NetworkPolicy[];
  hosts: HostSpec[];
  warnings: ManifestIssue[];
}
