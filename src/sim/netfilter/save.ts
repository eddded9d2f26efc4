/**
 * Prints rules, tables and whole rulesets exactly as iptables 1.8 does: `iptables-save` and
 * `iptables -S`.
 *
 * A rule is printed in the kernel's storage order, not the order it was written in
 * (iptables.c print_rule4): `-A CHAIN`, then the IP header part in the fixed order -s, -d, -i, -o, -p
 * (save_ipv4_addr adds the mask, so host addresses get /32; 0.0.0.0/0 is omitted), then each match as
 * ` -m NAME` followed by its extension's save() output in the order the matches were given, then the
 * target. The per-extension formats are those of the libxt_*.c save functions (cited below).
 *
 * Listing order: built-in chains in hook order, then user chains sorted by strcmp (libiptc keeps its
 * chain list sorted, iptc_insert_chain); rules grouped by chain (iptables-save.c do_output,
 * iptables.c list_rules).
 *
 * Not modelled: packet/byte counters (always [0:0]); the `-c` form; IPv6.
 */
import { formatIpv4 } from '../addr';
import { fail } from '../core/errors';
import { ADDR_TYPES, CT_STATE_BITS, CT_STATE_PRINT_ORDER } from './match-parse';
import { chainOrder, TABLE_SAVE_ORDER } from './tables';
import type { AddrSpec, IfaceSpec, Match, NatRange, Netfilter, PortSpec, Rule, RuleRef, TableName, Target } from './types';
import { formatAddrMask, formatIface, formatPortRange, formatProbability, hex, protoName, saveString } from './values';

function addrPart(letter: 's' | 'd', a: AddrSpec | undefined): string {
  // save_ipv4_addr: nothing for 0.0.0.0/0 unless inverted.
  if (!a || (a.mask === 0 && a.addr === 0 && !a.invert)) return '';
  return `${a.invert ? ' !' : ''} -${letter} ${formatAddrMask(a)}`;
}

function ifacePart(letter: 'i' | 'o', i: IfaceSpec | undefined): string {
  // save_iface: nothing when the mask is empty (`-i +`).
  if (!i || (i.wildcard && i.name === '')) return '';
  return `${i.invert ? ' !' : ''} -${letter} ${formatIface(i)}`;
}

function portPart(name: 'sport' | 'dport', p: PortSpec | undefined): string {
  // tcp_save/udp_save/sctp_save: the full range 0:65535 is not printed.
  if (!p || (p.min === 0 && p.max === 65535)) return '';
  return `${p.invert ? ' !' : ''} --${name} ${formatPortRange(p)}`;
}

function typesText(bits: number): string {
  return ADDR_TYPES.filter((_, i) => bits & (1 << i)).join(',');
}

function statesText(bits: number): string {
  return CT_STATE_PRINT_ORDER.filter((s) => bits & CT_STATE_BITS[s]).join(',');
}

