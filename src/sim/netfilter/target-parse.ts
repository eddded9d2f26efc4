/**
 * Option parsers of the target extensions (`-j NAME --option value`) and the table/hook restrictions
 * the kernel attaches to them (struct xt_target .table and .hooks, checked by xt_check_target when a
 * table is committed).
 *
 * Sources: iptables 1.8 extensions/libipt_REJECT.c, libxt_DNAT.c/libipt_SNAT.c/libipt_MASQUERADE.c/
 * libipt_REDIRECT.c (parse_to / parse_ports), libxt_MARK.c (mark_tg_parse), libipt_LOG.c, libxt_CT.c;
 * kernel net/ipv4/netfilter/ipt_REJECT.c (table "filter", hooks INPUT/FORWARD/OUTPUT), net/netfilter/
 * xt_nat.c (SNAT: nat, POSTROUTING/INPUT; DNAT: nat, PREROUTING/OUTPUT), xt_MASQUERADE.c (nat,
 * POSTROUTING), xt_REDIRECT.c (nat, PREROUTING/OUTPUT), xt_CT.c (CT: raw, PREROUTING/OUTPUT;
 * NOTRACK: raw).
 *
 * Not modelled: CONNMARK, QUEUE/NFQUEUE, TPROXY, NETMAP, CT options other than --notrack, LOG flags.
 */
import { tryParseIpv4 } from '../addr';
import type { Hook, NatRange, ProtoSpec, RejectWith, TableName, Target } from './types';
import { bad, type ExtContext, type ExtParser, type OptDef } from './match-parse';
import { parseMarkMask, parseUint, PROTO_NUM } from './values';

export type TargetExtName = 'REJECT' | 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT' | 'MARK' | 'LOG' | 'NOTRACK' | 'CT';

export interface TargetExtension {
  readonly name: TargetExtName;
  readonly options: readonly OptDef[];
  create(): ExtParser<Target>;
}

/** Where the kernel lets a target run: `table` unset = any table; `hooks` unset = any hook. */
export interface TargetLimit {
  readonly table?: TableName;
  readonly hooks?: readonly Hook[];
}

