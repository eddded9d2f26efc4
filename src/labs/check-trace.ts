/**
 * Trace checks: send one connection (or ping) through the learner's cluster and compare what happened with
 * `expect`: verdict, reason, source seen, DNAT target, masquerade, where it was delivered, the devices it
 * crossed, and (with explore) every or some load-balancing branch.
 *
 * Not modelled: expectations on the reply leg (the reply's path, the reply's TTL).
 */
import type { Cluster, TraceResult } from '../sim/k8s/cluster/cluster';
import type { LabCluster } from '../sim/api';
import { devicePath, missingWaypoint, normalizeWaypoint } from './path';
import { annotate, describeAddress, parseSelector, podMatches, resolveAddress, sameAddress } from './refs';
import type { CandidateExpect, DeliveredToExpect, DnatExpect, Lang, TraceCheck, TraceExpect } from './schema';
import { say } from './words';
import type { Outcome } from './outcome';

type Candidate = NonNullable<TraceResult['candidates']>[number];

/** Traces are shared by the checks of one run that ask the same question. */
export type TraceCache = Map<string, TraceResult>;

export function runTrace(cluster: LabCluster, cache: TraceCache, t: TraceCheck): TraceResult {
  const key = JSON.stringify([t.from, t.to, t.protocol ?? 'tcp', t.explore ?? false, t.seed ?? 1]);
  let r = cache.get(key);
  if (!r) {
    r = cluster.model.trace(t.from, t.to, { protocol: t.protocol ?? 'tcp', ...(t.explore ? { explore: true } : { seed: t.seed ?? 1 }) });
    cache.set(key, r);
  }
  return r;
}

/** Where the verdict was decided: the first leg that did not end in delivery, else the request's end. */
function decidingPoint(r: TraceResult): { hop: string; where: string } {
  const legs = r.trace.legs;
  const leg = legs.find((l) => l.outcome.kind !== 'delivered' && l.outcome.kind !== 'echo') ?? legs[0];
  if (!leg) return { hop: '', where: '' };
  const o = leg.outcome;
  const hop = leg.hops.find((h) => h.index === o.hop);
  const dev = hop ? (hop.kind === 'bridge' ? hop.bridge : hop.inDev) : undefined;
  return { hop: String(o.hop), where: `${o.ns}${dev ? ` ${dev}` : ''}` };
}

export function deliveredText(d: TraceResult['deliveredTo'], lang: Lang): string {
  if (!d) return say(lang, 'nothing');
  const who = d.pod ? say(lang, 'pod', { v: d.pod }) : d.host ? say(lang, 'host', { v: d.host }) : say(lang, 'onNode', { v: d.node ?? d.ip });
  const parts = [who];
  if (d.pod && d.node) parts.push(say(lang, 'onNode', { v: d.node }));
  if (d.container) parts.push(say(lang, 'container', { v: d.container }));
  parts.push(`${d.ip}${d.port !== undefined ? `:${d.port}` : ''}`);
  return parts.join(', ');
}

/** Placeholder values of a trace check's message. */
export function traceValues(r: TraceResult, c: Cluster, lang: Lang): Record<string, string> {
  const { hop, where } = decidingPoint(r);
  return {
    from: r.from,
    to: r.to,
    verdict: r.verdict,
    reason: r.trace.reasonText ? `${r.reason} (${r.trace.reasonText})` : r.reason,
    hop,
    where,
    sourceSeen: r.sourceSeen ? annotate(r.sourceSeen, c) : say(lang, 'nothing'),
    dnat: r.dnat ? annotate(r.dnat, c) : say(lang, 'noDnat'),
    masquerade: say(lang, r.masquerade ? 'yes' : 'no'),
    deliveredTo: deliveredText(r.deliveredTo, lang),
    path: devicePath(r.trace).join(' → '),
  };
}

interface Mismatch {
  expected: string;
  found: string;
}

function endpointsOf(c: Cluster, svcRef: string): string[] {
  const [, ns, name] = svcRef.split('/');
  return c.built.endpointSlices
    .filter((s) => s.metadata.namespace === ns && s.metadata.labels?.['kubernetes.io/service-name'] === name)
    .flatMap((s) => (s.endpoints ?? []).flatMap((e) => e.addresses ?? []));
}

