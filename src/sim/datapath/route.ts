/**
 * Route lookups for the datapath: the default policy (table local, then main, then default, as the rules
 * `0: from all lookup local`, `32766: from all lookup main`, `32767: from all lookup default` do), source
 * address selection (inet_select_addr) and the trace view of a route.
 */
import { formatCidr, formatIpv4, networkOf, type Ipv4 } from '../addr/ipv4';
import type { Netns } from '../netns/netns';
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, tableName, type Route } from '../route/fib';
import type { RouteView } from '../trace/types';

/** fib_lookup with the default rules; routes through a device that is down are skipped (dead nexthop). */
const ALL_TABLES = [TABLE_LOCAL, TABLE_MAIN, TABLE_DEFAULT];
const NON_LOCAL = [TABLE_MAIN, TABLE_DEFAULT];

export function fibLookup(ns: Netns, dst: Ipv4, opts?: { skipLocal?: boolean }): Route | undefined {
  // fib_sync_down_dev marks nexthops through a down device dead, but never local routes.
  const usable = ns.usableRoute;
  for (const id of opts?.skipLocal ? NON_LOCAL : ALL_TABLES) {
    const t = ns.tables.get(id);
    if (!t || t.size === 0) continue;
    const r = t.lookup(dst, usable);
    if (r.kind === 'hit') {
      if (r.route.type === 'throw') continue;
      return r.route;
    }
  }
  // 127.0.0.0/8 is local once lo is up, like the kernel's `local 127.0.0.0/8 dev lo` route.
  return undefined;
}

/**
 * Preferred source for a route (fib_result_prefsrc / inet_select_addr): the route's `src`, else an address of the
 * output device in the same subnet as the next hop, else the device's primary address, else any global address.
 */
export function selectSource(ns: Netns, route: Route, dst: Ipv4): Ipv4 | undefined {
  if (route.type === 'local') return route.src ?? dst;
  if (route.src !== undefined) return route.src;
  const nh = route.via ?? dst;
  const dev = route.dev ? ns.devices.get(route.dev) : undefined;
  if (dev) {
    const same = dev.addrs.find((a) => a.scope !== 'host' && networkOf(a.ip, a.len) === networkOf(nh, a.len));
    if (same) return same.ip;
    const primary = dev.addrs.find((a) => !a.secondary && a.scope === 'global');
    if (primary) return primary.ip;
  }
  for (const d of ns.devices.values()) {
    const a = d.addrs.find((x) => x.scope === 'global');
    if (a) return a.ip;
  }
  return undefined;
}

/** A route as `ip route show table T` prints it (iproute.c print_route field order). */
export function routeText(r: Route): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.dst.len === 0 ? 'default' : r.dst.len === 32 ? formatIpv4(r.dst.addr) : formatCidr(r.dst));
  if (r.via !== undefined) parts.push('via', formatIpv4(r.via));
  if (r.dev) parts.push('dev', r.dev);
  if (r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src !== undefined) parts.push('src', formatIpv4(r.src));
  if (r.metric) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}

/** Routes are immutable objects, so their trace view is computed once. */
const views = new WeakMap<Route, RouteView>();

export function routeView(r: Route): RouteView {
  let v = views.get(r);
  if (!v) {
    v = makeRouteView(r);
    views.set(r, v);
  }
  return v;
}

function makeRouteView(r: Route): RouteView {
  return {
    table: tableName(r.table),
    text: r.table === TABLE_MAIN ? routeText(r) : `${routeText(r)} table ${tableName(r.table)}`,
    type: r.type,
    dst: formatCidr(r.dst),
    ...(r.dev ? { dev: r.dev } : {}),
    ...(r.via !== undefined ? { via: formatIpv4(r.via) } : {}),
    ...(r.src !== undefined ? { src: formatIpv4(r.src) } : {}),
  };
}
