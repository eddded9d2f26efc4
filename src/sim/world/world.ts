/**
 * The World: every network namespace, the links between them (veth pairs, shared L2 segments), the clock and
 * the seeded random source. This is the Linux-level building API: it validates each call completely before
 * changing anything and throws SimError with the object's name and the fix.
 *
 * Not modelled: moving devices between namespaces after creation, device renames, IPv6 configuration.
 */
import { fail } from '../core/errors';
import { manualClock, seededRng, type Clock, type Rng } from '../core/rng';
import { parseIfAddr, parseIpv4, formatIpv4, type Ipv4 } from '../addr/ipv4';
import { parseMac, randomMac, type Mac } from '../addr/mac';
import { IFNAMSIZ, type BridgeDevice, type Device, type EtherDevice, type VxlanDevice } from '../link/devices';
import { Netns, type NetnsRole } from '../netns/netns';

export interface WorldOptions {
  /** Seed for MAC addresses, ephemeral ports and load-balancing draws (default 1). */
  seed?: number;
  clock?: Clock;
}

export interface Segment {
  readonly name: string;
  readonly ports: { ns: string; dev: string }[];
}

/** Ethernet MTU default (ETH_DATA_LEN). */
const ETH_MTU = 1500;

export class World {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly namespaces = new Map<string, Netns>();
  readonly segments = new Map<string, Segment>();
  nextTraceId = 1;
  /**
   * Namespaces that exist but are built only when first used (a 5,000-node cluster materializes the few nodes a
   * trace visits). `netns()` builds them; ARP on a segment builds the owner of the address it looks for.
   */
  private readonly lazy = new Map<string, () => void>();
  private readonly lazyOwners = new Map<string, Map<number, string>>();

  constructor(opts: WorldOptions = {}) {
    this.clock = opts.clock ?? manualClock(0);
    this.rng = seededRng(opts.seed ?? 1);
  }

  netns(name: string): Netns {
    const ns = this.namespaces.get(name) ?? this.materialize(name);
    if (!ns) {
      fail('NOT_FOUND', `no network namespace "${name}" (there are: ${[...this.namespaces.keys()].join(', ') || 'none'})`);
    }
    return ns;
  }

  /** Declares a namespace built on first use by `build`, and the addresses it will own on segments. */
  defineLazy(name: string, build: () => void, owns: { segment: string; ip: number }[] = []): void {
    if (this.hasNetns(name)) fail('EXISTS', `network namespace "${name}" already exists; pick another name`);
    this.lazy.set(name, build);
    for (const o of owns) {
      let m = this.lazyOwners.get(o.segment);
      if (!m) {
        m = new Map();
        this.lazyOwners.set(o.segment, m);
      }
      m.set(o.ip, name);
    }
  }

  /** Whether a namespace exists, built or not yet built. */
  hasNetns(name: string): boolean {
    return this.namespaces.has(name) || this.lazy.has(name);
  }

  /** Builds the not-yet-built namespace owning `ip` on `segment`, if there is one. */
  materializeOwner(segment: string, ip: number): void {
    const name = this.lazyOwners.get(segment)?.get(ip);
    if (name) this.materialize(name);
  }

  private materialize(name: string): Netns | undefined {
    const build = this.lazy.get(name);
    if (!build) return undefined;
    this.lazy.delete(name);
    build();
    return this.namespaces.get(name);
  }

