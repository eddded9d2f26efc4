/**
 * A small scheduler: the kube-scheduler filters that decide *whether* a Pod fits a node, and a simple,
 * deterministic score for *which*: the node with the fewest Pods, ties broken by node name.
 *
 * Filters (kube-scheduler framework plugins): NodeUnschedulable (spec.unschedulable, unless the Pod tolerates
 * node.kubernetes.io/unschedulable:NoSchedule), TaintToleration (NoSchedule and NoExecute taints need a
 * toleration; a node that is not Ready carries node.kubernetes.io/not-ready:NoSchedule, added by the node
 * lifecycle controller), NodeAffinity (spec.nodeSelector). When nothing fits, the Pod stays Pending with the
 * scheduler's FailedScheduling wording: `0/3 nodes are available: 1 node(s) were unschedulable, ...`.
 *
 * Toleration matching is v1.Toleration.ToleratesTaint: the effect must match unless the toleration's is
 * empty; an empty key with Exists matches every taint; Exists matches any value, Equal needs the same value.
 *
 * Not modelled: resource fit, affinity/anti-affinity, topology spread, host port conflicts, preemption, the
 * real scoring plugins (balanced allocation etc.).
 */
import type { NodeSpec, Taint, Toleration } from './types';

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export type SchedNode = Pick<NodeSpec, 'name' | 'labels' | 'unschedulable' | 'ready' | 'taints'>;

export interface SchedPod {
  nodeSelector: Readonly<Record<string, string>>;
  tolerations: readonly Toleration[];
}

/** Why the node does not fit, in the scheduler's words, or undefined if it fits. */
export function unfitReason(pod: SchedPod, node: SchedNode, opts: { ignoreUnschedulable?: boolean; ignoreNotReady?: boolean } = {}): string | undefined {
  const tol = (taint: Taint) => pod.tolerations.some((t) => tolerates(t, taint));
  if (node.unschedulable && !opts.ignoreUnschedulable && !tol({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return 'node(s) were unschedulable';
  }
  for (const [k, v] of Object.entries(pod.nodeSelector)) {
    if (node.labels[k] !== v) return "node(s) didn't match Pod's node affinity/selector";
  }
  const taints: Taint[] = [...node.taints];
  if (!node.ready && !opts.ignoreNotReady) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tol(taint)) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  return undefined;
}

/** The FailedScheduling message for a Pod no node fits. */
export function unschedulableMessage(pod: SchedPod, nodes: readonly SchedNode[]): string {
  if (nodes.length === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  for (const n of nodes) {
    const r = unfitReason(pod, n);
    if (r) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const parts = [...counts].map(([r, c]) => `${c} ${r}`).sort();
  return `0/${nodes.length} nodes are available: ${parts.join(', ')}.`;
}

/**
 * Picks a node for each Pod without one, in order, counting every Pod already bound. Returns the node name
 * per index (undefined = stays Pending).
 */
export function scheduleAll(
  pods: readonly (SchedPod & { nodeName?: string })[],
  nodes: readonly SchedNode[],
): (string | undefined)[] {
  const count = new Map<string, number>(nodes.map((n) => [n.name, 0]));
  for (const p of pods) if (p.nodeName && count.has(p.nodeName)) count.set(p.nodeName, count.get(p.nodeName)! + 1);
  const byName = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return pods.map((p) => {
    if (p.nodeName) return p.nodeName;
    let best: SchedNode | undefined;
    for (const n of byName) {
      if (unfitReason(p, n) !== undefined) continue;
      if (!best || count.get(n.name)! < count.get(best.name)!) best = n;
    }
    if (!best) return undefined;
    count.set(best.name, count.get(best.name)! + 1);
    return best.name;
  });
}
