/**
 * `bridge fdb show` (iproute2 bridge/fdb.c print_fdb) for what the kernel dumps (net/core/rtnetlink.c
 * rtnl_fdb_dump): devices in ifindex order; for a bridge port first its bridge's entries on that port
 * (br_fdb_dump filtered to the port, newest first as br->fdb_list is), then the port's own address lists; for a
 * bridge first its own address lists then the entries that belong to the bridge itself; for a VXLAN device its
 * forwarding table (vxlan_fdb_dump); for other ethernet devices their address lists (ndo_dflt_fdb_dump).
 *
 * Line forms (each field "%s ", then the state and a newline; a learned entry's state is "" so its line ends in
 * a blank):
 *   MAC dev PORT [vlan 1 ]master BR permanent     a local entry (the port's or the bridge's own MAC)
 *   MAC dev PORT master BR                        a learned entry that has not aged out
 *   MAC dev VXLAN dst IP self permanent           a VXLAN remote (`bridge fdb append … dst IP`)
 *   MAC dev DEV self permanent                    a unicast/multicast address of the device itself
 *
 * Local entries come twice, for VLAN 0 and for the default PVID 1: br_vlan_init gives every bridge VLAN 1 and
 * nbp_vlan_init every port, and br_vlan_add installs a local entry per VLAN (with vlan_filtering off, learned
 * entries stay VLAN 0). The bridge's own VLAN-0 entry assumes its MAC was set when it was created (as
 * systemd-udevd's MACAddressPolicy=persistent does, via br_fdb_change_mac_address).
 *
 * Multicast addresses a device holds while up, in the order they are joined: 33:33:00:00:00:01 (ff02::1,
 * ipv6_add_dev at registration), on a bridge 01:00:5e:00:00:6a and 33:33:00:00:00:6a (the all-snoopers groups
 * br_multicast_join_snoopers joins in br_dev_open), 01:00:5e:00:00:01 (224.0.0.1, ip_mc_up on NETDEV_UP), and
 * the solicited-node group 33:33:ff:xx:xx:xx of the link-local address once it exists. A device that is down
 * is taken as never having been up, so it only has 33:33:00:00:00:01.
 *
 * `bridge fdb show dev DEV` (or `brport DEV`) asks the kernel for DEV's dump only, and print_fdb leaves the
 * "dev DEV" field out (`if (!filter_index && r->ndm_ifindex)`); `br BR` dumps BR and its ports (rtnl_fdb_dump
 * with IFLA_MASTER). An unknown name is refused as fdb_show does: `Cannot find device "X"` /
 * `Cannot find bridge device "X"`.
 *
 * Not modelled: entries that aged out but were not yet collected (`stale`), static/sticky/extern_learn entries,
 * VLAN filtering, `-s` statistics, unicast address lists (macvlan), IPv6 forwarding's ff02::2 group, the
 * VXLAN table's hash order (entries are listed in the order they were added).
 */
import { fail } from '../core/errors';
import { formatIpv4 } from '../addr/ipv4';
import type { BridgeDevice, Device } from '../link/devices';
import type { Netns } from '../netns/netns';
import type { World } from '../world/world';
import { devicesInOrder, hasIpv6, hasLinkLocal } from './link-state';

export interface FdbShowOptions {
  /** Include the devices' own multicast addresses (default true, as the tool does). */
  multicast?: boolean;
  /** `dev DEV` / `brport DEV`: only that device's entries, printed without "dev DEV". */
  dev?: string;
  /** `br BR`: the bridge and its ports. */
  br?: string;
}

/** The device's multicast list as ndo_dflt_fdb_dump prints it. */
function selfLines(world: World, ns: Netns, dev: Device): string {
  const macs: string[] = [];
  if (hasIpv6(dev)) macs.push('33:33:00:00:00:01');
  if (dev.up) {
    if (dev.kind === 'bridge') macs.push('01:00:5e:00:00:6a', ...(hasIpv6(dev) ? ['33:33:00:00:00:6a'] : []));
    macs.push('01:00:5e:00:00:01');
    // Solicited-node group ff02::1:ffXX:XXXX of the EUI-64 address: its last 24 bits are the MAC's.
    if (hasLinkLocal(world, ns, dev)) macs.push(`33:33:ff:${dev.mac.slice(9)}`);
  }
  return macs.map((m) => `${m} dev ${dev.name} self permanent\n`).join('');
}

