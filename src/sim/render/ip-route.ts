/**
 * `ip route show [table T]` and `ip route get ADDR [from ADDR [iif DEV]] [mark N]`, as iproute2 prints them
 * (ip/iproute.c print_route, print_cache_flags) for what the kernel answers (net/ipv4/fib_trie.c dump order,
 * net/ipv4/route.c inet_rtm_getroute → ip_route_output_key_hash_rcu / ip_route_input_slow, rt_fill_info).
 *
 * print_route writes every field as "%s ", so each route line ends in a blank:
 *   [type ]DST [from SRC ][via GW ]dev D [proto P ][scope S ][src PREF ][metric M ][onlink ][linkdown ][mark X ][uid U ]
 * `type` is omitted for unicast, `proto boot` and `scope global` are omitted, `table` is not printed when a table
 * was asked for. A cloned route (ip route get) has no proto/scope and a second line "    cache [<flags> ][iif D ]".
 *
 * `ip route get` errors are the kernel's errno as iproute2 reports them ("RTNETLINK answers: <strerror>"):
 *   output route  no route ENETUNREACH, `unreachable` EHOSTUNREACH, `prohibit` EACCES, `blackhole` EINVAL;
 *                 `from` an address that is not local ENETUNREACH, a multicast/broadcast/0.x `from` EINVAL.
 *   input route   (iif): a 0.x, multicast or broadcast source EINVAL (so `iif` without `from` is EINVAL), a 0.x
 *                 destination EINVAL, 127/8 without route_localnet EINVAL; no route → EHOSTUNREACH when the
 *                 namespace does not forward, else the lookup's error; a route to forward while ip_forward=0 →
 *                 EHOSTUNREACH (not EXDEV); reverse-path failure (rp_filter=1, or 2 with no route back) → EXDEV
 *                 "Invalid cross-device link"; a source that is one of our own addresses → EINVAL.
 * `<redirect>` (RTCF_DOREDIRECT) is set when the packet would leave through the device it came in on and the
 * source is directly reachable there (__mkroute_input with send_redirects and shared_media at their default 1).
 *
 * Not modelled: policy rules other than local/main/default, `table all`, IPv6, multipath, route caching flags
 * beyond local/mc/brd/redirect, expires/PMTU, per-device sysctls (the namespace-wide value stands for all),
 * bc_forwarding, multicast routing (an input route to a group address is reported as EINVAL; output membership
 * is only 224.0.0.1 and a bridge's 224.0.0.106), accept_local, custom local routes.
 * The lookups use the datapath's fibLookup, so `ip route get` predicts what the packet walker does.
 */
import { fail } from '../core/errors';
import { formatCidr, formatIpv4, isLoopback, isMulticast, networkOf, tryParseIpv4, type Ipv4 } from '../addr/ipv4';
import type { Netns } from '../netns/netns';
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, type Route, type RouteType } from '../route/fib';
import { fibLookup, selectSource } from '../datapath/route';
import type { World } from '../world/world';
import { hasCarrier } from './link-state';

export type TableSelector = 'local' | 'main' | 'default' | number;

export interface RouteGetOptions {
  /** `from ADDR`. */
  from?: string;
  /** `iif DEV`: ask for the input route of a packet received on DEV. */
  iif?: string;
  /** `mark N` (fwmark); only printed, as no rule here matches on marks. */
  mark?: number;
  /** The caller's uid, printed as `uid N` on output routes (default 0, root). */
  uid?: number;
}

/** Result of a command that can fail: `text` is stdout when ok, stderr otherwise. */
export interface CommandResult {
  ok: boolean;
  text: string;
}

const BROADCAST_ALL = 0xffffffff;
/** 224.0.0.1 (IGMP_ALL_HOSTS) and 224.0.0.106 (all-snoopers, joined by bridges). */
const ALL_HOSTS = 0xe0000001;
const ALL_SNOOPERS = 0xe000006a;

function tableId(t: TableSelector): number {
  if (t === 'local') return TABLE_LOCAL;
  if (t === 'main') return TABLE_MAIN;
  if (t === 'default') return TABLE_DEFAULT;
  if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) {
    fail('BAD_USAGE', `Error: argument "${t}" is wrong: table id value is invalid`);
  }
  return t;
}

function dstText(r: Route): string {
  if (r.dst.len === 0) return 'default';
  return r.dst.len === 32 ? formatIpv4(r.dst.addr) : formatCidr(r.dst);
}

