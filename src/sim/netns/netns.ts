/**
 * A network namespace: devices and their addresses, routing tables, neighbour table, netfilter tables,
 * conntrack, sockets and sysctls. It only holds and validates configuration; the datapath reads it.
 *
 * Adding an address does what the kernel does in fib_add_ifaddr() (net/ipv4/fib_frontend.c): a `local`
 * route in table local, a `broadcast` route for brd, and, when the device is up and the prefix is shorter
 * than /32, the connected route `net/len dev X proto kernel scope link src IP` in table main.
 *
 * Not modelled: ip rules other than local→main→default, address lifetimes, IPv6 addresses other than
 * the link-local one derived from the MAC, promote_secondaries.
 */
import { fail } from '../core/errors';
import {
  broadcastOf, cidrContains, formatCidr, formatIpv4, networkOf, type Cidr4, type Ipv4,
} from '../addr/ipv4';
import type { Device, IfAddress } from '../link/devices';
import { FibTable, TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, describeRoute, type Route, type RouteProto, type RouteScope, type RouteType } from '../route/fib';
import { NeighTable } from '../neigh/neigh';
import { ConntrackTable } from '../conntrack/conntrack';
import { checkBind, type Socket } from '../socket/sockets';
import { createNetfilter, type Netfilter } from '../netfilter';
import { IpvsTable } from '../ipvs/ipvs';
import { SYSCTL_ALLOWED, SYSCTL_DEFAULTS, type SysctlName, type Sysctls } from './sysctl';

/** What a namespace stands for, for display and for the Kubernetes layer. */
export type NetnsRole = 'node' | 'pod' | 'host' | 'router';

export interface RouteSpec {
  dst: Cidr4;
  type?: RouteType;
  dev?: string;
  via?: Ipv4;
  src?: Ipv4;
  scope?: RouteScope;
  proto?: RouteProto;
  metric?: number;
  onlink?: boolean;
  table?: number;
}

export class Netns {
  readonly name: string;
  role: NetnsRole;
  readonly devices = new Map<string, Device>();
  readonly tables = new Map<number, FibTable>([
    [TABLE_LOCAL, new FibTable(TABLE_LOCAL)],
    [TABLE_MAIN, new FibTable(TABLE_MAIN)],
    [TABLE_DEFAULT, new FibTable(TABLE_DEFAULT)],
  ]);
  readonly neigh = new NeighTable();
  readonly nf: Netfilter = createNetfilter();
  readonly conntrack = new ConntrackTable();
  /** IPVS virtual services (kube-proxy's IPVS mode). */
  readonly ipvs = new IpvsTable();
  readonly sockets: Socket[] = [];
  readonly sysctl: Sysctls = { ...SYSCTL_DEFAULTS };
  private nextIfindex = 1;
  /** Set of local IPv4 addresses, kept in step with table local (addrtype LOCAL, delivery decisions). */
  private readonly local = new Set<number>();

  /** Whether a route's device can carry packets (dead nexthops are skipped; local routes never die). */
  readonly usableRoute = (r: Route): boolean => r.type === 'local' || r.dev === undefined || this.devices.get(r.dev)?.up === true;

  constructor(name: string, role: NetnsRole) {
    this.name = name;
    this.role = role;
  }

  allocIfindex(): number {
    return this.nextIfindex++;
  }

  device(name: string): Device {
    const d = this.devices.get(name);
    if (!d) {
      fail('NOT_FOUND', `${this.name}: no device "${name}" (devices here: ${[...this.devices.keys()].join(', ') || 'none'})`);
    }
    return d;
  }

  deviceByIndex(ifindex: number): Device | undefined {
    for (const d of this.devices.values()) if (d.ifindex === ifindex) return d;
    return undefined;
  }

  table(id: number): FibTable {
    let t = this.tables.get(id);
    if (!t) {
      t = new FibTable(id);
      this.tables.set(id, t);
    }
    return t;
  }

  get main(): FibTable {
    return this.table(TABLE_MAIN);
  }

  isLocalAddress(ip: Ipv4): boolean {
    // 127.0.0.0/8 is local as a whole: the kernel installs `local 127.0.0.0/8 dev lo` in table local.
    return this.local.has(ip) || (ip >>> 24 === 127 && this.devices.get('lo')?.up === true);
  }

  localAddresses(): Ipv4[] {
    return [...this.local];
  }

