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
 * The global options of `ip` change the form:
 *   -4 / -6   only addresses of that family, and only devices that have one (ipaddr_filter);
 *   -o        one line per record (_SL_ = "\\" instead of the inner newlines); `ip -o addr` prints no link
 *             lines, each address line starting "N: NAME" (print_addrinfo with filter.oneline);
 *   -br       `ip -br addr`: NAME[@ifP] padded "%-16s ", the operstate "%-14s ", then "ADDR/LEN " per
 *             address (print_linkinfo_brief, print_addrinfo brief); `ip -br link`: NAME, state, the MAC and
 *             the <FLAGS> (the link family, AF_PACKET). Lines end in a blank, as the tool's do.
 *
 * Not modelled: `-d`/`-s`/`-j` output, altnames, address lifetimes other than forever, `dynamic`,
 * `noprefixroute`, IPv6 addresses other than the two above, colours (`-c`). See link-state.ts for carrier and
 * state.
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

export type AddressFamily = 'inet' | 'inet6';

/** The global options `ip` reads before the object: -4/-6, -o, -br. */
export interface IpShowOptions {
  family?: AddressFamily;
  oneline?: boolean;
  brief?: boolean;
}

/** `ip [-4|-6] [-o|-br] address show [dev DEV]` in namespace `nsName`. */
export function ipAddressShow(world: World, nsName: string, dev?: string, opts: IpShowOptions = {}): string {
  const ns = world.netns(nsName);
  const family = opts.family;
  // ipaddr_filter: with a family asked for, a device without an address of that family is left out.
  const devices = selectDevices(ns, dev).filter((d) => !family || addresses(world, ns, d).some((a) => a.family === family));
  const of = (d: Device) => addresses(world, ns, d).filter((a) => !family || a.family === family);
  if (opts.brief) {
    return devices.map((d) => `${brief(nameAndLink(world, ns, d), operState(world, ns, d))}${of(d).map((a) => `${a.address} `).join('')}\n`).join('');
  }
  if (opts.oneline) {
    // ll_index_to_name: the bare name, then the address line with its inner newline as "\\".
    return devices.flatMap((d) => of(d).map((a) => `${d.ifindex}: ${d.name}${a.text.replace('\n', '\\')}`)).join('');
  }
  return devices.map((d) => linkHeader(world, ns, d, false) + of(d).map((a) => a.text).join('')).join('');
}

/** `ip [-o|-br] link show [dev DEV]` in namespace `nsName`. */
export function ipLinkShow(world: World, nsName: string, dev?: string, opts: Omit<IpShowOptions, 'family'> = {}): string {
  const ns = world.netns(nsName);
  const devices = selectDevices(ns, dev);
  if (opts.brief) {
    // print_linkinfo_brief with filter.family AF_PACKET: the address, then print_link_flags ("<...> ").
    return devices.map((d) => `${brief(nameAndLink(world, ns, d), operState(world, ns, d))}${d.mac} <${linkFlags(world, ns, d).join(',')}> \n`).join('');
  }
  return devices.map((d) => {
    const text = linkHeader(world, ns, d, true);
    return opts.oneline ? `${text.slice(0, -1).replace('\n', '\\')}\n` : text;
  }).join('');
}

/** print_name_and_link("%-16s ") and print_operstate("%-14s "). */
function brief(name: string, state: string): string {
  return `${name.padEnd(16)} ${state.padEnd(14)} `;
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

interface AddressEntry {
  family: AddressFamily;
  /** "ADDR/LEN", as `ip -br` prints it. */
  address: string;
  /** The address's lines in `ip address show`. */
  text: string;
}

/** The device's addresses in the order the kernel dumps them: IPv4 (primaries first), then IPv6. */
function addresses(world: World, ns: Netns, dev: Device): AddressEntry[] {
  const v4 = [...dev.addrs.filter((a) => !a.secondary), ...dev.addrs.filter((a) => a.secondary)];
  const out: AddressEntry[] = v4.map((a) => ({ family: 'inet', address: `${formatIpv4(a.ip)}/${a.len}`, text: inetLine(dev, a) }));
  if (dev.kind === 'loopback') {
    // init_loopback on NETDEV_UP: ::1/128 scope host.
    if (dev.up && hasIpv6(dev)) out.push({ family: 'inet6', address: '::1/128', text: `    inet6 ::1/128 scope host \n${LIFETIME}` });
  } else if (hasLinkLocal(world, ns, dev)) {
    const ll = `${formatIpv6(linkLocalFromMac(dev.mac))}/64`;
    out.push({ family: 'inet6', address: ll, text: `    inet6 ${ll} scope link \n${LIFETIME}` });
  }
  return out;
}
