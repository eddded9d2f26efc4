/**
 * The lab format: what a lab's `lab.yaml` may say, as zod schemas, and `validateLab`, which turns the parsed
 * YAML into a `LabSpec` or throws a `LabFormatError` listing every problem as `FILE: field.path: what is wrong`.
 *
 * A check is one object with an `id`, a `message` in every language and exactly one kind key (trace, route,
 * rule, object, exec, export, ts); trace and route checks say what they expect in a sibling `expect`. Every
 * text is an object with one non-empty string per language, and a message uses the same placeholders in every
 * language, so a translation cannot silently drop a value.
 *
 * Not modelled: several labs in one file, per-lab languages (every lab is written in every language of LANGS).
 */
import { z } from 'astro/zod';

export const LANGS = ['en', 'zh-tw'] as const;
export type Lang = (typeof LANGS)[number];

export const LAB_KINDS = ['build', 'predict', 'fix', 'explore'] as const;
export const CHECK_KINDS = ['trace', 'route', 'rule', 'object', 'exec', 'export', 'ts'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** Lab ids, chapter ids and check ids: lowercase words joined by single dashes. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const id = (what: string) => z.string().regex(ID_PATTERN, `${what} must be lowercase letters and digits joined by dashes, like pod-ip-cross-node`);
const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const TextSchema = z.strictObject({ en: nonEmpty, 'zh-tw': nonEmpty });
export type Text = z.infer<typeof TextSchema>;

const NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';
const podRef = z.string().regex(new RegExp(`^${NAME}/${NAME}$`), 'write a Pod as NAMESPACE/NAME, like default/web');
const nodeName = z.string().regex(new RegExp(`^${NAME}$`), 'write a node by its name, like node-1');
const svcRef = z.string().regex(new RegExp(`^svc/${NAME}/${NAME}$`), 'write a Service as svc/NAMESPACE/NAME, like svc/default/web');
/** Where a route, rule or command is looked at: a node or a Pod. */
const onRef = z.string().regex(new RegExp(`^(node/${NAME}|pod/${NAME}/${NAME})$`), 'write node/NAME or pod/NAMESPACE/NAME');
const IPV4 = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}';
const ipOrIpPort = z.string().regex(new RegExp(`^${IPV4}(:\\d{1,5})?$`), 'write an IPv4 address, or ADDRESS:PORT');
const ip = z.string().regex(new RegExp(`^${IPV4}$`), 'write an IPv4 address');

/** An address written directly, or named by the object that owns it (resolved in the learner's cluster). */
export const AddressSchema = z.union(
  [
    ipOrIpPort,
    z.strictObject({ podIP: podRef }),
    z.strictObject({ nodeIP: nodeName }),
    z.strictObject({ bridgeIP: nodeName }),
    z.strictObject({ clusterIP: podRef }),
  ],
  { error: 'write an address ("10.244.1.2" or "10.244.1.2:80") or one of { podIP: NS/NAME }, { nodeIP: NODE }, { bridgeIP: NODE }, { clusterIP: NS/NAME }' },
);
export type AddressRef = z.infer<typeof AddressSchema>;

/** A DNAT target: an address, any endpoint of a Service, or null for "no DNAT at all". */
const DnatSchema = z.union([AddressSchema, z.strictObject({ endpointOf: svcRef }), z.null()], {
  error: 'write an address, { endpointOf: svc/NS/NAME } (any endpoint of that Service), or null (no DNAT)',
});

/** A Pod as NS/NAME, or a label selector (app=web or app=web,tier=front) matching the Pod that got the packet. */
const podOrSelector = z.string().regex(
  new RegExp(`^(${NAME}/${NAME}|([a-zA-Z0-9./-]+=[a-zA-Z0-9._-]*)(,[a-zA-Z0-9./-]+=[a-zA-Z0-9._-]*)*)$`),
  'write a Pod as NAMESPACE/NAME or a label selector like app=web',
);

const DeliveredToSchema = z
  .strictObject({ pod: podOrSelector.optional(), node: nodeName.optional(), container: z.string().min(1).optional(), host: z.string().min(1).optional(), port: z.number().int().min(1).max(65535).optional() })
  .refine((d) => Object.keys(d).length > 0, 'say at least one of pod, node, container, host, port');

const VERDICTS = ['delivered', 'refused', 'dropped', 'timeout', 'unreachable'] as const;

const CandidateExpectSchema = z
  .strictObject({ verdict: z.enum(VERDICTS).optional(), sourceSeen: AddressSchema.optional(), dnat: DnatSchema.optional(), deliveredTo: DeliveredToSchema.optional() })
  .refine((e) => Object.keys(e).length > 0, 'say at least one of verdict, sourceSeen, dnat, deliveredTo');