  /** `ip address add IP/LEN [brd +] dev DEV`. */
  addAddress(devName: string, ip: Ipv4, len: number, opts: { brd?: boolean; scope?: IfAddress['scope'] } = {}): void {
    const dev = this.device(devName);
    if (len < 0 || len > 32) fail('BAD_CIDR', `${this.name}: prefix length /${len} for ${formatIpv4(ip)} must be 0-32`);
    for (const d of this.devices.values()) {
      if (d.addrs.some((a) => a.ip === ip && a.len === len)) {
        fail('EXISTS', `${this.name}: ${formatIpv4(ip)}/${len} is already assigned to ${d.name} (RTNETLINK answers: File exists); remove it there first`);
      }
    }
    const net = networkOf(ip, len);
    const secondary = dev.addrs.some((a) => a.len === len && networkOf(a.ip, a.len) === net && a.scope !== 'host');
    const scope = opts.scope ?? (ip >>> 24 === 127 ? 'host' : 'global');
    const brd = opts.brd && len < 31 ? broadcastOf(ip, len) : undefined;
    const addr: IfAddress = { ip, len, brd, scope, secondary };
    dev.addrs.push(addr);
    this.local.add(ip);
    this.installAddressRoutes(dev, addr);
  }

  delAddress(devName: string, ip: Ipv4, len: number): void {
    const dev = this.device(devName);
    const i = dev.addrs.findIndex((a) => a.ip === ip && a.len === len);
    if (i < 0) fail('NOT_FOUND', `${this.name}: ${devName} has no address ${formatIpv4(ip)}/${len}`);
    dev.addrs.splice(i, 1);
    if (![...this.devices.values()].some((d) => d.addrs.some((a) => a.ip === ip))) this.local.delete(ip);
    for (const t of this.tables.values()) {
      t.removeWhere((r) => r.dev === devName && r.proto === 'kernel' && (r.src === ip || r.dst.addr === ip));
    }
  }

  /** Re-installs the kernel routes of every address of a device that came up (NETDEV_UP). */
  onLinkUp(devName: string): void {
    const dev = this.device(devName);
    for (const a of dev.addrs) this.installAddressRoutes(dev, a);
  }

  private installAddressRoutes(dev: Device, a: IfAddress): void {
    const local = this.table(TABLE_LOCAL);
    if (!local.routes().some((r) => r.type === 'local' && r.dst.addr === a.ip && r.dst.len === 32 && r.dev === dev.name)) {
      local.add({ dst: { addr: a.ip, len: 32 }, type: 'local', table: TABLE_LOCAL, dev: dev.name, src: a.ip, scope: 'host', proto: 'kernel', metric: 0, onlink: false });
    }
    // fib_add_ifaddr: broadcast and prefix routes only for a device that is up.
    if (!dev.up) return;
    const addBroadcast = (brd: number) => {
      if (!local.routes().some((r) => r.type === 'broadcast' && r.dst.addr === brd && r.dev === dev.name)) {
        local.add({ dst: { addr: brd, len: 32 }, type: 'broadcast', table: TABLE_LOCAL, dev: dev.name, src: a.ip, scope: 'link', proto: 'kernel', metric: 0, onlink: false });
      }
    };
    if (a.brd !== undefined) addBroadcast(a.brd);
    // Primary addresses shorter than /31 also get the subnet broadcast route (prefix | ~mask).
    if (!a.secondary && a.len < 31) addBroadcast(broadcastOf(a.ip, a.len));
    if (a.len < 32 && !a.secondary && a.scope !== 'host') {
      const dst = { addr: networkOf(a.ip, a.len), len: a.len };
      const exists = this.main.routes().some((r) => r.dst.addr === dst.addr && r.dst.len === dst.len && r.dev === dev.name && r.proto === 'kernel');
      if (!exists) {
        this.main.add({ dst, type: 'unicast', table: TABLE_MAIN, dev: dev.name, src: a.ip, scope: 'link', proto: 'kernel', metric: 0, onlink: false });
      }
    }
    if (a.scope === 'host' && a.len < 32 && dev.kind === 'loopback') {
      const dst = { addr: networkOf(a.ip, a.len), len: a.len };
      if (!local.routes().some((r) => r.dst.addr === dst.addr && r.dst.len === dst.len)) {
        local.add({ dst, type: 'local', table: TABLE_LOCAL, dev: dev.name, src: a.ip, scope: 'host', proto: 'kernel', metric: 0, onlink: false });
      }
    }
  }

