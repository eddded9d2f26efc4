/**
 * kube-proxy, iptables mode: chain-name hashing, probabilities, and `syncProxyRules` (Services +
 * EndpointSlices → the iptables-restore payload for the filter and nat tables), plus the base-chain jumps.
 *
 * Not modelled: the IPVS and nftables modes, partial syncs, the IPv6 proxier.
 */
export * from './types';
export { sha256, utf8Encode, toHex } from './sha256';
export { base32StdEncode } from './base32';
export {
  servicePortNameString,
  endpointString,
  portProtoHash,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
  serviceFirewallChainName,
  serviceExternalChainName,
  servicePortEndpointChainName,
  isServiceChainName,
} from './chain-names';
export { computeProbability, goFormatFixed } from './probability';
export { servicePortsOf, validateService, type ServicePortInfo } from './service-port';
export { buildEndpointsMap, categorizeEndpoints, validateEndpointSlice, SERVICE_NAME_LABEL, type EndpointInfo, type CategorizedEndpoints } from './endpoints';
export {
  syncProxyRules,
  restorePayload,
  masqueradeMarkText,
  LARGE_CLUSTER_ENDPOINTS_THRESHOLD,
  KUBE_SERVICES,
  KUBE_EXTERNAL_SERVICES,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_MARK_MASQ,
  KUBE_FORWARD,
  KUBE_PROXY_FIREWALL,
  KUBE_FIREWALL,
  NFACCT_CT_STATE_INVALID_DROPPED,
  NFACCT_LOCALHOST_NODEPORT_ACCEPTED,
} from './proxier';
export { jumpChainRules, type JumpChainOptions } from './jump-chains';