/** The ` -m NAME ...options` text of one match. */
export function formatMatch(m: Match): string {
  switch (m.kind) {
    case 'tcp':
    case 'udp':
    case 'sctp':
      return ` -m ${m.kind}${portPart('sport', m.sport)}${portPart('dport', m.dport)}`;
    case 'icmp':
      // libipt_icmp.c icmp_save: numeric type, "any" for 0xFF.
      return ` -m icmp${m.invert ? ' !' : ''} --icmp-type ${m.type}`;
    case 'multiport': {
      // libxt_multiport.c __multiport_save_v1.
      const opt = m.dir === 'src' ? 'sports' : m.dir === 'dst' ? 'dports' : 'ports';
      return ` -m multiport${m.invert ? ' !' : ''} --${opt} ${m.ports.map((p) => formatPortRange(p)).join(',')}`;
    }
    case 'comment':
      // libxt_comment.c comment_save → xtables_save_string.
      return ` -m comment --comment ${saveString(m.text)}`;
    case 'mark':
      // libxt_mark.c mark_mt_save: the mask only when it is not 0xffffffff.
      return ` -m mark${m.invert ? ' !' : ''} --mark ${hex(m.value)}${m.mask !== 0xffffffff ? '/' + hex(m.mask) : ''}`;
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.src) s += `${m.src.invert ? ' !' : ''} --src-type ${typesText(m.src.types)}`;
      if (m.dst) s += `${m.dst.invert ? ' !' : ''} --dst-type ${typesText(m.dst.types)}`;
      if (m.limitIfaceIn) s += ' --limit-iface-in';
      if (m.limitIfaceOut) s += ' --limit-iface-out';
      return s;
    }
    case 'conntrack':
      // libxt_conntrack.c conntrack_dump / state_save: states in print_state order.
      return m.alias === 'state'
        ? ` -m state${m.invert ? ' !' : ''} --state ${statesText(m.states)}`
        : ` -m conntrack${m.invert ? ' !' : ''} --ctstate ${statesText(m.states)}`;
    case 'statistic':
      // libxt_statistic.c print_match with prefix "--".
      if (m.mode === 'random') return ` -m statistic --mode random${m.invert ? ' !' : ''} --probability ${formatProbability(m.stored)}`;
      return ` -m statistic --mode nth${m.invert ? ' !' : ''} --every ${m.every}${m.packet ? ` --packet ${m.packet}` : ''}`;
    case 'recent':
      // libxt_recent.c recent_save: operation, modifiers, then --name, --mask and the side, always.
      return (
        ` -m recent${m.invert ? ' !' : ''} --${m.op}` +
        (m.seconds ? ` --seconds ${m.seconds}` : '') +
        (m.reap ? ' --reap' : '') +
        (m.hitcount ? ` --hitcount ${m.hitcount}` : '') +
        ` --name ${m.name} --mask ${formatIpv4(m.mask)} --${m.side === 'source' ? 'rsource' : 'rdest'}`
      );
    case 'nfacct':
      // Real captures show two spaces after --nfacct-name (FIDELITY §1.8, fixture 06 [C]).
      return ` -m nfacct --nfacct-name  ${m.name}`;
  }
}

function natRangeText(r: NatRange): string {
  // libxt_DNAT.c print_range: ip[-ip][:port[-port]].
  let s = '';
  if (r.minIp !== undefined) {
    s += formatIpv4(r.minIp);
    if (r.maxIp !== undefined && r.maxIp !== r.minIp) s += '-' + formatIpv4(r.maxIp);
  }
  if (r.minPort !== undefined) {
    s += `:${r.minPort}`;
    if (r.maxPort !== undefined && r.maxPort !== r.minPort) s += `-${r.maxPort}`;
  }
  return s;
}

function toPortsText(r: NatRange): string {
  if (r.minPort === undefined) return '';
  return ` --to-ports ${r.minPort}${r.maxPort !== undefined && r.maxPort !== r.minPort ? `-${r.maxPort}` : ''}`;
}

/** The ` -j TARGET ...options` (or ` -g CHAIN`) text; empty for a rule without target. */
export function formatTarget(t: Target): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'verdict':
      return ` -j ${t.verdict}`;
    case 'jump':
      return ` -${t.goto ? 'g' : 'j'} ${t.chain}`;
    case 'REJECT':
      // libipt_REJECT.c REJECT_save prints the type even when it is the default.
      return ` -j REJECT --reject-with ${t.with}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${natRangeText(t.range)}${t.random ? ' --random' : ''}${t.persistent ? ' --persistent' : ''}`;
    case 'SNAT':
      return (
        ` -j SNAT --to-source ${natRangeText(t.range)}` +
        `${t.random ? ' --random' : ''}${t.randomFully ? ' --random-fully' : ''}${t.persistent ? ' --persistent' : ''}`
      );
    case 'MASQUERADE':
      return ` -j MASQUERADE${toPortsText(t.range)}${t.random ? ' --random' : ''}${t.randomFully ? ' --random-fully' : ''}`;
    case 'REDIRECT':
      return ` -j REDIRECT${toPortsText(t.range)}${t.random ? ' --random' : ''}`;
    case 'MARK':
      // libxt_MARK.c mark_tg_save: always the xmark form.
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'LOG':
      // libipt_LOG.c LOG_save: prefix when set, level when not the default 4.
      return ` -j LOG${t.prefix !== '' ? ` --log-prefix ${saveString(t.prefix)}` : ''}${t.level !== 4 ? ` --log-level ${t.level}` : ''}`;
    case 'NOTRACK':
      return ' -j NOTRACK';
    case 'CT':
      return ' -j CT --notrack';
  }
}

