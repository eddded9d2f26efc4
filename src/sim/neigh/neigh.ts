/**
 * The neighbour (ARP) table of a namespace, as `ip neigh` shows it (net/core/neighbour.c states).
 *
 * Resolution itself is done by the datapath, which knows the links: it asks the L2 domain behind the
 * output device who owns the address (arp_ignore=0: any local address on any interface answers).
 *
 * Not modelled: ARP frames on the wire, gratuitous ARP, proxy ARP, neighbour timers beyond a fixed
 * reachable time, unicast probes, IPv6 neighbour discovery.
 */
import type { Ipv4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';

export type NeighState = 'PERMANENT' | 'REACHABLE' | 'STALE' | 'FAILED';

export interface NeighEntry {
  readonly ip: Ipv4;
  readonly dev: string;
  readonly mac?: Mac;
  state: NeighState;
  updated: number;
}

/** base_reachable_time default 30 s (net.ipv4.neigh.default.base_reachable_time_ms). */
export const REACHABLE_MS = 30_000;

export class NeighTable {
  private readonly entries = new Map<string, NeighEntry>();

  private key(ip: Ipv4, dev: string) {
    return `${dev}|${ip}`;
  }

  get(ip: Ipv4, dev: string): NeighEntry | undefined {
    return this.entries.get(this.key(ip, dev));
  }

  set(entry: NeighEntry): void {
    this.entries.set(this.key(entry.ip, entry.dev), entry);
  }

  delete(ip: Ipv4, dev: string): boolean {
    return this.entries.delete(this.key(ip, dev));
  }

  deleteDevice(dev: string): void {
    for (const [k, e] of this.entries) if (e.dev === dev) this.entries.delete(k);
  }

  /** Current state of an entry given the time (REACHABLE decays to STALE). */
  stateAt(e: NeighEntry, now: number): NeighState {
    if (e.state === 'REACHABLE' && now - e.updated > REACHABLE_MS) return 'STALE';
    return e.state;
  }

  snapshot(): NeighEntry[] {
    return this.list().map((e) => ({ ...e }));
  }

  restore(saved: readonly NeighEntry[]): void {
    this.entries.clear();
    for (const e of saved) this.set({ ...e });
  }

  list(): NeighEntry[] {
    return [...this.entries.values()];
  }
}
