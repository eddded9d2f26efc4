/**
 * host-local IPAM (containernetworking/plugins plugins/ipam/host-local): one range per node, gateway =
 * network + 1 (skipped), first allocation .2, last usable = broadcast - 1; allocation is sequential after the
 * last reserved address and wraps around. Releasing frees the address for later reuse.
 *
 * Not modelled: several ranges, rangeStart/rangeEnd options, the on-disk state files.
 */
import { fail } from '../core/errors';
import { broadcastOf, formatCidr, formatIpv4, type Cidr4, type Ipv4 } from '../addr/ipv4';

export class HostLocalIpam {
  readonly subnet: Cidr4;
  readonly gateway: Ipv4;
  private readonly used = new Map<Ipv4, string>();
  private last: Ipv4;

  constructor(subnet: Cidr4) {
    if (subnet.len > 30) fail('BAD_CIDR', `host-local range ${formatCidr(subnet)} is too small for a gateway and a Pod; use /30 or shorter`);
    this.subnet = subnet;
    this.gateway = (subnet.addr + 1) >>> 0;
    this.last = this.gateway;
  }

  private get first(): Ipv4 {
    return (this.subnet.addr + 2) >>> 0;
  }

  private get lastUsable(): Ipv4 {
    return (broadcastOf(this.subnet.addr, this.subnet.len) - 1) >>> 0;
  }

  /** Allocates the next free address for `owner` (a container ID). */
  allocate(owner: string, requested?: Ipv4): Ipv4 {
    if (requested !== undefined) {
      if (requested < this.first || requested > this.lastUsable) fail('BAD_CONFIG', `${formatIpv4(requested)} is outside the Pod range ${formatCidr(this.subnet)} (usable ${formatIpv4(this.first)}-${formatIpv4(this.lastUsable)})`);
      const by = this.used.get(requested);
      if (by) fail('EXISTS', `${formatIpv4(requested)} is already allocated to ${by}`);
      this.used.set(requested, owner);
      this.last = requested;
      return requested;
    }
    const size = this.lastUsable - this.first + 1;
    let ip = this.last >= this.lastUsable || this.last < this.first ? this.first : this.last + 1;
    for (let i = 0; i < size; i++) {
      if (!this.used.has(ip)) {
        this.used.set(ip, owner);
        this.last = ip;
        return ip;
      }
      ip = ip >= this.lastUsable ? this.first : ip + 1;
    }
    return fail('BAD_CONFIG', `no free address left in ${formatCidr(this.subnet)} (${size} Pods): use a larger podCIDR`);
  }

  release(ip: Ipv4): void {
    this.used.delete(ip);
  }

  allocated(): Ipv4[] {
    return [...this.used.keys()];
  }
}