/** Whether the kernel would flag the nexthop RTNH_F_LINKDOWN: its device has no carrier (fib_check_nh_nongw). */
function linkDown(world: World, ns: Netns, r: Route): boolean {
  // Local routes have nexthop scope RT_SCOPE_NOWHERE and are never marked (fib_sync_down_dev skips them).
  if (r.dev === undefined || r.type === 'local') return false;
  const dev = ns.devices.get(r.dev);
  return !dev || !dev.up || !hasCarrier(world, ns, dev);
}

/** One route as print_route formats a table entry (not cloned). */
export function routeLine(world: World, ns: Netns, r: Route): string {
  let s = '';
  if (r.type !== 'unicast') s += `${r.type} `;
  s += `${dstText(r)} `;
  if (r.via !== undefined) s += `via ${formatIpv4(r.via)} `;
  if (r.dev !== undefined) s += `dev ${r.dev} `;
  if (r.proto !== 'boot') s += `proto ${r.proto} `;
  if (r.scope !== 'global') s += `scope ${r.scope} `;
  if (r.src !== undefined) s += `src ${formatIpv4(r.src)} `;
  // RTA_PRIORITY is only sent when non-zero (fib_dump_info).
  if (r.metric) s += `metric ${r.metric} `;
  if (r.onlink) s += 'onlink ';
  if (linkDown(world, ns, r)) s += 'linkdown ';
  return `${s}\n`;
}

/**
 * Dump order of fib_trie: by key (the network address) ascending; at one key, longer prefixes first
 * (fib_insert_alias keeps a leaf's aliases by ascending suffix length), then by metric.
 */
function dumpOrder(routes: readonly Route[]): Route[] {
  return [...routes].sort((a, b) => a.dst.addr - b.dst.addr || b.dst.len - a.dst.len || a.metric - b.metric);
}

/** `ip route show [table T]` (default: table main). An unknown or empty table prints nothing. */
export function ipRouteShow(world: World, nsName: string, opts: { table?: TableSelector } = {}): string {
  const ns = world.netns(nsName);
  const t = ns.tables.get(tableId(opts.table ?? 'main'));
  if (!t) return '';
  return dumpOrder(t.routes()).map((r) => routeLine(world, ns, r)).join('');
}

// ---------------------------------------------------------------------------------------------- ip route get

type Errno = 'ENETUNREACH' | 'EHOSTUNREACH' | 'EINVAL' | 'EACCES' | 'EXDEV';

const STRERROR: Record<Errno, string> = {
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EINVAL: 'Invalid argument',
  EACCES: 'Permission denied',
  EXDEV: 'Invalid cross-device link',
};

function rtnlError(e: Errno): CommandResult {
  return { ok: false, text: `RTNETLINK answers: ${STRERROR[e]}\n` };
}

/** fib_props[type].error: what a lookup that ends on a reject route returns. */
function typeError(t: RouteType): Errno | undefined {
  switch (t) {
    case 'unreachable':
      return 'EHOSTUNREACH';
    case 'prohibit':
      return 'EACCES';
    case 'blackhole':
      return 'EINVAL';
    case 'unicast':
    case 'local':
    case 'broadcast':
    case 'throw':
      return undefined;
  }
}

/** ipv4_is_zeronet: 0.0.0.0/8. */
function isZeronet(ip: Ipv4): boolean {
  return ip >>> 24 === 0;
}

interface Cloned {
  type: 'unicast' | 'local' | 'broadcast' | 'multicast';
  dst: Ipv4;
  from?: Ipv4;
  via?: Ipv4;
  dev: string;
  prefsrc?: Ipv4;
  mark?: number;
  uid?: number;
  /** RTCF_* flags, in print_cache_flags order: local, mc, brd, redirect. */
  flags: ('local' | 'mc' | 'brd' | 'redirect')[];
  iif?: string;
}

/** rt_fill_info + print_route for a cloned route. */
function clonedText(c: Cloned): string {
  let s = c.type === 'unicast' ? '' : `${c.type} `;
  s += `${formatIpv4(c.dst)} `;
  if (c.from !== undefined) s += `from ${formatIpv4(c.from)} `;
  if (c.via !== undefined) s += `via ${formatIpv4(c.via)} `;
  s += `dev ${c.dev} `;
  if (c.prefsrc !== undefined) s += `src ${formatIpv4(c.prefsrc)} `;
  if (c.mark) s += c.mark >= 16 ? `mark 0x${c.mark.toString(16)} ` : `mark ${c.mark} `;
  if (c.uid !== undefined) s += `uid ${c.uid} `;
  s += '\n    cache ';
  // print_cache_flags: PRTFL order local, reject, mc, brd, …, redirect.
  if (c.flags.length) s += `<${c.flags.join(',')}> `;
  if (c.iif !== undefined) s += `iif ${c.iif} `;
  return `${s}\n`;
}

