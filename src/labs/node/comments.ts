/**
 * Lab code in the reader's language: a lab's starter.ts and solution.ts are written once, with English comments,
 * and comments.zh-tw.yaml maps each comment's text to its Traditional Chinese. The page for zh-tw shows the same
 * code with the comments swapped, so the two languages can never run different programs.
 *
 * Comments are found with the TypeScript scanner, so a `//` inside a string, a template or a regular expression
 * is code. A comment's key is its text without the `//` or `/* … *\/` delimiters and surrounding blanks.
 *
 * Runs at build time and in Node tests (it loads the TypeScript compiler), never in the browser.
 */
import ts from 'typescript';

export interface CommentSpan {
  /** Offsets of the comment's text in the source, delimiters included. */
  readonly start: number;
  readonly end: number;
  /** The text between the delimiters, trimmed: the key of the translation map. */
  readonly key: string;
}

const K = ts.SyntaxKind;
/** After these a `/` divides; after anything else (or at the start) it opens a regular expression. */
const ENDS_OPERAND = new Set([
  K.Identifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.RegularExpressionLiteral, K.NoSubstitutionTemplateLiteral,
  K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.PlusPlusToken, K.MinusMinusToken,
  K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword,
]);
const TRIVIA = new Set([K.WhitespaceTrivia, K.NewLineTrivia, K.SingleLineCommentTrivia, K.MultiLineCommentTrivia, K.ShebangTrivia, K.ConflictMarkerTrivia]);

export interface Scanned {
  readonly comments: CommentSpan[];
  /** Code tokens (no comments, no whitespace), with their 1-based lines. */
  readonly code: { text: string; line: number }[];
}

/**
 * Splits a source into comments and code tokens. The bare scanner does not know where a template's `${…}` ends
 * or whether `/` starts a regular expression (the parser tells it), so this keeps a stack of open braces and
 * template substitutions and rescans as the parser would.
 */
export function scanSource(text: string): Scanned {
  const s = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const open: ('brace' | 'template')[] = [];
  const comments: CommentSpan[] = [];
  const code: { text: string; line: number }[] = [];
  let line = 1;
  let counted = 0;
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
    const start = s.getTokenStart();
    const raw = s.getTokenText();
    if (k === K.SingleLineCommentTrivia) comments.push({ start, end: start + raw.length, key: raw.slice(2).trim() });
    else if (k === K.MultiLineCommentTrivia) comments.push({ start, end: start + raw.length, key: raw.slice(2, -2).trim() });
    if (TRIVIA.has(k)) continue;
    prev = k;
    for (; counted < start; counted++) if (text.charCodeAt(counted) === 10) line++;
    code.push({ text: raw, line });
  }
  return { comments, code };
}

export interface Translated {
  readonly code: string;
  /** Comment texts the map has no translation for (left in English). */
  readonly missing: string[];
}

/** The source with every comment's text replaced by its translation, delimiters and layout kept. */
export function translateComments(source: string, map: Readonly<Record<string, string>>): Translated {
  const missing: string[] = [];
  let out = '';
  let at = 0;
  for (const c of scanSource(source).comments) {
    const to = Object.prototype.hasOwnProperty.call(map, c.key) ? map[c.key] : undefined;
    if (to === undefined) {
      if (c.key !== '') missing.push(c.key);
      continue;
    }
    const raw = source.slice(c.start, c.end);
    const from = raw.indexOf(c.key);
    out += source.slice(at, c.start) + raw.slice(0, from) + to + raw.slice(from + c.key.length);
    at = c.end;
  }
  return { code: out + source.slice(at), missing };
}