const TraceExpectSchema = z.strictObject({
  verdict: z.enum(VERDICTS).optional(),
  /** Exact reason: ECONNREFUSED, ETIMEDOUT, NETFILTER_DROP, … */
  reason: nonEmpty.optional(),
  sourceSeen: AddressSchema.optional(),
  dnat: DnatSchema.optional(),
  masquerade: z.boolean().optional(),
  deliveredTo: DeliveredToSchema.optional(),
  /** Waypoints the request must pass, in this order: "NAMESPACE DEVICE" (node-2 flannel.1) or a bare namespace. */
  hops: z.array(nonEmpty).min(1).optional(),
  every: CandidateExpectSchema.optional(),
  some: CandidateExpectSchema.optional(),
});

const PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmp'] as const;

const TraceSchema = z.strictObject({
  from: nonEmpty,
  to: nonEmpty,
  protocol: z.enum(PROTOCOLS).optional(),
  explore: z.boolean().optional(),
  /** Seed for the one random draw of a Service's load balancing (default 1), so a check always sees the same branch. */
  seed: z.number().int().optional(),
});

const RouteSchema = z.strictObject({ on: onRef, dst: AddressSchema, from: ip.optional(), iif: nonEmpty.optional() });
const RouteExpectSchema = z.strictObject({ dev: nonEmpty.optional(), via: z.union([ip, z.null()]).optional(), src: AddressSchema.optional() });

const TABLES = ['filter', 'nat', 'mangle', 'raw'] as const;
const textMatch = { contains: nonEmpty.optional(), matches: nonEmpty.optional(), absent: z.boolean().optional() };
const RuleSchema = z.strictObject({ on: onRef, table: z.enum(TABLES).optional(), chain: nonEmpty.optional(), ...textMatch });
const ExecSchema = z.strictObject({ on: onRef, command: nonEmpty, ...textMatch });

export const OBJECT_KINDS = ['Node', 'Pod', 'Service', 'Namespace', 'NetworkPolicy', 'Host', 'EndpointSlice'] as const;
const ObjectSchema = z.strictObject({
  kind: z.enum(OBJECT_KINDS),
  namespace: nonEmpty.optional(),
  name: nonEmpty.optional(),
  where: z.record(z.string(), z.unknown()).optional(),
  absent: z.boolean().optional(),
});

const ExportSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_$][\w$]*$/, 'write the name of an export, like predicted'),
  equals: z.unknown().optional(),
  equalsPath: TraceSchema.pick({ from: true, to: true, protocol: true, seed: true }).strict().optional(),
});

/** The placeholders each kind of check fills in (besides {id}, {expected} and {found}, which every check has). */
export const PLACEHOLDERS: Record<CheckKind, readonly string[]> = {
  trace: ['from', 'to', 'verdict', 'reason', 'hop', 'where', 'sourceSeen', 'dnat', 'masquerade', 'deliveredTo', 'path'],
  route: ['on', 'dst', 'dev', 'via', 'src', 'route'],
  rule: ['on', 'table', 'chain'],
  object: ['kind', 'object'],
  exec: ['on', 'command', 'output'],
  export: ['name'],
  ts: [],
};
const COMMON_PLACEHOLDERS = ['id', 'expected', 'found'];

