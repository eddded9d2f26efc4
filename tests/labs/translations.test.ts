// Lab code in Traditional Chinese: each lab's comments.zh-tw.yaml translates the comments of its starter.ts and
// solution.ts (src/labs/node/comments.ts swaps them in for the zh-tw page). Every comment must have a translation,
// no entry may be left over from an old comment, and the translated file must be the same program: the same
// tokens on the same lines, only the comments differ.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { nodeLabs } from '../../src/labs/node/labs';
import { scanSource, translateComments } from '../../src/labs/node/comments';

const labs = nodeLabs();
const HAN = /\p{Script=Han}/u;

describe('the comment-aware scanner', () => {
  it('treats // inside strings, templates and regular expressions as code', () => {
    const src = [
      "const u = 'http://example'; // one",
      'const t = `a ${u /* two */} // not a comment ${`nested ${u}`}`;',
      'const r = /\\/\\/x/g.test(u) ? 1 / 2 : 3; /* three */',
    ].join('\n');
    const r = scanSource(src);
    expect(r.comments.map((c) => c.key)).toEqual(['one', 'two', 'three']);
    expect(r.code.map((t) => t.text)).toContain("'http://example'");
    expect(r.code.map((t) => t.text)).toContain('} // not a comment ${');
    expect(r.code.map((t) => t.text)).toContain('/\\/\\/x/g');
    expect(r.code.at(-1)).toEqual({ text: ';', line: 3 });
  });

  it('swaps only the comment text, keeping delimiters, indentation and code', () => {
    const src = "const a = f('// x'); // hi there\n  /* block */ export default a;\n";
    const t = translateComments(src, { 'hi there': '你好', block: '區塊' });
    expect(t).toEqual({ code: "const a = f('// x'); // 你好\n  /* 區塊 */ export default a;\n", missing: [] });
    expect(translateComments(src, {}).missing).toEqual(['hi there', 'block']);
  });
});

describe.each(labs.ids())('lab %s', (id) => {
  const dir = join(labs.root, id);
  const file = join(dir, 'comments.zh-tw.yaml');

  it('has a comments.zh-tw.yaml', () => {
    expect(existsSync(file), `${id}/comments.zh-tw.yaml is missing: translate the comments of starter.ts and solution.ts`).toBe(true);
  });
  if (!existsSync(file)) return;
  const map = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, string>;
  const sources = (['starter', 'solution'] as const).map((f) => ({ f, en: readFileSync(join(dir, `${f}.ts`), 'utf8') }));

  it.each(sources)('translates every comment of $f.ts into the same program', ({ f, en }) => {
    const zh = translateComments(en, map);
    expect(zh.missing, `comments of ${id}/${f}.ts without a translation in comments.zh-tw.yaml`).toEqual([]);
    expect(scanSource(zh.code).code).toEqual(scanSource(en).code);
    expect(zh.code.split('\n')).toHaveLength(en.split('\n').length);
    if (scanSource(en).comments.length) expect(scanSource(zh.code).comments.some((c) => HAN.test(c.key))).toBe(true);
  });

  it('has no entry for a comment the code no longer has', () => {
    const used = new Set(sources.flatMap(({ en }) => scanSource(en).comments.map((c) => c.key)));
    expect(Object.keys(map).filter((k) => !used.has(k))).toEqual([]);
    for (const [k, v] of Object.entries(map)) expect(typeof v, k).toBe('string');
  });
});
