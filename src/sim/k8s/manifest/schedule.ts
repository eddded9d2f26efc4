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
  // Pods with the same constraints fit the same nodes: one heap of (Pods on the node, name) per constraint set,
  // so choosing "least Pods, then first by name" costs log(nodes) instead of a scan of every node per Pod.
  // Entries go stale when another constraint set fills a node; a stale top is re-pushed with its current count.
  const heaps = new Map<string, MinHeap>();
  return pods.map((p) => {
    if (p.nodeName) return p.nodeName;
    const sig = JSON.stringify([p.tolerations, p.nodeSelector]);
    let heap = heaps.get(sig);
    if (!heap) {
      heap = new MinHeap();
      for (const n of byName) if (unfitReason(p, n) === undefined) heap.push({ count: count.get(n.name)!, name: n.name });
      heaps.set(sig, heap);
    }
    for (;;) {
      const top = heap.peek();
      if (!top) return undefined;
      const current = count.get(top.name)!;
      heap.pop();
      if (current !== top.count) {
        heap.push({ count: current, name: top.name });
        continue;
      }
      count.set(top.name, current + 1);
      heap.push({ count: current + 1, name: top.name });
      return top.name;
    }
  });
}

/** A binary min-heap of (count, name), ordered by count then name. */
class MinHeap {
  private readonly a: { count: number; name: string }[] = [];

  private less(i: number, j: number): boolean {
    const x = this.a[i]!;
    const y = this.a[j]!;
    return x.count < y.count || (x.count === y.count && x.name < y.name);
  }

  peek() {
    return this.a[0];
  }

  push(e: { count: number; name: string }): void {
    const a = this.a;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): void {
    const a = this.a;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(l, m)) m = l;
      if (r < a.length && this.less(r, m)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}
