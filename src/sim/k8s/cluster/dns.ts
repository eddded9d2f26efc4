/**
 * Cluster DNS as CoreDNS's kubernetes plugin answers it (website dns-pod-service.md): Services at
 * `<svc>.<ns>.svc.<domain>` (a ClusterIP, or the ready Pod IPs for a headless Service), ExternalName Services
 * as a CNAME, Pods with hostname+subdomain at `<hostname>.<subdomain>.<ns>.svc.<domain>`, Pod A records
 * `<a-b-c-d>.<ns>.pod.<domain>`; and the resolver's side: a Pod's /etc/resolv.conf (dnsPolicy ClusterFirst) with
 * `search <ns>.svc.<domain> svc.<domain> <domain>` and `options ndots:5`. Outside Hosts resolve by name, as an
 * upstream resolver would.
 *
 * Not modelled: SRV records, AAAA, PTR, the CoreDNS cache, stub domains, NodeLocal DNSCache, dnsPolicy None.
 */
import type { ClusterSpec } from '../manifest';
import type { V1EndpointSlice } from '../kube-proxy/types';

export interface DnsAnswer {
  name: string;
  /** The name that finally answered, after search-domain expansion and CNAME. */
  fqdn?: string;
  addresses: string[];
  cname?: string;
  /** Every name the resolver asked for, in order. */
  tried: string[];
}

export function resolvConf(spec: ClusterSpec, namespace: string): string {
  const d = spec.config.dnsDomain;
  return `search ${namespace}.svc.${d} svc.${d} ${d}\nnameserver ${spec.config.clusterDNS}\noptions ndots:5\n`;
}

/** The search list a Pod in `namespace` uses for `name` (glibc: fewer dots than ndots → search first). */
export function candidates(spec: ClusterSpec, namespace: string, name: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const d = spec.config.dnsDomain;
  const search = [`${namespace}.svc.${d}`, `svc.${d}`, d].map((s) => `${name}.${s}`);
  const dots = name.split('.').length - 1;
  return dots >= 5 ? [name, ...search] : [...search, name];
}

/** One authoritative lookup of a fully qualified name. */
export function lookup(spec: ClusterSpec, slices: readonly V1EndpointSlice[], podIPs: ReadonlyMap<string, string>, fqdn: string): { addresses: string[]; cname?: string } | undefined {
  const d = spec.config.dnsDomain;
  const name = fqdn.toLowerCase();
  const host = spec.hosts.find((h) => h.name === name);
  if (host) return { addresses: [host.ip] };
  const svcSuffix = `.svc.${d}`;
  if (name.endsWith(svcSuffix)) {
    const parts = name.slice(0, -svcSuffix.length).split('.');
    if (parts.length === 2) {
      const [svcName, ns] = parts as [string, string];
      const svc = spec.services.find((s) => s.metadata.name === svcName && s.metadata.namespace === ns);
      if (!svc) return undefined;
      if (svc.spec.type === 'ExternalName') return { addresses: [], cname: svc.spec.externalName };
      if (svc.spec.clusterIP && svc.spec.clusterIP !== 'None') return { addresses: [svc.spec.clusterIP] };
      const ips = slices
        .filter((s) => s.metadata?.namespace === ns && s.metadata?.labels?.['kubernetes.io/service-name'] === svcName)
        .flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses ?? []));
      return ips.length ? { addresses: [...new Set(ips)].sort() } : undefined;
    }
    if (parts.length === 3) {
      const [hostname, subdomain, ns] = parts as [string, string, string];
      const pod = spec.pods.find((p) => p.namespace === ns && p.hostname === hostname && p.subdomain === subdomain);
      const ip = pod && podIPs.get(`${pod.namespace}/${pod.name}`);
      return ip ? { addresses: [ip] } : undefined;
    }
    return undefined;
  }
  const podSuffix = `.pod.${d}`;
  if (name.endsWith(podSuffix)) {
    const [dashed, ns] = name.slice(0, -podSuffix.length).split('.');
    if (!dashed || !ns) return undefined;
    const ip = dashed.replaceAll('-', '.');
    return [...podIPs.values()].includes(ip) ? { addresses: [ip] } : undefined;
  }
  return undefined;
}

export function resolve(spec: ClusterSpec, slices: readonly V1EndpointSlice[], podIPs: ReadonlyMap<string, string>, namespace: string, name: string): DnsAnswer {
  const tried: string[] = [];
  for (const c of candidates(spec, namespace, name)) {
    tried.push(c);
    const hit = lookup(spec, slices, podIPs, c);
    if (!hit) continue;
    if (hit.cname) {
      const target = lookup(spec, slices, podIPs, hit.cname.replace(/\.$/, ''));
      return { name, fqdn: c, cname: hit.cname, addresses: target?.addresses ?? [], tried };
    }
    return { name, fqdn: c, addresses: hit.addresses, tried };
  }
  return { name, addresses: [], tried };
}
