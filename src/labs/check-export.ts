/**
 * Export checks: a named export of the learner's module equals a value (an explore lab's answers), or equals
 * the path a trace takes (a predict lab's `export const predicted = [...]`). A path that differs is shown side
 * by side with the simulated one, marking the steps where they part.
 *
 * Not modelled: tolerance for numbers (equality is exact), partial credit for a path that is nearly right.
 */
import type { TraceResult } from '../sim/k8s/cluster/cluster';
import { devicePath, normalizeWaypoint } from './path';
import type { ExportCheck, Lang } from './schema';
import { flow } from './check-object';
import { say } from './words';
import type { Outcome } from './outcome';

/** Structural equality for plain data (the learner's values may come from another realm: no instanceof). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return deepEqual(ka, kb) && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Two paths in columns, ✗ where a step differs. */
export function sideBySide(yours: readonly string[], simulated: readonly string[], lang: Lang): string {
  const n = Math.max(yours.length, simulated.length);
  const left = [say(lang, 'yours'), ...yours];
  const width = Math.max(...left.map((s) => displayWidth(s))) + 2;
  const pad = (s: string) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
  const rows = [`     ${pad(say(lang, 'yours'))}${say(lang, 'simulated')}`];
  for (let i = 0; i < n; i++) {
    const a = yours[i];
    const b = simulated[i];
    const same = a !== undefined && b !== undefined && normalizeWaypoint(a) === normalizeWaypoint(b);
    rows.push(`${same ? ' ' : '✗'} ${String(i + 1).padStart(2)} ${pad(a ?? '—')}${b ?? '—'}`);
  }
  return rows.join('\n');
}

/** Columns for CJK text: full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function evaluateExport(x: ExportCheck, exports: Record<string, unknown>, lang: Lang, pathTrace?: () => TraceResult): Outcome {
  const values = { name: x.name };
  if (!Object.prototype.hasOwnProperty.call(exports, x.name)) {
    const expected = x.equalsPath ? `export const ${x.name} = [...]` : say(lang, 'exportEquals', { name: x.name, v: flow(x.equals) });
    return { pass: false, values, expected, found: say(lang, 'noExport', { name: x.name }) };
  }
  const value = exports[x.name];
  if (!x.equalsPath) {
    if (deepEqual(x.equals, value)) return { pass: true, values };
    return { pass: false, values, expected: say(lang, 'exportEquals', { name: x.name, v: flow(x.equals) }), found: say(lang, 'exportEquals', { name: x.name, v: flow(value) }) };
  }
  const simulated = devicePath(pathTrace!().trace);
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    return { pass: false, values, expected: simulated.join(' → '), found: say(lang, 'notAList', { name: x.name, v: flow(value) }) };
  }
  const yours = value as string[];
  const first = Array.from({ length: Math.max(yours.length, simulated.length) }, (_, i) => i).find(
    (i) => yours[i] === undefined || simulated[i] === undefined || normalizeWaypoint(yours[i]!) !== normalizeWaypoint(simulated[i]!),
  );
  if (first === undefined) return { pass: true, values };
  return {
    pass: false,
    values,
    expected: simulated.join(' → '),
    found: `${say(lang, 'partAt', { n: first + 1 })}\n${sideBySide(yours, simulated, lang)}`,
  };
}
