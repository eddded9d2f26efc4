// Warms the simulator inside a fresh sandbox worker before it is handed a learner's cell.
//
// Every run gets a new worker, so without this the learner's code is always the first to call into the simulator
// in that realm: V8 then compiles each function on its first call and runs it without type feedback, and a cell
// that builds a three-node cluster and traces one packet takes several times as long as the same cell run a
// second time. The sandbox frame starts workers ahead of runs (sandbox-frame.js), so this exercise runs while
// the learner is still reading or typing: it builds two small clusters (flannel VXLAN and host-gw) with the kinds
// of objects the labs use, traces a few packets, runs a few terminal commands, prints values the way console.log
// does and copies the exports the way a run hands them to the page (format.ts, exports.ts).
//
// Nothing of it reaches the learner's run: it uses its own cluster objects, names no learner could guess and no
// console; the simulator's module state is caches keyed by content or identity (parsed kube-proxy payloads,
// formatted probabilities, chain indexes) and explain()'s default language, which every run sets (it is not
// changed here). Each step is guarded, so a simulator API that changes makes the warm-up shorter, never a run fail.
//
// Not modelled: warming the lab engine's checks (Check pays for its first call).
import type * as Api from '../sim/api';
import { plainExports } from './exports';
import { formatArgs } from './format';

type K8snet = typeof Api;

/** Runs the warm-up; returns how many steps failed (0 when the simulator's API still matches). */
export function warmUpSimulator(k8snet: K8snet): number {
  let failed = 0;
  const step = (f: () => unknown): void => {
    try {
      f();
    } catch {
      failed++;
    }
  };
  for (const cni of ['flannel-vxlan', 'flannel-host-gw'] as const) {
    let c: ReturnType<K8snet['cluster']>;
    try {
      c = k8snet.cluster({ cni });
    } catch {
      failed++;
      continue;
    }
    const full = cni === 'flannel-vxlan';
    step(() => c.node('warm-node-1').node('warm-node-2').namespace('warm-ns'));
    step(() => c.deployment('warm-web', { replicas: 2, labels: { app: 'warm-web' }, containers: [{ name: 'nginx', ports: [80] }] }));
    step(() => c.service('warm-web', { type: 'NodePort', selector: { app: 'warm-web' }, ports: [{ port: 80, targetPort: 80, nodePort: 30999 }] }));
    step(() => c.pod('warm-client', { node: 'warm-node-2', labels: { app: 'warm-client' } }));
    step(() => c.pod('warm-db', { namespace: 'warm-ns', node: 'warm-node-1', labels: { app: 'warm-db' }, containers: [{ name: 'db', ports: [5432] }] }));
    step(() => c.host('warm-host', { ip: '203.0.113.250' }));
    step(() => c.trace('pod/default/warm-client', 'svc/default/warm-web:80').explain());
    step(() => c.trace('pod/default/warm-client', 'pod/warm-ns/warm-db', { protocol: 'icmp' }).path());
    if (!full) continue;
    step(() => c.trace('warm-host', 'node/warm-node-1:30999').text());
    step(() => c.exec('node/warm-node-1', 'kubectl get pods -o wide'));
    step(() => c.exec('node/warm-node-1', 'iptables-save -t nat'));
    step(() => c.exec('node/warm-node-1', 'ip route'));
    step(() => c.exec('pod/default/warm-client', 'nslookup warm-web'));
    step(() =>
      c.networkPolicy('warm-deny', {
        namespace: 'warm-ns',
        podSelector: { matchLabels: { app: 'warm-db' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'warm-web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
      }),
    );
    step(() => c.trace('pod/default/warm-client', 'pod/warm-ns/warm-db:5432').explain('zh-tw'));
    // A change on the running cluster, from YAML (kubectl apply), then a node failure and every branch of a
    // load-balanced Service.
    step(() =>
      c.apply(
        ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: warm-lb', 'spec:', '  type: LoadBalancer', '  selector:', '    app: warm-web', '  ports:', '    - port: 8080', '      targetPort: 80', ''].join('\n'),
      ),
    );
    step(() => c.exec('node/warm-node-1', 'kubectl get svc'));
    step(() => c.nodeDown('warm-node-2'));
    step(() => c.explore('warm-host', 'node/warm-node-1:30999').explain());
    step(() => formatArgs(['warm', c.events().slice(-2), { pods: c.toJSON().pods, n: 1, ok: true }]));
    step(() => plainExports({ default: c, answers: { ip: '10.244.0.2', hops: 3 } }));
  }
  return failed;
}
