/**
 * A packet-path figure: labelled boxes joined by arrows, optionally framed in groups (a Pod, a node), with a
 * label on each arrow. Laid out in a row for wide pages and in a column for narrow ones (the wrapper shows the
 * one that fits). Pure and deterministic; rendered to SVG at build time by PacketPath.astro, with a text
 * alternative that reads the path in order.
 *
 * Not modelled: branching paths (a figure is one path), arrows that skip boxes.
 */
import { localize, type Localized, type ViewLang } from './lang';
import { textWidth } from './measure';
import { cls, h, type VNode } from './vnode';

export type PathBoxKind = 'container' | 'pod' | 'device' | 'node' | 'service' | 'external' | 'rule';

export interface PathBox {
  label: Localized;
  /** Second line: an address, a port, a rule. */
  sub?: Localized;
  /** Id of the group (frame) the box sits in; consecutive boxes of one group share a frame. */
  group?: string;
  kind?: PathBoxKind;
}

export interface PathGroup {
  id: string;
  label: Localized;
}

export interface PathFigureSpec {
  title: Localized;
  /** A sentence for the text alternative; the path in words is added after it. */
  desc?: Localized;
  boxes: PathBox[];
  /** Labels of the arrows between box i and box i+1 (null or missing: no label). "\n" breaks a label in two lines. */
  arrows?: (Localized | null)[];
  groups?: PathGroup[];
  /** Arrows with heads at both ends (traffic both ways). */
  twoWay?: boolean;
}

export interface PlacedBox {
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
  kind: PathBoxKind;
}

export interface PlacedArrow {
  points: [number, number][];
  label: string[];
  /** Where the label's first line starts (text-anchor start) and its anchor. */
  lx: number;
  ly: number;
  anchor: 'start' | 'middle';
}

