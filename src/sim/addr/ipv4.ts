/**
 * IPv4 addresses and prefixes as plain numbers. An address is an unsigned 32-bit integer; a prefix is
 * `{ addr, len }` with the host bits zero. Strings are parsed once at the edge (manifests, CLI, learner
 * API); routing, netfilter and conntrack compare numbers only, which keeps the hot paths fast.
 *
 * Not modelled: the classful shorthand forms inet_aton() accepts ("10.1", "0x0a000001"); like iproute2
 * and iptables in their normal use, only dotted quads are accepted.
 */
import { fail } from '../core/errors';

export type Ipv4 = number;

export interface Cidr4 {
  /** Network address (host bits zero). */
  readonly addr: Ipv4;
  /** Prefix length 0..32. */
  readonly len: number;
}

/**
 * Parses a dotted quad, or returns undefined: four decimal numbers 0-255 of one to three digits, surrounding
 * blanks allowed. Leading zeros are rejected (they mean octal to inet_aton). A hand-written scanner: restoring
 * a big ruleset parses several addresses per rule.
 */
export function tryParseIpv4(input: string): Ipv4 | undefined {
  const plain = (c: number) => c > 32 && c < 127;
  const s = plain(input.charCodeAt(0)) && plain(input.charCodeAt(input.length - 1)) ? input : input.trim();
  let n = 0;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
    const start = i;
    let v = 0;
    while (i < s.length && i - start < 4) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || v > 255) return undefined;
    if (digits > 1 && s.charCodeAt(start) === 48) return undefined;
    n = n * 256 + v;
  }
  return i === s.length ? n : undefined;
}

export function parseIpv4(s: string, what = 'address'): Ipv4 {
  const n = tryParseIpv4(s);
  if (n === undefined) {
    fail('BAD_ADDRESS', `${what} "${s}" is not an IPv4 address: write four numbers 0-255 separated by dots, like 10.244.1.2`);
  }
  return n;
}

export function isIpv4(s: string): boolean {
  return tryParseIpv4(s) !== undefined;
}

/** Decimal text of each octet value: printing a ruleset formats hundreds of thousands of addresses. */
const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

export function formatIpv4(n: Ipv4): string {
  return OCTET[(n >>> 24) & 255]! + '.' + OCTET[(n >>> 16) & 255]! + '.' + OCTET[(n >>> 8) & 255]! + '.' + OCTET[n & 255]!;
}

/** Netmask for a prefix length, as an unsigned number (0 for /0). */
export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

export function networkOf(ip: Ipv4, len: number): Ipv4 {
  return (ip & maskOf(len)) >>> 0;
}

export function broadcastOf(ip: Ipv4, len: number): Ipv4 {
  return (networkOf(ip, len) | (~maskOf(len) >>> 0)) >>> 0;
}

export function cidrContains(c: Cidr4, ip: Ipv4): boolean {
  return ((ip & maskOf(c.len)) >>> 0) === c.addr;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrCovers(outer: Cidr4, inner: Cidr4): boolean {
  return inner.len >= outer.len && cidrContains(outer, inner.addr);
}

export function cidrOverlaps(a: Cidr4, b: Cidr4): boolean {
  return cidrContains(a, b.addr) || cidrContains(b, a.addr);
}

export function formatCidr(c: Cidr4): string {
  return `${formatIpv4(c.addr)}/${c.len}`;
}

function splitSlash(s: string, what: string): [Ipv4, number | undefined] {
  const t = s.trim();
  const slash = t.indexOf('/');
  const ipPart = slash < 0 ? t : t.slice(0, slash);
  const ip = tryParseIpv4(ipPart);
  if (ip === undefined) {
    fail('BAD_CIDR', `${what} "${s}" is not an IPv4 prefix: write an address and a length, like 10.244.0.0/16`);
  }
  if (slash < 0) return [ip, undefined];
  const lenPart = t.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lenPart) || Number(lenPart) > 32) {
    fail('BAD_CIDR', `${what} "${s}": prefix length "${lenPart}" must be a number from 0 to 32`);
  }
  return [ip, Number(lenPart)];
}

/**
 * Parses a prefix such as 10.244.0.0/16. A bare address means /32 (as `ip route` and iptables read it).
 * Host bits must be zero: the kernel rejects `ip route add 10.244.1.0/16` with "Invalid prefix for given
 * prefix length", and so do we, naming the aligned form.
 */
export function parseCidr(s: string, what = 'prefix'): Cidr4 {
  const [ip, len = 32] = splitSlash(s, what);
  const net = networkOf(ip, len);
  if (net !== ip) {
    fail(
      'MISALIGNED_CIDR',
      `${what} "${s}" has host bits set: a /${len} starts at ${formatIpv4(net)}, so write ${formatIpv4(net)}/${len} (or use a longer prefix)`,
    );
  }
  return { addr: net, len };
}

/**
 * Like parseCidr, but host bits are cleared instead of rejected. iptables does this for `-s`/`-d`
 * (`-s 10.244.1.5/16` is saved as `10.244.0.0/16`), so its parser uses this form.
 */
export function parseCidrLoose(s: string, what = 'prefix'): Cidr4 {
  const [ip, len = 32] = splitSlash(s, what);
  return { addr: networkOf(ip, len), len };
}

/** An interface address: host address plus prefix length, as in `ip address add 10.244.1.1/24`. */
export interface IfAddr4 {
  readonly ip: Ipv4;
  readonly len: number;
}

export function parseIfAddr(s: string, what = 'interface address'): IfAddr4 {
  const [ip, len = 32] = splitSlash(s, what);
  return { ip, len };
}

/** The n-th address of a prefix (0 = network address). */
export function nthAddress(c: Cidr4, n: number): Ipv4 {
  const size = 2 ** (32 - c.len);
  if (n < 0 || n >= size) fail('BAD_ADDRESS', `${formatCidr(c)} has ${size} addresses; index ${n} is outside it`);
  return (c.addr + n) >>> 0;
}

export function cidrSize(c: Cidr4): number {
  return 2 ** (32 - c.len);
}

/**
 * Splits a prefix into subnets of length `len` (podSubnet 10.244.0.0/16 → node /24s), in address order.
 * `count` limits how many are returned.
 */
export function subnets(c: Cidr4, len: number, count = Infinity): Cidr4[] {
  if (len < c.len || len > 32) fail('BAD_CIDR', `cannot split ${formatCidr(c)} into /${len} subnets: the length must be between ${c.len} and 32`);
  const total = 2 ** (len - c.len);
  const step = 2 ** (32 - len);
  const out: Cidr4[] = [];
  for (let i = 0; i < total && i < count; i++) out.push({ addr: (c.addr + i * step) >>> 0, len });
  return out;
}

/** Loopback 127.0.0.0/8 (RFC 1122 §3.2.1.3(g)). */
export const LOOPBACK_NET: Cidr4 = { addr: 0x7f000000, len: 8 };
export const ANY4: Ipv4 = 0;

export function isLoopback(ip: Ipv4): boolean {
  return ip >>> 24 === 127;
}

/** 224.0.0.0/4 (RFC 5771). */
export function isMulticast(ip: Ipv4): boolean {
  return ip >>> 28 === 14;
}
