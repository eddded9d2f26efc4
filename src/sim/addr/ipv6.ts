/**
 * IPv6 addresses as bigint, parsed with ip-num at the edge and printed in RFC 5952 canonical form
 * (lowercase, longest run of two or more zero groups compressed, first run on a tie).
 *
 * Not modelled: an IPv6 data plane. Addresses are accepted and printed (link-local addresses on
 * interfaces, dual-stack manifests); packets are IPv4 only.
 */
import { IPv6 } from 'ip-num';
import { fail } from '../core/errors';

export type Ipv6 = bigint;

export interface Cidr6 {
  readonly addr: Ipv6;
  readonly len: number;
}

export function tryParseIpv6(s: string): Ipv6 | undefined {
  const t = s.trim();
  if (!t.includes(':') || t.includes('/')) return undefined;
  try {
    return IPv6.fromString(t).getValue();
  } catch {
    return undefined;
  }
}

export function parseIpv6(s: string, what = 'address'): Ipv6 {
  const v = tryParseIpv6(s);
  if (v === undefined) fail('BAD_ADDRESS', `${what} "${s}" is not an IPv6 address: write eight groups of hex digits, like fd00:10:244::1`);
  return v;
}

/** RFC 5952 §4 text form. */
export function formatIpv6(v: Ipv6): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1; // §4.2.2: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

const MASK128 = (1n << 128n) - 1n;

export function mask6(len: number): bigint {
  return len === 0 ? 0n : (MASK128 << BigInt(128 - len)) & MASK128;
}

export function parseCidr6(s: string, what = 'prefix'): Cidr6 {
  const [ipPart, lenPart = '128'] = s.trim().split('/');
  const ip = tryParseIpv6(ipPart ?? '');
  if (ip === undefined || !/^\d{1,3}$/.test(lenPart) || Number(lenPart) > 128) {
    fail('BAD_CIDR', `${what} "${s}" is not an IPv6 prefix: write an address and a length 0-128, like fd00:10:244::/56`);
  }
  const len = Number(lenPart);
  const net = ip & mask6(len);
  if (net !== ip) {
    fail('MISALIGNED_CIDR', `${what} "${s}" has host bits set: write ${formatIpv6(net)}/${len}`);
  }
  return { addr: net, len };
}

export function cidr6Contains(c: Cidr6, ip: Ipv6): boolean {
  return (ip & mask6(c.len)) === c.addr;
}

export function formatCidr6(c: Cidr6): string {
  return `${formatIpv6(c.addr)}/${c.len}`;
}

/** EUI-64 link-local address for a MAC (RFC 4291 §2.5.1, appendix A): fe80::/64 + flipped U/L bit + ff:fe. */
export function linkLocalFromMac(mac: string): Ipv6 {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const iid = [b[0]! ^ 0x02, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  let v = 0xfe80n << 112n;
  for (let i = 0; i < 8; i++) v |= BigInt(iid[i]!) << BigInt((7 - i) * 8);
  return v;
}
