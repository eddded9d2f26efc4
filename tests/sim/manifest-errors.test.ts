/**
 * Manifest loader errors and warnings: every rule with its exact message, all errors reported together, and
 * nothing returned when anything is wrong. The rules come from the API server's validation and allocators
 * (cited in the loader's modules); the wording is the simulator's own, naming document, object, field and fix.
 */
import { describe, expect, it } from 'vitest';
import { SimError } from '../../src/sim/core/errors';
import { seededRng } from '../../src/sim/core/rng';
import { loadManifests, ManifestError } from '../../src/sim/k8s/manifest';

const NODES2 = `apiVersion: v1
kind: Node
metadata: { name: node-1 }
---
apiVersion: v1
kind: Node
metadata: { name: node-2 }
`;

/** The error lines of a failing load. */
function errorsOf(text: string | { name: string; text: string }[]): string[] {
  try {
    loadManifests(text, { rng: seededRng(1) });
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).code).toBe('BAD_MANIFEST');
    const lines = (e as Error).message.split('\n');
    expect((e as ManifestError).issues.map((i) => i.message)).toEqual(lines);
    return lines;
  }
  throw new Error('expected the load to fail');
}

const doc = (body: string) => `---\n${body}`;

describe('Service rules', () => {
  it('nodePort outside the range', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata: { name: other }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { type: NodePort, ports: [{ port: 80, nodePort: 80 }] }
`;
    expect(errorsOf(text)).toEqual(['document 2 (Service default/web): spec.ports[0].nodePort 80 is outside the range 30000-32767']);
  });

  it('nodePort on a ClusterIP Service', () => {
    expect(errorsOf('apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80, nodePort: 30080 }] }\n')).toEqual([
      'document 1 (Service default/web): spec.ports[0].nodePort may not be used when type is ClusterIP: use type NodePort or LoadBalancer',
    ]);
  });

  it('nodePort already allocated to another Service', () => {
    const a = 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }\n';
    const b = 'apiVersion: v1\nkind: Service\nmetadata: { name: b }\nspec: { type: NodePort, ports: [{ port: 81, nodePort: 30080 }] }\n';
    expect(errorsOf(a + doc(b))).toEqual(['document 2 (Service default/b): spec.ports[0].nodePort 30080 is already allocated to Service default/a']);
  });

  it('port out of range, ports without names, duplicate names and duplicate port/protocol pairs', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  ports:
    - { name: http, port: 70000 }
    - { port: 81 }
    - { name: http, port: 82 }
    - { name: again, port: 82 }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Service default/web): spec.ports[0].port 70000 is not a valid port: it must be between 1 and 65535',
      'document 1 (Service default/web): spec.ports[1].name is required when a Service has more than one port',
      'document 1 (Service default/web): spec.ports[2].name "http" is used by another port of this Service',
      'document 1 (Service default/web): spec.ports[3] repeats port 82/TCP: each port and protocol pair may appear once',
    ]);
  });

  it('a Service without ports (not headless, not ExternalName)', () => {
    expect(errorsOf('apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { selector: { app: web } }\n')).toEqual([
      'document 1 (Service default/web): spec.ports is required: a Service needs at least one port (only headless and ExternalName Services may have none)',
    ]);
  });

  it('clusterIP outside the service subnet, or taken', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: a }
spec: { clusterIP: 10.200.0.1, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: b }
spec: { clusterIP: 10.96.0.10, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: c }
spec: { clusterIP: 10.96.0.50, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: d }
spec: { clusterIP: 10.96.0.50, ports: [{ port: 80 }] }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Service default/a): spec.clusterIP 10.200.0.1 is outside the service subnet 10.96.0.0/12 (usable 10.96.0.1-10.111.255.254)',
      'document 2 (Service default/b): spec.clusterIP 10.96.0.10 is already allocated to Service kube-system/kube-dns',
      'document 4 (Service default/d): spec.clusterIP 10.96.0.50 is already allocated to Service default/c',
    ]);
  });

  it('type-specific fields on the wrong type', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  clusterIP: None
  externalTrafficPolicy: Local
  healthCheckNodePort: 30500
  loadBalancerSourceRanges: [10.0.0.0/8]
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: internal }
spec: { externalTrafficPolicy: Local, ports: [{ port: 80 }] }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Service default/web): spec.clusterIP may not be "None" for type NodePort: only a ClusterIP Service can be headless',
      'document 1 (Service default/web): spec.loadBalancerSourceRanges may only be used when type is LoadBalancer',
      'document 1 (Service default/web): spec.healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local',
      'document 2 (Service default/internal): spec.externalTrafficPolicy may only be set for externally reachable Services (type NodePort or LoadBalancer, or with externalIPs)',
    ]);
  });

  it('affinity timeout, bad enum values, ExternalName without a name, special external IPs', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: Loadbalancer
  sessionAffinity: ClientIP
  sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } }
  externalIPs: [127.0.0.1]
  ports: [{ port: 80, protocol: tcp }]
---
apiVersion: v1
kind: Service
metadata: { name: ext }
spec: { type: ExternalName }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Service default/web): spec.type "Loadbalancer" is not supported: use "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"',
      'document 1 (Service default/web): spec.ports[0].protocol "tcp" is not supported: use "TCP", "UDP", "SCTP"',
      'document 1 (Service default/web): spec.externalIPs[0] 127.0.0.1 may not be a loopback address',
      'document 1 (Service default/web): spec.sessionAffinityConfig.clientIP.timeoutSeconds 90000 must be between 1 and 86400 (one day)',
      'document 2 (Service default/ext): spec.externalName is required for type ExternalName',
    ]);
  });

  it('default/kubernetes belongs to the API server', () => {
    expect(errorsOf('apiVersion: v1\nkind: Service\nmetadata: { name: kubernetes }\nspec: { ports: [{ port: 443 }] }\n')).toEqual([
      'document 1 (Service default/kubernetes): Service default/kubernetes belongs to the API server, which always creates it (ClusterIP = first address of the service subnet): remove this document',
    ]);
  });

  it('a Service name must be a DNS-1035 label', () => {
    expect(errorsOf('apiVersion: v1\nkind: Service\nmetadata: { name: 1web }\nspec: { ports: [{ port: 80 }] }\n')).toEqual([
      'document 1 (Service default/1web): metadata.name "1web" is not a valid name: must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\')',
    ]);
  });
});

describe('Pod and workload rules', () => {
  it('a Pod asks for a node the cluster does not have', () => {
    const text = `${NODES2}---
apiVersion: v1
kind: Pod
metadata: { name: web }
spec: { nodeName: node-3, containers: [{ name: c }] }
`;
    expect(errorsOf(text)).toEqual(['document 3 (Pod default/web): spec.nodeName asks for node node-3, but the cluster has node-1 and node-2']);
  });

  it('a Deployment template pinned to an unknown node is reported once', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { nodeName: gone, containers: [{ name: c }] } }
`;
    expect(errorsOf(text)).toEqual(['document 1 (Deployment default/web): spec.template.spec.nodeName asks for node gone, but the cluster has no nodes']);
  });

  it('the same object twice', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec: { containers: [{ name: c }] }\n';
    expect(errorsOf(pod + doc(pod))).toEqual(['document 2 (Pod default/web): Pod default/web is defined twice: document 1 already defines it']);
    expect(errorsOf([{ name: 'a.yaml', text: pod }, { name: 'b.yaml', text: pod }])).toEqual([
      'b.yaml, document 1 (Pod default/web): Pod default/web is defined twice: a.yaml, document 1 already defines it',
    ]);
  });

  it('a namespace nobody declared', () => {
    expect(errorsOf('apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec: { containers: [{ name: c }] }\n')).toEqual([
      'document 1 (Pod shop/p): metadata.namespace "shop" does not exist: add a Namespace named shop',
    ]);
  });

  it('containers: required, unique names, unique port names, valid ports, hostPort with hostNetwork', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: a }
