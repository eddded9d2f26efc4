/**
 * Lays out a cluster topology (src/sim/k8s/cluster/topology.ts) by hand, deterministically: node boxes in a
 * row above the node network line; inside each node the bridge (cni0) across the top, then the other devices
 * (flannel.1, kube-ipvs0 …) in a column, and the uplink (eth0) straddling the node's bottom edge with its wire
 * down to the network line; each Pod above its node, tied to the bridge by a line labelled with its host-side
 * veth; hosts on the node network and the router at the right; hosts outside behind the router; Services listed
 * under the network. Pure: the same topology always gives the same numbers, so figures are stable in builds and
 * the browser.
 *
 * Refs: every box or line knows which "NAMESPACE DEVICE" strings it stands for (the words of
 * src/sim/trace/path.ts and the trace view's hop devices), so a path or a selected hop maps onto it.
 *
 * Not modelled: more than one uplink per node on the network line, several node networks, wrapping nodes onto
 * more rows (wide clusters scroll sideways).
 */
import type { Topology, TopologyDevice, TopologyPod } from '../../sim/k8s/cluster/topology';
import type { ViewLang } from '../figures/lang';
import { clip, textWidth } from '../figures/measure';
import { topologyStrings } from './strings';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type BoxKind = 'node' | 'device' | 'pod' | 'host' | 'router';

export interface BoxItem {
  kind: BoxKind;
  id: string;
  box: Box;
  /** Lines of text, first one bold. Already clipped to fit. */
  lines: string[];
  /** Full description for the tooltip. */
  title: string;
  /** "NAMESPACE DEVICE" strings this box stands for. */
  refs: string[];
  /** Namespace it belongs to. */
  ns: string;
  /** Selecting any device of `ns` selects this box (Pods, hosts, the router). */
  whole: boolean;
  /** The node it is drawn in or above. */
  node?: string;
  /** For devices: the bridge row, the column, or the uplink on the network line. */
  place?: 'bridge' | 'column' | 'uplink';
  /** Drawn dashed (host-network Pods, NotReady nodes). */
  dashed?: boolean;
}

export type LinkKind = 'veth' | 'stack' | 'wire' | 'network' | 'outside';

export interface LinkItem {
  kind: 'link';
  id: string;
  link: LinkKind;
  points: [number, number][];
  refs: string[];
  /** Ids of the boxes at either end, in drawing order. */
  ends: [string, string] | null;
  label?: { x: number; y: number; text: string };
}

export interface TextItem {
  kind: 'text';
  id: string;
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  style: 'heading' | 'body' | 'note' | 'node-title' | 'node-sub';
  size: number;
}

export type LayoutItem = BoxItem | LinkItem | TextItem;

export interface TopologyLayout {
  width: number;
  height: number;
  /** y of the node network line. */
  netY: number;
  title: string;
  items: LayoutItem[];
}

export interface LayoutOptions {
  lang?: ViewLang;
  /** Kubernetes namespaces whose Pods are left out (e.g. ['kube-system']); a note says how many. */
  hideNamespaces?: readonly string[];
}

export const FONT = 12;
export const FONT_SMALL = 11;
const LINE = 15;
const PAD = 16;
const DEV_H = 42;
const DEV_GAP = 22;
const POD_GAP = 20;
const NODE_GAP = 40;
const INSET = 12;
const VETH_ZONE = 44;
const WIRE = 28;
const MAX_NAME = 24;

const podNamespace = (p: TopologyPod) => p.name.slice(0, p.name.indexOf('/'));
const podShort = (p: TopologyPod) => p.name.slice(p.name.indexOf('/') + 1);

function boxWidth(lines: string[], min: number): number {
  return Math.max(min, ...lines.map((l, i) => textWidth(l, i === 0 ? FONT : FONT_SMALL) + 16));
}

function boxHeight(lines: number): number {
  return 12 + lines * LINE;
}

function podLines(p: TopologyPod, hostNet: string): string[] {
  const ns = podNamespace(p);
  return [clip(podShort(p), MAX_NAME), p.hostNetwork ? hostNet : p.ip ?? '—', ...(ns !== 'default' ? [clip(ns, MAX_NAME)] : [])];
}

function deviceLines(d: TopologyDevice): string[] {
  return [d.name, d.addresses.length ? d.addresses.join(', ') : d.kind];
}

export function bottom(b: Box): number {
  return b.y + b.h;
}

export function right(b: Box): number {
  return b.x + b.w;
}

