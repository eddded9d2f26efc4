/**
 * The simulator's public API. Components, the lab runtime and the CLI import from here, never from the modules
 * inside (ARCHITECTURE.md "one door").
 */
export { SimError, type SimErrorCode } from './core/errors';
export { seededRng, manualClock, type Rng, type Clock } from './core/rng';
export * from './addr';
export { createWorld, World, type WorldOptions } from './world/world';
export { Netns, type NetnsRole, type RouteSpec } from './netns/netns';
export type { Sysctls, SysctlName } from './netns/sysctl';
export { probe, type ProbeSpec, type ProbeOptions } from './datapath/probe';
export { explore } from './datapath/explore';
export { fibLookup, routeText } from './datapath/route';
export { renderText } from './trace/render-text';
export { explain, type Lang } from './trace/explain';
export { DROP_REASONS, type DropReason, type Trace, type PacketTrace, type Hop, type Step, type Verdict, type Exploration } from './trace/types';
export * as netfilter from './netfilter';
export * as render from './render';
export { BridgeCni, type BridgeConfig } from './cni/bridge';
export { flannelBackend, flannelIptables, installFlannelIptables, type FlannelBackend, type FlannelNode } from './cni/flannel';
