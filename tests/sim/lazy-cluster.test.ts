/**
 * Large clusters build nodes on first use. The behaviour must be the same as a cluster built all at once: the
 * same Pod addresses (host-local hands them out in order), the same traces; and untouched nodes stay unbuilt.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { LAZY_NODES } from '../../src/sim/k8s/cluster/build';
import { scaleObjects } from '../../scripts/bench/scale-gen';
import { parseIpv4 } from '../../src/sim/addr';

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

describe('policies and kube-proxy settings on nodes built on demand', () => {
  const shape = { nodes: LAZY_NODES + 4, services: 4, bigServices: 1, bigReplicas: 8, replicas: 2 };

  it('enforces a NetworkPolicy on every node, however late it is built', () => {
    // Deny all ingress to svc-0's Pods: every node must jump into the policy chains, not only the first built.
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: 'app-0', name: 'deny' }, spec: { podSelector: { matchLabels: { app: 'svc-0' } }, policyTypes: ['Ingress'] } };
    const c = Cluster.fromObjects([...scaleObjects(shape), deny], { coreDNS: false });
    const servers = c.spec.pods.filter((p) => p.labels.app === 'svc-0');
    const byNode = new Map(servers.map((p) => [p.nodeName, p]));
    expect(byNode.size).toBeGreaterThan(2);
    const client = c.spec.pods.find((p) => p.labels.app === 'svc-1')!;
    for (const server of byNode.values()) {
      const r = c.trace(`pod/${client.namespace}/${client.name}`, `pod/${server.namespace}/${server.name}:8080`);
      expect(r.verdict, `${server.name} on ${server.nodeName}`).not.toBe('delivered');
    }
  });

  it('gives each node its own NodePort rules when nodePortAddresses is set', () => {
    // kube-proxy writes `-d <this node's IP> -j KUBE-NODEPORTS` with nodePortAddresses, so nodes differ.
    const proxy = { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', mode: 'iptables', nodePortAddresses: ['primary'] };
    const c = Cluster.fromObjects([...scaleObjects(shape), proxy], { coreDNS: false });
    const [n1, n2] = [c.spec.nodes[1]!, c.spec.nodes[2]!];
    for (const n of [n1, n2]) {
      const rules = c.world.netns(n.name).nf.tables.nat.chains['KUBE-SERVICES']!.rules;
      const last = rules[rules.length - 1]!;
      expect(last.target).toMatchObject({ kind: 'jump', chain: 'KUBE-NODEPORTS' });
      expect(last.dst?.addr).toBe(parseIpv4(n.internalIPs[0]!));
    }
  });
});
