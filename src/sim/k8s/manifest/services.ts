/**
 * Services: validation (pkg/apis/core/validation ValidateService), defaulting (pkg/apis/core/v1 defaults.go
 * SetDefaults_Service and the registry's strategy) and allocation of ClusterIPs, NodePorts and
 * healthCheckNodePorts (pkg/registry/core/service/storage/alloc.go), into the V1Service shape kube-proxy reads.
 *
 * Defaults: type ClusterIP; port protocol TCP; targetPort = port; sessionAffinity None, and for ClientIP a
 * timeout of 10800 s; internalTrafficPolicy Cluster (not for ExternalName); externalTrafficPolicy Cluster for
 * externally reachable Services (NodePort, LoadBalancer, or any type with externalIPs);
 * allocateLoadBalancerNodePorts true for LoadBalancer; ipFamilies [IPv4], ipFamilyPolicy SingleStack.
 * Allocation (alloc.go initNodePorts): ports of one Service with the same port number and different
 * protocols share one NodePort; a healthCheckNodePort is allocated for type LoadBalancer with
 * externalTrafficPolicy Local. Requested ClusterIPs and NodePorts are reserved before any dynamic allocation,
 * so a dynamic pick never takes an address or port another document asks for.
 *
 * Not modelled: dual stack, loadBalancerClass behaviour, the service's status conditions.
 */
import { cidrContains, formatCidr, formatIpv4, isLoopback, isMulticast, type Cidr4, type Ipv4 } from '../../addr/ipv4';
import type { Rng } from '../../core/rng';
import { BandedAllocator, nodePortRangeOffset, serviceIPRangeOffset } from './allocator';
import type { ObjectCtx, Path } from './issues';
import { cidrAt, enumAt, ipAt, labelsAt, nameOk, portNameOk, portOk, readMeta } from './fields';
import { asArr, asBool, asInt, asObj, asStr } from './shape';
import type { Protocol, ServiceObject, ServiceSpecFull } from './types';
import type { ServiceType, V1LoadBalancerIngress, V1ServicePort } from '../kube-proxy/types';

export interface ServiceDraft {
  ctx: ObjectCtx;
  namespace: string;
  name: string;
  obj: ServiceObject;
  /** clusterIP given (and not "None"). */
  requestedIP?: { ip: Ipv4; path: Path };
  /** Needs a dynamic ClusterIP. */
  needsIP: boolean;
  /** Needs NodePorts for ports without one. */
  allocatesNodePorts: boolean;
  needsHealthCheckNodePort: boolean;
}

const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** validation.go ValidateNonSpecialIP: an external IP may not be unspecified, loopback, link-local or multicast. */
function specialIP(ip: Ipv4): string | undefined {
  if (ip === 0) return 'the unspecified address';
  if (isLoopback(ip)) return 'a loopback address';
  if (ip >>> 16 === 0xa9fe) return 'a link-local address';
  if (isMulticast(ip)) return 'a multicast address';
  return undefined;
}