/** Everything after `-A CHAIN`, each part with its leading space ('' for a rule with nothing in it). */
export function formatRuleSpec(r: Rule): string {
  let s = addrPart('s', r.src) + addrPart('d', r.dst) + ifacePart('i', r.inIface) + ifacePart('o', r.outIface);
  if (r.proto && r.proto.num !== 0) s += `${r.proto.invert ? ' !' : ''} -p ${protoName(r.proto.num)}`;
  for (const m of r.matches) s += formatMatch(m);
  return s + formatTarget(r.target);
}

/** One `-A CHAIN ...` line as iptables-save and iptables -S print it. */
export function formatRule(chain: string, r: Rule): string {
  return `-A ${chain}${formatRuleSpec(r)}`;
}

/**
 * Traces name the rules that matched; rules are immutable (edits install new objects) and shared between
 * namespaces, so the text of a rule once printed for a trace is kept with it. (Bulk printing does not use this
 * cache: hundreds of thousands of weak entries cost more than formatting.)
 */
const matchedText = new WeakMap<Rule, string>();

/** The canonical text of the rule a RuleRef points at, or '' when there is no such rule. */
export function ruleText(nf: Netfilter, ref: RuleRef): string {
  const rule = nf.tables[ref.table].chains[ref.chain]?.rules[ref.index - 1];
  if (!rule) return '';
  let text = matchedText.get(rule);
  if (text === undefined) {
    text = formatRuleSpec(rule);
    matchedText.set(rule, text);
  }
  return `-A ${ref.chain}${text}`;
}

export interface SaveOptions {
  /** Only this table (iptables-save -t). Default: every loaded table. */
  table?: TableName;
  /**
   * ctime-style date for the "# Generated by" / "# Completed on" comment lines, e.g.
   * "Mon Jul 14 13:12:21 2025" (formatCtime). Without it both comment lines are left out.
   */
  date?: string;
  /** Version in the header comment; default 1.8.9. */
  version?: string;
}

/** `iptables-save` output, ending with a newline (empty string when no table is loaded). */
export function iptablesSave(nf: Netfilter, opts: SaveOptions = {}): string {
  const tables = opts.table ? [opts.table] : TABLE_SAVE_ORDER.filter((t) => nf.loaded.includes(t));
  const out: string[] = [];
  for (const name of tables) {
    const table = nf.tables[name];
    if (opts.date !== undefined) out.push(`# Generated by iptables-save v${opts.version ?? '1.8.9'} on ${opts.date}`);
    out.push(`*${name}`);
    const order = chainOrder(table);
    for (const c of order) {
      const chain = table.chains[c]!;
      out.push(chain.hook ? `:${c} ${chain.policy ?? 'ACCEPT'} [0:0]` : `:${c} - [0:0]`);
    }
    // Joined chain by chain: each chain's text is flattened while it is young, instead of keeping hundreds of
    // thousands of concatenation trees alive until the final join (a 464,000-rule table spent as long in
    // the garbage collector as in formatting).
    for (const c of order) {
      const rules = table.chains[c]!.rules;
      if (rules.length === 1) out.push(formatRule(c, rules[0]!));
      else if (rules.length) out.push(rules.map((r) => formatRule(c, r)).join('\n'));
    }
    out.push('COMMIT');
    if (opts.date !== undefined) out.push(`# Completed on ${opts.date}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** `iptables -t TABLE -S [CHAIN]`: -P for built-ins, -N for user chains, then the rules. */
export function iptablesS(nf: Netfilter, table: TableName, chain?: string): string {
  const t = nf.tables[table];
  let order = chainOrder(t);
  if (chain !== undefined) {
    if (!t.chains[chain]) fail('NOT_FOUND', `iptables: No chain/target/match by that name: there is no chain ${chain} in table ${table}`);
    order = [chain];
  }
  const out: string[] = [];
  for (const c of order) {
    const ch = t.chains[c]!;
    out.push(ch.hook ? `-P ${c} ${ch.policy ?? 'ACCEPT'}` : `-N ${c}`);
  }
  for (const c of order) for (const r of t.chains[c]!.rules) out.push(formatRule(c, r));
  return out.join('\n') + '\n';
}
