/**
 * The xt_recent match and its per-namespace lists (net/netfilter/xt_recent.c recent_mt): each --name is
 * a list of addresses, each address remembers its last time stamps. kube-proxy uses it for
 * sessionAffinity: ClientIP (`--set` in the endpoint chain, `--rcheck --seconds 10800 --reap` in the
 * service chain).
 *
 * Semantics kept from recent_mt: the result starts as the `!` flag and is flipped by a hit; --set adds or
 * refreshes the address and always hits; --rcheck/--update hit when a stamp is younger than --seconds
 * (and at least --hitcount stamps are); --update refreshes the entry when the final result is true;
 * --remove deletes and hits; --reap drops the oldest entry of the list when it has expired; a full list
 * (ip_list_tot = 200) evicts its least recently updated entry. Time comes from the injected clock (ms).
 *
 * Not modelled: --rttl, the /proc/net/xt_recent control file, the ring size growing with --hitcount in
 * newer kernels (we keep ip_pkt_list_tot = 20 stamps).
 */
import { RECENT_PKT_LIST_TOT } from './match-parse';
import type { Netfilter, NfPacket, RecentEntry, RecentMatch, RecentTable } from './types';

/** Module parameter ip_list_tot: addresses per list. */
export const RECENT_LIST_TOT = 200;

function tableFor(nf: Netfilter, name: string): RecentTable {
  let t = nf.recent.get(name);
  if (!t) {
    t = { name, entries: new Map() };
    nf.recent.set(name, t);
  }
  return t;
}

/** recent_entry_update: write a stamp into the ring and move the entry to the LRU tail. */
function touch(t: RecentTable, e: RecentEntry, now: number): void {
  e.index %= RECENT_PKT_LIST_TOT;
  if (e.index === e.stamps.length) e.stamps.push(now);
  else e.stamps[e.index] = now;
  e.index++;
  t.entries.delete(e.addr);
  t.entries.set(e.addr, e);
}

/** recent_entry_reap: the oldest entry goes if its newest stamp is before `time` (never the one in use). */
function reap(t: RecentTable, time: number, working: RecentEntry): void {
  const oldest = t.entries.values().next().value as RecentEntry | undefined;
  if (!oldest || oldest === working) return;
  const newest = oldest.stamps[oldest.index - 1]!;
  if (time > newest) t.entries.delete(oldest.addr);
}

export function recentMatch(nf: Netfilter, m: RecentMatch, p: NfPacket, now: number): boolean {
  const addr = ((m.side === 'dest' ? p.dst : p.src) & m.mask) >>> 0;
  const t = tableFor(nf, m.name);
  let ret = m.invert;
  const e = t.entries.get(addr);
  if (!e) {
    if (m.op !== 'set') return ret;
    if (t.entries.size >= RECENT_LIST_TOT) {
      const oldest = t.entries.keys().next().value as number;
      t.entries.delete(oldest);
    }
    t.entries.set(addr, { addr, stamps: [now], index: 1 });
    return !ret;
  }
  switch (m.op) {
    case 'set':
      ret = !ret;
      break;
    case 'remove':
      t.entries.delete(addr);
      return !ret;
    case 'rcheck':
    case 'update': {
      const time = now - m.seconds * 1000;
      let hits = 0;
      for (const stamp of e.stamps) {
        // time_after(time, stamp): a stamp older than the window does not count.
        if (m.seconds && time > stamp) continue;
        if (!m.hitcount || ++hits >= m.hitcount) {
          ret = !ret;
          break;
        }
      }
      if (m.reap) reap(t, time, e);
      break;
    }
  }
  if (m.op === 'set' || (m.op === 'update' && ret)) touch(t, e, now);
  return ret;
}

/** The addresses of a list with their newest stamp, oldest entry first (like /proc/net/xt_recent/NAME). */
export function recentEntries(nf: Netfilter, name: string): { addr: number; lastSeen: number; hits: number }[] {
  const t = nf.recent.get(name);
  if (!t) return [];
  return [...t.entries.values()].map((e) => ({ addr: e.addr, lastSeen: e.stamps[e.index - 1]!, hits: e.stamps.length }));
}
