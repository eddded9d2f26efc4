/**
 * Reading manifest text: YAML streams (documents separated by `---`) or JSON, each document one object or a
 * `kind: List` whose items are objects. Parsed with eemeli/yaml in YAML 1.1 mode, as Kubernetes reads YAML
 * (sigs.k8s.io/yaml on go-yaml v2, whose resolve table makes y/n/yes/no/on/off booleans, so `country: no` is
 * not a string and the API server rejects it),
 * keeping source positions so every message can give the line of the field it is about.
 *
 * Not modelled: YAML anchors across documents (each document stands alone, as in kubectl).
 */
import { LineCounter, isNode, parseAllDocuments, type Document } from 'yaml';
import { ObjectCtx, type DocRef, type Issues, type Path } from './issues';
import { isObject } from './shape';

/** One object to apply, with where it came from. */
export interface RawObject {
  readonly doc: DocRef;
  readonly value: unknown;
}

export interface SourceText {
  /** A file name for messages ("web.yaml"); shown when several texts are loaded. */
  readonly name: string;
  readonly text: string;
}

function lineFinder(doc: Document, counter: LineCounter, prefix: Path): (path: Path) => number | undefined {
  return (path) => {
    const full = [...prefix, ...path];
    // The nearest existing node on the path: a missing field is reported at its parent's line.
    for (let n = full.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(full.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** Splits one text into objects (List items flattened); syntax errors are reported, their documents skipped. */
export function readText(src: SourceText, showFile: boolean, issues: Issues): RawObject[] {
  const counter = new LineCounter();
  const parsed = parseAllDocuments(src.text, { lineCounter: counter, version: '1.1', prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: RawObject[] = [];
  docs.forEach((doc, i) => {
    const base: DocRef = { file: src.name, showFile, document: i + 1, lineOf: lineFinder(doc, counter, []) };
    if (doc.errors.length > 0) {
      const ctx = new ObjectCtx(issues, base, undefined);
      for (const e of doc.errors) {
        const line = counter.linePos(e.pos[0]).line;
        ctx.errAt([], `YAML syntax error at line ${line}: ${e.message.split('\n')[0]}`);
      }
      return;
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    // An empty document (a trailing `---`, or only comments) is skipped, as kubectl does.
    if (value === null || value === undefined) return;
    if (isObject(value) && value['kind'] === 'List') {
      (Array.isArray(value['items']) ? value['items'] : []).forEach((item, j) => {
        out.push({
          doc: { file: src.name, showFile, document: i + 1, item: j + 1, lineOf: lineFinder(doc, counter, ['items', j]) },
          value: item,
        });
      });
      return;
    }
    out.push({ doc: base, value });
  });
  return out;
}

/** Objects given as values (the programmatic builder): one "document" each, no lines. */
export function readObjects(name: string, values: readonly unknown[], showFile: boolean): RawObject[] {
  return values.map((value, i) => ({ doc: { file: name, showFile, document: i + 1, lineOf: () => undefined }, value }));
}

/** A YAML text embedded in another object (a ConfigMap's data key): its documents, located at `at`. */
export function readEmbedded(text: string, atPath: Path, ctx: ObjectCtx): unknown[] {
  const parsed = parseAllDocuments(text, { version: '1.1', prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) ctx.err(atPath, `is not valid YAML: ${e.message.split('\n')[0]}`);
      continue;
    }
    const v = doc.toJS() as unknown;
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}
