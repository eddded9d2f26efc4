/**
 * Saves and restores the state that packets change (conntrack entries, xt_recent lists, neighbour entries,
 * bridge FDBs), so explore mode can follow every branch of a probabilistic rule from the same starting point
 * without leaving traces of the branches in the World.
 */
import type { CtEntry } from '../conntrack/conntrack';
import type { FdbEntry } from '../link/devices';
import type { NeighEntry } from '../neigh/neigh';
import type { RecentTable } from '../netfilter';
import type { World } from './world';

interface NsState {
  conntrack: CtEntry[];
  neigh: NeighEntry[];
  recent: Map<string, RecentTable>;
  fdb: Map<string, Map<string, FdbEntry>>;
  ipvs: ReturnType<import('../ipvs/ipvs').IpvsTable['snapshot']>;
}

export type WorldState = Map<string, NsState>;

function cloneRecent(m: Map<string, RecentTable>): Map<string, RecentTable> {
  const out = new Map<string, RecentTable>();
  for (const [name, t] of m) {
    const entries = new Map();
    for (const [addr, e] of t.entries) entries.set(addr, { ...e, stamps: [...e.stamps] });
    out.set(name, { ...t, entries });
  }
  return out;
}

export function saveState(world: World): WorldState {
  const state: WorldState = new Map();
  for (const [name, ns] of world.namespaces) {
    const fdb = new Map<string, Map<string, FdbEntry>>();
    for (const d of ns.devices.values()) {
      if (d.kind === 'bridge') fdb.set(d.name, new Map([...d.fdb].map(([k, v]) => [k, { ...v }])));
    }
    state.set(name, { conntrack: ns.conntrack.snapshot(), neigh: ns.neigh.snapshot(), recent: cloneRecent(ns.nf.recent), fdb, ipvs: ns.ipvs.snapshot() });
  }
  return state;
}

export function restoreState(world: World, state: WorldState): void {
  // Namespaces built during a branch (large clusters build nodes on first use) start with no connections.
  for (const [name, ns] of world.namespaces) if (!state.has(name)) ns.conntrack.flush();
  for (const [name, s] of state) {
    const ns = world.namespaces.get(name);
    if (!ns) continue;
    ns.conntrack.restore(s.conntrack);
    ns.neigh.restore(s.neigh);
    ns.nf.recent = cloneRecent(s.recent);
    ns.ipvs.restore(s.ipvs);
    for (const [br, entries] of s.fdb) {
      const d = ns.devices.get(br);
      if (d?.kind === 'bridge') d.fdb = new Map([...entries].map(([k, v]) => [k, { ...v }]));
    }
  }
}
