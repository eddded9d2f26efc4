/**
 * What `ip link` reports about a device besides its configuration: carrier (IFF_RUNNING / LOWER_UP), the
 * RFC 2863 operational state, the interface flags, the root qdisc and the transmit queue length, and which
 * namespace a veth peer lives in as the viewer names it. Shared by the `ip`, `bridge` renderers.
 *
 * Carrier per device type, as the drivers set it:
 *   veth    on while both ends are up (drivers/net/veth.c veth_open / veth_close);
 *   bridge  on while at least one port is forwarding, i.e. up with carrier (STP off: br_port_state_selection);
 *   ether   on while plugged into a segment (a cable);
 *   vxlan, dummy, loopback  never touched by the driver, so always on.
 * Operational state (net/core/link_watch.c default_operstate, rfc2863_policy): not up → DOWN; no carrier →
 * LOWERLAYERDOWN for a device stacked on another (veth: its iflink is the peer) else DOWN; drivers that never
 * report carrier (loopback, vxlan, dummy) stay UNKNOWN; otherwise UP.
 *
 * Not modelled: history. A device that is down is shown as never having been up (qdisc `noop`, only the
 * multicast groups joined at registration); a real device brought down after being up keeps its root qdisc
 * (dev->qdisc is only replaced in dev_activate) and has left its groups. DORMANT, M-DOWN (same-namespace veth
 * peers, which the World does not create), promiscuity, ALLMULTI, altnames.
 */
import type { Device } from '../link/devices';
import type { Netns } from '../netns/netns';
import type { World } from '../world/world';

export type OperState = 'UP' | 'DOWN' | 'LOWERLAYERDOWN' | 'UNKNOWN';

/** IPV6_MIN_MTU: addrconf only sets up IPv6 on devices whose MTU is at least 1280 (addrconf_notify). */
export const IPV6_MIN_MTU = 1280;

/** Whether the device reports carrier (netif_carrier_ok). Meaningful for a device that is up. */
export function hasCarrier(world: World, ns: Netns, dev: Device): boolean {
  switch (dev.kind) {
    case 'loopback':
    case 'vxlan':
    case 'dummy':
      return true;
    case 'veth': {
      const peer = world.peerOf(ns.name, dev.name);
      return dev.up && peer !== undefined && peer.dev.up;
    }
    case 'ether':
      return dev.segment !== undefined;
    case 'bridge':
      for (const p of ns.devices.values()) {
        if (p.master === dev.name && p.up && hasCarrier(world, ns, p)) return true;
      }
      return false;
  }
}

/** IFF_RUNNING as the flags show it: up and carrier. */
export function isRunning(world: World, ns: Netns, dev: Device): boolean {
  return dev.up && hasCarrier(world, ns, dev);
}

export function operState(world: World, ns: Netns, dev: Device): OperState {
  if (!dev.up) return 'DOWN';
  switch (dev.kind) {
    case 'loopback':
    case 'vxlan':
    case 'dummy':
      return 'UNKNOWN';
    case 'veth':
      // iflink (the peer's ifindex) differs from the device's own: a stacked device (default_operstate).
      return hasCarrier(world, ns, dev) ? 'UP' : 'LOWERLAYERDOWN';
    case 'bridge':
    case 'ether':
      return hasCarrier(world, ns, dev) ? 'UP' : 'DOWN';
  }
}

/**
 * The `<…>` flag list (ip/ipaddress.c print_link_flags): NO-CARRIER first when up without carrier, then the
 * IFF_* names in the order LOOPBACK, BROADCAST, POINTOPOINT, MULTICAST, NOARP, …, UP, LOWER_UP.
 */
export function linkFlags(world: World, ns: Netns, dev: Device): string[] {
  const out: string[] = [];
  const running = isRunning(world, ns, dev);
  if (dev.up && !running) out.push('NO-CARRIER');
  switch (dev.kind) {
    case 'loopback':
      out.push('LOOPBACK');
      break;
    case 'dummy':
      // drivers/net/dummy.c dummy_setup: IFF_NOARP set, IFF_MULTICAST cleared.
      out.push('BROADCAST', 'NOARP');
      break;
    case 'veth':
    case 'bridge':
    case 'vxlan':
    case 'ether':
      // ether_setup: IFF_BROADCAST | IFF_MULTICAST.
      out.push('BROADCAST', 'MULTICAST');
      break;
  }
  if (dev.up) out.push('UP');
  if (running) out.push('LOWER_UP');
  return out;
}