function describeDnat(want: DnatExpect, c: Cluster, lang: Lang): string {
  if (want === null) return say(lang, 'noDnat');
  if (typeof want === 'object' && 'endpointOf' in want) {
    return say(lang, 'dnat', { v: say(lang, 'anyEndpointOf', { svc: want.endpointOf.slice(4), list: endpointsOf(c, want.endpointOf).join(', ') || say(lang, 'nothing') }) });
  }
  return say(lang, 'dnat', { v: describeAddress(want, c, lang) });
}

function checkDnat(want: DnatExpect, found: string | null, c: Cluster, lang: Lang): Mismatch | undefined {
  let ok: boolean;
  if (want === null) ok = found === null;
  else if (typeof want === 'object' && 'endpointOf' in want) ok = found !== null && endpointsOf(c, want.endpointOf).includes(found.split(':')[0]!);
  else ok = sameAddress(resolveAddress(want, c), found);
  if (ok) return undefined;
  return { expected: describeDnat(want, c, lang), found: found === null ? say(lang, 'noDnat') : say(lang, 'dnat', { v: annotate(found, c) }) };
}

function describeDelivered(want: DeliveredToExpect, lang: Lang): string {
  const parts: string[] = [];
  if (want.pod !== undefined) parts.push(parseSelector(want.pod) ? say(lang, 'podsMatching', { v: want.pod }) : say(lang, 'pod', { v: want.pod }));
  if (want.node !== undefined) parts.push(say(lang, 'onNode', { v: want.node }));
  if (want.container !== undefined) parts.push(say(lang, 'container', { v: want.container }));
  if (want.host !== undefined) parts.push(say(lang, 'host', { v: want.host }));
  if (want.port !== undefined) parts.push(say(lang, 'port', { v: want.port }));
  return say(lang, 'deliveredTo', { v: parts.join(', ') });
}

function checkDelivered(want: DeliveredToExpect, r: { verdict: string; deliveredTo: TraceResult['deliveredTo'] }, c: Cluster, lang: Lang): Mismatch | undefined {
  const d = r.deliveredTo;
  const sel = want.pod !== undefined ? parseSelector(want.pod) : undefined;
  const ok =
    !!d &&
    (want.pod === undefined || (!!d.pod && (sel ? podMatches(c, d.pod, sel) : d.pod === want.pod))) &&
    (want.node === undefined || d.node === want.node) &&
    (want.container === undefined || d.container === want.container) &&
    (want.host === undefined || d.host === want.host) &&
    (want.port === undefined || d.port === want.port);
  if (ok) return undefined;
  return {
    expected: describeDelivered(want, lang),
    found: d ? say(lang, 'deliveredTo', { v: deliveredText(d, lang) }) : say(lang, 'notDelivered', { verdict: r.verdict }),
  };
}

function checkSource(want: NonNullable<TraceExpect['sourceSeen']>, found: string | null, verdict: string, c: Cluster, lang: Lang): Mismatch | undefined {
  const addr = resolveAddress(want, c);
  if (sameAddress(addr, found)) return undefined;
  return {
    expected: say(lang, 'sourceSeen', { v: describeAddress(want, c, lang) }),
    found: found === null ? say(lang, 'sourceSeen', { v: say(lang, 'notDelivered', { verdict }) }) : say(lang, 'sourceSeen', { v: annotate(found, c) }),
  };
}

/** The mismatches of one load-balancing branch (or of a whole trace) against the fields every branch has. */
function candidateMismatches(want: CandidateExpect, b: Candidate, c: Cluster, lang: Lang): Mismatch[] {
  const out: (Mismatch | undefined)[] = [];
  if (want.verdict !== undefined && b.verdict !== want.verdict) out.push({ expected: say(lang, 'verdict', { v: want.verdict }), found: say(lang, 'verdict', { v: b.verdict }) });
  if (want.sourceSeen !== undefined) out.push(checkSource(want.sourceSeen, b.sourceSeen, b.verdict, c, lang));
  if (want.dnat !== undefined) out.push(checkDnat(want.dnat, b.endpoint, c, lang));
  if (want.deliveredTo !== undefined) out.push(checkDelivered(want.deliveredTo, b, c, lang));
  return out.filter((m): m is Mismatch => !!m);
}

