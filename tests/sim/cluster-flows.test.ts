/**
 * Service behaviour end to end, in the style of kube-proxy's packetFlowTest tables: who can reach what, which
 * endpoints can answer, and whether the source was masqueraded — for ClusterIP, NodePort, LoadBalancer and
 * externalIPs, both traffic policies, Services without endpoints, hairpin and ClientIP affinity, in both flannel
 * backends. Expectations follow FIDELITY.md §1.4-1.5 and §5.2 and ORACLE-FACTS.md (cited per row).
 */
import { describe, expect, it } from 'vitest';
import { cluster, type LabCluster } from '../../src/sim/api';

function scenario(cni: 'flannel-vxlan' | 'flannel-host-gw'): LabCluster {
  const c = cluster({ cni, seed: 5 });
  c.node('node-1').node('node-2').node('node-3');
  const web = { labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] };
  c.pod('web-1', { ...web, node: 'node-1' });
  c.pod('web-2', { ...web, node: 'node-2' });
  c.pod('client', { node: 'node-2', containers: [{ name: 'curl' }] });
  c.pod('far', { node: 'node-3', containers: [{ name: 'curl' }] });
  c.service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] });
  c.service('web-np', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] });
  c.service('web-local', { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30081 }] });
  c.service('web-itp', { internalTrafficPolicy: 'Local', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
  c.service('web-sticky', { sessionAffinity: 'ClientIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
  c.service('web-ext', { externalIPs: ['192.168.56.50'], selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
  c.service('web-lb', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
  c.service('empty', { selector: { app: 'nothing' }, ports: [{ port: 80 }] });
  c.host('ext', { ip: '203.0.113.7' });
  return c;
}

const ip = (c: LabCluster, pod: string) => c.model.built.podIPs.get(`default/${pod}`)!;
const seen = (s: string | null) => s?.split(':')[0];

describe.each(['flannel-vxlan', 'flannel-host-gw'] as const)('Service flows, %s', (cni) => {
  const c = scenario(cni);
  const node = (n: number) => `192.168.56.1${n}`;
  const egress = (n: number) => (cni === 'flannel-vxlan' ? `10.244.${n - 1}.0` : node(n)); // ORACLE-FACTS 4
  const cni0 = (n: number) => `10.244.${n - 1}.1`;

  it('pod → ClusterIP: both endpoints, no masquerade (§1.5)', () => {
    const r = c.explore('pod/default/client', 'svc/default/web:80');
    expect(r.candidates!.map((x) => x.deliveredTo?.pod).sort()).toEqual(['default/web-1', 'default/web-2']);
    for (const x of r.candidates!) expect(seen(x.sourceSeen)).toBe(ip(c, 'client'));
  });

  it('pod → DNS name of the Service resolves through the search list and reaches it', () => {
    const r = c.trace('pod/default/client', 'web:80');
    expect(r.verdict).toBe('delivered');
    expect(r.dns?.fqdn).toBe('web.default.svc.cluster.local');
    expect(c.trace('pod/default/client', '10.96.0.10:53', { protocol: 'udp' }).deliveredTo?.pod).toMatch(/^kube-system\/coredns-/);
  });

  it('external → NodePort (eTP Cluster): masqueraded; local endpoint sees cni0, remote sees the egress address', () => {
    const r = c.explore('ext', `${node(1)}:30080`);
    const by = Object.fromEntries(r.candidates!.map((x) => [x.deliveredTo?.pod, seen(x.sourceSeen)]));
    expect(by).toEqual({ 'default/web-1': cni0(1), 'default/web-2': egress(1) });
  });

  it('external → NodePort (eTP Local): only the local endpoint, client IP preserved; no local endpoint → dropped (§5.2)', () => {
    const r = c.explore('ext', `${node(1)}:30081`);
    expect(r.candidates!.map((x) => [x.deliveredTo?.pod, seen(x.sourceSeen)])).toEqual([['default/web-1', '203.0.113.7']]);
    const none = c.trace('ext', `${node(3)}:30081`);
    expect(none.verdict).toBe('timeout');
    expect(none.trace.legs[0]!.hops.flatMap((h) => h.steps).some((s) => s.kind === 'hook' && s.verdict === 'DROP')).toBe(true);
  });

  it('pod → its node for eTP Local NodePort is short-circuited to every endpoint (§1.4 KUBE-EXT)', () => {
    const r = c.explore('pod/default/far', `${node(3)}:30081`);
    expect(r.candidates!.map((x) => x.deliveredTo?.pod).sort()).toEqual(['default/web-1', 'default/web-2']);
  });

  it('internalTrafficPolicy Local: only the endpoint on the client node; none there → no connection', () => {
    const r = c.explore('pod/default/client', 'svc/default/web-itp:80');
    expect(r.candidates!.map((x) => x.deliveredTo?.pod)).toEqual(['default/web-2']);
    expect(c.trace('pod/default/far', 'svc/default/web-itp:80').verdict).not.toBe('delivered');
  });

  it('a Service without endpoints refuses at once (filter REJECT)', () => {
    const r = c.trace('pod/default/client', 'svc/default/empty:80');
    expect([r.verdict, r.reason]).toEqual(['refused', 'ECONNREFUSED']);
  });

  it('hairpin: an endpoint reaching itself through its Service is SNATed to cni0', () => {
    const r = c.explore('pod/default/web-1', 'svc/default/web:80');
    const self = r.candidates!.find((x) => x.deliveredTo?.pod === 'default/web-1')!;
    expect([self.verdict, seen(self.sourceSeen)]).toEqual(['delivered', cni0(1)]);
  });

  it('sessionAffinity ClientIP: later connections from the same client land on the same endpoint', () => {
    const first = c.trace('pod/default/client', 'svc/default/web-sticky:80', { seed: 1 });
    expect(first.deliveredTo?.pod).toMatch(/^default\/web-[12]$/);
    for (let i = 2; i < 8; i++) {
      expect(c.trace('pod/default/client', 'svc/default/web-sticky:80', { seed: i }).deliveredTo?.pod).toBe(first.deliveredTo?.pod);
    }
  });

  it('externalIPs: a pod reaching the external IP is sent to the Service (and masqueraded, KUBE-EXT)', () => {
    const r = c.trace('pod/default/client', '192.168.56.50:80');
    expect(r.verdict).toBe('delivered');
    expect(r.masquerade).toBe(true);
  });

  it('LoadBalancer: the balancer forwards to a NodePort, the node masquerades (eTP Cluster)', () => {
    const svc = c.model.spec.services.find((s) => s.metadata.name === 'web-lb')!;
    const vip = svc.status!.loadBalancer!.ingress![0]!.ip!;
    const r = c.explore('ext', `${vip}:80`);
    expect(r.candidates!.length).toBeGreaterThanOrEqual(3);
    for (const x of r.candidates!) expect(x.verdict).toBe('delivered');
    expect(r.candidates!.some((x) => x.deliveredTo?.pod === 'default/web-2')).toBe(true);
  });
});

describe('Service flows, kube-proxy IPVS mode', () => {
  const c = scenario('flannel-vxlan');
  c.kubeProxy({ mode: 'ipvs' });
  const cni0 = (n: number) => `10.244.${n - 1}.1`;

  it('pod → ClusterIP: IPVS in LOCAL_IN picks each real server, no masquerade', () => {
    const r = c.explore('pod/default/client', 'svc/default/web:80');
    expect(r.candidates!.map((x) => x.deliveredTo?.pod).sort()).toEqual(['default/web-1', 'default/web-2']);
    for (const x of r.candidates!) expect(seen(x.sourceSeen)).toBe(ip(c, 'client'));
    expect(r.trace.legs[0]!.hops.some((h) => h.steps.some((s) => s.kind === 'ipvs'))).toBe(true);
  });

  it('the ClusterIP is a local address on kube-ipvs0 of every node', () => {
    const svcIp = c.model.spec.services.find((s) => s.metadata.name === 'web')!.spec.clusterIP!;
    expect(c.exec('node/node-3', 'ip address show kube-ipvs0')).toContain(`inet ${svcIp}/32 scope global kube-ipvs0`);
    expect(c.exec('node/node-1', 'ipvsadm -Ln')).toContain(`TCP  ${svcIp}:80 rr`);
  });

  it('round robin spreads consecutive connections over the real servers', () => {
    const pods = new Set([1, 2, 3, 4].map(() => c.trace('pod/default/client', 'svc/default/web:80').deliveredTo?.pod));
    expect([...pods].sort()).toEqual(['default/web-1', 'default/web-2']);
  });

  it('external → NodePort: masqueraded, local endpoint sees cni0', () => {
    const r = c.explore('ext', '192.168.56.11:30080');
    const local = r.candidates!.find((x) => x.deliveredTo?.pod === 'default/web-1')!;
    expect(seen(local.sourceSeen)).toBe(cni0(1));
  });

  it('a Service without endpoints is refused; another port on a Service IP is rejected by KUBE-IPVS-FILTER', () => {
    expect(c.trace('pod/default/client', 'svc/default/empty:80').verdict).toBe('refused');
    const svcIp = c.model.spec.services.find((s) => s.metadata.name === 'web')!.spec.clusterIP!;
    const r = c.trace('pod/default/client', `${svcIp}:81`);
    expect(r.verdict).toBe('refused');
    expect(r.trace.legs[0]!.hops.flatMap((h) => h.steps).some((s) => s.kind === 'hook' && s.matched.some((m) => m.chain === 'KUBE-IPVS-FILTER'))).toBe(true);
  });

  it('counts constant iptables rules instead of per-endpoint chains', () => {
    const ipvsRules = c.model.built.world.netns('node-1').nf.tables.nat.chains;
    expect(Object.keys(ipvsRules).some((k) => k.startsWith('KUBE-SEP-'))).toBe(false);
  });
});

describe('ICMP through source NAT', () => {
  it('a Pod pinging another node is masqueraded and gets its echo reply back (the echo id is not remapped)', () => {
    const c = cluster().node('node-1').node('node-2').pod('p', { node: 'node-1' });
    const r = c.trace('pod/default/p', '192.168.56.12', { protocol: 'icmp' });
    expect(r.verdict).toBe('delivered');
    expect(r.masquerade).toBe(true);
    expect(r.replyTtl).toBe(63);
  });
});
