// The fix must survive the loss of either node, not only of node-1. The learner's declared objects are built
// again as fresh clusters, one per node; in each, that node goes down and every way in through the load
// balancer must still reach a web Pod. (Fresh clusters, so the learner's own cluster is left as it is.)
import { fromManifests } from 'k8snet';
import type { TsCheck } from '../../../labs';

export const survivesEitherNode: TsCheck = ({ cluster, lang }) => {
  if (!cluster) return false;
  const zh = lang === 'zh-tw';
  const yaml = cluster.toYaml();
  const results: string[] = [];
  let pass = true;
  try {
    for (const down of cluster.model.spec.nodes.map((n) => n.name)) {
      const fresh = fromManifests(yaml);
      fresh.nodeDown(down);
      const t = fresh.explore('laptop', '192.168.56.200:80');
      const ok = (t.candidates ?? []).length > 0 && (t.candidates ?? []).every((b) => b.verdict === 'delivered');
      if (!ok) pass = false;
      results.push(zh ? `${down} 倒下：${ok ? '連得到' : t.verdict}` : `${down} down: ${ok ? 'delivered' : t.verdict}`);
    }
  } catch (e) {
    return { pass: false, found: (e as Error).message };
  }
  return {
    pass,
    expected: zh ? '不管哪個節點倒下，都連得到 web Pod' : 'a web Pod is reached whichever node is down',
    found: results.join(zh ? '；' : '; '),
  };
};
