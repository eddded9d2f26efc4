/**
 * A Service as kube-proxy's IPv4 proxier sees it: one `ServicePortInfo` per spec.ports entry, with the
 * family-filtered addresses and the four chain names precomputed. Headless (`clusterIP: None`), ExternalName
 * and IPv6-only Services yield nothing (pkg/proxy/util `ShouldSkipService`, `GetClusterIPByFamily`).
 * Sources: kubernetes/kubernetes pkg/proxy/serviceport.go (`newBaseServiceInfo`, `ExternallyAccessible`,
 * `UsesClusterEndpoints`, `UsesLocalEndpoints`), pkg/proxy/service.go (`serviceToServiceMap`),
 * pkg/api/v1/service/util.go (`ExternalPolicyLocal`, `InternalPolicyLocal`, `NeedsHealthCheck`),
 * pkg/proxy/iptables/proxier.go@531be812 (`newServiceInfo`).
 *
 * Invalid objects (that the API server would reject) throw a SimError naming the Service.
 *
 * Not modelled: the IPv6 proxier of a dual-stack kube-proxy, topology-hint annotations.
 */
import { fail } from '../../core/errors';
import { formatIpv4, parseCidrLoose, tryParseIpv4, tryParseIpv6, type Cidr4 } from '../../addr';
import {
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortNameString,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
} from './chain-names';
import type { Protocol, ServiceType, V1Service } from './types';

export interface ServicePortInfo {
  /** Map key: namespace/name:portName/PROTOCOL (pkg/proxy ServicePortName with its Protocol). */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  readonly protocol: Protocol;
  /** `strings.ToLower(protocol)`, as used in `-m tcp -p tcp`. */
  readonly proto: string;
  /** `ServicePortName.String()`: "ns/svc:port" (or "ns/svc" for an unnamed port). */
  readonly nameString: string;
  readonly clusterIP: string;
  readonly port: number;
  readonly nodePort: number;
  readonly sessionAffinityClientIP: boolean;
  readonly stickyMaxAgeSeconds: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerVIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly Cidr4[];
  readonly healthCheckNodePort: number;
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  readonly clusterPolicyChain: string;
  readonly localPolicyChain: string;
  readonly firewallChain: string;
  readonly externalChain: string;
}

const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
/** SetDefaults_Service: ClientIP affinity without a timeout gets 3 hours. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

export function serviceKey(namespace: string, name: string, portName: string, protocol: Protocol): string {
  return `${namespace}/${name}:${portName}/${protocol}`;
}

function isIp(s: string): boolean {
  return tryParseIpv4(s) !== undefined || tryParseIpv6(s) !== undefined;
}

/** Go's net.ParseCIDR of an IPv4 prefix ("a.b.c.d/n"; host bits cleared), or undefined if not IPv4 CIDR syntax. */
function tryParseCidr4(s: string): Cidr4 | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  if (!m || tryParseIpv4(m[1]!) === undefined || Number(m[2]) > 32) return undefined;
  return parseCidrLoose(s);
}

function isCidr6(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  return !!m && tryParseIpv6(m[1]!) !== undefined && Number(m[2]) <= 128;
}

function isPort(n: unknown, allowZero: boolean): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= (allowZero ? 0 : 1) && n <= 65535;
}

export function serviceDisplayName(svc: V1Service): string {
  return `Service ${svc.metadata?.namespace || 'default'}/${svc.metadata?.name ?? '<no name>'}`;
}