export function layoutTopology(topology: Topology, opts: LayoutOptions = {}): TopologyLayout {
  const S = topologyStrings(opts.lang ?? 'en');
  const hide = new Set(opts.hideNamespaces ?? []);
  const shownPods = topology.pods.filter((p) => !hide.has(podNamespace(p)));
  const hiddenPods = topology.pods.filter((p) => hide.has(podNamespace(p)));
  const items: LayoutItem[] = [];
  const boxes: BoxItem[] = [];
  const links: LinkItem[] = [];
  const texts: TextItem[] = [];

  // --- measure every node first: pods above, devices inside, title block -------------------------------------
  interface NodePlan {
    name: string;
    pods: { pod: TopologyPod; lines: string[]; w: number; h: number }[];
    bridges: TopologyDevice[];
    column: TopologyDevice[];
    uplink: TopologyDevice | undefined;
    colW: number;
    titleLines: string[];
    titleW: number;
    podsSpan: number;
    w: number;
    innerH: number;
  }
  const plans: NodePlan[] = topology.nodes.map((n) => {
    const pods = shownPods
      .filter((p) => p.node === n.name)
      .map((pod) => {
        const lines = podLines(pod, S.hostNetwork);
        return { pod, lines, w: boxWidth(lines, 120), h: boxHeight(lines.length) };
      });
    const devices = n.devices.filter((d) => d.kind !== 'loopback' && d.kind !== 'veth');
    const bridges = devices.filter((d) => d.kind === 'bridge');
    const ethers = devices.filter((d) => d.kind === 'ether');
    const uplink = ethers.find((d) => d.name === 'eth0') ?? ethers[0];
    const column = devices.filter((d) => d.kind !== 'bridge' && d !== uplink);
    const colW = Math.max(110, ...[...column, ...(uplink ? [uplink] : [])].map((d) => boxWidth(deviceLines(d), 0)));
    const titleLines = [n.name, S.podCidr, n.podCIDR, ...(n.ready ? [] : [S.notReady])];
    const titleW = Math.max(...titleLines.map((l, i) => textWidth(l, i === 0 ? 13 : FONT_SMALL)));
    const podsSpan = pods.reduce((s, p) => s + p.w, 0) + POD_GAP * Math.max(0, pods.length - 1);
    const bridgeW = Math.max(0, ...bridges.map((b) => textWidth(`${b.name}  ${b.addresses.join(', ')}`, FONT) + 16));
    const w = Math.max(220, podsSpan + 2 * INSET, INSET + colW + 28 + titleW + INSET, bridgeW + 2 * INSET);
    const colH = column.length * (DEV_H + DEV_GAP);
    const titleH = titleLines.length * LINE + 12;
    const innerH = INSET + bridges.length * (DEV_H + DEV_GAP) + Math.max(colH, titleH) + (uplink ? DEV_H / 2 : INSET);
    return { name: n.name, pods, bridges, column, uplink, colW, titleLines, titleW, podsSpan, w, innerH };
  });

  const podH = Math.max(0, ...plans.flatMap((p) => p.pods.map((x) => x.h)));
  const nodeTop = podH > 0 ? PAD + podH + VETH_ZONE : PAD;
  const nodeH = Math.max(0, ...plans.map((p) => p.innerH));
  const nodeBottom = nodeTop + nodeH;
  const netY = nodeBottom + DEV_H / 2 + WIRE;
  /** Things wired to the network line: [box id, x of the wire]. */
  const onNet: { id: string; x: number; top: number }[] = [];

  // --- nodes --------------------------------------------------------------------------------------------------
  let x = PAD;
  for (const [ni, plan] of plans.entries()) {
    const node = topology.nodes[ni]!;
    const nodeBox: BoxItem = {
      kind: 'node',
      id: `node:${plan.name}`,
      box: { x, y: nodeTop, w: plan.w, h: nodeH },
      lines: [],
      title: `${plan.name} ${node.ip}`,
      refs: [],
      ns: plan.name,
      whole: false,
      node: plan.name,
      ...(node.ready ? {} : { dashed: true }),
    };
    boxes.push(nodeBox);
    const colX = x + INSET;
    const colCx = colX + plan.colW / 2;
    const stack: BoxItem[] = [];
    let y = nodeTop + INSET;
    const dev = (d: TopologyDevice, box: Box, place: BoxItem['place'], lines: string[]): BoxItem => ({
      kind: 'device',
      id: `dev:${plan.name}:${d.name}`,
      box,
      lines,
      title: `${plan.name} ${d.name} (${S.kind(d.kind)}) ${d.addresses.join(', ')}`.trim(),
      refs: [`${plan.name} ${d.name}`],
      ns: plan.name,
      whole: false,
      node: plan.name,
      place,
      ...(d.up ? {} : { dashed: true }),
    });
    for (const b of plan.bridges) {
      const item = dev(b, { x: colX, y, w: plan.w - 2 * INSET, h: DEV_H }, 'bridge', deviceLines(b));
      boxes.push(item);
      stack.push(item);
      y += DEV_H + DEV_GAP;
    }
    const colTop = y;
    for (const c of plan.column) {
      const item = dev(c, { x: colX, y, w: plan.colW, h: DEV_H }, 'column', deviceLines(c));
      boxes.push(item);
      stack.push(item);
      y += DEV_H + DEV_GAP;
    }
    if (plan.uplink) {
      const item = dev(plan.uplink, { x: colX, y: nodeBottom - DEV_H / 2, w: plan.colW, h: DEV_H }, 'uplink', deviceLines(plan.uplink));
      boxes.push(item);
      stack.push(item);
      onNet.push({ id: item.id, x: colCx, top: bottom(item.box) });
    }
    for (let i = 1; i < stack.length; i++) {
      links.push({ kind: 'link', id: `stack:${plan.name}:${i}`, link: 'stack', points: [[colCx, bottom(stack[i - 1]!.box)], [colCx, stack[i]!.box.y]], refs: [], ends: [stack[i - 1]!.id, stack[i]!.id] });
    }
    // Title block to the right of the column.
    const tx = colX + plan.colW + 28;
    plan.titleLines.forEach((line, i) => {
      texts.push({ kind: 'text', id: `title:${plan.name}:${i}`, x: tx, y: colTop + 13 + i * LINE, text: line, style: i === 0 ? 'node-title' : 'node-sub', size: i === 0 ? 13 : FONT_SMALL });
    });
    // Pods above, centred over the node, tied to their bridge by the veth.
    let px = x + (plan.w - plan.podsSpan) / 2;
    for (const p of plan.pods) {
      const podBox: BoxItem = {
        kind: 'pod',
        id: `pod:${p.pod.name}`,
        box: { x: px, y: PAD + podH - p.h, w: p.w, h: p.h },
        lines: p.lines,
        title: `Pod ${p.pod.name}${p.pod.ip ? ` ${p.pod.ip}` : ''}`,
        refs: p.pod.hostNetwork ? [] : [`${p.pod.name} eth0`],
        ns: p.pod.name,
        whole: !p.pod.hostNetwork,
        node: plan.name,
        ...(p.pod.hostNetwork ? { dashed: true } : {}),
      };
      boxes.push(podBox);
      if (p.pod.hostVeth) {
        const veth = node.devices.find((d) => d.name === p.pod.hostVeth);
        const bridge = stack.find((s) => s.place === 'bridge' && s.refs[0] === `${plan.name} ${veth?.master ?? ''}`) ?? stack.find((s) => s.place === 'bridge');
        const cx = px + p.w / 2;
        const y1 = bottom(podBox.box);
        const y2 = bridge ? bridge.box.y : nodeTop;
        links.push({
          kind: 'link',
          id: `veth:${plan.name}:${p.pod.hostVeth}`,
          link: 'veth',
          points: [[cx, y1], [cx, y2]],
          refs: [`${plan.name} ${p.pod.hostVeth}`],
          ends: bridge ? [podBox.id, bridge.id] : null,
          label: { x: cx + 5, y: (y1 + y2) / 2 + 4, text: p.pod.hostVeth },
        });
      }
      px += p.w + POD_GAP;
    }
    x += plan.w + NODE_GAP;
  }

  // --- hosts and the router on the right ---------------------------------------------------------------------
  const sideH = boxHeight(2);
  const sideY = netY - WIRE - sideH;
  const gatewayHost = topology.hosts.find((hst) => hst.ip === topology.network.gateway);
  const sideBox = (id: string, kind: 'host' | 'router', lines: string[], ns: string, title: string): BoxItem => {
    const w = boxWidth(lines, 100);
    const item: BoxItem = { kind, id, box: { x, y: sideY, w, h: sideH }, lines, title, refs: [`${ns} eth0`], ns, whole: true };
    x += w + NODE_GAP;
    return item;
  };
  for (const hst of topology.hosts.filter((hh) => hh.onNodeNetwork && hh !== gatewayHost)) {
    const item = sideBox(`host:${hst.name}`, 'host', [hst.name, hst.ip], `host/${hst.name}`, `${hst.name} ${hst.ip}`);
    boxes.push(item);
    onNet.push({ id: item.id, x: item.box.x + item.box.w / 2, top: bottom(item.box) });
  }
  const routerLines = gatewayHost ? [gatewayHost.name, topology.network.gateway] : [S.router, topology.network.gateway];
  const router = sideBox('router', 'router', routerLines, gatewayHost ? `host/${gatewayHost.name}` : 'router', `${routerLines[0]} ${topology.network.gateway}`);
  boxes.push(router);
  onNet.push({ id: router.id, x: router.box.x + router.box.w / 2, top: bottom(router.box) });
  // Outside hosts: stacked to the right of the router, on a trunk from its right edge.
  const outside = topology.hosts.filter((hh) => !hh.onNodeNetwork && hh !== gatewayHost);
  if (outside.length) {
    const trunkX = right(router.box) + 20;
    const ox = trunkX + 20;
    let oy = Math.max(PAD, sideY - (outside.length - 1) * (sideH + 12));
    for (const hst of outside) {
      const lines = [hst.name, hst.ip];
      const w = boxWidth(lines, 100);
      const item: BoxItem = { kind: 'host', id: `host:${hst.name}`, box: { x: ox, y: oy, w, h: sideH }, lines, title: `${hst.name} ${hst.ip} (${S.outside})`, refs: [`host/${hst.name} eth0`], ns: `host/${hst.name}`, whole: true };
      boxes.push(item);
      const ry = router.box.y + sideH / 2;
      const hy = oy + sideH / 2;
      links.push({ kind: 'link', id: `outside:${hst.name}`, link: 'outside', points: [[right(router.box), ry], [trunkX, ry], [trunkX, hy], [ox, hy]], refs: [], ends: [router.id, item.id] });
      oy += sideH + 12;
    }
  }

  // --- the network line and its wires ------------------------------------------------------------------------
  const netEnd = Math.max(PAD + 200, ...onNet.map((o) => o.x + 20));
  links.push({ kind: 'link', id: 'net', link: 'network', points: [[PAD, netY], [netEnd, netY]], refs: [], ends: null });
  for (const o of onNet) links.push({ kind: 'link', id: `wire:${o.id}`, link: 'wire', points: [[o.x, o.top], [o.x, netY]], refs: [], ends: [o.id, 'net'] });
  texts.push({ kind: 'text', id: 'net-label', x: PAD, y: netY + 18, text: S.nodeNetwork(topology.network.cidr), style: 'body', size: FONT_SMALL });

  // --- Services and notes ------------------------------------------------------------------------------------
  let ty = netY + 48;
  const addText = (id: string, text: string, style: TextItem['style']) => {
    texts.push({ kind: 'text', id, x: PAD, y: ty, text, style, size: style === 'heading' ? FONT : FONT_SMALL });
    ty += style === 'heading' ? 19 : 17;
  };
  addText('svc-heading', S.services, 'heading');
  if (topology.services.length === 0) addText('svc-none', S.noServices, 'note');
  for (const s of topology.services) addText(`svc:${s.name}`, `${s.name} · ${s.type} ${s.clusterIP ?? '—'} · ${s.ports.join(', ')}`, 'body');
  const unscheduled = shownPods.filter((p) => p.node === null || !topology.nodes.some((n) => n.name === p.node));
  if (unscheduled.length) {
    ty += 6;
    addText('pending-heading', S.unscheduled, 'heading');
    for (const p of unscheduled) addText(`pending:${p.name}`, p.name, 'body');
  }
  if (hiddenPods.length) {
    ty += 6;
    addText('hidden-note', S.hidden(hiddenPods.length, [...new Set(hiddenPods.map(podNamespace))].join(', ')), 'note');
  }

  items.push(...links, ...boxes, ...texts);
  const width = Math.ceil(Math.max(netEnd, ...boxes.map((b) => right(b.box)), ...texts.map((t) => t.x + textWidth(t.text, t.size))) + PAD);
  const height = Math.ceil(ty - 17 + PAD + 4);
  const nPods = shownPods.length;
  return { width, height, netY, title: S.title(topology.nodes.length, nPods, S.backend(topology.podNetwork)), items };
}

