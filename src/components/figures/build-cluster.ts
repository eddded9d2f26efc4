/**
 * Build-time only: a chapter's figure cluster from Kubernetes manifests, run through the simulator while the
 * site is built (Astro frontmatter), so figures show real addresses, devices and traces without any simulator
 * code on the page. The result has the shape of LabCluster.toJSON() (topology + traces with path and
 * explanation), which the browser views also accept.
 *
 * Results are memoised per (manifests, probes): a trace figure and a topology figure of the same cluster on one
 * page build it once and agree on every generated name and address.
 *
 * Not modelled: learner code (it runs only in the sandbox worker, src/lab/runner.ts).
 */
import { Cluster } from '../../sim/k8s/cluster/cluster';
import { topologyOf, type Topology } from '../../sim/k8s/cluster/topology';
import { devicePath } from '../../sim/trace/path';
import { explain } from '../../sim/trace/explain';
import type { Trace } from '../../sim/trace/types';

export interface FigureProbe {
  /** 'pod/default/client', 'node/node-1', a Host name or an IP. */
  from: string;
  /** 'svc/default/web:80', 'pod/default/web:8080', '10.96.0.10:53' … */
  to: string;
  protocol?: 'tcp' | 'udp' | 'sctp' | 'icmp';
}

export interface FigureTrace {
  from: string;
  to: string;
  verdict: Trace['verdict'];
  path: string[];
  explain: { en: string; 'zh-tw': string };
  trace: Trace;
}

export interface FigureCluster {
  topology: Topology;
  traces: FigureTrace[];
}

const memo = new Map<string, FigureCluster>();

export function figureCluster(manifest: string, probes: readonly FigureProbe[] = []): FigureCluster {
  const key = JSON.stringify([manifest, probes]);
  const hit = memo.get(key);
  if (hit) return hit;
  const c = Cluster.fromManifests([{ name: 'figure manifests', text: manifest }]);
  const traces = probes.map((p) => {
    const r = c.trace(p.from, p.to, p.protocol ? { protocol: p.protocol } : {});
    return { from: r.from, to: r.to, verdict: r.verdict, path: devicePath(r.trace), explain: { en: explain(r.trace, 'en'), 'zh-tw': explain(r.trace, 'zh-tw') }, trace: r.trace };
  });
  const out = { topology: topologyOf(c.built), traces };
  memo.set(key, out);
  return out;
}
