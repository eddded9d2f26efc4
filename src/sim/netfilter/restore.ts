/**
 * iptables-restore (iptables/iptables-restore.c ip46tables_restore_main), line by line:
 * - empty lines and lines starting with `#` are skipped;
 * - `*TABLE` opens a table block; without --noflush every chain of the table is flushed and every user
 *   chain deleted first (policies stay as they were);
 * - `:CHAIN POLICY [pkts:bytes]` declares a chain: for a built-in chain only a policy other than `-`
 *   does something; a user chain is created, or flushed if it exists and --noflush is set (this is how
 *   kube-proxy rewrites a chain); a policy on a user chain is an error;
 * - any other line is an iptables command (-A, -I, -D, -R, -N, -X, -F, -Z, -E, -P) for that table,
 *   tokenised like iptables (argv.ts), optionally preceded by `[pkts:bytes]`;
 * - `COMMIT` checks and installs the table (libiptc TC_COMMIT → the kernel's checks);
 * - a block still open at the end is an error ("COMMIT expected at line N").
 *
 * Atomicity is per COMMIT, as with the real tool: an error anywhere in a block leaves that table
 * unchanged, while tables committed by earlier blocks of the same input stay committed. The SimError
 * says which line failed and which tables were already committed.
 *
 * Deliberate leniencies, documented: whitespace-only lines count as empty; `COMMIT` may carry trailing
 * blanks or a CR; `lenientComments` accepts kube-proxy's test-fixture form `--comment a b c`.
 *
 * Not modelled: --counters (counter prefixes are parsed and ignored), --test, --wait, IPv6.
 */
import { fail, SimError } from '../core/errors';
import { splitArgs, splitCounters } from './argv';
import { applyCommand, beginDraft, commitDraft, createChain, resetDraft, setChainPolicy, type Draft } from './edit';
import { parseCommand, CHAIN_NAME_MAX } from './rule-parse';
import { builtinHook, isTableName } from './tables';
import type { Netfilter, TableName } from './types';

export interface RestoreOptions {
  /** --noflush: keep what is not mentioned; `:CHAIN` lines flush existing user chains. */
  noflush?: boolean;
  /** Accept unquoted multi-word comments (kube-proxy's fake iptables does; real iptables does not). */
  lenientComments?: boolean;
  /** -T TABLE: restore only this table's block. */
  table?: TableName;
}

export interface RestoreResult {
  /** Tables committed, in order. */
  readonly committed: TableName[];
}

export function iptablesRestore(nf: Netfilter, text: string, opts: RestoreOptions = {}): RestoreResult {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return iptablesRestoreLines(nf, lines, opts);
}

