/**
 * NetworkPolicy validation as the API server does it, on the plain JSON of a manifest: the checks of
 * ValidateNetworkPolicy (kubernetes pkg/apis/networking/validation/validation.go) plus ValidateLabelSelector
 * (apimachinery pkg/apis/meta/v1/validation), with field paths and messages in field.Error's format
 * (`spec.ingress[0].from[1].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, ...`).
 *
 * Before field validation the real server decodes the JSON strictly; wrong JSON types and unknown fields
 * (kubectl's default `--validate=strict`, e.g. `form:` for `from:`) fail there. We report those too, as
 * FieldValueTypeInvalid and 'UnknownField' errors, so one call lists every problem.
 *
 * Not modelled: metadata fields other than name and namespace (labels, annotations, generateName);
 * admission webhooks; the StrictIPCIDRValidation gate (see ipblock.ts).
 */
import { isStrictSubset, parseApiCidr } from './ipblock';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, portNameErrors, portNumErrors, qualifiedNameErrors } from './name-rules';

/** field.ErrorType values (apimachinery pkg/util/validation/field/errors.go), plus strict decoding's unknown field. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTypeInvalid'
  | 'UnknownField';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Path such as "spec.ingress[0].from[1].ipBlock.cidr". */
  readonly field: string;
  readonly value?: unknown;
  readonly detail: string;
  /** The whole line as the API server words it. */
  readonly message: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTypeInvalid: 'Invalid value',
  UnknownField: 'unknown field',
};

/** Go's %q / %v of the bad value, as field.Error.ErrorBody prints it. */
function formatBadValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined || v === null) return 'null';
  return JSON.stringify(v);
}

function makeError(type: FieldErrorType, field: string, value: unknown, detail: string, shown?: string): FieldError {
  let message: string;
  if (type === 'UnknownField') {
    message = `unknown field ${JSON.stringify(field)}`;
  } else if (type === 'FieldValueRequired' || type === 'FieldValueForbidden') {
    // ErrorBody omits the value for Required and Forbidden.
    message = `${field}: ${TYPE_TEXT[type]}${detail ? `: ${detail}` : ''}`;
  } else {
    message = `${field}: ${TYPE_TEXT[type]}: ${shown ?? formatBadValue(value)}${detail ? `: ${detail}` : ''}`;
  }
  return { type, field, value, detail, message };
}

const SUPPORTED_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const SUPPORTED_POLICY_TYPES = ['Ingress', 'Egress'] as const;

