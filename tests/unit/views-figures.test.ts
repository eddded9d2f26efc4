// Shared pieces of the views: the element tree (escaping, SVG self-closing, void elements), text measuring,
// and packet-path figures (the four patterns lay out without overlaps, row and column, and read in order).
import { describe, expect, it } from 'vitest';
import { h, toHtml, textOf } from '../../src/components/figures/vnode';
import { clip, textWidth } from '../../src/components/figures/measure';
import { describePath, layoutPathFigure, pathFigureSvg, type PathFigureLayout } from '../../src/components/figures/packet-path';
import { PATTERNS } from '../../src/components/figures/patterns';
import { viewLang } from '../../src/components/figures/lang';

describe('vnode', () => {
  it('escapes text and attributes', () => {
    expect(toHtml(h('p', { title: 'a "b" <c>' }, '<script>&'))).toBe('<p title="a &quot;b&quot; &lt;c&gt;">&lt;script&gt;&amp;</p>');
  });
  it('drops false/null attributes, writes true ones bare, and flattens children', () => {
    expect(toHtml(h('button', { disabled: true, hidden: false, 'data-x': null }, ['a', null, ['b', false]], 3))).toBe('<button disabled>ab3</button>');
  });
  it('closes empty SVG elements and leaves void HTML elements open', () => {
    expect(toHtml(h('svg', {}, h('rect', { x: 1 }), h('text', {}, 'hi')))).toBe('<svg><rect x="1"/><text>hi</text></svg>');
    expect(toHtml(h('input', { type: 'text' }))).toBe('<input type="text">');
  });
  it('refuses names that would break out of a tag', () => {
    expect(() => toHtml(h('p', { 'onclick="x"': 'y' }))).toThrow(/bad attribute name/);
    expect(() => toHtml(h('p><script', {}))).toThrow(/bad tag/);
  });
  it('textOf joins the text in order', () => {
    expect(textOf(h('p', {}, 'a', h('b', {}, 'b'), 'c'))).toBe('abc');
  });
});

describe('measure', () => {
  it('counts CJK as one em and Latin as 0.62 em', () => {
    expect(textWidth('abcde', 10)).toBe(31);
    expect(textWidth('節點', 10)).toBe(20);
  });
  it('clips in the middle', () => {
    expect(clip('coredns-6c85944c97-vbs99', 24)).toBe('coredns-6c85944c97-vbs99');
    expect(clip('coredns-6c85944c97-vbs99', 11)).toBe('cored…vbs99');
    expect([...clip('x'.repeat(40), 24)]).toHaveLength(24);
  });
  it('maps page languages', () => {
    expect(viewLang('zh-TW')).toBe('zh-tw');
    expect(viewLang('en')).toBe('en');
    expect(viewLang(undefined)).toBe('en');
  });
});

type Rect = { x: number; y: number; w: number; h: number };
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function problems(l: PathFigureLayout): string[] {
  const out: string[] = [];
  l.boxes.forEach((a, i) => l.boxes.slice(i + 1).forEach((b, j) => overlap(a, b) && out.push(`box ${i} overlaps box ${i + 1 + j}`)));
  for (const b of [...l.boxes, ...l.groups]) if (b.x < 0 || b.y < 0 || b.x + b.w > l.width || b.y + b.h > l.height) out.push('outside the canvas');
  l.arrows.forEach((a, i) => {
    const from = l.boxes[i]!;
    const to = l.boxes[i + 1]!;
    const [[x1, y1], [x2, y2]] = a.points as [[number, number], [number, number]];
    if (l.direction === 'row' && !(x1 >= from.x + from.w && x2 <= to.x && y1 === y2)) out.push(`arrow ${i} is not between its boxes`);
    if (l.direction === 'column' && !(y1 >= from.y + from.h && y2 <= to.y && x1 === x2)) out.push(`arrow ${i} is not between its boxes`);
    // Labels stay clear of the boxes.
    const lines = a.label.length;
    const w = Math.max(0, ...a.label.map((s) => textWidth(s, 11)));
    const box = { x: a.anchor === 'middle' ? a.lx - w / 2 : a.lx, y: a.ly - 11, w, h: lines * 14 };
    if (lines && l.boxes.some((b) => overlap(box, b))) out.push(`label of arrow ${i} is over a box`);
  });
  return out;
}

describe('packet-path figures', () => {
  for (const [name, spec] of Object.entries(PATTERNS)) {
    for (const lang of ['en', 'zh-tw'] as const) {
      it(`${name} (${lang}) lays out in a row and a column without overlaps`, () => {
        const row = layoutPathFigure(spec, lang, 'row');
        const col = layoutPathFigure(spec, lang, 'column');
        expect(problems(row)).toEqual([]);
        expect(problems(col)).toEqual([]);
        // The row fits Starlight's content column (45rem) at or near full size.
        expect(row.width).toBeLessThanOrEqual(740);
        expect(row.boxes).toHaveLength(spec.boxes.length);
        expect(row.arrows).toHaveLength(spec.boxes.length - 1);
      });
    }
  }

  it('the text alternative reads the boxes and arrow labels in order', () => {
    const text = describePath(PATTERNS['pod-to-service'], 'en');
    expect(text).toMatch(/^The ClusterIP exists only as iptables rules/);
    expect(text).toContain('Pod client (10.244.1.3) → to 10.103.73.85:80 → node-2 (nat PREROUTING: DNAT) → to 10.244.0.3:8080 → Pod web (10.244.0.3:8080)');
    expect(describePath(PATTERNS['external-to-service'], 'zh-tw')).toContain('node-1: nat PREROUTING (DNAT)');
  });

  it('renders an accessible SVG', () => {
    const spec = PATTERNS['pod-to-pod'];
    const svg = toHtml(pathFigureSvg(spec, layoutPathFigure(spec, 'en', 'row'), 'en', 'f'));
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="f-title" aria-describedby="f-desc"/);
    expect(svg).toContain('<title id="f-title">Pod to Pod on another node (flannel VXLAN)</title>');
    expect(svg.match(/marker-end="url\(#f-head\)"/g)).toHaveLength(3);
  });
});
