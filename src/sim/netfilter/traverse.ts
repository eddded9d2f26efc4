/**
 * Walks a packet through one table at one hook, as ipt_do_table (net/ipv4/netfilter/ip_tables.c) does:
 * rules in order; a rule matches when its IP part (ip_packet_match) and then each match, in order, hold
 * (the first failing match stops the rule, so later matches, e.g. a recent --set, do not run); the
 * target then decides:
 * - no target, LOG, MARK, NOTRACK/CT: continue with the next rule (XT_CONTINUE); MARK rewrites skb->mark
 *   for the rules after it;
 * - ACCEPT, DROP, REJECT: the table's verdict;
 * - DNAT/SNAT/MASQUERADE/REDIRECT: the NAT decision, returned for the datapath to apply (the target
 *   returns NF_ACCEPT), so the table stops there;
 * - -j CHAIN pushes the next rule on the jump stack, -g CHAIN does not; RETURN or the end of a user chain
 *   pops it; with an empty stack the built-in chain's policy decides (ipt_do_table uses
 *   private->underflow[hook]).
 * Iterative (an explicit stack), so a 50,000-rule chain or 15 nested chains cost no JS recursion. Long
 * chains of `-d ADDR/32` rules are walked through dst-index.ts, which skips (and counts) the rules whose
 * destination cannot match.
 *
 * Not modelled: packet/byte counters, fragments, the security table, addrtype --limit-iface-in/out
 * (accepted and printed, but the address type is not restricted to the interface's addresses).
 */
import { fail } from '../core/errors';
import { dstIndexOf, nextCandidate, type DstIndex } from './dst-index';
import { CT_STATE_BITS } from './match-parse';
import { recentMatch } from './recent';
import { builtinHook } from './tables';
import type {
  ChainResult,
  ChainRunResult,
  Hook,
  LbDraw,
  Match,
  NatDecision,
  Netfilter,
  NfEnv,
  NfPacket,
  Rule,
  RuleRef,
  TableName,
  Target,
} from './types';
import { effectiveProbability, PROTO_NUM } from './values';

const ADDR_TYPE_INDEX = { UNSPEC: 0, UNICAST: 1, LOCAL: 2, BROADCAST: 3, MULTICAST: 5 } as const;

/** inet_addr_type as far as the simulator knows it (0.0.0.0/8 and 255.255.255.255 are BROADCAST). */
function addrTypeIndex(env: NfEnv, ip: number): number {
  if (env.addrType) return ADDR_TYPE_INDEX[env.addrType(ip)];
  if (ip >>> 24 === 0 || ip >>> 0 === 0xffffffff) return ADDR_TYPE_INDEX.BROADCAST;
  if (ip >>> 28 === 14) return ADDR_TYPE_INDEX.MULTICAST;
  return env.isLocal(ip) ? ADDR_TYPE_INDEX.LOCAL : ADDR_TYPE_INDEX.UNICAST;
}

/** The packet's conntrack state bits as xt_conntrack computes them (SNAT/DNAT only for a real entry). */
function ctStateBits(p: NfPacket): number {
  switch (p.ct.state) {
    case 'INVALID':
      return CT_STATE_BITS.INVALID;
    case 'UNTRACKED':
      return CT_STATE_BITS.UNTRACKED;
    case 'NEW':
    case 'ESTABLISHED':
    case 'RELATED': {
      let bits = CT_STATE_BITS[p.ct.state];
      if (p.ct.snat) bits |= CT_STATE_BITS.SNAT;
      if (p.ct.dnat) bits |= CT_STATE_BITS.DNAT;
      return bits;
    }
  }
}

interface Walk {
  readonly nf: Netfilter;
  readonly table: TableName;
  readonly p: NfPacket;
  readonly env: NfEnv;
  readonly protoNum: number;
  readonly ctBits: number;
  mark: number;
  lb: LbDraw[] | undefined;
}

/** ip_packet_match: -s, -d, -i, -o, -p. */
function ipMatch(r: Rule, w: Walk): boolean {
  const p = w.p;
  const s = r.src;
  if (s && ((((p.src & s.mask) >>> 0) === s.addr) === s.invert)) return false;
  const d = r.dst;
  if (d && ((((p.dst & d.mask) >>> 0) === d.addr) === d.invert)) return false;
  const i = r.inIface;
  if (i) {
    const name = p.inIface ?? '';
    if ((i.wildcard ? name.startsWith(i.name) : name === i.name) === i.invert) return false;
  }
  const o = r.outIface;
  if (o) {
    const name = p.outIface ?? '';
    if ((o.wildcard ? name.startsWith(o.name) : name === o.name) === o.invert) return false;
  }
  const pr = r.proto;
  if (pr && (pr.num === w.protoNum) === pr.invert) return false;
  return true;
}

