/**
 * Draws a topology layout (layout.ts) as SVG: links under boxes, the traced path as numbered arrows on top, and
 * `data-*` attributes that let the browser light up a selected hop. `role="img"` with a <title> and <desc>; the
 * full text alternative (describeTopology) goes beside the picture as a list. The tree renders to a string at
 * build time and to DOM nodes in the browser (figures/vnode.ts), always with text escaped.
 *
 * Not modelled: animation of the packet along the path (the numbers give the order).
 */
import type { Topology } from '../../sim/k8s/cluster/topology';
import type { ViewLang } from '../figures/lang';
import { cls, h, toHtml, type VNode } from '../figures/vnode';
import { FONT, FONT_SMALL, pathOverlay, selectionIds, type BoxItem, type LinkItem, type TextItem, type TopologyLayout } from './layout';
import { topologyStrings } from './strings';

export interface TopologyRenderOptions {
  /** Devices crossed, in order, as "NAMESPACE DEVICE" (trace.path / toJSON().traces[i].path). */
  highlightPath?: readonly string[];
  /** Devices to mark as selected now (a hop's devices). */
  selected?: readonly string[];
  /** Unique prefix for ids inside the SVG (title, desc, arrow marker). */
  idPrefix?: string;
  lang?: ViewLang;
  /** Replaces the default description (the path in words, or the layout title). */
  description?: string;
}

const pts = (p: [number, number][]) => p.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
const round = (n: number) => Math.round(n * 10) / 10;

function boxNode(b: BoxItem, onPath: boolean, selected: boolean): VNode {
  const { x, y, w, h: hh } = b.box;
  const label: VNode[] = b.lines.map((line, i) =>
    h('text', { x: round(x + 8), y: round(y + 6 + FONT + i * 15), class: i === 0 ? 'topo-t1' : 'topo-t2', 'font-size': i === 0 ? FONT : FONT_SMALL }, line),
  );
  return h(
    'g',
    {
      class: cls('topo-item', `topo-${b.kind}`, b.place && `topo-${b.place}`, b.dashed && 'is-dashed', onPath && 'is-path', selected && 'is-selected'),
      'data-item': b.id,
      'data-refs': b.refs.length ? b.refs.join('|') : undefined,
      'data-ns': b.whole ? b.ns : undefined,
    },
    h('title', {}, b.title),
    h('rect', { x: round(x), y: round(y), width: round(w), height: round(hh), rx: b.kind === 'node' ? 8 : 5 }),
    label,
  );
}

function linkNode(l: LinkItem, onPath: boolean, selected: boolean): VNode {
  return h(
    'g',
    { class: cls('topo-link', `topo-${l.link}`, onPath && 'is-path', selected && 'is-selected'), 'data-item': l.id, 'data-refs': l.refs.length ? l.refs.join('|') : undefined },
    h('polyline', { points: pts(l.points) }),
    l.label ? h('text', { x: round(l.label.x), y: round(l.label.y), class: 'topo-veth-label', 'font-size': 10 }, l.label.text) : null,
  );
}

function textNode(t: TextItem): VNode {
  return h('text', { x: round(t.x), y: round(t.y), class: `topo-text topo-${t.style}`, 'font-size': t.size }, t.text);
}

