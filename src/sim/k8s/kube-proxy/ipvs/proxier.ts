/**
 * kube-proxy's IPVS mode as a pure function: Services + EndpointSlices + node config → what one full sync
 * leaves on the node: the kube-ipvs0 addresses, the IPVS virtual/real servers, the ipset members and the
 * iptables-restore payload. Source: kubernetes/kubernetes pkg/proxy/ipvs/proxier.go (`syncProxyRules`,
 * `syncService`, `syncEndpoint`, `writeIptablesRules`) and proxier_test.go, read at the revision with
 * KUBE-IPVS-OUT-FILTER and `OnServiceCIDRsChanged` (v1.31+); endpoint selection is the shared
 * `CategorizeEndpoints` (../endpoints.ts).
 *
 * Per service port, in this order (services in input order: kube-proxy iterates a Go map):
 * - local endpoints (any readiness) → KUBE-LOOP-BACK `ip,proto:port,ip` (hairpin masquerade);
 * - cluster IP → KUBE-CLUSTER-IP member, a virtual server, the address bound on kube-ipvs0;
 * - each external IP → KUBE-EXTERNAL-IP (or -LOCAL for eTP=Local), a virtual server, bound on kube-ipvs0
 *   unless it is already one of the node's addresses;
 * - each LB ingress IP (VIP mode) → KUBE-LOAD-BALANCER (+ -LOCAL for eTP=Local, + -FW and -SOURCE-CIDR /
 *   -SOURCE-IP with loadBalancerSourceRanges), a virtual server, bound like external IPs;
 * - node port → KUBE-NODE-PORT-TCP/UDP (bitmap:port) or KUBE-NODE-PORT-SCTP-HASH (`nodeIP,sctp:port` per
 *   node IP), the -LOCAL twin for eTP=Local, and one virtual server per node IP (not bound);
 * - health-check node port → KUBE-HEALTH-CHECK-NODE-PORT.
 * KUBE-IPVS-IPS holds every kube-ipvs0 address.
 *
 * Real servers (`syncEndpoint`): weight 1, Masq. The cluster-IP virtual server uses the local endpoints
 * when iTP=Local, the others when eTP=Local, otherwise the "cluster" endpoints (ready, else serving and
 * terminating). Unlike iptables mode, a "Local" virtual server WITHOUT local endpoints falls back to the
 * cluster endpoints (kubernetes PR 97081: "Allow access from local PODs even if no local endpoints exist.
 * Traffic from an external source will be routed but the reply will have the POD address and will be
 * discarded"). For an iTP=Local service without external access the cluster endpoints are not computed,
 * so its virtual server stays empty (upstream TestTestInternalTrafficPolicyE2E).
 *
 * No endpoints: the virtual server is still created, with no real server (upstream TestNodePortIPv4
 * "service has node port but no endpoints", TestIPv4Proxier "cluster IP service with no endpoints"); there
 * is no per-service REJECT rule. The kernel answers a new connection to a virtual server without a
 * destination with ICMP port unreachable (net/netfilter/ipvs/ip_vs_core.c `ip_vs_leave`: "ICMP_PORT_UNREACH
 * is sent here no matter it is TCP/UDP"), so the client sees "connection refused" as in iptables mode.
 * Other ports of a VIP are refused by filter KUBE-IPVS-FILTER (REJECT for NEW connections to KUBE-IPVS-IPS).
 *
 * Node addresses: `config.nodeIPs` must list the node's own IPv4 addresses (every interface but kube-ipvs0,
 * e.g. eth0, cni0, flannel.1, docker0), as `GetAllLocalAddressesExcept("kube-ipvs0")` finds them; loopback
 * addresses are dropped (netlink `isValidForSet`). NodePort virtual servers are made for each of them (or
 * for those inside `--nodeport-addresses`); there is no 127.0.0.1 NodePort virtual server in IPVS mode.
 * The first IPv4 entry is "the node IP" for the loadBalancerSourceRanges check.
 *
 * Ordering: dummyAddresses and virtualServers are in sync order (upstream: Go map order, so random);
 * ipset members are sorted (ipset.ts); real servers follow the endpoint order ("ip:port" string order).
 *
 * Not modelled: the IPv6 proxier, topology-aware routing, excludeCIDRs / stale virtual-server cleanup and
 * graceful termination (weight-0 real servers kept until their connections end), strictARP and IPVS
 * timeouts, conntrack cleanup, the health-check HTTP servers.
 */
