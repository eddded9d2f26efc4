/**
 * Option parsers of the match extensions (`-m NAME --option value`): one small table of options per
 * extension and a parse/finish pair that builds the typed Match. The rule parser (rule-parse.ts) feeds
 * options to whichever loaded match owns them, as iptables' command_default does.
 *
 * Each parser mirrors its libxt_*.c file in iptables 1.8 (option names, which options take `!`, which
 * are mandatory or exclusive) and the kernel's checkentry (net/netfilter/xt_*.c) where the kernel
 * refuses what userspace lets through (recent --set with --seconds, hitcount above 20, ...).
 *
 * Not modelled (refused with a message): tcp --syn/--tcp-flags/--tcp-option, sctp --chunk-types,
 * conntrack options other than --ctstate, recent --rttl, ICMP codes, physdev, every other extension.
 */
import { tryParseIpv4 } from '../addr';
import { fail } from '../core/errors';
import type {
  AddrTypeName,
  AddrTypeSide,
  CtStateName,
  Match,
  PortRange,
  PortSpec,
  ProtoSpec,
  RecentOp,
} from './types';
import { parsePort, parsePortRange, parseMarkMask, parseUint, storeProbability, PROTO_NUM } from './values';

export interface OptDef {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly hasArg: boolean;
  /** Whether `! --option` is allowed (XTOPT_INVERT). */
  readonly invert: boolean;
  /** Set when the option exists in iptables but the simulator does not model it. */
  readonly unsupported?: string;
}

export interface ExtContext {
  /** -p as parsed so far (some extensions check it while parsing, as iptables does). */
  readonly proto: ProtoSpec | undefined;
}

/** Extension errors are rule errors; the rule parser adds which rule and chain. */
export function bad(message: string): never {
  return fail('BAD_RULE', message);
}

export interface Extension<R> {
  readonly name: string;
  readonly options: readonly OptDef[];
  /** Returns a fresh parser: feed options, then finish. */
  create(): ExtParser<R>;
}

export interface ExtParser<R> {
  option(opt: string, value: string, invert: boolean, ctx: ExtContext): void;
  finish(ctx: ExtContext): R;
}

/** Rtnetlink route types in enum order (include/uapi/linux/rtnetlink.h); addrtype bit i = 1 << i. */
export const ADDR_TYPES: readonly AddrTypeName[] = [
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
  'THROW',
  'NAT',
  'XRESOLVE',
];

/**
 * Conntrack state bits (include/uapi/linux/netfilter/xt_conntrack.h): XT_CONNTRACK_STATE_BIT(ctinfo) =
 * 1 << (ctinfo + 1) gives ESTABLISHED 2, RELATED 4, NEW 8; INVALID 1; SNAT 0x100, DNAT 0x200,
 * UNTRACKED 0x400. The listing order is libxt_conntrack.c print_state's.
 */
export const CT_STATE_BITS: Readonly<Record<CtStateName, number>> = {
  INVALID: 1 << 0,
  NEW: 1 << 3,
  RELATED: 1 << 2,
  ESTABLISHED: 1 << 1,
  UNTRACKED: 1 << 10,
  SNAT: 1 << 8,
  DNAT: 1 << 9,
};
export const CT_STATE_PRINT_ORDER: readonly CtStateName[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
/** The order libxt_conntrack.c conntrack_ps_state tries names in (strncasecmp against the given length). */
const CT_STATE_PARSE_ORDER: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];

/** xt_recent's per-address time stamp ring (module parameter ip_pkt_list_tot, default 20). */
export const RECENT_PKT_LIST_TOT = 20;
/** XT_RECENT_NAME_LEN includes the NUL. */
const RECENT_NAME_LEN = 200;
/** XT_MAX_COMMENT_LEN includes the NUL. */
const MAX_COMMENT_LEN = 256;
/** NFACCT_NAME_MAX includes the NUL. */
const NFACCT_NAME_MAX = 32;
/** XT_MULTI_PORTS: a range uses two slots. */
const MULTI_PORTS = 15;