const CheckSchema = z
  .strictObject({
    id: id('a check id'),
    message: TextSchema,
    trace: TraceSchema.optional(),
    route: RouteSchema.optional(),
    rule: RuleSchema.optional(),
    object: ObjectSchema.optional(),
    exec: ExecSchema.optional(),
    export: ExportSchema.optional(),
    ts: z.string().regex(/^[A-Za-z_$][\w$]*$/, 'write the name of a function exported by checks.ts').optional(),
    // Checked against the kind's own schema in refineKind, so errors name the exact field.
    expect: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((c, ctx) => {
    const kinds = CHECK_KINDS.filter((k) => c[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: 'custom', path: [], message: kinds.length ? `has ${kinds.join(' and ')}: a check does exactly one of ${CHECK_KINDS.join(', ')}` : `say what to check: one of ${CHECK_KINDS.join(', ')}` });
      return;
    }
    const kind = kinds[0]!;
    refineKind(kind, c, ctx);
    // A TypeScript check may add its own values, so its placeholders are not known in advance.
    for (const lang of kind === 'ts' ? [] : LANGS) {
      const text = c.message?.[lang];
      if (typeof text !== 'string') continue;
      const known = [...COMMON_PLACEHOLDERS, ...PLACEHOLDERS[kind]];
      for (const p of placeholdersOf(text)) {
        if (!known.includes(p)) ctx.addIssue({ code: 'custom', path: ['message', lang], message: `unknown placeholder {${p}} (a ${kind} check knows ${known.map((k) => `{${k}}`).join(' ')})` });
      }
    }
    if (typeof c.message?.en === 'string' && typeof c.message?.['zh-tw'] === 'string') {
      const en = [...new Set(placeholdersOf(c.message.en))].sort().join(' ');
      const zh = [...new Set(placeholdersOf(c.message['zh-tw']))].sort().join(' ');
      if (en !== zh) ctx.addIssue({ code: 'custom', path: ['message'], message: `the languages use different placeholders (en: ${en || 'none'}; zh-tw: ${zh || 'none'})` });
    }
  });

function refineKind(kind: CheckKind, c: z.infer<typeof CheckSchema>, ctx: z.RefinementCtx): void {
  const needsExpect = kind === 'trace' || kind === 'route';
  if (needsExpect && c.expect === undefined) ctx.addIssue({ code: 'custom', path: ['expect'], message: `Required: a ${kind} check says what it expects` });
  if (!needsExpect && c.expect !== undefined) ctx.addIssue({ code: 'custom', path: ['expect'], message: `${kind === 'object' || kind === 'exec' || kind === 'export' ? 'an' : 'a'} ${kind} check has no expect (only trace and route checks do)` });
  if (needsExpect && c.expect !== undefined) {
    const keys = Object.keys(c.expect);
    const schema = kind === 'trace' ? TraceExpectSchema : RouteExpectSchema;
    const allowed = Object.keys(schema.shape);
    for (const k of keys) if (!allowed.includes(k)) ctx.addIssue({ code: 'custom', path: ['expect', k], message: `a ${kind} check cannot expect "${k}" (it can expect ${allowed.join(', ')})` });
    if (keys.length === 0) ctx.addIssue({ code: 'custom', path: ['expect'], message: `say at least one of ${allowed.join(', ')}` });
    const known = Object.fromEntries(keys.filter((k) => allowed.includes(k)).map((k) => [k, c.expect![k]]));
    const r = schema.safeParse(known);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: ['expect', ...issue.path], message: issueMessage(issue) });
    if (kind === 'trace') {
      const e = c.expect as z.infer<typeof TraceExpectSchema>;
      for (const k of ['every', 'some'] as const) {
        if (e[k] !== undefined && c.trace?.explore !== true) ctx.addIssue({ code: 'custom', path: ['expect', k], message: `needs trace.explore: true (${k} looks at every branch the load balancing could take)` });
      }
    }
  }
  const exactlyOne = (obj: Record<string, unknown> | undefined, keys: string[], kindKey: string) => {
    if (!obj) return;
    const present = keys.filter((k) => obj[k] !== undefined);
    if (present.length !== 1) ctx.addIssue({ code: 'custom', path: [kindKey], message: `give exactly one of ${keys.join(', ')}` });
  };
  if (kind === 'rule') exactlyOne(c.rule, ['contains', 'matches'], 'rule');
  if (kind === 'exec') exactlyOne(c.exec, ['contains', 'matches'], 'exec');
  if (kind === 'export') exactlyOne(c.export, ['equals', 'equalsPath'], 'export');
  for (const k of ['rule', 'exec'] as const) {
    const m = c[k]?.matches;
    if (m !== undefined) {
      try {
        new RegExp(m);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: [k, 'matches'], message: `not a regular expression: ${(e as Error).message}` });
      }
    }
  }
}

/** An issue in plain words: "Required" for a missing field, the schema's own message otherwise. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'Required';
  if (issue.code === 'invalid_type') return `expected ${issue.expected}${/received (\w+)$/.test(issue.message) ? `, found ${/received (\w+)$/.exec(issue.message)![1]}` : ''}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** `{name}` placeholders of a message. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]!);
}

export const LabSchema = z
  .strictObject({
    id: id('a lab id'),
    chapter: id('a chapter id'),
    kind: z.enum(LAB_KINDS),
    title: TextSchema,
    summary: TextSchema,
    instructions: TextSchema,
    timeLimitMs: z.number().int().min(100).max(60_000).optional(),
    checks: z.array(CheckSchema).min(1, 'a lab has at least one check'),
    hints: z.array(TextSchema).min(1, 'give at least one hint'),
  })
  .superRefine((lab, ctx) => {
    const seen = new Map<string, number>();
    lab.checks.forEach((c, i) => {
      const first = seen.get(c.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['checks', i, 'id'], message: `"${c.id}" is already the id of checks[${first}]; check ids are unique within a lab` });
      else seen.set(c.id, i);
    });
  });

export type LabSpec = z.infer<typeof LabSchema>;
export type CheckSpec = LabSpec['checks'][number];
export type TraceCheck = z.infer<typeof TraceSchema>;
export type TraceExpect = z.infer<typeof TraceExpectSchema>;
export type CandidateExpect = z.infer<typeof CandidateExpectSchema>;
export type RouteCheck = z.infer<typeof RouteSchema>;
export type RouteExpect = z.infer<typeof RouteExpectSchema>;
export type RuleCheck = z.infer<typeof RuleSchema>;
export type ExecCheck = z.infer<typeof ExecSchema>;
export type ObjectCheck = z.infer<typeof ObjectSchema>;
export type ExportCheck = z.infer<typeof ExportSchema>;
export type DeliveredToExpect = z.infer<typeof DeliveredToSchema>;
export type DnatExpect = z.infer<typeof DnatSchema>;
