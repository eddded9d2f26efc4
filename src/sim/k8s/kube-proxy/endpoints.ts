/**
 * From EndpointSlices to the endpoints kube-proxy uses for each service port, and which of them serve
 * Cluster and Local traffic policy.
 *
 * Grouping (pkg/proxy/endpointslicecache.go): a slice belongs to the Service named by its
 * `kubernetes.io/service-name` label in its namespace; each slice port (name, protocol) selects the service
 * port with the same name and protocol; an endpoint is `addresses[0]:port`, deduplicated across slices
 * (a local copy wins), local when `nodeName` equals the proxier's node name, and the list is sorted by the
 * string "ip:port" (`byEndpoint`), so 10.244.1.10 < 10.244.1.11 < 10.244.1.9.
 * Conditions: ready = `ready` absent or true; serving = `serving` absent or true; terminating = `terminating`
 * true.
 *
 * Selection (pkg/proxy/topology.go `CategorizeEndpoints`): Cluster policy uses ready endpoints, falling back
 * to serving+terminating ones when none is ready; Local policy does the same among local endpoints only.
 *
 * Not modelled: topology-aware routing (zone/node hints), FQDN slices (ignored, as kube-proxy does), the
 * IPv6 proxier.
 */
import { fail } from '../../core/errors';
import { tryParseIpv4, tryParseIpv6 } from '../../addr';
import { endpointString } from './chain-names';
import { serviceKey, usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from './service-port';
import type { Protocol, V1EndpointSlice } from './types';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** "ip:port" — also the sort key and the text after "->" in rule comments. */
  readonly endpoint: string;
  readonly isLocal: boolean;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

export interface CategorizedEndpoints {
  /** Endpoints for "Cluster" traffic policy (empty if the port never uses it). */
  clusterEndpoints: EndpointInfo[];
  /** Endpoints for "Local" traffic policy (empty if the port never uses it). */
  localEndpoints: EndpointInfo[];
  /** Union of the two: the endpoints that get a KUBE-SEP chain on this node. */
  allReachableEndpoints: EndpointInfo[];
  /** Whether any usable endpoint exists anywhere in the cluster. */
  hasAnyEndpoints: boolean;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

function sliceDisplayName(s: V1EndpointSlice): string {
  return `EndpointSlice ${s.metadata?.namespace || 'default'}/${s.metadata?.name ?? '<no name>'}`;
}

/** API-server-style validation of the fields kube-proxy reads; throws BAD_MANIFEST naming the slice. */
export function validateEndpointSlice(slice: V1EndpointSlice): void {
  const who = sliceDisplayName(slice);
  const bad = (msg: string): never => fail('BAD_MANIFEST', `${who}: ${msg}`);
  if (!slice.metadata) bad('metadata is missing');
  const type = slice.addressType;
  if (type !== undefined && type !== 'IPv4' && type !== 'IPv6' && type !== 'FQDN') {
    bad(`addressType "${type}" must be IPv4, IPv6 or FQDN`);
  }
  (slice.ports ?? []).forEach((p, i) => {
    if (p.port !== undefined && p.port !== null && !(Number.isInteger(p.port) && p.port >= 0 && p.port <= 65535)) {
      bad(`ports[${i}].port ${JSON.stringify(p.port)} must be a whole number 1-65535`);
    }
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) bad(`ports[${i}].protocol "${p.protocol}" must be TCP, UDP or SCTP`);
  });
  if (type === 'FQDN') return;
  (slice.endpoints ?? []).forEach((ep, i) => {
    if (!Array.isArray(ep.addresses)) bad(`endpoints[${i}].addresses must be a list of IP addresses`);
    for (const a of ep.addresses) {
      const v4 = tryParseIpv4(a) !== undefined;
      const v6 = tryParseIpv6(a) !== undefined;
      if (!v4 && !v6) bad(`endpoints[${i}] address "${a}" is not an IP address`);
      if ((type === 'IPv4' && !v4) || (type === 'IPv6' && !v6)) bad(`endpoints[${i}] address "${a}" does not match addressType ${type}`);
    }
  });
}

/**
 * `EndpointsMap` of the IPv4 proxier: service-port key (see `serviceKey`) → endpoints sorted by "ip:port".
 * Call `validateEndpointSlice` first.
 */
export function buildEndpointsMap(slices: readonly V1EndpointSlice[], nodeName: string): Map<string, EndpointInfo[]> {
  const byKey = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    // endpointSliceCacheKeys: a slice without the service-name label is not kube-proxy's business.
    const svcName = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svcName) continue;
    // EndpointSliceUpdate: only IP address types are supported; the IPv4 proxier takes IPv4 addresses.
    if (slice.addressType === 'FQDN' || slice.addressType === 'IPv6') continue;
    const namespace = slice.metadata.namespace || 'default';
    for (const port of slice.ports ?? []) {
      // SetDefaults_EndpointPort: name "" and protocol TCP. A missing or zero port is ignored.
      if (port.port === undefined || port.port === null || port.port === 0) continue;
      const key = serviceKey(namespace, svcName, port.name ?? '', port.protocol ?? 'TCP');
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Map()));
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        // addEndpoints: empty addresses are skipped; so is the other IP family.
        if (ip === undefined || tryParseIpv4(ip) === undefined) continue;
        const isLocal = nodeName.length > 0 && ep.nodeName === nodeName;
        const c = ep.conditions ?? {};
        const info: EndpointInfo = {
          ip,
          port: port.port,
          endpoint: endpointString(ip, port.port),
          isLocal,
          ready: c.ready === undefined || c.ready === null || c.ready === true,
          serving: c.serving === undefined || c.serving === null || c.serving === true,
          terminating: c.terminating === true,
        };
        // Deduplicate overlapping slices; "if it does [vary], we favor a true value" for isLocal.
        if (!set.has(info.endpoint) || isLocal) set.set(info.endpoint, info);
      }
    }
  }
  const out = new Map<string, EndpointInfo[]>();
  for (const [key, set] of byKey) {
    if (set.size === 0) continue;
    out.set(key, [...set.values()].sort(byEndpoint));
  }
  return out;
}