/** API-server-style validation of the fields kube-proxy reads; throws BAD_MANIFEST naming the Service. */
export function validateService(svc: V1Service): void {
  const who = serviceDisplayName(svc);
  const bad = (msg: string): never => fail('BAD_MANIFEST', `${who}: ${msg}`);
  if (!svc.metadata || typeof svc.metadata.name !== 'string' || svc.metadata.name === '') {
    bad('metadata.name is missing; give the Service a name');
  }
  const spec = svc.spec ?? {};
  if (spec.type !== undefined && !SERVICE_TYPES.includes(spec.type)) {
    bad(`spec.type "${spec.type}" is not one of ${SERVICE_TYPES.join(', ')}`);
  }
  if (spec.clusterIP !== undefined && spec.clusterIP !== '' && spec.clusterIP !== 'None' && !isIp(spec.clusterIP)) {
    bad(`spec.clusterIP "${spec.clusterIP}" is not an IP address (or "None" for a headless Service)`);
  }
  for (const ip of spec.clusterIPs ?? []) {
    if (ip !== 'None' && !isIp(ip)) bad(`spec.clusterIPs entry "${ip}" is not an IP address`);
  }
  for (const f of spec.ipFamilies ?? []) {
    if (f !== 'IPv4' && f !== 'IPv6') bad(`spec.ipFamilies entry "${f}" must be IPv4 or IPv6`);
  }
  const ports = spec.ports ?? [];
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (!isPort(p.port, false)) bad(`spec.ports[${i}].port ${JSON.stringify(p.port)} must be a whole number 1-65535`);
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      bad(`spec.ports[${i}].protocol "${p.protocol}" must be TCP, UDP or SCTP`);
    }
    if (p.nodePort !== undefined && !isPort(p.nodePort, true)) {
      bad(`spec.ports[${i}].nodePort ${JSON.stringify(p.nodePort)} must be a whole number 0-65535`);
    }
    const name = p.name ?? '';
    if (ports.length > 1 && name === '') bad(`spec.ports[${i}] needs a name: a Service with several ports must name each one`);
    if (seen.has(name)) bad(`spec.ports[${i}].name "${name}" is used twice; port names must be unique`);
    seen.add(name);
  });
  for (const ip of spec.externalIPs ?? []) {
    if (!isIp(ip)) bad(`spec.externalIPs entry "${ip}" is not an IP address`);
  }
  for (const r of spec.loadBalancerSourceRanges ?? []) {
    const t = r.trim();
    if (tryParseCidr4(t) === undefined && !isCidr6(t)) {
      bad(`spec.loadBalancerSourceRanges entry "${r}" is not a CIDR; write it like 203.0.113.0/25`);
    }
  }
  for (const [field, v] of [
    ['externalTrafficPolicy', spec.externalTrafficPolicy],
    ['internalTrafficPolicy', spec.internalTrafficPolicy],
  ] as const) {
    if (v !== undefined && v !== 'Cluster' && v !== 'Local') bad(`spec.${field} "${v}" must be Cluster or Local`);
  }
  if (spec.sessionAffinity !== undefined && spec.sessionAffinity !== 'None' && spec.sessionAffinity !== 'ClientIP') {
    bad(`spec.sessionAffinity "${spec.sessionAffinity}" must be None or ClientIP`);
  }
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > 86400)) {
    bad(`spec.sessionAffinityConfig.clientIP.timeoutSeconds ${timeout} must be a whole number 1-86400`);
  }
  if (spec.healthCheckNodePort !== undefined && !isPort(spec.healthCheckNodePort, true)) {
    bad(`spec.healthCheckNodePort ${JSON.stringify(spec.healthCheckNodePort)} must be a whole number 0-65535`);
  }
  (svc.status?.loadBalancer?.ingress ?? []).forEach((ing, i) => {
    if (ing.ip !== undefined && ing.ip !== '' && !isIp(ing.ip)) {
      bad(`status.loadBalancer.ingress[${i}].ip "${ing.ip}" is not an IP address`);
    }
    if (ing.ipMode !== undefined && ing.ipMode !== 'VIP' && ing.ipMode !== 'Proxy') {
      bad(`status.loadBalancer.ingress[${i}].ipMode "${ing.ipMode}" must be VIP or Proxy`);
    }
  });
}

/** `GetClusterIPByFamily(IPv4, svc)`: the Service's IPv4 cluster IP, or "" if it has none. */
function ipv4ClusterIP(svc: V1Service): string {
  const spec = svc.spec ?? {};
  const families = spec.ipFamilies ?? [];
  if (families.length === 0) {
    // Without ipFamilies (pre-dual-stack objects) spec.clusterIP is the only address; the API server
    // fills clusterIP from clusterIPs[0], so accept a manifest that sets only clusterIPs.
    const ip = spec.clusterIP ?? spec.clusterIPs?.[0] ?? '';
    return tryParseIpv4(ip) !== undefined ? ip : '';
  }
  const idx = families.indexOf('IPv4');
  const ips = spec.clusterIPs ?? (spec.clusterIP !== undefined ? [spec.clusterIP] : []);
  const ip = idx >= 0 ? ips[idx] ?? '' : '';
  return tryParseIpv4(ip) !== undefined ? ip : '';
}

