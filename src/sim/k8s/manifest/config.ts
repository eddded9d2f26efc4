/**
 * Cluster-wide configuration documents: kubeadm's ClusterConfiguration and InitConfiguration
 * (kubeadm.k8s.io/v1beta3, v1beta4), kube-proxy's KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1)
 * and the simulator's Network (k8snet.dev/v1alpha1). Each reader validates its document and returns the
 * values it sets, located for later cross-checks; `resolveConfig`-style defaulting happens in load.ts.
 *
 * Defaults (cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go): podSubnet none in kubeadm itself, but
 * 10.244.0.0/16 here (kube-flannel.yml's Network, which the flannel install docs ask kubeadm to use);
 * serviceSubnet 10.96.0.0/12 (DefaultServicesSubnet); dnsDomain cluster.local (DefaultServiceDNSDomain);
 * kube-apiserver --service-node-port-range 30000-32767 (DefaultServiceNodePortRange);
 * kube-controller-manager --node-cidr-mask-size 24.
 *
 * Not modelled: dual-stack subnets (IPv6 entries are ignored with a warning), etcd and certificate settings,
 * kube-proxy's IPVS/conntrack tuning.
 */
import { cidrSize, formatCidr, type Cidr4, type Ipv4 } from '../../addr/ipv4';
import type { ObjectCtx, Path } from './issues';
import { cidrAt, enumAt, ipAt, nameOk, portOk } from './fields';
import { asArr, asBool, asInt, asObj, asStr, isObject } from './shape';
import type { ProxyMode } from './types';

export interface Located<T> {
  readonly value: T;
  readonly ctx: ObjectCtx;
  readonly path: Path;
}

export const KUBEADM_VERSIONS = ['kubeadm.k8s.io/v1beta3', 'kubeadm.k8s.io/v1beta4'] as const;

export interface KubeadmDraft {
  podSubnet?: Located<Cidr4>;
  serviceSubnet?: Located<Cidr4>;
  dnsDomain?: Located<string>;
  nodePortRange?: Located<{ first: number; last: number }>;
  nodeCIDRMaskSize?: Located<number>;
  dnsDisabled: boolean;
  proxyDisabled: boolean;
}

/** A comma-separated subnet list (dual stack): the IPv4 entry; IPv6 entries are ignored with a warning. */
function subnetList(ctx: ObjectCtx, path: Path, text: string): Cidr4 | undefined {
  const parts = text.split(',').map((s) => s.trim());
  const v4 = parts.filter((p) => !p.includes(':'));
  if (v4.length < parts.length) ctx.warn(path, `${JSON.stringify(text)}: IPv6 entries are ignored (the simulator models IPv4 only)`);
  if (v4.length === 0) {
    ctx.err(path, `${JSON.stringify(text)} has no IPv4 prefix: the simulator models IPv4 only`);
    return undefined;
  }
  if (v4.length > 1) {
    ctx.err(path, `${JSON.stringify(text)} has more than one IPv4 prefix: give one`);
    return undefined;
  }
  return cidrAt(ctx, path, v4[0]!);
}

/** kube-apiserver --service-node-port-range: "30000-32767", "30000+2767" or a single port (utilnet.ParsePortRange). */
export function parsePortRange(ctx: ObjectCtx, path: Path, text: string): { first: number; last: number } | undefined {
  const t = text.trim();
  let m = /^(\d+)-(\d+)$/.exec(t);
  let first: number;
  let last: number;
  if (m) {
    first = Number(m[1]);
    last = Number(m[2]);
  } else if ((m = /^(\d+)\+(\d+)$/.exec(t))) {
    first = Number(m[1]);
    last = first + Number(m[2]);
  } else if (/^\d+$/.test(t)) {
    first = last = Number(t);
  } else {
    ctx.err(path, `${JSON.stringify(text)} is not a port range: write first-last, like 30000-32767`);
    return undefined;
  }
  if (first < 1 || last > 65535 || first > last) {
    ctx.err(path, `${JSON.stringify(text)} is not a port range within 1-65535 with first <= last`);
    return undefined;
  }
  return { first, last };
}