function byEndpoint(a: EndpointInfo, b: EndpointInfo): number {
  return a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0;
}

/** `CategorizeEndpoints` without topology hints. */
export function categorizeEndpoints(endpoints: readonly EndpointInfo[], sp: ServicePortInfo): CategorizedEndpoints {
  const result: CategorizedEndpoints = { clusterEndpoints: [], localEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: false };
  if (endpoints.length === 0) return result;

  const useCluster = usesClusterEndpoints(sp);
  const useLocal = usesLocalEndpoints(sp);
  if (useCluster) {
    result.clusterEndpoints = endpoints.filter((ep) => ep.ready);
    // No ready endpoint anywhere: fall back to serving-and-terminating ones.
    if (result.clusterEndpoints.length === 0) result.clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (result.clusterEndpoints.length > 0) result.hasAnyEndpoints = true;
  }
  if (!useLocal) {
    result.allReachableEndpoints = result.clusterEndpoints;
    return result;
  }

  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      result.hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalReady = true;
    } else if (ep.serving && ep.terminating) {
      result.hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalServingTerminating = true;
    }
  }
  let useServingTerminating = false;
  if (hasLocalReady) {
    result.localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.ready);
  } else if (hasLocalServingTerminating) {
    useServingTerminating = true;
    result.localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }

  if (!useCluster) {
    result.allReachableEndpoints = result.localEndpoints;
    return result;
  }
  if (!useServingTerminating) {
    // localEndpoints are all ready, so clusterEndpoints (every ready endpoint) already contains them.
    result.allReachableEndpoints = result.clusterEndpoints;
    return result;
  }
  // Union by "ip:port" (upstream builds it from a map, in random order; sorted here for determinism).
  const union = new Map<string, EndpointInfo>();
  for (const ep of result.clusterEndpoints) union.set(ep.endpoint, ep);
  for (const ep of result.localEndpoints) union.set(ep.endpoint, ep);
  result.allReachableEndpoints = [...union.values()].sort(byEndpoint);
  return result;
}
