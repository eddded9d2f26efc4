/**
 * `kubectl get` for the simulated cluster: tables laid out as kubectl's tabwriter lays them out, the columns of
 * kubernetes' server-side printers, `-o yaml|json|name`, label selectors, and kubectl's messages and exit codes.
 * Pure functions of a BuiltCluster.
 *
 * Not modelled: see get.ts (flags and output formats), objects.ts (object fields), printers.ts (columns).
 */
export { kubectlGet, DEFAULT_AGE, ENDPOINTS_WARNING, type KubectlGetOptions, type KubectlResult, type ObjectRef } from './get';
export { clusterObjects, SIMULATED_NODE_INFO, type ClusterObjects, type NodeInfo } from './objects';
export type { EventObject, PodObject, NodeObject, NamespaceObject, EndpointsObject, EndpointSliceObject, NetworkPolicyObject, ServiceApiObject } from './objects';
export { RESOURCES, resolveResourceType, type ResourceType, type ResourceInfo } from './resources';
export { formatTable } from './tabwriter';
export { toJson, toYaml } from './encode';
export { parseSelector, formatLabels } from './selector';