/** extraArgs: a map in v1beta3, a list of {name, value} in v1beta4. */
function extraArgs(ctx: ObjectCtx, path: Path, raw: unknown, v4: boolean): Map<string, { value: string; path: Path }> {
  const out = new Map<string, { value: string; path: Path }>();
  if (raw === undefined || raw === null) return out;
  if (v4) {
    if (!Array.isArray(raw)) {
      ctx.err(path, 'must be a list of {name, value} in kubeadm.k8s.io/v1beta4 (a map was the v1beta3 form)');
      return out;
    }
    raw.forEach((a, i) => {
      const o = asObj(a);
      const name = asStr(o?.['name']);
      const value = asStr(o?.['value']);
      if (name === undefined || value === undefined) {
        ctx.err([...path, i], 'must be {name: <flag>, value: <string>}');
        return;
      }
      out.set(name, { value, path: [...path, i, 'value'] });
    });
    return out;
  }
  if (!isObject(raw)) {
    ctx.err(path, 'must be a map of flag name to value in kubeadm.k8s.io/v1beta3 (a list of {name, value} is the v1beta4 form)');
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') ctx.err([...path, k], 'must be a string');
    else out.set(k, { value: v, path: [...path, k] });
  }
  return out;
}

export function readClusterConfiguration(ctx: ObjectCtx, obj: Record<string, unknown>, apiVersion: string): KubeadmDraft {
  const v4 = apiVersion === 'kubeadm.k8s.io/v1beta4';
  const draft: KubeadmDraft = { dnsDisabled: false, proxyDisabled: false };
  const net = asObj(obj['networking']) ?? {};
  const pod = asStr(net['podSubnet']);
  if (pod) {
    const c = subnetList(ctx, ['networking', 'podSubnet'], pod);
    if (c) draft.podSubnet = { value: c, ctx, path: ['networking', 'podSubnet'] };
  }
  const svc = asStr(net['serviceSubnet']);
  if (svc) {
    const c = subnetList(ctx, ['networking', 'serviceSubnet'], svc);
    if (c) draft.serviceSubnet = { value: c, ctx, path: ['networking', 'serviceSubnet'] };
  }
  const domain = asStr(net['dnsDomain']);
  if (domain && nameOk(ctx, ['networking', 'dnsDomain'], domain, 'dns1123-subdomain')) {
    draft.dnsDomain = { value: domain, ctx, path: ['networking', 'dnsDomain'] };
  }
  const api = extraArgs(ctx, ['apiServer', 'extraArgs'], asObj(obj['apiServer'])?.['extraArgs'], v4);
  const npr = api.get('service-node-port-range');
  if (npr) {
    const r = parsePortRange(ctx, npr.path, npr.value);
    if (r) draft.nodePortRange = { value: r, ctx, path: npr.path };
  }
  const cm = extraArgs(ctx, ['controllerManager', 'extraArgs'], asObj(obj['controllerManager'])?.['extraArgs'], v4);
  const mask = cm.get('node-cidr-mask-size-ipv4') ?? cm.get('node-cidr-mask-size');
  if (mask) {
    const n = /^\d+$/.test(mask.value) ? Number(mask.value) : NaN;
    if (!(n >= 8 && n <= 30)) ctx.err(mask.path, `${JSON.stringify(mask.value)} is not a node mask size: use a number from 8 to 30 (default 24)`);
    else draft.nodeCIDRMaskSize = { value: n, ctx, path: mask.path };
  }
  // v1beta4 DNS.Disabled / Proxy.Disabled skip the CoreDNS and kube-proxy addons.
  const dnsDisabled = asBool(asObj(obj['dns'])?.['disabled']);
  const proxyDisabled = asBool(asObj(obj['proxy'])?.['disabled']);
  if (!v4 && (dnsDisabled !== undefined || proxyDisabled !== undefined)) {
    ctx.warn(dnsDisabled !== undefined ? ['dns', 'disabled'] : ['proxy', 'disabled'], 'exists only in kubeadm.k8s.io/v1beta4: ignored');
  } else {
    draft.dnsDisabled = dnsDisabled ?? false;
    draft.proxyDisabled = proxyDisabled ?? false;
  }
  return draft;
}

export interface InitDraft {
  advertiseAddress?: Located<Ipv4>;
  bindPort?: Located<number>;
}

