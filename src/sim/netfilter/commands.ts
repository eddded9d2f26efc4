/**
 * Single iptables commands for callers that configure a namespace programmatically (CNI plugins,
 * kube-proxy's EnsureRule, the CLI): each is one `iptables -t TABLE ...` invocation, i.e. one libiptc
 * commit: parsed and validated like iptables-restore lines, applied to a private copy, checked as the
 * kernel checks a table, then installed. On error nothing changes.
 *
 * Rule text is tokenised like an iptables-restore line (double quotes group words); callers that
 * already have shell-split words use iptablesCommand.
 *
 * Not modelled: -L/-S/-C (see save.ts iptablesS and checkRule below), -Z counters.
 */
import { fail, SimError } from '../core/errors';
import { splitArgs, type Arg } from './argv';
import { applyCommand, beginDraft, commitDraft, ruleEquals } from './edit';
import { parseCommand, type Command } from './rule-parse';
import type { Netfilter, Policy, TableName } from './types';

function run(nf: Netfilter, table: TableName, args: readonly Arg[], shown: string): Command {
  const d = beginDraft(nf.tables[table]);
  try {
    const cmd = parseCommand(args, { table, hasChain: (c) => Object.prototype.hasOwnProperty.call(d.chains, c) });
    applyCommand(d, cmd);
    commitDraft(nf, d);
    return cmd;
  } catch (e) {
    if (e instanceof SimError) fail(e.code, `iptables -t ${table} ${shown}: ${e.message}`);
    throw e;
  }
}

const word = (text: string): Arg => ({ text, quoted: false });

/** `iptables -t TABLE ARGS...` with already split arguments (no quote processing). */
export function iptablesCommand(nf: Netfilter, table: TableName, args: readonly string[]): void {
  run(nf, table, args.map(word), args.join(' '));
}

/** `iptables -t TABLE -A CHAIN RULE`. */
export function appendRule(nf: Netfilter, table: TableName, chain: string, ruleText: string): void {
  run(nf, table, [word('-A'), word(chain), ...splitArgs(ruleText).args], `-A ${chain} ${ruleText}`);
}

/** `iptables -t TABLE -I CHAIN [INDEX] RULE` (index 1-based, default 1). */
export function insertRule(nf: Netfilter, table: TableName, chain: string, ruleText: string, index = 1): void {
  run(nf, table, [word('-I'), word(chain), word(String(index)), ...splitArgs(ruleText).args], `-I ${chain} ${index} ${ruleText}`);
}

/** `iptables -t TABLE -D CHAIN RULE` or `-D CHAIN INDEX`. */
export function deleteRule(nf: Netfilter, table: TableName, chain: string, rule: string | number): void {
  const tail = typeof rule === 'number' ? [word(String(rule))] : splitArgs(rule).args;
  run(nf, table, [word('-D'), word(chain), ...tail], `-D ${chain} ${rule}`);
}

/** `iptables -t TABLE -C CHAIN RULE`: whether an identical rule exists (as iptables-save would print it). */
export function checkRule(nf: Netfilter, table: TableName, chain: string, ruleText: string): boolean {
  const c = nf.tables[table].chains[chain];
  if (!c) fail('NOT_FOUND', `iptables -t ${table} -C ${chain}: No chain/target/match by that name`);
  const cmd = parseCommand([word('-A'), word(chain), ...splitArgs(ruleText).args], {
    table,
    hasChain: (n) => Object.prototype.hasOwnProperty.call(nf.tables[table].chains, n),
  });
  if (cmd.op !== 'append') return false;
  return cmd.rules.every((r) => c.rules.some((x) => ruleEquals(x, r)));
}

/** `iptables -t TABLE -N CHAIN`. */
export function newChain(nf: Netfilter, table: TableName, chain: string): void {
  run(nf, table, [word('-N'), word(chain)], `-N ${chain}`);
}

/** `iptables -t TABLE -X [CHAIN]`. */
export function deleteChain(nf: Netfilter, table: TableName, chain?: string): void {
  run(nf, table, chain === undefined ? [word('-X')] : [word('-X'), word(chain)], `-X ${chain ?? ''}`.trim());
}

/** `iptables -t TABLE -F [CHAIN]`. */
export function flushChain(nf: Netfilter, table: TableName, chain?: string): void {
  run(nf, table, chain === undefined ? [word('-F')] : [word('-F'), word(chain)], `-F ${chain ?? ''}`.trim());
}

/** `iptables -t TABLE -E OLD NEW`. */
export function renameChain(nf: Netfilter, table: TableName, from: string, to: string): void {
  run(nf, table, [word('-E'), word(from), word(to)], `-E ${from} ${to}`);
}

/** `iptables -t TABLE -P CHAIN POLICY`. */
export function setPolicy(nf: Netfilter, table: TableName, chain: string, policy: Policy): void {
  run(nf, table, [word('-P'), word(chain), word(policy)], `-P ${chain} ${policy}`);
}
