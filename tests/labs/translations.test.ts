// The zh-tw copies of each lab's code (starter.zh-tw.ts, solution.zh-tw.ts): the same program as the English file,
// with only the comments translated. Same number of lines, the same tokens once comments and whitespace are
// skipped (each on the same line), and some Chinese in the comments. Comments are found with the TypeScript
// scanner, so a "//" inside a string, a template or a regular expression is code, not a comment.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { nodeLabs } from '../../src/labs/node/labs';

const labs = nodeLabs();
const ids = labs.ids();
const FILES = ['starter', 'solution'] as const;

const K = ts.SyntaxKind;
const TRIVIA = new Set([K.WhitespaceTrivia, K.NewLineTrivia, K.SingleLineCommentTrivia, K.MultiLineCommentTrivia, K.ShebangTrivia, K.ConflictMarkerTrivia]);
const COMMENTS = new Set([K.SingleLineCommentTrivia, K.MultiLineCommentTrivia]);
/** After these a "/" divides; after anything else (or at the start) it opens a regular expression. */
const ENDS_OPERAND = new Set([
  K.Identifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.RegularExpressionLiteral, K.NoSubstitutionTemplateLiteral,
  K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.PlusPlusToken, K.MinusMinusToken,
  K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword,
]);

interface Scanned {
  /** Code tokens: text and 1-based line. */
  code: { text: string; line: number }[];
  comments: string[];
}

/**
 * Splits a source into code tokens and comments. The bare scanner does not know where a template's `${…}` ends
 * or whether "/" starts a regular expression (the parser tells it), so this keeps a stack of open braces and
 * template substitutions and rescans as the parser would.
 */
function scan(text: string): Scanned {
  const s = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const open: ('brace' | 'template')[] = [];
  const out: Scanned = { code: [], comments: [] };
  let prev: ts.SyntaxKind | undefined;
  for (let k = s.scan(); k !== K.EndOfFileToken; k = s.scan()) {
    if (k === K.OpenBraceToken) open.push('brace');
    else if (k === K.TemplateHead) open.push('template');
    else if (k === K.CloseBraceToken) {
      if (open.at(-1) === 'template') {
        k = s.reScanTemplateToken(false);
        if (k === K.TemplateTail) open.pop();
      } else open.pop();
    } else if ((k === K.SlashToken || k === K.SlashEqualsToken) && (prev === undefined || !ENDS_OPERAND.has(prev))) {
      k = s.reScanSlashToken();
    }
    if (COMMENTS.has(k)) out.comments.push(s.getTokenText());
    if (TRIVIA.has(k)) continue;
    prev = k;
    out.code.push({ text: s.getTokenText(), line: text.slice(0, s.getTokenStart()).split('\n').length });
  }
  return out;
}

const lines = (text: string) => text.split('\n').length;
const HAN = /\p{Script=Han}/u;

describe('the comment-aware scanner', () => {
  it('treats // inside strings, templates and regular expressions as code', () => {
    const src = [
      "const u = 'http://example'; // one",
      'const t = `a ${u /* two */} // not a comment ${`nested ${u}`}`;',
      'const r = /\\/\\/x/g.test(u) ? 1 / 2 : 3; /* three */',
    ].join('\n');
    const r = scan(src);
    expect(r.comments).toEqual(['// one', '/* two */', '/* three */']);
    expect(r.code.map((t) => t.text)).toContain("'http://example'");
    expect(r.code.map((t) => t.text)).toContain('} // not a comment ${');
    expect(r.code.map((t) => t.text)).toContain('/\\/\\/x/g');
    expect(r.code.at(-1)).toEqual({ text: ';', line: 3 });
  });

  it('sees a changed token, a moved token and a changed string', () => {
    const en = scan("const a = f('x'); // hi\nexport default a;\n");
    expect(scan("const a = f('x'); // 你好\nexport default a;\n")).toEqual({ ...en, comments: ['// 你好'] });
    expect(scan("const a = f('y'); // 你好\nexport default a;\n").code).not.toEqual(en.code);
    expect(scan("const a = f('x');\n// 你好\nexport default a;\n").code.map((t) => t.text)).toEqual(en.code.map((t) => t.text));
    expect(scan("const a = f('x');\n// 你好\nexport default a;\n").code).not.toEqual(en.code);
  });
});

describe.each(ids)('lab %s', (id) => {
  const dir = join(labs.root, id);
  const has = FILES.map((f) => existsSync(join(dir, `${f}.zh-tw.ts`)));

  it('has both zh-tw code files or neither', () => {
    expect(has[0], 'starter.zh-tw.ts exists iff solution.zh-tw.ts does').toBe(has[1]);
  });

  const present = FILES.filter((_, i) => has[i]);
  if (present.length === 0) return;

  describe.each(present)('%s.zh-tw.ts', (f) => {
    const en = readFileSync(join(dir, `${f}.ts`), 'utf8');
    const zh = readFileSync(join(dir, `${f}.zh-tw.ts`), 'utf8');
    const a = scan(en);
    const b = scan(zh);

    it('has as many lines as the English file', () => {
      expect(lines(zh)).toBe(lines(en));
    });

    it('is the same code once comments are removed, each token on the same line', () => {
      expect(b.code.map((t) => t.text)).toEqual(a.code.map((t) => t.text));
      expect(b.code).toEqual(a.code);
    });

    it('has Chinese in its comments if the English file has comments', () => {
      if (a.comments.length === 0) return;
      expect(b.comments.some((c) => HAN.test(c)), 'no comment contains a CJK character').toBe(true);
    });
  });
});
