/**
 * Nodes and outside Hosts: reading them, giving them addresses on the node network, giving nodes their
 * podCIDRs (node IPAM controller, in document order = creation order) and their kernel settings.
 *
 * Kernel defaults, as a kubeadm node has them:
 * - net.ipv4.ip_forward = 1: kubeadm's preflight refuses a node without it (cmd/kubeadm/app/preflight/checks.go
 *   FileContentCheck on /proc/sys/net/ipv4/ip_forward), and the website's container-runtimes.md prerequisites
 *   set it in /etc/sysctl.d/k8s.conf.
 * - net.bridge.bridge-nf-call-iptables = 1: br_netfilter's per-namespace default once loaded (same page loads
 *   the module; see netns/sysctl.ts).
 * - net.ipv4.conf.all.rp_filter = 2 (loose): what a systemd-based distribution applies to every interface,
 *   systemd's sysctl.d/50-default.conf (loose since systemd commit 230450d4e4f1 "sysctl.d: switch
 *   net.ipv4.conf.all.rp_filter from 1 to 2"; Ubuntu's 10-network-security.conf agrees). The kernel's own
 *   default is 0; the netns model keeps one value standing for all interfaces.
 * - net.ipv4.conf.all.route_localnet = 1 when kube-proxy runs in iptables mode with localhostNodePorts
 *   (pkg/proxy/iptables/proxier.go NewProxier sets it so NodePorts answer on 127.0.0.1), else 0.
 * - net.ipv4.icmp_echo_ignore_all = 0 (kernel default).
 *
 * Not modelled: nodes on several networks, IPv6 addresses, DNS address types beyond recording them.
 */
