// lab.yaml validation: every error names the file and the field (and the line), for the mistakes an author
// makes: a missing field, a missing language, a duplicate id, a TypeScript check that checks.ts does not export.
import { describe, expect, it } from 'vitest';
import { loadLab, LabFormatError } from '../../src/labs';

const FILE = 'src/content/labs/demo/lab.yaml';

const BASE = `id: demo
chapter: pod-ip
kind: build
title: { en: Demo, zh-tw: 示範 }
summary: { en: A demo., zh-tw: 一個示範。 }
instructions: { en: Do it., zh-tw: 做吧。 }
checks:
  - id: a
    trace: { from: pod/default/client, to: pod/default/web:80 }
    expect: { verdict: delivered }
    message: { en: "ok {verdict}", zh-tw: "好 {verdict}" }
hints:
  - { en: Look., zh-tw: 看看。 }
`;

/** BASE with one more check appended to checks. */
const withCheck = (check: string) =>
  BASE.replace('hints:', `${check.split('\n').map((line, i) => (i === 0 ? '  - ' : '    ') + line).join('\n')}\nhints:`);

function problems(yaml: string, checks?: Record<string, unknown>): string[] {
  try {
    loadLab({ file: FILE, yaml, checks, folder: 'demo' });
  } catch (e) {
    expect(e).toBeInstanceOf(LabFormatError);
    const err = e as LabFormatError;
    expect(err.file).toBe(FILE);
    // The message is the problems, each prefixed with the file.
    expect(err.message).toBe(err.problems.map((p) => `${FILE}: ${p}`).join('\n'));
    return err.problems;
  }
  return [];
}

describe('a valid lab', () => {
  it('loads, with both languages of every text', () => {
    const lab = loadLab({ file: FILE, yaml: BASE, folder: 'demo' });
    expect(lab.spec.title).toEqual({ en: 'Demo', 'zh-tw': '示範' });
    expect(lab.spec.checks[0]!.trace).toEqual({ from: 'pod/default/client', to: 'pod/default/web:80' });
    expect(lab.tsChecks).toEqual({});
    expect(lab.file).toBe(FILE);
  });

  it('keeps the functions checks.ts exports', () => {
    const fn = () => true;
    const lab = loadLab({ file: FILE, yaml: withCheck('id: b\nts: same\nmessage: { en: x, zh-tw: 叉 }'), checks: { same: fn, notAFunction: 3 } });
    expect(lab.tsChecks).toEqual({ same: fn });
  });
});