function describeCandidateExpect(want: CandidateExpect, c: Cluster, lang: Lang): string {
  const parts: string[] = [];
  if (want.verdict !== undefined) parts.push(say(lang, 'verdict', { v: want.verdict }));
  if (want.sourceSeen !== undefined) parts.push(say(lang, 'sourceSeen', { v: describeAddress(want.sourceSeen, c, lang) }));
  if (want.dnat !== undefined) parts.push(describeDnat(want.dnat, c, lang));
  if (want.deliveredTo !== undefined) parts.push(describeDelivered(want.deliveredTo, lang));
  return parts.join(say(lang, 'and'));
}

export function evaluateTrace(r: TraceResult, e: TraceExpect, c: Cluster, lang: Lang): Outcome {
  const mismatches: (Mismatch | undefined)[] = [];
  if (e.verdict !== undefined && r.verdict !== e.verdict) {
    const { hop, where } = decidingPoint(r);
    mismatches.push({ expected: say(lang, 'verdict', { v: e.verdict }), found: say(lang, 'verdictAt', { v: r.verdict, hop, where, reason: traceValues(r, c, lang).reason }) });
  }
  if (e.reason !== undefined && r.reason !== e.reason) mismatches.push({ expected: say(lang, 'reason', { v: e.reason }), found: say(lang, 'reason', { v: traceValues(r, c, lang).reason }) });
  if (e.sourceSeen !== undefined) mismatches.push(checkSource(e.sourceSeen, r.sourceSeen, r.verdict, c, lang));
  if (e.dnat !== undefined) mismatches.push(checkDnat(e.dnat, r.dnat, c, lang));
  if (e.masquerade !== undefined && r.masquerade !== e.masquerade) {
    mismatches.push({ expected: say(lang, 'masquerade', { v: say(lang, e.masquerade ? 'yes' : 'no') }), found: say(lang, 'masquerade', { v: say(lang, r.masquerade ? 'yes' : 'no') }) });
  }
  if (e.deliveredTo !== undefined) mismatches.push(checkDelivered(e.deliveredTo, r, c, lang));
  if (e.hops !== undefined) {
    const path = devicePath(r.trace);
    const missing = missingWaypoint(path, e.hops);
    if (missing >= 0) {
      const pathText = path.join(' → ') || say(lang, 'nothing');
      const m = normalizeWaypoint(e.hops[missing]!);
      mismatches.push({
        expected: say(lang, 'passes', { v: e.hops.join(' → ') }),
        found: missing === 0 ? say(lang, 'pathWas', { path: pathText, missing: m }) : say(lang, 'pathMissingAfter', { path: pathText, after: normalizeWaypoint(e.hops[missing - 1]!), missing: m }),
      });
    }
  }
  const candidates = r.candidates ?? [];
  if (e.every !== undefined) {
    const bad = candidates.map((b, i) => ({ b, i, m: candidateMismatches(e.every!, b, c, lang) })).filter((x) => x.m.length > 0);
    if (bad.length) {
      mismatches.push({
        expected: say(lang, 'everyBranch', { v: describeCandidateExpect(e.every, c, lang) }),
        found: bad
          .map(({ b, i, m }) => say(lang, 'branch', { n: i + 1, total: candidates.length, p: (b.probability * 100).toFixed(1), endpoint: b.endpoint ?? '-', v: m.map((x) => x.found).join(say(lang, 'and')) }))
          .join('\n'),
      });
    }
  }
  if (e.some !== undefined) {
    const results = candidates.map((b) => candidateMismatches(e.some!, b, c, lang));
    if (!results.some((m) => m.length === 0)) {
      mismatches.push({
        expected: say(lang, 'someBranch', { v: describeCandidateExpect(e.some, c, lang) }),
        found: say(lang, 'noBranchMatched', { total: candidates.length, v: '' }) + '\n' + candidates
          .map((b, i) => say(lang, 'branch', { n: i + 1, total: candidates.length, p: (b.probability * 100).toFixed(1), endpoint: b.endpoint ?? '-', v: results[i]!.map((x) => x.found).join(say(lang, 'and')) }))
          .join('\n'),
      });
    }
  }
  const list = mismatches.filter((m): m is Mismatch => !!m);
  const values = traceValues(r, c, lang);
  if (!list.length) return { pass: true, values };
  return { pass: false, values, expected: list.map((m) => m.expected).join(say(lang, 'and')), found: list.map((m) => m.found).join(say(lang, 'and')) };
}
