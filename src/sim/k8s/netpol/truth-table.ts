/**
 * Reachability truth tables in the shape of the upstream NetworkPolicy e2e suite
 * (test/e2e/network/netpol truthtable.go, reachability.go): rows are clients ("from"), columns are servers
 * ("to"), every ordered pod pair is probed on one port/protocol, "." = connected and "X" = blocked.
 *
 * The text form is the one the e2e doc comments and our fixtures use: a header line "-" then the column
 * names, one line per client, cells separated by ONE tab. (The Go PrettyPrint puts two tabs between cells
 * in its log output; the fixtures and this printer use one.)
 *
 * Not modelled: the "?" (not observed) cell; the e2e's retries and probe timeouts.
 */
import { fail } from '../../core/errors';
import { evaluate } from './evaluate';
import type { NetpolModel, NetpolProtocol } from './types';

export interface TruthTable {
  readonly froms: readonly string[];
  readonly tos: readonly string[];
  /** connected[i][j]: froms[i] → tos[j]. */
  readonly connected: readonly (readonly boolean[])[];
}

export interface ProbeTable extends TruthTable {
  readonly port: number;
  readonly protocol: NetpolProtocol;
}

/**
 * Probes every ordered pair of `pods` (default: every pod of the model, in model order), the diagonal
 * included, as the e2e suite does (probe.go: every pod to every pod's Service, post-DNAT).
 */
export function truthTable(model: NetpolModel, port: number, protocol: NetpolProtocol = 'TCP', pods?: readonly string[]): ProbeTable {
  const refs = pods ?? model.pods.map((p) => p.ref);
  const connected = refs.map((from) => refs.map((to) => evaluate(model, { from, to, port, protocol }).allowed));
  return { port, protocol, froms: refs, tos: refs, connected };
}

/** The fixture text: "-\t<to>\t<to>…" then "<from>\t<mark>\t<mark>…" per row; each line ends in "\n". */
export function formatTruthTable(table: TruthTable): string {
  const lines = [['-', ...table.tos].join('\t')];
  table.froms.forEach((from, i) => {
    lines.push([from, ...table.connected[i]!.map((c) => (c ? '.' : 'X'))].join('\t'));
  });
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * Reads the first table in `text` (lines before the "-" header are skipped, the table ends at the first
 * line that is not a row). Throws SimError on a malformed table.
 */
export function parseTruthTable(text: string): TruthTable {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('-\t'));
  if (start < 0) fail('BAD_USAGE', 'no truth table found: a table starts with a line "-<TAB>ns/pod<TAB>..."');
  const tos = lines[start]!.split('\t').slice(1);
  const froms: string[] = [];
  const connected: boolean[][] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const cells = lines[i]!.split('\t');
    if (cells.length !== tos.length + 1 || lines[i]!.startsWith('#')) break;
    froms.push(cells[0]!);
    connected.push(cells.slice(1).map((c, j) => {
      if (c === '.') return true;
      if (c === 'X') return false;
      return fail('BAD_USAGE', `truth table row ${cells[0]} column ${tos[j]}: cell "${c}" must be "." or "X"`);
    }));
  }
  return { froms, tos, connected };
}

export interface TruthTableMismatch {
  readonly from: string;
  readonly to: string;
  readonly expected: boolean;
  readonly actual: boolean;
}

/**
 * Cells where `actual` differs from `expected`, matched by row/column names. With `ignoreLoopback`
 * (default true, as the e2e's `ignoreLoopback = true`) the pod-to-itself cells are skipped.
 */
export function diffTruthTables(expected: TruthTable, actual: TruthTable, opts: { ignoreLoopback?: boolean } = {}): TruthTableMismatch[] {
  const ignoreLoopback = opts.ignoreLoopback ?? true;
  const out: TruthTableMismatch[] = [];
  expected.froms.forEach((from, i) => {
    const ai = actual.froms.indexOf(from);
    if (ai < 0) fail('BAD_USAGE', `row ${from} of the expected table is missing from the actual one`);
    expected.tos.forEach((to, j) => {
      if (ignoreLoopback && from === to) return;
      const aj = actual.tos.indexOf(to);
      if (aj < 0) fail('BAD_USAGE', `column ${to} of the expected table is missing from the actual one`);
      const e = expected.connected[i]![j]!;
      const a = actual.connected[ai]![aj]!;
      if (e !== a) out.push({ from, to, expected: e, actual: a });
    });
  });
  return out;
}
