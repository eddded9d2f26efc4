/**
 * The CNI configuration in the plugins' own formats: a conflist (/etc/cni/net.d/*.conflist, or an old single
 * .conf) whose first plugin is `flannel` or `bridge` + `host-local`, flannel's net-conf.json and flanneld's
 * command line; read from a k8snet.dev CNIConfig or kube-flannel.yml's ConfigMap `kube-flannel-cfg`.
 *
 * How flannel completes its delegate (flannel-io/cni-plugin flannel_linux.go doFlannelAdd): type defaults to
 * bridge; ipMasq to !FLANNEL_IPMASQ; mtu to FLANNEL_MTU; a bridge delegate gets isGateway true unless set;
 * ipam is always replaced by host-local over FLANNEL_SUBNET with the route `dst: FLANNEL_NETWORK`.
 * flanneld (flannel-io/flannel): net-conf.json without Backend means the "udp" backend; VXLAN defaults VNI 1
 * and port 8472 (the kernel's default when flannel passes 0); FLANNEL_MTU is the external interface's MTU,
 * minus 50 for VXLAN (pkg/backend/vxlan encapOverhead).
 * The bridge plugin (containernetworking/plugins plugins/main/bridge): bridge cni0, MTU 1500 when unset,
 * isDefaultGateway implies isGateway, hairpinMode and promiscMode exclude each other.
 *
 * Not modelled: other plugins than flannel, bridge, host-local and portmap (bandwidth, tuning and firewall are
 * ignored with a warning); several host-local ranges; flannel's udp, ipip and wireguard backends.
 */
import { formatCidr, formatIpv4, cidrContains, type Cidr4, type Ipv4 } from '../../addr/ipv4';
import type { ObjectCtx, Path } from './issues';
import { cidrAt, ipAt } from './fields';
import { BRIDGE_PLUGIN, FLANNEL_NET_CONF, FLANNEL_PLUGIN, PORTMAP_PLUGIN } from './schemas';
import { asArr, asBool, asInt, asObj, asStr, checkShape, isObject } from './shape';
import type { BridgeConfigSpec, CniSpec, FlannelBackendSpec } from './types';

/** Per-node placeholders a bridge conflist may use for its host-local subnet. */
export const POD_CIDR_PLACEHOLDERS = ['usePodCidr', '{{.PodCIDR}}'] as const;

export interface CniDraft {
  ctx: ObjectCtx;
  /** Path of the conflist (for messages about the configuration as a whole). */
  path: Path;
  plugin: 'flannel' | 'bridge';
  networkName: string;
  cniVersion: string;
  bridge: Partial<BridgeConfigSpec>;
  ipam?: { subnet: 'podCIDR' | Cidr4; rangeStart?: Ipv4; rangeEnd?: Ipv4; gateway?: Ipv4; routes: { dst: string; gw?: string }[] };
  portmap: boolean;
  flannel?: { network?: Cidr4; networkPath: Path; backend: FlannelBackendSpec; ipMasq: boolean };
}

/** A JSON document given either as an object or as its text. */
function jsonValue(ctx: ObjectCtx, path: Path, v: unknown): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) return v;
  if (typeof v !== 'string') {
    ctx.err(path, 'must be a JSON object or its text');
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(v);
    if (isObject(parsed)) return parsed;
    ctx.err(path, 'must be a JSON object');
  } catch (e) {
    ctx.err(path, `is not valid JSON: ${(e as Error).message}`);
  }
  return undefined;
}

function bridgeOptions(o: Record<string, unknown>): Partial<BridgeConfigSpec> {
  const b: Partial<BridgeConfigSpec> = {};
  const name = asStr(o['bridge']);
  if (name) b.bridge = name;
  for (const k of ['isGateway', 'isDefaultGateway', 'hairpinMode', 'promiscMode', 'ipMasq'] as const) {
    const v = asBool(o[k]);
    if (v !== undefined) b[k] = v;
  }
  const mtu = asInt(o['mtu']);
  if (mtu !== undefined) b.mtu = mtu;
  return b;
}

function checkBridge(ctx: ObjectCtx, path: Path, b: Partial<BridgeConfigSpec>): void {
  // bridge.go loadNetConf: "cannot set hairpin mode and promiscuous mode at the same time".
  if (b.hairpinMode && b.promiscMode) ctx.err(path, 'sets both hairpinMode and promiscMode: the bridge plugin refuses that, keep one');
  if (b.mtu !== undefined && (b.mtu < 68 || b.mtu > 65535)) ctx.err([...path, 'mtu'], `${b.mtu} must be between 68 and 65535`);
  if (b.bridge !== undefined && !/^[^\s/]{1,15}$/.test(b.bridge)) ctx.err([...path, 'bridge'], `${JSON.stringify(b.bridge)} is not a valid interface name (1-15 characters, no spaces or '/')`);
}

