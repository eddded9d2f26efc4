/**
 * Parsing and printing of the small values in iptables options: unsigned numbers (base 0, as
 * xtables_strtoui), ports and port ranges, addresses with masks, interface names, mark/mask pairs,
 * protocol names, and the statistic probability (stored as lround(2^31 p), printed with %.11f).
 *
 * Every parser returns a value or an error string (the caller adds the rule context and throws), so the
 * messages name the option and the offending text.
 *
 * Not modelled: host and service names (getaddrinfo, /etc/services); IPv6.
 */
import { formatIpv4, maskOf, tryParseIpv4 } from '../addr';
import type { AddrSpec, IfaceSpec, PortRange } from './types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const err = <T>(error: string): Parsed<T> => ({ ok: false, error });

/**
 * Unsigned integer with C strtoul base 0: "0x1f" hex, "017" octal, "17" decimal
 * (libxtables xtables_strtoui). The whole string must be consumed.
 */
export function parseUint(s: string, max: number): number | undefined {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]+$/.test(s)) n = parseInt(s.slice(1), 8);
  else if (/^(0|[1-9][0-9]*)$/.test(s)) n = Number(s);
  else return undefined;
  return Number.isFinite(n) && n <= max ? n : undefined;
}

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}

/** One port (xtables_parse_port: a number 0-65535; service names are not modelled). */
export function parsePort(s: string): Parsed<number> {
  const n = parseUint(s, 65535);
  if (n === undefined) return err(`invalid port/service \`${s}' specified: write a number from 0 to 65535`);
  return ok(n);
}

/** `80`, `80:90`, `:90` (0:90), `80:` (80:65535), as libxt_tcp parse_tcp_ports. */
export function parsePortRange(s: string): Parsed<PortRange> {
  const colon = s.indexOf(':');
  if (colon < 0) {
    const p = parsePort(s);
    return p.ok ? ok({ min: p.value, max: p.value }) : p;
  }
  const a = s.slice(0, colon);
  const b = s.slice(colon + 1);
  const min = a === '' ? ok(0) : parsePort(a);
  if (!min.ok) return min;
  const max = b === '' ? ok(65535) : parsePort(b);
  if (!max.ok) return max;
  if (min.value > max.value) return err(`invalid portrange (min > max) in "${s}": write the lower port first`);
  return ok({ min: min.value, max: max.value });
}

export function formatPortRange(r: PortRange, sep = ':'): string {
  return r.min === r.max ? `${r.min}` : `${r.min}${sep}${r.max}`;
}

/** Prefix length of a contiguous mask, or -1 (xtables_ipmask_to_cidr). */
export function maskToLen(mask: number): number {
  // Contiguous when the host part (~mask) is 2^k - 1; the prefix length is then its leading zeros.
  const host = ~mask >>> 0;
  return (host & (host + 1)) === 0 ? Math.clz32(host) : -1;
}

function parseMask(s: string): number | undefined {
  const dotted = tryParseIpv4(s);
  if (dotted !== undefined) return dotted;
  const bits = parseUint(s, 32);
  return bits === undefined ? undefined : maskOf(bits);
}

/**
 * `-s`/`-d` value: a comma list of `addr[/mask]` (xtables_ipparse_multiple). The mask is a prefix length
 * or a dotted mask; host bits are cleared; a zero mask ignores the address ("any/0" is valid). Duplicate
 * results are kept, as iptables does.
 */
export function parseAddrList(s: string): Parsed<{ addr: number; mask: number }[]> {
  const out: { addr: number; mask: number }[] = [];
  for (const raw of s.split(',')) {
    const item = raw.trim();
    const slash = item.lastIndexOf('/');
    const hostPart = slash < 0 ? item : item.slice(0, slash);
    let mask = 0xffffffff;
    if (slash >= 0) {
      const m = parseMask(item.slice(slash + 1));
      if (m === undefined) return err(`invalid mask \`${item.slice(slash + 1)}' specified in "${item}": write a length 0-32 or a dotted mask`);
      mask = m;
    }
    if (mask === 0) {
      out.push({ addr: 0, mask: 0 });
      continue;
    }
    const ip = tryParseIpv4(hostPart);
    if (ip === undefined) {
      return err(`host/network \`${hostPart}' not found: write an IPv4 address like 10.96.0.1 or a prefix like 10.244.0.0/16 (names are not resolved)`);
    }
    out.push({ addr: (ip & mask) >>> 0, mask: mask >>> 0 });
  }
  return ok(out);
}

/** `10.96.0.1/32`, `10.244.0.0/16`, or `1.2.3.4/255.0.255.0` for a non-contiguous mask. */
export function formatAddrMask(a: { addr: number; mask: number }): string {
  const len = maskToLen(a.mask);
  return `${formatIpv4(a.addr)}/${len >= 0 ? len : formatIpv4(a.mask)}`;
}

/** Whether a rule's -s/-d is a no-op (0.0.0.0/0 without `!`): iptables-save omits it. */
export function isAnyAddr(a: AddrSpec | undefined): boolean {
  return a === undefined || (a.mask === 0 && a.addr === 0 && !a.invert);
}

