// What the lab shows about a run's exported cluster: the last trace's verdict, addresses, path and explanation,
// read from the plain data `export default c` becomes (LabCluster.toJSON() in src/sim/api). The exports come
// from the learner's sandbox, so every field is checked and copied as text; anything unexpected means "no
// summary", never an exception.
//
// Not modelled: the full trace table, topology and terminal (the visualization components show those).

export type SummaryLang = 'en' | 'zh-tw';

export interface TraceSummary {
  from: string;
  to: string;
  protocol: string;
  verdict: string;
  reason: string;
  sourceSeen: string | null;
  dnat: string | null;
  deliveredTo: string | null;
  path: string[];
  explain: string;
  /** 1-based position of this trace among the exported ones, and their number. */
  index: number;
  total: number;
}

type Obj = Record<string, unknown>;
const MAX = 100_000;

function isRecord(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, max = 2000): string | null {
  return typeof v === 'string' ? v.slice(0, max) : null;
}

/** True when the default export looks like an exported LabCluster (it has traces and a topology). */
export function isClusterExport(v: unknown): v is Obj {
  return isRecord(v) && Array.isArray(v.traces) && isRecord(v.topology);
}

function deliveredText(v: unknown): string | null {
  if (!isRecord(v)) return null;
  const where = text(v.pod) ?? text(v.host) ?? text(v.node);
  const parts = [where, text(v.container) ? `(${text(v.container)})` : null].filter(Boolean);
  const ip = text(v.ip);
  const port = typeof v.port === 'number' ? `:${v.port}` : '';
  const addr = ip ? `${ip}${port}` : null;
  if (!parts.length && !addr) return null;
  return [parts.join(' '), addr ? `${parts.length ? '— ' : ''}${addr}` : ''].filter(Boolean).join(' ');
}

/** The last trace of an exported cluster, or null (no cluster, no traces, or a shape this code does not know). */
export function lastTrace(exported: unknown, lang: SummaryLang): TraceSummary | null {
  if (!isClusterExport(exported)) return null;
  const traces = exported.traces as unknown[];
  const t = traces[traces.length - 1];
  if (!isRecord(t)) return null;
  const verdict = text(t.verdict);
  if (verdict === null) return null;
  const explain = isRecord(t.explain) ? text(t.explain[lang], MAX) ?? text(t.explain.en, MAX) ?? '' : '';
  const path = Array.isArray(t.path) ? t.path.slice(0, 500).map((p) => text(p, 200)).filter((p): p is string => p !== null) : [];
  return {
    from: text(t.from) ?? '?',
    to: text(t.to) ?? '?',
    protocol: text(t.protocol) ?? '',
    verdict,
    reason: text(t.reason) ?? '',
    sourceSeen: text(t.sourceSeen),
    dnat: text(t.dnat),
    deliveredTo: deliveredText(t.deliveredTo),
    path,
    explain,
    index: traces.length,
    total: traces.length,
  };
}