import { fail } from '../../../core/errors';
import { cidrContains, formatCidr, isLoopback, parseCidrLoose, tryParseIpv4, tryParseIpv6 } from '../../../addr';
import { buildEndpointsMap, categorizeEndpoints, validateEndpointSlice, type EndpointInfo } from '../endpoints';
import { masqueradeMarkText } from '../proxier';
import { servicePortsOf, validateService, type ServicePortInfo } from '../service-port';
import {
  IPSET_INFO,
  KUBE_CLUSTER_IP_SET,
  KUBE_EXTERNAL_IP_LOCAL_SET,
  KUBE_EXTERNAL_IP_SET,
  KUBE_HEALTH_CHECK_NODE_PORT_SET,
  KUBE_IPVS_IPS_SET,
  KUBE_LOAD_BALANCER_FW_SET,
  KUBE_LOAD_BALANCER_LOCAL_SET,
  KUBE_LOAD_BALANCER_SET,
  KUBE_LOAD_BALANCER_SOURCE_CIDR_SET,
  KUBE_LOAD_BALANCER_SOURCE_IP_SET,
  KUBE_LOOP_BACK_SET,
  KUBE_NODE_PORT_LOCAL_SCTP_SET,
  KUBE_NODE_PORT_LOCAL_TCP_SET,
  KUBE_NODE_PORT_LOCAL_UDP_SET,
  KUBE_NODE_PORT_SCTP_SET,
  KUBE_NODE_PORT_TCP_SET,
  KUBE_NODE_PORT_UDP_SET,
  bitmapPortEntry,
  hashIpEntry,
  hashIpPortEntry,
  hashIpPortIpEntry,
  hashIpPortNetEntry,
  sortIpsetMembers,
} from './ipset';
import { buildIpvsIptablesRules, renderIpvsIptables, type LbNoNodeAccessEntry } from './iptables';
import type { IpvsProxierConfig, IpvsProxierInput, IpvsRealServer, IpvsScheduler, IpvsState, IpvsVirtualServer, IpvsVirtualServerKind } from './types';

/** `defaultScheduler`. */
export const DEFAULT_IPVS_SCHEDULER: IpvsScheduler = 'rr';
/** `defaultDummyDevice`: the interface every service address is bound to. */
export const KUBE_IPVS_DUMMY_DEVICE = 'kube-ipvs0';

/** The schedulers kube-proxy's config validation accepts (pkg/proxy/apis/config/validation). */
export const IPVS_SCHEDULERS: readonly IpvsScheduler[] = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq', 'mh'];

const DEFAULT_MASQUERADE_BIT = 14;

interface Settings {
  nodeName: string;
  /** The first IPv4 node address (loadBalancerSourceRanges "allowFromNode" check). */
  nodeIP: number | undefined;
  /** Node addresses except loopback, deduplicated, in input order (`nodeAddressSet`). */
  nodeAddresses: string[];
  /** Addresses NodePort virtual servers are made for. */
  nodePortIPs: string[];
  scheduler: string;
  masqueradeMark: string;
  masqueradeAll: boolean;
  clusterCIDR: string | undefined;
  randomFully: boolean;
}

function settingsOf(config: IpvsProxierConfig): Settings {
  const bad = (msg: string): never => fail('BAD_CONFIG', `kube-proxy (ipvs mode) config: ${msg}`);
  if (!config || typeof config.nodeName !== 'string') bad("nodeName must be the node's name (a string)");
  if (!Array.isArray(config.nodeIPs)) bad("nodeIPs must be a list of the node's IP addresses");
  for (const ip of config.nodeIPs) {
    if (tryParseIpv4(ip) === undefined && tryParseIpv6(ip) === undefined) bad(`nodeIPs entry "${ip}" is not an IP address`);
  }
  const scheduler = config.scheduler === undefined || config.scheduler === '' ? DEFAULT_IPVS_SCHEDULER : config.scheduler;
  if (!(IPVS_SCHEDULERS as readonly string[]).includes(scheduler)) {
    bad(`scheduler "${config.scheduler}" is not an IPVS scheduler kube-proxy accepts; use one of ${IPVS_SCHEDULERS.join(', ')}`);
  }
  const bit = config.masqueradeBit ?? DEFAULT_MASQUERADE_BIT;
  if (!Number.isInteger(bit) || bit < 0 || bit > 31) bad(`masqueradeBit ${bit} must be a whole number 0-31`);
  if (config.masqueradeMark !== undefined && !/^0x[0-9a-fA-F]+$/.test(config.masqueradeMark)) {
    bad(`masqueradeMark "${config.masqueradeMark}" must be a hex number like 0x4000`);
  }
  let clusterCIDR: string | undefined;
  if (config.clusterCIDR !== undefined) {
    clusterCIDR = config.clusterCIDR.trim();
    if (!clusterCIDR.includes('/')) bad(`clusterCIDR "${config.clusterCIDR}" is not a CIDR; write it like 10.244.0.0/16`);
    parseCidrLoose(clusterCIDR, 'kube-proxy clusterCIDR');
  }
  const npaStrings = (config.nodePortAddresses ?? []).map((s) => s.trim());
  for (const s of npaStrings) {
    const [addr, len] = s.split('/');
    const ok = s.includes(':')
      ? len !== undefined && /^\d{1,3}$/.test(len) && tryParseIpv6(addr!) !== undefined
      : len !== undefined && /^\d{1,2}$/.test(len) && Number(len) <= 32 && tryParseIpv4(addr!) !== undefined;
    if (!ok) bad(`nodePortAddresses entry "${s}" is not a CIDR; write it like 192.168.0.0/24`);
  }

  const v4 = config.nodeIPs.filter((ip) => tryParseIpv4(ip) !== undefined);
  // GetAllLocalAddressesExcept(kube-ipvs0) keeps only addresses valid for a set: not loopback.
  const nodeAddresses = [...new Set(v4.filter((ip) => !isLoopback(tryParseIpv4(ip)!)))];
  // NewNodePortAddresses(IPv4, …): CIDRs of the other family dropped; none left (or 0.0.0.0/0) = match all.
  const cidrs = npaStrings.filter((s) => !s.includes(':')).map((s) => parseCidrLoose(s, 'kube-proxy nodePortAddresses entry'));
  const matchAll = cidrs.length === 0 || cidrs.some((c) => c.len === 0);
  const nodePortIPs = matchAll ? nodeAddresses : nodeAddresses.filter((ip) => cidrs.some((c) => cidrContains(c, tryParseIpv4(ip)!)));

  return {
    nodeName: config.nodeName,
    nodeIP: v4.length > 0 ? tryParseIpv4(v4[0]!) : undefined,
    nodeAddresses,
    nodePortIPs,
    scheduler,
    masqueradeMark: config.masqueradeMark ?? masqueradeMarkText(bit),
    masqueradeAll: config.masqueradeAll ?? false,
    clusterCIDR,
    randomFully: config.randomFully ?? false,
  };
}