  /** `ip route add …`, validated as the kernel does (fib_check_nh). */
  addRoute(spec: RouteSpec): Route {
    const type = spec.type ?? 'unicast';
    const tableId = spec.table ?? (type === 'local' || type === 'broadcast' ? TABLE_LOCAL : TABLE_MAIN);
    const what = `${this.name}: route ${formatCidr(spec.dst)}`;
    if (type === 'unicast' || type === 'local' || type === 'broadcast') {
      if (!spec.dev && spec.via === undefined) fail('BAD_CONFIG', `${what} needs a device or a gateway ("dev eth0" or "via 192.168.56.1")`);
    }
    let dev = spec.dev;
    if (dev !== undefined) this.device(dev);
    if (spec.via !== undefined && type === 'unicast') {
      if (spec.onlink) {
        if (!dev) fail('BAD_CONFIG', `${what}: "onlink" needs a device (dev flannel.1)`);
      } else {
        // fib_check_nh: without onlink, the gateway must be reachable through a connected (scope link) route.
        const hit = this.main.lookup(spec.via, (r) => r.type === 'unicast' && r.via === undefined && (dev === undefined || r.dev === dev));
        if (hit.kind === 'miss') {
          fail(
            'BAD_CONFIG',
            `${what} via ${formatIpv4(spec.via)}: the gateway is not on a directly connected network${dev ? ` of ${dev}` : ''} (RTNETLINK answers: Nexthop has invalid gateway). Add an address in its subnet first, or use "onlink".`,
          );
        }
        dev ??= hit.route.dev;
      }
    }
    if (spec.src !== undefined && !this.local.has(spec.src)) {
      fail('EADDRNOTAVAIL', `${what} src ${formatIpv4(spec.src)}: that address is not configured in ${this.name} (RTNETLINK answers: Invalid prefsrc address)`);
    }
    const route: Route = {
      dst: spec.dst,
      type,
      table: tableId,
      dev: type === 'blackhole' || type === 'unreachable' || type === 'prohibit' ? undefined : dev,
      via: spec.via,
      src: spec.src,
      scope: spec.scope ?? (type === 'local' ? 'host' : spec.via === undefined && type === 'unicast' ? 'link' : 'global'),
      proto: spec.proto ?? 'boot',
      metric: spec.metric ?? 0,
      onlink: spec.onlink ?? false,
    };
    this.table(tableId).add(route);
    return route;
  }

  delRoute(dst: Cidr4, opts: { table?: number; dev?: string; via?: Ipv4 } = {}): void {
    const t = this.table(opts.table ?? TABLE_MAIN);
    const n = t.remove(dst, (r) => (opts.dev === undefined || r.dev === opts.dev) && (opts.via === undefined || r.via === opts.via));
    if (n === 0) fail('NOT_FOUND', `${this.name}: no route ${formatCidr(dst)} to delete (RTNETLINK answers: No such process)`);
  }

  /** Routes of a table as `ip route show` lists them. */
  routes(tableId = TABLE_MAIN): Route[] {
    return this.table(tableId).routes();
  }

  setSysctl<K extends SysctlName>(name: K, value: Sysctls[K]): void {
    const allowed = SYSCTL_ALLOWED[name] as readonly number[] | undefined;
    if (!allowed) fail('NOT_FOUND', `${this.name}: unknown sysctl "${name}" (known: ${Object.keys(SYSCTL_ALLOWED).join(', ')})`);
    if (!allowed.includes(value as number)) fail('BAD_CONFIG', `${this.name}: ${name} must be one of ${allowed.join(', ')}, not ${String(value)}`);
    this.sysctl[name] = value;
  }

  bind(s: Socket): void {
    if (s.port < 1 || s.port > 65535 || !Number.isInteger(s.port)) fail('BAD_CONFIG', `${this.name}: port ${s.port} for ${s.owner} must be 1-65535`);
    if (s.addr !== 0 && !this.isLocalAddress(s.addr)) {
      fail('EADDRNOTAVAIL', `${this.name}: ${s.owner} cannot bind ${formatIpv4(s.addr)}:${s.port}: that address is not configured in this namespace (EADDRNOTAVAIL); bind 0.0.0.0 or one of ${this.localAddresses().map(formatIpv4).join(', ') || 'its addresses'}`);
    }
    checkBind(this.sockets, s, this.name);
    this.sockets.push(s);
  }

  /** The routing-decision text for errors and explanations. */
  describeRoute(r: Route): string {
    return describeRoute(r);
  }

  /** Whether any of this namespace's addresses lies in `c`. */
  hasAddressIn(c: Cidr4): boolean {
    for (const ip of this.local) if (cidrContains(c, ip)) return true;
    return false;
  }
}