// --- refs, paths and selection ---------------------------------------------------------------------------------

export function boxes(layout: TopologyLayout): BoxItem[] {
  return layout.items.filter((i): i is BoxItem => i.kind !== 'link' && i.kind !== 'text');
}

export function linksOf(layout: TopologyLayout): LinkItem[] {
  return layout.items.filter((i): i is LinkItem => i.kind === 'link');
}

/** The item a "NAMESPACE DEVICE" string stands for: a device box or veth line, else the whole box of the namespace. */
export function resolveRef(layout: TopologyLayout, ref: string): BoxItem | LinkItem | null {
  for (const i of layout.items) if (i.kind !== 'text' && i.refs.includes(ref)) return i;
  const ns = ref.slice(0, ref.lastIndexOf(' ') > 0 ? ref.lastIndexOf(' ') : ref.length);
  return boxes(layout).find((b) => b.whole && b.ns === ns) ?? null;
}

/** Ids of the items a hop's devices light up (no duplicates, in order). */
export function selectionIds(layout: TopologyLayout, refs: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of refs) {
    const i = resolveRef(layout, r);
    if (i && !out.includes(i.id)) out.push(i.id);
  }
  return out;
}

export interface PathOverlay {
  /** Arrows between consecutive path entries, in order. */
  segments: { from: string; to: string; points: [number, number][] }[];
  /** Numbered badges: n is the 1-based position in the path. */
  badges: { n: number; item: string; x: number; y: number }[];
  /** Box ids on the path, in order of first appearance. */
  items: string[];
  /** Path entries with no box in the picture (e.g. hidden Pods). */
  missing: string[];
}

