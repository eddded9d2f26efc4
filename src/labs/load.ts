/**
 * Reading a lab: `lab.yaml` text (plus the names of the functions its checks.ts exports) in, a validated `Lab`
 * out, or a `LabFormatError` whose lines read `src/content/labs/x/lab.yaml: checks[2].trace.to: Required (line 14)`.
 * Pure: the caller reads the files (Node: src/labs/node; the site: Vite imports at build time).
 *
 * Not modelled: YAML anchors across labs, includes.
 */
import { LineCounter, parseDocument, isNode, type Node as YamlNode } from 'yaml';
import type { z } from 'astro/zod';
import { issueMessage, LabSchema, type LabSpec } from './schema';
import type { TsCheck } from './types';

export interface Lab {
  spec: LabSpec;
  /** Functions exported by the lab's checks.ts, by name. */
  tsChecks: Record<string, TsCheck>;
  /** The lab.yaml path as messages name it (src/content/labs/<id>/lab.yaml). */
  file: string;
}

/** Every problem of one lab file, one line each. */
export class LabFormatError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'LabFormatError';
    this.file = file;
    this.problems = problems;
  }
}

export interface LoadLabInput {
  /** Path used in messages, e.g. src/content/labs/pod-ip-cross-node/lab.yaml. */
  file: string;
  yaml: string;
  /** The module checks.ts evaluated to, when the lab has one. */
  checks?: Record<string, unknown>;
  /** The folder name: the lab's id must equal it. */
  folder?: string;
}

/** "checks[2].trace.to" for ['checks', 2, 'trace', 'to']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const s = String(p);
      out += /^[A-Za-z_$][\w$-]*$/.test(s) ? `${out ? '.' : ''}${s}` : `[${JSON.stringify(s)}]`;
    }
  }
  return out || '(top level)';
}

/** Parses and validates one lab. Throws LabFormatError. */
export function loadLab(input: LoadLabInput): Lab {
  const lines = new LineCounter();
  const doc = parseDocument(input.yaml, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new LabFormatError(
      input.file,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        // prettyErrors adds " at line L, column C:" and the source excerpt; the line goes at the end instead.
        const text = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `YAML: ${text}${at ? ` (line ${at.line})` : ''}`;
      }),
    );
  }
  const raw = doc.toJS();
  const r = LabSchema.safeParse(raw);
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // The deepest node that exists along the path: for a missing field, its parent object's line.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && (node as YamlNode).range) return lines.linePos((node as YamlNode).range![0]).line;
    }
    return undefined;
  };
  const problems: string[] = [];
  const add = (path: readonly PropertyKey[], message: string) => {
    const line = lineOf(path);
    problems.push(`${formatPath(path)}: ${message}${line ? ` (line ${line})` : ''}`);
  };
  if (!r.success) {
    for (const issue of r.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) add([...issue.path, k], 'unknown field');
      } else add(issue.path, issueMessage(issue as z.core.$ZodIssue));
    }
    throw new LabFormatError(input.file, problems);
  }
  const spec = r.data;
  if (input.folder !== undefined && spec.id !== input.folder) add(['id'], `"${spec.id}" must equal the folder name "${input.folder}"`);
  const tsChecks: Record<string, TsCheck> = {};
  const exported = Object.entries(input.checks ?? {}).filter(([, v]) => typeof v === 'function');
  for (const [name, fn] of exported) tsChecks[name] = fn as TsCheck;
  spec.checks.forEach((c, i) => {
    if (c.ts === undefined) return;
    if (!input.checks) add(['checks', i, 'ts'], `"${c.ts}" is a TypeScript check, but the lab has no checks.ts`);
    else if (!tsChecks[c.ts]) add(['checks', i, 'ts'], `checks.ts exports no function "${c.ts}" (it exports: ${exported.map(([n]) => n).join(', ') || 'nothing'})`);
  });
  if (problems.length) throw new LabFormatError(input.file, problems);
  return { spec, tsChecks, file: input.file };
}
