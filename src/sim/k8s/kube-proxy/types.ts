/**
 * Input and output shapes of the kube-proxy iptables model. Services and EndpointSlices are the plain JSON
 * of core/v1 Service and discovery.k8s.io/v1 EndpointSlice (only the fields kube-proxy reads), so a manifest
 * or `kubectl get -o json` output can be passed in directly. Fields the API server defaults are optional
 * here and defaulted the way the API server does (port protocol TCP, EndpointSlice port name "", service
 * type ClusterIP, ClientIP affinity timeout 10800 s).
 *
 * Not modelled: fields kube-proxy's iptables mode does not read (selectors, targetPort resolution — the
 * EndpointSlice already carries the target port —, topology hints, trafficDistribution).
 */

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type TrafficPolicy = 'Cluster' | 'Local';
export type SessionAffinity = 'None' | 'ClientIP';
export type IPFamily = 'IPv4' | 'IPv6';
/** status.loadBalancer.ingress[].ipMode: kube-proxy only programs "VIP" (or unset) ingress IPs. */
export type LoadBalancerIPMode = 'VIP' | 'Proxy';
export type EndpointSliceAddressType = 'IPv4' | 'IPv6' | 'FQDN';

export interface V1ObjectMeta {
  name?: string;
  /** Defaults to "default", as `kubectl apply` does for a manifest without one. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface V1ServicePort {
  /** Required (and unique) when a Service has more than one port; "" or absent for a single unnamed port. */
  name?: string;
  port: number;
  /** Defaults to TCP. */
  protocol?: Protocol;
  /** 0 or absent: no node port (possible even for type NodePort in kube-proxy's own tests). */
  nodePort?: number;
  /** Not read by kube-proxy: the EndpointSlice carries the resolved port. */
  targetPort?: number | string;
  appProtocol?: string;
}

export interface V1ClientIPConfig {
  timeoutSeconds?: number;
}

export interface V1ServiceSpec {
  /** Defaults to ClusterIP. */
  type?: ServiceType;
  /** "None" (headless) or "" (ExternalName): kube-proxy writes no rules. */
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: IPFamily[];
  ports?: V1ServicePort[];
  selector?: Record<string, string>;
  externalIPs?: string[];
  /** CIDRs; surrounding whitespace is tolerated (API validation lets it through, kube-proxy trims it). */
  loadBalancerSourceRanges?: string[];
  externalTrafficPolicy?: TrafficPolicy;
  internalTrafficPolicy?: TrafficPolicy;
  sessionAffinity?: SessionAffinity;
  sessionAffinityConfig?: { clientIP?: V1ClientIPConfig };
  healthCheckNodePort?: number;
  externalName?: string;
}

export interface V1LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: LoadBalancerIPMode;
}

export interface V1Service {
  apiVersion?: string;
  kind?: string;
  metadata: V1ObjectMeta;
  spec?: V1ServiceSpec;
  status?: { loadBalancer?: { ingress?: V1LoadBalancerIngress[] } };
}

/** Absent (or null) ready/serving mean true; absent terminating means false (pkg/proxy/endpointslicecache.go). */
export interface V1EndpointConditions {
  ready?: boolean | null;
  serving?: boolean | null;
  terminating?: boolean | null;
}

export interface V1Endpoint {
  /** kube-proxy uses addresses[0] only. */
  addresses: string[];
  conditions?: V1EndpointConditions;
  /** The endpoint is local when this equals the proxier's nodeName. */
  nodeName?: string;
  zone?: string;
  hostname?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface V1EndpointPort {
  /** Must equal the Service port's name ("" for an unnamed port); defaults to "". */
  name?: string;
  port?: number;
  /** Defaults to TCP. */
  protocol?: Protocol;
  appProtocol?: string;
}

export interface V1EndpointSlice {
  apiVersion?: string;
  kind?: string;
  /** labels["kubernetes.io/service-name"] names the Service; slices without it are ignored. */
  metadata: V1ObjectMeta;
  addressType?: EndpointSliceAddressType;
  endpoints?: V1Endpoint[];
  ports?: V1EndpointPort[];
}

export interface ProxierConfig {
  nodeName: string;
  /** The node's addresses; the first IPv4 one is "the node IP" (loadBalancerSourceRanges check). */
  nodeIPs: string[];
  /** `--cluster-cidr` local-traffic detector; absent means no detector (no "! -s" masquerade rule). */
  clusterCIDR?: string;
  /** `--iptables-masquerade-bit`, 0..31; default 14 (mark 1<<14). */
  masqueradeBit?: number;
  /**
   * The mark text kube-proxy writes. Default: Go's `fmt.Sprintf("%#08x", 1<<masqueradeBit)`, which is
   * "0x00004000" for bit 14 (iptables-save prints it back as 0x4000). Upstream unit tests set "0x4000".
   */
  masqueradeMark?: string;
  /** `--masquerade-all`. */
  masqueradeAll?: boolean;
  /** `--iptables-localhost-nodeports`; default true. Forced off when nodePortAddresses excludes 127.0.0.1. */
  localhostNodePorts?: boolean;
  /** `--nodeport-addresses` CIDRs; absent/empty means every local address ("--dst-type LOCAL"). */
  nodePortAddresses?: string[];
  /** Whether the host iptables supports `MASQUERADE --random-fully`; default false. */
  randomFully?: boolean;
  /** Whether the nfacct counters could be created (kernel nfnetlink_acct); default false. */
  nfacct?: boolean;
  /** The sysctl net.netfilter.nf_conntrack_tcp_be_liberal is set: no INVALID drop rule; default false. */
  conntrackTCPBeLiberal?: boolean;
}

export interface ProxierInput {
  services: V1Service[];
  endpointSlices: V1EndpointSlice[];
  config: ProxierConfig;
}

/** Lines of the iptables-restore payload per table: chain declarations (`:NAME - [0:0]`) then `-A` rules. */
export interface ProxierResult {
  filter: string[];
  nat: string[];
}

export type IptablesTable = 'filter' | 'nat';

/** A jump from a built-in chain, installed with `iptables -I` (outside the restore payload). */
export interface JumpChainRule {
  table: IptablesTable;
  chain: 'INPUT' | 'FORWARD' | 'OUTPUT' | 'PREROUTING' | 'POSTROUTING';
  /** The rule spec after `-A CHAIN`, comments double-quoted as iptables-save prints them. */
  rule: string;
  /** The same rule as argv words (comment unquoted), as kube-proxy passes it to `iptables`. */
  args: string[];
}
