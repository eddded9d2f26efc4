/**
 * `ip neigh show [dev D]` (iproute2 ip/ipneigh.c print_neigh, iproute2 ≥ 5.16 spacing: every field is "%s "):
 *   DST dev D lladdr MAC STATE 
 *   DST dev D FAILED 
 * (the line ends in a blank). The state is computed from the clock: an entry confirmed more than
 * base_reachable_time ago reads STALE (neigh/neigh.ts stateAt). With `dev D` the `dev` field is left out, as the
 * tool does when it filters on a device.
 *
 * Not modelled: IPv6 neighbours, `router`/`proxy` flags, `-s` statistics, the kernel's hash-table dump order
 * (entries are listed in the order they were created).
 */
import { fail } from '../core/errors';
import { formatIpv4 } from '../addr/ipv4';
import type { World } from '../world/world';

/** `ip neigh show [dev DEV]` in namespace `nsName`. */
export function ipNeighShow(world: World, nsName: string, dev?: string): string {
  const ns = world.netns(nsName);
  // do_show_or_flush: an unknown device name.
  if (dev !== undefined && !ns.devices.has(dev)) fail('NOT_FOUND', `Cannot find device "${dev}"`);
  const now = world.clock.now();
  let out = '';
  for (const e of ns.neigh.list()) {
    if (dev !== undefined && e.dev !== dev) continue;
    let s = `${formatIpv4(e.ip)} `;
    if (dev === undefined) s += `dev ${e.dev} `;
    if (e.mac !== undefined) s += `lladdr ${e.mac} `;
    s += `${ns.neigh.stateAt(e, now)} `;
    out += `${s}\n`;
  }
  return out;
}
