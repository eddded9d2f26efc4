/**
 * The cluster as a picture wants it: nodes with their bridges, tunnels and addresses, Pods with the veth that
 * ties them to their node, outside hosts, and the links between them — plain JSON for the topology view and its
 * text alternative. Derived from the running World, so it shows what exists, not what was asked for.
 */
import { formatIpv4 } from '../../addr/ipv4';
import type { BuiltCluster } from './build';
import { hostNetns, nodeNetns, podNetns } from './names';

export interface TopologyDevice {
  name: string;
  kind: string;
  addresses: string[];
  up: boolean;
  /** Bridge this device is a port of. */
  master?: string;
  /** veth: the namespace and device at the other end. */
  peer?: string;
}

export interface TopologyNode {
  name: string;
  ip: string;
  podCIDR: string;
  ready: boolean;
  devices: TopologyDevice[];
}

export interface TopologyPod {
  /** "namespace/name". */
  name: string;
  node: string | null;
  ip: string | null;
  hostNetwork: boolean;
  /** The node-side veth of its eth0. */
  hostVeth?: string;
  labels: Record<string, string>;
}

export interface Topology {
  network: { cidr: string; gateway: string };
  nodes: TopologyNode[];
  pods: TopologyPod[];
  hosts: { name: string; ip: string; onNodeNetwork: boolean }[];
  services: { name: string; type: string; clusterIP: string | null; ports: string[] }[];
  /** "vxlan" or "host-gw" (flannel), or "bridge". */
  podNetwork: string;
}

export function topologyOf(b: BuiltCluster): Topology {
  const { spec, world } = b;
  const devicesOf = (nsName: string): TopologyDevice[] => {
    const ns = world.namespaces.get(nsName);
    if (!ns) return [];
    return [...ns.devices.values()].map((d) => ({
      name: d.name,
      kind: d.kind,
      addresses: d.addrs.map((a) => `${formatIpv4(a.ip)}/${a.len}`),
      up: d.up,
      ...(d.master ? { master: d.master } : {}),
      ...(d.kind === 'veth' ? { peer: `${d.peer.ns} ${d.peer.dev}` } : {}),
    }));
  };
  return {
    network: { cidr: spec.config.network.cidr, gateway: spec.config.network.gateway },
    nodes: spec.nodes.map((n) => ({ name: n.name, ip: n.internalIPs[0]!, podCIDR: n.podCIDR, ready: n.ready, devices: devicesOf(nodeNetns(n.name)) })),
    pods: spec.pods.map((p) => {
      const key = `${p.namespace}/${p.name}`;
      const eth0 = world.namespaces.get(podNetns(p.namespace, p.name))?.devices.get('eth0');
      return {
        name: key,
        node: p.nodeName ?? null,
        ip: b.podIPs.get(key) ?? null,
        hostNetwork: p.hostNetwork,
        ...(eth0?.kind === 'veth' ? { hostVeth: eth0.peer.dev } : {}),
        labels: p.labels,
      };
    }),
    hosts: spec.hosts.map((h) => ({ name: h.name, ip: h.ip, onNodeNetwork: h.onNodeNetwork && world.namespaces.has(hostNetns(h.name)) })),
    services: spec.services.map((s) => ({
      name: `${s.metadata.namespace}/${s.metadata.name}`,
      type: s.spec.type ?? 'ClusterIP',
      clusterIP: s.spec.clusterIP ?? null,
      ports: (s.spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`),
    })),
    podNetwork: spec.config.cni.flannel ? spec.config.cni.flannel.backend.type : 'bridge',
  };
}