spec: {}
---
apiVersion: v1
kind: Pod
metadata: { name: b }
spec:
  hostNetwork: true
  containers:
    - { name: c, ports: [{ name: http, containerPort: 80, hostPort: 8080 }] }
    - { name: c, ports: [{ name: http, containerPort: 0 }, { name: web, containerPort: 81 }, { name: Web_UI, containerPort: 82 }] }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Pod default/a): spec.containers is required: a Pod needs at least one container',
      'document 2 (Pod default/b): spec.containers[0].ports[0].hostPort 8080 must equal containerPort 80 when hostNetwork is true',
      'document 2 (Pod default/b): spec.containers[1].name "c" is used by another container of this Pod',
      'document 2 (Pod default/b): spec.containers[1].ports[0].containerPort 0 is not a valid port: it must be between 1 and 65535',
      'document 2 (Pod default/b): spec.containers[1].ports[2].name "Web_UI" is not a valid port name: it must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('status.podIP must be in the node\'s host-local range and unique', () => {
    const text = `${NODES2}---
apiVersion: v1
kind: Pod
metadata: { name: a }
spec: { nodeName: node-1, containers: [{ name: c }] }
status: { podIP: 10.244.1.5 }
---
apiVersion: v1
kind: Pod
metadata: { name: b }
spec: { nodeName: node-1, containers: [{ name: c }] }
status: { podIP: 10.244.0.1 }
---
apiVersion: v1
kind: Pod
metadata: { name: c }
spec: { nodeName: node-2, containers: [{ name: c }] }
status: { podIP: 10.244.1.5 }
---
apiVersion: v1
kind: Pod
metadata: { name: d }
spec: { nodeName: node-2, containers: [{ name: c }] }
status: { podIP: 10.244.1.5 }
`;
    expect(errorsOf(text)).toEqual([
      "document 3 (Pod default/a): status.podIP 10.244.1.5 is outside node node-1's Pod range 10.244.0.0/24: host-local hands out 10.244.0.2-10.244.0.254 (10.244.0.1 is the gateway)",
      "document 4 (Pod default/b): status.podIP 10.244.0.1 is outside node node-1's Pod range 10.244.0.0/24: host-local hands out 10.244.0.2-10.244.0.254 (10.244.0.1 is the gateway)",
      "document 6 (Pod default/d): status.podIP 10.244.1.5 is already Pod default/c's address",
    ]);
  });

  it('Deployment selector: required in apps/v1, must match the template labels', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: a }