/** Entries of `br` that belong to `port` (or, with no port, to the bridge itself), newest first. */
function bridgeEntries(world: World, br: BridgeDevice, port: Device | undefined): string {
  const now = world.clock.now();
  const lines: string[] = [];
  if (port === undefined) {
    // br_vlan_init's VLAN 1 entry, then the VLAN 0 one (both local); listed newest first.
    lines.push(`${br.mac} dev ${br.name} vlan 1 master ${br.name} permanent\n`);
    lines.push(`${br.mac} dev ${br.name} master ${br.name} permanent\n`);
    return lines.join('');
  }
  for (const e of br.fdb.values()) {
    if (e.port !== port.name) continue;
    if (e.permanent) {
      // br_add_if adds the VLAN 0 entry, then nbp_vlan_init the PVID 1 one: the newer one is listed first.
      lines.push(`${e.mac} dev ${port.name} master ${br.name} permanent\n`);
      lines.push(`${e.mac} dev ${port.name} vlan 1 master ${br.name} permanent\n`);
    } else if (now - e.updated <= br.ageingMs) {
      // fdb_to_nud: NUD_REACHABLE, printed as "" (br_fdb_cleanup deletes entries once they have expired).
      lines.push(`${e.mac} dev ${port.name} master ${br.name} \n`);
    }
  }
  return lines.reverse().join('');
}

/** `bridge fdb show [dev DEV | br BR]` in namespace `nsName`. */
export function bridgeFdbShow(world: World, nsName: string, opts: FdbShowOptions = {}): string {
  const ns = world.netns(nsName);
  const multicast = opts.multicast ?? true;
  // fdb_show: the names are resolved before the dump request.
  if (opts.br !== undefined && !ns.devices.has(opts.br)) fail('NOT_FOUND', `Cannot find bridge device "${opts.br}"`);
  if (opts.dev !== undefined && !ns.devices.has(opts.dev)) fail('NOT_FOUND', `Cannot find device "${opts.dev}"`);
  let devices = devicesInOrder(ns);
  if (opts.br !== undefined) {
    const br = opts.br;
    // rtnl_fdb_dump with a bridge: the bridge itself and its ports; nothing if the device is no bridge.
    devices = ns.devices.get(br)!.kind === 'bridge' ? devices.filter((d) => d.name === br || d.master === br) : [];
  }
  if (opts.dev !== undefined) {
    const only = opts.dev;
    const lines = dumpDevices(world, ns, devices.filter((d) => d.name === only), multicast);
    // Every entry of this dump is the device's (ndm_ifindex): print_fdb omits "dev NAME".
    return lines.split('\n').map((l) => l.replace(` dev ${only} `, ' ')).join('\n');
  }
  return dumpDevices(world, ns, devices, multicast);
}

function dumpDevices(world: World, ns: Netns, devices: readonly Device[], multicast: boolean): string {
  let out = '';
  for (const dev of devices) {
    // ndo_dflt_fdb_dump: only ARPHRD_ETHER devices have an address list to dump.
    if (dev.kind === 'loopback') continue;
    if (dev.master !== undefined) {
      const br = ns.devices.get(dev.master);
      if (br?.kind === 'bridge') out += bridgeEntries(world, br, dev);
    }
    switch (dev.kind) {
      case 'bridge':
        if (multicast) out += selfLines(world, ns, dev);
        out += bridgeEntries(world, dev, undefined);
        break;
      case 'vxlan':
        for (const f of dev.fdb) out += `${f.mac} dev ${dev.name} dst ${formatIpv4(f.dst)} self permanent\n`;
        break;
      case 'veth':
      case 'ether':
      case 'dummy':
        if (multicast) out += selfLines(world, ns, dev);
        break;
    }
  }
  return out;
}