import { cidrContains, cidrCovers, cidrOverlaps, formatCidr, formatIpv4, parseCidrLoose, type Cidr4, type Ipv4 } from '../../addr/ipv4';
import type { ObjectCtx, Path } from './issues';
import { CidrSet } from './allocator';
import { cidrAt, enumAt, ipAt, portOk, portNameOk, readMeta } from './fields';
import { asArr, asBool, asInt, asObj, asStr } from './shape';
import { SYSCTL_ANNOTATION_PREFIX, type KernelSettingName, type KernelSettings, type Protocol, type ProxyConfig, type Taint, type TaintEffect } from './types';
import { qualifiedNameErrors } from '../netpol/name-rules';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** Allowed values per modelled sysctl (the netns model's ranges). */
export const KERNEL_SETTING_VALUES: Record<KernelSettingName, readonly number[]> = {
  'net.ipv4.ip_forward': [0, 1],
  'net.ipv4.conf.all.rp_filter': [0, 1, 2],
  'net.ipv4.conf.all.route_localnet': [0, 1],
  'net.bridge.bridge-nf-call-iptables': [0, 1],
  'net.ipv4.icmp_echo_ignore_all': [0, 1],
};

export interface NodeDraft {
  ctx: ObjectCtx;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  podCIDR?: Cidr4;
  podCIDRPath: Path;
  internalIPs: { ip: Ipv4; path: Path }[];
  externalIPs: string[];
  hostname?: string;
  unschedulable: boolean;
  ready: boolean;
  taints: Taint[];
  sysctls: Partial<KernelSettings>;
}

const ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export function readNode(ctx: ObjectCtx, obj: Record<string, unknown>): NodeDraft | undefined {
  const meta = readMeta(ctx, obj, 'Node', false, 'dns1123-subdomain');
  if (!meta.name) return undefined;
  const spec = asObj(obj['spec']) ?? {};
  const status = asObj(obj['status']) ?? {};
  const d: NodeDraft = {
    ctx,
    name: meta.name,
    labels: meta.labels,
    annotations: meta.annotations,
    podCIDRPath: ['spec', 'podCIDR'],
    internalIPs: [],
    externalIPs: [],
    unschedulable: asBool(spec['unschedulable']) ?? false,
    ready: true,
    taints: [],
    sysctls: {},
  };
  const podCIDR = asStr(spec['podCIDR']);
  const podCIDRs = asArr(spec['podCIDRs']).filter((s): s is string => typeof s === 'string');
  if (podCIDR) d.podCIDR = cidrAt(ctx, ['spec', 'podCIDR'], podCIDR);
  podCIDRs.forEach((c, i) => {
    if (c.includes(':')) return void ctx.warn(['spec', 'podCIDRs', i], `${c}: IPv6 is not modelled, ignored`);
    if (i === 0 && podCIDR && c !== podCIDR) return void ctx.err(['spec', 'podCIDRs', 0], `${c} must equal spec.podCIDR ${podCIDR}`);
    if (i === 0 && !podCIDR) {
      d.podCIDR = cidrAt(ctx, ['spec', 'podCIDRs', 0], c);
      d.podCIDRPath = ['spec', 'podCIDRs', 0];
    }
    else if (i > 0) ctx.err(['spec', 'podCIDRs', i], `${c}: a node has at most one IPv4 podCIDR`);
  });
  if (d.podCIDR && d.podCIDR.len > 30) {
    ctx.err(d.podCIDRPath, `${formatCidr(d.podCIDR)} is too small: host-local needs a gateway and at least one Pod address (/30 or shorter)`);
    delete d.podCIDR;
  }
  asArr(status['addresses']).forEach((a, i) => {
    const o = asObj(a) ?? {};
    const p: Path = ['status', 'addresses', i];
    const type = enumAt(ctx, [...p, 'type'], o['type'], ADDRESS_TYPES);
    const addr = asStr(o['address']);
    if (!type) return void (o['type'] === undefined && ctx.err([...p, 'type'], 'is required'));
    if (!addr) return void ctx.err([...p, 'address'], 'is required');
    if (type === 'InternalIP' || type === 'ExternalIP') {
      if (addr.includes(':')) return void ctx.warn([...p, 'address'], `${addr}: IPv6 is not modelled, ignored`);
      const ip = ipAt(ctx, [...p, 'address'], addr);
      if (ip === undefined) return;
      if (type === 'InternalIP') d.internalIPs.push({ ip, path: [...p, 'address'] });
      else d.externalIPs.push(formatIpv4(ip));
    } else if (type === 'Hostname') {
      d.hostname = addr;
    }
  });
  asArr(status['conditions']).forEach((c, i) => {
    const o = asObj(c) ?? {};
    if (o['type'] !== 'Ready') return;
    const s = enumAt(ctx, ['status', 'conditions', i, 'status'], o['status'], ['True', 'False', 'Unknown'] as const);
    if (s) d.ready = s === 'True';
  });
  const seen = new Set<string>();
  asArr(spec['taints']).forEach((t, i) => {
    const o = asObj(t) ?? {};
    const p: Path = ['spec', 'taints', i];
    const key = asStr(o['key']);
    if (!key) return void ctx.err([...p, 'key'], 'is required');
    for (const m of qualifiedNameErrors(key)) ctx.err([...p, 'key'], `is not a valid taint key: ${m}`);
    const effect = enumAt(ctx, [...p, 'effect'], o['effect'], TAINT_EFFECTS) as TaintEffect | undefined;
    if (!effect) return void (o['effect'] === undefined && ctx.err([...p, 'effect'], 'is required'));
    if (seen.has(`${key}:${effect}`)) return void ctx.err(p, `repeats the taint ${key}:${effect}: taints must be unique by key and effect`);
    seen.add(`${key}:${effect}`);
    const value = asStr(o['value']);
    d.taints.push(value ? { key, value, effect } : { key, effect });
  });
  for (const [k, v] of Object.entries(meta.annotations)) {
    if (k.startsWith(SYSCTL_ANNOTATION_PREFIX)) {
      const name = k.slice(SYSCTL_ANNOTATION_PREFIX.length);
      const p: Path = ['metadata', 'annotations', k];
      if (!(name in KERNEL_SETTING_VALUES)) {
        ctx.warnAt(p, `sysctl ${name} is not modelled: ignored (modelled: ${Object.keys(KERNEL_SETTING_VALUES).join(', ')})`);
        continue;
      }
      const allowed = KERNEL_SETTING_VALUES[name as KernelSettingName];
      const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!allowed.includes(n)) ctx.err(p, `${JSON.stringify(v)} is not a value of ${name}: use ${allowed.join(', ')}`);
      else d.sysctls[name as KernelSettingName] = n;
    } else if (k.startsWith('k8snet.dev/')) {
      ctx.warnAt(['metadata', 'annotations', k], `unknown annotation ${JSON.stringify(k)}: node kernel settings are written ${SYSCTL_ANNOTATION_PREFIX}<sysctl name>`);
    }
  }
  return d;
}