function readHostLocal(ctx: ObjectCtx, path: Path, raw: unknown): CniDraft['ipam'] | undefined {
  const ipam = asObj(raw);
  if (!ipam) {
    ctx.err(path, 'is required: the bridge plugin needs host-local IPAM to give Pods addresses');
    return undefined;
  }
  const type = asStr(ipam['type']);
  if (type !== 'host-local') {
    ctx.err([...path, 'type'], `${JSON.stringify(type ?? '')} is not modelled: use "host-local"`);
    return undefined;
  }
  let r: Record<string, unknown> = ipam;
  let rPath: Path = path;
  const ranges = asArr(ipam['ranges']);
  if (ranges.length > 0) {
    const set = asArr(ranges[0]);
    if (ranges.length > 1 || set.length !== 1) {
      ctx.err([...path, 'ranges'], 'must hold exactly one range ([[{"subnet": ...}]]): several ranges are not modelled');
      return undefined;
    }
    r = asObj(set[0]) ?? {};
    rPath = [...path, 'ranges', 0, 0];
  }
  const subnetText = asStr(r['subnet']);
  if (!subnetText) {
    ctx.err([...rPath, 'subnet'], `is required: a prefix, or ${POD_CIDR_PLACEHOLDERS.map((p) => JSON.stringify(p)).join(' / ')} for each node's podCIDR`);
    return undefined;
  }
  let subnet: 'podCIDR' | Cidr4 | undefined;
  if ((POD_CIDR_PLACEHOLDERS as readonly string[]).includes(subnetText)) subnet = 'podCIDR';
  else subnet = cidrAt(ctx, [...rPath, 'subnet'], subnetText);
  if (subnet === undefined) return undefined;
  const out: NonNullable<CniDraft['ipam']> = { subnet, routes: [] };
  for (const k of ['rangeStart', 'rangeEnd', 'gateway'] as const) {
    const t = asStr(r[k]);
    if (!t) continue;
    const ip = ipAt(ctx, [...rPath, k], t);
    if (ip === undefined) continue;
    if (subnet !== 'podCIDR' && !cidrContains(subnet, ip)) ctx.err([...rPath, k], `${t} is outside the subnet ${formatCidr(subnet)}`);
    else out[k] = ip;
  }
  asArr(ipam['routes']).forEach((rt, i) => {
    const o = asObj(rt) ?? {};
    const dst = asStr(o['dst']);
    if (!dst) return void ctx.err([...path, 'routes', i, 'dst'], 'is required');
    const c = cidrAt(ctx, [...path, 'routes', i, 'dst'], dst);
    const gwText = asStr(o['gw']);
    const gw = gwText ? ipAt(ctx, [...path, 'routes', i, 'gw'], gwText) : undefined;
    if (c) out.routes.push(gw !== undefined ? { dst: formatCidr(c), gw: formatIpv4(gw) } : { dst: formatCidr(c) });
  });
  return out;
}

function readNetConf(ctx: ObjectCtx, path: Path, raw: unknown, networkOptional: boolean): { network?: Cidr4; backend?: FlannelBackendSpec } {
  const nc = jsonValue(ctx, path, raw);
  if (!nc) return {};
  checkShape(ctx, nc, FLANNEL_NET_CONF, path);
  const out: { network?: Cidr4; backend?: FlannelBackendSpec } = {};
  const net = asStr(nc['Network']);
  if (!net) {
    if (!networkOptional) ctx.err([...path, 'Network'], 'is required: the cluster-wide Pod network, like 10.244.0.0/16');
  } else out.network = cidrAt(ctx, [...path, 'Network'], net);
  const be = asObj(nc['Backend']);
  const type = asStr(be?.['Type']);
  if (!be || !type) {
    // flannel pkg/subnet/config.go parseBackendType: no Backend means "udp".
    ctx.err([...path, 'Backend'], 'is absent, which means flannel\'s "udp" backend: not modelled; set Backend.Type to "vxlan" or "host-gw"');
    return out;
  }
  if (type === 'vxlan') {
    const vni = asInt(be['VNI']) ?? 1;
    if (vni < 0 || vni > 0xffffff) ctx.err([...path, 'Backend', 'VNI'], `${vni} must be between 0 and 16777215 (24 bits)`);
    const port = asInt(be['Port']) || 8472;
    if (port < 1 || port > 65535) ctx.err([...path, 'Backend', 'Port'], `${port} must be between 1 and 65535`);
    out.backend = { type: 'vxlan', vni, port, directRouting: asBool(be['DirectRouting']) ?? false };
  } else if (type === 'host-gw') {
    out.backend = { type: 'host-gw' };
  } else {
    ctx.err([...path, 'Backend', 'Type'], `${JSON.stringify(type)} is not modelled: use "vxlan" or "host-gw"`);
  }
  return out;
}

