/**
 * Netfilter hooks as the kernel runs them: each hook calls its tables in priority order
 * (include/uapi/linux/netfilter_ipv4.h NF_IP_PRI_*): raw -300, conntrack -200, mangle -150,
 * nat DNAT -100, filter 0, nat SNAT 100, conntrack confirm INT_MAX.
 *
 * NAT is decided once per connection, by the first packet (nf_nat_inet_fn consults the nat table only for a
 * new, not yet NATed conntrack entry); every packet of either direction is then rewritten from the entry's
 * tuples (nf_nat_manip_pkt). The entry is confirmed at the end of POSTROUTING or INPUT, so a packet dropped in
 * between leaves no trace in `conntrack -L`.
 *
 * Not modelled: conntrack in namespaces without any iptables rule (as when no table module was ever loaded
 * there, the packet is simply not tracked), NOTRACK/CT templates, nf_tables-only features, the security table.
 */
import { formatIpv4, networkOf, type Ipv4 } from '../addr/ipv4';
import { primaryAddress, type Device } from '../link/devices';
import type { Netns } from '../netns/netns';
import { ctStateOf, natTarget, tupleKey, type CtTuple, type CtState } from '../conntrack/conntrack';
import { ruleText, runHook as runNetfilterHook, type NfEnv, type NfPacket, type RuleRef, type Table } from '../netfilter';
import type { DropReason, Hook, RuleHit, TableName } from '../trace/types';
import { endpoint, type Packet } from './packet';
import type { Walker } from './walker';

export type HookVerdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: DropReason; readonly detail?: string }
  | { readonly kind: 'reject'; readonly with: string };

const ACCEPT: HookVerdict = { kind: 'accept' };

