/**
 * Names the control plane makes up, and the name rules objects must follow.
 *
 * - generateName: `<base><5 random chars>` from the alphabet of apimachinery pkg/util/rand (`alphanums`,
 *   "bcdfghjklmnpqrstvwxz2456789": no vowels, no look-alikes), the base cut to 58 characters
 *   (apiserver pkg/storage/names SimpleNameGenerator: maxNameLength 63 − randomLength 5).
 * - pod-template-hash: controller.ComputeHash writes the FNV-32a hash of the Pod template as a decimal
 *   number and passes it through rand.SafeEncodeString, which maps each byte to alphanums[b % 27]. The digits
 *   '0'-'9' (bytes 48-57) thus become "4567" + "89bcdf": a real hash such as 66b6c48dd5 uses only those ten
 *   characters, and is as long as the decimal number (up to 10).
 *
 * Not modelled: Go's DeepHashObject byte stream (the hash here is over the template's canonical JSON, so it
 * is stable and changes when the template changes, but is not the value a real cluster would compute);
 * collisionCount.
 */
import type { Rng } from '../../core/rng';

/** apimachinery pkg/util/rand alphanums. */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.String(n). */
export function randomString(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHANUMS[rng.int(ALPHANUMS.length)];
  return out;
}

/** names.SimpleNameGenerator.GenerateName. */
export function generateName(rng: Rng, base: string): string {
  const cut = base.length > 58 ? base.slice(0, 58) : base;
  return cut + randomString(rng, 5);
}

/** A generated name not in `taken` (the API server retries on AlreadyExists). */
export function uniqueGeneratedName(rng: Rng, base: string, taken: Set<string>): string {
  for (;;) {
    const name = generateName(rng, base);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** rand.SafeEncodeString. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** FNV-1a, 32 bit (Go hash/fnv New32a). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of utf8(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted at every level, so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined && o[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** pod-template-hash of a (defaulted) Pod template: SafeEncodeString(decimal(fnv32a(template))). */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(template))));
}

// ------------------------------------------------------------------------------------------ name rules

/** IsDNS1035Label (Service names): starts with a letter. */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    errs.push("must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name')");
  }
  return errs;
}