/** flanneld's command line: --ip-masq and --kube-subnet-mgr matter; interface selection is implied. */
function readFlanneldArgs(ctx: ObjectCtx, path: Path, raw: unknown): boolean {
  if (!Array.isArray(raw)) return true; // kube-flannel.yml: --ip-masq --kube-subnet-mgr
  let ipMasq = false;
  let subnetMgr = false;
  const boolFlag = (v: string | undefined, at: Path) => {
    if (v === undefined || v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    ctx.err(at, `${JSON.stringify(v)} is not a boolean`);
    return false;
  };
  raw.forEach((a, i) => {
    if (typeof a !== 'string') return;
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) return void ctx.warn([...path, i], `${JSON.stringify(a)} is not a flag: ignored`);
    const [, flag, value] = m;
    if (flag === 'ip-masq') ipMasq = boolFlag(value, [...path, i]);
    else if (flag === 'kube-subnet-mgr') subnetMgr = boolFlag(value, [...path, i]);
    else if (!['iface', 'iface-regex', 'iface-can-reach', 'public-ip', 'v', 'subnet-file', 'net-config-path', 'healthz-port', 'healthz-ip'].includes(flag!)) {
      ctx.warn([...path, i], `flanneld flag --${flag} is not modelled: ignored`);
    }
  });
  if (!subnetMgr) ctx.warn(path, 'lacks --kube-subnet-mgr: leases still come from node podCIDRs (the etcd subnet manager is not modelled)');
  return ipMasq;
}

/**
 * Reads a conflist (+ net-conf.json + flanneld args). `conflistRaw` undefined means the default flannel
 * conflist (only netConf or args were given).
 */
export function readCni(
  ctx: ObjectCtx,
  at: { conflist: Path; netConf: Path; args: Path },
  conflistRaw: unknown,
  netConfRaw: unknown,
  argsRaw: unknown,
  /** CNIConfig lets net-conf.json omit Network (then the podSubnet); flannel's own file requires it. */
  networkOptional = false,
): CniDraft | undefined {
  const conf = conflistRaw === undefined || conflistRaw === null ? defaultFlannelConflist() : jsonValue(ctx, at.conflist, conflistRaw);
  if (!conf) return undefined;
  const path = at.conflist;
  let plugins: unknown[];
  let pluginsPath: Path;
  if (Array.isArray(conf['plugins'])) {
    plugins = conf['plugins'];
    pluginsPath = [...path, 'plugins'];
  } else if (typeof conf['type'] === 'string') {
    // An old single-plugin .conf (kube-flannel.yml before conflists).
    plugins = [conf];
    pluginsPath = [];
  } else {
    ctx.err(path, 'must be a CNI conflist ({"name", "cniVersion", "plugins": [...]}) or a single plugin config with "type"');
    return undefined;
  }
  const pPath = (i: number): Path => (pluginsPath.length ? [...pluginsPath, i] : path);
  const networkName = asStr(conf['name']);
  if (!networkName) ctx.err([...path, 'name'], 'is required: the network name (kube-flannel.yml uses "cbr0")');
  const cniVersion = asStr(conf['cniVersion']) ?? '0.3.1';
  const first = asObj(plugins[0]);
  const type = asStr(first?.['type']);
  if (!first || (type !== 'flannel' && type !== 'bridge')) {
    ctx.err([...pPath(0), 'type'], `${JSON.stringify(type ?? '')} is not modelled: the first plugin must be "flannel" or "bridge"`);
    return undefined;
  }
  let portmap = false;
  plugins.slice(1).forEach((p, k) => {
    const i = k + 1;
    const t = asStr(asObj(p)?.['type']);
    if (t === 'portmap') {
      portmap = true;
      checkShape(ctx, p, PORTMAP_PLUGIN, pPath(i));
    } else if (t === 'bandwidth' || t === 'tuning' || t === 'firewall' || t === 'sbr') {
      ctx.warn([...pPath(i), 'type'], `${JSON.stringify(t)} is not modelled: ignored`);
    } else {
      ctx.err([...pPath(i), 'type'], `${JSON.stringify(t ?? '')} is not modelled: chain "portmap" after "${type}", or nothing`);
    }
  });
  const draft: CniDraft = { ctx, path, plugin: type, networkName: networkName ?? '', cniVersion, bridge: {}, portmap };
  if (type === 'flannel') {
    checkShape(ctx, first, FLANNEL_PLUGIN, pPath(0));
    const delegate = asObj(first['delegate']) ?? {};
    const dPath: Path = [...pPath(0), 'delegate'];
    const dType = asStr(delegate['type']) ?? 'bridge';
    if (dType !== 'bridge') ctx.err([...dPath, 'type'], `${JSON.stringify(dType)} is not modelled: flannel must delegate to "bridge"`);
    if (delegate['ipam'] !== undefined) ctx.warn([...dPath, 'ipam'], 'is ignored: flannel always sets the delegate\'s ipam from subnet.env');
    draft.bridge = bridgeOptions(delegate);
    checkBridge(ctx, dPath, draft.bridge);
    const nc = netConfRaw === undefined || netConfRaw === null ? { backend: { type: 'vxlan', vni: 1, port: 8472, directRouting: false } as FlannelBackendSpec } : readNetConf(ctx, at.netConf, netConfRaw, networkOptional);
    draft.flannel = { networkPath: [...at.netConf, 'Network'], backend: nc.backend ?? { type: 'host-gw' }, ipMasq: readFlanneldArgs(ctx, at.args, argsRaw) };
    if (nc.network) draft.flannel.network = nc.network;
  } else {
    checkShape(ctx, first, BRIDGE_PLUGIN, pPath(0));
    draft.bridge = bridgeOptions(first);
    checkBridge(ctx, pPath(0), draft.bridge);
    const ipam = readHostLocal(ctx, [...pPath(0), 'ipam'], first['ipam']);
    if (ipam) draft.ipam = ipam;
    if (netConfRaw !== undefined && netConfRaw !== null) ctx.warn(at.netConf, 'is only read by flannel: ignored with a bridge conflist');
    if (Array.isArray(argsRaw)) ctx.warn(at.args, 'are only read by flannel: ignored with a bridge conflist');
  }
  return draft;
}

