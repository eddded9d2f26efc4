/**
 * The upstream NetworkPolicy e2e truth tables (tests/fixtures/netpol, copied with their provenance headers
 * from the kubernetes test/e2e/network/netpol cases) replayed against our evaluator.
 *
 * Cluster model per 00-model.txt: namespaces x, y, z (each with the automatic kubernetes.io/metadata.name
 * label, added by buildNetpolModel), pods a, b, c in each, labelled pod=<name>, one container per probed
 * (port, protocol) named cont-<port>-<proto> with a container port named serve-<port>-<proto>. The e2e
 * probes the server's Service, so what policy sees is the post-DNAT packet to the pod IP and the target
 * port, which is exactly what evaluate() takes.
 *
 * Comparison ignores the diagonal, as upstream does (ignoreLoopback = true).
 */
import { describe, expect, it } from 'vitest';
import {
  buildNetpolModel,
  diffTruthTables,
  formatTruthTable,
  parseTruthTable,
  truthTable,
  validatePolicy,
  type NetpolProtocol,
  type PodInfo,
} from '../../src/sim/k8s/netpol';
import { fixtureFiles, loadFixture } from './support/netpol-fixtures';

/** The x/y/z model of 00-model.txt with containers for the given (port, protocol) pairs. */
function xyzPods(probes: readonly { port: number; protocol: NetpolProtocol }[]): PodInfo[] {
  const pods: PodInfo[] = [];
  ['x', 'y', 'z'].forEach((ns, i) => {
    ['a', 'b', 'c'].forEach((name, j) => {
      pods.push({
        namespace: ns,
        name,
        labels: { pod: name },
        ip: `10.244.${i + 1}.${j + 10}`,
        containers: probes.map(({ port, protocol }) => ({
          name: `cont-${port}-${protocol.toLowerCase()}`,
          ports: [{ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol }],
        })),
      });
    });
  });
  return pods;
}

const files = fixtureFiles();

describe('upstream e2e NetworkPolicy truth tables', () => {
  it('finds the eight fixture cases', () => {
    expect(files).toHaveLength(8);
  });

  for (const file of files) {
    const fx = loadFixture(file);
    describe(file, () => {
      it('has valid policies and at least one expected table', () => {
        expect(fx.policies.length).toBeGreaterThan(0);
        expect(fx.expectations.length).toBeGreaterThan(0);
        for (const p of fx.policies) expect(validatePolicy(p)).toEqual([]);
      });

      const probes = [...new Map(fx.expectations.map((e) => [`${e.port}/${e.protocol}`, { port: e.port, protocol: e.protocol }])).values()];
      for (const exp of fx.expectations) {
        const label = `${exp.step !== undefined ? `after step ${exp.step}, ` : ''}${exp.protocol} port ${exp.port}`;
        it(`matches the expected table off the diagonal (${label})`, () => {
          const policies = exp.step !== undefined ? fx.policies.slice(0, exp.step) : fx.policies;
          const model = buildNetpolModel({
            namespaces: [{ name: 'x' }, { name: 'y' }, { name: 'z' }],
            pods: xyzPods(probes),
            policies,
          });
          const expected = parseTruthTable(exp.text);
          const actual = truthTable(model, exp.port, exp.protocol);
          expect(expected.froms).toHaveLength(9);
          expect(diffTruthTables(expected, actual)).toEqual([]);
        });

        it(`prints the table in the fixture's exact text (${label})`, () => {
          // Round trip of the fixture's own lines: proves the printer's format byte for byte.
          expect(formatTruthTable(parseTruthTable(exp.text))).toBe(exp.text);
          // Our own table also prints identically, diagonal included: the fixture generator's replay left
          // on the diagonal exactly what plain policy evaluation gives (e.g. 01: x/a → x/a is blocked by the
          // default-deny, y/a → y/a is not), so no cell needs special treatment.
          const policies = exp.step !== undefined ? fx.policies.slice(0, exp.step) : fx.policies;
          const model = buildNetpolModel({
            namespaces: [{ name: 'x' }, { name: 'y' }, { name: 'z' }],
            pods: xyzPods(probes),
            policies,
          });
          expect(formatTruthTable(truthTable(model, exp.port, exp.protocol))).toBe(exp.text);
        });
      }
    });
  }
});
