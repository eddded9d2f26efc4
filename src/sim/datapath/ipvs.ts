/**
 * IPVS in the packet path (net/netfilter/ipvs/ip_vs_core.c, ip_vs_xmit.c): a new connection to a virtual
 * service is scheduled to a real server in LOCAL_IN; with masquerading (NAT) forwarding the destination is
 * rewritten, the TTL decremented, and the packet sent on through LOCAL_OUT and POSTROUTING (ip_vs_nat_xmit →
 * NF_HOOK(LOCAL_OUT)). With net.ipv4.vs.conntrack=1, as kube-proxy sets it, the NAT lives in the conntrack entry,
 * so replies are translated back like any DNATed connection. A virtual service without real servers answers
 * with ICMP port unreachable (ip_vs_leave).
 */
import { formatIpv4 } from '../addr/ipv4';
import type { IpvsService } from '../ipvs/ipvs';
import type { Netns } from '../netns/netns';
import type { PacketOutcome } from '../trace/types';
import { nfHook } from './hooks';
import { ipFinishOutput } from './ip';
import { endpoint, type Packet } from './packet';
import { fibLookup, routeView } from './route';
import type { Walker } from './walker';

export function ipvsForward(w: Walker, ns: Netns, p: Packet, vs: IpvsService): PacketOutcome {
  const vip = endpoint(vs.vip, vs.port, p.proto);
  const choose = w.exploring
    ? (n: number) => {
        // The explorer follows every real server: a cascade of 1/n, 1/(n-1), … as kube-proxy's iptables rules do.
        for (let i = 0; i < n - 1; i++) if (w.choose(1 / (n - i), { table: 'nat', chain: `ipvs ${vip}`, index: i + 1, text: `real server ${i + 1} of ${n}` })) return i;
        return n - 1;
      }
    : undefined;
  const pick = ns.ipvs.schedule(vs, p.src, w.now, choose);
  const dest = pick ? vs.dests[pick.index]! : undefined;
  w.step({ kind: 'ipvs', service: vs.label, vip, dest: dest ? endpoint(dest.ip, dest.port, p.proto) : null, scheduler: vs.scheduler, persisted: pick?.persisted ?? false, dests: vs.dests.length });
  if (!dest) {
    w.step({ kind: 'reject', with: 'icmp-port-unreachable' });
    return { kind: 'rejected', with: 'icmp-port-unreachable', hop: w.hopIndex, ns: ns.name };
  }
  const before = endpoint(p.dst, p.dport, p.proto);
  if (p.ct) {
    const e = p.ct.entry;
    e.reply = { ...e.reply, src: dest.ip, sport: dest.port };
    e.dnat = true;
  }
  p.dst = dest.ip;
  p.dport = dest.port;
  w.step({ kind: 'nat', manip: 'dnat', before, after: endpoint(dest.ip, dest.port, p.proto), ct: p.ct?.entry.id ?? 0 });
  if (p.ttl <= 1) return { kind: 'unreachable', code: 'host', reason: 'TTL_EXCEEDED', hop: w.hopIndex, ns: ns.name, local: false };
  w.step({ kind: 'ttl', before: p.ttl, after: p.ttl - 1 });
  p.ttl -= 1;
  const route = fibLookup(ns, p.dst);
  w.step({ kind: 'route', purpose: 'output', dst: formatIpv4(p.dst), result: route ? routeView(route) : null, decision: route ? 'output' : 'error' });
  if (!route || (route.type !== 'unicast' && route.type !== 'local')) return w.drop(ns, 'IP_OUTNOROUTES', `no route to real server ${formatIpv4(p.dst)}`);
  const out = nfHook(w, ns, 'OUTPUT', p, { out: route.dev ?? 'lo' });
  if (out.kind === 'drop') return w.drop(ns, out.reason, out.detail);
  if (out.kind === 'reject') return { kind: 'rejected', with: out.with, hop: w.hopIndex, ns: ns.name };
  return ipFinishOutput(w, ns, p, route);
}
