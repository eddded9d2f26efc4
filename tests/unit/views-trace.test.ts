// The trace view's rows, built from a real trace: the demo cluster's client Pod connecting to the web Service
// (two nodes on flannel VXLAN). Expectations are reasoned from how that cluster is wired, not copied from output:
//   - node-2 has Pod CIDR 10.244.1.0/24 (second node), so the client Pod's gateway is the bridge's 10.244.1.1;
//   - kube-proxy DNATs in nat PREROUTING on the client's node, while the packet crosses cni0 (br_netfilter);
//   - flannel VXLAN wraps the packet in UDP 8472 between the node addresses 192.168.56.12 → 192.168.56.11;
//   - the reply leg retraces it, the ACK leg is not part of the step-through.
import { describe, expect, it } from 'vitest';
import { fromManifests } from '../../src/sim/api';
import { explain } from '../../src/sim/trace/explain';
import type { Trace } from '../../src/sim/trace/types';
import { DEMO_MANIFEST, DEMO_PROBE } from '../../src/components/figures/demo-cluster';
import { hopDevices, stepHops, traceViewModel } from '../../src/components/trace/model';
import { stepStatus, traceViewTree } from '../../src/components/trace/view';
import { findAll, textOf, toHtml } from '../../src/components/figures/vnode';

function demo() {
  const c = fromManifests(DEMO_MANIFEST);
  const t = c.trace(DEMO_PROBE.from, DEMO_PROBE.to);
  const entry = c.toJSON().traces[0]!;
  const web = c.toJSON().services.find((s) => s.name === 'default/web')!;
  return { trace: t.trace, entry, clusterIP: web.clusterIP!, path: t.path() };
}

