/**
 * Large clusters build nodes on first use. The behaviour must be the same as a cluster built all at once: the
 * same Pod addresses (host-local hands them out in order), the same traces; and untouched nodes stay unbuilt.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { LAZY_NODES } from '../../src/sim/k8s/cluster/build';
import { scaleObjects } from '../../scripts/bench/scale-gen';

describe('nodes built on demand', () => {
  const shape = { nodes: LAZY_NODES + 10, services: 30, bigServices: 2, bigReplicas: 40, replicas: 4 };
  const c = Cluster.fromObjects(scaleObjects(shape), { coreDNS: false });
  const built = () => [...c.world.namespaces.values()].filter((n) => n.role === 'node').length;

  it('builds no node until something looks at one', () => {
    expect(c.spec.nodes).toHaveLength(shape.nodes);
    expect(built()).toBe(0);
  });

  it('traces across nodes as an eagerly built cluster does, building only the nodes on the path', () => {
    const client = c.spec.pods.find((p) => p.namespace === 'app-0' && p.name.startsWith('svc-5-'))!;
    const server = c.spec.pods.find((p) => p.name.startsWith('svc-6-') && p.nodeName !== client.nodeName)!;
    const r = c.trace(`pod/${client.namespace}/${client.name}`, `pod/${server.namespace}/${server.name}:8080`);
    expect(r.verdict).toBe('delivered');
    expect(r.sourceSeen?.split(':')[0]).toBe(c.built.podIPs.get(`${client.namespace}/${client.name}`));
    const ping = c.trace(`pod/${client.namespace}/${client.name}`, c.built.podIPs.get(`${server.namespace}/${server.name}`)!, { protocol: 'icmp' });
    expect(ping.replyTtl).toBe(62);
    expect(built()).toBe(2);
  });

  it('reaches every endpoint of a Service through shared kube-proxy rules', () => {
    const client = c.spec.pods[0]!;
    const r = c.trace(`pod/${client.namespace}/${client.name}`, 'svc/app-0/svc-1:80', { explore: true });
    expect(r.candidates).toHaveLength(40);
    expect(r.candidates!.every((x) => x.verdict === 'delivered')).toBe(true);
    // The rules two nodes run are the same objects, not copies.
    const [a, b] = [...c.world.namespaces.values()].filter((n) => n.role === 'node');
    const chain = Object.keys(a!.nf.tables.nat.chains).find((k) => k.startsWith('KUBE-SVC-'))!;
    expect(a!.nf.tables.nat.chains[chain]).toBe(b!.nf.tables.nat.chains[chain]);
  });
});
