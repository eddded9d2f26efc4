/**
 * Editing a table the way libiptc does: take a private copy (a draft), apply commands to it, and at
 * commit run the kernel's whole-table checks before the draft replaces the table in one step. A command
 * that fails leaves the committed table untouched.
 *
 * The draft copies chains on first write (copy-on-write), so appending one rule to a 50,000-rule table
 * copies one chain, and unchanged chains keep their cached summaries (validate.ts).
 *
 * Error texts follow libiptc's TC_STRERROR ("Chain already exists", "Can't delete chain with
 * references left", "Index of insertion too big", ...) plus what to do about it.
 *
 * Not modelled: counters (-Z is accepted and does nothing).
 */
import { fail } from '../core/errors';
import { parsePolicy, type Command } from './rule-parse';
import { formatRuleSpec } from './save';
import { targetLimit } from './target-parse';
import { builtinHook, markLoaded, userChainNames } from './tables';
import { referencesTo, summaryOf, validateTable } from './validate';
import type { Chain, Hook, Netfilter, Policy, Rule, Table, TableName } from './types';

interface MutableChain {
  readonly name: string;
  readonly hook?: Hook;
  policy?: Policy;
  rules: Rule[];
}

export interface Draft {
  readonly table: TableName;
  readonly chains: Record<string, Chain>;
  /** Chains copied into the draft (safe to mutate until commit). */
  readonly owned: Set<string>;
}

export function beginDraft(table: Table): Draft {
  return { table: table.name, chains: { ...table.chains }, owned: new Set() };
}

function own(d: Draft, name: string): MutableChain {
  const c = d.chains[name]!;
  if (d.owned.has(name)) return c as MutableChain;
  const copy: MutableChain = { name: c.name, ...(c.hook ? { hook: c.hook } : {}), ...(c.policy ? { policy: c.policy } : {}), rules: [...c.rules] };
  d.chains[name] = copy;
  d.owned.add(name);
  return copy;
}

function mustExist(d: Draft, name: string): Chain {
  const c = d.chains[name];
  if (!c) {
    fail(
      'NOT_FOUND',
      `iptables: No chain/target/match by that name: there is no chain ${name} in table ${d.table}` +
        (builtinHook(d.table, name) === undefined && ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(name)
          ? ` (the ${d.table} table has no ${name} hook)`
          : `; create it first (-N ${name})`),
    );
  }
  return c;
}

function checkRuleTable(d: Draft, chain: string, rules: readonly Rule[]): void {
  for (const r of rules) {
    const lim = targetLimit(r.target);
    if (lim?.table && lim.table !== d.table) {
      fail(
        'BAD_RULE',
        `${r.target.kind} in ${d.table} chain ${chain}: the ${r.target.kind} target is only valid in the ${lim.table} table, not ${d.table} ` +
          `(kernel: "${r.target.kind} target: only valid in ${lim.table} table, not ${d.table}"). ` +
          `Put the rule in the ${lim.table} table${lim.hooks ? `, in a chain reached from ${lim.hooks.join(' or ')}` : ''}`,
      );
    }
  }
}

export function ruleEquals(a: Rule, b: Rule): boolean {
  return a === b || formatRuleSpec(a) === formatRuleSpec(b);
}

/** Applies one parsed command to the draft (libiptc semantics); throws without changing committed state. */
export function applyCommand(d: Draft, cmd: Command): void {
  switch (cmd.op) {
    case 'append': {
      mustExist(d, cmd.chain);
      checkRuleTable(d, cmd.chain, cmd.rules);
      own(d, cmd.chain).rules.push(...cmd.rules);
      return;
    }
    case 'insert': {
      const c = mustExist(d, cmd.chain);
      if (cmd.index > c.rules.length + 1) {
        fail('BAD_RULE', `Index of insertion too big: chain ${cmd.chain} has ${c.rules.length} rules, so -I takes 1 to ${c.rules.length + 1}`);
      }
      checkRuleTable(d, cmd.chain, cmd.rules);
      // insert_entry inserts each expanded rule at the same position, so they end up in reverse order.
      const rules = own(d, cmd.chain).rules;
      for (const r of cmd.rules) rules.splice(cmd.index - 1, 0, r);
      return;
    }
    case 'replace': {
      const c = mustExist(d, cmd.chain);
      if (cmd.index > c.rules.length) {
        fail('BAD_RULE', `Index of replacement too big: chain ${cmd.chain} has ${c.rules.length} rules`);
      }
      checkRuleTable(d, cmd.chain, [cmd.rule]);
      own(d, cmd.chain).rules[cmd.index - 1] = cmd.rule;
      return;
    }
    case 'delete-num': {
      const c = mustExist(d, cmd.chain);
      if (cmd.index > c.rules.length) {
        fail('BAD_RULE', `Index of deletion too big: chain ${cmd.chain} has ${c.rules.length} rules`);
      }
      own(d, cmd.chain).rules.splice(cmd.index - 1, 1);
      return;
    }
    case 'delete-rule': {
      mustExist(d, cmd.chain);
      for (const r of cmd.rules) {
        const rules = d.chains[cmd.chain]!.rules;
        const at = rules.findIndex((x) => ruleEquals(x, r));
        if (at < 0) {
          fail('NOT_FOUND', `Bad rule (does a matching rule exist in that chain?): no rule "${formatRuleSpec(r).trim()}" in ${d.table} chain ${cmd.chain}`);
        }
        own(d, cmd.chain).rules.splice(at, 1);
      }
      return;
    }
    case 'new-chain':
      createChain(d, cmd.chain);
      return;
    case 'delete-chain': {
      const names = cmd.chain !== undefined ? [cmd.chain] : userChainNames({ name: d.table, chains: d.chains });
      for (const n of names) checkDeletable(d, n);
      for (const n of names) {
        delete d.chains[n];
        d.owned.delete(n);
      }
      return;
    }
    case 'flush': {
      const names = cmd.chain !== undefined ? [cmd.chain] : Object.keys(d.chains);
      for (const n of names) mustExist(d, n);
      for (const n of names) if (d.chains[n]!.rules.length) own(d, n).rules = [];
      return;
    }
    case 'zero':
      if (cmd.chain !== undefined) mustExist(d, cmd.chain);
      return;
    case 'rename-chain': {
      const c = mustExist(d, cmd.chain);
      if (c.hook) fail('BAD_RULE', `Can't rename built-in chain ${cmd.chain}`);
      if (d.chains[cmd.to]) fail('EXISTS', `Chain already exists: ${cmd.to} is already a chain in table ${d.table}`);
      const renamed: MutableChain = { name: cmd.to, rules: [...c.rules] };
      delete d.chains[cmd.chain];
      d.owned.delete(cmd.chain);
      d.chains[cmd.to] = renamed;
      d.owned.add(cmd.to);
      // libiptc keeps jumps as pointers, so every rule that jumped to the old name now shows the new one.
      for (const name of Object.keys(d.chains)) {
        if (!summaryOf(d.chains[name]!, d.owned.has(name)).targets.has(cmd.chain)) continue;
        const mc = own(d, name);
        mc.rules = mc.rules.map((r) => (r.target.kind === 'jump' && r.target.chain === cmd.chain ? { ...r, target: { ...r.target, chain: cmd.to } } : r));
      }
      return;
    }
    case 'policy':
      setChainPolicy(d, cmd.chain, cmd.policy);
      return;
  }
}

