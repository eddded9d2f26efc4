/**
 * The CNI reference `bridge` plugin (containernetworking/plugins plugins/main/bridge/bridge.go), ADD and DEL:
 * create the bridge (default `cni0`) on first use and give it the gateway address when isGateway; make a veth
 * pair, `eth0` in the Pod, `veth` + 8 hex characters on the node (ip.RandomVethName), enslave the host side,
 * set hairpin mode when asked; configure the Pod's address and routes (ipam.ConfigureIface): the connected
 * route, `default via <gw>` for isDefaultGateway, and any extra IPAM routes through the gateway.
 *
 * Not modelled: ipMasq's per-container CNI-<hash> chains (flannel does masquerading with its own chain),
 * promiscMode, VLAN, MAC spoof checking, the CHECK command.
 */
import { fail } from '../core/errors';
import { formatCidr, type Cidr4, type Ipv4 } from '../addr/ipv4';
import type { World } from '../world/world';
import { HostLocalIpam } from './host-local';

export interface BridgeConfig {
  /** Bridge device name (default cni0). */
  bridge?: string;
  isGateway?: boolean;
  isDefaultGateway?: boolean;
  hairpinMode?: boolean;
  mtu?: number;
  /** host-local range for this node. */
  subnet: Cidr4;
  /** Extra routes the IPAM result adds inside the Pod, via the gateway (flannel: the whole cluster network). */
  routes?: Cidr4[];
}

export interface CniResult {
  ip: Ipv4;
  gateway: Ipv4;
  hostVeth: string;
  containerIf: string;
}

/** Per-node plugin state: the IPAM allocator. */
export class BridgeCni {
  readonly node: string;
  readonly config: Required<Omit<BridgeConfig, 'routes' | 'mtu'>> & { routes: Cidr4[]; mtu: number };
  readonly ipam: HostLocalIpam;

  constructor(node: string, config: BridgeConfig) {
    this.node = node;
    this.config = {
      bridge: config.bridge ?? 'cni0',
      isDefaultGateway: config.isDefaultGateway ?? false,
      // bridge.go: isDefaultGateway implies isGateway.
      isGateway: (config.isGateway ?? false) || (config.isDefaultGateway ?? false),
      hairpinMode: config.hairpinMode ?? false,
      mtu: config.mtu ?? 1500,
      subnet: config.subnet,
      routes: config.routes ?? [],
    };
    this.ipam = new HostLocalIpam(config.subnet);
  }

  private ensureBridge(world: World): void {
    const ns = world.netns(this.node);
    const name = this.config.bridge;
    if (!ns.devices.has(name)) {
      world.addBridge(this.node, name, { mtu: this.config.mtu });
      world.linkSet(this.node, name, { up: true });
    }
    if (this.config.isGateway) {
      const br = ns.device(name);
      if (!br.addrs.some((a) => a.ip === this.ipam.gateway)) ns.addAddress(name, this.ipam.gateway, this.config.subnet.len, { brd: true });
    }
  }

  /** CNI ADD for a Pod whose network namespace `podNs` already exists. */
  add(world: World, podNs: string, containerId: string, ifName = 'eth0', requested?: Ipv4, preallocated = false): CniResult {
    const pod = world.netns(podNs);
    if (pod.devices.has(ifName)) fail('EXISTS', `${podNs} already has ${ifName}: the CNI ADD for it ran before`);
    this.ensureBridge(world);
    const node = world.netns(this.node);
    let hostVeth: string;
    do hostVeth = `veth${world.rng.hex(4)}`;
    while (node.devices.has(hostVeth));
    // A lazily built node's Pods got their addresses up front (host-local is sequential, so they are the same).
    const ip = preallocated && requested !== undefined ? requested : this.ipam.allocate(containerId, requested);
    const mtu = this.config.mtu;
    world.addVeth({ ns: this.node, name: hostVeth, mtu }, { ns: podNs, name: ifName, mtu });
    world.setMaster(this.node, hostVeth, this.config.bridge);
    if (this.config.hairpinMode) world.linkSet(this.node, hostVeth, { hairpin: true });
    world.linkSet(this.node, hostVeth, { up: true });
    world.linkSet(podNs, 'lo', { up: true });
    world.linkSet(podNs, ifName, { up: true });
    pod.addAddress(ifName, ip, this.config.subnet.len);
    const gw = this.ipam.gateway;
    if (this.config.isDefaultGateway) pod.addRoute({ dst: { addr: 0, len: 0 }, via: gw, dev: ifName });
    for (const r of this.config.routes) pod.addRoute({ dst: r, via: gw, dev: ifName });
    return { ip, gateway: gw, hostVeth, containerIf: ifName };
  }

  /** CNI DEL: the Pod's namespace (and so both veth ends) is removed and its address released. */
  del(world: World, podNs: string, ip: Ipv4): void {
    if (world.hasNetns(podNs)) world.deleteNetns(podNs);
    this.ipam.release(ip);
  }

  describe(): string {
    return `bridge ${this.config.bridge} on ${this.node}, range ${formatCidr(this.config.subnet)}`;
  }
}
