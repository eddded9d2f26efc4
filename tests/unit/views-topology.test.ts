// The topology picture: a deterministic layout without overlaps (on real clusters from the simulator and on
// generated ones), the traced path resolved to boxes in order with numbered arrows, hop selection by device
// ref, and the text alternative.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromManifests } from '../../src/sim/api';
import type { Topology, TopologyDevice } from '../../src/sim/k8s/cluster/topology';
import { DEMO_MANIFEST, DEMO_PROBE } from '../../src/components/figures/demo-cluster';
import { boxes, layoutTopology, linksOf, pathOverlay, resolveRef, selectionIds, type Box, type TopologyLayout } from '../../src/components/topology/layout';
import { describeTopology, renderTopologySvg } from '../../src/components/topology/render';
import { textWidth } from '../../src/components/figures/measure';

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, outer: Box) => a.x >= outer.x && a.y >= outer.y && a.x + a.w <= outer.x + outer.w && a.y + a.h <= outer.y + outer.h;

/** Problems with a layout: overlapping boxes, text over boxes or other text, things outside the canvas. */
function layoutProblems(l: TopologyLayout): string[] {
  const out: string[] = [];
  const bs = boxes(l);
  const canvas = { x: 0, y: 0, w: l.width, h: l.height };
  for (const b of bs) if (!inside(b.box, canvas)) out.push(`${b.id} outside the canvas`);
  for (let i = 0; i < bs.length; i++) {
    for (let j = i + 1; j < bs.length; j++) {
      const a = bs[i]!;
      const b = bs[j]!;
      // A node's own devices are drawn on it (eth0 straddles its bottom edge).
      if ((a.kind === 'node' && b.kind === 'device' && b.node === a.node) || (b.kind === 'node' && a.kind === 'device' && a.node === b.node)) continue;
      if (overlap(a.box, b.box)) out.push(`${a.id} overlaps ${b.id}`);
    }
  }
  for (const b of bs.filter((x) => x.kind === 'device' && x.place !== 'uplink')) {
    const node = bs.find((n) => n.kind === 'node' && n.node === b.node)!;
    if (!inside(b.box, node.box)) out.push(`${b.id} sticks out of its node`);
  }
  const texts = l.items.flatMap((i) => {
    if (i.kind === 'text') return [{ id: i.id, box: { x: i.x, y: i.y - i.size, w: textWidth(i.text, i.size), h: i.size + 3 } }];
    if (i.kind === 'link' && i.label) return [{ id: `${i.id} label`, box: { x: i.label.x, y: i.label.y - 10, w: textWidth(i.label.text, 10), h: 13 } }];
    return [];
  });
  for (const t of texts) {
    if (!inside(t.box, canvas)) out.push(`${t.id} outside the canvas`);
    for (const b of bs) if (b.kind !== 'node' && overlap(t.box, b.box)) out.push(`${t.id} over ${b.id}`);
    if (t.id.startsWith('title:')) {
      const node = bs.find((n) => n.kind === 'node' && t.id.startsWith(`title:${n.node}:`))!;
      if (!inside(t.box, node.box)) out.push(`${t.id} outside its node`);
    }
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) if (overlap(texts[i]!.box, texts[j]!.box)) out.push(`${texts[i]!.id} over ${texts[j]!.id}`);
  // veth lines run from their Pod to the bridge without crossing any other box.
  for (const link of linksOf(l).filter((k) => k.link === 'veth')) {
    const [[x, y1], [, y2]] = link.points as [[number, number], [number, number]];
    const seg = { x: x - 0.5, y: Math.min(y1, y2) + 0.5, w: 1, h: Math.abs(y2 - y1) - 1 };
    for (const b of bs) if (b.kind !== 'node' && !link.ends?.includes(b.id) && overlap(seg, b.box)) out.push(`${link.id} crosses ${b.id}`);
  }
  return out;
}

function demo() {
  const c = fromManifests(DEMO_MANIFEST);
  const t = c.trace(DEMO_PROBE.from, DEMO_PROBE.to);
  return { topology: c.topology(), path: t.path(), trace: t.trace };
}