/** TC_CREATE_CHAIN. */
const VERDICT_NAMES: ReadonlySet<string> = new Set(['ACCEPT', 'DROP', 'QUEUE', 'RETURN']);

export function createChain(d: Draft, name: string): void {
  if (d.chains[name] || VERDICT_NAMES.has(name)) {
    fail('EXISTS', `Chain already exists: ${name} is already a chain (or a verdict name) in table ${d.table}`);
  }
  d.chains[name] = { name, rules: [] } as MutableChain;
  d.owned.add(name);
}

/** TC_DELETE_CHAIN: user chain, no references, no rules. */
function checkDeletable(d: Draft, name: string): void {
  const c = mustExist(d, name);
  if (c.hook) fail('BAD_RULE', `Can't delete built-in chain ${name}`);
  const refs = referencesTo(d.chains, name, (n) => d.owned.has(n));
  if (refs.length) {
    fail('BAD_RULE', `Can't delete chain with references left: ${name} is still jumped to from ${refs.join(', ')}; delete or change those rules first`);
  }
  if (c.rules.length) {
    fail('BAD_RULE', `Chain is not empty: ${name} has ${c.rules.length} rules; flush it first (-F ${name}, or declare ":${name} - [0:0]" in iptables-restore)`);
  }
}

/** TC_SET_POLICY: built-in chains only, ACCEPT or DROP. */
export function setChainPolicy(d: Draft, chain: string, policy: string): void {
  const c = mustExist(d, chain);
  if (!c.hook) fail('BAD_RULE', `Bad built-in chain name: ${chain} is a user chain, and only built-in chains have a policy (end ${chain} with -j ACCEPT/DROP instead)`);
  const p = parsePolicy(policy);
  if (!p) fail('BAD_RULE', `Bad policy name "${policy}" for chain ${chain}: use ACCEPT or DROP`);
  own(d, chain).policy = p;
}

/** iptables-restore without --noflush: flush every chain, delete every user chain; policies stay. */
export function resetDraft(d: Draft): void {
  for (const name of Object.keys(d.chains)) {
    const c = d.chains[name]!;
    if (c.hook) {
      if (c.rules.length) own(d, name).rules = [];
    } else {
      delete d.chains[name];
      d.owned.delete(name);
    }
  }
}

/** Runs the kernel's commit checks and installs the draft as the table. */
export function commitDraft(nf: Netfilter, d: Draft): void {
  validateTable(d.table, d.chains, nf.maxJumpDepth);
  nf.tables[d.table] = { name: d.table, chains: d.chains };
  markLoaded(nf, d.table);
  syncRecent(nf);
}

/**
 * xt_recent lists exist while a rule refers to them: recent_mt_check creates the list when the first
 * rule naming it is installed, recent_mt_destroy drops it with the last one.
 */
export function syncRecent(nf: Netfilter): void {
  const used = new Set<string>();
  for (const t of Object.values(nf.tables)) for (const n of recentNamesOf(t)) used.add(n);
  for (const name of [...nf.recent.keys()]) if (!used.has(name)) nf.recent.delete(name);
  for (const name of used) if (!nf.recent.has(name)) nf.recent.set(name, { name, entries: new Map() });
}

/** The xt_recent names a table's rules use; tables are replaced, never changed, so this is kept per table. */
const tableRecentNames = new WeakMap<Table, ReadonlySet<string>>();

function recentNamesOf(t: Table): ReadonlySet<string> {
  let names = tableRecentNames.get(t);
  if (!names) {
    const found = new Set<string>();
    for (const name in t.chains) for (const n of summaryOf(t.chains[name]!).recentNames) found.add(n);
    tableRecentNames.set(t, (names = found));
  }
  return names;
}
