/**
 * The JSON shape of each kind, as a small tree of field descriptions, and the walk that checks an object
 * against it: a wrong JSON type is an error (the API server's decoder rejects it), a field the real API does
 * not have is a warning `unknown field "spec.portz"` (kubectl apply --validate=warn). Fields Kubernetes has
 * but the network does not depend on (image, resources, probes ...) are listed as `any`, so real manifests
 * load without noise.
 *
 * `null` counts as absent everywhere, as Go's JSON decoder treats it for pointers, slices and maps.
 *
 * Not modelled: OpenAPI formats (quantities, dates), enum checks (done by the kind readers where they matter).
 */
import { formatPath, type ObjectCtx, type Path } from './issues';

export type Shape =
  | { readonly t: 'string' | 'int' | 'bool' | 'intOrString' | 'any' }
  | { readonly t: 'map'; readonly of: Shape }
  | { readonly t: 'array'; readonly of: Shape }
  | { readonly t: 'object'; readonly fields: Readonly<Record<string, Shape>>; readonly open?: boolean };

const str: Shape = { t: 'string' };
const int: Shape = { t: 'int' };
const bool: Shape = { t: 'bool' };
const ios: Shape = { t: 'intOrString' };
const any: Shape = { t: 'any' };

export const S = {
  str,
  int,
  bool,
  ios,
  any,
  map: (of: Shape): Shape => ({ t: 'map', of }),
  arr: (of: Shape): Shape => ({ t: 'array', of }),
  obj: (fields: Record<string, Shape>): Shape => ({ t: 'object', fields }),
  /** An object whose other keys are accepted silently (status blocks, free-form config). */
  open: (fields: Record<string, Shape>): Shape => ({ t: 'object', fields, open: true }),
  /** Field names the model ignores, all typed `any`. */
  anyOf: (...names: string[]): Record<string, Shape> => Object.fromEntries(names.map((n) => [n, any])),
};

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a wrong value reads in a message. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a map';
  return String(v);
}

const EXPECT: Record<'string' | 'int' | 'bool' | 'intOrString' | 'map' | 'array' | 'object', string> = {
  string: 'a string',
  int: 'an integer',
  bool: 'true or false',
  intOrString: 'a number or a name',
  map: 'a map',
  array: 'a list',
  object: 'a map',
};

/** Checks `value` at `path` against `shape`; reports type errors and unknown-field warnings. */
export function checkShape(ctx: ObjectCtx, value: unknown, shape: Shape, path: Path): void {
  if (value === undefined || value === null || shape.t === 'any') return;
  const hint = shape.t === 'string' && typeof value === 'boolean' ? ' (YAML reads yes, no, on, off, y and n as booleans: put the value in quotes)' : '';
  const bad = () => ctx.err(path, `must be ${EXPECT[shape.t as keyof typeof EXPECT]}, not ${describeValue(value)}${hint}`);
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string') bad();
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) bad();
      return;
    case 'bool':
      if (typeof value !== 'boolean') bad();
      return;
    case 'intOrString':
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) bad();
      return;
    case 'map':
      if (!isObject(value)) return bad();
      for (const [k, v] of Object.entries(value)) checkShape(ctx, v, shape.of, [...path, k]);
      return;
    case 'array':
      if (!Array.isArray(value)) return bad();
      value.forEach((v, i) => checkShape(ctx, v, shape.of, [...path, i]));
      return;
    case 'object':
      if (!isObject(value)) return bad();
      for (const [k, v] of Object.entries(value)) {
        const f = shape.fields[k];
        if (f) checkShape(ctx, v, f, [...path, k]);
        else if (!shape.open) ctx.warnAt([...path, k], `unknown field ${JSON.stringify(formatPath([...path, k]))}`);
      }
      return;
  }
}

// ------------------------------------------------------------------------------------------ typed reads
// After checkShape these never see a wrong type silently: a mismatch was reported, and reads return undefined.

export function getIn(v: unknown, path: Path): unknown {
  let cur = v;
  for (const p of path) {
    if (typeof p === 'number') cur = Array.isArray(cur) ? cur[p] : undefined;
    else cur = isObject(cur) ? cur[p] : undefined;
    if (cur === undefined || cur === null) return undefined;
  }
  return cur;
}

export function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function asInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}
export function asBool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}
export function asObj(v: unknown): Record<string, unknown> | undefined {
  return isObject(v) ? v : undefined;
}
export function asArr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
/** A string map (labels, selectors): non-string values are dropped (checkShape reported them). */
export function asStrMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}