export interface HostDraft {
  ctx: ObjectCtx;
  name: string;
  labels: Record<string, string>;
  ip?: { ip: Ipv4; path: Path };
  ports: { name?: string; port: number; protocol: Protocol }[];
}

export function readHost(ctx: ObjectCtx, obj: Record<string, unknown>): HostDraft | undefined {
  const meta = readMeta(ctx, obj, 'Host', false, 'dns1123-subdomain');
  if (!meta.name) return undefined;
  const spec = asObj(obj['spec']) ?? {};
  const d: HostDraft = { ctx, name: meta.name, labels: meta.labels, ports: [] };
  const ipText = asStr(spec['ip']);
  if (ipText) {
    const ip = ipAt(ctx, ['spec', 'ip'], ipText);
    if (ip !== undefined) d.ip = { ip, path: ['spec', 'ip'] };
  }
  const seen = new Set<string>();
  asArr(spec['ports']).forEach((raw, i) => {
    const o = asObj(raw) ?? {};
    const p: Path = ['spec', 'ports', i];
    const port = asInt(o['port']);
    if (port === undefined) return void ctx.err([...p, 'port'], 'is required');
    if (!portOk(ctx, [...p, 'port'], port)) return;
    const protocol = enumAt(ctx, [...p, 'protocol'], o['protocol'], ['TCP', 'UDP', 'SCTP'] as const) ?? 'TCP';
    const name = asStr(o['name']);
    if (name) portNameOk(ctx, [...p, 'name'], name);
    if (seen.has(`${port}/${protocol}`)) return void ctx.err(p, `repeats ${port}/${protocol}`);
    seen.add(`${port}/${protocol}`);
    d.ports.push(name ? { name, port, protocol } : { port, protocol });
  });
  return d;
}

/** The settings a kubeadm node has (see the top of this file), then the node's own annotations. */
export function kernelSettings(proxy: ProxyConfig, own: Partial<KernelSettings>): KernelSettings {
  const loopbackNodePorts =
    proxy.enabled &&
    proxy.mode === 'iptables' &&
    proxy.localhostNodePorts &&
    (proxy.nodePortAddresses.length === 0 || proxy.nodePortAddresses.some((c) => c !== 'primary' && cidrContains(parseCidrLoose(c), 0x7f000001)));
  return {
    'net.ipv4.ip_forward': 1,
    'net.ipv4.conf.all.rp_filter': 2,
    'net.ipv4.conf.all.route_localnet': loopbackNodePorts ? 1 : 0,
    'net.bridge.bridge-nf-call-iptables': 1,
    'net.ipv4.icmp_echo_ignore_all': 0,
    ...own,
  };
}

/**
 * Node and Host addresses on the node network. Given addresses are checked first (inside the network for
 * nodes, not the gateway, not used twice); then nodes without an InternalIP get the next free address from
 * network+11, hosts without an IP from network+100.
 */
