/**
 * The programmatic ManifestBuilder describes the same cluster as hand-written YAML: both go through the
 * same loader, so with the same seed they must give identical ClusterSpecs (warnings compared without the
 * YAML line numbers, which only text input has).
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/sim/core/rng';
import { loadManifests, ManifestBuilder, type ClusterSpec } from '../../src/sim/k8s/manifest';

const YAML = `
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking: { podSubnet: 10.244.0.0/16, serviceSubnet: 10.96.0.0/16 }
apiServer:
  extraArgs:
    - { name: service-node-port-range, value: "30000-30999" }
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
iptables: { masqueradeAll: true }
---
apiVersion: k8snet.dev/v1alpha1
kind: Network
metadata: { name: underlay }
spec: { cidr: 192.168.56.0/24, mtu: 1500 }
---
apiVersion: k8snet.dev/v1alpha1
kind: Host
metadata: { name: ext }
spec: { ip: 192.168.56.1, ports: [{ port: 80 }] }
---
apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: flannel }
spec:
  conflist: |
    {"name": "cbr0", "cniVersion": "0.3.1", "plugins": [
      {"type": "flannel", "delegate": {"hairpinMode": true, "isDefaultGateway": true}},
      {"type": "portmap", "capabilities": {"portMappings": true}}]}
  netConf: |
    {"Backend": {"Type": "host-gw"}}
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: web } }
---
apiVersion: v1
kind: Node
metadata: { name: cp-1, labels: { node-role.kubernetes.io/control-plane: "" } }
spec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
---
apiVersion: v1
kind: Node
metadata:
  name: worker-1
  annotations: { k8snet.dev/sysctl.net.ipv4.conf.all.rp_filter: "1" }
---
apiVersion: v1
kind: Node
metadata: { name: worker-2 }
status: { addresses: [{ type: InternalIP, address: 192.168.56.30 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, labels: { app: web } }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop, labels: { app: db } }
spec:
  serviceName: db
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: pg, ports: [{ containerPort: 5432 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: shop, labels: { app: client } }
spec: { nodeName: worker-2, containers: [{ name: curl }] }
status: { podIP: 10.244.2.50 }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
status: { loadBalancer: { ingress: [{ ip: 192.168.56.240 }] } }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec: { clusterIP: None, selector: { app: db }, ports: [{ port: 5432 }] }
---
apiVersion: v1
kind: Service
metadata: { name: legacy, namespace: shop }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: legacy-1, namespace: shop, labels: { kubernetes.io/service-name: legacy } }
addressType: IPv4
endpoints: [{ addresses: [192.168.56.1], conditions: { ready: true } }]
ports: [{ name: http, port: 80 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-ingress, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Ingress]
  ingress: [{ from: [{ podSelector: { matchLabels: { app: client } } }], ports: [{ port: http }] }]
`;

function viaBuilder(): ManifestBuilder {
  return new ManifestBuilder()
    .kubeadm({ podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/16', nodePortRange: '30000-30999' })
    .kubeProxy({ mode: 'iptables', masqueradeAll: true })
    .network({ cidr: '192.168.56.0/24', mtu: 1500 })
    .host('ext', { ip: '192.168.56.1', ports: [80] })
    .flannel({ backend: 'host-gw' })
    .namespace('shop', { labels: { team: 'web' } })
    .node('cp-1', { controlPlane: true, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] })
    .node('worker-1', { sysctls: { 'net.ipv4.conf.all.rp_filter': 1 } })
    .node('worker-2', { ip: '192.168.56.30' })
    .deployment('web', { namespace: 'shop', replicas: 3, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] })
    .statefulSet('db', { namespace: 'shop', serviceName: 'db', replicas: 2, labels: { app: 'db' }, containers: [{ name: 'pg', ports: [5432] }] })
    .pod('client', { namespace: 'shop', labels: { app: 'client' }, node: 'worker-2', containers: [{ name: 'curl' }], ip: '10.244.2.50' })
    .service('web', {
      namespace: 'shop',
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      loadBalancerIngress: ['192.168.56.240'],
    })
    .service('db', { namespace: 'shop', headless: true, selector: { app: 'db' }, ports: [5432] })
    .service('legacy', { namespace: 'shop', ports: [{ name: 'http', port: 80 }] })
    .endpointSlice('legacy-1', { namespace: 'shop', service: 'legacy', endpoints: [{ ip: '192.168.56.1', ready: true }], ports: [{ name: 'http', port: 80 }] })
    .networkPolicy('web-ingress', {
      namespace: 'shop',
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'http' }] }],
    });
}

/** Warnings as messages only: YAML input also knows their lines. */
function comparable(s: ClusterSpec): unknown {
  return { ...s, warnings: s.warnings.map((w) => w.message) };
}