export function readInitConfiguration(ctx: ObjectCtx, obj: Record<string, unknown>): InitDraft {
  const ep = asObj(obj['localAPIEndpoint']) ?? {};
  const draft: InitDraft = {};
  const addr = asStr(ep['advertiseAddress']);
  if (addr) {
    const ip = ipAt(ctx, ['localAPIEndpoint', 'advertiseAddress'], addr);
    if (ip !== undefined) draft.advertiseAddress = { value: ip, ctx, path: ['localAPIEndpoint', 'advertiseAddress'] };
  }
  const port = asInt(ep['bindPort']);
  if (port !== undefined && portOk(ctx, ['localAPIEndpoint', 'bindPort'], port)) draft.bindPort = { value: port, ctx, path: ['localAPIEndpoint', 'bindPort'] };
  return draft;
}

export interface ProxyDraft {
  ctx: ObjectCtx;
  mode?: ProxyMode;
  clusterCIDR?: Located<Cidr4>;
  nodePortAddresses?: string[];
  masqueradeAll?: boolean;
  masqueradeBit?: number;
  localhostNodePorts?: boolean;
}

export function readKubeProxyConfiguration(ctx: ObjectCtx, obj: Record<string, unknown>): ProxyDraft {
  const draft: ProxyDraft = { ctx };
  const mode = asStr(obj['mode']);
  if (mode === 'nftables' || mode === 'kernelspace') {
    ctx.err(['mode'], `${JSON.stringify(mode)} is not modelled by the simulator: use "iptables" or "ipvs"`);
  } else {
    draft.mode = enumAt(ctx, ['mode'], mode, ['iptables', 'ipvs'] as const) ?? 'iptables';
  }
  const cc = asStr(obj['clusterCIDR']);
  if (cc) {
    const c = subnetList(ctx, ['clusterCIDR'], cc);
    if (c) draft.clusterCIDR = { value: c, ctx, path: ['clusterCIDR'] };
  }
  if (Array.isArray(obj['nodePortAddresses'])) {
    const out: string[] = [];
    asArr(obj['nodePortAddresses']).forEach((v, i) => {
      if (typeof v !== 'string') return;
      if (v === 'primary') return void out.push(v);
      // kube-proxy parses these with ParseCIDRSloppy: host bits are cleared, not rejected.
      const c = cidrAt(ctx, ['nodePortAddresses', i], v, true);
      if (c) out.push(formatCidr(c));
    });
    draft.nodePortAddresses = out;
  }
  const ipt = asObj(obj['iptables']) ?? {};
  draft.masqueradeAll = asBool(ipt['masqueradeAll']);
  const bit = asInt(ipt['masqueradeBit']);
  if (bit !== undefined) {
    // validation.go validateKubeProxyIPTablesConfiguration: MasqueradeBit must be in [0, 31].
    if (bit < 0 || bit > 31) ctx.err(['iptables', 'masqueradeBit'], `${bit} must be between 0 and 31`);
    else draft.masqueradeBit = bit;
  }
  draft.localhostNodePorts = asBool(ipt['localhostNodePorts']);
  return draft;
}

export interface NetworkDraft {
  ctx: ObjectCtx;
  cidr?: Cidr4;
  gateway?: Located<Ipv4>;
  mtu?: number;
}

export function readNetwork(ctx: ObjectCtx, obj: Record<string, unknown>): NetworkDraft {
  const spec = asObj(obj['spec']) ?? {};
  const draft: NetworkDraft = { ctx };
  const cidrText = asStr(spec['cidr']);
  if (cidrText) {
    const c = cidrAt(ctx, ['spec', 'cidr'], cidrText);
    if (c && c.len > 29) ctx.err(['spec', 'cidr'], `${cidrText} is too small for a gateway, nodes and hosts: use /29 or shorter`);
    else if (c) draft.cidr = c;
  }
  const gw = asStr(spec['gateway']);
  if (gw) {
    const ip = ipAt(ctx, ['spec', 'gateway'], gw);
    if (ip !== undefined) draft.gateway = { value: ip, ctx, path: ['spec', 'gateway'] };
  }
  const mtu = asInt(spec['mtu']);
  if (mtu !== undefined) {
    // The kernel refuses an IPv4 device MTU below 68 (RFC 791 minimum); 65535 is the largest IP packet.
    if (mtu < 68 || mtu > 65535) ctx.err(['spec', 'mtu'], `${mtu} must be between 68 and 65535`);
    else draft.mtu = mtu;
  }
  return draft;
}

/** Usable addresses of a prefix (network and broadcast excluded for /30 and shorter). */
export function usableCount(c: Cidr4): number {
  return c.len >= 31 ? cidrSize(c) : cidrSize(c) - 2;
}