/** The picture as an element tree (root <svg>). */
export function topologySvgTree(layout: TopologyLayout, opts: TopologyRenderOptions = {}): VNode {
  const id = opts.idPrefix ?? 'topo';
  const path = opts.highlightPath ?? [];
  const overlay = pathOverlay(layout, path);
  const selected = new Set(selectionIds(layout, opts.selected ?? []));
  const onPath = new Set(overlay.items);
  const S = topologyStrings(opts.lang ?? 'en');
  const desc = opts.description ?? (path.length ? S.srPath(path.join(' → ')) : layout.title);
  const links = layout.items.filter((i): i is LinkItem => i.kind === 'link');
  const boxes = layout.items.filter((i): i is BoxItem => i.kind !== 'link' && i.kind !== 'text');
  const texts = layout.items.filter((i): i is TextItem => i.kind === 'text');
  // veth lines are on the path when both their ends are consecutive on it.
  const vethOnPath = (l: LinkItem) => l.link === 'veth' && overlay.segments.some((s) => l.ends && l.ends.includes(s.from) && l.ends.includes(s.to));
  const nodes = boxes.filter((b) => b.kind === 'node');
  const others = boxes.filter((b) => b.kind !== 'node');
  return h(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      class: 'topo-svg',
      role: 'img',
      'aria-labelledby': `${id}-title`,
      'aria-describedby': `${id}-desc`,
      // Natural size at most; shrinks with the page down to 70 %, then the box around it scrolls sideways.
      style: `max-width: ${layout.width}px; min-width: ${Math.round(layout.width * 0.7)}px`,
    },
    h('title', { id: `${id}-title` }, layout.title),
    h('desc', { id: `${id}-desc` }, desc),
    h(
      'defs',
      {},
      h(
        'marker',
        { id: `${id}-arrow`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'strokeWidth' },
        h('path', { d: 'M0,0 L10,5 L0,10 z', class: 'topo-arrowhead' }),
      ),
    ),
    h('g', { class: 'topo-layer-nodes' }, nodes.map((b) => boxNode(b, false, selected.has(b.id)))),
    h('g', { class: 'topo-layer-links' }, links.map((l) => linkNode(l, vethOnPath(l), selected.has(l.id)))),
    h('g', { class: 'topo-layer-boxes' }, others.map((b) => boxNode(b, onPath.has(b.id), selected.has(b.id)))),
    h('g', { class: 'topo-layer-text' }, texts.map(textNode)),
    overlay.segments.length || overlay.badges.length
      ? h(
          'g',
          { class: 'topo-path', 'aria-hidden': 'true' },
          overlay.segments.map((s) => h('polyline', { points: pts(s.points), class: 'topo-arrow', 'marker-end': `url(#${id}-arrow)`, 'data-from': s.from, 'data-to': s.to })),
          overlay.badges.map((b) =>
            h('g', { class: 'topo-badge', 'data-badge': b.item }, h('circle', { cx: round(b.x), cy: round(b.y), r: 9 }), h('text', { x: round(b.x), y: round(b.y + 4), 'text-anchor': 'middle', 'font-size': 11 }, String(b.n))),
          ),
        )
      : null,
  );
}

/** The picture as SVG markup (build time). */
export function renderTopologySvg(layout: TopologyLayout, opts: TopologyRenderOptions = {}): string {
  return toHtml(topologySvgTree(layout, opts));
}

export interface DescribeOptions {
  lang?: ViewLang;
  path?: readonly string[];
  hideNamespaces?: readonly string[];
}

/** The text alternative: one line for the network, each node with its devices and Pods, hosts, Services, path. */
export function describeTopology(t: Topology, opts: DescribeOptions = {}): string[] {
  const S = topologyStrings(opts.lang ?? 'en');
  const hide = new Set(opts.hideNamespaces ?? []);
  const pods = t.pods.filter((p) => !hide.has(p.name.slice(0, p.name.indexOf('/'))));
  const out = [S.srNetwork(t.network.cidr, t.network.gateway)];
  for (const n of t.nodes) {
    const devs = n.devices
      .filter((d) => d.kind !== 'loopback' && d.kind !== 'veth')
      .map((d) => `${d.name} (${S.kind(d.kind)}${d.addresses.length ? ` ${d.addresses.join(', ')}` : ''})`)
      .join(', ');
    const mine = pods.filter((p) => p.node === n.name);
    out.push(
      [S.srNode(n.name, n.ip, n.podCIDR, n.ready), S.srDevices(devs), ...(mine.length ? mine.map((p) => S.srPod(p.name, p.ip, p.hostVeth, p.hostNetwork)) : [S.srNoPods])].join(' '),
    );
  }
  for (const p of pods.filter((pp) => pp.node === null)) out.push(S.srPod(p.name, p.ip));
  for (const hst of t.hosts) out.push(S.srHost(hst.name, hst.ip, hst.onNodeNetwork));
  for (const s of t.services) out.push(S.srService(s.name, s.type, s.clusterIP, s.ports.join(', ')));
  const hidden = t.pods.length - pods.length;
  if (hidden) out.push(S.hidden(hidden, [...hide].join(', ')));
  if (opts.path?.length) out.push(S.srPath(opts.path.join(S.then)));
  return out;
}