describe('ManifestBuilder', () => {
  it('gives the same ClusterSpec as the equivalent YAML', () => {
    const fromYaml = loadManifests(YAML, { rng: seededRng(11) });
    const fromBuilder = viaBuilder().build({ rng: seededRng(11) });
    expect(comparable(fromBuilder)).toEqual(comparable(fromYaml));
    // A few facts of that cluster, checked by hand so "equal" is not "equally wrong".
    expect(fromYaml.config.cni.flannel!.backend).toEqual({ type: 'host-gw' });
    expect(fromYaml.config.cni.flannel!.network).toBe('10.244.0.0/16');
    expect(fromYaml.nodes.map((n) => [n.name, n.internalIPs[0], n.podCIDR])).toEqual([
      ['cp-1', '192.168.56.11', '10.244.0.0/24'],
      ['worker-1', '192.168.56.12', '10.244.1.0/24'],
      ['worker-2', '192.168.56.30', '10.244.2.0/24'],
    ]);
    expect(fromYaml.nodes[1]!.sysctls['net.ipv4.conf.all.rp_filter']).toBe(1);
    const web = fromYaml.services.find((s) => s.metadata.name === 'web')!;
    expect(web.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(web.spec.healthCheckNodePort).toBeLessThanOrEqual(30999);
    expect(fromYaml.pods.filter((p) => p.namespace === 'shop').every((p) => p.nodeName !== 'cp-1')).toBe(true);
    expect(fromYaml.endpointSlices.map((s) => s.metadata.name)).toEqual(['kubernetes', 'legacy-1']);
  });

  it('toYaml() loads back to the same ClusterSpec', () => {
    const b = viaBuilder();
    expect(comparable(loadManifests(b.toYaml(), { rng: seededRng(4) }))).toEqual(comparable(b.build({ rng: seededRng(4) })));
  });

  it('objects() are plain manifests in Kubernetes words', () => {
    const objs = new ManifestBuilder()
      .node('node-1', { ip: '192.168.56.11', ready: false })
      .pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] })
      .service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }], type: 'NodePort' })
      .objects();
    expect(objs).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'node-1' },
        status: { addresses: [{ type: 'InternalIP', address: '192.168.56.11' }], conditions: [{ type: 'Ready', status: 'False' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: { nodeName: 'node-1', containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
      },
    ]);
  });

  it('bridge CNI and kubeadm v1beta3 forms', () => {
    const s = new ManifestBuilder()
      .kubeadm({ apiVersion: 'kubeadm.k8s.io/v1beta3', nodePortRange: '31000-31999', nodeCIDRMaskSize: 26 })
      .bridgeCni({ isDefaultGateway: true, ipMasq: true })
      .node('a')
      .build({ coreDNS: false });
    expect(s.config.nodePortRange).toEqual({ first: 31000, last: 31999 });
    expect(s.nodes[0]!.podCIDR).toBe('10.244.0.0/26');
    expect(s.config.cni.plugin).toBe('bridge');
    expect(s.config.cni.ipam.subnet).toBe('podCIDR');
    expect(s.config.cni.bridge).toEqual({ bridge: 'cni0', isGateway: true, isDefaultGateway: true, hairpinMode: false, promiscMode: false, ipMasq: true, mtu: 1500 });
  });

  it('errors from builder input name the object number', () => {
    expect(() => new ManifestBuilder().pod('p', { node: 'nowhere' }).build()).toThrow('document 1 (Pod default/p): spec.nodeName asks for node nowhere, but the cluster has no nodes');
  });
});
