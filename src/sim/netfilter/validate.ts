/**
 * Whole-table checks the kernel makes when a table is committed (ip_tables.c translate_table →
 * mark_source_chains, then xt_check_target for every rule), run on a draft before it replaces the table:
 * - every jump/goto names an existing chain;
 * - no loop is reachable from a built-in chain (mark_source_chains: -ELOOP, "Too many levels of
 *   symbolic links");
 * - no chain sits MAX_JUMP_DEPTH levels below a built-in chain (nf_tables' limit, see tables.ts);
 * - a target with hook limits (DNAT, SNAT, MASQUERADE, REDIRECT, REJECT, CT) is only reachable from the
 *   hooks it allows (xt_check_target: "DNAT target: used from hooks POSTROUTING, but only usable from
 *   PREROUTING/OUTPUT"). Chains no built-in chain reaches are not checked, as in the kernel.
 *
 * Per-chain summaries (jump targets, limited targets, xt_recent names) are cached by chain object:
 * committed chains are never mutated, so a table with 50,000 rules is rescanned only where it changed.
 *
 * Not modelled: the legacy kernel's stack sized by the number of user chains (we use the fixed limit).
 */
import { fail } from '../core/errors';
import { targetLimit } from './target-parse';
import { TABLE_HOOKS } from './tables';
import type { Chain, Hook, TableName, Target } from './types';

export interface LimitedRule {
  /** 1-based rule number. */
  readonly index: number;
  readonly target: Target['kind'];
  readonly hooks: readonly Hook[];
}

export interface ChainSummary {
  /** Chains this chain jumps or goes to, first rule number for each. */
  readonly targets: ReadonlyMap<string, number>;
  readonly limited: readonly LimitedRule[];
  readonly recentNames: ReadonlySet<string>;
}

const cache = new WeakMap<Chain, ChainSummary>();

function computeSummary(chain: Chain): ChainSummary {
  const targets = new Map<string, number>();
  const limited: LimitedRule[] = [];
  const recentNames = new Set<string>();
  chain.rules.forEach((r, i) => {
    const t = r.target;
    if (t.kind === 'jump') {
      if (!targets.has(t.chain)) targets.set(t.chain, i + 1);
    } else {
      const lim = targetLimit(t);
      if (lim?.hooks) limited.push({ index: i + 1, target: t.kind, hooks: lim.hooks });
    }
    for (const m of r.matches) if (m.kind === 'recent') recentNames.add(m.name);
  });
  return { targets, limited, recentNames };
}

/**
 * Summary of a chain. `mutable` chains (owned by an unfinished draft) are not cached, since the draft
 * may still change them.
 */
export function summaryOf(chain: Chain, mutable = false): ChainSummary {
  if (mutable) return computeSummary(chain);
  let s = cache.get(chain);
  if (!s) {
    s = computeSummary(chain);
    cache.set(chain, s);
  }
  return s;
}

/** Chains (and rule numbers) that jump to `name`. */
export function referencesTo(chains: Readonly<Record<string, Chain>>, name: string, isMutable: (c: string) => boolean): string[] {
  const out: string[] = [];
  for (const c in chains) {
    const n = summaryOf(chains[c]!, isMutable(c)).targets.get(name);
    if (n !== undefined) out.push(`${c} rule ${n}`);
  }
  return out;
}

const HOOK_BIT: Readonly<Record<Hook, number>> = { PREROUTING: 1, INPUT: 2, FORWARD: 4, OUTPUT: 8, POSTROUTING: 16 };

function hooksOf(mask: number): Hook[] {
  return (Object.keys(HOOK_BIT) as Hook[]).filter((h) => mask & HOOK_BIT[h]);
}

