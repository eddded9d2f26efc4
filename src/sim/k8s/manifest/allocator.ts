/**
 * The control plane's allocators, deterministic with an injected Rng.
 *
 * - ClusterIPs (kubernetes pkg/registry/core/service/ipallocator): usable addresses are network+1 ..
 *   broadcast−1 (IPv4). KEP-3070 splits them: the first `min(max(16, cidrSize/16), 256)` addresses
 *   (calculateRangeOffset; 0 when the CIDR has ≤ 16 addresses) are the static band, preferred for requested
 *   IPs; dynamic allocation starts at a random offset in the upper band and scans forward (wrapping), and
 *   falls back to the lower band only when the upper one is full (allocateNextService).
 * - NodePorts (pkg/registry/core/service/portallocator): the same scheme over the port range with
 *   `min(max(16, size/32), 128)` — 86 for 30000-32767, so dynamic ports come from 30086-32767 first.
 * - Node podCIDRs (pkg/controller/nodeipam/ipam/cidrset): the cluster CIDR cut into /nodeCIDRMaskSize
 *   blocks; blocks already in use are occupied first, then AllocateNext hands out the lowest free block after
 *   the last one given.
 *
 * Not modelled: the IPAddress/ServiceCIDR objects, several service CIDRs, releases.
 */
import type { Rng } from '../../core/rng';

/** KEP-3070 static band size for a service CIDR of `cidrSize` addresses (ipallocator calculateRangeOffset). */
export function serviceIPRangeOffset(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}

/** KEP-3668 static band size for a port range of `size` ports (portallocator calculateRangeOffset). */
export function nodePortRangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

/**
 * A bitmap of `size` slots whose dynamic allocation prefers the slots at and above `offset`.
 * Slot i means "first + i" for the caller.
 */
export class BandedAllocator {
  private readonly used = new Set<number>();
  constructor(
    readonly size: number,
    readonly offset: number,
  ) {}

  has(i: number): boolean {
    return this.used.has(i);
  }

  /** Reserves a requested slot; false if out of range or taken. */
  allocate(i: number): boolean {
    if (i < 0 || i >= this.size || this.used.has(i)) return false;
    this.used.add(i);
    return true;
  }

  /** A free slot: random start in the upper band, scan forward; then the lower band. undefined when full. */
  allocateNext(rng: Rng): number | undefined {
    const upper = this.size - this.offset;
    if (upper > 0) {
      const start = rng.int(upper);
      for (let k = 0; k < upper; k++) {
        const at = this.offset + ((start + k) % upper);
        if (!this.used.has(at)) {
          this.used.add(at);
          return at;
        }
      }
    }
    if (this.offset > 0) {
      const start = rng.int(this.offset);
      for (let k = 0; k < this.offset; k++) {
        const at = (start + k) % this.offset;
        if (!this.used.has(at)) {
          this.used.add(at);
          return at;
        }
      }
    }
    return undefined;
  }
}

/** cidrset.CidrSet: `count` blocks, allocation from the lowest free block after the previous one. */
export class CidrSet {
  private readonly used = new Set<number>();
  private next = 0;
  constructor(readonly count: number) {}

  occupy(i: number): void {
    this.used.add(i);
  }

  isUsed(i: number): boolean {
    return this.used.has(i);
  }

  allocateNext(): number | undefined {
    for (let k = 0; k < this.count; k++) {
      const at = (this.next + k) % this.count;
      if (!this.used.has(at)) {
        this.used.add(at);
        this.next = (at + 1) % this.count;
        return at;
      }
    }
    return undefined;
  }
}
