/**
 * Collects every error and warning of one load, each naming where it comes from: file (when several),
 * document number, List item, the object ("Service default/web"), the field path and the YAML line, in the
 * form `document 2 (Service default/web): spec.ports[0].nodePort 80 is outside the range 30000-32767`.
 * Nothing is applied when there is an error: the loader throws one ManifestError listing them all.
 *
 * Not modelled: kubectl's exact wording for server-side errors (the messages here say what to fix instead).
 */
import { SimError } from '../../core/errors';
import type { ManifestIssue } from './types';

export type Path = readonly (string | number)[];

/** `spec.ports[0].nodePort`, the form kubectl and field.Error print. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Where a document came from and how to find the line of one of its fields. */
export interface DocRef {
  /** Source name; shown only when several sources were loaded. */
  readonly file?: string;
  readonly showFile: boolean;
  /** 1-based. */
  readonly document: number;
  /** 1-based item within a List. */
  readonly item?: number;
  /** Replaces "document N" for objects nobody wrote (kubeadm's addons). */
  readonly label?: string;
  /** Line of the field at `path` (relative to the object), or of its nearest existing parent. */
  lineOf(path: Path): number | undefined;
}

export function describeDoc(doc: DocRef): string {
  if (doc.label) return doc.label;
  const parts = `${doc.showFile && doc.file ? `${doc.file}, ` : ''}document ${doc.document}`;
  return doc.item !== undefined ? `${parts}, item ${doc.item}` : parts;
}

export class Issues {
  readonly errors: ManifestIssue[] = [];
  readonly warnings: ManifestIssue[] = [];

  add(severity: 'error' | 'warning', doc: DocRef | undefined, object: string | undefined, path: Path, text: string, prefixField: boolean): void {
    const field = path.length > 0 ? formatPath(path) : undefined;
    const body = prefixField && field ? `${field} ${text}` : text;
    let where = '';
    if (doc) where = `${describeDoc(doc)}${object ? ` (${object})` : ''}: `;
    else if (object) where = `${object}: `;
    const issue: ManifestIssue = { severity, message: where + body };
    if (doc?.showFile && doc.file) issue.file = doc.file;
    if (doc) issue.document = doc.document;
    if (doc?.item !== undefined) issue.item = doc.item;
    const line = doc?.lineOf(path);
    if (line !== undefined) issue.line = line;
    if (object) issue.object = object;
    if (field) issue.field = field;
    (severity === 'error' ? this.errors : this.warnings).push(issue);
  }
}

/** The context of one object being read: its document and name, for messages. */
export class ObjectCtx {
  constructor(
    readonly issues: Issues,
    readonly doc: DocRef | undefined,
    /** "Service default/web"; may be refined once the name is known. */
    public label: string | undefined,
    /** Prepended to every path (an object embedded in a field, like a ConfigMap's data key). */
    readonly prefix: Path = [],
  ) {}

  /** The same object, with paths relative to `prefix`. */
  sub(prefix: Path): ObjectCtx {
    return new ObjectCtx(this.issues, this.doc, this.label, [...this.prefix, ...prefix]);
  }

  /** `<field> <text>`: text continues the field path ("is required", "80 is outside ..."). */
  err(path: Path, text: string): void {
    this.issues.add('error', this.doc, this.label, [...this.prefix, ...path], text, true);
  }
  /** A whole sentence; the path only locates the line. */
  errAt(path: Path, message: string): void {
    this.issues.add('error', this.doc, this.label, [...this.prefix, ...path], message, false);
  }
  warn(path: Path, text: string): void {
    this.issues.add('warning', this.doc, this.label, [...this.prefix, ...path], text, true);
  }
  warnAt(path: Path, message: string): void {
    this.issues.add('warning', this.doc, this.label, [...this.prefix, ...path], message, false);
  }
}

/** Thrown when any document is invalid; `issues` holds every error (and the warnings seen so far). */
export class ManifestError extends SimError {
  readonly issues: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
  constructor(errors: readonly ManifestIssue[], warnings: readonly ManifestIssue[]) {
    super('BAD_MANIFEST', errors.map((e) => e.message).join('\n'));
    this.name = 'ManifestError';
    this.issues = errors;
    this.warnings = warnings;
  }
}

/** "node-1", "node-1 and node-2", "node-1, node-2 and node-3". */
export function humanList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
