/**
 * The jumps from the built-in chains into kube-proxy's chains. They are not part of the restore payload:
 * on each full sync kube-proxy calls `EnsureRule(Prepend, …)` (`iptables -C`, then `iptables -I` if missing)
 * for every entry of `iptablesJumpChains`, then `iptablesKubeletJumpChains` (the `-j KUBE-FIREWALL` jumps it
 * duplicates from kubelet). Source: kubernetes/kubernetes pkg/proxy/iptables/proxier.go@531be812.
 *
 * Because each is inserted at position 1, later entries end up above earlier ones. On a node kubelet has
 * already inserted its KUBE-FIREWALL jumps before kube-proxy starts, so kube-proxy finds them present and
 * they stay below its own jumps; real captures show `-A INPUT -j KUBE-FIREWALL` after the kube-proxy jumps.
 *
 * Not modelled: the KUBE-PROXY-CANARY / KUBE-KUBELET-CANARY chains used to detect a flush.
 */
import type { IptablesTable, JumpChainRule } from './types';

interface JumpChain {
  table: IptablesTable;
  dstChain: string;
  srcChain: JumpChainRule['chain'];
  comment: string;
  extraArgs: string[];
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];

/** `iptablesJumpChains`, in source order. */
const IPTABLES_JUMP_CHAINS: readonly JumpChain[] = [
  { table: 'filter', dstChain: 'KUBE-EXTERNAL-SERVICES', srcChain: 'INPUT', comment: 'kubernetes externally-visible service portals', extraArgs: NEW },
  { table: 'filter', dstChain: 'KUBE-EXTERNAL-SERVICES', srcChain: 'FORWARD', comment: 'kubernetes externally-visible service portals', extraArgs: NEW },
  { table: 'filter', dstChain: 'KUBE-NODEPORTS', srcChain: 'INPUT', comment: 'kubernetes health check service ports', extraArgs: [] },
  { table: 'filter', dstChain: 'KUBE-SERVICES', srcChain: 'FORWARD', comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', dstChain: 'KUBE-SERVICES', srcChain: 'OUTPUT', comment: 'kubernetes service portals', extraArgs: NEW },
  { table: 'filter', dstChain: 'KUBE-FORWARD', srcChain: 'FORWARD', comment: 'kubernetes forwarding rules', extraArgs: [] },
  { table: 'filter', dstChain: 'KUBE-PROXY-FIREWALL', srcChain: 'INPUT', comment: 'kubernetes load balancer firewall', extraArgs: NEW },
  { table: 'filter', dstChain: 'KUBE-PROXY-FIREWALL', srcChain: 'OUTPUT', comment: 'kubernetes load balancer firewall', extraArgs: NEW },
  { table: 'filter', dstChain: 'KUBE-PROXY-FIREWALL', srcChain: 'FORWARD', comment: 'kubernetes load balancer firewall', extraArgs: NEW },
  { table: 'nat', dstChain: 'KUBE-SERVICES', srcChain: 'OUTPUT', comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', dstChain: 'KUBE-SERVICES', srcChain: 'PREROUTING', comment: 'kubernetes service portals', extraArgs: [] },
  { table: 'nat', dstChain: 'KUBE-POSTROUTING', srcChain: 'POSTROUTING', comment: 'kubernetes postrouting rules', extraArgs: [] },
];

/** `iptablesKubeletJumpChains`: comment-less jumps to kubelet's KUBE-FIREWALL. */
const KUBELET_JUMP_CHAINS: readonly JumpChain[] = [
  { table: 'filter', dstChain: 'KUBE-FIREWALL', srcChain: 'INPUT', comment: '', extraArgs: [] },
  { table: 'filter', dstChain: 'KUBE-FIREWALL', srcChain: 'OUTPUT', comment: '', extraArgs: [] },
];

/** Built-in chains in the order `iptables-save` lists them. */
const CHAIN_ORDER: readonly { table: IptablesTable; chain: JumpChainRule['chain'] }[] = [
  { table: 'filter', chain: 'INPUT' },
  { table: 'filter', chain: 'FORWARD' },
  { table: 'filter', chain: 'OUTPUT' },
  { table: 'nat', chain: 'PREROUTING' },
  { table: 'nat', chain: 'OUTPUT' },
  { table: 'nat', chain: 'POSTROUTING' },
];

function toRule(j: JumpChain): JumpChainRule {
  const comment = j.comment === '' ? [] : ['-m', 'comment', '--comment', j.comment];
  const args = [...j.extraArgs, ...comment, '-j', j.dstChain];
  const quoted = [...j.extraArgs, ...(j.comment === '' ? [] : ['-m', 'comment', '--comment', `"${j.comment}"`]), '-j', j.dstChain];
  return { table: j.table, chain: j.srcChain, rule: quoted.join(' '), args };
}

export interface JumpChainOptions {
  /**
   * Whether kubelet inserted its KUBE-FIREWALL jumps before kube-proxy's first sync (true on a real node,
   * where kubelet starts the kube-proxy pod). false models kube-proxy alone on a clean host.
   */
  kubeletFirst?: boolean;
}

/**
 * The jump rules at the top of the built-in chains after kube-proxy's first full sync, listed per chain
 * from the top (filter INPUT, FORWARD, OUTPUT, then nat PREROUTING, OUTPUT, POSTROUTING).
 */
export function jumpChainRules(options: JumpChainOptions = {}): JumpChainRule[] {
  const kubeletFirst = options.kubeletFirst ?? true;
  const order = kubeletFirst
    ? [...KUBELET_JUMP_CHAINS, ...IPTABLES_JUMP_CHAINS, ...KUBELET_JUMP_CHAINS]
    : [...IPTABLES_JUMP_CHAINS, ...KUBELET_JUMP_CHAINS];
  const chains = new Map<string, JumpChainRule[]>();
  for (const j of order) {
    const r = toRule(j);
    const key = `${r.table} ${r.chain}`;
    const list = chains.get(key) ?? [];
    // EnsureRule: `iptables -C` first, insert at the top only if the rule is missing.
    if (!list.some((x) => x.rule === r.rule)) list.unshift(r);
    chains.set(key, list);
  }
  return CHAIN_ORDER.flatMap(({ table, chain }) => chains.get(`${table} ${chain}`) ?? []);
}
