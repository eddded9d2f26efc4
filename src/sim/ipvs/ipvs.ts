/**
 * The IP Virtual Server table of a namespace (net/netfilter/ipvs): virtual services (protocol, address, port),
 * each with a scheduler and its real servers, plus persistence (ClientIP affinity). The datapath consults it in
 * LOCAL_IN, after the filter table (ip_vs_remote_request4 at NF_IP_PRI_NAT_SRC - 2), for new connections to a
 * local address.
 *
 * Not modelled: schedulers other than round robin (others are accepted and behave as rr; weights are ignored),
 * DR and tunnel forwarding, connection counters in ipvsadm, IPVS's own connection table (conntrack carries the
 * NAT, as with kube-proxy's net.ipv4.vs.conntrack=1), one-packet scheduling, IPv6.
 */
import type { Ipv4 } from '../addr/ipv4';

export type IpvsProto = 'tcp' | 'udp' | 'sctp';

export interface IpvsDest {
  readonly ip: Ipv4;
  readonly port: number;
  readonly weight: number;
}

export interface IpvsService {
  readonly proto: IpvsProto;
  readonly vip: Ipv4;
  readonly port: number;
  readonly scheduler: string;
  /** Persistence timeout (ms) for ClientIP affinity; 0 = none. */
  readonly persistMs: number;
  readonly dests: readonly IpvsDest[];
  /** Label for traces: the Service port it implements. */
  readonly label: string;
}

export class IpvsTable {
  private services = new Map<string, IpvsService>();
  /** Round-robin position per service (ip_vs_rr_schedule keeps a cursor). */
  private readonly cursor = new Map<string, number>();
  /** Persistence templates: client address → chosen destination, with expiry. */
  private readonly templates = new Map<string, { dest: number; expires: number }>();

  private static key(proto: IpvsProto, vip: Ipv4, port: number): string {
    return `${proto}|${vip}|${port}`;
  }

  /** Replaces the whole table (kube-proxy's sync makes the kernel table match its desired state). */
  replace(services: readonly IpvsService[]): void {
    this.services = new Map(services.map((s) => [IpvsTable.key(s.proto, s.vip, s.port), s]));
    for (const k of [...this.cursor.keys()]) if (!this.services.has(k)) this.cursor.delete(k);
  }

  /** Persistence templates and cursors, for explore mode's save/restore. */
  snapshot(): { cursor: [string, number][]; templates: [string, { dest: number; expires: number }][] } {
    return { cursor: [...this.cursor], templates: [...this.templates].map(([k, v]) => [k, { ...v }]) };
  }

  restore(s: ReturnType<IpvsTable['snapshot']>): void {
    this.cursor.clear();
    this.templates.clear();
    for (const [k, v] of s.cursor) this.cursor.set(k, v);
    for (const [k, v] of s.templates) this.templates.set(k, { ...v });
  }

  get size(): number {
    return this.services.size;
  }

  lookup(proto: string, vip: Ipv4, port: number): IpvsService | undefined {
    if (proto === 'icmp') return undefined;
    return this.services.get(IpvsTable.key(proto as IpvsProto, vip, port));
  }

  list(): IpvsService[] {
    return [...this.services.values()];
  }

  /**
   * Picks the destination for a new connection from `client`: the persistence template while it lives, else the
   * round-robin cursor; `choose(i)` lets the explorer enumerate every destination instead.
   */
  schedule(s: IpvsService, client: Ipv4, now: number, choose?: (n: number) => number): { index: number; persisted: boolean } | undefined {
    if (s.dests.length === 0) return undefined;
    const key = IpvsTable.key(s.proto, s.vip, s.port);
    const tkey = `${key}|${client}`;
    const t = this.templates.get(tkey);
    if (s.persistMs > 0 && t && t.expires > now && t.dest < s.dests.length) {
      t.expires = now + s.persistMs;
      return { index: t.dest, persisted: true };
    }
    let index: number;
    if (choose) index = choose(s.dests.length);
    else {
      const c = this.cursor.get(key) ?? 0;
      index = c % s.dests.length;
      this.cursor.set(key, index + 1);
    }
    if (s.persistMs > 0) this.templates.set(tkey, { dest: index, expires: now + s.persistMs });
    return { index, persisted: false };
  }
}
