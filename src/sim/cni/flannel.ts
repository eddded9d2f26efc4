/**
 * flannel (flannel-io/flannel) on a set of nodes: each node's lease (its podCIDR), the bridge plugin
 * delegate the flannel CNI plugin configures (name cbr0, bridge cni0, isGateway, isDefaultGateway,
 * hairpinMode, mtu from subnet.env, route to the whole network), the backend's routes, and the ip-masq
 * chains flanneld programs.
 *
 *   host-gw  `10.244.M.0/24 via <node M IP> dev eth0` for every other node (pkg/backend/hostgw).
 *   vxlan    device flannel.<VNI> (VNI 1, port 8472, MTU underlay − 50), address <lease network>/32, and per
 *            remote node: `<lease> via <lease network> dev flannel.1 onlink`, a PERMANENT neighbour entry for
 *            the remote VTEP MAC and an FDB entry `<MAC> dst <remote node IP>` (pkg/backend/vxlan).
 *
 * Not modelled: the subnet manager and lease renewals (leases come from node podCIDRs, as with
 * --kube-subnet-mgr), DirectRouting, wireguard/ipip backends, IPv6.
 */
import { cidrContains, formatCidr, formatIpv4, parseCidr, type Cidr4, type Ipv4 } from '../addr/ipv4';
import { fail } from '../core/errors';
import { iptablesRestore } from '../netfilter';
import type { World } from '../world/world';

export type FlannelBackend = 'host-gw' | 'vxlan';

export interface FlannelNode {
  /** Node namespace name. */
  name: string;
  /** The node's public (underlay) address, on `iface`. */
  ip: Ipv4;
  iface: string;
  lease: Cidr4;
}

export interface FlannelOptions {
  backend: FlannelBackend;
  /** net-conf.json Network (default 10.244.0.0/16). */
  network?: Cidr4;
  /** FLANNEL_IPMASQ (default true): flanneld installs the FLANNEL-POSTRTG masquerade rules. */
  ipMasq?: boolean;
  vni?: number;
  port?: number;
}

export const DEFAULT_FLANNEL_NETWORK: Cidr4 = parseCidr('10.244.0.0/16');

/** The MTU flannel writes to subnet.env: the underlay's, minus 50 for VXLAN. */
export function flannelMtu(world: World, node: FlannelNode, backend: FlannelBackend): number {
  const dev = world.netns(node.name).device(node.iface);
  return backend === 'vxlan' ? dev.mtu - 50 : dev.mtu;
}

/** Sets up the backend on every node: routes (and the VXLAN device) towards every other node's lease. */
export function flannelBackend(world: World, nodes: readonly FlannelNode[], opts: FlannelOptions): void {
  const network = opts.network ?? DEFAULT_FLANNEL_NETWORK;
  for (const n of nodes) {
    if (!cidrContains(network, n.lease.addr) || n.lease.len < network.len) {
      fail('BAD_CONFIG', `node ${n.name}: lease ${formatCidr(n.lease)} is not inside the flannel network ${formatCidr(network)}`);
    }
  }
  const vni = opts.vni ?? 1;
  const dev = `flannel.${vni}`;
  if (opts.backend === 'vxlan') {
    for (const n of nodes) {
      const ns = world.netns(n.name);
      if (ns.devices.has(dev)) continue;
      const underlay = ns.device(n.iface);
      world.addVxlan(n.name, dev, { vni, dstPort: opts.port ?? 8472, local: formatIpv4(n.ip), underlay: n.iface, learning: false, mtu: underlay.mtu - 50 });
      ns.addAddress(dev, n.lease.addr, 32);
      world.linkSet(n.name, dev, { up: true });
    }
  }
  for (const n of nodes) {
    const ns = world.netns(n.name);
    for (const m of nodes) {
      if (m === n) continue;
      if (opts.backend === 'host-gw') {
        ns.addRoute({ dst: m.lease, via: m.ip, dev: n.iface });
      } else {
        const remote = world.netns(m.name).device(dev);
        ns.addRoute({ dst: m.lease, via: m.lease.addr, dev, onlink: true });
        world.addNeigh(n.name, formatIpv4(m.lease.addr), remote.mac, dev);
        world.addVxlanFdb(n.name, dev, remote.mac, formatIpv4(m.ip));
      }
    }
  }
}

/**
 * The backend on one node only, for clusters whose nodes are built on demand: the same routes, neighbour and FDB
 * entries as flannelBackend, with every node's VTEP MAC given by `vtepMac` (known before the remote node exists).
 */
export function flannelBackendFor(world: World, self: FlannelNode, nodes: readonly FlannelNode[], opts: FlannelOptions, vtepMac: (n: FlannelNode) => string): void {
  const vni = opts.vni ?? 1;
  const dev = `flannel.${vni}`;
  const ns = world.netns(self.name);
  if (opts.backend === 'vxlan') {
    const underlay = ns.device(self.iface);
    world.addVxlan(self.name, dev, { vni, dstPort: opts.port ?? 8472, local: formatIpv4(self.ip), underlay: self.iface, learning: false, mtu: underlay.mtu - 50, mac: vtepMac(self) });
    ns.addAddress(dev, self.lease.addr, 32);
    world.linkSet(self.name, dev, { up: true });
  }
  for (const m of nodes) {
    if (m.name === self.name) continue;
    if (opts.backend === 'host-gw') {
      ns.addRoute({ dst: m.lease, via: m.ip, dev: self.iface });
    } else {
      ns.addRoute({ dst: m.lease, via: m.lease.addr, dev, onlink: true });
      world.addNeigh(self.name, formatIpv4(m.lease.addr), vtepMac(m), dev);
      world.addVxlanFdb(self.name, dev, vtepMac(m), formatIpv4(m.ip));
    }
  }
}

/** flanneld's FLANNEL-POSTRTG (nat) and FLANNEL-FWD (filter) chains, as seen on a real node (FIDELITY §3.3). */
export function flannelIptables(lease: Cidr4, network: Cidr4 = DEFAULT_FLANNEL_NETWORK, ipMasq = true): string {
  const net = formatCidr(network);
  const sub = formatCidr(lease);
  const c = '-m comment --comment "flanneld masq"';
  const nat = ipMasq
    ? [
        '*nat',
        ':FLANNEL-POSTRTG - [0:0]',
        '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
        `-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG -s ${sub} -d ${net} ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG -s ${net} -d ${sub} ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG ! -s ${net} -d ${sub} ${c} -j RETURN`,
        `-A FLANNEL-POSTRTG -s ${net} ! -d 224.0.0.0/4 ${c} -j MASQUERADE --random-fully`,
        `-A FLANNEL-POSTRTG ! -s ${net} -d ${net} ${c} -j MASQUERADE --random-fully`,
        'COMMIT',
      ]
    : [];
  const f = '-m comment --comment "flanneld forward"';
  const filter = ['*filter', ':FLANNEL-FWD - [0:0]', `-A FORWARD ${f} -j FLANNEL-FWD`, `-A FLANNEL-FWD -s ${net} ${f} -j ACCEPT`, `-A FLANNEL-FWD -d ${net} ${f} -j ACCEPT`, 'COMMIT'];
  return [...filter, ...nat, ''].join('\n');
}

export function installFlannelIptables(world: World, node: FlannelNode, network?: Cidr4, ipMasq = true): void {
  iptablesRestore(world.netns(node.name).nf, flannelIptables(node.lease, network, ipMasq), { noflush: true });
}
