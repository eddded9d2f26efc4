/**
 * Network devices of a namespace: loopback, veth, bridge, vxlan, plain ethernet ports on a shared segment,
 * and dummy devices. Devices are configuration only; the datapath reads them.
 *
 * Not modelled: qdiscs and queueing, offloads, VLANs, bonds, macvlan/ipvlan, ethtool settings, STP on
 * bridges (a bridged loop is caught by the hop limit instead), multicast snooping, link speed.
 */
import type { Ipv4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';

export type DeviceKind = 'loopback' | 'veth' | 'bridge' | 'vxlan' | 'ether' | 'dummy';

/** Linux IFNAMSIZ is 16 including the terminating NUL (include/uapi/linux/if.h). */
export const IFNAMSIZ = 16;

export interface IfAddress {
  readonly ip: Ipv4;
  readonly len: number;
  /** Broadcast address, if one was set (`brd`). */
  readonly brd?: Ipv4;
  readonly scope: 'global' | 'link' | 'host';
  /** Secondary addresses are those added after a primary in the same subnet (promote_secondaries aside). */
  readonly secondary: boolean;
}

export interface FdbEntry {
  readonly mac: Mac;
  /** Bridge port device name. */
  readonly port: string;
  /** Local (the bridge's own or a port's own address) entries never age: `bridge fdb` prints "permanent". */
  readonly permanent: boolean;
  /** Simulated time of last use, for ageing. */
  updated: number;
}

interface DeviceBase {
  readonly name: string;
  readonly ifindex: number;
  mac: Mac;
  mtu: number;
  up: boolean;
  addrs: IfAddress[];
  /** Bridge this device is enslaved to (a bridge port). */
  master?: string;
  /** Per bridge port: hairpin mode (`bridge link set dev X hairpin on`; BR_HAIRPIN_MODE). */
  hairpin: boolean;
}

export interface LoopbackDevice extends DeviceBase { readonly kind: 'loopback' }
export interface DummyDevice extends DeviceBase { readonly kind: 'dummy' }

export interface VethDevice extends DeviceBase {
  readonly kind: 'veth';
  /** The other end: its namespace and device name. */
  peer: { ns: string; dev: string };
}

export interface BridgeDevice extends DeviceBase {
  readonly kind: 'bridge';
  /** Forwarding database, keyed by MAC. */
  fdb: Map<Mac, FdbEntry>;
  /** Ageing time in ms (br_set_ageing_time; default BR_DEFAULT_AGEING_TIME = 300 s). */
  ageingMs: number;
}

export interface VxlanFdb {
  readonly mac: Mac;
  /** Remote VTEP (underlay) address. */
  readonly dst: Ipv4;
}

export interface VxlanDevice extends DeviceBase {
  readonly kind: 'vxlan';
  readonly vni: number;
  /** Destination UDP port; the kernel default is 8472 (IANA's is 4789), flannel keeps the kernel's. */
  readonly dstPort: number;
  /** Local underlay address used as the outer source. */
  readonly local?: Ipv4;
  /** Underlay device for the outer packets. */
  readonly underlay?: string;
  readonly learning: boolean;
  fdb: VxlanFdb[];
}

export interface EtherDevice extends DeviceBase {
  readonly kind: 'ether';
  /** The shared L2 segment (the node network) this port is plugged into, if any. */
  segment?: string;
}

export type Device = LoopbackDevice | DummyDevice | VethDevice | BridgeDevice | VxlanDevice | EtherDevice;

/** Primary IPv4 address of a device (the first non-secondary global-or-link address), as inet_select_addr prefers. */
export function primaryAddress(dev: Device): IfAddress | undefined {
  return dev.addrs.find((a) => !a.secondary && a.scope !== 'host') ?? dev.addrs.find((a) => !a.secondary);
}