export function readService(ctx: ObjectCtx, obj: Record<string, unknown>): ServiceDraft | undefined {
  const meta = readMeta(ctx, obj, 'Service', true, 'dns1035-label');
  const spec = asObj(obj['spec']) ?? {};
  const type: ServiceType = enumAt(ctx, ['spec', 'type'], spec['type'], TYPES) ?? 'ClusterIP';
  const clusterIPText = asStr(spec['clusterIP']);
  const headless = clusterIPText === 'None';
  const ports: V1ServicePort[] = [];
  const rawPorts = asArr(spec['ports']);
  if (rawPorts.length === 0 && !headless && type !== 'ExternalName') {
    ctx.err(['spec', 'ports'], 'is required: a Service needs at least one port (only headless and ExternalName Services may have none)');
  }
  const names = new Set<string>();
  const pairs = new Set<string>();
  const nodePortUse = new Map<string, number>();
  rawPorts.forEach((raw, i) => {
    const o = asObj(raw) ?? {};
    const p: Path = ['spec', 'ports', i];
    const name = asStr(o['name']) ?? '';
    if (rawPorts.length > 1 && name === '') ctx.err([...p, 'name'], 'is required when a Service has more than one port');
    if (name !== '' && nameOk(ctx, [...p, 'name'], name, 'dns1123-label')) {
      if (names.has(name)) ctx.err([...p, 'name'], `${JSON.stringify(name)} is used by another port of this Service`);
      names.add(name);
    }
    const port = asInt(o['port']);
    if (port === undefined) return void ctx.err([...p, 'port'], 'is required');
    if (!portOk(ctx, [...p, 'port'], port)) return;
    const protocol: Protocol = enumAt(ctx, [...p, 'protocol'], o['protocol'], PROTOCOLS) ?? 'TCP';
    if (pairs.has(`${port}/${protocol}`)) ctx.err(p, `repeats port ${port}/${protocol}: each port and protocol pair may appear once`);
    pairs.add(`${port}/${protocol}`);
    const out: V1ServicePort = name !== '' ? { name, port, protocol } : { port, protocol };
    const tp = o['targetPort'];
    if (typeof tp === 'number' && Number.isInteger(tp) && tp !== 0) {
      if (portOk(ctx, [...p, 'targetPort'], tp)) out.targetPort = tp;
    } else if (typeof tp === 'string' && tp !== '') {
      if (portNameOk(ctx, [...p, 'targetPort'], tp)) out.targetPort = tp;
    } else {
      out.targetPort = port; // SetDefaults_Service: targetPort defaults to port
    }
    const np = asInt(o['nodePort']);
    if (np !== undefined && np !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName') {
        ctx.err([...p, 'nodePort'], `may not be used when type is ${type}: use type NodePort or LoadBalancer`);
      } else {
        const key = `${np}/${protocol}`;
        if (nodePortUse.has(key)) ctx.err([...p, 'nodePort'], `${np} is already used by spec.ports[${nodePortUse.get(key)}] for ${protocol}`);
        nodePortUse.set(key, i);
        out.nodePort = np;
      }
    }
    const app = asStr(o['appProtocol']);
    if (app) out.appProtocol = app;
    ports.push(out);
  });

  const s: ServiceSpecFull = { type };
  if (ports.length > 0 || rawPorts.length > 0) s.ports = ports;
  const selector = labelsAt(ctx, ['spec', 'selector'], spec['selector']);
  if (Object.keys(selector).length > 0) {
    if (type === 'ExternalName') ctx.warn(['spec', 'selector'], 'is ignored for an ExternalName Service');
    else s.selector = selector;
  }

  // clusterIP
  let requestedIP: ServiceDraft['requestedIP'];
  let needsIP = false;
  if (type === 'ExternalName') {
    if (clusterIPText) ctx.err(['spec', 'clusterIP'], 'must be empty for an ExternalName Service (it has no virtual IP)');
    const ext = asStr(spec['externalName']);
    if (!ext) ctx.err(['spec', 'externalName'], 'is required for type ExternalName');
    else if (nameOk(ctx, ['spec', 'externalName'], ext.endsWith('.') ? ext.slice(0, -1) : ext, 'dns1123-subdomain')) s.externalName = ext;
  } else {
    if (headless && type !== 'ClusterIP') ctx.err(['spec', 'clusterIP'], `may not be "None" for type ${type}: only a ClusterIP Service can be headless`);
    if (headless) {
      s.clusterIP = 'None';
      s.clusterIPs = ['None'];
    } else if (clusterIPText) {
      const ip = ipAt(ctx, ['spec', 'clusterIP'], clusterIPText);
      if (ip !== undefined) requestedIP = { ip, path: ['spec', 'clusterIP'] };
    } else {
      needsIP = true;
    }
    if (asStr(spec['externalName'])) ctx.warn(['spec', 'externalName'], `is ignored for type ${type}`);
  }
  const cips = asArr(spec['clusterIPs']).filter((x): x is string => typeof x === 'string');
  if (cips.length > 0 && clusterIPText && cips[0] !== clusterIPText) ctx.err(['spec', 'clusterIPs', 0], `${cips[0]} must equal spec.clusterIP ${clusterIPText}`);
  if (cips.length > 0 && !clusterIPText && type !== 'ExternalName') {
    if (cips[0] === 'None') {
      s.clusterIP = 'None';
      s.clusterIPs = ['None'];
      needsIP = false;
    } else {
      const ip = ipAt(ctx, ['spec', 'clusterIPs', 0], cips[0]!);
      if (ip !== undefined) {
        requestedIP = { ip, path: ['spec', 'clusterIPs', 0] };
        needsIP = false;
      }
    }
  }
  if (cips.length > 1) ctx.warn(['spec', 'clusterIPs', 1], 'is a second IP family: dual stack is not modelled, ignored');
  if (type !== 'ExternalName') {
    const fams = asArr(spec['ipFamilies']);
    fams.forEach((f, i) => {
      if (f !== 'IPv4') ctx.err(['spec', 'ipFamilies', i], `${JSON.stringify(f)} is not modelled: the simulator is IPv4 only`);
    });
    const pol = enumAt(ctx, ['spec', 'ipFamilyPolicy'], spec['ipFamilyPolicy'], ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const);
    if (pol === 'RequireDualStack') ctx.err(['spec', 'ipFamilyPolicy'], 'RequireDualStack is not modelled: the simulator is IPv4 only');
    s.ipFamilies = ['IPv4'];
    s.ipFamilyPolicy = pol === 'PreferDualStack' ? 'PreferDualStack' : 'SingleStack';
  }

  // externalIPs
  const externalIPs: string[] = [];
  asArr(spec['externalIPs']).forEach((e, i) => {
    if (typeof e !== 'string') return;
    const ip = ipAt(ctx, ['spec', 'externalIPs', i], e);
    if (ip === undefined) return;
    const special = specialIP(ip);
    if (special) ctx.err(['spec', 'externalIPs', i], `${e} may not be ${special}`);
    else externalIPs.push(formatIpv4(ip));
  });
  if (externalIPs.length > 0) s.externalIPs = externalIPs;

  // traffic policies (apiservice.ExternallyAccessible: NodePort, LoadBalancer, or externalIPs)
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && externalIPs.length > 0);
  const etp = enumAt(ctx, ['spec', 'externalTrafficPolicy'], spec['externalTrafficPolicy'], ['Cluster', 'Local'] as const);
  if (etp && !external) ctx.err(['spec', 'externalTrafficPolicy'], 'may only be set for externally reachable Services (type NodePort or LoadBalancer, or with externalIPs)');
  if (external) s.externalTrafficPolicy = etp ?? 'Cluster';
  const itp = enumAt(ctx, ['spec', 'internalTrafficPolicy'], spec['internalTrafficPolicy'], ['Cluster', 'Local'] as const);
  if (type !== 'ExternalName') s.internalTrafficPolicy = itp ?? 'Cluster';

  // session affinity
  const aff = enumAt(ctx, ['spec', 'sessionAffinity'], spec['sessionAffinity'], ['None', 'ClientIP'] as const) ?? 'None';
  s.sessionAffinity = aff;
  const timeout = asInt(asObj(asObj(spec['sessionAffinityConfig'])?.['clientIP'])?.['timeoutSeconds']);
  if (aff === 'ClientIP') {
    const t = timeout ?? 10800;
    // validation.go validateClientIPAffinityConfig: 0 < timeoutSeconds <= 86400.
    if (t <= 0 || t > 86400) ctx.err(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], `${t} must be between 1 and 86400 (one day)`);
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: t } };
  } else if (spec['sessionAffinityConfig'] !== undefined && spec['sessionAffinityConfig'] !== null) {
    ctx.err(['spec', 'sessionAffinityConfig'], 'must not be set when sessionAffinity is None');
  }

  // load balancer fields
  const lbOnly = (field: string) => ctx.err(['spec', field], `may only be used when type is LoadBalancer`);
  const ranges: string[] = [];
  asArr(spec['loadBalancerSourceRanges']).forEach((r, i) => {
    if (typeof r !== 'string') return;
    // The API parses these with net.ParseCIDR after trimming: host bits are allowed (and cleared by kube-proxy).
    const c = cidrAt(ctx, ['spec', 'loadBalancerSourceRanges', i], r.trim(), true);
    if (c) ranges.push(formatCidr(c));
  });
  if (ranges.length > 0) {
    if (type !== 'LoadBalancer') lbOnly('loadBalancerSourceRanges');
    s.loadBalancerSourceRanges = ranges;
  }
  const alloc = asBool(spec['allocateLoadBalancerNodePorts']);
  if (alloc !== undefined && type !== 'LoadBalancer') lbOnly('allocateLoadBalancerNodePorts');
  if (type === 'LoadBalancer') s.allocateLoadBalancerNodePorts = alloc ?? true;
  const lbc = asStr(spec['loadBalancerClass']);
  if (lbc) {
    if (type !== 'LoadBalancer') lbOnly('loadBalancerClass');
    s.loadBalancerClass = lbc;
  }
  const pna = asBool(spec['publishNotReadyAddresses']);
  if (pna) s.publishNotReadyAddresses = true;
  const hc = asInt(spec['healthCheckNodePort']);
  const needsHC = type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (hc !== undefined && hc !== 0) {
    if (!needsHC) ctx.err(['spec', 'healthCheckNodePort'], 'may only be set when type is LoadBalancer and externalTrafficPolicy is Local');
    else s.healthCheckNodePort = hc;
  }

  // status.loadBalancer.ingress
  const ingress: V1LoadBalancerIngress[] = [];
  asArr(asObj(asObj(asObj(obj['status'])?.['loadBalancer']))?.['ingress']).forEach((raw, i) => {
    const o = asObj(raw) ?? {};
    const p: Path = ['status', 'loadBalancer', 'ingress', i];
    const ipText = asStr(o['ip']);
    const host = asStr(o['hostname']);
    const entry: V1LoadBalancerIngress = {};
    if (ipText) {
      const ip = ipAt(ctx, [...p, 'ip'], ipText);
      if (ip !== undefined) entry.ip = formatIpv4(ip);
    }
    if (host) entry.hostname = host;
    const mode = enumAt(ctx, [...p, 'ipMode'], o['ipMode'], ['VIP', 'Proxy'] as const);
    if (mode) {
      if (!ipText) ctx.err([...p, 'ipMode'], 'may only be set together with ip');
      entry.ipMode = mode;
    }
    if (!ipText && !host) ctx.err(p, 'needs an ip or a hostname');
    ingress.push(entry);
  });
  if (ingress.length > 0 && type !== 'LoadBalancer') ctx.warn(['status', 'loadBalancer', 'ingress'], `is ignored for type ${type}: only a LoadBalancer Service has one`);

  if (!meta.name) return undefined;
  const md: ServiceObject['metadata'] = { name: meta.name, namespace: meta.namespace };
  if (Object.keys(meta.labels).length > 0) md.labels = meta.labels;
  if (Object.keys(meta.annotations).length > 0) md.annotations = meta.annotations;
  const svc: ServiceObject = { apiVersion: 'v1', kind: 'Service', metadata: md, spec: s };
  if (type === 'LoadBalancer') svc.status = { loadBalancer: ingress.length > 0 ? { ingress } : {} };
  return {
    ctx,
    namespace: meta.namespace,
    name: meta.name,
    obj: svc,
    ...(requestedIP ? { requestedIP } : {}),
    needsIP,
    allocatesNodePorts: type === 'NodePort' || (type === 'LoadBalancer' && (s.allocateLoadBalancerNodePorts ?? true)),
    needsHealthCheckNodePort: needsHC,
  };
}

