/** Ethernet MAC addresses as lowercase colon-separated strings ("0a:58:0a:f4:01:01"). */
import { fail } from '../core/errors';
import type { Rng } from '../core/rng';

export type Mac = string;

export const BROADCAST_MAC: Mac = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC: Mac = '00:00:00:00:00:00';

export function parseMac(s: string, what = 'MAC address'): Mac {
  const t = s.trim().toLowerCase();
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(t)) fail('BAD_ADDRESS', `${what} "${s}" must be six hex bytes separated by colons, like 0a:58:0a:f4:01:01`);
  return t;
}

/**
 * A random unicast, locally administered MAC, as the kernel's eth_random_addr() makes for veth and
 * bridge devices (include/linux/etherdevice.h: clear the multicast bit, set the local bit).
 */
export function randomMac(rng: Rng): Mac {
  const bytes = Array.from({ length: 6 }, () => rng.int(256));
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
