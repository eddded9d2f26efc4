/**
 * The upstream NetworkPolicy e2e truth tables, reproduced by the simulated data plane: the x/y/z model of
 * tests/fixtures/netpol/00-model.txt built as a real cluster (two nodes, flannel VXLAN, one ClusterIP Service
 * per Pod named s-<ns>-<pod>), the fixture's policies applied as manifests, and every ordered pair probed
 * through the server's Service, as probe.go does. Policy therefore sees the post-DNAT packet, enforced by the
 * policy agent's iptables rules on the nodes. The diagonal is ignored, as upstream does.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { diffTruthTables, formatTruthTable, parseTruthTable, type TruthTable } from '../../src/sim/k8s/netpol';
import { fixtureFiles, loadFixture } from './support/netpol-fixtures';

function xyzManifests(probes: { port: number; protocol: string }[]): unknown[] {
  const objs: unknown[] = [
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2' } },
  ];
  let i = 0;
  for (const ns of ['x', 'y', 'z']) {
    objs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const pod of ['a', 'b', 'c']) {
      objs.push({
        apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: ns, labels: { pod } },
        spec: {
          nodeName: i++ % 2 === 0 ? 'node-1' : 'node-2',
          containers: probes.map(({ port, protocol }) => ({
            name: `cont-${port}-${protocol.toLowerCase()}`,
            ports: [{ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol }],
          })),
        },
      });
      objs.push({
        apiVersion: 'v1', kind: 'Service', metadata: { name: `s-${ns}-${pod}`, namespace: ns },
        spec: { selector: { pod }, ports: probes.map(({ port, protocol }) => ({ name: `service-port-${protocol.toLowerCase()}-${port}`, port, protocol })) },
      });
    }
  }
  return objs;
}

const pods = ['x', 'y', 'z'].flatMap((ns) => ['a', 'b', 'c'].map((p) => `${ns}/${p}`));

describe('NetworkPolicy truth tables through the simulated data plane', () => {
  for (const file of fixtureFiles()) {
    const fx = loadFixture(file);
    const probes = [...new Map(fx.expectations.map((e) => [`${e.port}/${e.protocol}`, { port: e.port, protocol: e.protocol }])).values()];
    for (const exp of fx.expectations) {
      it(`${file} (${exp.step !== undefined ? `step ${exp.step}, ` : ''}${exp.protocol} ${exp.port})`, () => {
        const policies = exp.step !== undefined ? fx.policies.slice(0, exp.step) : fx.policies;
        // As objects, not YAML text: a namespace named "y" would need quotes in YAML 1.1, as kubectl reads it.
        const c = Cluster.fromObjects([...xyzManifests(probes), ...policies]);
        const proto = exp.protocol.toLowerCase() as 'tcp';
        const actual: TruthTable = {
          froms: pods,
          tos: pods,
          connected: pods.map((from) => pods.map((to) => {
            const [ns, name] = to.split('/');
            return c.trace(`pod/${from}`, `svc/${ns}/s-${ns}-${name}:${exp.port}`, { protocol: proto, seed: 1 }).verdict === 'delivered';
          })),
        };
        const expected = parseTruthTable(exp.text);
        expect(diffTruthTables(expected, actual), formatTruthTable(actual)).toEqual([]);
      });
    }
  }
});
