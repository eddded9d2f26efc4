/**
 * `sysctl NAME` / `sysctl -a` (procps sysctl.c ReadSetting: "%s = %s\n") for the namespace's modelled sysctls.
 * A name may be written with dots or slashes (`net/ipv4/ip_forward`), as sysctl accepts.
 *
 * Not modelled: the hundreds of sysctls the simulator does not act on (they are reported as missing, with the
 * tool's message), `-n`, `-w` (writes go through Netns.setSysctl).
 */
import { fail } from '../core/errors';
import { SYSCTL_DEFAULTS, type SysctlName } from '../netns/sysctl';
import type { World } from '../world/world';

function isModelled(name: string): name is SysctlName {
  return Object.prototype.hasOwnProperty.call(SYSCTL_DEFAULTS, name);
}

/** `sysctl NAME` (one line) or, without a name, every modelled sysctl sorted by name like `sysctl -a`. */
export function sysctlShow(world: World, nsName: string, name?: string): string {
  const ns = world.netns(nsName);
  if (name === undefined) {
    const names = (Object.keys(ns.sysctl) as SysctlName[]).sort();
    return names.map((n) => `${n} = ${ns.sysctl[n]}\n`).join('');
  }
  const key = name.replace(/\//g, '.');
  if (!isModelled(key)) {
    fail('NOT_FOUND', `sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`);
  }
  return `${key} = ${ns.sysctl[key]}\n`;
}