/**
 * Root qdisc name (IFLA_QDISC). Up: `noqueue` for the IFF_NO_QUEUE virtual devices, the distribution default
 * `fq_codel` (net.core.default_qdisc on systemd systems) for a physical-like port. Down: `noop`, what a device
 * that has never been up has (dev_init_scheduler).
 */
export function qdiscOf(dev: Device): string {
  if (!dev.up) return 'noop';
  switch (dev.kind) {
    case 'ether':
      return 'fq_codel';
    case 'loopback':
    case 'veth':
    case 'bridge':
    case 'vxlan':
    case 'dummy':
      return 'noqueue';
  }
}

/**
 * tx_queue_len (IFLA_TXQLEN); `ip` prints `qlen N` only when it is not 0 (print_queuelen).
 * ether_setup and loopback give 1000. The CNI bridge plugin creates cni0 with TxQLen -1 ("let the kernel
 * choose": 1000), but its veth pairs and flannel's VXLAN device through netlink LinkAttrs whose TxQLen is 0, so
 * those show no qlen — as in the captures of FIDELITY §4.1.
 */
export function txQueueLen(dev: Device): number {
  switch (dev.kind) {
    case 'loopback':
    case 'bridge':
    case 'ether':
    case 'dummy':
      return 1000;
    case 'veth':
    case 'vxlan':
      return 0;
  }
}

/** Whether addrconf has IPv6 on the device at all (idev exists; addrconf_notify NETDEV_REGISTER). */
export function hasIpv6(dev: Device): boolean {
  return dev.mtu >= IPV6_MIN_MTU;
}

/**
 * Whether the EUI-64 link-local address exists: addrconf adds it once the link is ready
 * (addrconf_link_ready: up with operstate UP or UNKNOWN), i.e. up with carrier. Loopback gets ::1 instead.
 */
export function hasLinkLocal(world: World, ns: Netns, dev: Device): boolean {
  return dev.kind !== 'loopback' && hasIpv6(dev) && isRunning(world, ns, dev);
}

/**
 * How the viewer names the namespace of a veth peer (IFLA_LINK_NETNSID, printed by print_linkinfo as
 * `link-netns NAME` when `ip netns` knows a name for that nsid, else `link-netnsid N`).
 *
 * Convention: a namespace of role `node` is a machine's initial namespace, which has no `ip netns` name, so it
 * is shown by number; every other namespace (Pods' cni-… namespaces, `ip netns add` ones) by name. So a node shows
 * `link-netns cni-…` for its Pods and a Pod shows `link-netnsid 0` for its node, as real captures do. nsids are
 * allocated per viewer on first use (peernet2id_alloc), approximated as: 0, 1, … in the order of the viewer's
 * veth ifindexes.
 */
export function linkNetnsText(world: World, viewer: Netns, dev: Device): string {
  if (dev.kind !== 'veth') return '';
  const peerNs = world.namespaces.get(dev.peer.ns);
  if (!peerNs) return ' link-netnsid unknown';
  if (peerNs.role !== 'node') return ` link-netns ${peerNs.name}`;
  const order: string[] = [];
  const veths = [...viewer.devices.values()].filter((d) => d.kind === 'veth').sort((a, b) => a.ifindex - b.ifindex);
  for (const d of veths) {
    if (d.kind === 'veth' && !order.includes(d.peer.ns)) order.push(d.peer.ns);
  }
  return ` link-netnsid ${order.indexOf(peerNs.name)}`;
}

/** Devices in ifindex order, as the kernel dumps them (for_each_netdev_dump). */
export function devicesInOrder(ns: Netns): Device[] {
  return [...ns.devices.values()].sort((a, b) => a.ifindex - b.ifindex);
}