export const TARGET_LIMITS: Readonly<Record<TargetExtName, TargetLimit>> = {
  REJECT: { table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  DNAT: { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
  SNAT: { table: 'nat', hooks: ['POSTROUTING', 'INPUT'] },
  MASQUERADE: { table: 'nat', hooks: ['POSTROUTING'] },
  REDIRECT: { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
  MARK: {},
  LOG: {},
  NOTRACK: { table: 'raw' },
  CT: { table: 'raw', hooks: ['PREROUTING', 'OUTPUT'] },
};

/** The kernel's names for reject types (libipt_REJECT.c reject_table), with the short aliases. */
const REJECT_TYPES: readonly [RejectWith, string][] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

function portsOk(proto: ProtoSpec | undefined): boolean {
  // libxt_DNAT.c: ports only with TCP, UDP, SCTP or DCCP, and not with `! -p`.
  return proto !== undefined && !proto.invert && [PROTO_NUM.tcp, PROTO_NUM.udp, PROTO_NUM.sctp, 33].includes(proto.num);
}

function parsePortPart(s: string, whole: string): { minPort: number; maxPort: number } {
  if (s.includes(':')) bad(`Invalid port:port syntax in "${whole}" - use dash (e.g. 8080-8090)`);
  const dash = s.indexOf('-');
  const a = parseUint(dash < 0 ? s : s.slice(0, dash), 65535);
  if (a === undefined || a === 0) bad(`Port \`${s}' not valid in "${whole}": write a port 1-65535`);
  if (dash < 0) return { minPort: a, maxPort: a };
  const b = parseUint(s.slice(dash + 1), 65535);
  if (b === undefined || b === 0) bad(`Port \`${s}' not valid in "${whole}": write a port 1-65535`);
  if (b < a) bad(`Port range \`${s}' funky in "${whole}": write the lower port first`);
  return { minPort: a, maxPort: b };
}

/** `ip[-ip][:port[-port]]` or `:port[-port]` (libxt_DNAT.c parse_to). */
function parseNatTo(value: string, ctx: ExtContext, opt: string): NatRange {
  const colon = value.indexOf(':');
  let range: NatRange = {};
  if (colon >= 0) {
    if (!portsOk(ctx.proto)) bad(`--${opt} ${value}: Need TCP, UDP, SCTP or DCCP with port specification: add -p tcp (or udp/sctp) before -j`);
    range = parsePortPart(value.slice(colon + 1), value);
    if (colon === 0) return range;
  }
  const ipPart = colon >= 0 ? value.slice(0, colon) : value;
  const dash = ipPart.indexOf('-');
  const a = tryParseIpv4(dash < 0 ? ipPart : ipPart.slice(0, dash));
  if (a === undefined) bad(`--${opt}: Bad IP address "${ipPart}": write an IPv4 address, e.g. 10.244.1.2:80`);
  let b = a;
  if (dash >= 0) {
    const m = tryParseIpv4(ipPart.slice(dash + 1));
    if (m === undefined) bad(`--${opt}: Bad IP address "${ipPart.slice(dash + 1)}"`);
    if (m < a) bad(`--${opt}: address range ${ipPart} runs backwards: write the lower address first`);
    b = m;
  }
  // One object literal in one shape (a spread here made every DNAT rule's range a slow dictionary object).
  return range.minPort === undefined ? { minIp: a, maxIp: b } : { minIp: a, maxIp: b, minPort: range.minPort, maxPort: range.maxPort };
}

/** `port[-port]` of --to-ports (libipt_MASQUERADE.c / libipt_REDIRECT.c parse_ports). */
function parseToPorts(value: string, ctx: ExtContext): NatRange {
  if (!portsOk(ctx.proto)) bad(`--to-ports ${value}: Need TCP, UDP, SCTP or DCCP with port specification: add -p tcp (or udp/sctp) before -j`);
  return parsePortPart(value, value);
}

function flagOnce(flags: Set<string>, opt: string): void {
  if (flags.has(opt)) bad(`option "--${opt}" can only be used once`);
  flags.add(opt);
}

const rejectTarget: TargetExtension = {
  name: 'REJECT',
  options: [{ name: 'reject-with', hasArg: true, invert: false }],
  create() {
    let withType: RejectWith = 'icmp-port-unreachable';
    const seen = new Set<string>();
    return {
      option(opt, value, _invert) {
        flagOnce(seen, opt);
        const hit = REJECT_TYPES.find(([full, short]) => value === full || value === short);
        if (!hit) bad(`REJECT: unknown reject type "${value}": use one of ${REJECT_TYPES.map(([f]) => f).join(', ')}`);
        withType = hit[0];
      },
      finish(ctx) {
        // ipt_REJECT.c reject_tg_check: TCP_RESET only for -p tcp (not inverted).
        if (withType === 'tcp-reset' && (!ctx.proto || ctx.proto.num !== PROTO_NUM.tcp || ctx.proto.invert)) {
          bad('REJECT --reject-with tcp-reset is only valid for TCP: add -p tcp to the rule');
        }
        return { kind: 'REJECT', with: withType };
      },
    };
  },
};

function natTarget(kind: 'DNAT' | 'SNAT'): TargetExtension {
  const to = kind === 'DNAT' ? 'to-destination' : 'to-source';
  return {
    name: kind,
    options: [
      { name: to, hasArg: true, invert: false },
      { name: 'random', hasArg: false, invert: false },
      { name: 'persistent', hasArg: false, invert: false },
      ...(kind === 'SNAT' ? [{ name: 'random-fully', hasArg: false, invert: false }] : []),
    ],
    create() {
      let range: NatRange | undefined;
      const seen = new Set<string>();
      return {
        option(opt, value, _invert, ctx) {
          if (opt === to && seen.has(to)) bad(`${kind}: Multiple --${to} not supported: write one rule per address`);
          flagOnce(seen, opt);
          if (opt === to) range = parseNatTo(value, ctx, to);
        },
        finish() {
          if (!range) bad(`${kind}: you must specify --${to} (e.g. --${to} 10.244.1.2:80)`);
          const random = seen.has('random');
          const persistent = seen.has('persistent');
          if (kind === 'DNAT') return { kind, range, random, persistent };
          return { kind, range, random, randomFully: seen.has('random-fully'), persistent };
        },
      };
    },
  };
}

const masqueradeTarget: TargetExtension = {
  name: 'MASQUERADE',
  options: [
    { name: 'to-ports', hasArg: true, invert: false },
    { name: 'random', hasArg: false, invert: false },
    { name: 'random-fully', hasArg: false, invert: false },
  ],
  create() {
    let range: NatRange = {};
    const seen = new Set<string>();
    return {
      option(opt, value, _invert, ctx) {
        flagOnce(seen, opt);
        if (opt === 'to-ports') range = parseToPorts(value, ctx);
      },
      finish() {
        return { kind: 'MASQUERADE', range, random: seen.has('random'), randomFully: seen.has('random-fully') };
      },
    };
  },
};

const redirectTarget: TargetExtension = {
  name: 'REDIRECT',
  options: [
    { name: 'to-ports', hasArg: true, invert: false },
    { name: 'random', hasArg: false, invert: false },
  ],
  create() {
    let range: NatRange = {};
    const seen = new Set<string>();
    return {
      option(opt, value, _invert, ctx) {
        flagOnce(seen, opt);
        if (opt === 'to-ports') range = parseToPorts(value, ctx);
      },
      finish() {
        return { kind: 'REDIRECT', range, random: seen.has('random') };
      },
    };
  },
};

const markTarget: TargetExtension = {
  name: 'MARK',
  options: [
    { name: 'set-xmark', hasArg: true, invert: false },
    { name: 'set-mark', hasArg: true, invert: false },
    { name: 'and-mark', hasArg: true, invert: false },
    { name: 'or-mark', hasArg: true, invert: false },
    { name: 'xor-mark', hasArg: true, invert: false },
  ],
  create() {
    let result: { value: number; mask: number } | undefined;
    let given: string | undefined;
    return {
      option(opt, value, _invert) {
        if (given) bad(`MARK: --${opt} cannot be combined with --${given}: use one MARK option per rule`);
        given = opt;
        // mark_tg_parse: every form becomes (mark, mask) with skb->mark = (skb->mark & ~mask) ^ mark.
        if (opt === 'set-xmark' || opt === 'set-mark') {
          const r = parseMarkMask(value);
          if (!r.ok) bad(`MARK: ${r.error}`);
          result = opt === 'set-xmark' ? { value: r.value.value, mask: r.value.mask } : { value: r.value.value, mask: (r.value.value | r.value.mask) >>> 0 };
          return;
        }
        const v = parseUint(value, 0xffffffff);
        if (v === undefined) bad(`MARK: bad value "${value}" for --${opt}: write a number such as 0x4000`);
        result = opt === 'and-mark' ? { value: 0, mask: ~v >>> 0 } : opt === 'or-mark' ? { value: v, mask: v } : { value: v, mask: 0 };
      },
      finish() {
        if (!result) bad('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
        return { kind: 'MARK', ...result };
      },
    };
  },
};

/** syslog levels (LOG --log-level accepts numbers or these names). */
const LOG_LEVELS: Readonly<Record<string, number>> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warning: 4,
  warn: 4,
  notice: 5,
  info: 6,
  debug: 7,
};
/** ipt_LOG.h: prefix is 30 bytes with the NUL. */
const LOG_PREFIX_MAX = 29;

const logTarget: TargetExtension = {
  name: 'LOG',
  options: [
    { name: 'log-prefix', hasArg: true, invert: false },
    { name: 'log-level', hasArg: true, invert: false },
    ...['log-tcp-sequence', 'log-tcp-options', 'log-ip-options', 'log-uid', 'log-macdecode'].map((name) => ({
      name,
      hasArg: false,
      invert: false,
      unsupported: 'LOG flags are not modelled (LOG has no effect in the simulator)',
    })),
  ],
  create() {
    let prefix = '';
    let level = 4;
    const seen = new Set<string>();
    return {
      option(opt, value, _invert) {
        flagOnce(seen, opt);
        if (opt === 'log-prefix') {
          if (value.length > LOG_PREFIX_MAX) bad(`LOG: Maximum prefix length ${LOG_PREFIX_MAX} for --log-prefix`);
          prefix = value;
          return;
        }
        const n = parseUint(value, 7) ?? LOG_LEVELS[value.toLowerCase()];
        if (n === undefined) bad(`LOG: log level \`${value}' unknown: use 0-7 or a syslog name such as warning`);
        level = n;
      },
      finish() {
        return { kind: 'LOG', prefix, level };
      },
    };
  },
};

const notrackTarget: TargetExtension = {
  name: 'NOTRACK',
  options: [],
  create() {
    return {
      option(opt, _v, _i) {
        bad(`NOTRACK takes no option --${opt}`);
      },
      finish() {
        return { kind: 'NOTRACK' };
      },
    };
  },
};

const ctTarget: TargetExtension = {
  name: 'CT',
  options: [
    { name: 'notrack', hasArg: false, invert: false },
    ...['helper', 'ctevents', 'expevents', 'zone', 'zone-orig', 'zone-reply', 'timeout'].map((name) => ({
      name,
      hasArg: true,
      invert: false,
      unsupported: 'only CT --notrack is modelled',
    })),
  ],
  create() {
    let notrack = false;
    return {
      option(_opt, _v, _i) {
        if (notrack) bad('CT: option "--notrack" can only be used once');
        notrack = true;
      },
      finish() {
        if (!notrack) bad('CT: only `-j CT --notrack` is modelled: add --notrack');
        return { kind: 'CT', notrack: true };
      },
    };
  },
};

const TARGET_EXTENSIONS: Readonly<Record<TargetExtName, TargetExtension>> = {
  REJECT: rejectTarget,
  DNAT: natTarget('DNAT'),
  SNAT: natTarget('SNAT'),
  MASQUERADE: masqueradeTarget,
  REDIRECT: redirectTarget,
  MARK: markTarget,
  LOG: logTarget,
  NOTRACK: notrackTarget,
  CT: ctTarget,
};

export function findTargetExtension(name: string): TargetExtension | undefined {
  return Object.prototype.hasOwnProperty.call(TARGET_EXTENSIONS, name) ? TARGET_EXTENSIONS[name as TargetExtName] : undefined;
}

/** Built-in verdicts (the "standard" target) and the names no chain may take (libiptc TC_CREATE_CHAIN). */
export const STANDARD_TARGETS: readonly string[] = ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'];

/** Targets that exist in iptables but are not modelled (named in the error instead of "no such target"). */
export const UNMODELLED_TARGETS: readonly string[] = [
  'CONNMARK',
  'NFQUEUE',
  'TPROXY',
  'NETMAP',
  'TCPMSS',
  'TTL',
  'DSCP',
  'TOS',
  'NFLOG',
  'ULOG',
  'CLASSIFY',
  'SET',
  'TRACE',
  'AUDIT',
  'CHECKSUM',
  'HMARK',
  'SECMARK',
  'CONNSECMARK',
  'IDLETIMER',
  'LED',
  'RATEEST',
  'SYNPROXY',
  'TEE',
  'CLUSTERIP',
  'ECN',
];

/** The kernel limits of a parsed target, or none for verdicts, jumps and the no-target case. */
export function targetLimit(t: Target): TargetLimit | undefined {
  switch (t.kind) {
    case 'none':
    case 'verdict':
    case 'jump':
      return undefined;
    case 'REJECT':
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
    case 'MARK':
    case 'LOG':
    case 'NOTRACK':
    case 'CT':
      return TARGET_LIMITS[t.kind];
  }
}
