/**
 * Object checks: an object of the learner's cluster exists (or does not), with the given fields. Objects are
 * read from the ClusterSpec the manifests and code became (src/sim/k8s/manifest/types.ts), so `where` uses its
 * field names: a Pod's `nodeName`, `labels`, `containers[].ports[].containerPort`; a Service's
 * `spec.type`, `spec.ports[].targetPort`; a Node's `podCIDR`.
 *
 * `where` matches a part of the object: objects match when every key written matches, lists when every element
 * written matches some element of the object's list, and scalars when equal (80 and "80" count as equal).
 *
 * Not modelled: matching by regex or comparison (>, <) inside `where`; use a TypeScript check for those.
 */
import type { Cluster } from '../sim/k8s/cluster/cluster';
import type { Lang, ObjectCheck } from './schema';
import { say } from './words';
import type { Outcome } from './outcome';

interface Found {
  /** "default/web" or "node-1". */
  ref: string;
  namespace?: string;
  name: string;
  obj: unknown;
}

function objectsOf(kind: ObjectCheck['kind'], c: Cluster): Found[] {
  const meta = (o: { metadata: { name: string; namespace?: string } }, obj: unknown): Found => ({
    ref: o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    obj,
  });
  switch (kind) {
    case 'Node':
      return c.spec.nodes.map((n) => ({ ref: n.name, name: n.name, obj: n }));
    case 'Pod':
      return c.spec.pods.map((p) => ({ ref: `${p.namespace}/${p.name}`, namespace: p.namespace, name: p.name, obj: p }));
    case 'Service':
      return c.spec.services.map((s) => meta(s, s));
    case 'Namespace':
      return c.spec.namespaces.map((n) => ({ ref: n.name, name: n.name, obj: n }));
    case 'NetworkPolicy':
      return c.spec.networkPolicies.map((p) => meta(p, p));
    case 'Host':
      return c.spec.hosts.map((h) => ({ ref: h.name, name: h.name, obj: h }));
    case 'EndpointSlice':
      return c.built.endpointSlices.map((s) => meta({ metadata: { name: s.metadata.name ?? '', namespace: s.metadata.namespace } }, s));
  }
}

/** A value as YAML flow text: { nodeName: node-2, labels: { app: web } }. */
export function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
  if (typeof v === 'string') return /^[\w./:-]+$/.test(v) ? v : JSON.stringify(v);
  return String(v);
}

/** The parts of `got` that differ from `want`, as "path: what is there". Empty when `want` matches. */
export function whereDiff(want: unknown, got: unknown, path = ''): string[] {
  const at = path || '(object)';
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return [`${at}: ${flow(got)}`];
    const missing = want.filter((w) => !got.some((g) => whereDiff(w, g).length === 0));
    return missing.length ? [`${at}: ${flow(got)}`] : [];
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return [`${at}: ${flow(got)}`];
    return Object.entries(want).flatMap(([k, w]) => whereDiff(w, (got as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  if (want === got) return [];
  if (want !== null && got !== null && got !== undefined && typeof got !== 'object' && String(want) === String(got)) return [];
  return [`${at}: ${got === undefined ? '—' : flow(got)}`];
}

export function evaluateObject(o: ObjectCheck, c: Cluster, lang: Lang): Outcome {
  const all = objectsOf(o.kind, c);
  const named = all.filter((x) => (o.namespace === undefined || x.namespace === o.namespace) && (o.name === undefined || x.name === o.name));
  const matching = named.filter((x) => !o.where || whereDiff(o.where, x.obj).length === 0);
  const name = o.name !== undefined ? (o.namespace !== undefined ? `${o.namespace}/${o.name}` : o.name) : o.namespace !== undefined ? `(namespace ${o.namespace})` : '';
  const where = o.where ? say(lang, 'withFields', { v: flow(o.where) }) : '';
  const values = { kind: o.kind, object: name.trim() };
  const pass = o.absent ? matching.length === 0 : matching.length > 0;
  if (pass) return { pass, values };
  const expected = say(lang, o.absent ? 'objectAbsent' : 'objectExists', { kind: o.kind, name, where }).replace(/\s+/g, ' ').trim();
  if (o.absent) return { pass, values, expected, found: matching.map((m) => say(lang, 'objectThere', { v: `${o.kind} ${m.ref}` })).join(say(lang, 'and')) };
  if (!named.length) {
    const list = all.filter((x) => x.namespace !== 'kube-system').map((x) => x.ref);
    return { pass, values, expected, found: say(lang, 'noSuchObject', { kind: o.kind, name, list: list.slice(0, 10).join(', ') + (list.length > 10 ? ', …' : '') || say(lang, 'nothing') }) };
  }
  return {
    pass,
    values,
    expected,
    found: named
      .slice(0, 5)
      .map((x) => say(lang, 'objectDiffers', { object: `${o.kind} ${x.ref}`, v: whereDiff(o.where, x.obj).join(', ') }))
      .join(say(lang, 'and')),
  };
}