function matchOne(m: Match, w: Walk, chain: string, index: number): boolean {
  const p = w.p;
  switch (m.kind) {
    case 'tcp':
    case 'udp':
    case 'sctp': {
      const sp = m.sport;
      if (sp && (p.sport >= sp.min && p.sport <= sp.max) === sp.invert) return false;
      const dp = m.dport;
      if (dp && (p.dport >= dp.min && p.dport <= dp.max) === dp.invert) return false;
      return true;
    }
    case 'icmp': {
      const hit = m.type === 'any' || (p.icmpType !== undefined && p.icmpType === m.type);
      return hit !== m.invert;
    }
    case 'multiport': {
      // ports_match_v1: the first listed port or range that fits decides.
      for (const r of m.ports) {
        const src = p.sport >= r.min && p.sport <= r.max;
        const dst = p.dport >= r.min && p.dport <= r.max;
        if (m.dir === 'src' ? src : m.dir === 'dst' ? dst : src || dst) return !m.invert;
      }
      return m.invert;
    }
    case 'comment':
    case 'nfacct':
      return true;
    case 'mark':
      return (((w.mark & m.mask) >>> 0) === m.value) !== m.invert;
    case 'addrtype': {
      if (m.src && ((m.src.types & (1 << addrTypeIndex(w.env, p.src))) !== 0) === m.src.invert) return false;
      if (m.dst && ((m.dst.types & (1 << addrTypeIndex(w.env, p.dst))) !== 0) === m.dst.invert) return false;
      return true;
    }
    case 'conntrack':
      return ((m.states & w.ctBits) !== 0) !== m.invert;
    case 'statistic': {
      if (m.mode === 'nth') {
        // xt_statistic: count runs every-1 → 0 → 1 ... and the packet that brings it to 0 matches.
        const c = m.counter;
        c.count = c.count === m.every - 1 ? 0 : c.count + 1;
        return (c.count === 0) !== m.invert;
      }
      const probability = effectiveProbability(m.stored);
      const rule: RuleRef = { table: w.table, chain, index };
      // 0 and 1 are certain; the datapath is asked only about real draws.
      const taken = m.stored === 0 ? false : m.stored >= 0x80000000 ? true : w.env.chance(probability, rule);
      (w.lb ??= []).push({ rule, probability, taken });
      return taken !== m.invert;
    }
    case 'recent':
      return recentMatch(w.nf, m, p, w.env.now);
  }
}

function natOf(t: Target, rule: RuleRef): NatDecision | undefined {
  switch (t.kind) {
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT': {
      const r = t.range;
      const kind = t.kind === 'DNAT' ? 'dnat' : t.kind === 'SNAT' ? 'snat' : t.kind === 'MASQUERADE' ? 'masquerade' : 'redirect';
      return {
        kind,
        ...(r.minIp !== undefined ? { ip: r.minIp } : {}),
        ...(r.maxIp !== undefined && r.maxIp !== r.minIp ? { ipMax: r.maxIp } : {}),
        ...(r.minPort !== undefined ? { port: r.minPort } : {}),
        ...(r.maxPort !== undefined && r.maxPort !== r.minPort ? { portMax: r.maxPort } : {}),
        ...(t.random ? { random: true } : {}),
        ...('randomFully' in t && t.randomFully ? { randomFully: true } : {}),
        ...('persistent' in t && t.persistent ? { persistent: true } : {}),
        rule,
      };
    }
    default:
      return undefined;
  }
}

interface Frame {
  readonly name: string;
  readonly rules: readonly Rule[];
  readonly idx: DstIndex | null;
  readonly next: number;
  readonly depth: number;
}

