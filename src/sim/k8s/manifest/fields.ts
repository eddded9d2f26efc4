/**
 * Reading single fields with the API server's rules and a message that names the field: addresses and
 * prefixes (src/sim/addr: prefixes with host bits set are rejected, naming the aligned form), ports, object
 * names (DNS-1123 / DNS-1035), labels (qualified names and label values, apimachinery validation.go).
 *
 * Not modelled: IPv6 values (reported as not modelled).
 */
import { SimError } from '../../core/errors';
import { parseCidr, parseCidrLoose, parseIpv4, type Cidr4, type Ipv4 } from '../../addr/ipv4';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, portNameErrors, qualifiedNameErrors } from '../netpol/name-rules';
import { formatPath, type ObjectCtx, type Path } from './issues';
import { dns1035LabelErrors } from './names';
import { asStrMap, getIn, isObject } from './shape';

function simMessage(e: unknown): string {
  if (e instanceof SimError) return e.message;
  throw e;
}

/** An IPv4 address at `path`, or undefined after reporting. */
export function ipAt(ctx: ObjectCtx, path: Path, text: string): Ipv4 | undefined {
  if (text.includes(':')) {
    ctx.err(path, `${JSON.stringify(text)} is an IPv6 address: the simulator models IPv4 only`);
    return undefined;
  }
  try {
    return parseIpv4(text, formatPath(path));
  } catch (e) {
    ctx.errAt(path, simMessage(e));
    return undefined;
  }
}

/** A prefix at `path`: strict (host bits rejected, naming the aligned form) unless `loose`. */
export function cidrAt(ctx: ObjectCtx, path: Path, text: string, loose = false): Cidr4 | undefined {
  if (text.includes(':')) {
    ctx.err(path, `${JSON.stringify(text)} is an IPv6 prefix: the simulator models IPv4 only`);
    return undefined;
  }
  if (!text.includes('/')) {
    ctx.err(path, `${JSON.stringify(text)} is not a prefix: write an address and a length, like 10.244.0.0/16`);
    return undefined;
  }
  try {
    return loose ? parseCidrLoose(text, formatPath(path)) : parseCidr(text, formatPath(path));
  } catch (e) {
    ctx.errAt(path, simMessage(e));
    return undefined;
  }
}

/** A port number 1-65535 (validation.IsValidPortNum). */
export function portOk(ctx: ObjectCtx, path: Path, n: number): boolean {
  if (n >= 1 && n <= 65535) return true;
  ctx.err(path, `${n} is not a valid port: it must be between 1 and 65535`);
  return false;
}

/** IANA service name (port names): validation.IsValidPortName. */
export function portNameOk(ctx: ObjectCtx, path: Path, name: string): boolean {
  const errs = portNameErrors(name);
  for (const m of errs) ctx.err(path, `${JSON.stringify(name)} is not a valid port name: it ${m}`);
  return errs.length === 0;
}

export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

export function nameOk(ctx: ObjectCtx, path: Path, name: string, rule: NameRule): boolean {
  const errs = rule === 'dns1123-subdomain' ? dns1123SubdomainErrors(name) : rule === 'dns1123-label' ? dns1123LabelErrors(name) : dns1035LabelErrors(name);
  for (const m of errs) ctx.err(path, `${JSON.stringify(name)} is not a valid name: ${m}`);
  return errs.length === 0;
}

/** Labels (or a selector map): keys are qualified names, values label values. */
export function labelsAt(ctx: ObjectCtx, path: Path, raw: unknown): Record<string, string> {
  const labels = asStrMap(raw);
  for (const [k, v] of Object.entries(labels)) {
    for (const m of qualifiedNameErrors(k)) ctx.err([...path, k], `is not a valid label key: ${m}`);
    for (const m of labelValueErrors(v)) ctx.err([...path, k], `${JSON.stringify(v)} is not a valid label value: ${m}`);
  }
  return labels;
}

/** metadata.name (required) and metadata.namespace (for namespaced kinds, default "default"). */
export function readMeta(
  ctx: ObjectCtx,
  obj: Record<string, unknown>,
  kind: string,
  namespaced: boolean,
  rule: NameRule,
): { name?: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> } {
  const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
  const ns = namespaced ? (typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : 'default') : '';
  const rawName = meta['name'];
  let name: string | undefined;
  if (typeof rawName === 'string' && rawName !== '') {
    name = rawName;
    ctx.label = namespaced ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
    nameOk(ctx, ['metadata', 'name'], name, rule);
  } else {
    ctx.label = kind;
    const hint = getIn(meta, ['generateName']) !== undefined ? ' (kubectl apply cannot use generateName)' : '';
    ctx.err(['metadata', 'name'], `is required${hint}`);
  }
  if (namespaced && typeof meta['namespace'] === 'string' && meta['namespace'] !== '') nameOk(ctx, ['metadata', 'namespace'], ns, 'dns1123-label');
  const labels = labelsAt(ctx, ['metadata', 'labels'], meta['labels']);
  const annotations = asStrMap(meta['annotations']);
  return { name, namespace: ns, labels, annotations };
}

/** A closed set of string values; `undefined` when absent. */
export function enumAt<T extends string>(ctx: ObjectCtx, path: Path, v: unknown, allowed: readonly T[]): T | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  ctx.err(path, `${JSON.stringify(v)} is not supported: use ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  return undefined;
}