/** The usable ClusterIP range of a service subnet: network+1 .. broadcast−1 (ipallocator NewIPAllocator). */
export function serviceRange(subnet: Cidr4): { first: Ipv4; size: number; offset: number } {
  const cidrSize = 2 ** (32 - subnet.len);
  return { first: (subnet.addr + 1) >>> 0, size: Math.max(0, cidrSize - 2), offset: serviceIPRangeOffset(cidrSize) };
}

/**
 * Fills in clusterIP(s), nodePorts and healthCheckNodePort on every draft, in two passes: requested values
 * first (validated: in range, free), then dynamic ones in document order with the Rng.
 */
export function allocateServices(
  drafts: readonly ServiceDraft[],
  serviceSubnet: Cidr4,
  nodePorts: { first: number; last: number },
  rng: Rng,
): void {
  const range = serviceRange(serviceSubnet);
  const ips = new BandedAllocator(range.size, range.offset);
  const ipOwner = new Map<number, string>();
  const portSize = nodePorts.last - nodePorts.first + 1;
  const ports = new BandedAllocator(portSize, nodePortRangeOffset(portSize));
  const portOwner = new Map<number, string>();
  const key = (d: ServiceDraft) => `${d.namespace}/${d.name}`;
  const rangeText = `${nodePorts.first}-${nodePorts.last}`;
  const setIP = (d: ServiceDraft, ip: Ipv4) => {
    d.obj.spec.clusterIP = formatIpv4(ip);
    d.obj.spec.clusterIPs = [formatIpv4(ip)];
  };

  // Pass 1: requested ClusterIPs.
  for (const d of drafts) {
    if (!d.requestedIP) continue;
    const { ip, path } = d.requestedIP;
    const slot = ip - range.first;
    if (!cidrContains(serviceSubnet, ip) || slot < 0 || slot >= range.size) {
      d.ctx.err(path, `${formatIpv4(ip)} is outside the service subnet ${formatCidr(serviceSubnet)} (usable ${formatIpv4(range.first)}-${formatIpv4(range.first + range.size - 1)})`);
      continue;
    }
    if (!ips.allocate(slot)) {
      d.ctx.err(path, `${formatIpv4(ip)} is already allocated to Service ${ipOwner.get(slot)}`);
      continue;
    }
    ipOwner.set(slot, key(d));
    setIP(d, ip);
  }
  // Pass 1: requested NodePorts and healthCheckNodePorts.
  const reservePort = (d: ServiceDraft, port: number, path: Path, sameService: boolean): boolean => {
    if (port < nodePorts.first || port > nodePorts.last) {
      d.ctx.err(path, `${port} is outside the range ${rangeText}`);
      return false;
    }
    const slot = port - nodePorts.first;
    const owner = portOwner.get(slot);
    if (owner !== undefined) {
      if (sameService && owner === key(d)) return true;
      d.ctx.err(path, `${port} is already allocated to Service ${owner}`);
      return false;
    }
    ports.allocate(slot);
    portOwner.set(slot, key(d));
    return true;
  };
  for (const d of drafts) {
    (d.obj.spec.ports ?? []).forEach((p, i) => {
      if (p.nodePort) reservePort(d, p.nodePort, ['spec', 'ports', i, 'nodePort'], true);
    });
    const hc = d.obj.spec.healthCheckNodePort;
    if (hc) reservePort(d, hc, ['spec', 'healthCheckNodePort'], false);
  }
  // Pass 2: dynamic values.
  for (const d of drafts) {
    if (d.needsIP) {
      const slot = ips.allocateNext(rng);
      if (slot === undefined) d.ctx.errAt([], `no ClusterIP left in the service subnet ${formatCidr(serviceSubnet)}: use a larger serviceSubnet`);
      else {
        ipOwner.set(slot, key(d));
        setIP(d, (range.first + slot) >>> 0);
      }
    }
    if (d.allocatesNodePorts) {
      // initNodePorts: one NodePort per port number, shared by its protocols.
      const byPort = new Map<number, number>();
      for (const p of d.obj.spec.ports ?? []) if (p.nodePort) byPort.set(p.port, p.nodePort);
      for (const p of d.obj.spec.ports ?? []) {
        if (p.nodePort) continue;
        const shared = byPort.get(p.port);
        if (shared !== undefined) {
          p.nodePort = shared;
          continue;
        }
        const slot = ports.allocateNext(rng);
        if (slot === undefined) {
          d.ctx.errAt([], `no NodePort left in the range ${rangeText}`);
          break;
        }
        portOwner.set(slot, key(d));
        p.nodePort = nodePorts.first + slot;
        byPort.set(p.port, p.nodePort);
      }
    }
    if (d.needsHealthCheckNodePort && !d.obj.spec.healthCheckNodePort) {
      const slot = ports.allocateNext(rng);
      if (slot === undefined) d.ctx.errAt([], `no NodePort left in the range ${rangeText} for the healthCheckNodePort`);
      else {
        portOwner.set(slot, key(d));
        d.obj.spec.healthCheckNodePort = nodePorts.first + slot;
      }
    }
  }
}