function traverse(nf: Netfilter, table: TableName, start: string, p: NfPacket, env: NfEnv): ChainRunResult {
  const chains = nf.tables[table].chains;
  const first = chains[start];
  if (!first) fail('NOT_FOUND', `there is no chain ${start} in table ${table}`);
  const w: Walk = {
    nf,
    table,
    p,
    env,
    protoNum: PROTO_NUM[p.proto],
    ctBits: ctStateBits(p),
    mark: p.mark >>> 0,
    lb: undefined,
  };
  const matched: RuleRef[] = [];
  let evaluated = 0;
  let notrack: { rule: RuleRef } | undefined;
  const stack: Frame[] = [];
  let name = start;
  let rules = first.rules;
  let idx = dstIndexOf(rules);
  const dst = p.dst >>> 0;
  let i = 0;
  // Chains entered (by -j or -g) below the start chain on the current path. Validation keeps it under
  // maxJumpDepth for everything reachable from a built-in chain; the guard also ends a walk that
  // runChain starts inside an unreachable cycle (which the kernel, too, leaves unchecked).
  let depth = 0;

  const finish = (verdict: ChainRunResult['verdict'], extra: Partial<ChainResult> = {}): ChainRunResult => ({
    verdict,
    matched,
    evaluated,
    mark: w.mark,
    ...(w.lb ? { lb: w.lb } : {}),
    ...(notrack ? { notrack } : {}),
    ...extra,
  });
  const underflow = (): ChainRunResult => {
    if (first.hook) {
      const policy = first.policy ?? 'ACCEPT';
      return finish(policy, { policy: { chain: start, verdict: policy } });
    }
    return finish('RETURN');
  };

  for (;;) {
    if (i >= rules.length) {
      // The end of a user chain is an implicit RETURN; of the start chain, the policy.
      const f = stack.pop();
      if (!f) return underflow();
      name = f.name;
      rules = f.rules;
      idx = f.idx;
      i = f.next;
      depth = f.depth;
      continue;
    }
    if (idx) {
      // Rules that cannot match this destination: the kernel walks them, so they count, but need no look.
      const next = nextCandidate(idx, dst, i, rules.length);
      evaluated += next - i;
      i = next;
      if (i >= rules.length) continue;
    }
    const r = rules[i]!;
    evaluated++;
    const index = i + 1;
    // No allocation per rule: a RuleRef is made only for rules that match (or draw).
    let ok = ipMatch(r, w);
    if (ok) {
      const ms = r.matches;
      for (let k = 0; k < ms.length; k++) {
        if (!matchOne(ms[k]!, w, name, index)) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) {
      i++;
      continue;
    }
    const here: RuleRef = { table, chain: name, index };
    matched.push(here);
    const t = r.target;
    switch (t.kind) {
      case 'none':
      case 'LOG':
        i++;
        continue;
      case 'MARK':
        w.mark = ((w.mark & ~t.mask) ^ t.value) >>> 0;
        i++;
        continue;
      case 'NOTRACK':
      case 'CT':
        notrack = { rule: here };
        i++;
        continue;
      case 'verdict':
        if (t.verdict === 'RETURN') {
          const f = stack.pop();
          if (!f) return underflow();
          name = f.name;
          rules = f.rules;
          idx = f.idx;
          i = f.next;
          depth = f.depth;
          continue;
        }
        return finish(t.verdict);
      case 'jump': {
        const target = chains[t.chain];
        if (!target) fail('NOT_FOUND', `${table} chain ${name} rule ${index} jumps to missing chain ${t.chain}`);
        // nft_do_chain drops a packet that would overflow the jump stack.
        if (depth + 1 >= nf.maxJumpDepth) return finish('DROP');
        if (!t.goto) stack.push({ name, rules, idx, next: i + 1, depth });
        depth++;
        name = t.chain;
        rules = target.rules;
        idx = dstIndexOf(rules);
        i = 0;
        continue;
      }
      case 'REJECT':
        return finish('REJECT', { reject: { with: t.with, rule: here } });
      case 'DNAT':
      case 'SNAT':
      case 'MASQUERADE':
      case 'REDIRECT':
        return finish('ACCEPT', { nat: natOf(t, here)! });
    }
  }
}

/** Runs the table's built-in chain for `hook` over the packet (the datapath calls this at each hook). */
export function runHook(nf: Netfilter, table: TableName, hook: Hook, p: NfPacket, env: NfEnv): ChainResult {
  if (!builtinHook(table, hook)) fail('BAD_USAGE', `the ${table} table has no ${hook} chain; see TABLES_AT_HOOK for which tables run at ${hook}`);
  return traverse(nf, table, hook, p, env) as ChainResult;
}

/**
 * Runs from any chain. From a built-in chain this is runHook; from a user chain, falling off its end
 * (or RETURN with nothing to return to) gives verdict 'RETURN'. Used by tracers that start below the
 * built-in chains, as kube-proxy's unit-test tracer does.
 */
export function runChain(nf: Netfilter, table: TableName, chain: string, p: NfPacket, env: NfEnv): ChainRunResult {
  return traverse(nf, table, chain, p, env);
}

/**
 * Whether any table has a rule, a user chain or a DROP policy — i.e. whether netfilter does anything in
 * this namespace (an untouched namespace has no table modules loaded and no conntrack).
 */
export function anyRules(nf: Netfilter): boolean {
  for (const t of Object.values(nf.tables)) {
    for (const c of Object.values(t.chains)) {
      if (c.rules.length || !c.hook || c.policy === 'DROP') return true;
    }
  }
  return false;
}
