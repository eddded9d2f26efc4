/**
 * Renderers that print what the real tools print for a namespace of the World: `ip address|link|route|neigh`,
 * `ip route get`, `bridge fdb show`, `conntrack -L`, `sysctl`. Pure functions of (world, namespace[, options]);
 * they read the clock but change nothing.
 *
 * Not modelled: see each module.
 */
export { ipAddressShow, ipLinkShow } from './ip-link';
export { ipRouteShow, ipRouteGet, routeLine, type TableSelector, type RouteGetOptions, type CommandResult } from './ip-route';
export { ipNeighShow } from './ip-neigh';
export { bridgeFdbShow, type FdbShowOptions } from './bridge-fdb';
export { conntrackList, conntrackLine, CONNTRACK_VERSION } from './conntrack';
export { sysctlShow } from './sysctl';
export { hasCarrier, operState, linkFlags, type OperState } from './link-state';
export { ssShow, parseSs, LISTEN_BACKLOG, type SsOptions, type SsParse } from './ss';