describe('layoutTopology', () => {
  it('is deterministic', () => {
    const { topology } = demo();
    expect(JSON.stringify(layoutTopology(topology))).toBe(JSON.stringify(layoutTopology(structuredClone(topology))));
    expect(JSON.stringify(layoutTopology(demo().topology))).toBe(JSON.stringify(layoutTopology(topology)));
  });

  it('lays out the demo cluster without overlaps, in both languages, with and without kube-system', () => {
    const { topology } = demo();
    for (const lang of ['en', 'zh-tw'] as const) {
      expect(layoutProblems(layoutTopology(topology, { lang }))).toEqual([]);
      expect(layoutProblems(layoutTopology(topology, { lang, hideNamespaces: ['kube-system'] }))).toEqual([]);
    }
  });

  it('puts Pods above their node, devices inside, eth0 on the node edge and the router to the right', () => {
    const l = layoutTopology(demo().topology);
    const get = (id: string) => boxes(l).find((b) => b.id === id)!;
    const n1 = get('node:node-1');
    const n2 = get('node:node-2');
    expect(n1.box.x + n1.box.w).toBeLessThan(n2.box.x);
    expect(get('pod:default/web').box.y + get('pod:default/web').box.h).toBeLessThan(n1.box.y);
    expect(get('pod:default/client').box.x).toBeGreaterThanOrEqual(n2.box.x);
    const eth0 = get('dev:node-1:eth0');
    expect(eth0.box.y).toBeLessThan(n1.box.y + n1.box.h);
    expect(eth0.box.y + eth0.box.h).toBeGreaterThan(n1.box.y + n1.box.h);
    expect(get('dev:node-1:cni0').box.y).toBeLessThan(get('dev:node-1:flannel.1').box.y);
    expect(get('dev:node-1:flannel.1').box.y).toBeLessThan(eth0.box.y);
    expect(get('router').box.x).toBeGreaterThan(n2.box.x + n2.box.w);
    expect(get('router').lines).toEqual(['router', '192.168.56.1']);
  });

  it('lays out the two-node example (Deployment, NodePort, an outside host) and a host-gw cluster without overlaps', () => {
    const example = readFileSync(new URL('../../examples/two-nodes.yaml', import.meta.url), 'utf8');
    const t1 = fromManifests(example).topology();
    expect(t1.hosts.map((h) => h.name)).toEqual(['ext']);
    expect(layoutProblems(layoutTopology(t1))).toEqual([]);
    const t2 = fromManifests(DEMO_MANIFEST, { cni: 'flannel-host-gw' }).topology();
    expect(t2.podNetwork).toBe('host-gw');
    const l2 = layoutTopology(t2);
    expect(boxes(l2).some((b) => b.id.endsWith(':flannel.1'))).toBe(false);
    expect(layoutProblems(l2)).toEqual([]);
  });

  it('has no overlaps on generated clusters (1–4 nodes, 0–4 Pods each, long names, hosts inside and outside)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/);
    const arb = fc.record({
      nodes: fc.array(fc.record({ pods: fc.array(fc.record({ name, ns: fc.constantFrom('default', 'kube-system', 'team-alpha-long-name'), host: fc.boolean() }), { maxLength: 4 }), vxlan: fc.boolean(), ready: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      hosts: fc.array(fc.record({ name, on: fc.boolean() }), { maxLength: 3 }),
      services: fc.array(name, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, (g) => {
        let ip = 2;
        const t: Topology = {
          network: { cidr: '192.168.56.0/24', gateway: '192.168.56.1' },
          nodes: g.nodes.map((n, i) => {
            const devices: TopologyDevice[] = [
              { name: 'lo', kind: 'loopback', addresses: ['127.0.0.1/8'], up: true },
              { name: 'eth0', kind: 'ether', addresses: [`192.168.56.${11 + i}/24`], up: true },
              ...(n.vxlan ? [{ name: 'flannel.1', kind: 'vxlan', addresses: [`10.244.${i}.0/32`], up: true }] : []),
              ...(n.pods.some((p) => !p.host) ? [{ name: 'cni0', kind: 'bridge', addresses: [`10.244.${i}.1/24`], up: true }] : []),
              ...n.pods.filter((p) => !p.host).map((_, k) => ({ name: `veth${String(i)}${String(k).padStart(7, '0')}`, kind: 'veth', addresses: [], up: true, master: 'cni0' })),
            ];
            return { name: `node-${i + 1}`, ip: `192.168.56.${11 + i}`, podCIDR: `10.244.${i}.0/24`, ready: n.ready, devices };
          }),
          pods: g.nodes.flatMap((n, i) => {
            let k = 0;
            return n.pods.map((p, j) => ({
              name: `${p.ns}/${p.name}-${j}`,
              node: `node-${i + 1}`,
              ip: p.host ? `192.168.56.${11 + i}` : `10.244.${i}.${ip++}`,
              hostNetwork: p.host,
              ...(p.host ? {} : { hostVeth: `veth${String(i)}${String(k++).padStart(7, '0')}` }),
              labels: {},
            }));
          }),
          hosts: g.hosts.map((h, i) => ({ name: `${h.name}-${i}`, ip: `192.168.${h.on ? 56 : 57}.${100 + i}`, onNodeNetwork: h.on })),
          services: g.services.map((s, i) => ({ name: `default/${s}`, type: 'ClusterIP', clusterIP: `10.96.0.${i + 20}`, ports: ['80/TCP'] })),
          podNetwork: 'vxlan',
        };
        const l = layoutTopology(t);
        expect(layoutProblems(l)).toEqual([]);
        expect(JSON.stringify(layoutTopology(t))).toBe(JSON.stringify(l));
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('path highlighting', () => {
  it('resolves every device of the demo path to a box, numbers them 1..8 and joins them with arrows', () => {
    const { topology, path } = demo();
    const l = layoutTopology(topology, { hideNamespaces: ['kube-system'] });
    const o = pathOverlay(l, path);
    expect(o.missing).toEqual([]);
    expect(o.items).toEqual([
      'pod:default/client',
      'dev:node-2:cni0',
      'dev:node-2:flannel.1',
      'dev:node-2:eth0',
      'dev:node-1:eth0',
      'dev:node-1:flannel.1',
      'dev:node-1:cni0',
      'pod:default/web',
    ]);
    expect(o.badges.map((b) => b.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(o.segments).toHaveLength(7);
    // Pod → bridge along the veth line; eth0 → eth0 along the node network line.
    const veth = linksOf(l).find((k) => k.link === 'veth' && k.ends?.[0] === 'pod:default/client')!;
    expect(o.segments[0]!.points).toEqual(veth.points);
    const wire = o.segments[3]!;
    expect(wire.from).toBe('dev:node-2:eth0');
    expect(wire.points.some(([, y]) => y === l.netY)).toBe(true);
  });

  it('marks the path boxes in the SVG and draws one badge per path entry', () => {
    const { topology, path } = demo();
    const svg = renderTopologySvg(layoutTopology(topology), { highlightPath: path, idPrefix: 'x' });
    const marked = [...svg.matchAll(/class="topo-item [^"]*is-path[^"]*" data-item="([^"]+)"/g)].map((m) => m[1]);
    expect(marked.sort()).toEqual(pathOverlay(layoutTopology(topology), path).items.slice().sort());
    expect(svg.match(/class="topo-badge"/g)).toHaveLength(8);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="x-title"');
    expect(svg).toContain('marker-end="url(#x-arrow)"');
  });

  it('selects a hop by its devices: the veth line and the bridge; a host or the router by its namespace', () => {
    const example = readFileSync(new URL('../../examples/two-nodes.yaml', import.meta.url), 'utf8');
    const t = fromManifests(example).topology();
    const l = layoutTopology(t);
    const client = t.pods.find((p) => p.name === 'default/client')!;
    expect(selectionIds(l, [`node-2 ${client.hostVeth}`, 'node-2 cni0'])).toEqual([`veth:node-2:${client.hostVeth}`, 'dev:node-2:cni0']);
    expect(resolveRef(l, 'host/ext eth0')?.id).toBe('host:ext');
    expect(resolveRef(l, 'router eth0')?.id).toBe('router');
    expect(resolveRef(l, 'default/client eth0')?.id).toBe('pod:default/client');
    expect(resolveRef(l, 'nowhere eth9')).toBeNull();
    const svg = renderTopologySvg(l, { selected: ['node-2 cni0'] });
    expect(svg).toMatch(/class="topo-item topo-device topo-bridge is-selected" data-item="dev:node-2:cni0"/);
  });
});

describe('describeTopology', () => {
  it('says where every node, device and Pod is, and the path in words', () => {
    const { topology, path } = demo();
    const lines = describeTopology(topology, { path, hideNamespaces: ['kube-system'] });
    expect(lines[0]).toBe('Node network 192.168.56.0/24, gateway 192.168.56.1.');
    const n1 = lines.find((s) => s.startsWith('Node node-1'))!;
    expect(n1).toContain('Pod CIDR 10.244.0.0/24');
    expect(n1).toContain('flannel.1 (VXLAN 10.244.0.0/32)');
    expect(n1).toMatch(/Pod default\/web at 10\.244\.0\.3, attached by veth\w+\./);
    expect(lines.some((s) => s.includes('coredns'))).toBe(false);
    expect(lines).toContain('Not shown: 2 Pods in kube-system');
    expect(lines.at(-1)).toBe(`Highlighted path: ${path.join(', then ')}.`);
    const zh = describeTopology(topology, { lang: 'zh-tw' });
    expect(zh[0]).toBe('節點網路 192.168.56.0/24，閘道 192.168.56.1。');
  });
});
