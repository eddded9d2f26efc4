/**
 * Manifest loader: kinds, defaults, allocation, controllers and derived EndpointSlices. Expected values are
 * reasoned from the Kubernetes sources and docs cited next to each case (FIDELITY.md §3, §4.4, §5), not
 * copied from the loader's output; where a value is random (seeded), the test checks the rule it must obey.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/sim/core/rng';
import {
  ALPHANUMS,
  allEndpointSlices,
  deriveEndpointSlices,
  fnv32a,
  loadManifests,
  loadObjects,
  proxierConfigFor,
  safeEncodeString,
  type ClusterSpec,
} from '../../src/sim/k8s/manifest';
import { parseIpv4 } from '../../src/sim/addr';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/manifest/${name}`, import.meta.url), 'utf8');
const load = (text: string, seed = 1) => loadManifests(text, { rng: seededRng(seed) });
const svc = (s: ClusterSpec, ns: string, name: string) => s.services.find((x) => x.metadata.namespace === ns && x.metadata.name === name)!;
const node = (s: ClusterSpec, name: string) => s.nodes.find((n) => n.name === name)!;
const podsOf = (s: ClusterSpec, ns: string, prefix: string) => s.pods.filter((p) => p.namespace === ns && p.name.startsWith(prefix));
const warnings = (s: ClusterSpec) => s.warnings.map((w) => w.message);
const ip = (s: string) => parseIpv4(s);

const NODES3 = `
apiVersion: v1
kind: Node
metadata: { name: node-1 }
---
apiVersion: v1
kind: Node
metadata: { name: node-2 }
---
apiVersion: v1
kind: Node
metadata: { name: node-3 }
`;

describe('defaults (kubeadm, kube-flannel.yml, kube-proxy)', () => {
  const s = load('');

  it('uses kubeadm\'s subnets, DNS domain and node port range', () => {
    // cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go; kube-flannel.yml Network 10.244.0.0/16.
    expect(s.config.podSubnet).toBe('10.244.0.0/16');
    expect(s.config.serviceSubnet).toBe('10.96.0.0/12');
    expect(s.config.dnsDomain).toBe('cluster.local');
    expect(s.config.nodePortRange).toEqual({ first: 30000, last: 32767 });
    expect(s.config.nodeCIDRMaskSize).toBe(24);
    expect(s.config.apiServerPort).toBe(6443);
  });

  it('kube-proxy: iptables mode, clusterCIDR = podSubnet (kubeadm), mark bit 14, localhost NodePorts on', () => {
    expect(s.config.proxy).toEqual({
      enabled: true,
      mode: 'iptables',
      clusterCIDR: '10.244.0.0/16',
      nodePortAddresses: [],
      masqueradeAll: false,
      masqueradeBit: 14,
      localhostNodePorts: true,
    });
  });

  it('CNI: flannel VXLAN as kube-flannel.yml installs it', () => {
    // FIDELITY §3.3: delegate cbr0 → bridge cni0, isGateway, isDefaultGateway, hairpinMode, ipMasq = !FLANNEL_IPMASQ,
    // mtu 1500 − 50, host-local over the node's podCIDR with a route to the whole network; VNI 1, port 8472.
    expect(s.config.cni).toEqual({
      plugin: 'flannel',
      networkName: 'cbr0',
      cniVersion: '0.3.1',
      bridge: { bridge: 'cni0', isGateway: true, isDefaultGateway: true, hairpinMode: true, promiscMode: false, ipMasq: false, mtu: 1450 },
      ipam: { type: 'host-local', subnet: 'podCIDR', routes: [{ dst: '10.244.0.0/16' }] },
      portmap: true,
      flannel: { network: '10.244.0.0/16', backend: { type: 'vxlan', vni: 1, port: 8472, directRouting: false }, ipMasq: true, mtu: 1450 },
    });
  });

  it('node network 192.168.56.0/24 with the router at .1, MTU 1500', () => {
    expect(s.config.network).toEqual({ cidr: '192.168.56.0/24', gateway: '192.168.56.1', mtu: 1500 });
  });

  it('the four namespaces a fresh cluster has, each labelled kubernetes.io/metadata.name', () => {
    expect(s.namespaces.map((n) => n.name)).toEqual(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
    expect(s.namespaces[1]!.labels).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
  });

  it('default/kubernetes at the first address, kube-dns at the tenth (FIDELITY §5.1)', () => {
    const k = svc(s, 'default', 'kubernetes');
    expect(k.spec.clusterIP).toBe('10.96.0.1');
    expect(k.spec.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
    expect(k.spec.selector).toBeUndefined();
    const dns = svc(s, 'kube-system', 'kube-dns');
    expect(dns.spec.clusterIP).toBe('10.96.0.10');
    expect(s.config.clusterDNS).toBe('10.96.0.10');
    expect(dns.spec.ports).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ]);
    expect(dns.spec.selector).toEqual({ 'k8s-app': 'kube-dns' });
    expect(s.services.map((x) => x.metadata.name)).toEqual(['kubernetes', 'kube-dns']);
  });

  it('with no nodes, CoreDNS Pods stay Pending and the kubernetes slice is empty', () => {
    const dns = podsOf(s, 'kube-system', 'coredns-');
    expect(dns).toHaveLength(2);
    expect(dns.every((p) => p.phase === 'Pending' && p.nodeName === undefined && !p.ready)).toBe(true);
    expect(warnings(s)).toEqual([
      `kubeadm addon (Deployment kube-system/coredns): Pods kube-system/${dns[0]!.name} and kube-system/${dns[1]!.name} are Pending: no nodes available to schedule pods`,
    ]);
    expect(s.endpointSlices[0]!.endpoints).toEqual([]);
  });

  it('coreDNS: false and ClusterConfiguration dns.disabled drop the addon', () => {
    const a = loadManifests('', { coreDNS: false });
    expect(a.services.map((x) => x.metadata.name)).toEqual(['kubernetes']);
    expect(a.pods).toEqual([]);
    const b = load('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\ndns: { disabled: true }\nproxy: { disabled: true }\n');
    expect(b.services.map((x) => x.metadata.name)).toEqual(['kubernetes']);
    expect(b.config.proxy.enabled).toBe(false);
    expect(b.config.clusterDNS).toBe('10.96.0.10');
  });
});

describe('Nodes', () => {
  it('InternalIPs from .11 up and podCIDRs in document order (node IPAM, /24 each)', () => {
    const s = load(NODES3);
    expect(s.nodes.map((n) => [n.name, n.internalIPs, n.podCIDR])).toEqual([
      ['node-1', ['192.168.56.11'], '10.244.0.0/24'],
      ['node-2', ['192.168.56.12'], '10.244.1.0/24'],
      ['node-3', ['192.168.56.13'], '10.244.2.0/24'],
    ]);
    expect(node(s, 'node-1').hostname).toBe('node-1');
    // The kubelet's well-known labels, so nodeSelector: { kubernetes.io/hostname: node-2 } works.
    expect(node(s, 'node-2').labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'node-2',
      'kubernetes.io/os': 'linux',
    });
    // No control-plane label: the first node runs the API server.
    expect(s.nodes.map((n) => n.controlPlane)).toEqual([true, false, false]);
    expect(s.endpointSlices[0]!.endpoints).toEqual([{ addresses: ['192.168.56.11'], conditions: { ready: true } }]);
    expect(s.endpointSlices[0]!.ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }]);
  });

  it('given podCIDRs and addresses are occupied first; the others fill the gaps in order', () => {
    const s = load(`
apiVersion: v1
kind: Node
metadata: { name: a }
---
apiVersion: v1
kind: Node
metadata: { name: b }
spec: { podCIDR: 10.244.0.0/24 }
status: { addresses: [{ type: InternalIP, address: 192.168.56.11 }, { type: InternalIP, address: 192.168.56.50 }, { type: Hostname, address: b.lab }, { type: ExternalIP, address: 203.0.113.7 }] }
---
apiVersion: v1
kind: Node
metadata: { name: c }
`);
    // cidrset: block 0 is b's, so a (first in order) gets block 1, c block 2; a takes .12 since .11 is b's.
    expect(s.nodes.map((n) => [n.name, n.podCIDR, n.internalIPs])).toEqual([
      ['a', '10.244.1.0/24', ['192.168.56.12']],
      ['b', '10.244.0.0/24', ['192.168.56.11', '192.168.56.50']],
      ['c', '10.244.2.0/24', ['192.168.56.13']],
    ]);
    expect(node(s, 'b').hostname).toBe('b.lab');
    expect(node(s, 'b').externalIPs).toEqual(['203.0.113.7']);
  });

  it('kernel settings: a kubeadm node, overridden by k8snet.dev/sysctl.* annotations', () => {
    const s = load(`
apiVersion: v1
kind: Node
metadata:
  name: node-1
  annotations:
    k8snet.dev/sysctl.net.ipv4.ip_forward: "0"
    k8snet.dev/sysctl.net.ipv4.conf.all.rp_filter: "1"
`);
    expect(node(s, 'node-1').sysctls).toEqual({
      'net.ipv4.ip_forward': 0,
      'net.ipv4.conf.all.rp_filter': 1,
      // iptables mode with localhostNodePorts: kube-proxy sets route_localnet.
      'net.ipv4.conf.all.route_localnet': 1,
      'net.bridge.bridge-nf-call-iptables': 1,
      'net.ipv4.icmp_echo_ignore_all': 0,
    });
    const ipvs = load('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n---\napiVersion: v1\nkind: Node\nmetadata: { name: nn }\n');
    expect(node(ipvs, 'nn').sysctls['net.ipv4.conf.all.route_localnet']).toBe(0);
    expect(node(ipvs, 'nn').sysctls['net.ipv4.conf.all.rp_filter']).toBe(2);
  });

  it('unschedulable, NotReady and tainted nodes are recorded', () => {
    const s = load(`
apiVersion: v1
kind: Node
metadata: { name: tainted }
spec:
  unschedulable: true
  taints: [{ key: dedicated, value: db, effect: NoSchedule }]
status:
  conditions: [{ type: Ready, status: "False" }]
`);
    const n = node(s, 'tainted');
    expect([n.unschedulable, n.ready, n.taints]).toEqual([true, false, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]]);
  });
});

describe('Pods', () => {
  it('a declared Pod: labels, node, ports defaulted to TCP, Running and Ready', () => {
    const s = load(`${NODES3}---
apiVersion: v1
kind: Pod
metadata: { name: web, labels: { app: web } }
spec:
  nodeName: node-2
  hostname: web
  subdomain: backends
  containers:
    - name: nginx
      ports: [{ name: http, containerPort: 80 }, { containerPort: 53, protocol: UDP, hostPort: 5353 }]
`);
    const p = s.pods.find((x) => x.name === 'web')!;
    expect(p).toEqual({
      namespace: 'default',
      name: 'web',
      labels: { app: 'web' },
      annotations: {},
      nodeName: 'node-2',
      hostNetwork: false,
      containers: [{ name: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }] }],
      hostname: 'web',
      subdomain: 'backends',
      dnsPolicy: 'ClusterFirst',
      phase: 'Running',
      ready: true,
    });
    expect(p.ip).toBeUndefined(); // host-local assigns it at build time
  });

  it('hostNetwork Pods use the node IP; status.podIP is honoured inside the node\'s range', () => {
    const s = load(`${NODES3}---
apiVersion: v1
kind: Pod
metadata: { name: agent }
spec: { nodeName: node-3, hostNetwork: true, containers: [{ name: a }] }
---
apiVersion: v1
kind: Pod
metadata: { name: fixed }
spec: { nodeName: node-2, containers: [{ name: a }] }
status: { podIP: 10.244.1.77 }
---
apiVersion: v1
kind: Pod
metadata: { name: sick }
spec: { nodeName: node-1, containers: [{ name: a }] }
status: { phase: Running, conditions: [{ type: Ready, status: "False" }] }
`);
    const by = (n: string) => s.pods.find((p) => p.name === n)!;
    expect(by('agent').ip).toBe('192.168.56.13');
    expect(by('fixed').ip).toBe('10.244.1.77');
    expect([by('sick').phase, by('sick').ready]).toEqual(['Running', false]);
  });

  it('a Pod on a NotReady node is not Ready (node lifecycle controller)', () => {
    const s = load(`
apiVersion: v1
kind: Node
metadata: { name: nr }
status: { conditions: [{ type: Ready, status: Unknown }] }
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec: { nodeName: nr, containers: [{ name: a }] }
`);
    expect(s.pods.find((p) => p.name === 'p')!.ready).toBe(false);
  });
});

describe('Deployments, StatefulSets, DaemonSets', () => {
  const DEPLOY = (replicas: number, extra = '') => `${NODES3}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${extra}      containers: [{ name: nginx, ports: [{ containerPort: 80 }] }]
`;

  it('names Pods <deployment>-<pod-template-hash>-<5 chars> from apimachinery\'s alphabet', () => {
    const s = load(DEPLOY(3), 7);
    const pods = podsOf(s, 'default', 'web-');
    expect(pods).toHaveLength(3);
    const hash = pods[0]!.labels['pod-template-hash']!;
    // SafeEncodeString of a decimal uint32: only the images of '0'-'9', at most 10 characters.
    expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
    for (const p of pods) {
      expect(p.name).toMatch(new RegExp(`^web-${hash}-[${ALPHANUMS}]{5}$`));
      expect(p.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.owner).toEqual({ kind: 'ReplicaSet', name: `web-${hash}`, deployment: 'web' });
    }
    expect(new Set(pods.map((p) => p.name)).size).toBe(3);
  });

  it('is deterministic per seed; the hash depends on the template only', () => {
    const a = podsOf(load(DEPLOY(3), 7), 'default', 'web-').map((p) => p.name);
    const b = podsOf(load(DEPLOY(3), 7), 'default', 'web-').map((p) => p.name);
    const c = podsOf(load(DEPLOY(3), 8), 'default', 'web-').map((p) => p.name);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const hashOf = (names: string[]) => names[0]!.split('-')[1];
    expect(hashOf(c)).toBe(hashOf(a));
    // Writing the defaulted protocol explicitly does not change the hash (the API server hashes the defaulted template).
    const explicit = load(DEPLOY(3).replace('containerPort: 80 }', 'containerPort: 80, protocol: TCP }'), 7);
    expect(podsOf(explicit, 'default', 'web-')[0]!.labels['pod-template-hash']).toBe(hashOf(a));
    const other = load(DEPLOY(3).replace('containerPort: 80', 'containerPort: 81'), 7);
    expect(podsOf(other, 'default', 'web-')[0]!.labels['pod-template-hash']).not.toBe(hashOf(a));
  });

  it('spreads replicas: fewest Pods first, ties by node name', () => {
    // CoreDNS (2 replicas) lands first: node-1, node-2. Then 5 web Pods: node-3 (0), then node-1, node-2, node-3,
    // node-1 → counts with CoreDNS 3/3/3... web alone: node-3, node-1, node-2, node-3, node-1.
    const s = load(DEPLOY(5));
    expect(podsOf(s, 'kube-system', 'coredns-').map((p) => p.nodeName)).toEqual(['node-1', 'node-2']);
    expect(podsOf(s, 'default', 'web-').map((p) => p.nodeName)).toEqual(['node-3', 'node-1', 'node-2', 'node-3', 'node-1']);
  });

  it('skips unschedulable, NotReady and tainted nodes unless tolerated; honours nodeSelector', () => {
    const nodes = `
apiVersion: v1
kind: Node
metadata: { name: a, labels: { node-role.kubernetes.io/control-plane: "" } }
spec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
---
apiVersion: v1
kind: Node
metadata: { name: b, labels: { disk: ssd } }
spec: { unschedulable: true }
---
apiVersion: v1
kind: Node
metadata: { name: c, labels: { disk: ssd } }
---
apiVersion: v1
kind: Node
metadata: { name: d }
status: { conditions: [{ type: Ready, status: "False" }] }
`;
    const s = loadManifests(
      `${nodes}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: ctr }] }
---
apiVersion: v1
kind: Pod
metadata: { name: ssd-only }
spec: { nodeSelector: { disk: ssd }, containers: [{ name: ctr }] }
---
apiVersion: v1
kind: Pod
metadata: { name: tolerant }
spec:
  tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]
  containers: [{ name: ctr }]
`,
      { rng: seededRng(1), coreDNS: false },
    );
    expect(podsOf(s, 'default', 'web-').map((p) => p.nodeName)).toEqual(['c', 'c']);
    expect(s.pods.find((p) => p.name === 'ssd-only')!.nodeName).toBe('c');
    // a has 0 Pods and tolerates its taint: fewest Pods wins.
    expect(s.pods.find((p) => p.name === 'tolerant')!.nodeName).toBe('a');
  });

  it('a Pod no node fits stays Pending with the scheduler\'s reasons', () => {
    const s = loadManifests(
      `
apiVersion: v1
kind: Node
metadata: { name: a }
spec: { unschedulable: true }
---
apiVersion: v1
kind: Node
metadata: { name: b }
spec: { taints: [{ key: gpu, value: "yes", effect: NoSchedule }] }
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec: { containers: [{ name: ctr }] }
`,
      { coreDNS: false },
    );
    const p = s.pods[0]!;
    expect([p.phase, p.nodeName, p.ready]).toEqual(['Pending', undefined, false]);
    expect(warnings(s)).toEqual([
      'document 3 (Pod default/p): Pod default/p is Pending: 0/2 nodes are available: 1 node(s) had untolerated taint {gpu: yes}, 1 node(s) were unschedulable.',
    ]);
  });

  it('StatefulSet: <name>-<ordinal>, hostname = Pod name, subdomain = serviceName', () => {
    const s = load(`${NODES3}---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db-headless
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: pg, ports: [{ name: pg, containerPort: 5432 }] }] }
`);
    const pods = podsOf(s, 'default', 'db-');
    expect(pods.map((p) => [p.name, p.hostname, p.subdomain])).toEqual([
      ['db-0', 'db-0', 'db-headless'],
      ['db-1', 'db-1', 'db-headless'],
    ]);
    expect(pods[1]!.labels['statefulset.kubernetes.io/pod-name']).toBe('db-1');
    expect(pods[1]!.labels['apps.kubernetes.io/pod-index']).toBe('1');
  });

  it('DaemonSet: one Pod per node its template fits, tainted nodes skipped', () => {
    const s = loadManifests(
      `
apiVersion: v1
kind: Node
metadata: { name: cp }
spec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
---
apiVersion: v1
kind: Node
metadata: { name: w1 }
spec: { unschedulable: true }
---
apiVersion: v1
kind: Node
metadata: { name: w2 }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { hostNetwork: true, containers: [{ name: a }] }
`,
      { rng: seededRng(3), coreDNS: false },
    );
    const pods = podsOf(s, 'kube-system', 'agent-');
    // The DaemonSet controller tolerates unschedulable nodes, not the control-plane taint.
    expect(pods.map((p) => [p.nodeName, p.ip])).toEqual([
      ['w1', '192.168.56.12'],
      ['w2', '192.168.56.13'],
    ]);
    for (const p of pods) expect(p.name).toMatch(new RegExp(`^agent-[${ALPHANUMS}]{5}$`));
  });
});

describe('pod-template-hash building blocks', () => {
  it('FNV-1a 32 test vectors', () => {
    // Fowler/Noll/Vo reference vectors: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });
  it('SafeEncodeString maps bytes to alphanums[b % 27]', () => {
    // '0' is byte 48, 48 % 27 = 21 → alphanums[21] = '4'; '6' is 54 % 27 = 0 → 'b'.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});

describe('Services', () => {
  const SVC = (spec: string, extra = '') => `${NODES3}---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
${spec}
${extra}`;

  it('ClusterIP defaults: TCP, targetPort = port, affinity None, internalTrafficPolicy Cluster, IPv4 single stack', () => {
    const s = load(SVC('  ports: [{ port: 80 }]'));
    const w = svc(s, 'default', 'web');
    expect(w.spec.type).toBe('ClusterIP');
    expect(w.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(w.spec.sessionAffinity).toBe('None');
    expect(w.spec.internalTrafficPolicy).toBe('Cluster');
    expect(w.spec.externalTrafficPolicy).toBeUndefined();
    expect(w.spec.ipFamilies).toEqual(['IPv4']);
    expect(w.spec.ipFamilyPolicy).toBe('SingleStack');
    expect(w.spec.clusterIPs).toEqual([w.spec.clusterIP]);
  });

  it('NodePort: node port from the upper band of 30000-32767, externalTrafficPolicy Cluster', () => {
    const s = load(SVC('  type: NodePort\n  ports: [{ port: 80 }]'));
    const w = svc(s, 'default', 'web');
    const np = w.spec.ports![0]!.nodePort!;
    // KEP-3668: static band min(max(16, 2768/32), 128) = 86 ports → dynamic picks start at 30086.
    expect(np).toBeGreaterThanOrEqual(30086);
    expect(np).toBeLessThanOrEqual(32767);
    expect(w.spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('one NodePort is shared by the protocols of one port number (alloc.go initNodePorts)', () => {
    const s = load(SVC('  type: NodePort\n  ports: [{ name: dns, port: 53, protocol: UDP }, { name: dns-tcp, port: 53, protocol: TCP }, { name: m, port: 9153 }]'));
    const [a, b, c] = svc(s, 'default', 'web').spec.ports!;
    expect(a!.nodePort).toBe(b!.nodePort);
    expect(c!.nodePort).not.toBe(a!.nodePort);
  });

  it('LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort; status ingress is kept', () => {
    const s = load(
      SVC('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  loadBalancerSourceRanges: [" 203.0.113.0/24 "]\n  ports: [{ port: 80, nodePort: 30080 }]', 'status: { loadBalancer: { ingress: [{ ip: 172.18.255.201 }] } }\n'),
    );
    const w = svc(s, 'default', 'web');
    expect(w.spec.ports![0]!.nodePort).toBe(30080);
    expect(w.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
    expect(w.spec.healthCheckNodePort).not.toBe(30080);
    expect(w.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(w.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24']);
    expect(w.status).toEqual({ loadBalancer: { ingress: [{ ip: '172.18.255.201' }] } });
    const pending = load(SVC('  type: LoadBalancer\n  ports: [{ port: 80 }]'));
    expect(svc(pending, 'default', 'web').status).toEqual({ loadBalancer: {} });
    expect(svc(pending, 'default', 'web').spec.healthCheckNodePort).toBeUndefined();
  });

  it('ClientIP affinity defaults to 10800 s', () => {
    const s = load(SVC('  sessionAffinity: ClientIP\n  ports: [{ port: 80 }]'));
    expect(svc(s, 'default', 'web').spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  it('headless and ExternalName Services get no ClusterIP', () => {
    const s = load(SVC('  clusterIP: None\n  selector: { app: web }', `---
apiVersion: v1
kind: Service
metadata: { name: remote }
spec: { type: ExternalName, externalName: paulo-rogerio.github.io }
`));
    const h = svc(s, 'default', 'web');
    expect([h.spec.clusterIP, h.spec.clusterIPs]).toEqual(['None', ['None']]);
    const e = svc(s, 'default', 'remote');
    expect(e.spec.clusterIP).toBeUndefined();
    expect(e.spec.externalName).toBe('paulo-rogerio.github.io');
    expect(e.spec.internalTrafficPolicy).toBeUndefined();
  });

  it('externalIPs make a ClusterIP Service externally reachable (externalTrafficPolicy defaults to Cluster)', () => {
    const s = load(SVC('  externalIPs: [192.168.56.200]\n  ports: [{ port: 80 }]'));
    expect(svc(s, 'default', 'web').spec.externalTrafficPolicy).toBe('Cluster');
    expect(svc(s, 'default', 'web').spec.externalIPs).toEqual(['192.168.56.200']);
  });

  it('a requested clusterIP is honoured', () => {
    const s = load(SVC('  clusterIP: 10.96.0.50\n  ports: [{ port: 80 }]'));
    expect(svc(s, 'default', 'web').spec.clusterIP).toBe('10.96.0.50');
  });

  it('dynamic ClusterIPs are unique, inside the service subnet and in the upper band', () => {
    let text = '';
    for (let i = 0; i < 60; i++) text += `---\napiVersion: v1\nkind: Service\nmetadata: { name: s${i} }\nspec: { ports: [{ port: 80 }] }\n`;
    const s = load(text, 42);
    const ips = s.services.slice(2).map((x) => ip(x.spec.clusterIP!));
    expect(new Set(ips).size).toBe(60);
    // /12: usable 10.96.0.1-10.111.255.254; static band = 256 addresses from 10.96.0.1 → dynamic from 10.96.1.1.
    for (const a of ips) {
      expect(a).toBeGreaterThanOrEqual(ip('10.96.1.1'));
      expect(a).toBeLessThanOrEqual(ip('10.111.255.254'));
    }
  });

  it('a small service subnet (/28) has no static band and still fits kubernetes, kube-dns and more', () => {
    const s = load('apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking: { serviceSubnet: 10.0.0.0/28 }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { ports: [{ port: 80 }] }\n');
    expect(svc(s, 'default', 'kubernetes').spec.clusterIP).toBe('10.0.0.1');
    expect(svc(s, 'kube-system', 'kube-dns').spec.clusterIP).toBe('10.0.0.10');
    const a = ip(svc(s, 'default', 'a').spec.clusterIP!);
    expect(a).toBeGreaterThanOrEqual(ip('10.0.0.1'));
    expect(a).toBeLessThanOrEqual(ip('10.0.0.14'));
    expect([ip('10.0.0.1'), ip('10.0.0.10')]).not.toContain(a);
  });

  it('requested NodePorts are reserved before dynamic ones are picked', () => {
    // With a 17-port range the static band is 16 ports (30000-30015) and the upper band is one port, 30016.
    // The first Service asks dynamically, the second requests 30016: the dynamic pick must not take it.
    const s = load(`apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer: { extraArgs: { service-node-port-range: "30000-30016" } }
---
apiVersion: v1
kind: Service
metadata: { name: a }
spec: { type: NodePort, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: b }
spec: { type: NodePort, ports: [{ port: 80, nodePort: 30016 }] }
`);
    expect(svc(s, 'default', 'b').spec.ports![0]!.nodePort).toBe(30016);
    const a = svc(s, 'default', 'a').spec.ports![0]!.nodePort!;
    expect(a).toBeGreaterThanOrEqual(30000);
    expect(a).toBeLessThanOrEqual(30015);
  });

  it('a declared kube-system/kube-dns replaces the built-in one and keeps the DNS address', () => {
    const s = load(`apiVersion: v1
kind: Service
metadata: { name: kube-dns, namespace: kube-system }
spec: { selector: { k8s-app: kube-dns }, ports: [{ name: dns, port: 53, protocol: UDP }] }
`);
    const dns = s.services.filter((x) => x.metadata.name === 'kube-dns');
    expect(dns).toHaveLength(1);
    expect(dns[0]!.spec.clusterIP).toBe('10.96.0.10');
    expect(dns[0]!.spec.ports).toEqual([{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }]);
  });
});

describe('derived EndpointSlices', () => {
  const CLUSTER = fixture('cluster.yaml');

  it('one slice per Service, named <svc>-<5 chars>, labelled, with the named targetPort resolved', () => {
    const s = load(CLUSTER, 5);
    const slices = s.derivedEndpointSlices.filter((x) => x.metadata.namespace === 'shop');
    expect(slices).toHaveLength(1);
    const sl = slices[0]!;
    expect(sl.metadata.name).toMatch(new RegExp(`^web-[${ALPHANUMS}]{5}$`));
    expect(sl.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(sl.addressType).toBe('IPv4');
    // targetPort "http" → containerPort 8080 of the nginx container.
    expect(sl.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const web = podsOf(s, 'shop', 'web-');
    expect(sl.endpoints!.map((e) => e.targetRef!.name)).toEqual(web.map((p) => p.name));
    expect(sl.endpoints![0]).toEqual({
      addresses: [],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: web[0]!.nodeName,
      targetRef: { kind: 'Pod', namespace: 'shop', name: web[0]!.name },
    });
    // The control plane is tainted: web Pods only on the workers (client already on worker-2).
    expect(web.map((p) => p.nodeName).sort()).toEqual(['worker-1', 'worker-1', 'worker-2']);
  });

  it('deriveEndpointSlices fills in the CNI\'s Pod IPs and refuses a bound Pod without one', () => {
    const s = load(CLUSTER, 5);
    const ips = new Map<string, string>();
    s.pods.forEach((p, i) => ips.set(`${p.namespace}/${p.name}`, `10.244.9.${i + 2}`));
    const filled = deriveEndpointSlices(s, ips);
    for (const sl of filled) for (const e of sl.endpoints ?? []) expect(e.addresses).toEqual([ips.get(`${e.targetRef!.namespace}/${e.targetRef!.name}`)]);
    expect(s.derivedEndpointSlices[0]!.endpoints![0]!.addresses).toEqual([]); // the spec itself is not modified
    expect(allEndpointSlices(s, ips).map((x) => x.metadata.name)).toEqual(['kubernetes', ...filled.map((x) => x.metadata.name)]);
    expect(() => deriveEndpointSlices(s, new Map())).toThrow(/has no IP: pass it in podIPs/);
  });

  it('Pods whose named port resolves differently go to different slices; a Pod lacking the name is warned about', () => {
    const s = load(`${NODES3}---
apiVersion: v1
kind: Pod
metadata: { name: a, labels: { app: x } }
spec: { nodeName: node-1, containers: [{ name: c, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: b, labels: { app: x } }
spec: { nodeName: node-2, containers: [{ name: c, ports: [{ name: http, containerPort: 9090 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: c, labels: { app: x } }
spec: { nodeName: node-3, containers: [{ name: c, ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: x }
spec: { selector: { app: x }, ports: [{ port: 80, targetPort: http }] }
`);
    const slices = s.derivedEndpointSlices.filter((x) => x.metadata.labels!['kubernetes.io/service-name'] === 'x');
    expect(slices.map((x) => [x.ports, x.endpoints!.map((e) => e.targetRef!.name)])).toEqual([
      [[{ name: '', port: 8080, protocol: 'TCP' }], ['a']],
      [[{ name: '', port: 9090, protocol: 'TCP' }], ['b']],
      [[], ['c']],
    ]);
    expect(warnings(s)).toContain('document 7 (Service default/x): spec.ports[0].targetPort "http" is not a TCP container port name of the selected Pod c: those Pods get no endpoint for it');
  });

  it('not-ready Pods are endpoints with ready/serving false, unless publishNotReadyAddresses', () => {
    const base = (pna: string) => `${NODES3}---
apiVersion: v1
kind: Pod
metadata: { name: a, labels: { app: x } }
spec: { nodeName: node-1, containers: [{ name: c }] }
status: { conditions: [{ type: Ready, status: "False" }] }
---
apiVersion: v1
kind: Service
metadata: { name: x }
spec: { ${pna}selector: { app: x }, ports: [{ port: 80 }] }
`;
    const cond = (t: string) => load(t).derivedEndpointSlices.find((x) => x.metadata.name!.startsWith('x-'))!.endpoints![0]!.conditions;
    expect(cond(base(''))).toEqual({ ready: false, serving: false, terminating: false });
    expect(cond(base('publishNotReadyAddresses: true, '))).toEqual({ ready: true, serving: false, terminating: false });
  });

  it('at most 100 endpoints per slice', () => {
    const s = loadManifests(
      `${NODES3}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: big }
spec:
  replicas: 101
  selector: { matchLabels: { app: big } }
  template: { metadata: { labels: { app: big } }, spec: { containers: [{ name: c }] } }
---
apiVersion: v1
kind: Service
metadata: { name: big }
spec: { selector: { app: big }, ports: [{ port: 80 }] }
`,
      { coreDNS: false },
    );
    expect(s.derivedEndpointSlices.map((x) => x.endpoints!.length)).toEqual([100, 1]);
    expect(new Set(s.derivedEndpointSlices.map((x) => x.metadata.name)).size).toBe(2);
  });

  it('a selector that selects nothing: a warning and an empty placeholder slice', () => {
    const s = load(`${NODES3}---
apiVersion: v1
kind: Service
metadata: { name: ghost }
spec: { selector: { app: ghost }, ports: [{ port: 80 }] }
`);
    expect(warnings(s)).toContain('document 4 (Service default/ghost): spec.selector app=ghost selects no Pods in namespace default: the Service has no endpoints');
    const ph = s.derivedEndpointSlices.find((x) => x.metadata.name!.startsWith('ghost-'))!;
    expect([ph.endpoints, ph.ports]).toEqual([[], []]);
  });

  it('headless Services: endpoints carry the hostname when the Pod\'s subdomain is the Service', () => {
    const s = load(`${NODES3}---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: nginx
  replicas: 1
  selector: { matchLabels: { app: nginx } }
  template: { metadata: { labels: { app: nginx } }, spec: { containers: [{ name: c }] } }
---
apiVersion: v1
kind: Service
metadata: { name: nginx }
spec: { clusterIP: None, selector: { app: nginx }, ports: [{ port: 80 }] }
`);
    const sl = s.derivedEndpointSlices.find((x) => x.metadata.name!.startsWith('nginx-'))!;
    expect(sl.metadata.labels!['service.kubernetes.io/headless']).toBe('');
    expect(sl.endpoints![0]!.hostname).toBe('web-0');
  });

  it('an explicit slice replaces derivation (and may point at IPs that are no Pods)', () => {
    const s = load(`${NODES3}---
apiVersion: v1
kind: Service
metadata: { name: ext }
spec: { ports: [{ name: pg, port: 5432 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: ext-1, labels: { kubernetes.io/service-name: ext } }
addressType: IPv4
endpoints: [{ addresses: [192.168.56.100], conditions: { ready: true } }]
ports: [{ name: pg, port: 5432 }]
`);
    expect(s.endpointSlices.map((x) => x.metadata.name)).toEqual(['kubernetes', 'ext-1']);
    expect(s.endpointSlices[1]!.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    expect(s.derivedEndpointSlices.some((x) => x.metadata.labels!['kubernetes.io/service-name'] === 'ext')).toBe(false);
  });

  it('an explicit slice for a Service with a selector suppresses derivation, with a warning', () => {
    const s = load(`${NODES3}---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-manual, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
endpoints: [{ addresses: [10.244.1.5] }]
ports: [{ port: 80 }]
`);
    expect(s.derivedEndpointSlices.some((x) => x.metadata.labels!['kubernetes.io/service-name'] === 'web')).toBe(false);
    expect(warnings(s)).toContain(
      'document 5 (EndpointSlice default/web-manual): Service default/web has a selector, so a real cluster\'s EndpointSlice controller would add its own slices too; here this slice replaces them',
    );
  });
});

describe('configuration documents', () => {
  it('kubeadm v1beta4 + InitConfiguration + KubeProxyConfiguration', () => {
    const s = load(`${fixture('kubeadm-config.yaml')}---
apiVersion: v1
kind: Node
metadata: { name: cp-1 }
---
apiVersion: v1
kind: Node
metadata: { name: w-1 }
---
apiVersion: v1
kind: Service
metadata: { name: np }
spec: { type: NodePort, ports: [{ port: 80 }] }
`);
    expect([s.config.podSubnet, s.config.serviceSubnet, s.config.dnsDomain]).toEqual(['10.10.0.0/16', '10.20.0.0/16', 'lab.local']);
    expect(s.config.nodePortRange).toEqual({ first: 31000, last: 31999 });
    expect(s.config.nodeCIDRMaskSize).toBe(25);
    expect(s.nodes.map((n) => n.podCIDR)).toEqual(['10.10.0.0/25', '10.10.0.128/25']);
    expect(s.config.kubernetesServiceIP).toBe('10.20.0.1');
    expect(s.config.clusterDNS).toBe('10.20.0.10');
    expect(s.config.proxy).toEqual({
      enabled: true,
      mode: 'ipvs',
      clusterCIDR: '10.10.0.0/16',
      nodePortAddresses: ['192.168.56.0/24'],
      masqueradeAll: true,
      masqueradeBit: 15,
      localhostNodePorts: false,
    });
    const np = svc(s, 'default', 'np').spec.ports![0]!.nodePort!;
    // 1000 ports: static band max(16, 1000/32 = 31) = 31 → dynamic from 31031.
    expect(np).toBeGreaterThanOrEqual(31031);
    expect(np).toBeLessThanOrEqual(31999);
    expect(s.endpointSlices[0]!.endpoints).toEqual([{ addresses: ['192.168.56.11'], conditions: { ready: true } }]);
    expect(proxierConfigFor(s, 'w-1')).toEqual({
      nodeName: 'w-1',
      nodeIPs: ['192.168.56.12'],
      clusterCIDR: '10.10.0.0/16',
      masqueradeBit: 15,
      masqueradeAll: true,
      localhostNodePorts: false,
      nodePortAddresses: ['192.168.56.0/24'],
    });
  });

  it('kubeadm v1beta3 extraArgs is a map', () => {
    const s = load('apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    service-node-port-range: 20000-20999\n');
    expect(s.config.nodePortRange).toEqual({ first: 20000, last: 20999 });
  });

  it('kubeadm\'s ConfigMaps kube-system/kubeadm-config and kube-system/kube-proxy are read too', () => {
    const s = load(`apiVersion: v1
kind: ConfigMap
metadata: { name: kubeadm-config, namespace: kube-system }
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta4
    kind: ClusterConfiguration
    networking: { podSubnet: 10.50.0.0/16 }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-proxy, namespace: kube-system }
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    mode: ipvs
`);
    expect(s.config.podSubnet).toBe('10.50.0.0/16');
    expect(s.config.proxy.mode).toBe('ipvs');
    expect(s.config.proxy.clusterCIDR).toBe('10.50.0.0/16');
  });

  it('Network and Host (k8snet.dev/v1alpha1)', () => {
    const s = load(`apiVersion: k8snet.dev/v1alpha1
kind: Network
metadata: { name: underlay }
spec: { cidr: 10.0.0.0/24, gateway: 10.0.0.254, mtu: 9000 }
---
apiVersion: k8snet.dev/v1alpha1
kind: Host
metadata: { name: client }
spec: { ports: [{ name: http, port: 80 }] }
---
apiVersion: k8snet.dev/v1alpha1
kind: Host
metadata: { name: dns }
spec: { ip: 1.1.1.1, ports: [{ port: 53, protocol: UDP }] }
---
apiVersion: v1
kind: Node
metadata: { name: nn }
`);
    expect(s.config.network).toEqual({ cidr: '10.0.0.0/24', gateway: '10.0.0.254', mtu: 9000 });
    expect(s.nodes[0]!.internalIPs).toEqual(['10.0.0.11']);
    expect(s.hosts).toEqual([
      { name: 'client', labels: {}, ip: '10.0.0.100', onNodeNetwork: true, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
      { name: 'dns', labels: {}, ip: '1.1.1.1', onNodeNetwork: false, ports: [{ port: 53, protocol: 'UDP' }] },
    ]);
    expect(s.config.cni.flannel!.mtu).toBe(8950);
  });

  it('CNIConfig: flannel host-gw from a conflist and net-conf.json given as JSON text, without --ip-masq', () => {
    const s = load(`apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: flannel }
spec:
  conflist: '{"name":"cbr0","cniVersion":"1.0.0","plugins":[{"type":"flannel","delegate":{"isDefaultGateway":true}}]}'
  netConf: '{"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}}'
  flanneldArgs: ["--kube-subnet-mgr"]
`);
    expect(s.config.cni).toEqual({
      plugin: 'flannel',
      networkName: 'cbr0',
      cniVersion: '1.0.0',
      // No --ip-masq → the bridge masquerades itself (ipMasq = !FLANNEL_IPMASQ); host-gw keeps MTU 1500.
      bridge: { bridge: 'cni0', isGateway: true, isDefaultGateway: true, hairpinMode: false, promiscMode: false, ipMasq: true, mtu: 1500 },
      ipam: { type: 'host-local', subnet: 'podCIDR', routes: [{ dst: '10.244.0.0/16' }] },
      portmap: false,
      flannel: { network: '10.244.0.0/16', backend: { type: 'host-gw' }, ipMasq: false, mtu: 1500 },
    });
  });

  it('CNIConfig: bridge + host-local with the per-node placeholder', () => {
    const s = load(`apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: bridge }
spec:
  conflist:
    name: k8s
    cniVersion: 0.4.0
    plugins:
      - type: bridge
        bridge: br0
        isDefaultGateway: true
        ipMasq: true
        ipam: { type: host-local, ranges: [[{ subnet: usePodCidr }]], routes: [{ dst: 0.0.0.0/0 }] }
`);
    expect(s.config.cni).toEqual({
      plugin: 'bridge',
      networkName: 'k8s',
      cniVersion: '0.4.0',
      bridge: { bridge: 'br0', isGateway: true, isDefaultGateway: true, hairpinMode: false, promiscMode: false, ipMasq: true, mtu: 1500 },
      ipam: { type: 'host-local', subnet: 'podCIDR', routes: [{ dst: '0.0.0.0/0' }] },
      portmap: false,
    });
  });

  it('kube-flannel.yml\'s ConfigMap configures the CNI; other kinds in it are ignored with a warning', () => {
    const s = loadManifests(fixture('kube-flannel-cfg.yaml'), { coreDNS: false });
    expect(s.config.cni.plugin).toBe('flannel');
    expect(s.config.cni.flannel!.backend).toEqual({ type: 'vxlan', vni: 1, port: 8472, directRouting: false });
    expect(s.config.cni.bridge.hairpinMode).toBe(true);
    expect(s.namespaces.find((n) => n.name === 'kube-flannel')!.labels).toEqual({
      'k8s-app': 'flannel',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'kubernetes.io/metadata.name': 'kube-flannel',
    });
    expect(warnings(s)).toEqual(['document 2 (ServiceAccount flannel): kind ServiceAccount (v1) is not modelled by the simulator: ignored']);
  });

  it('Namespace labels: kubernetes.io/metadata.name is always the name', () => {
    const s = load('apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { kubernetes.io/metadata.name: other, team: a } }\n');
    expect(s.namespaces.find((n) => n.name === 'shop')!.labels).toEqual({ 'kubernetes.io/metadata.name': 'shop', team: 'a' });
  });

  it('NetworkPolicy: namespace filled in, validated with netpol', () => {
    const s = load(fixture('cluster.yaml'));
    expect(s.networkPolicies).toHaveLength(1);
    expect(s.networkPolicies[0]!.metadata).toEqual({ name: 'web-from-client', namespace: 'shop' });
    const d = load('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny }\nspec: { podSelector: {} }\n');
    expect(d.networkPolicies[0]!.metadata.namespace).toBe('default');
  });
});

describe('input forms', () => {
  it('kind: List items are applied like separate documents', () => {
    const s = load(`apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: Node, metadata: { name: a } }
  - { apiVersion: v1, kind: Node, metadata: { name: b }, spec: { podCIDRz: x } }
`);
    expect(s.nodes.map((n) => n.name)).toEqual(['a', 'b']);
    expect(s.warnings.map((w) => [w.message, w.line])).toEqual([['document 1, item 2 (Node b): unknown field "spec.podCIDRz"', 5]]);
  });

  it('an empty List (kubectl get -o yaml of nothing) adds nothing and says nothing', () => {
    const s = loadManifests('apiVersion: v1\nkind: List\nitems: []\nmetadata: { resourceVersion: "" }\n', { coreDNS: false });
    expect([s.nodes, s.warnings]).toEqual([[], []]);
  });

  it('JSON text is read like YAML', () => {
    const s = load(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'j' } }] }));
    expect(s.nodes.map((n) => n.name)).toEqual(['j']);
  });

  it('several texts are applied in order and messages name the file', () => {
    const a = { name: 'nodes.yaml', text: NODES3 };
    const b = { name: 'app.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: node-3, containers: [{ name: c }], colour: blue }\n' };
    const s = loadManifests([a, b], { rng: seededRng(1) });
    expect(s.pods.find((p) => p.name === 'p')!.nodeName).toBe('node-3');
    expect(s.warnings.find((w) => w.message.includes('colour'))).toEqual({
      severity: 'warning',
      message: 'app.yaml, document 1 (Pod default/p): unknown field "spec.colour"',
      file: 'app.yaml',
      document: 1,
      line: 4,
      object: 'Pod default/p',
      field: 'spec.colour',
    });
  });

  it('YAML 1.1 booleans, as Kubernetes reads YAML: `no` is false, so a label value `no` is a type error', () => {
    expect(() => load('apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { country: no } }\n')).toThrow(
      'document 1 (Namespace shop): metadata.labels.country must be a string, not the boolean false (YAML reads yes, no, on, off, y and n as booleans: put the value in quotes)',
    );
  });

  it('loadObjects takes plain objects, Lists included', () => {
    const s = loadObjects([{ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'o' } }] }], { coreDNS: false });
    expect(s.nodes.map((n) => n.name)).toEqual(['o']);
  });

  it('is deterministic: same input and seed, same ClusterSpec', () => {
    expect(load(fixture('cluster.yaml'), 9)).toEqual(load(fixture('cluster.yaml'), 9));
  });
});
