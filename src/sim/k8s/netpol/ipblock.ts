/**
 * ipBlock CIDRs: parsing them the way the API server does, and matching a peer IP against `cidr` minus
 * `except`.
 *
 * Parsing follows IsValidCIDRForLegacyField with strict validation OFF, which is the default while the
 * StrictIPCIDRValidation feature gate is alpha (pkg/features: alpha, default false, since 1.33):
 * netutils.ParseCIDRSloppy accepts host bits ("10.0.0.1/24" is read as 10.0.0.0/24) and leading zeros,
 * and the API server only returns a warning for them (GetWarningsForCIDR). A value without "/" is an
 * error. Matching uses the masked network, as every implementation does with net.IPNet.Contains
 * (kube-network-policies evaluateIPBlocks).
 *
 * Not modelled: IPv4-mapped IPv6 forms ("::ffff:1.2.3.4/120"); the strict (gate on) behaviour.
 */
import { formatIpv4, maskOf, tryParseIpv4 } from '../../addr/ipv4';
import { formatIpv6, mask6, tryParseIpv6 } from '../../addr/ipv6';
import type { CompiledCidr } from './types';

export interface ParsedApiCidr {
  readonly cidr: CompiledCidr;
  readonly family: 4 | 6;
  readonly len: number;
  /** "network/len" in canonical text. */
  readonly canonical: string;
  /** Bits beyond the prefix length were set in the written address. */
  readonly hostBits: boolean;
  /** The written address as a single-IP prefix (what the user may have meant instead). */
  readonly singleIp: string;
  /** Written with leading zeros (accepted by the sloppy parser, warned about). */
  readonly nonStandard: boolean;
}

/** The sloppy IPv4 parse of k8s.io/utils/net: leading zeros are read as decimal, not octal. */
function parseIpv4Sloppy(s: string): { n: number; leadingZeros: boolean } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  let n = 0;
  let leadingZeros = false;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part[0] === '0') leadingZeros = true;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return { n, leadingZeros };
}

/** Parses an ipBlock `cidr`/`except` value, or returns undefined when the API server would reject it. */
export function parseApiCidr(text: string): ParsedApiCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined; // ParseCIDR needs "addr/len"
  const ipPart = text.slice(0, slash);
  const lenPart = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenPart)) return undefined;
  const len = Number(lenPart);
  const lenLeadingZero = lenPart.length > 1 && lenPart[0] === '0';
  const v4 = parseIpv4Sloppy(ipPart);
  if (v4) {
    if (len > 32) return undefined;
    const net = (v4.n & maskOf(len)) >>> 0;
    return {
      cidr: { family: 4, addr: net, len },
      family: 4,
      len,
      canonical: `${formatIpv4(net)}/${len}`,
      hostBits: net !== v4.n,
      singleIp: `${formatIpv4(v4.n)}/32`,
      nonStandard: v4.leadingZeros || lenLeadingZero,
    };
  }
  const v6 = tryParseIpv6(ipPart);
  if (v6 === undefined || len > 128) return undefined;
  const net = v6 & mask6(len);
  const canonical = `${formatIpv6(net)}/${len}`;
  return {
    cidr: { family: 6, text: canonical },
    family: 6,
    len,
    canonical,
    hostBits: net !== v6,
    singleIp: `${formatIpv6(v6)}/128`,
    nonStandard: lenLeadingZero,
  };
}

/** `except` must be a strict subset of `cidr` (ValidateIPBlock: inside it, and with a longer prefix). */
export function isStrictSubset(outer: ParsedApiCidr, inner: ParsedApiCidr): boolean {
  if (outer.family !== inner.family || inner.len <= outer.len) return false;
  const innerNet = inner.canonical.slice(0, inner.canonical.lastIndexOf('/'));
  const ip = parsePeerIp(innerNet);
  return ip !== undefined && cidrContainsIp(outer.cidr, ip);
}

/** A peer address, parsed once per evaluation. */
export type PeerIp = { readonly family: 4; readonly n: number } | { readonly family: 6; readonly v: bigint };

export function parsePeerIp(s: string): PeerIp | undefined {
  const n = tryParseIpv4(s);
  if (n !== undefined) return { family: 4, n };
  const v = tryParseIpv6(s);
  if (v !== undefined) return { family: 6, v };
  return undefined;
}

/** net.IPNet.Contains: an address of the other family is never inside. */
export function cidrContainsIp(c: CompiledCidr, ip: PeerIp): boolean {
  if (c.family === 4) {
    return ip.family === 4 && ((ip.n & maskOf(c.len)) >>> 0) === c.addr;
  }
  if (ip.family !== 6) return false;
  const slash = c.text.lastIndexOf('/');
  const len = Number(c.text.slice(slash + 1));
  const net = tryParseIpv6(c.text.slice(0, slash));
  return net !== undefined && (ip.v & mask6(len)) === net;
}

/** The ipBlock peer rule: inside `cidr` and inside none of `except` (kube-network-policies evaluateIPBlocks). */
export function ipBlockMatches(cidr: CompiledCidr, except: readonly CompiledCidr[], ip: PeerIp): boolean {
  if (!cidrContainsIp(cidr, ip)) return false;
  return !except.some((e) => cidrContainsIp(e, ip));
}

export function formatCompiledCidr(c: CompiledCidr): string {
  return c.family === 4 ? `${formatIpv4(c.addr)}/${c.len}` : c.text;
}