function once<T>(v: T | undefined, what: string): void {
  if (v !== undefined) bad(`${what} can only be used once in a rule; write a second -m match for a second condition`);
}

// ---------------------------------------------------------------- tcp / udp / sctp (libxt_tcp.c, libxt_udp.c, libxt_sctp.c)

function portExtension(kind: 'tcp' | 'udp' | 'sctp'): Extension<Match> {
  const tcpOnly: OptDef[] =
    kind === 'tcp'
      ? [
          { name: 'syn', hasArg: false, invert: true, unsupported: 'TCP flags are not modelled (the simulator has no SYN/ACK bits)' },
          { name: 'tcp-flags', hasArg: true, invert: true, unsupported: 'TCP flags are not modelled (the simulator has no SYN/ACK bits)' },
          { name: 'tcp-option', hasArg: true, invert: true, unsupported: 'TCP options are not modelled' },
        ]
      : kind === 'sctp'
        ? [{ name: 'chunk-types', hasArg: true, invert: true, unsupported: 'SCTP chunk types are not modelled' }]
        : [];
  return {
    name: kind,
    options: [
      { name: 'sport', aliases: ['source-port'], hasArg: true, invert: true },
      { name: 'dport', aliases: ['destination-port'], hasArg: true, invert: true },
      ...tcpOnly,
    ],
    create() {
      let sport: PortSpec | undefined;
      let dport: PortSpec | undefined;
      return {
        option(opt, value, invert) {
          const r = parsePortRange(value);
          if (!r.ok) bad(`${kind}: ${r.error}`);
          if (opt === 'sport') {
            once(sport, `--sport`);
            sport = { min: r.value.min, max: r.value.max, invert };
          } else {
            once(dport, `--dport`);
            dport = { min: r.value.min, max: r.value.max, invert };
          }
        },
        finish() {
          return { kind, ...(sport ? { sport } : {}), ...(dport ? { dport } : {}) };
        },
      };
    },
  };
}

// ---------------------------------------------------------------- icmp (libipt_icmp.c)

const ICMP_TYPE_NAMES: Readonly<Record<string, number>> = {
  'echo-reply': 0,
  pong: 0,
  'destination-unreachable': 3,
  'source-quench': 4,
  redirect: 5,
  'echo-request': 8,
  ping: 8,
  'router-advertisement': 9,
  'router-solicitation': 10,
  'time-exceeded': 11,
  ttl_exceeded: 11,
  'parameter-problem': 12,
  'timestamp-request': 13,
  'timestamp-reply': 14,
};

const icmpExtension: Extension<Match> = {
  name: 'icmp',
  options: [{ name: 'icmp-type', hasArg: true, invert: true }],
  create() {
    let type: number | 'any' | undefined;
    let inv = false;
    return {
      option(_opt, value, invert) {
        once(type, '--icmp-type');
        inv = invert;
        const lower = value.toLowerCase();
        if (lower === 'any') {
          type = 'any';
          return;
        }
        const named = ICMP_TYPE_NAMES[lower];
        if (named !== undefined) {
          type = named;
          return;
        }
        if (value.includes('/')) bad(`icmp: --icmp-type ${value}: ICMP codes are not modelled; match the type only (e.g. --icmp-type 3)`);
        const n = parseUint(value, 255);
        if (n === undefined) bad(`icmp: invalid ICMP type \`${value}': write a number 0-255, a name such as echo-request, or any`);
        type = n;
      },
      finish() {
        if (type === undefined) bad('icmp: option "--icmp-type" must be specified');
        return { kind: 'icmp', type, invert: inv };
      },
    };
  },
};

// ---------------------------------------------------------------- multiport (libxt_multiport.c, revision 1)

