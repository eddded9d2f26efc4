/**
 * `npm run bench:scale`: a cluster at Kubernetes' published limits (sig-scalability thresholds: 5,000 nodes,
 * 150,000 Pods, 10,000 Services, up to 250 endpoints per Service). Prints build time, heap, one node's
 * iptables-save time and trace latency. Targets: build under 10 s, heap under 2 GiB, one node's ruleset under 2 s,
 * a trace under 1 ms median. Nodes are built when first used, so the heap holds the cluster's description and
 * the few nodes a trace visits, not 5,000 copies of the same rules.
 */
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { iptablesSave } from '../../src/sim/netfilter';
import { LIMITS, scaleObjects } from './scale-gen';

const args = process.argv.slice(2);
const shape = args.includes('--small') ? { nodes: 500, services: 1000, bigServices: 20, bigReplicas: 250, replicas: 10 } : LIMITS;
const mb = () => process.memoryUsage().heapUsed / 2 ** 20;
const gcNow = () => (globalThis as { gc?: () => void }).gc?.();

const objects = scaleObjects(shape);
gcNow();
let t0 = performance.now();
const c = Cluster.fromObjects(objects, { coreDNS: false });
const buildMs = performance.now() - t0;
gcNow();
const heap = mb();
const pods = c.spec.pods.length;
const services = c.spec.services.length;
const perService = new Map<string, number>();
for (const sl of c.built.endpointSlices) {
  const key = `${sl.metadata?.namespace}/${sl.metadata?.labels?.['kubernetes.io/service-name']}`;
  perService.set(key, (perService.get(key) ?? 0) + (sl.endpoints?.length ?? 0));
}
const maxEndpoints = Math.max(...perService.values());

// One node's ruleset: building the node (its Pods, routes, kube-proxy rules) and printing iptables-save.
t0 = performance.now();
const nodeName = `node-${Math.min(1234, shape.nodes)}`;
const node = c.world.netns(nodeName);
const materializeMs = performance.now() - t0;
t0 = performance.now();
const saved = iptablesSave(node.nf);
const saveMs = performance.now() - t0;
const rules = saved.split('\n').filter((l) => l.startsWith('-A ')).length;

// Another node: kube-proxy's rules are computed, parsed and checked once per cluster and shared.
t0 = performance.now();
c.world.netns(`node-${Math.min(2345, shape.nodes - 1)}`);
const secondMs = performance.now() - t0;

// Traces: a Pod to a big Service's ClusterIP (the first DNAT walks KUBE-SERVICES), then more of the same.
const client = c.spec.pods.find((p) => p.nodeName === nodeName)!;
const target = 'svc/app-0/svc-0:80';
c.trace(`pod/${client.namespace}/${client.name}`, target, { seed: 7 }); // builds the endpoint's node too
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const s = performance.now();
  c.trace(`pod/${client.namespace}/${client.name}`, target, { seed: 7 }); // one endpoint: a warm path
  times.push((performance.now() - s) * 1000);
}
times.sort((a, b) => a - b);
const median = times[times.length >> 1]!;
const built = [...c.world.namespaces.values()].filter((n) => n.role === 'node').length;

console.log(`Scale benchmark (Node ${process.version}): ${shape.nodes.toLocaleString('en')} nodes, ${pods.toLocaleString('en')} Pods, ${services.toLocaleString('en')} Services, up to ${maxEndpoints} endpoints per Service\n`);
console.log('| what | figure | target |');
console.log('| --- | --- | --- |');
console.log(`| build (manifests → running cluster) | ${(buildMs / 1000).toFixed(2)} s | < 10 s |`);
console.log(`| heap after build | ${heap.toFixed(0)} MiB | < 2 GiB |`);
console.log(`| first node built on first use (its Pods, routes; kube-proxy's rules computed, parsed, checked) | ${(materializeMs / 1000).toFixed(2)} s | |`);
console.log(`| another node built on first use (shares the parsed rules) | ${(secondMs / 1000).toFixed(2)} s | |`);
console.log(`| one node's iptables-save (${rules.toLocaleString('en')} rules) | ${(saveMs / 1000).toFixed(2)} s | < 2 s |`);
console.log(`| trace Pod → ClusterIP, TCP handshake, median of 200 | ${(median / 1000).toFixed(3)} ms | < 1 ms |`);
console.log(`| nodes built by these measurements | ${built} of ${shape.nodes.toLocaleString('en')} | |`);
console.log(`| heap at the end | ${mb().toFixed(0)} MiB | |`);