/** IFNAMSIZ is 16 including the NUL. */
const IFNAMSIZ = 16;

/** `-i`/`-o` value (xtables_parse_interface): up to 15 characters, `+` at the end is a wildcard. */
export function parseIface(s: string, invert: boolean): Parsed<IfaceSpec> {
  if (s.length >= IFNAMSIZ) return err(`interface name \`${s}' must be shorter than IFNAMSIZ (${IFNAMSIZ})`);
  if (s.length === 0) return err('interface name must not be empty');
  if (/[\s/]/.test(s)) return err(`interface name \`${s}' contains a space or '/'`);
  const wildcard = s.endsWith('+');
  return ok({ name: wildcard ? s.slice(0, -1) : s, wildcard, invert });
}

/** Whether `-i +` (matches every interface): iptables-save omits it. */
export function isAnyIface(i: IfaceSpec | undefined): boolean {
  return i === undefined || (i.wildcard && i.name === '' && !i.invert);
}

export function formatIface(i: IfaceSpec): string {
  return i.wildcard ? `${i.name}+` : i.name;
}

/** `value[/mask]` for --mark and --set-xmark (XTTYPE_MARKMASK32); the mask defaults to 0xffffffff. */
export function parseMarkMask(s: string): Parsed<{ value: number; mask: number; maskGiven: boolean }> {
  const slash = s.indexOf('/');
  const v = parseUint(slash < 0 ? s : s.slice(0, slash), 0xffffffff);
  if (v === undefined) return err(`bad mark value "${s}": write a number such as 0x4000 (optionally /mask)`);
  if (slash < 0) return ok({ value: v, mask: 0xffffffff, maskGiven: false });
  const m = parseUint(s.slice(slash + 1), 0xffffffff);
  if (m === undefined) return err(`bad mask in "${s}": write a number such as 0x4000`);
  return ok({ value: v, mask: m, maskGiven: true });
}

/** IP protocol names iptables prints (xtables_chain_protos), plus /etc/protocols names for a few. */
const PROTO_NAMES: Readonly<Record<string, number>> = {
  tcp: 6,
  sctp: 132,
  udp: 17,
  udplite: 136,
  icmp: 1,
  esp: 50,
  ah: 51,
  gre: 47,
  all: 0,
};

/** xtables_parse_protocol: a number 0-255 or a name; names are lower-cased first (xshared.c). */
export function parseProto(s: string): Parsed<number> {
  const lower = s.toLowerCase();
  const n = parseUint(lower, 255);
  if (n !== undefined) return ok(n);
  const byName = PROTO_NAMES[lower];
  if (byName !== undefined) return ok(byName);
  return err(`unknown protocol "${s}" specified: use tcp, udp, sctp, icmp, all or a protocol number`);
}

export function protoName(num: number): string {
  for (const name in PROTO_NAMES) if (PROTO_NAMES[name] === num && name !== 'all') return name;
  return String(num);
}

/** Protocol numbers of the packet kinds the simulator carries. */
export const PROTO_NUM = { tcp: 6, udp: 17, sctp: 132, icmp: 1 } as const;

const TWO_POW_31 = 0x80000000;

/** statistic --probability as the kernel stores it: lround(0x80000000 * p) (libxt_statistic.c). */
export function storeProbability(p: number): number {
  return Math.round(TWO_POW_31 * p);
}

export function effectiveProbability(stored: number): number {
  return stored / TWO_POW_31;
}

/**
 * `%.11f` of stored / 2^31, computed exactly (glibc printf rounds the exact binary value half-to-even;
 * Number#toFixed would round exact ties up).
 */
export function formatProbability(stored: number): string {
  // kube-proxy writes few distinct probabilities (1/n for n up to the endpoint count), hundreds of thousands
  // of times in a big ruleset; the exact decimal is worked out once per value.
  let text = probabilityText.get(stored);
  if (text === undefined) {
    text = exactProbability(stored);
    probabilityText.set(stored, text);
  }
  return text;
}

const probabilityText = new Map<number, string>();

function exactProbability(stored: number): string {
  const scale = 10n ** 11n;
  const num = BigInt(stored) * scale;
  const den = BigInt(TWO_POW_31);
  let q = num / den;
  const r = num % den;
  if (r * 2n > den || (r * 2n === den && q % 2n === 1n)) q += 1n;
  const int = q / scale;
  const frac = (q % scale).toString().padStart(11, '0');
  return `${int}.${frac}`;
}

/**
 * The characters iptables-save leaves unquoted (libxtables xtables_save_string): any other character,
 * or an empty string, makes it double-quote the value and backslash-escape `"`, `\` and `'`.
 */
export function saveString(value: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(value)) return value;
  return '"' + value.replace(/["\\']/g, (c) => '\\' + c) + '"';
}

/** ctime(3) format used by iptables-save's header comments, in UTC: "Mon Jul 14 13:12:21 2025". */
export function formatCtime(epochMs: number): string {
  const d = new Date(epochMs);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (
    `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}
