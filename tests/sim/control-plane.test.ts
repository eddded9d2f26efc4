/**
 * The control plane reacting to changes on a running cluster: watch events with resource versions, the
 * controllers' reactions in the event log, and the data plane following (endpoints, kube-proxy rules, the load
 * balancer), without rebuilding it (conntrack survives).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { iptablesSave } from '../../src/sim/netfilter';
import { SimError } from '../../src/sim/core/errors';

const objects = () => [
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'node-1', containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-2', namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'node-2', containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { nodeName: 'node-2', containers: [{ name: 'curl' }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } },
  { apiVersion: 'k8snet.dev/v1alpha1', kind: 'Host', metadata: { name: 'ext' }, spec: { ip: '203.0.113.7' } },
];

const endpointsOf = (c: Cluster) => c.trace('pod/default/client', 'svc/default/web:80', { explore: true }).candidates!.map((x) => x.deliveredTo?.pod).sort();

describe('control plane', () => {
  it('deleting an endpoint Pod: DELETED event, CNI DEL, kube-proxy resync, stale chains removed', () => {
    const c = Cluster.fromObjects(objects());
    const cp = c.controlPlane;
    const rv = cp.resourceVersion;
    const natBefore = iptablesSave(c.world.netns('node-2').nf, { table: 'nat' });
    expect(endpointsOf(c)).toEqual(['default/web-1', 'default/web-2']);
    const events = cp.delete('Pod', 'web-1');
    expect(events).toContainEqual({ type: 'DELETED', kind: 'Pod', key: 'default/web-1', resourceVersion: rv + 1 });
    const log = cp.log.filter((e) => e.resourceVersion === rv + 1).map((e) => `${e.actor}: ${e.message}`);
    expect(log.some((l) => l.startsWith('kubelet: CNI DEL default/web-1'))).toBe(true);
    expect(log.some((l) => l.startsWith('kube-proxy: synced'))).toBe(true);
    expect(c.world.namespaces.has('default/web-1')).toBe(false);
    expect(endpointsOf(c)).toEqual(['default/web-2']);
    const natAfter = iptablesSave(c.world.netns('node-2').nf, { table: 'nat' });
    const seps = (t: string) => [...t.matchAll(/^:(KUBE-SEP-\w+)/gm)].map((m) => m[1]);
    expect(seps(natAfter).length).toBe(seps(natBefore).length - 1);
  });

  it('a node going down: its Pods stop being endpoints and the load balancer skips it', () => {
    const c = Cluster.fromObjects(objects());
    const vip = c.spec.services.find((s) => s.metadata.name === 'web')!.status!.loadBalancer!.ingress![0]!.ip!;
    expect(c.trace('ext', `${vip}:80`, { explore: true }).candidates).toHaveLength(4); // 2 nodes × 2 endpoints
    c.controlPlane.setNodeReady('node-1', false);
    expect(endpointsOf(c)).toEqual(['default/web-2']);
    const lb = c.trace('ext', `${vip}:80`, { explore: true }).candidates!;
    expect(lb.every((x) => x.deliveredTo?.pod === 'default/web-2' && x.verdict === 'delivered')).toBe(true);
    expect(iptablesSave(c.world.netns('router').nf, { table: 'nat' })).not.toContain('-> node-1');
    c.controlPlane.setNodeReady('node-1', true);
    expect(endpointsOf(c)).toEqual(['default/web-1', 'default/web-2']);
  });

  it('allocations stay put when other objects change, and the data plane is not rebuilt', () => {
    const c = Cluster.fromObjects(objects());
    const ip = c.spec.services.find((s) => s.metadata.name === 'web')!.spec.clusterIP;
    c.trace('pod/default/client', 'svc/default/web:80');
    const entries = c.world.netns('node-2').conntrack.list(0).length;
    expect(entries).toBeGreaterThan(0);
    c.controlPlane.apply([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] } }]);
    expect(c.spec.services.find((s) => s.metadata.name === 'web')!.spec.clusterIP).toBe(ip);
    expect(c.world.netns('node-2').conntrack.list(0).length).toBe(entries);
    expect(c.trace('pod/default/client', 'svc/default/other:8080').verdict).toBe('delivered');
  });

  it('a NetworkPolicy applied later is enforced at once, and removing it opens the path again', () => {
    const c = Cluster.fromObjects(objects());
    expect(c.trace('pod/default/client', 'pod/default/web-1:80').verdict).toBe('delivered');
    c.controlPlane.apply([{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'default' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] } }]);
    expect(c.controlPlane.log.some((e) => e.actor === 'network-policy-agent')).toBe(true);
    expect(c.trace('pod/default/client', 'pod/default/web-1:80').verdict).toBe('timeout');
    c.controlPlane.delete('NetworkPolicy', 'deny');
    expect(c.trace('pod/default/client', 'pod/default/web-1:80').verdict).toBe('delivered');
  });

  it('a rejected change changes nothing', () => {
    const c = Cluster.fromObjects(objects());
    const rv = c.controlPlane.resourceVersion;
    const spec = JSON.stringify(c.spec);
    expect(() => c.controlPlane.apply([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'bad', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] } }])).toThrow(/30000-32767/);
    expect(c.controlPlane.resourceVersion).toBe(rv);
    expect(JSON.stringify(c.spec)).toBe(spec);
    expect(() => c.controlPlane.delete('Pod', 'nobody')).toThrow(SimError);
  });
});