/** Normalised IPv4 text (net.IP.String()), or undefined for an IPv6/invalid address (other family). */
function ipv4Text(s: string): string | undefined {
  const n = tryParseIpv4(s);
  return n === undefined ? undefined : formatIpv4(n);
}

/** `serviceToServiceMap` for the IPv4 proxier. Call `validateService` first. */
export function servicePortsOf(svc: V1Service): ServicePortInfo[] {
  const spec = svc.spec ?? {};
  const type: ServiceType = spec.type ?? 'ClusterIP';
  // ShouldSkipService: no cluster IP ("" or None) or ExternalName → not proxied.
  const specClusterIP = spec.clusterIP ?? spec.clusterIPs?.[0] ?? '';
  if (specClusterIP === '' || specClusterIP === 'None' || type === 'ExternalName') return [];
  const clusterIPRaw = ipv4ClusterIP(svc);
  if (clusterIPRaw === '') return [];
  const clusterIP = ipv4Text(clusterIPRaw)!;

  const namespace = svc.metadata.namespace || 'default';
  const name = svc.metadata.name!;
  // apiservice.ExternallyAccessible / ExternalPolicyLocal / InternalPolicyLocal / NeedsHealthCheck.
  const apiExternallyAccessible =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
  const externalPolicyLocal = apiExternallyAccessible && spec.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = spec.internalTrafficPolicy === 'Local';
  const needsHealthCheck = type === 'LoadBalancer' && externalPolicyLocal;

  const clientIP = spec.sessionAffinity === 'ClientIP';
  const sticky = clientIP ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_CLIENT_IP_TIMEOUT_SECONDS : 0;

  const externalIPs = (spec.externalIPs ?? []).map(ipv4Text).filter((x): x is string => x !== undefined);
  // "LoadBalancerSourceRanges validation mistakenly allows whitespace padding" — kube-proxy trims, then
  // keeps the CIDRs of its own family (newBaseServiceInfo).
  const sourceRanges = (spec.loadBalancerSourceRanges ?? [])
    .map((r) => tryParseCidr4(r.trim()))
    .filter((c): c is Cidr4 => c !== undefined);
  // Only VIP-mode ingress IPs of this family (proxyutil.IsVIPMode: ipMode unset or VIP).
  const lbVIPs = (svc.status?.loadBalancer?.ingress ?? [])
    .filter((ing) => ing.ip !== undefined && ing.ip !== '' && (ing.ipMode ?? 'VIP') === 'VIP')
    .map((ing) => ipv4Text(ing.ip!))
    .filter((x): x is string => x !== undefined);
  const healthCheckNodePort = needsHealthCheck ? spec.healthCheckNodePort ?? 0 : 0;

  return (spec.ports ?? []).map((p) => {
    const portName = p.name ?? '';
    const protocol: Protocol = p.protocol ?? 'TCP';
    const proto = protocol.toLowerCase();
    const nameString = servicePortNameString(namespace, name, portName);
    return {
      key: serviceKey(namespace, name, portName, protocol),
      namespace,
      name,
      portName,
      protocol,
      proto,
      nameString,
      clusterIP,
      port: p.port,
      nodePort: p.nodePort ?? 0,
      sessionAffinityClientIP: clientIP,
      stickyMaxAgeSeconds: sticky,
      externalIPs,
      loadBalancerVIPs: lbVIPs,
      loadBalancerSourceRanges: sourceRanges,
      healthCheckNodePort,
      externalPolicyLocal,
      internalPolicyLocal,
      clusterPolicyChain: servicePortPolicyClusterChain(nameString, proto),
      localPolicyChain: servicePortPolicyLocalChainName(nameString, proto),
      firewallChain: serviceFirewallChainName(nameString, proto),
      externalChain: serviceExternalChainName(nameString, proto),
    };
  });
}

/** `ExternallyAccessible()` of a service port: reachable other than by cluster IP. */
export function externallyAccessible(sp: ServicePortInfo): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length !== 0 || sp.externalIPs.length !== 0;
}

/** `UsesClusterEndpoints()`: iTP Cluster, or any external access (the eTP=Local short-circuit needs them). */
export function usesClusterEndpoints(sp: ServicePortInfo): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp);
}

/** `UsesLocalEndpoints()`: iTP Local, or eTP Local with external access. */
export function usesLocalEndpoints(sp: ServicePortInfo): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp));
}