function notSupportedDetail(values: readonly string[]): string {
  // field.NotSupported quotes each value and joins with ", ".
  return `supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Collector {
  readonly errors: FieldError[] = [];
  add(type: FieldErrorType, field: string, value: unknown, detail: string, shown?: string): void {
    this.errors.push(makeError(type, field, value, detail, shown));
  }
  /** Unknown keys fail strict decoding. */
  knownKeys(obj: Record<string, unknown>, path: string, keys: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!keys.includes(k)) this.add('UnknownField', path ? `${path}.${k}` : k, undefined, '');
    }
  }
  /** null/undefined → undefined (absent); a non-object → a type error. */
  object(v: unknown, path: string): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) {
      this.add('FieldValueTypeInvalid', path, v, 'must be of type object');
      return undefined;
    }
    return v;
  }
  array(v: unknown, path: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.add('FieldValueTypeInvalid', path, v, 'must be of type array');
      return undefined;
    }
    return v;
  }
  string(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.add('FieldValueTypeInvalid', path, v, 'must be of type string');
      return undefined;
    }
    return v;
  }
  integer(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.add('FieldValueTypeInvalid', path, v, 'must be of type int32');
      return undefined;
    }
    return v;
  }
}

/** ValidateLabelSelector (AllowInvalidLabelValueInSelector false, as for a new object). */
function validateSelector(c: Collector, raw: unknown, path: string): void {
  const sel = c.object(raw, path);
  if (!sel) return;
  c.knownKeys(sel, path, ['matchLabels', 'matchExpressions']);
  const ml = c.object(sel['matchLabels'], `${path}.matchLabels`);
  if (ml) {
    // ValidateLabels reports both key and value problems at the matchLabels path itself.
    for (const [k, v] of Object.entries(ml)) {
      for (const m of qualifiedNameErrors(k)) c.add('FieldValueInvalid', `${path}.matchLabels`, k, m);
      const value = c.string(v, `${path}.matchLabels`);
      if (value !== undefined) for (const m of labelValueErrors(value)) c.add('FieldValueInvalid', `${path}.matchLabels`, value, m);
    }
  }
  const exprs = c.array(sel['matchExpressions'], `${path}.matchExpressions`);
  exprs?.forEach((rawExpr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const expr = c.object(rawExpr, p);
    if (!expr) return;
    c.knownKeys(expr, p, ['key', 'operator', 'values']);
    const key = c.string(expr['key'], `${p}.key`) ?? '';
    const op = c.string(expr['operator'], `${p}.operator`) ?? '';
    const values = (c.array(expr['values'], `${p}.values`) ?? []).map((v, j) => c.string(v, `${p}.values[${j}]`));
    // ValidateLabelSelectorRequirement
    switch (op) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) c.add('FieldValueRequired', `${p}.values`, undefined, "must be specified when `operator` is 'In' or 'NotIn'");
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) c.add('FieldValueForbidden', `${p}.values`, undefined, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        break;
      default:
        c.add('FieldValueInvalid', `${p}.operator`, op, 'not a valid selector operator');
    }
    for (const m of qualifiedNameErrors(key)) c.add('FieldValueInvalid', `${p}.key`, key, m);
    values.forEach((v, j) => {
      if (v !== undefined) for (const m of labelValueErrors(v)) c.add('FieldValueInvalid', `${p}.values[${j}]`, v, m);
    });
  });
}

/** ValidateNetworkPolicyPort. */
function validatePort(c: Collector, raw: unknown, path: string): void {
  const port = c.object(raw, path);
  if (!port) return;
  c.knownKeys(port, path, ['protocol', 'port', 'endPort']);
  const protocol = c.string(port['protocol'], `${path}.protocol`);
  if (protocol !== undefined && !(SUPPORTED_PROTOCOLS as readonly string[]).includes(protocol)) {
    c.add('FieldValueNotSupported', `${path}.protocol`, protocol, notSupportedDetail(SUPPORTED_PROTOCOLS));
  }
  const p = port['port'];
  const endPort = c.integer(port['endPort'], `${path}.endPort`);
  if (p === undefined || p === null) {
    if (endPort !== undefined) c.add('FieldValueInvalid', `${path}.endPort`, endPort, 'may not be specified when `port` is not specified');
    return;
  }
  if (typeof p === 'number') {
    if (!Number.isInteger(p)) {
      c.add('FieldValueTypeInvalid', `${path}.port`, p, 'must be an integer or a port name');
      return;
    }
    for (const m of portNumErrors(p)) c.add('FieldValueInvalid', `${path}.port`, p, m);
    if (endPort !== undefined) {
      if (endPort < p) c.add('FieldValueInvalid', `${path}.endPort`, endPort, 'must be greater than or equal to `port`');
      for (const m of portNumErrors(endPort)) c.add('FieldValueInvalid', `${path}.endPort`, endPort, m);
    }
  } else if (typeof p === 'string') {
    // IntOrString: a quoted number is a string, i.e. a port NAME.
    if (endPort !== undefined) c.add('FieldValueInvalid', `${path}.endPort`, endPort, 'may not be specified when `port` is non-numeric');
    for (const m of portNameErrors(p)) c.add('FieldValueInvalid', `${path}.port`, p, m);
  } else {
    c.add('FieldValueTypeInvalid', `${path}.port`, p, 'must be an integer or a port name');
  }
}

/** ValidateIPBlock: cidr required and a CIDR; each except a CIDR strictly inside cidr. */
function validateIpBlock(c: Collector, block: Record<string, unknown>, path: string): void {
  c.knownKeys(block, path, ['cidr', 'except']);
  const cidrText = c.string(block['cidr'], `${path}.cidr`);
  const exceptRaw = c.array(block['except'], `${path}.except`) ?? [];
  if (cidrText === undefined || cidrText === '') {
    if (block['cidr'] === undefined || block['cidr'] === null || cidrText === '') c.add('FieldValueRequired', `${path}.cidr`, undefined, '');
    return;
  }
  const cidr = parseApiCidr(cidrText);
  if (!cidr) {
    c.add('FieldValueInvalid', `${path}.cidr`, cidrText, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    return; // validation.go returns here: except entries are not checked against an unparsable cidr
  }
  exceptRaw.forEach((rawE, i) => {
    const p = `${path}.except[${i}]`;
    const text = c.string(rawE, p);
    if (text === undefined) return;
    const e = parseApiCidr(text);
    if (!e) {
      c.add('FieldValueInvalid', p, text, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
      return;
    }
    if (!isStrictSubset(cidr, e)) c.add('FieldValueInvalid', p, text, 'must be a strict subset of `cidr`');
  });
}

/** ValidateNetworkPolicyPeer: at least one selector or an ipBlock, and ipBlock alone. */
function validatePeer(c: Collector, raw: unknown, path: string): void {
  const peer = c.object(raw, path);
  if (!peer) {
    if (raw === null || raw === undefined) c.add('FieldValueRequired', path, undefined, 'must specify a peer');
    return;
  }
  c.knownKeys(peer, path, ['podSelector', 'namespaceSelector', 'ipBlock']);
  let n = 0;
  const present = (k: string) => peer[k] !== undefined && peer[k] !== null;
  if (present('podSelector')) { n++; validateSelector(c, peer['podSelector'], `${path}.podSelector`); }
  if (present('namespaceSelector')) { n++; validateSelector(c, peer['namespaceSelector'], `${path}.namespaceSelector`); }
  if (present('ipBlock')) {
    n++;
    const block = c.object(peer['ipBlock'], `${path}.ipBlock`);
    if (block) validateIpBlock(c, block, `${path}.ipBlock`);
  }
  if (n === 0) c.add('FieldValueRequired', path, undefined, 'must specify a peer');
  else if (n > 1 && present('ipBlock')) c.add('FieldValueForbidden', path, undefined, 'may not specify both ipBlock and another peer');
}

function validateRules(c: Collector, raw: unknown, path: string, peersKey: 'from' | 'to'): void {
  const rules = c.array(raw, path);
  rules?.forEach((rawRule, i) => {
    const p = `${path}[${i}]`;
    const rule = c.object(rawRule, p);
    if (!rule) return;
    c.knownKeys(rule, p, ['ports', peersKey]);
    // ValidateNetworkPolicySpec checks ports before peers.
    c.array(rule['ports'], `${p}.ports`)?.forEach((port, j) => validatePort(c, port, `${p}.ports[${j}]`));
    c.array(rule[peersKey], `${p}.${peersKey}`)?.forEach((peer, j) => validatePeer(c, peer, `${p}.${peersKey}[${j}]`));
  });
}

/**
 * Every problem the API server would report for this object on create, in its order (metadata, podSelector,
 * ingress rules, egress rules, policyTypes). An empty list means valid.
 */
export function validatePolicy(obj: unknown): FieldError[] {
  const c = new Collector();
  if (!isObject(obj)) {
    c.add('FieldValueTypeInvalid', '<root>', obj, 'a NetworkPolicy must be an object');
    return c.errors;
  }
  c.knownKeys(obj, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const apiVersion = c.string(obj['apiVersion'], 'apiVersion');
  if (apiVersion !== undefined && apiVersion !== 'networking.k8s.io/v1') {
    c.add('FieldValueNotSupported', 'apiVersion', apiVersion, notSupportedDetail(['networking.k8s.io/v1']));
  }
  const kind = c.string(obj['kind'], 'kind');
  if (kind !== undefined && kind !== 'NetworkPolicy') c.add('FieldValueNotSupported', 'kind', kind, notSupportedDetail(['NetworkPolicy']));

  // ValidateObjectMeta(requiresNamespace = true, ValidateNetworkPolicyName = NameIsDNSSubdomain)
  const meta = c.object(obj['metadata'], 'metadata') ?? {};
  const name = c.string(meta['name'], 'metadata.name');
  if (!name) c.add('FieldValueRequired', 'metadata.name', undefined, 'name or generateName is required');
  else for (const m of dns1123SubdomainErrors(name)) c.add('FieldValueInvalid', 'metadata.name', name, m);
  const ns = c.string(meta['namespace'], 'metadata.namespace');
  if (!ns) c.add('FieldValueRequired', 'metadata.namespace', undefined, '');
  else for (const m of dns1123LabelErrors(ns)) c.add('FieldValueInvalid', 'metadata.namespace', ns, m);

  // ValidateNetworkPolicySpec
  const spec = c.object(obj['spec'], 'spec') ?? {};
  c.knownKeys(spec, 'spec', ['podSelector', 'policyTypes', 'ingress', 'egress']);
  validateSelector(c, spec['podSelector'], 'spec.podSelector');
  validateRules(c, spec['ingress'], 'spec.ingress', 'from');
  validateRules(c, spec['egress'], 'spec.egress', 'to');
  const types = c.array(spec['policyTypes'], 'spec.policyTypes');
  if (types) {
    if (types.length > SUPPORTED_POLICY_TYPES.length) {
      // The bad value is the internal []networking.PolicyType, which ErrorBody prints with Go's %#v.
      const shown = `[]networking.PolicyType{${types.map((t) => JSON.stringify(t)).join(', ')}}`;
      c.add('FieldValueInvalid', 'spec.policyTypes', types, 'may not specify more than two policyTypes', shown);
    } else {
      types.forEach((t, i) => {
        const s = c.string(t, `spec.policyTypes[${i}]`);
        if (s !== undefined && !(SUPPORTED_POLICY_TYPES as readonly string[]).includes(s)) {
          c.add('FieldValueNotSupported', `spec.policyTypes[${i}]`, s, notSupportedDetail(SUPPORTED_POLICY_TYPES));
        }
      });
    }
  }
  return c.errors;
}

/**
 * The warnings the API server returns for a policy it accepts (kubectl prints them as "Warning: ...").
 * GetWarningsForCIDR: a CIDR with host bits set is ambiguous; one with leading zeros is non-standard.
 */
export function policyWarnings(obj: unknown): string[] {
  const out: string[] = [];
  if (!isObject(obj) || !isObject(obj['spec'])) return out;
  const spec = obj['spec'];
  const visit = (rulesRaw: unknown, path: string, key: 'from' | 'to') => {
    if (!Array.isArray(rulesRaw)) return;
    rulesRaw.forEach((rule, i) => {
      if (!isObject(rule) || !Array.isArray(rule[key])) return;
      (rule[key] as unknown[]).forEach((peer, j) => {
        if (!isObject(peer) || !isObject(peer['ipBlock'])) return;
        const block = peer['ipBlock'];
        const p = `${path}[${i}].${key}[${j}].ipBlock`;
        const check = (text: unknown, field: string) => {
          if (typeof text !== 'string') return;
          const parsed = parseApiCidr(text);
          if (!parsed) return;
          if (parsed.hostBits) {
            out.push(`${field}: CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(parsed.canonical)} or ${JSON.stringify(parsed.singleIp)}?)`);
          }
          if (parsed.nonStandard) {
            out.push(`${field}: non-standard CIDR value ${JSON.stringify(text)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(parsed.canonical)}`);
          }
        };
        check(block['cidr'], `${p}.cidr`);
        if (Array.isArray(block['except'])) block['except'].forEach((e, k) => check(e, `${p}.except[${k}]`));
      });
    });
  };
  visit(spec['ingress'], 'spec.ingress', 'from');
  visit(spec['egress'], 'spec.egress', 'to');
  return out;
}

/**
 * The error text kubectl prints when the server rejects the object. Strict decoding errors come first and
 * stop there (the server never gets to field validation); otherwise one line, or a "* " list for several
 * (kubectl cmd/util StandardErrorMessage + MultilineError).
 */
export function formatValidationFailure(name: string, errors: readonly FieldError[]): string {
  const unknown = errors.filter((e) => e.type === 'UnknownField');
  if (unknown.length > 0) {
    return `Error from server (BadRequest): NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: strict decoding error: ${unknown.map((e) => e.message).join(', ')}`;
  }
  const head = `The NetworkPolicy ${JSON.stringify(name)} is invalid: `;
  if (errors.length === 1) return head + errors[0]!.message;
  return `${head}\n${errors.map((e) => `* ${e.message}`).join('\n')}`;
}
