/**
 * `kubectl get -l SELECTOR`: the label selector string syntax of k8s.io/apimachinery pkg/labels/selector.go
 * (Parse): comma-separated requirements `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists),
 * `!k` (does not exist), `k>n`, `k<n`; and the `k=v,…` text of a label map (labels.FormatLabels).
 *
 * Not modelled: label key/value syntax validation (a bad key simply matches nothing); the parser's exact error
 * wording, which is approximated ("found 'x', expected: …", as its messages are shaped).
 */

export type SelectorOp = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';

export interface Requirement {
  key: string;
  op: SelectorOp;
  values: string[];
}

export type ParsedSelector = { ok: true; requirements: Requirement[] } | { ok: false; error: string };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

type Token = { t: 'id'; v: string } | { t: 'sym'; v: string } | { t: 'end' };

/** The lexer of selector.go: identifiers run to whitespace or a special symbol; symbols are =, ==, !=, !, (, ), ',', <, >. */
function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (SPECIAL.has(ch)) {
      const two = s.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        out.push({ t: 'sym', v: two });
        i += 2;
      } else {
        out.push({ t: 'sym', v: ch });
        i++;
      }
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!) && !SPECIAL.has(s[j]!)) j++;
      out.push({ t: 'id', v: s.slice(i, j) });
      i = j;
    }
  }
  out.push({ t: 'end' });
  return out;
}

function describe(tok: Token): string {
  return tok.t === 'end' ? 'end of string' : tok.v;
}

/** Parses a `-l` selector; "" selects everything. */
export function parseSelector(text: string): ParsedSelector {
  const toks = lex(text);
  let p = 0;
  const reqs: Requirement[] = [];
  const err = (msg: string): ParsedSelector => ({ ok: false, error: msg });
  if (toks[0]!.t === 'end') return { ok: true, requirements: [] };
  for (;;) {
    let tok = toks[p++]!;
    let negate = false;
    if (tok.t === 'sym' && tok.v === '!') {
      negate = true;
      tok = toks[p++]!;
    }
    if (tok.t !== 'id') return err(`found '${describe(tok)}', expected: identifier`);
    const key = tok.v;
    const next = toks[p]!;
    if (negate) {
      reqs.push({ key, op: '!', values: [] });
    } else if (next.t === 'end' || (next.t === 'sym' && next.v === ',')) {
      reqs.push({ key, op: 'exists', values: [] });
    } else if (next.t === 'sym' && ['=', '==', '!=', '>', '<'].includes(next.v)) {
      p++;
      const val = toks[p]!;
      let value = '';
      // `k=` is the empty value (allowed: label values may be empty).
      if (val.t === 'id') {
        value = val.v;
        p++;
      } else if (!(val.t === 'end' || (val.t === 'sym' && val.v === ','))) {
        return err(`found '${describe(val)}', expected: identifier`);
      }
      if ((next.v === '>' || next.v === '<') && !/^-?\d+$/.test(value)) {
        return err(`for 'Gt', 'Lt' operators, the value must be an integer: ${JSON.stringify(value)}`);
      }
      const op: SelectorOp = next.v === '==' ? '=' : (next.v as SelectorOp);
      reqs.push({ key, op, values: [value] });
    } else if (next.t === 'id' && (next.v === 'in' || next.v === 'notin')) {
      p++;
      if (toks[p]?.t !== 'sym' || (toks[p] as { v: string }).v !== '(') return err(`found '${describe(toks[p]!)}', expected: '('`);
      p++;
      const values: string[] = [];
      const first = toks[p]!;
      if (first.t === 'sym' && first.v === ')') return err(`for 'in', 'notin' operators, values set can't be empty`);
      for (;;) {
        const v = toks[p]!;
        if (v.t === 'id') {
          values.push(v.v);
          p++;
        } else if (v.t === 'sym' && (v.v === ',' || v.v === ')')) {
          // an empty element, as in `in (a,)`, is the empty value
          values.push('');
        } else {
          return err(`found '${describe(v)}', expected: ',', ')' or identifier`);
        }
        const sep = toks[p]!;
        if (sep.t === 'sym' && sep.v === ',') {
          p++;
          continue;
        }
        if (sep.t === 'sym' && sep.v === ')') {
          p++;
          break;
        }
        return err(`found '${describe(sep)}', expected: ',' or ')'`);
      }
      reqs.push({ key, op: next.v, values });
    } else {
      return err(`found '${describe(next)}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    const after = toks[p++]!;
    if (after.t === 'end') break;
    if (!(after.t === 'sym' && after.v === ',')) return err(`found '${describe(after)}', expected: ',' or 'end of string'`);
  }
  return { ok: true, requirements: reqs };
}

/** labels/selector.go Requirement.Matches. */
export function selectorMatches(reqs: readonly Requirement[], labels: Readonly<Record<string, string>>): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case '=':
      case 'in':
        return has && r.values.includes(v!);
      // NotEquals / NotIn also match objects without the key.
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case '>':
      case '<': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const a = Number(v);
        const b = Number(r.values[0]);
        return r.op === '>' ? a > b : a < b;
      }
    }
  });
}

/** labels.FormatLabels: `k=v` pairs sorted by key (labels.Set.String), "<none>" for none. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** Go's string ordering (bytewise; the same as UTF-16 order for the ASCII of names and labels). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