  /** `ip netns add NAME`: a namespace with only `lo`, which starts DOWN as in a fresh Linux namespace. */
  addNetns(name: string, role: NetnsRole = 'host'): Netns {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name)) fail('BAD_NAME', `namespace name "${name}" may only contain letters, digits, ".", "_", "-" and "/"`);
    if (this.namespaces.has(name)) fail('EXISTS', `network namespace "${name}" already exists; pick another name`);
    const ns = new Netns(name, role);
    this.namespaces.set(name, ns);
    ns.devices.set('lo', {
      kind: 'loopback', name: 'lo', ifindex: ns.allocIfindex(), mac: '00:00:00:00:00:00', mtu: 65536, up: false, addrs: [], hairpin: false,
    });
    return ns;
  }

  private checkNewName(ns: Netns, name: string): void {
    if (name.length === 0 || name.length >= IFNAMSIZ) {
      fail('BAD_NAME', `${ns.name}: interface name "${name}" is ${name.length} characters; Linux allows 1-${IFNAMSIZ - 1} (IFNAMSIZ ${IFNAMSIZ} with the NUL). Use a shorter name.`);
    }
    if (/[\s/:]/.test(name) || name === '.' || name === '..') fail('BAD_NAME', `${ns.name}: interface name "${name}" may not contain spaces, "/" or ":"`);
    if (ns.devices.has(name)) fail('EXISTS', `${ns.name}: a device named "${name}" already exists (RTNETLINK answers: File exists)`);
  }

  private mac(m?: string): Mac {
    return m === undefined ? randomMac(this.rng) : parseMac(m);
  }

  /** `ip link add A type veth peer name B netns …`: the two ends live in two different namespaces. */
  addVeth(a: { ns: string; name: string; mac?: string; mtu?: number }, b: { ns: string; name: string; mac?: string; mtu?: number }): void {
    const nsA = this.netns(a.ns);
    const nsB = this.netns(b.ns);
    if (a.ns === b.ns) fail('BAD_CONFIG', `veth ${a.name}/${b.name}: both ends are in "${a.ns}"; put the peer in another namespace (a veth pair connects two namespaces)`);
    this.checkNewName(nsA, a.name);
    this.checkNewName(nsB, b.name);
    const macA = this.mac(a.mac);
    const macB = this.mac(b.mac);
    const ia = nsA.allocIfindex();
    const ib = nsB.allocIfindex();
    nsA.devices.set(a.name, { kind: 'veth', name: a.name, ifindex: ia, mac: macA, mtu: a.mtu ?? ETH_MTU, up: false, addrs: [], hairpin: false, peer: { ns: b.ns, dev: b.name } });
    nsB.devices.set(b.name, { kind: 'veth', name: b.name, ifindex: ib, mac: macB, mtu: b.mtu ?? ETH_MTU, up: false, addrs: [], hairpin: false, peer: { ns: a.ns, dev: a.name } });
  }

  /** `ip link add NAME type bridge`. */
  addBridge(nsName: string, name: string, opts: { mac?: string; mtu?: number } = {}): BridgeDevice {
    const ns = this.netns(nsName);
    this.checkNewName(ns, name);
    const dev: BridgeDevice = {
      kind: 'bridge', name, ifindex: ns.allocIfindex(), mac: this.mac(opts.mac), mtu: opts.mtu ?? ETH_MTU, up: false, addrs: [], hairpin: false,
      fdb: new Map(), ageingMs: 300_000,
    };
    ns.devices.set(name, dev);
    return dev;
  }

  /** `ip link set DEV master BRIDGE`. */
  setMaster(nsName: string, devName: string, bridgeName: string): void {
    const ns = this.netns(nsName);
    const dev = ns.device(devName);
    const br = ns.device(bridgeName);
    if (br.kind !== 'bridge') fail('BAD_CONFIG', `${nsName}: ${bridgeName} is a ${br.kind} device, not a bridge; create it with type bridge`);
    if (dev.kind === 'bridge' || dev.kind === 'loopback') fail('BAD_CONFIG', `${nsName}: ${devName} (${dev.kind}) cannot be a bridge port`);
    if (dev.master && dev.master !== bridgeName) fail('BAD_CONFIG', `${nsName}: ${devName} is already a port of ${dev.master}; use "ip link set ${devName} nomaster" first`);
    dev.master = bridgeName;
    // The port's own MAC is a local, permanent FDB entry of the bridge (br_fdb_add_local).
    br.fdb.set(dev.mac, { mac: dev.mac, port: devName, permanent: true, updated: this.clock.now() });
  }

  /** `ip link add NAME type vxlan id VNI dstport PORT [local IP] [dev DEV] [nolearning]`. */
  addVxlan(nsName: string, name: string, opts: { vni: number; dstPort?: number; local?: string; underlay?: string; learning?: boolean; mac?: string; mtu?: number }): VxlanDevice {
    const ns = this.netns(nsName);
    this.checkNewName(ns, name);
    if (!Number.isInteger(opts.vni) || opts.vni < 0 || opts.vni > 0xffffff) fail('BAD_CONFIG', `${nsName}: vxlan ${name}: VNI ${opts.vni} must be 0-16777215 (24 bits)`);
    const port = opts.dstPort ?? 8472;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail('BAD_CONFIG', `${nsName}: vxlan ${name}: dstport ${port} must be 1-65535`);
    if (opts.underlay !== undefined) ns.device(opts.underlay);
    const local = opts.local === undefined ? undefined : parseIpv4(opts.local, `vxlan ${name} local`);
    for (const d of ns.devices.values()) {
      if (d.kind === 'vxlan' && d.vni === opts.vni && d.dstPort === port) fail('EXISTS', `${nsName}: vxlan ${d.name} already uses VNI ${opts.vni} on port ${port}`);
    }
    // MTU: the underlay's minus 50 bytes of VXLAN/UDP/IP/Ethernet overhead (flannel: 1500 → 1450).
    const dev: VxlanDevice = {
      kind: 'vxlan', name, ifindex: ns.allocIfindex(), mac: this.mac(opts.mac), mtu: opts.mtu ?? ETH_MTU - 50, up: false, addrs: [], hairpin: false,
      vni: opts.vni, dstPort: port, local, underlay: opts.underlay, learning: opts.learning ?? false, fdb: [],
    };
    ns.devices.set(name, dev);
    return dev;
  }

  /** `bridge fdb append MAC dev VXLAN dst IP`: where a VXLAN device sends frames for MAC. */
  addVxlanFdb(nsName: string, devName: string, mac: string, dst: string): void {
    const dev = this.netns(nsName).device(devName);
    if (dev.kind !== 'vxlan') fail('BAD_CONFIG', `${nsName}: ${devName} is not a vxlan device`);
    const m = parseMac(mac);
    const ip = parseIpv4(dst, `fdb dst for ${m}`);
    if (dev.fdb.some((e) => e.mac === m && e.dst === ip)) fail('EXISTS', `${nsName}: ${devName} already has fdb ${m} dst ${dst}`);
    dev.fdb.push({ mac: m, dst: ip });
  }

  /** A physical-like ethernet port plugged into a shared segment (the node network). */
  addEther(nsName: string, name: string, opts: { segment?: string; mac?: string; mtu?: number } = {}): EtherDevice {
    const ns = this.netns(nsName);
    this.checkNewName(ns, name);
    const dev: EtherDevice = { kind: 'ether', name, ifindex: ns.allocIfindex(), mac: this.mac(opts.mac), mtu: opts.mtu ?? ETH_MTU, up: false, addrs: [], hairpin: false, segment: opts.segment };
    ns.devices.set(name, dev);
    if (opts.segment !== undefined) this.plug(nsName, name, opts.segment);
    return dev;
  }

  /** Plugs an ether port into a segment (created on first use). */
  plug(nsName: string, devName: string, segment: string): void {
    const dev = this.netns(nsName).device(devName);
    if (dev.kind !== 'ether') fail('BAD_CONFIG', `${nsName}: only ethernet ports plug into a segment; ${devName} is ${dev.kind}`);
    let seg = this.segments.get(segment);
    if (!seg) {
      seg = { name: segment, ports: [] };
      this.segments.set(segment, seg);
    }
    if (!seg.ports.some((p) => p.ns === nsName && p.dev === devName)) seg.ports.push({ ns: nsName, dev: devName });
    dev.segment = segment;
  }

  addDummy(nsName: string, name: string): Device {
    const ns = this.netns(nsName);
    this.checkNewName(ns, name);
    const dev: Device = { kind: 'dummy', name, ifindex: ns.allocIfindex(), mac: this.mac(), mtu: ETH_MTU, up: false, addrs: [], hairpin: false };
    ns.devices.set(name, dev);
    return dev;
  }

  /** `ip link set DEV up|down [mtu N]` and `bridge link set dev DEV hairpin on|off`. */
  linkSet(nsName: string, devName: string, opts: { up?: boolean; mtu?: number; hairpin?: boolean }): void {
    const ns = this.netns(nsName);
    const dev = ns.device(devName);
    if (opts.mtu !== undefined && (!Number.isInteger(opts.mtu) || opts.mtu < 68 || opts.mtu > 65535)) {
      fail('BAD_CONFIG', `${nsName}: mtu ${opts.mtu} for ${devName} must be 68-65535 (IPv4 minimum is 68)`);
    }
    if (opts.hairpin !== undefined && !dev.master) fail('BAD_CONFIG', `${nsName}: ${devName} is not a bridge port; hairpin mode is a bridge port setting`);
    if (opts.mtu !== undefined) dev.mtu = opts.mtu;
    if (opts.hairpin !== undefined) dev.hairpin = opts.hairpin;
    if (opts.up !== undefined && opts.up !== dev.up) {
      dev.up = opts.up;
      if (dev.kind === 'loopback' && opts.up && !dev.addrs.some((a) => a.ip === 0x7f000001)) {
        // inetdev_event(NETDEV_UP) on loopback adds 127.0.0.1/8 scope host.
        ns.addAddress('lo', 0x7f000001, 8, { scope: 'host' });
      } else if (opts.up) {
        ns.onLinkUp(devName);
      } else {
        // NETDEV_DOWN: fib_disable_ip flushes routes through the device; its local addresses stay configured.
        for (const t of ns.tables.values()) t.removeWhere((r) => r.dev === devName && r.type !== 'local');
      }
    }
  }

  /** `ip address add IP/LEN [brd +] dev DEV` with string input. */
  addAddress(nsName: string, devName: string, cidr: string, opts: { brd?: boolean } = {}): void {
    const a = parseIfAddr(cidr, `address for ${devName}`);
    this.netns(nsName).addAddress(devName, a.ip, a.len, opts);
  }

  /** `ip neigh replace IP lladdr MAC dev DEV nud permanent`. */
  addNeigh(nsName: string, ip: string, mac: string, devName: string): void {
    const ns = this.netns(nsName);
    ns.device(devName);
    ns.neigh.set({ ip: parseIpv4(ip), dev: devName, mac: parseMac(mac), state: 'PERMANENT', updated: this.clock.now() });
  }

  /**
   * `ip netns del NAME`: the namespace and its devices go away; a veth's peer is destroyed with it (the kernel
   * deletes both ends of a pair), and bridges forget the removed ports.
   */
  deleteNetns(name: string): void {
    const ns = this.netns(name);
    for (const dev of ns.devices.values()) {
      if (dev.kind === 'veth') this.deleteDevice(dev.peer.ns, dev.peer.dev);
      if (dev.kind === 'ether' && dev.segment) {
        const seg = this.segments.get(dev.segment);
        if (seg) seg.ports.splice(0, seg.ports.length, ...seg.ports.filter((p) => !(p.ns === name && p.dev === dev.name)));
      }
    }
    this.namespaces.delete(name);
  }

  /** `ip link del DEV` for a device whose namespace stays: routes, neighbours and FDB entries through it go too. */
  deleteDevice(nsName: string, devName: string): void {
    const ns = this.namespaces.get(nsName);
    const dev = ns?.devices.get(devName);
    if (!ns || !dev) return;
    for (const a of [...dev.addrs]) ns.delAddress(devName, a.ip, a.len);
    for (const t of ns.tables.values()) t.removeWhere((r) => r.dev === devName);
    ns.neigh.deleteDevice(devName);
    if (dev.master) {
      const br = ns.devices.get(dev.master);
      if (br?.kind === 'bridge') for (const [mac, e] of br.fdb) if (e.port === devName) br.fdb.delete(mac);
    }
    ns.devices.delete(devName);
  }

  /** The namespace and device at the other end of a veth, if any. */
  peerOf(nsName: string, devName: string): { ns: Netns; dev: Device } | undefined {
    const dev = this.netns(nsName).devices.get(devName);
    if (!dev || dev.kind !== 'veth') return undefined;
    const ns = this.namespaces.get(dev.peer.ns);
    const peer = ns?.devices.get(dev.peer.dev);
    return ns && peer ? { ns, dev: peer } : undefined;
  }

  describeAddress(ip: Ipv4): string {
    return formatIpv4(ip);
  }
}

export function createWorld(opts: WorldOptions = {}): World {
  return new World(opts);
}
