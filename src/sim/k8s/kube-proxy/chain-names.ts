/**
 * kube-proxy's iptables chain names. Every chain of a service port is `PREFIX + 16 characters of
 * base32(sha256(servicePortName + protocol))`, so the names a learner sees on a real kubeadm cluster
 * (`KUBE-SVC-NPX46M4PTMTKRN6Y` for default/kubernetes:https) come out of the simulator unchanged.
 * Source: kubernetes/kubernetes pkg/proxy/iptables/proxier.go@531be812 (`portProtoHash`,
 * `servicePortPolicyClusterChain`, `servicePortPolicyLocalChainName`, `serviceFirewallChainName`,
 * `serviceExternalChainName`, `servicePortEndpointChainName`).
 *
 * Not modelled: the nftables backend's naming scheme (`hashAndTruncate`, 8 characters plus a readable suffix).
 */
import { base32StdEncode } from './base32';
import { sha256, utf8Encode } from './sha256';

export const SVC_PREFIX = 'KUBE-SVC-';
export const SVL_PREFIX = 'KUBE-SVL-';
export const FW_PREFIX = 'KUBE-FW-';
export const EXT_PREFIX = 'KUBE-EXT-';
export const SEP_PREFIX = 'KUBE-SEP-';

/**
 * `proxy.ServicePortName.String()`: "namespace/name", plus ":portName" only when the port is named
 * (pkg/proxy/types.go). An unnamed port gives "default/nginx", so comments read "default/nginx cluster IP".
 */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

/**
 * `BaseEndpointInfo.String()` = `net.JoinHostPort(ip, port)`: "10.180.0.1:80", and "[fd00::1]:80" for IPv6
 * (pkg/proxy/endpoint.go).
 */
export function endpointString(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function hash16(s: string): string {
  return base32StdEncode(sha256(utf8Encode(s))).slice(0, 16);
}

/** `portProtoHash`: base32(sha256(spn + protocol))[:16]; `protocol` is lowercased as kube-proxy does. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol.toLowerCase());
}

/** KUBE-SVC-…: the "Cluster" traffic-policy chain (all usable endpoints). */
export function servicePortPolicyClusterChain(servicePortName: string, protocol: string): string {
  return SVC_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-SVL-…: the "Local" traffic-policy chain (node-local endpoints only). */
export function servicePortPolicyLocalChainName(servicePortName: string, protocol: string): string {
  return SVL_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-FW-…: loadBalancerSourceRanges filtering for LoadBalancer IPs. */
export function serviceFirewallChainName(servicePortName: string, protocol: string): string {
  return FW_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-EXT-…: traffic to NodePorts, externalIPs and LoadBalancer IPs. */
export function serviceExternalChainName(servicePortName: string, protocol: string): string {
  return EXT_PREFIX + portProtoHash(servicePortName, protocol);
}

/** KUBE-SEP-…: one endpoint; `endpoint` is `endpointString(ip, port)`. */
export function servicePortEndpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return SEP_PREFIX + hash16(servicePortName + protocol.toLowerCase() + endpoint);
}

/** `isServiceChainName`: whether a nat chain belongs to a service (and so is kube-proxy's to delete). */
export function isServiceChainName(chain: string): boolean {
  return [SVC_PREFIX, SVL_PREFIX, SEP_PREFIX, FW_PREFIX, EXT_PREFIX].some((p) => chain.startsWith(p));
}
