/**
 * `ip link show [dev D]` and `ip address show [dev D]` (iproute2 ip/ipaddress.c print_linkinfo,
 * print_addrinfo), byte for byte, including the trailing blanks the tool leaves: every field is printed as
 * "%s " so the header line ends in "group default " when there is no qlen, and an `inet6` line (which has no
 * label) ends in "scope link ".
 *
 *   N: NAME[@ifP]: <FLAGS> mtu M qdisc Q [master BR ]state S [mode DEFAULT ]group default [qlen L]
 *       link/ether MAC brd ff:ff:ff:ff:ff:ff[ link-netns NAME| link-netnsid N]
 *       inet A/LEN [brd B ]scope S [secondary ]LABEL
 *          valid_lft forever preferred_lft forever
 *       inet6 fe80::…/64 scope link 
 *          valid_lft forever preferred_lft forever
 *
 * IPv4 addresses come first, primaries before secondaries (__inet_insert_ifa keeps secondaries at the end);
 * the only IPv6 addresses are the EUI-64 link-local address (addrconf_add_linklocal, IFA_F_PERMANENT, so no
 * `dynamic`) and ::1 on loopback (the pre-6.x form without `noprefixroute`).
 *
 * Not modelled: `-d`/`-s`/`-br`/`-j` output, altnames, address lifetimes other than forever, `dynamic`,
 * `noprefixroute`, IPv6 addresses other than the two above. See link-state.ts for carrier and state.
 */
import { fail } from '../core/errors';
import { formatIpv4 } from '../addr/ipv4';
import { formatIpv6, linkLocalFromMac } from '../addr/ipv6';
import type { Device, IfAddress } from '../link/devices';
import type { Netns } from '../netns/netns';
import type { World } from '../world/world';
import {
  devicesInOrder, hasIpv6, hasLinkLocal, linkFlags, linkNetnsText, operState, qdiscOf, txQueueLen,
} from './link-state';

const LIFETIME = '       valid_lft forever preferred_lft forever\n';

/** `ip address show [dev DEV]` in namespace `nsName`. */
export function ipAddressShow(world: World, nsName: string, dev?: string): string {
  const ns = world.netns(nsName);
  return selectDevices(ns, dev).map((d) => linkHeader(world, ns, d, false) + addressLines(world, ns, d)).join('');
}

/** `ip link show [dev DEV]` in namespace `nsName`. */
export function ipLinkShow(world: World, nsName: string, dev?: string): string {
  const ns = world.netns(nsName);
  return selectDevices(ns, dev).map((d) => linkHeader(world, ns, d, true)).join('');
}

function selectDevices(ns: Netns, dev: string | undefined): Device[] {
  if (dev === undefined) return devicesInOrder(ns);
  const d = ns.devices.get(dev);
  // ipaddr_list_flush_or_save: the name does not resolve to an ifindex.
  if (!d) fail('NOT_FOUND', `Device "${dev}" does not exist.`);
  return [d];
}

/** The name with its link: `vethX@if5` names the peer's ifindex in the peer's namespace (print_name_and_link). */
function nameAndLink(world: World, ns: Netns, dev: Device): string {
  if (dev.kind !== 'veth') return dev.name;
  const peer = world.peerOf(ns.name, dev.name);
  return peer ? `${dev.name}@if${peer.dev.ifindex}` : `${dev.name}@NONE`;
}

function linkHeader(world: World, ns: Netns, dev: Device, linkMode: boolean): string {
  let line = `${dev.ifindex}: ${nameAndLink(world, ns, dev)}: <${linkFlags(world, ns, dev).join(',')}> `;
  line += `mtu ${dev.mtu} qdisc ${qdiscOf(dev)} `;
  if (dev.master !== undefined) line += `master ${dev.master} `;
  line += `state ${operState(world, ns, dev)} `;
  // print_linkmode only for `ip link` (do_link); IF_LINK_MODE_DEFAULT.
  if (linkMode) line += 'mode DEFAULT ';
  line += 'group default ';
  const qlen = txQueueLen(dev);
  if (qlen) line += `qlen ${qlen}`;
  line += '\n';
  if (dev.kind === 'loopback') {
    line += `    link/loopback ${dev.mac} brd 00:00:00:00:00:00`;
  } else {
    line += `    link/ether ${dev.mac} brd ff:ff:ff:ff:ff:ff`;
  }
  line += linkNetnsText(world, ns, dev);
  return `${line}\n`;
}

function inetLine(dev: Device, a: IfAddress): string {
  let s = `    inet ${formatIpv4(a.ip)}/${a.len} `;
  if (a.brd !== undefined) s += `brd ${formatIpv4(a.brd)} `;
  s += `scope ${a.scope} `;
  if (a.secondary) s += 'secondary ';
  // IFA_LABEL defaults to the device name for IPv4 (inet_rtm_newaddr).
  s += dev.name;
  return `${s}\n${LIFETIME}`;
}

function addressLines(world: World, ns: Netns, dev: Device): string {
  const v4 = [...dev.addrs.filter((a) => !a.secondary), ...dev.addrs.filter((a) => a.secondary)];
  let out = v4.map((a) => inetLine(dev, a)).join('');
  if (dev.kind === 'loopback') {
    // init_loopback on NETDEV_UP: ::1/128 scope host.
    if (dev.up && hasIpv6(dev)) out += `    inet6 ::1/128 scope host \n${LIFETIME}`;
  } else if (hasLinkLocal(world, ns, dev)) {
    out += `    inet6 ${formatIpv6(linkLocalFromMac(dev.mac))}/64 scope link \n${LIFETIME}`;
  }
  return out;
}