/** iptablesRestore over input already split into lines (a program's payload need not be joined and split again). */
export function iptablesRestoreLines(nf: Netfilter, lines: readonly string[], opts: RestoreOptions = {}): RestoreResult {
  const committed: TableName[] = [];
  let draft: Draft | undefined;
  let blockLine = 0;
  let skipping = false;

  const lineFail = (n: number, line: string, e: unknown): never => {
    const msg = e instanceof SimError ? e.message : String(e);
    const code = e instanceof SimError ? e.code : 'BAD_USAGE';
    const where = draft ? ` in the *${draft.table} block (line ${blockLine})` : '';
    const done = committed.length ? ` Tables already committed by earlier COMMITs stay changed: ${committed.join(', ')}.` : '';
    const untouched = draft ? ` Table ${draft.table} was not changed.` : '';
    fail(code, `iptables-restore: line ${n} failed${where}: \`${line}': ${msg}.${untouched}${done}`);
  };

  // One parse context per block, not per line (a big ruleset has hundreds of thousands of lines).
  let parseCtx: Parameters<typeof parseCommand>[1] | undefined;
  for (let idx = 0; idx < lines.length; idx++) {
    const n = idx + 1;
    const raw = lines[idx]!;
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const c0 = line.charCodeAt(0);
    // NaN: an empty line. Only a line that starts with a blank (or non-ASCII) can be blank throughout.
    if (c0 === 35 /* # */ || (!(c0 > 32 && c0 < 127) && line.trim() === '')) continue;
    if (skipping) {
      if (line[0] !== '*') continue;
      skipping = false;
    }
    try {
      if (draft && c0 === 67 /* C */ && /^COMMIT[ \t]*$/.test(line)) {
        commitDraft(nf, draft);
        committed.push(draft.table);
        draft = undefined;
        continue;
      }
      if (line[0] === '*') {
        if (draft) fail('BAD_USAGE', `"${line}" starts a new table before COMMIT: close the *${draft.table} block with a COMMIT line first`);
        const name = line.slice(1).trim().split(/[ \t]+/)[0] ?? '';
        if (name === '') fail('BAD_USAGE', 'table name invalid: write *filter, *nat, *mangle or *raw');
        if (!isTableName(name)) {
          fail('NOT_FOUND', `can't initialize iptables table \`${name}': Table does not exist (tables are filter, nat, mangle, raw)`);
        }
        if (opts.table && opts.table !== name) {
          skipping = true;
          continue;
        }
        const d = (draft = beginDraft(nf.tables[name]));
        parseCtx = {
          table: d.table,
          hasChain: (c) => Object.prototype.hasOwnProperty.call(d.chains, c),
          inRestore: true,
          ...(opts.lenientComments ? { lenientComments: true } : {}),
        };
        blockLine = n;
        if (!opts.noflush) resetDraft(draft);
        continue;
      }
      if (!draft) {
        fail(
          'BAD_USAGE',
          /^COMMIT/.test(line) ? 'COMMIT without an open table block' : `"${line}" is outside a table block: start the block with *filter, *nat, *mangle or *raw`,
        );
      }
      if (line[0] === ':') {
        declareChain(draft, line, !!opts.noflush);
        continue;
      }
      const { rest } = splitCounters(line);
      const { args } = splitArgs(rest);
      applyCommand(draft, parseCommand(args, parseCtx!));
    } catch (e) {
      lineFail(n, line, e);
    }
  }
  if (draft) {
    fail(
      'BAD_USAGE',
      `iptables-restore: COMMIT expected at line ${lines.length + 1}: the *${draft.table} block that starts at line ${blockLine} is not closed. ` +
        `Add a COMMIT line; table ${draft.table} was not changed.` +
        (committed.length ? ` Tables already committed stay changed: ${committed.join(', ')}.` : ''),
    );
  }
  return { committed };
}

/** `:CHAIN POLICY [pkts:bytes]` (the ':' branch of ip46tables_restore_main). */
function declareChain(d: Draft, line: string, noflush: boolean): void {
  const parts = line.slice(1).trim().split(/[ \t]+/);
  const chain = parts[0] ?? '';
  if (chain === '') fail('BAD_USAGE', 'chain name invalid');
  if (chain.length > CHAIN_NAME_MAX) fail('BAD_NAME', `Invalid chain name \`${chain}' (${CHAIN_NAME_MAX} chars max)`);
  if (!builtinHook(d.table, chain)) {
    if (noflush && d.chains[chain]) applyCommand(d, { op: 'flush', chain });
    else {
      try {
        createChain(d, chain);
      } catch (e) {
        if (e instanceof SimError) fail(e.code, `error creating chain '${chain}': ${e.message} (declare each chain once per block)`);
        throw e;
      }
    }
  }
  const policy = parts[1];
  if (policy === undefined) fail('BAD_USAGE', `policy invalid: write ":${chain} ACCEPT [0:0]" for a built-in chain or ":${chain} - [0:0]" for a user chain`);
  if (policy !== '-') {
    try {
      setChainPolicy(d, chain, policy);
    } catch (e) {
      if (e instanceof SimError) fail(e.code, `Can't set policy \`${policy}' on \`${chain}': ${e.message}`);
      throw e;
    }
  }
}
