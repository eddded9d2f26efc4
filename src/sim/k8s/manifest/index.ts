/**
 * Kubernetes manifests → ClusterSpec: validated, defaulted and allocated plain JSON describing a cluster
 * (config, namespaces, nodes, Pods, Services, EndpointSlices, NetworkPolicies, outside hosts), as
 * `kubectl apply` plus the control plane would make it. The simulator's builder consumes it; Pod IPs come
 * from the CNI at build time, and deriveEndpointSlices then completes the controller's EndpointSlices.
 *
 * Not modelled: see each module's header (IPv6, updates/patches, kinds outside the supported list).
 */
export type * from './types';
export { K8SNET_API_VERSION, SYSCTL_ANNOTATION_PREFIX } from './types';
export { loadManifests, loadObjects, type LoadOptions } from './load';
export type { SourceText } from './source';
export { ManifestError, formatPath } from './issues';
export { deriveEndpointSlices, allEndpointSlices, findPort, MAX_ENDPOINTS_PER_SLICE } from './endpoints';
export { ManifestBuilder } from './builder';
export type * from './builder';
export { ALPHANUMS, podTemplateHash, safeEncodeString, fnv32a } from './names';
export { proxierConfigFor } from './proxier-config';
