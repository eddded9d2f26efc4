// Picks the cell's exports that can leave the sandbox: plain data (what JSON and structured clone agree on) or
// the result of an object's own toJSON(). Anything else (a class instance without toJSON, a function, a Map)
// is listed by name in `skipped`, so the page can say why it is missing instead of silently dropping it.
//
// The copy is made here, inside the worker, so no getter, proxy or prototype travels with it.
//
// Not modelled: Dates, Maps and Sets (structured clone could carry them, but checks read JSON-like data).

export interface PlainExports {
  exports: Record<string, unknown>;
  skipped: string[];
}

const MAX_NODES = 100_000;
const MAX_DEPTH = 64;

class NotPlain extends Error {}

function isPlainObject(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of `v` if it is plain data; throws NotPlain otherwise. */
function copyPlain(v: unknown, depth: number, seen: Set<object>, budget: { nodes: number }): unknown {
  if (--budget.nodes < 0 || depth > MAX_DEPTH) throw new NotPlain();
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return v;
    case 'number':
      return v;
    case 'object':
      break;
    default: // bigint, symbol, function
      throw new NotPlain();
  }
  if (v === null) return null;
  if (seen.has(v)) throw new NotPlain(); // cycles are not data
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) throw new NotPlain();
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out.push(copyPlain(v[i], depth + 1, seen, budget));
      return out;
    }
    if (!isPlainObject(v)) throw new NotPlain();
    const out: Record<string, unknown> = {};
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k)!;
      if (!d.enumerable) continue;
      if (typeof k === 'symbol' || !('value' in d)) throw new NotPlain(); // symbol keys, getters
      out[k] = copyPlain(d.value, depth + 1, seen, budget);
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** The plain-data form of one exported value, or undefined with ok=false when it has none. */
export function toPlain(value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    let v = value;
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON(): unknown }).toJSON();
    }
    return { ok: true, value: copyPlain(v, 0, new Set(), { nodes: MAX_NODES }) };
  } catch {
    return { ok: false };
  }
}

/** `moduleExports` is the `exports` object sucrase's imports transform fills (`exports.default = …`). */
export function plainExports(moduleExports: unknown): PlainExports {
  const result: PlainExports = { exports: {}, skipped: [] };
  if (typeof moduleExports !== 'object' || moduleExports === null) return result;
  let keys: string[];
  try {
    keys = Object.keys(moduleExports);
  } catch {
    return result;
  }
  for (const k of keys) {
    if (k === '__esModule') continue;
    let value: unknown;
    try {
      value = (moduleExports as Record<string, unknown>)[k];
    } catch {
      result.skipped.push(k);
      continue;
    }
    const p = toPlain(value);
    if (p.ok) result.exports[k] = p.value;
    else result.skipped.push(k);
  }
  return result;
}