/** kube-flannel.yml's cni-conf.json. */
export function defaultFlannelConflist(): Record<string, unknown> {
  return {
    name: 'cbr0',
    cniVersion: '0.3.1',
    plugins: [
      { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
}

/** The CNI as it runs, with every default filled in. */
export function resolveCni(draft: CniDraft | undefined, podSubnet: Cidr4, underlayMtu: number): CniSpec {
  if (!draft || draft.plugin === 'flannel') {
    const f = draft?.flannel ?? { backend: { type: 'vxlan', vni: 1, port: 8472, directRouting: false } as FlannelBackendSpec, ipMasq: true, networkPath: [] };
    const network = formatCidr(f.network ?? podSubnet);
    const mtu = f.backend.type === 'vxlan' ? underlayMtu - 50 : underlayMtu;
    const d = draft?.bridge ?? { hairpinMode: true, isDefaultGateway: true };
    const isDefaultGateway = d.isDefaultGateway ?? false;
    return {
      plugin: 'flannel',
      networkName: draft?.networkName ?? 'cbr0',
      cniVersion: draft?.cniVersion ?? '0.3.1',
      bridge: {
        bridge: d.bridge ?? 'cni0',
        // flannel_linux.go: a bridge delegate gets isGateway true unless set; bridge.go: isDefaultGateway implies it.
        isGateway: (d.isGateway ?? true) || isDefaultGateway,
        isDefaultGateway,
        hairpinMode: d.hairpinMode ?? false,
        promiscMode: d.promiscMode ?? false,
        ipMasq: d.ipMasq ?? !f.ipMasq,
        mtu: d.mtu ?? mtu,
      },
      ipam: { type: 'host-local', subnet: 'podCIDR', routes: [{ dst: network }] },
      portmap: draft?.portmap ?? true,
      flannel: { network, backend: f.backend, ipMasq: f.ipMasq, mtu },
    };
  }
  const d = draft.bridge;
  const isDefaultGateway = d.isDefaultGateway ?? false;
  const ipam = draft.ipam;
  return {
    plugin: 'bridge',
    networkName: draft.networkName,
    cniVersion: draft.cniVersion,
    bridge: {
      bridge: d.bridge ?? 'cni0',
      isGateway: (d.isGateway ?? false) || isDefaultGateway,
      isDefaultGateway,
      hairpinMode: d.hairpinMode ?? false,
      promiscMode: d.promiscMode ?? false,
      ipMasq: d.ipMasq ?? false,
      mtu: d.mtu ?? 1500,
    },
    ipam: {
      type: 'host-local',
      subnet: !ipam || ipam.subnet === 'podCIDR' ? 'podCIDR' : formatCidr(ipam.subnet),
      ...(ipam?.rangeStart !== undefined ? { rangeStart: formatIpv4(ipam.rangeStart) } : {}),
      ...(ipam?.rangeEnd !== undefined ? { rangeEnd: formatIpv4(ipam.rangeEnd) } : {}),
      ...(ipam?.gateway !== undefined ? { gateway: formatIpv4(ipam.gateway) } : {}),
      routes: ipam?.routes ?? [],
    },
    portmap: draft.portmap,
  };
}
