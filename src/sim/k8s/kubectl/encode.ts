/**
 * `kubectl get -o json|yaml|name` text for API objects, shaped like kubectl's printers
 * (k8s.io/cli-runtime pkg/printers json.go, yaml.go, name.go):
 * - json: Go's json.MarshalIndent with four spaces on the object kubectl holds as an unstructured map, so
 *   keys come out sorted (encoding/json sorts map keys) and `<`, `>`, `&`, U+2028, U+2029 are \u-escaped
 *   (Go's default HTML-safe encoding); a trailing newline.
 * - yaml: sigs.k8s.io/yaml, i.e. the JSON above re-emitted by go-yaml v2: keys sorted by go-yaml's key order
 *   (letters by code point, digit runs numerically, non-letters first), sequences not indented under their
 *   key, strings that would read back as another type ("80", "true", "", "2025-01-01") double-quoted, other
 *   strings that cannot be plain single-quoted.
 * - name: `<kind>[.<group>]/<name>` per object.
 *
 * Not modelled: go-yaml's exact line folding of long plain strings (the yaml package folds at 80 columns too,
 * at slightly different points), non-UTF-8 strings.
 */
import { Document, isScalar, visit, type Pair } from 'yaml';

// ------------------------------------------------------------------------------------------ JSON

function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // encoding/json encodeState.string: other control characters and the HTML-sensitive ones as \u00XX.
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&') out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return `${out}"`;
}

function goJson(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + goJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${goJsonString(k)}: ${goJson(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** `kubectl get -o json` of one object or a List. */
export function toJson(obj: unknown): string {
  return `${goJson(obj, '')}\n`;
}

// ------------------------------------------------------------------------------------------ YAML

const isLetter = (ch: string) => /\p{L}/u.test(ch);
const isDigit = (ch: string) => ch >= '0' && ch <= '9';

/** go-yaml v2 sorter.go keyList.Less, for string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

const YAML11_NON_STRINGS = new Set([
  '', '~', 'null', 'Null', 'NULL',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

/**
 * Whether go-yaml v2's resolver reads this plain text as something other than a string (resolve.go: the
 * YAML 1.1 booleans and nulls, ints in any base, floats, base-60 numbers, timestamps): such strings are
 * emitted double-quoted.
 */
export function resolvesToNonString(s: string): boolean {
  if (YAML11_NON_STRINGS.has(s)) return true;
  if (/^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/.test(s)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true;
  return /^\d{4}-\d{1,2}-\d{1,2}([Tt ]|$)/.test(s);
}

/** `kubectl get -o yaml` of one object or a List. */
export function toYaml(obj: unknown): string {
  const doc = new Document(obj, {
    sortMapEntries: (a: Pair, b: Pair) => {
      const ka = String(isScalar(a.key) ? a.key.value : a.key);
      const kb = String(isScalar(b.key) ? b.key.value : b.key);
      return goYamlKeyLess(ka, kb) ? -1 : goYamlKeyLess(kb, ka) ? 1 : 0;
    },
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && resolvesToNonString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indentSeq: false, singleQuote: true });
}