spec: { template: { metadata: { labels: { app: a } }, spec: { containers: [{ name: c }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: b }
spec:
  replicas: -1
  selector: { matchLabels: { app: b } }
  template: { metadata: { labels: { app: bee } }, spec: { containers: [{ name: c }] } }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Deployment default/a): spec.selector is required in apps/v1',
      'document 2 (Deployment default/b): spec.template.metadata.labels do not match spec.selector: the Deployment would never find its own Pods',
      'document 2 (Deployment default/b): spec.replicas -1 must be 0 or more',
    ]);
  });

  it('an old apiVersion', () => {
    expect(errorsOf('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: { name: web }\nspec: {}\n')).toEqual([
      'document 1 (Deployment default/web): apiVersion "extensions/v1beta1" does not serve kind Deployment: use apps/v1',
    ]);
  });
});

describe('Node, network and configuration rules', () => {
  it('a misaligned podSubnet names the aligned form', () => {
    expect(errorsOf('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: { podSubnet: 10.244.1.0/16 }\n')).toEqual([
      'document 1 (ClusterConfiguration): networking.podSubnet "10.244.1.0/16" has host bits set: a /16 starts at 10.244.0.0, so write 10.244.0.0/16 (or use a longer prefix)',
    ]);
  });

  it('subnets that are too large, too small or overlapping', () => {
    expect(errorsOf('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: { serviceSubnet: 10.0.0.0/8, podSubnet: 10.244.0.0/25 }\n')).toEqual([
      'document 1 (ClusterConfiguration): networking.serviceSubnet 10.0.0.0/8 is too large: the API server allows at most /12 for IPv4',
      'document 1 (ClusterConfiguration): networking.podSubnet 10.244.0.0/25 is smaller than one node\'s range (/24): use /24 or shorter',
      'document 1 (ClusterConfiguration): networking.podSubnet 10.244.0.0/25 overlaps the serviceSubnet 10.0.0.0/8: Pod IPs and ClusterIPs must not collide',
    ]);
    expect(errorsOf('apiVersion: k8snet.dev/v1alpha1\nkind: Network\nmetadata: { name: u }\nspec: { cidr: 10.244.0.0/24 }\n')).toEqual([
      'document 1 (Network u): spec.cidr 10.244.0.0/24 overlaps the podSubnet 10.244.0.0/16: node addresses and cluster addresses must not collide',
    ]);
    // Calico's favourite pod CIDR against the default node network.
    expect(errorsOf('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: { podSubnet: 192.168.0.0/16 }\n')).toEqual([
      'document 1 (ClusterConfiguration): networking.podSubnet 192.168.0.0/16 overlaps the node network 192.168.56.0/24 (the default; declare a k8snet.dev Network to change it): node addresses and cluster addresses must not collide',
    ]);
  });

  it('v1beta4 extraArgs must be a list, v1beta3 a map', () => {
    expect(errorsOf('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer: { extraArgs: { service-node-port-range: 30000-32767 } }\n')).toEqual([
      'document 1 (ClusterConfiguration): apiServer.extraArgs must be a list of {name, value} in kubeadm.k8s.io/v1beta4 (a map was the v1beta3 form)',
    ]);
    expect(errorsOf('apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer: { extraArgs: [{ name: service-node-port-range, value: 1-2-3 }] }\n')).toEqual([
      'document 1 (ClusterConfiguration): apiServer.extraArgs must be a map of flag name to value in kubeadm.k8s.io/v1beta3 (a list of {name, value} is the v1beta4 form)',
    ]);
  });

  it('node addresses: outside the node network, or used twice', () => {
    const text = `apiVersion: v1
kind: Node
metadata: { name: a }
status: { addresses: [{ type: InternalIP, address: 10.0.0.5 }] }
---
apiVersion: v1
kind: Node
metadata: { name: b }
status: { addresses: [{ type: InternalIP, address: 192.168.56.20 }] }
---
apiVersion: v1
kind: Node
metadata: { name: c }
status: { addresses: [{ type: InternalIP, address: 192.168.56.20 }, { type: InternalIP, address: 192.168.56.1 }] }
`;
    expect(errorsOf(text)).toEqual([
      "document 1 (Node a): status.addresses[0].address 10.0.0.5 is outside the node network 192.168.56.0/24: put the node on it, or change the Network's spec.cidr",
      "document 3 (Node c): status.addresses[0].address 192.168.56.20 is already node b's address",
      'document 3 (Node c): status.addresses[1].address 192.168.56.1 is already the gateway of the node network',
    ]);
  });

  it('podCIDRs outside the podSubnet or overlapping', () => {
    const text = `apiVersion: v1
kind: Node
metadata: { name: a }
spec: { podCIDR: 10.245.0.0/24 }
---
apiVersion: v1
kind: Node
metadata: { name: b }
spec: { podCIDR: 10.244.4.0/23 }
---
apiVersion: v1
kind: Node
metadata: { name: c }
spec: { podCIDR: 10.244.5.0/24 }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (Node a): spec.podCIDR 10.245.0.0/24 is outside the podSubnet 10.244.0.0/16',
      "document 3 (Node c): spec.podCIDR 10.244.5.0/24 overlaps node b's podCIDR 10.244.4.0/23",
    ]);
  });

  it('flannel\'s Network must contain every podCIDR', () => {
    const text = `${NODES2}---
apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: flannel }
spec: { netConf: { Network: 10.245.0.0/16, Backend: { Type: vxlan } } }
`;
    expect(errorsOf(text)).toEqual([
      "document 3 (CNIConfig flannel): spec.netConf.Network 10.245.0.0/16 does not contain node node-1's podCIDR 10.244.0.0/24 (nor 1 other node): flannel with --kube-subnet-mgr refuses such a lease; set Network to the podSubnet 10.244.0.0/16",
    ]);
  });

  it('CNI configurations the simulator cannot run', () => {
    const text = `apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: a }
spec:
  conflist: { name: x, plugins: [{ type: calico }] }
---
apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: b }
spec:
  netConf: '{"Network": "10.244.0.0/16"}'
---
apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: c }
spec:
  conflist: { name: x, plugins: [{ type: bridge, hairpinMode: true, promiscMode: true, ipam: { type: dhcp } }] }
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (CNIConfig a): spec.conflist.plugins[0].type "calico" is not modelled: the first plugin must be "flannel" or "bridge"',
      'document 2 (CNIConfig b): spec.netConf.Backend is absent, which means flannel\'s "udp" backend: not modelled; set Backend.Type to "vxlan" or "host-gw"',
      'document 2 (CNIConfig b): a second CNI configuration: document 1 already sets it; keep one',
      'document 3 (CNIConfig c): spec.conflist.plugins[0] sets both hairpinMode and promiscMode: the bridge plugin refuses that, keep one',
      'document 3 (CNIConfig c): spec.conflist.plugins[0].ipam.type "dhcp" is not modelled: use "host-local"',
      'document 3 (CNIConfig c): a second CNI configuration: document 1 already sets it; keep one',
    ]);
  });

  it('kernel settings must be values the sysctl takes; unknown sysctls are warnings', () => {
    const text = `apiVersion: v1
kind: Node
metadata:
  name: a
  annotations:
    k8snet.dev/sysctl.net.ipv4.ip_forward: "yes"
`;
    expect(errorsOf(text)).toEqual(['document 1 (Node a): metadata.annotations["k8snet.dev/sysctl.net.ipv4.ip_forward"] "yes" is not a value of net.ipv4.ip_forward: use 0, 1']);
    const ok = loadManifests('apiVersion: v1\nkind: Node\nmetadata:\n  name: a\n  annotations:\n    k8snet.dev/sysctl.net.core.somaxconn: "4096"\n', { coreDNS: false });
    expect(ok.warnings.map((w) => w.message)).toEqual([
      'document 1 (Node a): sysctl net.core.somaxconn is not modelled: ignored (modelled: net.ipv4.ip_forward, net.ipv4.conf.all.rp_filter, net.ipv4.conf.all.route_localnet, net.bridge.bridge-nf-call-iptables, net.ipv4.icmp_echo_ignore_all)',
    ]);
  });

  it('kube-proxy modes outside the model, and the masquerade bit', () => {
    expect(errorsOf('apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\niptables: { masqueradeBit: 32 }\n')).toEqual([
      'document 1 (KubeProxyConfiguration): mode "nftables" is not modelled by the simulator: use "iptables" or "ipvs"',
      'document 1 (KubeProxyConfiguration): iptables.masqueradeBit 32 must be between 0 and 31',
    ]);
  });

  it('an unknown kind of the k8snet.dev group', () => {
    expect(errorsOf('apiVersion: k8snet.dev/v1alpha1\nkind: Router\nmetadata: { name: r }\n')).toEqual([
      'document 1 (Router r): kind "Router" is not a kind of k8snet.dev/v1alpha1: use Network, Host or CNIConfig',
    ]);
  });
});