describe('traceViewModel on the demo trace', () => {
  const { trace, entry, clusterIP } = demo();
  const m = traceViewModel(trace, 'en');

  it('has the request, reply and ACK legs, with a verdict line and facts', () => {
    expect(m.legs.map((l) => l.leg)).toEqual(['request', 'reply', 'ack']);
    expect(m.verdict).toBe('delivered');
    expect(m.summary).toBe('Delivered');
    expect(m.facts).toContain('DNAT to 10.244.0.3:8080');
    expect(m.title).toBe('pod/default/client → svc/default/web:80 (tcp)');
  });

  it('first hop: sent from the client Pod to the ClusterIP, by its default route via the bridge', () => {
    const h0 = m.legs[0]!.hops[0]!;
    expect(h0.where).toBe('default/client');
    expect(h0.arrivedOn).toBe('sent from here');
    expect(h0.packet.to).toBe(`${clusterIP}:80`);
    expect(h0.packet.from).toMatch(/^10\.244\.1\.3:\d+$/);
    expect(h0.packet.ttl).toBe(64);
    const route = h0.decisions.find((d) => d.kind === 'route')!;
    expect(route.code).toBe('default via 10.244.1.1 dev eth0');
    expect(route.detail?.lines).toEqual(['ip route show table main', 'default via 10.244.1.1 dev eth0']);
  });

  it('the bridge hop on node-2 shows the DNAT rule that decided, and the chain walk when opened', () => {
    const h1 = m.legs[0]!.hops[1]!;
    expect(h1.kind).toBe('bridge');
    expect(h1.where).toBe('bridge cni0 in node-2');
    const pre = h1.decisions.find((d) => d.kind === 'hook' && d.text.startsWith('PREROUTING · nat'))!;
    expect(pre.code).toMatch(/^-A KUBE-SEP-\w+ .*-j DNAT --to-destination 10\.244\.0\.3:8080$/);
    expect(pre.detail!.lines[0]).toMatch(/^PREROUTING #1: -A PREROUTING /);
    expect(pre.detail!.lines.some((l) => l.startsWith('KUBE-SERVICES #'))).toBe(true);
    expect(pre.detail!.lines.at(-1)).toMatch(/^\d+ iptables rules evaluated$/);
    const nat = h1.decisions.find((d) => d.kind === 'nat')!;
    expect(nat.text).toBe(`dnat ${clusterIP}:80 → 10.244.0.3:8080`);
    expect(nat.tone).toBe('nat');
  });

  it('node-2 encapsulates in VXLAN between the node addresses, UDP 8472', () => {
    const h2 = m.legs[0]!.hops[2]!;
    expect(h2.where).toBe('node-2');
    expect(h2.arrivedOn).toBe('cni0');
    const vx = h2.decisions.find((d) => d.kind === 'vxlan')!;
    expect(vx.text).toBe('encapsulate, VNI 1: outer 192.168.56.12 → 192.168.56.11 udp/8472');
    expect(h2.decisions.find((d) => d.kind === 'ttl')!.text).toBe('64 → 63');
  });

  it('marks the hop where each leg ended', () => {
    const last = m.legs[0]!.hops.at(-1)!;
    expect(last.where).toBe('default/web');
    expect(last.outcome).toMatch(/^Ends at hop 6: delivered/);
    expect(m.legs[0]!.hops.filter((h) => h.outcome)).toHaveLength(1);
  });

  it('hop devices, veths left out and repeats merged, are the path of src/sim/trace/path.ts', () => {
    const flat: string[] = [];
    for (const h of trace.legs[0]!.hops) for (const d of hopDevices(h)) if (!/ veth/.test(d) && flat.at(-1) !== d) flat.push(d);
    expect(flat).toEqual(entry.path);
    expect(entry.path).toEqual([
      'default/client eth0',
      'node-2 cni0',
      'node-2 flannel.1',
      'node-2 eth0',
      'node-1 eth0',
      'node-1 flannel.1',
      'node-1 cni0',
      'default/web eth0',
    ]);
  });

  it('steps through request then reply hops, not the ACK', () => {
    const steps = stepHops(m);
    expect(steps).toHaveLength(trace.legs[0]!.hops.length + trace.legs[1]!.hops.length);
    expect(steps[0]!.leg).toBe('request');
    expect(steps.at(-1)!.leg).toBe('reply');
    expect(stepStatus(m, 2)).toBe('Request, hop 3 of 6: node-2 ← cni0');
    expect(stepStatus(m, 1)).toBe('Request, hop 2 of 6: bridge cni0 in node-2');
  });

  it('a toJSON() entry gives the same rows and its own explanation', () => {
    const fromEntry = traceViewModel(entry as unknown as { trace: Trace; explain: { en: string; 'zh-tw': string } }, 'zh-tw');
    expect(fromEntry.legs).toEqual(traceViewModel(trace, 'zh-tw').legs);
    expect(fromEntry.explanation).toEqual(explain(trace, 'zh-tw').split('\n'));
    expect(fromEntry.legs[0]!.caption).toBe('請求：6 站');
  });
});

describe('traceViewTree', () => {
  const { trace } = demo();

  it('numbers the step-through rows, leaves the ACK rows out of it, and gives each row its devices', () => {
    const tree = traceViewTree(trace, 'en', { link: 'demo', idPrefix: 't' });
    expect(tree.tag).toBe('trace-view');
    expect(tree.attrs['data-link']).toBe('demo');
    const rows = findAll(tree, (n) => n.tag === 'tr' && n.attrs.class === 'tv-hop');
    const stepped = rows.filter((r) => r.attrs['data-step'] !== undefined);
    expect(stepped.map((r) => Number(r.attrs['data-step']))).toEqual([...Array(12).keys()]);
    expect(rows.length - stepped.length).toBe(trace.legs[2]!.hops.length);
    expect(stepped[1]!.attrs['data-devices']).toMatch(/^node-2 veth\w+\|node-2 cni0$/);
    expect(stepped[0]!.attrs['data-status']).toBe('Request, hop 1 of 6: default/client');
  });

  it('opens with the verdict and keeps the explanation as text', () => {
    const tree = traceViewTree(trace, 'en');
    const words = findAll(tree, (n) => n.attrs.class === 'tv-words')[0]!;
    expect(textOf(words)).toContain('Result: delivered');
    const buttons = findAll(tree, (n) => n.tag === 'button').map(textOf);
    expect(buttons).toEqual(['← Previous hop', 'Next hop →']);
  });

  it('escapes names when rendered to HTML', () => {
    const evil: Trace = JSON.parse(JSON.stringify(trace).replaceAll('default/client', 'x<img src=x onerror=alert(1)>\\"'));
    const html = toHtml(traceViewTree(evil, 'en'));
    expect(html).not.toContain('<img');
    expect(html).toContain('x&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;');
  });
});
