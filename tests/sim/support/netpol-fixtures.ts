/**
 * Reads the upstream NetworkPolicy e2e fixtures in tests/fixtures/netpol: the policies (YAML between "---" and
 * "...") and every expected truth table with its probe (port, protocol, and the step for staged cases).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { NetpolProtocol, NetworkPolicy } from '../../../src/sim/k8s/netpol';

export const DIR = join(__dirname, '..', '..', 'fixtures', 'netpol');

export interface Expectation {
  /** Number of policy documents applied (fixture 08 adds its policies in steps). */
  readonly step?: number;
  readonly protocol: NetpolProtocol;
  readonly port: number;
  /** The table lines exactly as in the file, each ending in "\n". */
  readonly text: string;
}

export interface Fixture {
  readonly file: string;
  readonly policies: NetworkPolicy[];
  readonly expectations: Expectation[];
}

export function loadFixture(file: string): Fixture {
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


export const fixtureFiles = (): string[] => readdirSync(DIR).filter((f) => /^0[1-8]-.*\.txt$/.test(f)).sort();
