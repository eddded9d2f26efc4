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
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  buildNetpolModel,
  diffTruthTables,
  formatTruthTable,
  parseTruthTable,
  truthTable,
  validatePolicy,
  type NetpolProtocol,
  type NetworkPolicy,
  type PodInfo,
} from '../../src/sim/k8s/netpol';

const DIR = join(__dirname, '..', 'fixtures', 'netpol');

interface Expectation {
  /** Number of policy documents applied (fixture 08 adds its policies in steps). */
  readonly step?: number;
  readonly protocol: NetpolProtocol;
  readonly port: number;
  /** The table lines exactly as in the file, each ending in "\n". */
  readonly text: string;
}

interface Fixture {
  readonly file: string;
  readonly policies: NetworkPolicy[];
  readonly expectations: Expectation[];
}

function loadFixture(file: string): Fixture {
  const text = readFileSync(join(DIR, file), 'utf8');
  const lines = text.split('\n');
  // Policies: the YAML stream between the first "---" line and the "..." end-of-stream marker.
  const start = lines.indexOf('---');
  const end = lines.indexOf('...');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const docs = parseAllDocuments(lines.slice(start, end + 1).join('\n'));
  const policies = (Array.isArray(docs) ? docs : [docs]).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as NetworkPolicy;
  });

  const expectations: Expectation[] = [];
  lines.forEach((line, i) => {
    const m = /^# -+ EXPECTED \((?:after step (\d+), )?probe (TCP|UDP|SCTP) port (\d+)\)$/.exec(line);
    if (!m) return;
    const header = lines.findIndex((l, j) => j > i && l.startsWith('-\t'));
    let stop = header + 1;
    while (stop < lines.length && lines[stop] !== '' && !lines[stop]!.startsWith('#')) stop++;
    expectations.push({
      ...(m[1] !== undefined ? { step: Number(m[1]) } : {}),
      protocol: m[2] as NetpolProtocol,
      port: Number(m[3]),
      text: lines.slice(header, stop).map((l) => `${l}\n`).join(''),
    });
  });
  return { file, policies, expectations };
}

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

const files = readdirSync(DIR).filter((f) => /^0[1-8]-.*\.txt$/.test(f)).sort();

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
