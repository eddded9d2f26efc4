/**
 * The resource types `kubectl get` knows in the simulated cluster, with the names the API server's discovery
 * documents publish for them (plural, singular, short names, group) and how kubectl spells them back in
 * messages: `pods "x" not found` uses the qualified resource (GroupResource.String(), "endpointslices.discovery.k8s.io"),
 * `-o name` and multi-type tables use the lower-cased GroupKind ("pod", "endpointslice.discovery.k8s.io").
 *
 * Not modelled: every other API resource. Well-known ones (deployments, configmaps, ...) get an honest "not
 * modelled" message rather than the "server doesn't have a resource type" a real cluster would never print.
 */

export type ResourceType = 'pods' | 'services' | 'endpoints' | 'endpointslices' | 'nodes' | 'namespaces' | 'networkpolicies' | 'events';

export interface ResourceInfo {
  readonly resource: ResourceType;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly kind: string;
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
}

/** Discovery data as `kubectl api-resources` lists it (NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND). */
export const RESOURCES: Readonly<Record<ResourceType, ResourceInfo>> = {
  pods: { resource: 'pods', singular: 'pod', shortNames: ['po'], kind: 'Pod', group: '', version: 'v1', namespaced: true },
  services: { resource: 'services', singular: 'service', shortNames: ['svc'], kind: 'Service', group: '', version: 'v1', namespaced: true },
  endpoints: { resource: 'endpoints', singular: 'endpoints', shortNames: ['ep'], kind: 'Endpoints', group: '', version: 'v1', namespaced: true },
  endpointslices: { resource: 'endpointslices', singular: 'endpointslice', shortNames: [], kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true },
  nodes: { resource: 'nodes', singular: 'node', shortNames: ['no'], kind: 'Node', group: '', version: 'v1', namespaced: false },
  namespaces: { resource: 'namespaces', singular: 'namespace', shortNames: ['ns'], kind: 'Namespace', group: '', version: 'v1', namespaced: false },
  networkpolicies: { resource: 'networkpolicies', singular: 'networkpolicy', shortNames: ['netpol'], kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', namespaced: true },
  events: { resource: 'events', singular: 'event', shortNames: ['ev'], kind: 'Event', group: '', version: 'v1', namespaced: true },
};

/** Resource types of a real cluster the simulator does not model (a typo is reported differently). */
const UNMODELLED = [
  'all', 'deployments', 'deployment', 'deploy', 'replicasets', 'replicaset', 'rs', 'daemonsets', 'daemonset', 'ds',
  'statefulsets', 'statefulset', 'sts', 'configmaps', 'configmap', 'cm', 'secrets', 'secret', 'ingresses', 'ingress',
  'ing', 'ingressclasses', 'jobs', 'job', 'cronjobs', 'cronjob', 'cj', 'serviceaccounts',
  'serviceaccount', 'sa', 'persistentvolumes', 'pv', 'persistentvolumeclaims', 'pvc', 'servicecidrs', 'ipaddresses',
  'leases', 'lease', 'replicationcontrollers', 'rc', 'horizontalpodautoscalers', 'hpa', 'gateways', 'httproutes',
  'customresourcedefinitions', 'crd', 'crds', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings',
];

const BY_NAME: ReadonlyMap<string, ResourceType> = (() => {
  const m = new Map<string, ResourceType>();
  for (const info of Object.values(RESOURCES)) {
    const names = [info.resource, info.singular, ...info.shortNames, info.kind.toLowerCase()];
    for (const n of names) {
      m.set(n, info.resource);
      // TYPE.GROUP and TYPE.VERSION.GROUP forms ("endpointslices.discovery.k8s.io", "pods.v1").
      if (info.group) {
        m.set(`${n}.${info.group}`, info.resource);
        m.set(`${n}.${info.version}.${info.group}`, info.resource);
      } else {
        m.set(`${n}.${info.version}`, info.resource);
      }
    }
  }
  return m;
})();

export type ResolvedType = { ok: true; type: ResourceType } | { ok: false; unmodelled: boolean };

/** kubectl lower-cases the type word before the RESTMapper looks it up. */
export function resolveResourceType(word: string): ResolvedType {
  const w = word.toLowerCase();
  const t = BY_NAME.get(w);
  if (t) return { ok: true, type: t };
  return { ok: false, unmodelled: UNMODELLED.includes(w.split('.')[0]!) };
}

/** GroupResource.String(): "pods", "endpointslices.discovery.k8s.io" (the NotFound error's wording). */
export function qualifiedResource(t: ResourceType): string {
  const i = RESOURCES[t];
  return i.group ? `${i.resource}.${i.group}` : i.resource;
}

/** strings.ToLower(GroupKind.String()): "pod", "endpointslice.discovery.k8s.io" (`-o name`, multi-type NAME). */
export function kindPrefix(t: ResourceType): string {
  const i = RESOURCES[t];
  return (i.group ? `${i.kind}.${i.group}` : i.kind).toLowerCase();
}

/** The apiVersion field of the type's objects: "v1", "discovery.k8s.io/v1". */
export function apiVersionOf(t: ResourceType): string {
  const i = RESOURCES[t];
  return i.group ? `${i.group}/${i.version}` : i.version;
}

/** Names of the modelled types, for messages. */
export function modelledTypeNames(): string {
  return Object.keys(RESOURCES).join(', ');
}