function parseAddr(arg: string): Ipv4 | undefined {
  const a = arg.endsWith('/32') ? arg.slice(0, -3) : arg;
  return tryParseIpv4(a);
}

/** `ip route get DST [from SRC] [iif DEV] [mark N]` in namespace `nsName`. */
export function ipRouteGet(world: World, nsName: string, dst: string, opts: RouteGetOptions = {}): CommandResult {
  const ns = world.netns(nsName);
  // get_prefix with AF_UNSPEC: "any valid" family.
  const daddr = parseAddr(dst);
  if (daddr === undefined) return { ok: false, text: `Error: any valid prefix is expected rather than "${dst}".\n` };
  let saddr: Ipv4 | undefined;
  if (opts.from !== undefined) {
    saddr = parseAddr(opts.from);
    if (saddr === undefined) return { ok: false, text: `Error: any valid prefix is expected rather than "${opts.from}".\n` };
  }
  const mark = opts.mark ?? 0;
  if (opts.iif !== undefined) {
    // iproute_get resolves the name before asking the kernel.
    if (!ns.devices.has(opts.iif)) return { ok: false, text: `Cannot find device "${opts.iif}"\n` };
    return inputRoute(ns, daddr, saddr ?? 0, opts.iif, mark);
  }
  return outputRoute(ns, daddr, saddr, mark, opts.uid ?? 0);
}

/** ip_route_output_key_hash_rcu for a flow with no oif. */
function outputRoute(ns: Netns, daddr: Ipv4, saddr: Ipv4 | undefined, mark: number, uid: number): CommandResult {
  if (saddr !== undefined && saddr !== 0) {
    if (isMulticast(saddr) || saddr === BROADCAST_ALL || isZeronet(saddr)) return rtnlError('EINVAL');
    // "It is equivalent to inet_addr_type(saddr) == RTN_LOCAL": a source we do not own is ENETUNREACH.
    if (!ns.isLocalAddress(saddr)) return rtnlError('ENETUNREACH');
  }
  const from = saddr || undefined;
  if (daddr === 0) {
    // No destination: the flow is routed to ourselves over loopback, 127.0.0.1 as the source.
    return ok({ type: 'local', dst: daddr, from, dev: 'lo', prefsrc: from === undefined ? 0x7f000001 : undefined, mark, uid, flags: ['local'] });
  }
  const r = fibLookup(ns, daddr);
  if (!r) return rtnlError('ENETUNREACH');
  const err = typeError(r.type);
  if (err) return rtnlError(err);
  // RTA_PREFSRC is only reported when the chosen source differs from the one asked for (rt_fill_info).
  const prefsrc = from === undefined ? selectSource(ns, r, daddr) : undefined;
  if (r.type === 'local') {
    // A local destination is reached over the loopback device whatever the route's device (l3mdev or lo).
    return ok({ type: 'local', dst: daddr, from, dev: 'lo', prefsrc, mark, uid, flags: ['local'] });
  }
  const dev = r.dev ?? 'lo';
  // __mkroute_output: the type comes from the destination address, not only from the route.
  if (r.type === 'broadcast' || daddr === BROADCAST_ALL) {
    return ok({ type: 'broadcast', dst: daddr, from, dev, prefsrc, mark, uid, flags: ['local', 'brd'] });
  }
  if (isMulticast(daddr)) {
    // RTCF_LOCAL only if we are a member (ip_check_mc_rcu): every up device has joined 224.0.0.1, a bridge
    // also 224.0.0.106. A route shorter than /4 (the default route) is used without its gateway.
    const out = ns.devices.get(dev);
    const member = out?.up === true && (daddr === ALL_HOSTS || (daddr === ALL_SNOOPERS && out.kind === 'bridge'));
    const via = r.dst.len < 4 ? undefined : r.via;
    return ok({ type: 'multicast', dst: daddr, from, via, dev, prefsrc, mark, uid, flags: member ? ['local', 'mc'] : ['mc'] });
  }
  if (isZeronet(daddr)) return rtnlError('EINVAL');
  // A route through the loopback device is local (dev_out->flags & IFF_LOOPBACK).
  const flags: Cloned['flags'] = ns.devices.get(dev)?.kind === 'loopback' ? ['local'] : [];
  return ok({ type: 'unicast', dst: daddr, from, via: r.via, dev, prefsrc, mark, uid, flags });
}

function ok(c: Cloned): CommandResult {
  return { ok: true, text: clonedText(c) };
}

/**
 * fib_validate_source: checks the source of a packet received on `iif` against the route back to it.
 * Returns an errno, or whether the source is directly reachable through `iif` (1 in the kernel).
 */