describe('errors name the file, the field path and the line', () => {
  it('a missing field', () => {
    expect(problems(BASE.replace(', to: pod/default/web:80', ''))).toEqual(['checks[0].trace.to: Required (line 9)']);
  });

  it('a missing language, in a title, a message and a hint', () => {
    expect(problems(BASE.replace(', zh-tw: 示範', ''))).toEqual(['title.zh-tw: Required (line 4)']);
    expect(problems(BASE.replace('message: { en: "ok {verdict}", zh-tw: "好 {verdict}" }', 'message: { en: "ok" }'))).toEqual(['checks[0].message.zh-tw: Required (line 11)']);
    expect(problems(BASE.replace('{ en: Look., zh-tw: 看看。 }', '{ zh-tw: 看看。 }'))).toEqual(['hints[0].en: Required (line 13)']);
    expect(problems(BASE.replace('zh-tw: 看看。', 'zh-tw: "  "'))).toEqual(['hints[0].zh-tw: must not be empty (line 13)']);
  });

  it('a language the course does not have', () => {
    expect(problems(BASE.replace('title: { en: Demo, zh-tw: 示範 }', 'title: { en: Demo, zh-tw: 示範, ja: デモ }'))).toEqual(['title.ja: unknown field (line 4)']);
  });

  it('duplicate check ids', () => {
    expect(problems(withCheck('id: a\nobject: { kind: Pod, name: web }\nmessage: { en: x, zh-tw: 叉 }'))).toEqual([
      'checks[1].id: "a" is already the id of checks[0]; check ids are unique within a lab (line 12)',
    ]);
  });

  it('a TypeScript check that is not exported', () => {
    const yaml = withCheck('id: b\nts: myCheck\nmessage: { en: x, zh-tw: 叉 }');
    expect(problems(yaml)).toEqual(['checks[1].ts: "myCheck" is a TypeScript check, but the lab has no checks.ts (line 13)']);
    expect(problems(yaml, { other: () => true })).toEqual(['checks[1].ts: checks.ts exports no function "myCheck" (it exports: other) (line 13)']);
  });

  it('a check with no kind, or two', () => {
    expect(problems(BASE.replace('    trace: { from: pod/default/client, to: pod/default/web:80 }\n    expect: { verdict: delivered }\n', ''))).toEqual([
      'checks[0]: say what to check: one of trace, route, rule, object, exec, export, ts (line 8)',
    ]);
    expect(problems(BASE.replace('    expect: { verdict: delivered }', '    expect: { verdict: delivered }\n    object: { kind: Pod }'))).toEqual([
      'checks[0]: has trace and object: a check does exactly one of trace, route, rule, object, exec, export, ts (line 8)',
    ]);
  });

  it('expectations a check cannot have', () => {
    expect(problems(BASE.replace('{ verdict: delivered }', '{ verdic: delivered }'))).toEqual([
      'checks[0].expect.verdic: a trace check cannot expect "verdic" (it can expect verdict, reason, sourceSeen, dnat, masquerade, deliveredTo, hops, every, some) (line 10)',
    ]);
    expect(problems(BASE.replace('{ verdict: delivered }', '{ verdict: ok }'))).toEqual([
      'checks[0].expect.verdict: expected one of "delivered", "refused", "dropped", "timeout", "unreachable" (line 10)',
    ]);
    expect(problems(BASE.replace('{ verdict: delivered }', '{ every: { verdict: delivered } }'))).toEqual([
      'checks[0].expect.every: needs trace.explore: true (every looks at every branch the load balancing could take) (line 10)',
    ]);
    expect(problems(withCheck('id: r\nobject: { kind: Pod }\nexpect: { verdict: delivered }\nmessage: { en: x, zh-tw: 叉 }'))).toEqual([
      'checks[1].expect: an object check has no expect (only trace and route checks do) (line 14)',
    ]);
    expect(problems(withCheck('id: r\nroute: { on: node/node-1, dst: 10.0.0.1 }\nmessage: { en: x, zh-tw: 叉 }'))).toEqual([
      'checks[1].expect: Required: a route check says what it expects (line 12)',
    ]);
  });

  it('addresses, targets and patterns written wrong', () => {
    expect(problems(BASE.replace('{ verdict: delivered }', '{ sourceSeen: { podIp: default/client } }'))).toEqual([
      'checks[0].expect.sourceSeen: write an address ("10.244.1.2" or "10.244.1.2:80") or one of { podIP: NS/NAME }, { nodeIP: NODE }, { bridgeIP: NODE }, { clusterIP: NS/NAME } (line 10)',
    ]);
    expect(problems(withCheck('id: r\nexec: { on: node-1, command: ip route, contains: x }\nmessage: { en: x, zh-tw: 叉 }'))).toEqual([
      'checks[1].exec.on: write node/NAME or pod/NAMESPACE/NAME (line 13)',
    ]);
    expect(problems(withCheck('id: r\nrule: { on: node/node-1, contains: x, matches: y }\nmessage: { en: x, zh-tw: 叉 }'))).toEqual([
      'checks[1].rule: give exactly one of contains, matches (line 13)',
    ]);
    expect(problems(withCheck('id: r\nexec: { on: node/node-1, command: ip route, matches: "(" }\nmessage: { en: x, zh-tw: 叉 }'))).toEqual([
      'checks[1].exec.matches: not a regular expression: Invalid regular expression: /(/: Unterminated group (line 13)',
    ]);
  });

  it('message placeholders: unknown ones, and different ones per language', () => {
    expect(problems(BASE.replace('"好 {verdict}"', '"好"'))).toEqual(['checks[0].message: the languages use different placeholders (en: verdict; zh-tw: none) (line 11)']);
    expect(problems(BASE.replace('"ok {verdict}", zh-tw: "好 {verdict}"', '"ok {verdit}", zh-tw: "好 {verdit}"'))).toEqual([
      'checks[0].message.en: unknown placeholder {verdit} (a trace check knows {id} {expected} {found} {from} {to} {verdict} {reason} {hop} {where} {sourceSeen} {dnat} {masquerade} {deliveredTo} {path}) (line 11)',
      'checks[0].message.zh-tw: unknown placeholder {verdit} (a trace check knows {id} {expected} {found} {from} {to} {verdict} {reason} {hop} {where} {sourceSeen} {dnat} {masquerade} {deliveredTo} {path}) (line 11)',
    ]);
  });

  it('ids, kinds, unknown fields and the folder name', () => {
    expect(problems(BASE.replace('id: demo', 'id: Demo_1'))).toEqual(['id: a lab id must be lowercase letters and digits joined by dashes, like pod-ip-cross-node (line 1)']);
    expect(problems(BASE.replace('kind: build', 'kind: quiz'))).toEqual(['kind: expected one of "build", "predict", "fix", "explore" (line 3)']);
    expect(problems(`${BASE}extra: 1\n`)).toEqual(['extra: unknown field (line 14)']);
    expect(problems(BASE.replace('id: demo', 'id: demo-2'))).toEqual(['id: "demo-2" must equal the folder name "demo" (line 1)']);
    expect(problems(BASE.replace(/hints:\n.*\n/, 'hints: []\n'))).toEqual(['hints: give at least one hint (line 12)']);
  });

  it('several problems are all reported', () => {
    expect(problems(BASE.replace(', zh-tw: 示範', '').replace('kind: build', 'kind: quiz'))).toEqual(['kind: expected one of "build", "predict", "fix", "explore" (line 3)', 'title.zh-tw: Required (line 4)']);
  });

  it('YAML that does not parse, with its line', () => {
    expect(problems(BASE.replace('title: { en: Demo, zh-tw: 示範 }', 'title: { en: Demo, zh-tw: 示範'))).toEqual([
      'YAML: Flow map in block collection must be sufficiently indented and end with a } (line 5)',
    ]);
    expect(problems(BASE.replace('kind: build', 'kind: build\nkind: fix'))).toEqual(['YAML: Map keys must be unique (line 4)']);
  });
});