const center = (b: Box): [number, number] => [b.x + b.w / 2, b.y + b.h / 2];

function route(layout: TopologyLayout, a: BoxItem, b: BoxItem): [number, number][] {
  const ls = linksOf(layout);
  const veth = ls.find((l) => l.link === 'veth' && l.ends && ((l.ends[0] === a.id && l.ends[1] === b.id) || (l.ends[0] === b.id && l.ends[1] === a.id)));
  if (veth) return veth.ends![0] === a.id ? [...veth.points] : [...veth.points].reverse();
  const out = ls.find((l) => l.link === 'outside' && l.ends && l.ends.includes(a.id) && l.ends.includes(b.id));
  if (out) return out.ends![0] === a.id ? [...out.points] : [...out.points].reverse();
  const wired = (i: BoxItem) => ls.some((l) => l.link === 'wire' && l.ends?.[0] === i.id);
  if (wired(a) && wired(b)) {
    const [ax] = center(a.box);
    const [bx] = center(b.box);
    return [[ax, bottom(a.box)], [ax, layout.netY], [bx, layout.netY], [bx, bottom(b.box)]];
  }
  if (a.kind === 'device' && b.kind === 'device' && a.node === b.node) {
    const stack = ls.filter((l) => l.link === 'stack' && l.id.startsWith(`stack:${a.node}:`));
    const adjacent = stack.some((l) => l.ends && l.ends.includes(a.id) && l.ends.includes(b.id));
    const col = boxes(layout).find((i) => i.kind === 'device' && i.node === a.node && i.place !== 'bridge');
    const colBox = col?.box ?? a.box;
    const cx = colBox.x + colBox.w / 2;
    const down = a.box.y < b.box.y;
    if (adjacent) return [[cx, down ? bottom(a.box) : a.box.y], [cx, down ? b.box.y : bottom(b.box)]];
    // Skipping a device in between: go down the lane just right of the column.
    const lane = colBox.x + colBox.w + 10;
    const spans = (i: BoxItem) => i.box.x <= lane && lane <= right(i.box);
    const start: [number, number][] = spans(a) ? [[lane, down ? bottom(a.box) : a.box.y]] : [[right(a.box), center(a.box)[1]], [lane, center(a.box)[1]]];
    const end: [number, number][] = spans(b) ? [[lane, down ? b.box.y : bottom(b.box)]] : [[lane, center(b.box)[1]], [right(b.box), center(b.box)[1]]];
    return [...start, ...end];
  }
  return [center(a.box), center(b.box)];
}

/** Arrows and numbers for a path of "NAMESPACE DEVICE" strings (trace.path). */
export function pathOverlay(layout: TopologyLayout, path: readonly string[]): PathOverlay {
  const segments: PathOverlay['segments'] = [];
  const badges: PathOverlay['badges'] = [];
  const items: string[] = [];
  const missing: string[] = [];
  const perItem = new Map<string, number>();
  let prev: BoxItem | null = null;
  path.forEach((ref, i) => {
    const it = resolveRef(layout, ref);
    if (!it || it.kind === 'link') {
      missing.push(ref);
      return;
    }
    if (!items.includes(it.id)) items.push(it.id);
    const k = perItem.get(it.id) ?? 0;
    perItem.set(it.id, k + 1);
    badges.push({ n: i + 1, item: it.id, x: it.box.x - 3 + k * 20, y: it.box.y - 3 });
    if (prev && prev.id !== it.id) segments.push({ from: prev.id, to: it.id, points: route(layout, prev, it) });
    prev = it;
  });
  return { segments, badges, items, missing };
}
