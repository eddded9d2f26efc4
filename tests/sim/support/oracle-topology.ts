/**
 * The miniature data plane of ORACLE-FACTS.md, rebuilt in the simulator: three nodes on one L2 underlay
 * (192.168.56.11-13/24) with an outside client at 192.168.56.1, a cni0 bridge per node (10.244.N.1/24) with two
 * Pods (10.244.N.2 "a", 10.244.N.3 "b", each listening on 0.0.0.0:8080), Pod routes by host-gw or flannel
 * VXLAN, kube-proxy iptables rules for a ClusterIP+NodePort Service with two endpoints ("web",
 * 10.96.0.101:80 → n1-a and n2-a :8080, nodePort 30080) and one without endpoints ("empty", 10.96.0.102:80,
 * nodePort 30081), flannel's ip-masq chain, and the sysctls of the reference run (ip_forward=1, rp_filter=1,
 * bridge-nf-call-iptables=1, route_localnet=1, hairpin on the Pod ports) unless a variant changes them.
 */
import { createWorld, type World } from '../../../src/sim/world/world';
import { parseCidr, parseIpv4 } from '../../../src/sim/addr/ipv4';
import { BridgeCni } from '../../../src/sim/cni/bridge';
import { flannelBackend, flannelMtu, installFlannelIptables, type FlannelBackend, type FlannelNode } from '../../../src/sim/cni/flannel';
import { iptablesRestore } from '../../../src/sim/netfilter';
import { jumpChainRules, syncProxyRules } from '../../../src/sim/k8s/kube-proxy';

export interface OracleVariant {
  hairpin?: boolean;
  bridgeNf?: 0 | 1;
  routeLocalnet?: 0 | 1;
  ipMasq?: boolean;
  /** Nodes built without a default route. */
  noDefaultRoute?: string[];
}

export const NODES = ['node-1', 'node-2', 'node-3'] as const;

export function podName(node: number, letter: 'a' | 'b'): string {
  return `n${node}-${letter}`;
}

const services = [
  {
    metadata: { namespace: 'default', name: 'web' },
    spec: { type: 'NodePort', clusterIP: '10.96.0.101', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'web' } },
  },
  {
    metadata: { namespace: 'default', name: 'empty' },
    spec: { type: 'NodePort', clusterIP: '10.96.0.102', ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30081, protocol: 'TCP' }], selector: { app: 'none' } },
  },
];

const endpointSlices = [
  {
    metadata: { namespace: 'default', name: 'web-abcde', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [
      { addresses: ['10.244.1.2'], conditions: { ready: true }, nodeName: 'node-1' },
      { addresses: ['10.244.2.2'], conditions: { ready: true }, nodeName: 'node-2' },
    ],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  },
];

export function buildOracle(mode: FlannelBackend, v: OracleVariant = {}): World {
  const world = createWorld({ seed: 7 });
  world.addNetns('ext', 'host');
  world.linkSet('ext', 'lo', { up: true });
  world.addEther('ext', 'eth0', { segment: 'underlay' });
  world.linkSet('ext', 'eth0', { up: true });
  world.addAddress('ext', 'eth0', '192.168.56.1/24');

  const flannelNodes: FlannelNode[] = [];
  NODES.forEach((name, i) => {
    const n = i + 1;
    const ns = world.addNetns(name, 'node');
    world.linkSet(name, 'lo', { up: true });
    world.addEther(name, 'eth0', { segment: 'underlay' });
    world.linkSet(name, 'eth0', { up: true });
    world.addAddress(name, 'eth0', `192.168.56.1${n}/24`);
    if (!v.noDefaultRoute?.includes(name)) ns.addRoute({ dst: parseCidr('0.0.0.0/0'), via: parseIpv4('192.168.56.1') });
    ns.setSysctl('net.ipv4.ip_forward', 1);
    ns.setSysctl('net.ipv4.conf.all.rp_filter', 1);
    ns.setSysctl('net.ipv4.conf.all.route_localnet', v.routeLocalnet ?? 1);
    ns.setSysctl('net.bridge.bridge-nf-call-iptables', v.bridgeNf ?? 1);
    flannelNodes.push({ name, ip: parseIpv4(`192.168.56.1${n}`), iface: 'eth0', lease: parseCidr(`10.244.${n}.0/24`) });
  });
  flannelBackend(world, flannelNodes, { backend: mode });

  flannelNodes.forEach((fn, i) => {
    const n = i + 1;
    const cni = new BridgeCni(fn.name, {
      subnet: fn.lease,
      isDefaultGateway: true,
      hairpinMode: v.hairpin ?? true,
      mtu: flannelMtu(world, fn, mode),
      routes: [parseCidr('10.244.0.0/16')],
    });
    for (const letter of ['a', 'b'] as const) {
      const pod = podName(n, letter);
      world.addNetns(pod, 'pod');
      cni.add(world, pod, `ctr-${pod}`);
      world.netns(pod).bind({ proto: 'tcp', addr: 0, port: 8080, reusePort: false, reuseAddr: false, owner: `${pod}/server` });
    }
    const ns = world.netns(fn.name);
    const rules = syncProxyRules({
      services: services as never,
      endpointSlices: endpointSlices as never,
      config: { nodeName: fn.name, nodeIPs: [`192.168.56.1${n}`], clusterCIDR: '10.244.0.0/16' },
    });
    const jumps = jumpChainRules();
    const table = (t: 'filter' | 'nat') => [
      `*${t}`,
      ...rules[t].filter((l) => l.startsWith(':')),
      ...jumps.filter((j) => j.table === t).map((j) => `-A ${j.chain} ${j.rule}`),
      ...rules[t].filter((l) => !l.startsWith(':')),
      'COMMIT',
    ];
    iptablesRestore(ns.nf, [...table('filter'), ...table('nat'), ''].join('\n'), { noflush: true });
    installFlannelIptables(world, fn, undefined, v.ipMasq ?? true);
  });
  return world;
}