const TABLES: Record<Hook, readonly TableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  INPUT: ['mangle', 'filter', 'nat'],
  FORWARD: ['mangle', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

export interface HookIo {
  readonly in?: string;
  readonly out?: string;
  /** Next hop of the output route, for MASQUERADE's source choice (inet_select_addr). */
  readonly nexthop?: Ipv4;
}

export function hit(ns: Netns, ref: RuleRef): RuleHit {
  return { table: ref.table, chain: ref.chain, index: ref.index, text: ruleText(ns.nf, ref) };
}

/** Tables are replaced as a whole on every change, so "does this table do anything" is cached per table object. */
const tableActive = new WeakMap<Table, boolean>();

function active(t: Table): boolean {
  let a = tableActive.get(t);
  if (a === undefined) {
    a = Object.values(t.chains).some((c) => c.rules.length > 0 || !c.hook || c.policy === 'DROP');
    tableActive.set(t, a);
  }
  return a;
}

/** Whether conntrack runs in this namespace (some table has rules, so the modules are loaded). */
export function tracking(ns: Netns): boolean {
  const t = ns.nf.tables;
  return active(t.raw) || active(t.mangle) || active(t.nat) || active(t.filter);
}

/** A built-in chain with no rules and policy ACCEPT decides nothing: skip the traversal. */
function trivial(ns: Netns, table: TableName, hook: Hook): boolean {
  const c = ns.nf.tables[table].chains[hook];
  return !c || (c.rules.length === 0 && c.policy !== 'DROP');
}

function tupleOf(p: Packet): CtTuple {
  if (p.proto === 'icmp') {
    // Echo request and reply share the identifier; the reply's tuple is the request's inverted.
    return p.icmpType === 0
      ? { proto: 'icmp', src: p.src, dst: p.dst, sport: 0, dport: p.sport }
      : { proto: 'icmp', src: p.src, dst: p.dst, sport: p.sport, dport: 0 };
  }
  return { proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
}

/** nf_conntrack_in: attach an existing entry or a new unconfirmed one. */
function conntrackIn(w: Walker, ns: Netns, p: Packet): CtState {
  if (p.ct && p.ct.ns === ns.name) return stateOfAttached(p);
  const t = tupleOf(p);
  const found = ns.conntrack.lookup(t, w.now);
  if (found) {
    const { entry, dir } = found;
    if (dir === 'reply') entry.seenReply = true;
    if (entry.tcpState && p.proto === 'tcp') {
      // tcp_conntrack_states, the handshake part: SYN-ACK in reply → SYN_RECV, then the ACK → ESTABLISHED.
      if (dir === 'reply' && p.tcpFlags === 'S.' && entry.tcpState === 'SYN_SENT') entry.tcpState = 'SYN_RECV';
      else if (dir === 'orig' && p.tcpFlags === '.' && entry.tcpState === 'SYN_RECV') {
        entry.tcpState = 'ESTABLISHED';
        entry.assured = true;
        entry.expires = w.now + 432_000_000;
      }
    }
    p.ct = { ns: ns.name, entry, dir, fresh: false };
    const state = ctStateOf(found);
    w.step({ kind: 'conntrack', state, id: entry.id, dir, created: false });
    return state;
  }
  // A TCP segment that is not a SYN and matches no entry: SYN-ACK/RST are INVALID (tcp_new); other segments
  // are picked up mid-stream as NEW because nf_conntrack_tcp_loose=1 by default.
  if (p.proto === 'tcp' && (p.tcpFlags === 'S.' || p.tcpFlags === 'R')) {
    p.ct = undefined;
    w.step({ kind: 'conntrack', state: 'INVALID', id: 0, dir: 'orig', created: false });
    return 'INVALID';
  }
  const entry = ns.conntrack.create(t, w.now, p.mark);
  p.ct = { ns: ns.name, entry, dir: 'orig', fresh: true };
  w.step({ kind: 'conntrack', state: 'NEW', id: entry.id, dir: 'orig', created: true });
  return 'NEW';
}

function stateOfAttached(p: Packet): CtState {
  if (!p.ct) return 'INVALID';
  if (p.ct.dir === 'reply' || p.ct.entry.seenReply) return 'ESTABLISHED';
  return 'NEW';
}

function nfPacket(p: Packet, io: HookIo, state: CtState): NfPacket {
  return {
    src: p.src,
    dst: p.dst,
    proto: p.proto,
    sport: p.proto === 'icmp' ? 0 : p.sport,
    dport: p.proto === 'icmp' ? 0 : p.dport,
    icmpType: p.icmpType,
    inIface: io.in,
    outIface: io.out,
    mark: p.mark,
    ct: { state, snat: p.ct?.entry.snat ?? false, dnat: p.ct?.entry.dnat ?? false },
  };
}

const envs = new WeakMap<Walker, Map<string, NfEnv>>();

function env(w: Walker, ns: Netns): NfEnv {
  let byNs = envs.get(w);
  if (!byNs) {
    byNs = new Map();
    envs.set(w, byNs);
  }
  let e = byNs.get(ns.name);
  if (!e) {
    e = makeEnv(w, ns);
    byNs.set(ns.name, e);
  }
  return e;
}

function makeEnv(w: Walker, ns: Netns): NfEnv {
  return {
    isLocal: (ip) => ns.isLocalAddress(ip),
    chance: (prob, ref) => {
      const rule = hit(ns, ref);
      const taken = w.choose(prob, rule);
      w.choices.push({ rule, probability: prob, taken });
      w.step({ kind: 'lb', rule, probability: prob, taken });
      return taken;
    },
    get now() {
      return w.now;
    },
  };
}

/** The address MASQUERADE writes: inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE). */
export function masqueradeAddress(dev: Device, nexthop: Ipv4 | undefined): Ipv4 | undefined {
  if (nexthop !== undefined) {
    const same = dev.addrs.find((a) => !a.secondary && a.scope === 'global' && networkOf(a.ip, a.len) === networkOf(nexthop, a.len));
    if (same) return same.ip;
  }
  return primaryAddress(dev)?.ip;
}

/** Runs one hook in `ns` over `p` (mutating it: mark, NAT). */
export function nfHook(w: Walker, ns: Netns, hook: Hook, p: Packet, io: HookIo, part?: { tables: readonly TableName[]; confirm: boolean }): HookVerdict {
  const active = tracking(ns);
  let state: CtState = 'UNTRACKED';
  for (const table of part?.tables ?? TABLES[hook]) {
    if (table === 'mangle' && active && (hook === 'PREROUTING' || hook === 'OUTPUT')) state = conntrackIn(w, ns, p);
    if (table === 'raw' || !active) {
      if (!active) continue;
      const r = runTable(w, ns, table, hook, p, io, 'UNTRACKED');
      if (r.kind !== 'accept') return r;
      continue;
    }
    if (hook !== 'PREROUTING' && hook !== 'OUTPUT') state = stateOfAttached(p);
    if (table === 'nat') {
      const v = natHook(w, ns, hook, p, io, state);
      if (v.kind !== 'accept') return v;
      continue;
    }
    const r = runTable(w, ns, table, hook, p, io, state);
    if (r.kind !== 'accept') return r;
  }
  if (active && (hook === 'POSTROUTING' || hook === 'INPUT') && (part?.confirm ?? true)) return confirm(w, ns, p);
  return ACCEPT;
}

/** LOCAL_IN before IPVS (mangle -150, filter 0) and after it (nat SNAT 100, conntrack confirm). */
export const INPUT_BEFORE_IPVS = { tables: ['mangle', 'filter'] as const, confirm: false };
export const INPUT_AFTER_IPVS = { tables: ['nat'] as const, confirm: true };

function runTable(w: Walker, ns: Netns, table: TableName, hook: Hook, p: Packet, io: HookIo, state: CtState): HookVerdict {
  if (trivial(ns, table, hook)) return ACCEPT;
  const r = runNetfilterHook(ns.nf, table, hook, nfPacket(p, io, state), env(w, ns));
  w.rulesEvaluated += r.evaluated;
  p.mark = r.mark;
  if (r.evaluated > 0 || r.verdict !== 'ACCEPT') {
    w.step({
      kind: 'hook', hook, table,
      ...(io.in ? { in: io.in } : {}), ...(io.out ? { out: io.out } : {}),
      verdict: r.verdict, matched: r.matched.map((m) => hit(ns, m)), evaluated: r.evaluated,
      ...(r.policy ? { policy: `${r.policy.chain} policy ${r.policy.verdict}` } : {}),
    });
  }
  if (r.verdict === 'DROP') return { kind: 'drop', reason: 'NETFILTER_DROP', detail: `${table} ${hook}` };
  if (r.verdict === 'REJECT') {
    w.step({ kind: 'reject', with: r.reject?.with ?? 'icmp-port-unreachable' });
    return { kind: 'reject', with: r.reject?.with ?? 'icmp-port-unreachable' };
  }
  return ACCEPT;
}

/** nf_nat_inet_fn: decide NAT for a new connection, then rewrite the packet from the entry. */
function natHook(w: Walker, ns: Netns, hook: Hook, p: Packet, io: HookIo, state: CtState): HookVerdict {
  const ct = p.ct;
  if (!ct) return ACCEPT;
  const manip: 'src' | 'dst' = hook === 'PREROUTING' || hook === 'OUTPUT' ? 'dst' : 'src';
  const e = ct.entry;
  let by: RuleHit | undefined;
  if (!e.confirmed && ct.dir === 'orig' && !e.natDone[manip] && !trivial(ns, 'nat', hook)) {
    const r = runNetfilterHook(ns.nf, 'nat', hook, nfPacket(p, io, state), env(w, ns));
    w.rulesEvaluated += r.evaluated;
    p.mark = r.mark;
    if (r.evaluated > 0) {
      w.step({
        kind: 'hook', hook, table: 'nat',
        ...(io.in ? { in: io.in } : {}), ...(io.out ? { out: io.out } : {}),
        verdict: 'ACCEPT', matched: r.matched.map((m) => hit(ns, m)), evaluated: r.evaluated,
      });
    }
    e.natDone[manip] = true;
    if (r.verdict === 'DROP') return { kind: 'drop', reason: 'NETFILTER_DROP', detail: `nat ${hook}` };
    const nat = r.nat;
    if (nat) {
      by = hit(ns, nat.rule);
      if (nat.kind === 'dnat' || nat.kind === 'redirect') {
        let ip = nat.ip;
        if (nat.kind === 'redirect') {
          // REDIRECT: the primary address of the incoming interface, 127.0.0.1 for locally generated packets.
          ip = hook === 'OUTPUT' ? 0x7f000001 : io.in ? primaryAddress(ns.device(io.in))?.ip : undefined;
          if (ip === undefined) return { kind: 'drop', reason: 'NAT_FAILED', detail: 'REDIRECT: no address on the incoming interface' };
        }
        e.reply = { ...e.reply, src: ip ?? e.reply.src, sport: nat.port ?? e.reply.sport };
        e.dnat = true;
      } else {
        let ip = nat.ip;
        if (nat.kind === 'masquerade') {
          ip = io.out ? masqueradeAddress(ns.device(io.out), io.nexthop) : undefined;
          if (ip === undefined) return { kind: 'drop', reason: 'NAT_FAILED', detail: `MASQUERADE on ${io.out ?? '?'}` };
        }
        // ICMP echo has no ports: the identifier stays as it is (the simulator does not remap echo ids).
        const icmp = e.orig.proto === 'icmp';
        let port = icmp ? e.reply.dport : nat.port ?? e.reply.dport;
        if (nat.randomFully && !icmp) port = 32768 + w.world.rng.int(28232);
        // get_unique_tuple: keep the source port unless that reply tuple is taken, then search upwards.
        let reply = { ...e.reply, dst: ip ?? e.reply.dst, dport: port };
        while (ns.conntrack.replyTaken(reply) && e.orig.proto !== 'icmp') reply = { ...reply, dport: reply.dport >= 65535 ? 1024 : reply.dport + 1 };
        e.reply = reply;
        e.snat = true;
        e.masquerade = nat.kind === 'masquerade';
      }
    }
  }
  const target = natTarget(e, ct.dir, manip);
  if (!target) return ACCEPT;
  const beforeIp = manip === 'dst' ? p.dst : p.src;
  const beforePort = manip === 'dst' ? p.dport : p.sport;
  if (beforeIp === target.ip && beforePort === target.port) return ACCEPT;
  const before = endpoint(beforeIp, beforePort, p.proto);
  if (manip === 'dst') {
    p.dst = target.ip;
    if (p.proto !== 'icmp') p.dport = target.port;
  } else {
    p.src = target.ip;
    if (p.proto !== 'icmp') p.sport = target.port;
  }
  const after = endpoint(target.ip, target.port, p.proto);
  const kind =
    ct.dir === 'orig'
      ? manip === 'dst' ? 'dnat' : e.masquerade ? 'masquerade' : 'snat'
      : manip === 'dst' ? 'undo-snat' : 'undo-dnat';
  w.step({ kind: 'nat', manip: kind, before, after, ...(by ? { by } : {}), ct: e.id });
  return ACCEPT;
}

function confirm(w: Walker, ns: Netns, p: Packet): HookVerdict {
  const ct = p.ct;
  if (!ct || ct.entry.confirmed) return ACCEPT;
  if (!ns.conntrack.confirm(ct.entry)) return { kind: 'drop', reason: 'CT_CLASH', detail: tupleKey(ct.entry.orig) };
  w.step({ kind: 'ct-confirm', id: ct.entry.id });
  return ACCEPT;
}

export function fmtIp(ip: Ipv4): string {
  return formatIpv4(ip);
}
