/**
 * The fixed shape of the four IPv4 tables: which built-in chains each has, the order the kernel lists
 * them in, and which tables run at each hook in priority order. Also creates the per-netns state.
 *
 * Sources: built-in chains per table from net/ipv4/netfilter/iptable_{raw,mangle,nat,filter}.c
 * (valid_hooks); hook order from libiptc's hooknames[] (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING);
 * priorities from include/uapi/linux/netfilter_ipv4.h (NF_IP_PRI_RAW -300, NF_IP_PRI_CONNTRACK -200,
 * NF_IP_PRI_MANGLE -150, NF_IP_PRI_NAT_DST -100, NF_IP_PRI_FILTER 0, NF_IP_PRI_NAT_SRC 100).
 *
 * Not modelled: the security table; the ordering of tables in `iptables-save` output on legacy systems
 * (it follows module load order there); we use iptables-nft's fixed order (see TABLE_SAVE_ORDER).
 */
import { fail } from '../core/errors';
import type { Chain, Hook, Netfilter, Table, TableName } from './types';

export const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];

/** Hooks in kernel order (libiptc hooknames[]), which is also the order built-in chains are listed. */
export const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

export const TABLE_HOOKS: Readonly<Record<TableName, readonly Hook[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/**
 * Tables at each hook, lowest priority first. The datapath runs them in this order; conntrack sits
 * between raw (-300) and mangle (-150) at PREROUTING and OUTPUT, and confirms after the last table.
 */
export const TABLES_AT_HOOK: Readonly<Record<Hook, readonly TableName[]>> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

/**
 * Order of `*table` blocks when iptables-save prints every table: iptables-nft's enum nft_table_type
 * (iptables/nft.h: MANGLE, SECURITY, RAW, FILTER, NAT). Legacy iptables-save follows
 * /proc/net/ip_tables_names, i.e. module load order, which a simulator cannot reproduce meaningfully.
 */
export const TABLE_SAVE_ORDER: readonly TableName[] = ['mangle', 'raw', 'filter', 'nat'];

/**
 * Deepest jump nesting allowed below a built-in chain. nf_tables (the iptables-nft backend used by
 * current distributions and kube-proxy's iptables-wrapper default) refuses a ruleset where a chain sits
 * NFT_JUMP_STACK_SIZE = 16 levels below a base chain (include/net/netfilter/nf_tables.h;
 * net/netfilter/nf_tables_api.c nft_chain_validate returns -EMLINK "Too many links"). Legacy ip_tables
 * sizes its jump stack by the number of user chains instead (net/ipv4/netfilter/ip_tables.c
 * translate_table, stacksize), so it has no fixed limit; 16 is the stricter, current behaviour.
 */
export const MAX_JUMP_DEPTH = 16;

export function isTableName(s: string): s is TableName {
  return (TABLE_NAMES as readonly string[]).includes(s);
}

export function isHook(s: string): s is Hook {
  return (HOOKS as readonly string[]).includes(s);
}

/** The hook of a built-in chain of this table, or undefined for a user chain name. */
export function builtinHook(table: TableName, chain: string): Hook | undefined {
  return (TABLE_HOOKS[table] as readonly string[]).includes(chain) ? (chain as Hook) : undefined;
}

export function emptyTable(name: TableName): Table {
  const chains: Record<string, Chain> = {};
  for (const hook of TABLE_HOOKS[name]) chains[hook] = { name: hook, hook, policy: 'ACCEPT', rules: [] };
  return { name, chains };
}

export interface NetfilterOptions {
  /** Tables whose modules count as loaded from the start (iptables-save without -t prints them). */
  loaded?: readonly TableName[];
  maxJumpDepth?: number;
}

/** Fresh state of a new network namespace: all built-in chains empty, policy ACCEPT. */
export function createNetfilter(opts: NetfilterOptions = {}): Netfilter {
  const maxJumpDepth = opts.maxJumpDepth ?? MAX_JUMP_DEPTH;
  if (!Number.isInteger(maxJumpDepth) || maxJumpDepth < 1) {
    fail('BAD_CONFIG', `maxJumpDepth ${maxJumpDepth} must be a positive integer (Linux nf_tables uses ${MAX_JUMP_DEPTH})`);
  }
  return {
    tables: { raw: emptyTable('raw'), mangle: emptyTable('mangle'), nat: emptyTable('nat'), filter: emptyTable('filter') },
    loaded: [...(opts.loaded ?? [])],
    recent: new Map(),
    maxJumpDepth,
  };
}

export function markLoaded(nf: Netfilter, table: TableName): void {
  if (!nf.loaded.includes(table)) nf.loaded.push(table);
}

/** User chains sorted as libiptc keeps them: strcmp order (libiptc.c iptc_insert_chain). */
export function userChainNames(table: Table): string[] {
  const names: string[] = [];
  for (const name in table.chains) if (table.chains[name]!.hook === undefined) names.push(name);
  // strcmp order: the default sort compares UTF-16 code units (chain names are ASCII in practice), with no
  // call per comparison.
  return names.sort();
}

/** Built-in chains in kernel order, then user chains in strcmp order: the order every listing uses. */
export function chainOrder(table: Table): string[] {
  return [...TABLE_HOOKS[table.name], ...userChainNames(table)];
}