const multiportExtension: Extension<Match> = {
  name: 'multiport',
  options: [
    { name: 'source-ports', aliases: ['sports'], hasArg: true, invert: true },
    { name: 'destination-ports', aliases: ['dports'], hasArg: true, invert: true },
    { name: 'ports', hasArg: true, invert: true },
  ],
  create() {
    let dir: 'src' | 'dst' | 'both' | undefined;
    let ports: PortRange[] = [];
    let inv = false;
    return {
      option(opt, value, invert, ctx) {
        // check_proto: the protocol must already be one with ports, and not inverted.
        const p = ctx.proto;
        if (p && p.invert) bad('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP (not with ! -p)');
        if (!p || p.num === 0) bad("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp': put -p before -m multiport's options");
        if (![PROTO_NUM.tcp, PROTO_NUM.udp, PROTO_NUM.sctp, 136, 33].includes(p.num)) {
          bad('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
        }
        if (dir !== undefined) bad('multiport: only one of --sports, --dports and --ports may be given');
        dir = opt === 'source-ports' ? 'src' : opt === 'destination-ports' ? 'dst' : 'both';
        inv = invert;
        const out: PortRange[] = [];
        let slots = 0;
        for (const item of value.split(',')) {
          const colon = item.indexOf(':');
          if (colon >= 0) {
            const a = parsePort(item.slice(0, colon));
            const b = parsePort(item.slice(colon + 1));
            if (!a.ok) bad(`multiport: ${a.error}`);
            if (!b.ok) bad(`multiport: ${b.error}`);
            if (a.value >= b.value) bad(`multiport: invalid portrange specified in "${item}": the first port must be lower`);
            out.push({ min: a.value, max: b.value });
            slots += 2;
          } else {
            const a = parsePort(item);
            if (!a.ok) bad(`multiport: ${a.error}`);
            out.push({ min: a.value, max: a.value });
            slots += 1;
          }
          if (slots > MULTI_PORTS) bad(`multiport: too many ports specified (at most ${MULTI_PORTS}, a range counts as 2): split the list over two rules`);
        }
        ports = out;
      },
      finish() {
        if (dir === undefined) bad('multiport: no ports specified: add --dports, --sports or --ports');
        return { kind: 'multiport', dir, ports, invert: inv };
      },
    };
  },
};

// ---------------------------------------------------------------- comment (libxt_comment.c)

const commentExtension: Extension<Match> = {
  name: 'comment',
  options: [{ name: 'comment', hasArg: true, invert: false }],
  create() {
    let text: string | undefined;
    return {
      option(_opt, value, _invert) {
        once(text, '--comment');
        if (value.length >= MAX_COMMENT_LEN) bad(`comment: --comment is ${value.length} characters; at most ${MAX_COMMENT_LEN - 1} fit`);
        text = value;
      },
      finish() {
        if (text === undefined) bad('comment: option "--comment" must be specified');
        return { kind: 'comment', text };
      },
    };
  },
};

// ---------------------------------------------------------------- mark (libxt_mark.c)

const markExtension: Extension<Match> = {
  name: 'mark',
  options: [{ name: 'mark', hasArg: true, invert: true }],
  create() {
    let m: { value: number; mask: number; invert: boolean } | undefined;
    return {
      option(_opt, value, invert) {
        once(m, '--mark');
        const r = parseMarkMask(value);
        if (!r.ok) bad(`mark: ${r.error}`);
        m = { value: r.value.value, mask: r.value.mask, invert };
      },
      finish() {
        if (!m) bad('mark: option "--mark" must be specified, e.g. --mark 0x4000/0x4000');
        return { kind: 'mark', ...m };
      },
    };
  },
};

// ---------------------------------------------------------------- addrtype (libxt_addrtype.c, revision 1)

function parseAddrTypes(value: string): number {
  let mask = 0;
  for (const item of value.split(',')) {
    // parse_type: strncasecmp against the given length, first name in enum order wins.
    const up = item.toUpperCase();
    const i = up === '' ? -1 : ADDR_TYPES.findIndex((n) => n.startsWith(up));
    if (i < 0) bad(`addrtype: bad type \`${item}': use LOCAL, UNICAST, BROADCAST, MULTICAST, ...`);
    mask |= 1 << i;
  }
  return mask;
}

const addrtypeExtension: Extension<Match> = {
  name: 'addrtype',
  options: [
    { name: 'src-type', hasArg: true, invert: true },
    { name: 'dst-type', hasArg: true, invert: true },
    { name: 'limit-iface-in', hasArg: false, invert: false },
    { name: 'limit-iface-out', hasArg: false, invert: false },
  ],
  create() {
    let src: AddrTypeSide | undefined;
    let dst: AddrTypeSide | undefined;
    let limitIfaceIn = false;
    let limitIfaceOut = false;
    return {
      option(opt, value, invert) {
        switch (opt) {
          case 'src-type':
            once(src, '--src-type');
            src = { types: parseAddrTypes(value), invert };
            break;
          case 'dst-type':
            once(dst, '--dst-type');
            dst = { types: parseAddrTypes(value), invert };
            break;
          case 'limit-iface-in':
            if (limitIfaceOut) bad("addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
            limitIfaceIn = true;
            break;
          default:
            if (limitIfaceIn) bad("addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
            limitIfaceOut = true;
        }
      },
      finish() {
        if (!src && !dst) bad('addrtype: you must specify --src-type or --dst-type');
        return { kind: 'addrtype', ...(src ? { src } : {}), ...(dst ? { dst } : {}), limitIfaceIn, limitIfaceOut };
      },
    };
  },
};

// ---------------------------------------------------------------- conntrack / state (libxt_conntrack.c)

const CONNTRACK_UNSUPPORTED = [
  'ctproto',
  'ctorigsrc',
  'ctorigdst',
  'ctreplsrc',
  'ctrepldst',
  'ctorigsrcport',
  'ctorigdstport',
  'ctreplsrcport',
  'ctrepldstport',
  'ctstatus',
  'ctexpire',
  'ctdir',
];

function parseCtStates(value: string, allowed: readonly CtStateName[], what: string): number {
  let mask = 0;
  for (const item of value.split(',')) {
    const up = item.toUpperCase();
    const name = up === '' ? undefined : allowed.find((n) => n.startsWith(up));
    if (!name) bad(`${what}: bad state "${item}": use ${allowed.join(', ')}`);
    mask |= CT_STATE_BITS[name];
  }
  return mask;
}

function conntrackExtension(alias: 'conntrack' | 'state'): Extension<Match> {
  const optName = alias === 'state' ? 'state' : 'ctstate';
  const allowed = alias === 'state' ? CT_STATE_PARSE_ORDER.filter((s) => s !== 'SNAT' && s !== 'DNAT') : CT_STATE_PARSE_ORDER;
  return {
    name: alias,
    options: [
      { name: optName, hasArg: true, invert: true },
      ...(alias === 'conntrack'
        ? CONNTRACK_UNSUPPORTED.map((name) => ({ name, hasArg: true, invert: true, unsupported: 'only --ctstate of the conntrack match is modelled' }))
        : []),
    ],
    create() {
      let states: number | undefined;
      let inv = false;
      return {
        option(_opt, value, invert) {
          once(states, `--${optName}`);
          states = parseCtStates(value, allowed, alias);
          inv = invert;
        },
        finish() {
          if (states === undefined) bad(alias === 'state' ? 'state: option "--state" must be specified' : 'conntrack: At least one option is required (e.g. --ctstate NEW)');
          return { kind: 'conntrack', alias, states, invert: inv };
        },
      };
    },
  };
}

// ---------------------------------------------------------------- statistic (libxt_statistic.c)

const statisticExtension: Extension<Match> = {
  name: 'statistic',
  options: [
    { name: 'mode', hasArg: true, invert: false },
    { name: 'probability', hasArg: true, invert: true },
    { name: 'every', hasArg: true, invert: true },
    { name: 'packet', hasArg: true, invert: false },
  ],
  create() {
    let mode: 'random' | 'nth' | undefined;
    let probability: number | undefined;
    let every: number | undefined;
    let packet: number | undefined;
    let inv = false;
    return {
      option(opt, value, invert) {
        if (invert) inv = true;
        switch (opt) {
          case 'mode':
            once(mode, '--mode');
            if (value !== 'random' && value !== 'nth') bad(`statistic: Bad mode "${value}": use random or nth`);
            mode = value;
            break;
          case 'probability': {
            once(probability, '--probability');
            if (every !== undefined || packet !== undefined) bad('statistic: --probability cannot be used with --every/--packet');
            // XTTYPE_DOUBLE: strtod must consume the whole argument; range 0..1.
            const p = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : NaN;
            if (Number.isNaN(p)) bad(`statistic: bad value for option "--probability" near "${value}": write a number between 0 and 1`);
            if (p < 0 || p > 1) bad(`statistic: --probability ${value} is out of range: a probability is between 0 and 1 (kube-proxy writes 1/n for the n remaining endpoints)`);
            probability = p;
            break;
          }
          case 'every': {
            once(every, '--every');
            if (probability !== undefined) bad('statistic: --every cannot be used with --probability');
            const n = parseUint(value, 0xffffffff);
            if (n === undefined || n < 1) bad(`statistic: --every ${value}: write a whole number of at least 1`);
            every = n;
            break;
          }
          default: {
            once(packet, '--packet');
            if (probability !== undefined) bad('statistic: --packet cannot be used with --probability');
            const n = parseUint(value, 0xffffffff);
            if (n === undefined) bad(`statistic: --packet ${value}: write a whole number`);
            packet = n;
          }
        }
      },
      finish() {
        if (mode === undefined) bad('statistic: option "--mode" must be specified (random or nth)');
        if (mode === 'random') {
          if (probability === undefined) bad('statistic: --probability must be specified when using random mode');
          return { kind: 'statistic', mode, stored: storeProbability(probability), invert: inv };
        }
        if (every === undefined) bad('statistic: --every and --packet must be specified when using nth mode');
        const p = packet ?? 0;
        if (p > every - 1) bad(`statistic: the --packet p must be 0 <= p <= n-1 (here n = ${every})`);
        // statistic_check: count starts at (every-1) - packet, so packet p of each cycle of n matches.
        return { kind: 'statistic', mode, every, packet: p, invert: inv, counter: { count: every - 1 - p } };
      },
    };
  },
};

// ---------------------------------------------------------------- recent (libxt_recent.c, net/netfilter/xt_recent.c)

const recentExtension: Extension<Match> = {
  name: 'recent',
  options: [
    { name: 'set', hasArg: false, invert: true },
    { name: 'rcheck', hasArg: false, invert: true },
    { name: 'update', hasArg: false, invert: true },
    { name: 'remove', hasArg: false, invert: true },
    { name: 'seconds', hasArg: true, invert: false },
    { name: 'reap', hasArg: false, invert: false },
    { name: 'hitcount', hasArg: true, invert: false },
    { name: 'rttl', hasArg: false, invert: false, unsupported: 'recent --rttl is not modelled (packets carry no TTL here)' },
    { name: 'name', hasArg: true, invert: false },
    { name: 'rsource', hasArg: false, invert: false },
    { name: 'rdest', hasArg: false, invert: false },
    { name: 'mask', hasArg: true, invert: false },
  ],
  create() {
    let op: RecentOp | undefined;
    let inv = false;
    let seconds = 0;
    let reap = false;
    let hitcount = 0;
    let name = 'DEFAULT';
    let side: 'source' | 'dest' = 'source';
    let mask = 0xffffffff;
    return {
      option(opt, value, invert) {
        switch (opt) {
          case 'set':
          case 'rcheck':
          case 'update':
          case 'remove':
            if (op !== undefined) bad(`recent: --${opt} cannot be combined with --${op}: use one of --set, --rcheck, --update, --remove per match`);
            op = opt;
            if (invert) inv = true;
            break;
          case 'seconds': {
            const n = parseUint(value, 0xffffffff);
            if (n === undefined || n < 1) bad(`recent: --seconds ${value}: write a whole number of at least 1`);
            seconds = n;
            break;
          }
          case 'reap':
            reap = true;
            break;
          case 'hitcount': {
            const n = parseUint(value, 0xffffffff);
            if (n === undefined) bad(`recent: --hitcount ${value}: write a whole number`);
            hitcount = n;
            break;
          }
          case 'name':
            if (value === '' || value.length >= RECENT_NAME_LEN) bad(`recent: --name must be 1 to ${RECENT_NAME_LEN - 1} characters`);
            name = value;
            break;
          case 'rsource':
            side = 'source';
            break;
          case 'rdest':
            side = 'dest';
            break;
          default: {
            const m = tryParseIpv4(value);
            if (m === undefined) bad(`recent: --mask ${value}: write a dotted netmask such as 255.255.255.0`);
            mask = m;
          }
        }
      },
      finish() {
        if (op === undefined) bad("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
        if (reap && seconds === 0) bad('recent: --reap needs --seconds (it purges entries older than that)');
        // recent_mt_check: --set/--remove take no --seconds/--hitcount/--reap.
        if ((op === 'set' || op === 'remove') && (seconds !== 0 || hitcount !== 0 || reap)) {
          bad(`recent: --${op} cannot take --seconds, --hitcount or --reap (the kernel refuses it); those go with --rcheck or --update`);
        }
        if (hitcount > RECENT_PKT_LIST_TOT) {
          bad(`recent: hitcount (${hitcount}) is greater than packets to be remembered (${RECENT_PKT_LIST_TOT})`);
        }
        return { kind: 'recent', op, invert: inv, seconds, reap, hitcount, name, mask, side };
      },
    };
  },
};

// ---------------------------------------------------------------- nfacct (libxt_nfacct.c)

const nfacctExtension: Extension<Match> = {
  name: 'nfacct',
  options: [{ name: 'nfacct-name', hasArg: true, invert: false }],
  create() {
    let name: string | undefined;
    return {
      option(_opt, value, _invert) {
        once(name, '--nfacct-name');
        if (value === '' || value.length >= NFACCT_NAME_MAX) bad(`nfacct: --nfacct-name must be 1 to ${NFACCT_NAME_MAX - 1} characters`);
        name = value;
      },
      finish() {
        if (name === undefined) bad('nfacct: option "--nfacct-name" must be specified');
        return { kind: 'nfacct', name };
      },
    };
  },
};

const MATCH_EXTENSIONS: Readonly<Record<string, Extension<Match>>> = {
  tcp: portExtension('tcp'),
  udp: portExtension('udp'),
  sctp: portExtension('sctp'),
  icmp: icmpExtension,
  multiport: multiportExtension,
  comment: commentExtension,
  mark: markExtension,
  addrtype: addrtypeExtension,
  conntrack: conntrackExtension('conntrack'),
  state: conntrackExtension('state'),
  statistic: statisticExtension,
  recent: recentExtension,
  nfacct: nfacctExtension,
};

export function findMatchExtension(name: string): Extension<Match> | undefined {
  return Object.prototype.hasOwnProperty.call(MATCH_EXTENSIONS, name) ? MATCH_EXTENSIONS[name] : undefined;
}

/** The implicit match `-p NAME` loads when an unknown option follows it (xshared.c load_proto). */
export function protoExtension(protoNum: number): Extension<Match> | undefined {
  switch (protoNum) {
    case PROTO_NUM.tcp:
      return MATCH_EXTENSIONS.tcp;
    case PROTO_NUM.udp:
      return MATCH_EXTENSIONS.udp;
    case PROTO_NUM.sctp:
      return MATCH_EXTENSIONS.sctp;
    case PROTO_NUM.icmp:
      return MATCH_EXTENSIONS.icmp;
    default:
      return undefined;
  }
}

/** Extensions that exist in iptables but are not modelled: named in the error instead of "no such match". */
export const UNMODELLED_MATCHES: readonly string[] = [
  'physdev',
  'set',
  'limit',
  'hashlimit',
  'connlimit',
  'string',
  'owner',
  'iprange',
  'mac',
  'pkttype',
  'rpfilter',
  'socket',
  'length',
  'ttl',
  'u32',
  'bpf',
  'policy',
  'connmark',
  'helper',
  'dscp',
  'tos',
  'ipvs',
  'cgroup',
  'time',
  'udplite',
  'dccp',
];
