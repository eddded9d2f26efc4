/**
 * Routing tables and longest-prefix-match lookup, modelled on fib_table_lookup() in net/ipv4/fib_trie.c.
 *
 * A table keeps one hash map per prefix length; a lookup probes the lengths present from longest to
 * shortest, so it costs at most 33 map probes whatever the table size (a trie would give the same answer;
 * `fibLookupLinear` is the reference the tests compare against). Among routes to the same prefix the lowest
 * metric wins, as in the kernel (fib_table_insert keeps aliases ordered by priority).
 *
 * Not modelled: policy routing rules other than the default `local`, `main` and `default` lookups;
 * multipath (ECMP) nexthops; nexthop objects; TOS; route caching and PMTU exceptions; IPv6 routes.
 */
import { fail } from '../core/errors';
import { formatCidr, formatIpv4, maskOf, type Cidr4, type Ipv4 } from '../addr/ipv4';

/** Route types of rtnetlink (include/uapi/linux/rtnetlink.h RTN_*), the ones the simulator acts on. */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

/** rtm_scope; 'global' is RT_SCOPE_UNIVERSE. */
export type RouteScope = 'global' | 'link' | 'host';

export type RouteProto = 'kernel' | 'boot' | 'static' | 'dhcp' | 'bird';

export const TABLE_LOCAL = 255;
export const TABLE_MAIN = 254;
export const TABLE_DEFAULT = 253;

export interface Route {
  readonly dst: Cidr4;
  readonly type: RouteType;
  readonly table: number;
  /** Output device name (absent for blackhole/unreachable/prohibit). */
  readonly dev?: string;
  /** Gateway. */
  readonly via?: Ipv4;
  /** Preferred source address. */
  readonly src?: Ipv4;
  readonly scope: RouteScope;
  readonly proto: RouteProto;
  readonly metric: number;
  /** Gateway is on-link even though no connected route covers it (flannel's vxlan routes). */
  readonly onlink: boolean;
}

export type FibResult =
  | { readonly kind: 'hit'; readonly route: Route }
  | { readonly kind: 'miss' };

/**
 * Key of a prefix inside its per-length map: the network bits only. Shifting keeps the key below 2^len, so for
 * the common lengths it stays a small integer that V8 hashes fast (a full 32-bit address is a heap number).
 */
function prefixKey(addr: number, len: number): number {
  return len === 0 ? 0 : addr >>> (32 - len);
}

const MISS: FibResult = { kind: 'miss' };

export class FibTable {
  readonly id: number;
  private readonly byLen: Map<number, Route[]>[] = [];
  /** Prefix lengths that have at least one route, longest first. */
  private lens: number[] = [];
  private count = 0;

  constructor(id: number) {
    this.id = id;
  }

  get size(): number {
    return this.count;
  }

  /** Adds a route. Same prefix, type-independent metric and table already present: EEXIST as `ip route add` says. */
  add(route: Route): void {
    let m = this.byLen[route.dst.len];
    if (!m) {
      m = new Map();
      this.byLen[route.dst.len] = m;
      this.lens = [...this.lens, route.dst.len].sort((a, b) => b - a);
    }
    const key = prefixKey(route.dst.addr, route.dst.len);
    const list = m.get(key) ?? [];
    if (list.some((r) => r.metric === route.metric && r.type === route.type && (route.type !== 'local' || r.dev === route.dev))) {
      fail('EXISTS', `route ${describeRoute(route)} already exists in table ${tableName(this.id)}: delete it first or use a different metric (RTNETLINK answers: File exists)`);
    }
    const next = [...list, route].sort((a, b) => a.metric - b.metric);
    m.set(key, next);
    this.count++;
  }

  /** Removes the routes matching `pred` for a prefix; returns how many were removed. */
  remove(dst: Cidr4, pred: (r: Route) => boolean = () => true): number {
    const m = this.byLen[dst.len];
    const key = prefixKey(dst.addr, dst.len);
    const list = m?.get(key);
    if (!m || !list) return 0;
    const keep = list.filter((r) => !pred(r));
    const removed = list.length - keep.length;
    if (keep.length) m.set(key, keep);
    else m.delete(key);
    if (m.size === 0) {
      delete this.byLen[dst.len];
      this.lens = this.lens.filter((l) => l !== dst.len);
    }
    this.count -= removed;
    return removed;
  }

  /** Removes every route for which `pred` holds (used when an address or device goes away). */
  removeWhere(pred: (r: Route) => boolean): number {
    let n = 0;
    for (const r of this.routes()) if (pred(r)) n += this.remove(r.dst, (x) => x === r);
    return n;
  }

  /** Longest-prefix match (fib_table_lookup). */
  lookup(dst: Ipv4, usable?: (r: Route) => boolean): FibResult {
    const lens = this.lens;
    for (let i = 0; i < lens.length; i++) {
      const len = lens[i]!;
      const list = this.byLen[len]!.get(len === 0 ? 0 : dst >>> (32 - len));
      if (!list) continue;
      for (const route of list) if (!usable || usable(route)) return { kind: 'hit', route };
    }
    return MISS;
  }

  /** All routes, longest prefix first, then by address and metric. */
  routes(): Route[] {
    const out: Route[] = [];
    for (const len of this.lens) {
      const m = this.byLen[len]!;
      const keys = [...m.keys()].sort((a, b) => a - b); // keys are prefixes shifted right: same order as addresses
      for (const k of keys) out.push(...m.get(k)!);
    }
    return out;
  }
}

/** Reference implementation: scan every route, keep the longest match. Used by tests only. */
export function fibLookupLinear(routes: readonly Route[], dst: Ipv4): FibResult {
  let best: Route | undefined;
  for (const r of routes) {
    if (((dst & maskOf(r.dst.len)) >>> 0) !== r.dst.addr) continue;
    if (!best || r.dst.len > best.dst.len || (r.dst.len === best.dst.len && r.metric < best.metric)) best = r;
  }
  return best ? { kind: 'hit', route: best } : { kind: 'miss' };
}

export function tableName(id: number): string {
  if (id === TABLE_LOCAL) return 'local';
  if (id === TABLE_MAIN) return 'main';
  if (id === TABLE_DEFAULT) return 'default';
  return String(id);
}

export function describeRoute(r: Route): string {
  const dst = r.dst.len === 0 ? 'default' : r.dst.len === 32 ? formatIpv4(r.dst.addr) : formatCidr(r.dst);
  const parts = [r.type === 'unicast' ? '' : r.type, dst];
  if (r.via !== undefined) parts.push('via', formatIpv4(r.via));
  if (r.dev) parts.push('dev', r.dev);
  return parts.filter(Boolean).join(' ');
}