/**
 * One full IPVS-mode sync for this node. Throws a SimError (before producing anything) if a Service, an
 * EndpointSlice or the config is invalid.
 */
export function syncIpvs(input: IpvsProxierInput): IpvsState {
  const s = settingsOf(input.config);
  input.services.forEach(validateService);
  input.endpointSlices.forEach(validateEndpointSlice);

  const servicePorts: ServicePortInfo[] = input.services.flatMap(servicePortsOf);
  const endpointsMap = buildEndpointsMap(input.endpointSlices, s.nodeName);

  const sets = new Map<string, Set<string>>(IPSET_INFO.map((i) => [i.name, new Set<string>()]));
  const add = (set: string, entry: string) => sets.get(set)!.add(entry);
  const dummy = new Set<string>();
  const nodeAddressSet = new Set(s.nodeAddresses);
  const virtualServers: IpvsVirtualServer[] = [];
  const lbNoNodeAccess: LbNoNodeAccessEntry[] = [];

  for (const sp of servicePorts) {
    const proto = sp.proto;
    const endpoints = endpointsMap.get(sp.key) ?? [];
    const { clusterEndpoints, localEndpoints } = categorizeEndpoints(endpoints, sp);

    // syncEndpoint: the real servers of a virtual server.
    const realServers = (onlyNodeLocal: boolean): IpvsRealServer[] => {
      const chosen: readonly EndpointInfo[] = onlyNodeLocal && localEndpoints.length > 0 ? localEndpoints : clusterEndpoints;
      return chosen.map((ep) => ({ address: ep.ip, port: ep.port, weight: 1, forward: 'Masq' as const }));
    };
    const virtualServer = (kind: IpvsVirtualServerKind, address: string, port: number, onlyNodeLocal: boolean): void => {
      virtualServers.push({
        proto: sp.protocol,
        address,
        port,
        scheduler: s.scheduler,
        // Session affinity = IPVS persistence with the ClientIP timeout.
        ...(sp.sessionAffinityClientIP ? { persistent: sp.stickyMaxAgeSeconds } : {}),
        // "Set the source hash flag needed for the distribution method mh" (FlagSourceHash = SCHED2).
        ...(s.scheduler === 'mh' ? { flags: 'mh-port' } : {}),
        realServers: realServers(onlyNodeLocal),
        service: sp.nameString,
        kind,
      });
    };

    // Hairpin: a local endpoint reaching itself through the service is masqueraded in KUBE-POSTROUTING.
    for (const ep of endpoints) {
      if (ep.isLocal) add(KUBE_LOOP_BACK_SET, hashIpPortIpEntry(ep.ip, proto, ep.port, ep.ip));
    }

    // Cluster IP: always bound on kube-ipvs0.
    add(KUBE_CLUSTER_IP_SET, hashIpPortEntry(sp.clusterIP, proto, sp.port));
    virtualServer('ClusterIP', sp.clusterIP, sp.port, sp.internalPolicyLocal);
    dummy.add(sp.clusterIP);

    for (const externalIP of sp.externalIPs) {
      // eTP=Local external IPs are not masqueraded (KUBE-EXTERNAL-IP-LOCAL has no MARK-MASQ rule).
      add(sp.externalPolicyLocal ? KUBE_EXTERNAL_IP_LOCAL_SET : KUBE_EXTERNAL_IP_SET, hashIpPortEntry(externalIP, proto, sp.port));
      virtualServer('ExternalIP', externalIP, sp.port, sp.externalPolicyLocal);
      // "We must not add the address to the dummy device if it exist on another interface."
      if (!nodeAddressSet.has(externalIP)) dummy.add(externalIP);
    }

    for (const ingress of sp.loadBalancerVIPs) {
      const entry = hashIpPortEntry(ingress, proto, sp.port);
      add(KUBE_LOAD_BALANCER_SET, entry);
      if (sp.externalPolicyLocal) add(KUBE_LOAD_BALANCER_LOCAL_SET, entry);
      if (sp.loadBalancerSourceRanges.length > 0) {
        add(KUBE_LOAD_BALANCER_FW_SET, entry);
        let allowFromNode = false;
        for (const cidr of sp.loadBalancerSourceRanges) {
          add(KUBE_LOAD_BALANCER_SOURCE_CIDR_SET, hashIpPortNetEntry(ingress, proto, sp.port, formatCidr(cidr)));
          if (s.nodeIP !== undefined && cidrContains(cidr, s.nodeIP)) allowFromNode = true;
        }
        if (allowFromNode) {
          // A node request to a VIP-like LB loops back locally with the VIP as source: let it in.
          add(KUBE_LOAD_BALANCER_SOURCE_IP_SET, hashIpPortIpEntry(ingress, proto, sp.port, ingress));
        } else {
          // The node is outside the allowed ranges: drop its own connections to the LB (issue 119656).
          lbNoNodeAccess.push({ ip: ingress, proto, port: sp.port });
        }
      }
      virtualServer('LoadBalancer', ingress, sp.port, sp.externalPolicyLocal);
      if (!nodeAddressSet.has(ingress)) dummy.add(ingress);
    }

    if (sp.nodePort !== 0) {
      // "Skip nodePort configuration since an error occurred when computing nodeAddresses or nodeIPs":
      // with no node address the rest of this service port (health check included) is skipped.
      if (s.nodePortIPs.length === 0) continue;
      let entries: string[];
      let portSet: string;
      let localSet: string;
      switch (sp.protocol) {
        case 'TCP':
          [portSet, localSet, entries] = [KUBE_NODE_PORT_TCP_SET, KUBE_NODE_PORT_LOCAL_TCP_SET, [bitmapPortEntry(sp.nodePort)]];
          break;
        case 'UDP':
          [portSet, localSet, entries] = [KUBE_NODE_PORT_UDP_SET, KUBE_NODE_PORT_LOCAL_UDP_SET, [bitmapPortEntry(sp.nodePort)]];
          break;
        case 'SCTP':
          // bitmap:port cannot hold SCTP ports, so SCTP uses hash:ip,port with one entry per node IP.
          [portSet, localSet] = [KUBE_NODE_PORT_SCTP_SET, KUBE_NODE_PORT_LOCAL_SCTP_SET];
          entries = s.nodePortIPs.map((ip) => hashIpPortEntry(ip, proto, sp.nodePort));
          break;
      }
      for (const e of entries) add(portSet, e);
      if (sp.externalPolicyLocal) for (const e of entries) add(localSet, e);
      // Node IPs are real interface addresses: not bound on kube-ipvs0.
      for (const nodeIP of s.nodePortIPs) virtualServer('NodePort', nodeIP, sp.nodePort, sp.externalPolicyLocal);
    }

    if (sp.healthCheckNodePort !== 0) add(KUBE_HEALTH_CHECK_NODE_PORT_SET, bitmapPortEntry(sp.healthCheckNodePort));
  }

  // "Set the KUBE-IPVS-IPS set to the activeBindAddrs".
  for (const a of dummy) add(KUBE_IPVS_IPS_SET, hashIpEntry(a));

  const ipsets: Record<string, string[]> = {};
  for (const info of IPSET_INFO) ipsets[info.name] = sortIpsetMembers(info.type, sets.get(info.name)!);

  const iptablesRules = buildIpvsIptablesRules(
    ipsets,
    { masqueradeMark: s.masqueradeMark, masqueradeAll: s.masqueradeAll, clusterCIDR: s.clusterCIDR, randomFully: s.randomFully },
    lbNoNodeAccess,
  );
  return {
    dummyAddresses: [...dummy],
    virtualServers,
    ipsets,
    iptables: renderIpvsIptables(iptablesRules),
    iptablesRules,
  };
}
