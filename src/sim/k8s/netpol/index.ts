/**
 * NetworkPolicy (networking.k8s.io/v1) evaluator: validate manifests like the API server, build a model of
 * namespaces, pods and policies, and decide whether a connection is allowed and which policies decide it.
 * Pure: no datapath, no clock; the datapath or a lab calls `evaluate` at the point where a network plugin
 * would enforce policy (after Service DNAT).
 *
 * Not modelled: AdminNetworkPolicy / BaselineAdminNetworkPolicy; plugin-specific extensions; ICMP.
 */
export type * from './types';
export { buildNetpolModel, compilePolicy, NAMESPACE_NAME_LABEL } from './model';
export { evaluate, resolveEndpoint, type Endpoint } from './evaluate';
export { validatePolicy, policyWarnings, formatValidationFailure, type FieldError, type FieldErrorType } from './validate';
export { selectorMatches, isEmptySelector, formatSelector } from './selector';
export { parseApiCidr, ipBlockMatches, parsePeerIp, type ParsedApiCidr, type PeerIp } from './ipblock';
export {
  truthTable,
  formatTruthTable,
  parseTruthTable,
  diffTruthTables,
  type TruthTable,
  type ProbeTable,
  type TruthTableMismatch,
} from './truth-table';
export {
  netpolIptables,
  egressChainName,
  ingressChainName,
  isNetpolChainName,
  subtractPrefixes,
  NETPOL_CHAIN,
  EGRESS_CHAIN_PREFIX,
  INGRESS_CHAIN_PREFIX,
  type NetpolDenyAction,
  type NetpolNodePod,
  type NetpolIptablesInput,
  type NetpolIptablesResult,
} from './iptables';
