/**
 * Demo pages only: a module Worker holding one fixed cluster, built from the page's own manifests with the
 * learner API (src/sim/api), with the page's example traces run once so conntrack has entries. It answers
 * terminal commands with the simulator's shell (src/sim/cli/shell.ts) and hands out LabCluster.toJSON().
 * Learner code never runs here.
 *
 * Not modelled: several clusters per worker.
 */
import { fromManifests, type LabCluster } from '../../sim/api';
import { runShell } from '../../sim/cli/shell';
import type { DemoSetup } from './demo-exec';

let cluster: LabCluster | null = null;
let setupError: string | null = null;

type Msg = { t: 'setup'; setup: DemoSetup } | { t: 'exec'; id: number; target: string; line: string } | { t: 'json'; id: number };

self.onmessage = (e: MessageEvent<Msg>) => {
  const m = e.data;
  if (m.t === 'setup') {
    try {
      cluster = fromManifests(m.setup.manifest);
      for (const p of m.setup.probes ?? []) cluster.trace(p.from, p.to, p.protocol ? { protocol: p.protocol as 'tcp' } : {});
    } catch (err) {
      setupError = err instanceof Error ? err.message : String(err);
    }
    return;
  }
  if (!cluster) {
    self.postMessage({ id: m.id, error: setupError ?? 'no cluster' });
    return;
  }
  try {
    if (m.t === 'json') self.postMessage({ id: m.id, json: cluster.toJSON() });
    else self.postMessage({ id: m.id, result: runShell(cluster.model, m.target, m.line) });
  } catch (err) {
    self.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
};