describe('NetworkPolicy rules come from netpol\'s validatePolicy', () => {
  it('an invalid policy is an error in the API server\'s words; an unknown field a warning', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: bad }
spec:
  podSelector: {}
  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/33 } }] }]
`;
    expect(errorsOf(text)).toEqual([
      'document 1 (NetworkPolicy default/bad): spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    const s = loadManifests('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p }\nspec:\n  podSelector: {}\n  ingress: [{ form: [] }]\n', { coreDNS: false });
    expect(s.warnings.map((w) => [w.message, w.line])).toEqual([['document 1 (NetworkPolicy default/p): unknown field "spec.ingress[0].form"', 6]]);
  });
});

describe('reporting', () => {
  it('collects every error of every document, one per line, with lines and fields', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: 80
---
apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  nodeName: node-9
  containers: [{ name: c }]
---
kind: Node
`;
    let err: ManifestError | undefined;
    try {
      loadManifests(text);
    } catch (e) {
      err = e as ManifestError;
    }
    expect(err).toBeInstanceOf(ManifestError);
    expect(err!.message).toBe(
      [
        'document 3 (Node): apiVersion is required',
        'document 2 (Pod default/web): spec.nodeName asks for node node-9, but the cluster has no nodes',
        'document 1 (Service default/web): spec.ports[0].nodePort 80 is outside the range 30000-32767',
      ].join('\n'),
    );
    expect(err!.issues.map((i) => [i.document, i.line, i.field])).toEqual([
      [3, 17, 'apiVersion'],
      [2, 14, 'spec.nodeName'],
      [1, 8, 'spec.ports[0].nodePort'],
    ]);
  });

  it('YAML syntax errors name the line', () => {
    expect(errorsOf('apiVersion: v1\nkind: Pod\nmetadata: { name: p\n')[0]).toMatch(/^document 1: YAML syntax error at line \d+: /);
  });

  it('a document that is not an object, or has no kind', () => {
    expect(errorsOf('- a\n- b\n---\napiVersion: v1\nmetadata: { name: x }\n')).toEqual([
      'document 1: is not a Kubernetes object: write a map with apiVersion, kind and metadata',
      'document 2: kind is required',
    ]);
  });

  it('nothing is returned when there is an error, even alongside valid documents', () => {
    const text = `${NODES2}---\napiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: node-1, containers: [{ name: c, ports: [{ containerPort: 99999 }] }] }\n`;
    expect(() => loadManifests(text)).toThrow(ManifestError);
  });

  it('warnings: unknown fields, kinds the simulator ignores, legacy Endpoints', () => {
    const s = loadManifests(
      `apiVersion: v1
kind: Pod
metadata: { name: p, labelz: { a: b } }
spec: { containers: [{ name: c, portz: [] }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
---
apiVersion: v1
kind: Endpoints
metadata: { name: e }
`,
      { coreDNS: false },
    );
    expect(s.warnings.map((w) => w.message)).toEqual([
      'document 1 (Pod default/p): unknown field "metadata.labelz"',
      'document 1 (Pod default/p): unknown field "spec.containers[0].portz"',
      'document 2 (ClusterRole r): kind ClusterRole (rbac.authorization.k8s.io/v1) is not modelled by the simulator: ignored',
      'document 3 (Endpoints default/e): Endpoints (v1) is not modelled (kube-proxy reads EndpointSlices): write a discovery.k8s.io/v1 EndpointSlice instead; ignored',
      'document 1 (Pod default/p): Pod default/p is Pending: no nodes available to schedule pods',
    ]);
  });
});