export function assignAddresses(
  nodes: readonly NodeDraft[],
  hosts: readonly HostDraft[],
  network: Cidr4,
  gateway: Ipv4,
): { nodeIPs: Map<string, Ipv4[]>; hostIPs: Map<string, Ipv4> } {
  const owner = new Map<Ipv4, string>();
  owner.set(gateway, 'the gateway of the node network');
  const nodeIPs = new Map<string, Ipv4[]>();
  const hostIPs = new Map<string, Ipv4>();
  for (const n of nodes) {
    const ips: Ipv4[] = [];
    for (const { ip, path } of n.internalIPs) {
      if (!cidrContains(network, ip)) {
        n.ctx.err(path, `${formatIpv4(ip)} is outside the node network ${formatCidr(network)}: put the node on it, or change the Network's spec.cidr`);
        continue;
      }
      const by = owner.get(ip);
      if (by !== undefined) {
        n.ctx.err(path, `${formatIpv4(ip)} is already ${by}`);
        continue;
      }
      owner.set(ip, `node ${n.name}'s address`);
      ips.push(ip);
    }
    nodeIPs.set(n.name, ips);
  }
  for (const h of hosts) {
    if (!h.ip) continue;
    const by = owner.get(h.ip.ip);
    // A Host may be the router itself (a laptop that is the host-only network's .1), but not a node.
    if (by !== undefined && h.ip.ip !== gateway) {
      h.ctx.err(h.ip.path, `${formatIpv4(h.ip.ip)} is already ${by}`);
      continue;
    }
    owner.set(h.ip.ip, `host ${h.name}'s address`);
    hostIPs.set(h.name, h.ip.ip);
  }
  const last = (network.addr + 2 ** (32 - network.len) - 2) >>> 0;
  const take = (from: number): Ipv4 | undefined => {
    for (let ip = (network.addr + from) >>> 0; ip <= last; ip++) if (!owner.has(ip)) return ip;
    for (let ip = (network.addr + 1) >>> 0; ip <= last; ip++) if (!owner.has(ip)) return ip;
    return undefined;
  };
  for (const n of nodes) {
    if (nodeIPs.get(n.name)!.length > 0 || n.internalIPs.length > 0) continue;
    const ip = take(11);
    if (ip === undefined) {
      n.ctx.errAt([], `no free address left on the node network ${formatCidr(network)} for node ${n.name}: use a larger Network spec.cidr`);
      continue;
    }
    owner.set(ip, `node ${n.name}'s address`);
    nodeIPs.set(n.name, [ip]);
  }
  for (const h of hosts) {
    if (h.ip) continue;
    const ip = take(100);
    if (ip === undefined) {
      h.ctx.errAt([], `no free address left on the node network ${formatCidr(network)} for host ${h.name}: give it spec.ip`);
      continue;
    }
    owner.set(ip, `host ${h.name}'s address`);
    hostIPs.set(h.name, ip);
  }
  return { nodeIPs, hostIPs };
}

/**
 * podCIDRs (nodeipam range allocator + cidrset): given podCIDRs must lie inside the podSubnet and not
 * overlap; they are occupied first, then nodes without one get the next free /maskSize block in document order.
 */
export function assignPodCIDRs(nodes: readonly NodeDraft[], podSubnet: Cidr4, maskSize: number): Map<string, Cidr4> {
  const out = new Map<string, Cidr4>();
  const count = 2 ** (maskSize - podSubnet.len);
  const set = new CidrSet(count);
  const step = 2 ** (32 - maskSize);
  const given: { node: NodeDraft; cidr: Cidr4 }[] = [];
  for (const n of nodes) {
    if (!n.podCIDR) continue;
    const c = n.podCIDR;
    const where = n.podCIDRPath;
    if (!cidrCovers(podSubnet, c)) {
      n.ctx.err(where, `${formatCidr(c)} is outside the podSubnet ${formatCidr(podSubnet)}`);
      continue;
    }
    const clash = given.find((g) => cidrOverlaps(g.cidr, c));
    if (clash) {
      n.ctx.err(where, `${formatCidr(c)} overlaps node ${clash.node.name}'s podCIDR ${formatCidr(clash.cidr)}`);
      continue;
    }
    given.push({ node: n, cidr: c });
    out.set(n.name, c);
    // Occupy every block the given prefix touches (cidrset.Occupy).
    const firstBlock = Math.floor((c.addr - podSubnet.addr) / step);
    const blocks = Math.max(1, 2 ** (maskSize - c.len));
    for (let b = firstBlock; b < firstBlock + blocks && b < count; b++) set.occupy(b);
  }
  for (const n of nodes) {
    if (n.podCIDR) continue;
    const b = set.allocateNext();
    if (b === undefined) {
      n.ctx.errAt([], `no podCIDR left for node ${n.name}: the podSubnet ${formatCidr(podSubnet)} holds ${count} node ranges of /${maskSize}; use a larger podSubnet`);
      continue;
    }
    out.set(n.name, { addr: (podSubnet.addr + b * step) >>> 0, len: maskSize });
  }
  return out;
}