export interface PlacedGroup {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

export interface PathFigureLayout {
  direction: 'row' | 'column';
  width: number;
  height: number;
  boxes: PlacedBox[];
  arrows: PlacedArrow[];
  groups: PlacedGroup[];
}

const F1 = 12;
const F2 = 11;
const FA = 11;
const PAD = 12;
const GPAD = 10;
const GLABEL = 20;
const BOX_H = 48;

function runs(boxes: PathBox[]): { group: string; from: number; to: number }[] {
  const out: { group: string; from: number; to: number }[] = [];
  boxes.forEach((b, i) => {
    const last = out[out.length - 1];
    if (b.group && last && last.group === b.group && last.to === i - 1) last.to = i;
    else if (b.group) out.push({ group: b.group, from: i, to: i });
  });
  return out;
}

export function layoutPathFigure(spec: PathFigureSpec, lang: ViewLang, direction: 'row' | 'column'): PathFigureLayout {
  const lines = spec.boxes.map((b) => [localize(b.label, lang), ...(b.sub ? [localize(b.sub, lang)] : [])]);
  const widths = lines.map((l) => Math.max(80, ...l.map((s, i) => textWidth(s, i === 0 ? F1 : F2) + 16)));
  const labels = spec.boxes.slice(1).map((_, i) => {
    const a = spec.arrows?.[i];
    return a ? localize(a, lang).split('\n') : [];
  });
  const labelW = labels.map((l) => Math.max(0, ...l.map((s) => textWidth(s, FA))));
  const groupRuns = runs(spec.boxes);
  const hasGroups = groupRuns.length > 0;
  const groupLabel = (id: string) => localize(spec.groups?.find((g) => g.id === id)?.label ?? id, lang);
  const boxes: PlacedBox[] = [];
  const arrows: PlacedArrow[] = [];
  const groups: PlacedGroup[] = [];
  const inGroup = (i: number) => Boolean(spec.boxes[i]?.group);
  const sameGroup = (i: number) => Boolean(spec.boxes[i]?.group) && spec.boxes[i]?.group === spec.boxes[i + 1]?.group;

  if (direction === 'row') {
    const maxLabelLines = Math.max(0, ...labels.map((l) => l.length));
    const top = PAD + (hasGroups ? GLABEL + GPAD : 0) + Math.max(0, maxLabelLines * 14 - BOX_H / 2 + 8);
    let x = PAD + (inGroup(0) ? GPAD : 0);
    spec.boxes.forEach((b, i) => {
      boxes.push({ x, y: top, w: widths[i]!, h: BOX_H, lines: lines[i]!, kind: b.kind ?? 'device' });
      if (i < spec.boxes.length - 1) {
        // Leaving a frame and entering the next one each take the frame's padding.
        const frames = sameGroup(i) ? 0 : (inGroup(i) ? GPAD : 0) + (inGroup(i + 1) ? GPAD : 0);
        const gap = Math.max(30, labelW[i]! + 12) + frames;
        const x1 = x + widths[i]!;
        const x2 = x1 + gap;
        const y = top + BOX_H / 2;
        // The label is centred on the part of the arrow outside any frame.
        const a1 = x1 + (inGroup(i) && !sameGroup(i) ? GPAD : 0);
        const a2 = x2 - (inGroup(i + 1) && !sameGroup(i) ? GPAD : 0);
        arrows.push({ points: [[x1 + 2, y], [x2 - 2, y]], label: labels[i]!, lx: (a1 + a2) / 2, ly: y - 8 - (labels[i]!.length - 1) * 14, anchor: 'middle' });
        x = x2;
      }
    });
    for (const r of groupRuns) {
      const first = boxes[r.from]!;
      const last = boxes[r.to]!;
      groups.push({ x: first.x - GPAD, y: top - GPAD - GLABEL, w: last.x + last.w - first.x + 2 * GPAD, h: BOX_H + 2 * GPAD + GLABEL, label: groupLabel(r.group) });
    }
    const width = Math.ceil(Math.max(...boxes.map((b) => b.x + b.w), ...groups.map((g) => g.x + g.w), ...groups.map((g) => g.x + 8 + textWidth(g.label, F2))) + PAD);
    return { direction, width, height: Math.ceil(top + BOX_H + (hasGroups ? GPAD : 0) + PAD), boxes, arrows, groups };
  }

  const colW = Math.max(...widths);
  const frameW = Math.max(0, ...groupRuns.map((r) => textWidth(groupLabel(r.group), F2) + 16));
  const cx = PAD + Math.max((hasGroups ? GPAD : 0) + colW / 2, frameW / 2);
  let y = PAD;
  spec.boxes.forEach((b, i) => {
    if (spec.boxes[i]?.group && spec.boxes[i - 1]?.group !== b.group) y += GLABEL + GPAD;
    const w = widths[i]!;
    boxes.push({ x: cx - w / 2, y, w, h: BOX_H, lines: lines[i]!, kind: b.kind ?? 'device' });
    if (i < spec.boxes.length - 1) {
      const frames = sameGroup(i) ? 0 : (inGroup(i) ? GPAD : 0) + (inGroup(i + 1) ? GPAD + GLABEL + GPAD : 0);
      const gap = Math.max(30, labels[i]!.length * 14 + 12);
      const y1 = y + BOX_H;
      const y2 = y1 + gap + frames;
      // The label sits to the right of the arrow's visible part (outside the frames).
      const a1 = y1 + (sameGroup(i) || !inGroup(i) ? 0 : GPAD);
      const a2 = y2 - (sameGroup(i) || !inGroup(i + 1) ? 0 : GPAD + GLABEL + GPAD);
      arrows.push({ points: [[cx, y1 + 2], [cx, y2 - 2]], label: labels[i]!, lx: cx + 10, ly: (a1 + a2) / 2 + 4 - (labels[i]!.length - 1) * 7, anchor: 'start' });
      y = y2;
    }
  });
  for (const r of groupRuns) {
    const first = boxes[r.from]!;
    const last = boxes[r.to]!;
    const label = groupLabel(r.group);
    const w = Math.max(colW + 2 * GPAD, textWidth(label, F2) + 16);
    groups.push({ x: cx - w / 2, y: first.y - GPAD - GLABEL, w, h: last.y + BOX_H - first.y + 2 * GPAD + GLABEL, label });
  }
  const right = Math.max(...boxes.map((b) => b.x + b.w), ...groups.map((g) => g.x + g.w), ...arrows.map((a) => a.lx + Math.max(0, ...a.label.map((s) => textWidth(s, FA)))));
  const bottomY = Math.max(...boxes.map((b) => b.y + b.h), ...groups.map((g) => g.y + g.h));
  return { direction, width: Math.ceil(right + PAD), height: Math.ceil(bottomY + PAD), boxes, arrows, groups };
}

/** The path in words: "A (sub) → label → B (sub) …". */
export function describePath(spec: PathFigureSpec, lang: ViewLang): string {
  const parts: string[] = [];
  spec.boxes.forEach((b, i) => {
    const sub = b.sub ? ` (${localize(b.sub, lang)})` : '';
    const group = b.group && spec.boxes[i - 1]?.group !== b.group ? `${localize(spec.groups?.find((g) => g.id === b.group)?.label ?? b.group, lang)}: ` : '';
    parts.push(`${group}${localize(b.label, lang)}${sub}`);
    const a = spec.arrows?.[i];
    if (i < spec.boxes.length - 1) parts.push(a ? `→ ${localize(a, lang).replace(/\n/g, ' ')} →` : '→');
  });
  const head = spec.desc ? `${localize(spec.desc, lang)} ` : '';
  return `${head}${parts.join(' ')}`;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function pathFigureSvg(spec: PathFigureSpec, layout: PathFigureLayout, lang: ViewLang, id: string): VNode {
  return h(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: 'img',
      'aria-labelledby': `${id}-title`,
      'aria-describedby': `${id}-desc`,
      class: cls('pp-svg', `pp-${layout.direction}`),
      style: `max-width: ${layout.width}px`,
    },
    h('title', { id: `${id}-title` }, localize(spec.title, lang)),
    h('desc', { id: `${id}-desc` }, describePath(spec, lang)),
    h(
      'defs',
      {},
      h('marker', { id: `${id}-head`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'strokeWidth' }, h('path', { d: 'M0,0 L10,5 L0,10 z', class: 'pp-head' })),
    ),
    layout.groups.map((g) =>
      h('g', { class: 'pp-group' }, h('rect', { x: r1(g.x), y: r1(g.y), width: r1(g.w), height: r1(g.h), rx: 8 }), h('text', { x: r1(g.x + 8), y: r1(g.y + 15), 'font-size': F2 }, g.label)),
    ),
    layout.arrows.map((a) =>
      h(
        'g',
        { class: 'pp-arrow' },
        h('polyline', { points: a.points.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' '), 'marker-end': `url(#${id}-head)`, 'marker-start': spec.twoWay ? `url(#${id}-head)` : undefined }),
        a.label.map((line, i) => h('text', { x: r1(a.lx), y: r1(a.ly + i * 14), 'text-anchor': a.anchor, 'font-size': FA }, line)),
      ),
    ),
    layout.boxes.map((b) =>
      h(
        'g',
        { class: cls('pp-box', `pp-${b.kind}`) },
        h('rect', { x: r1(b.x), y: r1(b.y), width: r1(b.w), height: r1(b.h), rx: 6 }),
        b.lines.map((line, i) =>
          h('text', { x: r1(b.x + b.w / 2), y: r1(b.y + (b.lines.length === 1 ? 29 : 20 + i * 16)), 'text-anchor': 'middle', 'font-size': i === 0 ? F1 : F2, class: i === 0 ? 'pp-t1' : 'pp-t2' }, line),
        ),
      ),
    ),
  );
}