/** Runs the commit-time checks; throws a SimError naming the chain, the rule and the fix. */
export function validateTable(table: TableName, chains: Readonly<Record<string, Chain>>, maxDepth: number): void {
  const summaries = new Map<string, ChainSummary>();
  for (const name in chains) {
    const s = summaryOf(chains[name]!);
    summaries.set(name, s);
    for (const [to, idx] of s.targets) {
      if (!chains[to]) {
        fail('NOT_FOUND', `${table} chain ${name} rule ${idx} jumps to chain ${to}, which does not exist: create ${to} or change the rule`);
      }
    }
  }

  const hookMask = new Map<string, number>();
  for (const hook of TABLE_HOOKS[table]) {
    const root = chains[hook];
    if (!root || root.hook !== hook) continue;
    walkFromHook(table, hook, summaries, hookMask, maxDepth);
  }

  for (const [name, s] of summaries) {
    const mask = hookMask.get(name) ?? 0;
    if (!mask) continue;
    for (const l of s.limited) {
      const allowed = l.hooks.reduce((a, h) => a | HOOK_BIT[h], 0);
      const extra = mask & ~allowed;
      if (extra) {
        fail(
          'BAD_RULE',
          `${table} chain ${name} rule ${l.index}: ${l.target} target used from hooks ${hooksOf(mask).join('/')}, but only usable from ` +
            `${l.hooks.join('/')} (the kernel refuses the table). Move the rule to a chain reached only from ${l.hooks.join('/')}, ` +
            `or stop jumping to ${name} from ${hooksOf(extra).join('/')}`,
        );
      }
    }
  }
}

/**
 * Depth-first walk from a built-in chain: marks reachable chains with the hook bit, refuses loops and
 * chains deeper than maxDepth. Iterative, so deep or wide tables do not grow the JS stack.
 */
function walkFromHook(
  table: TableName,
  hook: Hook,
  summaries: ReadonlyMap<string, ChainSummary>,
  hookMask: Map<string, number>,
  maxDepth: number,
): void {
  const bit = HOOK_BIT[hook];
  // Longest path (in jumps) from each finished chain down to a leaf; gray = on the current path.
  const height = new Map<string, number>();
  const onPath = new Set<string>();
  const path: { name: string; iter: Iterator<string> }[] = [];
  const enter = (name: string) => {
    onPath.add(name);
    hookMask.set(name, (hookMask.get(name) ?? 0) | bit);
    path.push({ name, iter: summaries.get(name)!.targets.keys() });
    if (path.length - 1 >= maxDepth) {
      fail(
        'BAD_RULE',
        `${table}: chain ${name} would be ${path.length - 1} jumps below ${hook} (${path.map((p) => p.name).join(' → ')}); ` +
          `at most ${maxDepth - 1} levels of nesting are allowed ("Too many links", nf_tables NFT_JUMP_STACK_SIZE ${maxDepth}). Flatten the chains`,
      );
    }
  };
  enter(hook);
  while (path.length) {
    const top = path[path.length - 1]!;
    const next = top.iter.next();
    if (next.done) {
      let h = 0;
      for (const t of summaries.get(top.name)!.targets.keys()) h = Math.max(h, (height.get(t) ?? 0) + 1);
      height.set(top.name, h);
      onPath.delete(top.name);
      path.pop();
      continue;
    }
    const child = next.value;
    if (onPath.has(child)) {
      const from = path.findIndex((p) => p.name === child);
      const cycle = [...path.slice(from).map((p) => p.name), child].join(' → ');
      fail(
        'BAD_RULE',
        `${table}: loop ${cycle} is reachable from ${hook} ("Too many levels of symbolic links": the kernel refuses loops). Remove one of the jumps`,
      );
    }
    const done = height.get(child);
    if (done !== undefined) {
      // Already explored from this hook: its subtree has no loop; check the depth it adds here.
      hookMask.set(child, (hookMask.get(child) ?? 0) | bit);
      if (path.length + done >= maxDepth) {
        fail(
          'BAD_RULE',
          `${table}: chain ${child} reached from ${hook} via ${path.map((p) => p.name).join(' → ')} has chains ${path.length + done} jumps below ${hook}; ` +
            `at most ${maxDepth - 1} levels of nesting are allowed ("Too many links", nf_tables NFT_JUMP_STACK_SIZE ${maxDepth}). Flatten the chains`,
        );
      }
      continue;
    }
    enter(child);
  }
}