function validateSource(ns: Netns, saddr: Ipv4, iif: string, oif: string | undefined): Errno | boolean {
  const rpf = ns.sysctl['net.ipv4.conf.all.rp_filter'];
  // Fast path: rp_filter off and not a packet leaving where it came in (send_redirects is 1).
  if (rpf === 0 && oif !== iif) return ns.isLocalAddress(saddr) ? 'EINVAL' : false;
  // __fib_validate_source: reverse lookup from the source.
  const back = fibLookup(ns, saddr);
  // A failed lookup (no route, or a reject route) goes to last_resort.
  if (!back || typeError(back.type)) return rpf ? 'EXDEV' : false;
  // RTN_LOCAL (accept_local is 0) or RTN_BROADCAST: a martian source.
  if (back.type !== 'unicast') return 'EINVAL';
  if (back.dev === iif) return back.via === undefined;
  const inDev = ns.devices.get(iif);
  if (!inDev || inDev.addrs.length === 0) return rpf ? 'EXDEV' : false;
  if (rpf === 1) return 'EXDEV';
  // Loose mode or rp_filter off: is there any route back through iif?
  const viaIif = ns.main.lookup(saddr, (r) => r.type === 'unicast' && r.dev === iif);
  return viaIif.kind === 'hit' && viaIif.route.via === undefined;
}

/** inet_addr_onlink: one address of `dev` covers both `a` and (if given) `b`. */
function onlink(ns: Netns, devName: string, a: Ipv4, b: Ipv4 | undefined): boolean {
  const dev = ns.devices.get(devName);
  if (!dev) return false;
  return dev.addrs.some((x) => networkOf(a, x.len) === networkOf(x.ip, x.len) && (b === undefined || networkOf(b, x.len) === networkOf(x.ip, x.len)));
}

/** ip_route_input_slow for `ip route get DST from SRC iif DEV`. */
function inputRoute(ns: Netns, daddr: Ipv4, saddr: Ipv4, iif: string, mark: number): CommandResult {
  // RTA_SRC is only reported for a non-zero source (rt_fill_info).
  const from = saddr !== 0 ? saddr : undefined;
  const forward = ns.sysctl['net.ipv4.ip_forward'] === 1;
  const localnet = ns.sysctl['net.ipv4.conf.all.route_localnet'] === 1;
  const local = (type: 'local' | 'broadcast'): CommandResult =>
    ok({ type, dst: daddr, from, dev: 'lo', mark, flags: type === 'local' ? ['local'] : ['local', 'brd'], iif });

  // ip_route_input_noref: a multicast destination goes to ip_route_input_mc (not modelled).
  if (isMulticast(daddr)) return rtnlError('EINVAL');
  if (isMulticast(saddr) || saddr === BROADCAST_ALL) return rtnlError('EINVAL');
  if (daddr === BROADCAST_ALL || (saddr === 0 && daddr === 0)) {
    // brd_input: validate a non-zero source, then deliver locally as broadcast.
    if (saddr !== 0) {
      const v = validateSource(ns, saddr, iif, undefined);
      if (typeof v === 'string') return rtnlError(v);
    }
    return local('broadcast');
  }
  if (isZeronet(saddr)) return rtnlError('EINVAL');
  if (isZeronet(daddr)) return rtnlError('EINVAL');
  if (isLoopback(daddr)) {
    if (!localnet) return rtnlError('EINVAL');
  } else if (isLoopback(saddr) && !localnet) {
    return rtnlError('EINVAL');
  }

  const r = fibLookup(ns, daddr);
  const lookupErr: Errno | undefined = !r ? 'ENETUNREACH' : typeError(r.type);
  if (!r || lookupErr) return rtnlError(forward ? lookupErr! : 'EHOSTUNREACH');
  if (r.type === 'broadcast') {
    const v = validateSource(ns, saddr, iif, undefined);
    if (typeof v === 'string') return rtnlError(v);
    return local('broadcast');
  }
  if (r.type === 'local') {
    const v = validateSource(ns, saddr, iif, undefined);
    if (typeof v === 'string') return rtnlError(v);
    return local('local');
  }
  if (!forward) return rtnlError('EHOSTUNREACH');
  if (r.type !== 'unicast' || r.dev === undefined) return rtnlError('EINVAL');
  // __mkroute_input
  const v = validateSource(ns, saddr, iif, r.dev);
  if (typeof v === 'string') return rtnlError(v);
  const flags: Cloned['flags'] = [];
  if (r.dev === iif && v && onlink(ns, r.dev, saddr, r.via)) flags.push('redirect');
  return ok({ type: 'unicast', dst: daddr, from, via: r.via, dev: r.dev, mark, flags, iif });
}
