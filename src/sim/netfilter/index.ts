/**
 * Netfilter (iptables, legacy semantics as iptables-save/iptables-restore show them) for one network
 * namespace: the table model, parsing (iptables-restore and single commands), printing (iptables-save,
 * iptables -S), and the traversal the datapath calls at each hook.
 *
 * Not modelled: conntrack itself (the datapath passes the packet's state), packet/byte counters, IPv6.
 */
export type {
  AddrSpec,
  AddrTypeName,
  AddrTypeResult,
  Chain,
  ChainResult,
  ChainRunResult,
  ChainVerdict,
  CtStateName,
  Hook,
  IfaceSpec,
  LbDraw,
  Match,
  MatchKind,
  NatDecision,
  NatRange,
  Netfilter,
  NfEnv,
  NfPacket,
  Policy,
  PortRange,
  PortSpec,
  ProtoSpec,
  RecentEntry,
  RecentMatch,
  RecentTable,
  RejectWith,
  Rule,
  RuleRef,
  Table,
  TableName,
  Target,
  TargetKind,
} from './types';
export {
  createNetfilter,
  chainOrder,
  userChainNames,
  markLoaded,
  builtinHook,
  isTableName,
  isHook,
  HOOKS,
  MAX_JUMP_DEPTH,
  TABLE_HOOKS,
  TABLE_NAMES,
  TABLE_SAVE_ORDER,
  TABLES_AT_HOOK,
  type NetfilterOptions,
} from './tables';
export { iptablesRestore, iptablesRestoreLines, type RestoreOptions, type RestoreResult } from './restore';
export { iptablesSave, iptablesS, formatRule, formatRuleSpec, formatMatch, formatTarget, ruleText, type SaveOptions } from './save';
export {
  appendRule,
  insertRule,
  deleteRule,
  checkRule,
  newChain,
  deleteChain,
  flushChain,
  renameChain,
  setPolicy,
  iptablesCommand,
} from './commands';
export { runHook, runChain, anyRules } from './traverse';
export { recentEntries, RECENT_LIST_TOT } from './recent';
export { parseCommand, type Command, type ParseContext } from './rule-parse';
export { splitArgs, type Arg } from './argv';
export { formatCtime, formatProbability, storeProbability, effectiveProbability, saveString } from './values';
