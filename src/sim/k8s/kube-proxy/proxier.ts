/**
 * kube-proxy's iptables mode as a pure function: Services + EndpointSlices + node config → the
 * `iptables-restore` payload kube-proxy writes (filter and nat tables), line for line in kube-proxy's own
 * textual form (`-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41
 * --dport 80 -j KUBE-SVC-…`). This is a full sync: every chain kube-proxy owns is declared and rewritten.
 * Source: kubernetes/kubernetes pkg/proxy/iptables/proxier.go@531be81208e2274ef42e72525a26610a9622bcdf
 * (`syncProxyRules`, `writeServiceToEndpointRules`, `NewProxier`); the rule order within each service
 * follows that function statement by statement. Services are emitted in input order (kube-proxy iterates
 * a Go map, so its order between services is random; only the order inside each chain matters).
 *
 * Not modelled: partial syncs (MinimizeIPTablesRestore) and the `-X` lines that delete stale chains (they
 * need the previous iptables state), the IPv6 proxier of a dual-stack node, topology-aware routing, the
 * `--nodeport-addresses primary` keyword, kube-proxy's health-check HTTP servers and conntrack cleanup.
 */
import { fail } from '../../core/errors';
import { cidrContains, formatCidr, parseCidrLoose, tryParseIpv4, tryParseIpv6, type Cidr4 } from '../../addr';
import { servicePortEndpointChainName } from './chain-names';
import { buildEndpointsMap, categorizeEndpoints, validateEndpointSlice, type EndpointInfo } from './endpoints';
import { computeProbability } from './probability';
import { externallyAccessible, servicePortsOf, usesClusterEndpoints, usesLocalEndpoints, validateService, type ServicePortInfo } from './service-port';
import type { ProxierConfig, ProxierInput, ProxierResult } from './types';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';

/** Above this many endpoints in total, per-endpoint comments are dropped ("large cluster mode"). */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;
/** nfacct counter names (pkg/proxy/metrics). */
export const NFACCT_CT_STATE_INVALID_DROPPED = 'ct_state_invalid_dropped_pkts';
export const NFACCT_LOCALHOST_NODEPORT_ACCEPTED = 'localhost_nps_accepted_pkts';

const DEFAULT_MASQUERADE_BIT = 14;
const LAST_RULE_COMMENT = '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

/**
 * `fmt.Sprintf("%#08x", 1<<bit)`. Go zero-pads the digits to the width and then adds "0x", so bit 14 gives
 * "0x00004000" (golang/go#14616 discusses this difference from C). iptables-save prints it as 0x4000.
 */
export function masqueradeMarkText(bit: number): string {
  return `0x${(2 ** bit).toString(16).padStart(8, '0')}`;
}

/** `utiliptables.MakeChainLine`. */
function chainLine(chain: string): string {
  return `:${chain} - [0:0]`;
}

function quote(s: string): string {
  return `"${s}"`;
}

/** `--nodeport-addresses` for the IPv4 proxier (pkg/proxy/util/nodeport_addresses.go `NewNodePortAddresses`). */
interface NodePortAddresses {
  cidrs: Cidr4[];
  matchAll: boolean;
  containsIPv4Loopback: boolean;
}

function nodePortAddressesOf(cidrStrings: readonly string[]): NodePortAddresses {
  // CIDRs of the other family are dropped; none left means 0.0.0.0/0 (match all).
  const v4 = cidrStrings.filter((s) => !s.includes(':'));
  const strs = v4.length > 0 ? v4 : ['0.0.0.0/0'];
  const npa: NodePortAddresses = { cidrs: [], matchAll: false, containsIPv4Loopback: false };
  for (const s of strs) {
    const c = parseCidrLoose(s.trim(), 'kube-proxy nodePortAddresses entry');
    if (c.addr >>> 24 === 127 || cidrContains(c, 0x7f000000)) npa.containsIPv4Loopback = true;
    if (c.len === 0) {
      npa.cidrs = [c];
      npa.matchAll = true;
      break;
    }
    npa.cidrs.push(c);
  }
  return npa;
}

interface Settings {
  nodeName: string;
  nodeIP: number | undefined;
  localAddresses: string[];
  detector: { ifLocal: string[]; ifNotLocal: string[] } | undefined;
  masqueradeMark: string;
  masqueradeAll: boolean;
  localhostNodePorts: boolean;
  npa: NodePortAddresses;
  randomFully: boolean;
  nfacct: boolean;
  conntrackTCPLiberal: boolean;
}

function settingsOf(config: ProxierConfig): Settings {
  const bad = (msg: string): never => fail('BAD_CONFIG', `kube-proxy config: ${msg}`);
  if (!config || typeof config.nodeName !== 'string') bad('nodeName must be the node\'s name (a string)');
  if (!Array.isArray(config.nodeIPs)) bad('nodeIPs must be a list of the node\'s IP addresses');
  for (const ip of config.nodeIPs) {
    if (tryParseIpv4(ip) === undefined && tryParseIpv6(ip) === undefined) bad(`nodeIPs entry "${ip}" is not an IP address`);
  }
  const bit = config.masqueradeBit ?? DEFAULT_MASQUERADE_BIT;
  if (!Number.isInteger(bit) || bit < 0 || bit > 31) bad(`masqueradeBit ${bit} must be a whole number 0-31`);
  if (config.masqueradeMark !== undefined && !/^0x[0-9a-fA-F]+$/.test(config.masqueradeMark)) {
    bad(`masqueradeMark "${config.masqueradeMark}" must be a hex number like 0x4000`);
  }
  let detector: Settings['detector'];
  if (config.clusterCIDR !== undefined) {
    const c = config.clusterCIDR.trim();
    if (!c.includes('/')) bad(`clusterCIDR "${config.clusterCIDR}" is not a CIDR; write it like 10.244.0.0/16`);
    parseCidrLoose(c, 'kube-proxy clusterCIDR');
    // proxyutil.NewDetectLocalByCIDR: IfLocal "-s cidr", IfNotLocal "! -s cidr", with the flag's text.
    detector = { ifLocal: ['-s', c], ifNotLocal: ['!', '-s', c] };
  }
  for (const s of config.nodePortAddresses ?? []) {
    const t = s.trim();
    const ok = t.includes(':')
      ? /^[^/]+\/\d{1,3}$/.test(t) && tryParseIpv6(t.split('/')[0]!) !== undefined
      : /^[^/]+\/\d{1,2}$/.test(t) && tryParseIpv4(t.split('/')[0]!) !== undefined && Number(t.split('/')[1]) <= 32;
    if (!ok) bad(`nodePortAddresses entry "${s}" is not a CIDR; write it like 192.168.0.0/24`);
  }
  const npa = nodePortAddressesOf(config.nodePortAddresses ?? []);
  // NewProxier: "if !nodePortAddresses.ContainsIPv4Loopback() { localhostNodePorts = false }".
  const localhostNodePorts = (config.localhostNodePorts ?? true) && npa.containsIPv4Loopback;
  const v4NodeIPs = config.nodeIPs.filter((ip) => tryParseIpv4(ip) !== undefined);
  return {
    nodeName: config.nodeName,
    nodeIP: v4NodeIPs.length > 0 ? tryParseIpv4(v4NodeIPs[0]!) : undefined,
    // The addresses GetNodeIPs can find: lo's 127.0.0.1 and the node's own addresses.
    localAddresses: ['127.0.0.1', ...v4NodeIPs],
    detector,
    masqueradeMark: config.masqueradeMark ?? masqueradeMarkText(bit),
    masqueradeAll: config.masqueradeAll ?? false,
    localhostNodePorts,
    npa,
    randomFully: config.randomFully ?? false,
    nfacct: config.nfacct ?? false,
    conntrackTCPLiberal: config.conntrackTCPBeLiberal ?? false,
  };
}

/** A growing list of restore lines; `write` joins words with spaces like proxyutil.LineBuffer. */
class LineBuffer {
  readonly lines: string[] = [];
  write(...words: (string | readonly string[])[]): void {
    // Every word, and every word of a list, separated by one space (an empty list adds nothing).
    let line = '';
    let first = true;
    for (const w of words) {
      if (typeof w === 'string') {
        line = first ? w : line + ' ' + w;
        first = false;
      } else {
        for (const x of w) {
          line = first ? x : line + ' ' + x;
          first = false;
        }
      }
    }
    this.lines.push(line);
  }
}

/**
 * The iptables-restore payload kube-proxy writes for this node. Throws a SimError (before producing
 * anything) if a Service, EndpointSlice or the config is invalid.
 */
export function syncProxyRules(input: ProxierInput): ProxierResult {
  const s = settingsOf(input.config);
  input.services.forEach(validateService);
  input.endpointSlices.forEach(validateEndpointSlice);

  const servicePorts: ServicePortInfo[] = input.services.flatMap(servicePortsOf);
  const endpointsMap = buildEndpointsMap(input.endpointSlices, s.nodeName);

  const filterChains = new LineBuffer();
  const filterRules = new LineBuffer();
  const natChains = new LineBuffer();
  const natRules = new LineBuffer();

  // Top-level chains, always declared (and so flushed) on a sync.
  for (const c of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL]) {
    filterChains.write(chainLine(c));
  }
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) natChains.write(chainLine(c));

  const mark = s.masqueradeMark;
  natRules.write('-A', KUBE_POSTROUTING, '-m', 'mark', '!', '--mark', `${mark}/${mark}`, '-j', 'RETURN');
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  natRules.write('-A', KUBE_POSTROUTING, '-j', 'MARK', '--xor-mark', mark);
  natRules.write(
    '-A', KUBE_POSTROUTING, '-m', 'comment', '--comment', quote('kubernetes service traffic requiring SNAT'),
    '-j', 'MASQUERADE', s.randomFully ? ['--random-fully'] : [],
  );
  natRules.write('-A', KUBE_MARK_MASQ, '-j', 'MARK', '--or-mark', mark);

  if (s.localhostNodePorts) {
    // route_localnet=1 (needed for localhost NodePorts) lets martian 127/8 packets in from outside;
    // this rule (also written by kubelet) drops them (kubernetes issue 90259).
    filterChains.write(chainLine(KUBE_FIREWALL));
    filterRules.write(
      '-A', KUBE_FIREWALL, '-m', 'comment', '--comment', quote('block incoming localnet connections'),
      '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT',
      '-j', 'DROP',
    );
  }

  // Large cluster mode counts every endpoint of every service port (ready or not).
  let totalEndpoints = 0;
  for (const sp of servicePorts) totalEndpoints += endpointsMap.get(sp.key)?.length ?? 0;
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  // appendServiceCommentLocked: per-endpoint comments are the ones dropped in large cluster mode.
  const serviceComment = (comment: string): string[] => (largeClusterMode ? [] : ['-m', 'comment', '--comment', comment]);

  for (const sp of servicePorts) {
    writeServicePort(sp, endpointsMap.get(sp.key) ?? []);
  }

  function writeServicePort(sp: ServicePortInfo, allEndpoints: readonly EndpointInfo[]): void {
    const proto = sp.proto;
    const spn = sp.nameString;
    const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints: hasEndpoints } = categorizeEndpoints(allEndpoints, sp);

    const clusterPolicyChain = sp.clusterPolicyChain;
    const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(sp);
    const localPolicyChain = sp.localPolicyChain;
    const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints(sp);

    // Chain for cluster-IP traffic, and whether any endpoint can take it.
    let internalTrafficChain = clusterPolicyChain;
    let hasInternalEndpoints = hasEndpoints;
    if (sp.internalPolicyLocal) {
      internalTrafficChain = localPolicyChain;
      if (localEndpoints.length === 0) hasInternalEndpoints = false;
    }
    // Chain holding the endpoints for external (NodePort, externalIP, LB) traffic.
    let externalPolicyChain = clusterPolicyChain;
    let hasExternalEndpoints = hasEndpoints;
    if (sp.externalPolicyLocal) {
      externalPolicyChain = localPolicyChain;
      if (localEndpoints.length === 0) hasExternalEndpoints = false;
    }
    const externalTrafficChain = sp.externalChain;
    // Based on hasEndpoints, not hasExternalEndpoints: the local short-circuit rules are needed even when
    // no endpoint serves external clients.
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible(sp);

    const usesFWChain = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
    const loadBalancerTrafficChain = usesFWChain ? sp.firewallChain : externalTrafficChain;

    let internalFilterTarget = '';
    let internalFilterComment = '';
    let externalFilterTarget = '';
    let externalFilterComment = '';
    if (!hasEndpoints) {
      // No usable endpoint anywhere: REJECT (connection refused), and no nat chains at all.
      internalFilterTarget = 'REJECT';
      internalFilterComment = quote(`${spn} has no endpoints`);
      externalFilterTarget = 'REJECT';
      externalFilterComment = internalFilterComment;
    } else {
      if (!hasInternalEndpoints) {
        // internalTrafficPolicy Local without a local endpoint: cluster-IP traffic is dropped.
        internalFilterTarget = 'DROP';
        internalFilterComment = quote(`${spn} has no local endpoints`);
      }
      if (!hasExternalEndpoints) {
        // externalTrafficPolicy Local without a local endpoint: external clients are dropped, pods and
        // the node itself are short-circuited by the EXT chain first.
        externalFilterTarget = 'DROP';
        externalFilterComment = quote(`${spn} has no local endpoints`);
      }
    }
    const dport = String(sp.port);

    // Capture the cluster IP.
    if (hasInternalEndpoints) {
      natRules.write(
        '-A', KUBE_SERVICES, '-m', 'comment', '--comment', quote(`${spn} cluster IP`),
        '-m', proto, '-p', proto, '-d', sp.clusterIP, '--dport', dport, '-j', internalTrafficChain,
      );
    } else {
      filterRules.write(
        '-A', KUBE_SERVICES, '-m', 'comment', '--comment', internalFilterComment,
        '-m', proto, '-p', proto, '-d', sp.clusterIP, '--dport', dport, '-j', internalFilterTarget,
      );
    }

    // Capture external IPs.
    for (const externalIP of sp.externalIPs) {
      if (hasEndpoints) {
        natRules.write(
          '-A', KUBE_SERVICES, '-m', 'comment', '--comment', quote(`${spn} external IP`),
          '-m', proto, '-p', proto, '-d', externalIP, '--dport', dport, '-j', externalTrafficChain,
        );
      }
      if (!hasExternalEndpoints) {
        filterRules.write(
          '-A', KUBE_EXTERNAL_SERVICES, '-m', 'comment', '--comment', externalFilterComment,
          '-m', proto, '-p', proto, '-d', externalIP, '--dport', dport, '-j', externalFilterTarget,
        );
      }
    }

    // Capture load-balancer ingress IPs.
    for (const lbip of sp.loadBalancerVIPs) {
      if (hasEndpoints) {
        natRules.write(
          '-A', KUBE_SERVICES, '-m', 'comment', '--comment', quote(`${spn} loadbalancer IP`),
          '-m', proto, '-p', proto, '-d', lbip, '--dport', dport, '-j', loadBalancerTrafficChain,
        );
      }
      if (usesFWChain) {
        filterRules.write(
          '-A', KUBE_PROXY_FIREWALL, '-m', 'comment', '--comment', quote(`${spn} traffic not accepted by ${sp.firewallChain}`),
          '-m', proto, '-p', proto, '-d', lbip, '--dport', dport, '-j', 'DROP',
        );
      }
    }
    if (!hasExternalEndpoints) {
      for (const lbip of sp.loadBalancerVIPs) {
        filterRules.write(
          '-A', KUBE_EXTERNAL_SERVICES, '-m', 'comment', '--comment', externalFilterComment,
          '-m', proto, '-p', proto, '-d', lbip, '--dport', dport, '-j', externalFilterTarget,
        );
      }
    }

    // Capture node ports. (They are not subject to loadBalancerSourceRanges.)
    if (sp.nodePort !== 0) {
      const nodePort = String(sp.nodePort);
      if (hasEndpoints) {
        if (s.localhostNodePorts && s.nfacct) {
          // Same jump as the next rule, only there to count localhost NodePort traffic.
          natRules.write(
            '-A', KUBE_NODEPORTS, '-m', 'comment', '--comment', spn, '-m', proto, '-p', proto,
            '-d', '127.0.0.0/8', '--dport', nodePort, '-m', 'nfacct', '--nfacct-name', NFACCT_LOCALHOST_NODEPORT_ACCEPTED,
            '-j', externalTrafficChain,
          );
        }
        natRules.write(
          '-A', KUBE_NODEPORTS, '-m', 'comment', '--comment', spn, '-m', proto, '-p', proto,
          '--dport', nodePort, '-j', externalTrafficChain,
        );
      }
      if (!hasExternalEndpoints) {
        filterRules.write(
          '-A', KUBE_EXTERNAL_SERVICES, '-m', 'comment', '--comment', externalFilterComment,
          '-m', 'addrtype', '--dst-type', 'LOCAL', '-m', proto, '-p', proto, '--dport', nodePort, '-j', externalFilterTarget,
        );
      }
    }

    // Health check node port: accepted whether or not this node has local endpoints (the LB asks it).
    if (sp.healthCheckNodePort !== 0) {
      filterRules.write(
        '-A', KUBE_NODEPORTS, '-m', 'comment', '--comment', quote(`${spn} health check node port`),
        '-m', 'tcp', '-p', 'tcp', '--dport', String(sp.healthCheckNodePort), '-j', 'ACCEPT',
      );
    }

    // Internal traffic: masquerade what does not come from a pod (or everything with masqueradeAll).
    if (hasInternalEndpoints) {
      const args = [
        '-m', 'comment', '--comment', quote(`${spn} cluster IP`),
        '-m', proto, '-p', proto, '-d', sp.clusterIP, '--dport', dport,
      ];
      if (s.masqueradeAll) {
        natRules.write('-A', internalTrafficChain, args, '-j', KUBE_MARK_MASQ);
      } else if (s.detector) {
        natRules.write('-A', internalTrafficChain, args, s.detector.ifNotLocal, '-j', KUBE_MARK_MASQ);
      }
    }

    // External traffic: every captured external destination jumps to KUBE-EXT-….
    if (usesExternalTrafficChain) {
      natChains.write(chainLine(externalTrafficChain));
      if (!sp.externalPolicyLocal) {
        // Endpoints may be on another node: masquerade so replies come back through this node.
        natRules.write(
          '-A', externalTrafficChain, '-m', 'comment', '--comment', quote(`masquerade traffic for ${spn} external destinations`),
          '-j', KUBE_MARK_MASQ,
        );
      } else {
        if (s.detector) {
          // Pods reaching an external address get cluster-wide behaviour, as if they had gone out to
          // the load balancer and come back.
          natRules.write(
            '-A', externalTrafficChain, '-m', 'comment', '--comment', quote(`pod traffic for ${spn} external destinations`),
            s.detector.ifLocal, '-j', clusterPolicyChain,
          );
        }
        // The node itself: its source address is local, so it must be masqueraded, and it may use any endpoint.
        natRules.write(
          '-A', externalTrafficChain, '-m', 'comment', '--comment', quote(`masquerade LOCAL traffic for ${spn} external destinations`),
          '-m', 'addrtype', '--src-type', 'LOCAL', '-j', KUBE_MARK_MASQ,
        );
        natRules.write(
          '-A', externalTrafficChain, '-m', 'comment', '--comment', quote(`route LOCAL traffic for ${spn} external destinations`),
          '-m', 'addrtype', '--src-type', 'LOCAL', '-j', clusterPolicyChain,
        );
      }
      if (hasExternalEndpoints) natRules.write('-A', externalTrafficChain, '-j', externalPolicyChain);
    }

    // Firewall chain for loadBalancerSourceRanges.
    if (usesFWChain) {
      const fw = sp.firewallChain;
      natChains.write(chainLine(fw));
      const args = ['-A', fw, '-m', 'comment', '--comment', quote(`${spn} loadbalancer IP`)];
      let allowFromNode = false;
      for (const cidr of sp.loadBalancerSourceRanges) {
        natRules.write(args, '-s', formatCidr(cidr), '-j', externalTrafficChain);
        if (s.nodeIP !== undefined && cidrContains(cidr, s.nodeIP)) allowFromNode = true;
      }
      // "For VIP-like LBs, the VIP is often added as a local address … a request from a node to the VIP
      // will not hit the loadbalancer but will loop back with the source IP set to the VIP."
      if (allowFromNode) {
        for (const lbip of sp.loadBalancerVIPs) natRules.write(args, '-s', lbip, '-j', externalTrafficChain);
      }
      // No target: what falls through was not DNATed and is dropped by filter KUBE-PROXY-FIREWALL.
      natRules.write('-A', fw, '-m', 'comment', '--comment', quote(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`));
    }

    const sepChain = new Map<string, string>();
    const sepOf = (ep: EndpointInfo): string => {
      let c = sepChain.get(ep.endpoint);
      if (c === undefined) sepChain.set(ep.endpoint, (c = servicePortEndpointChainName(spn, proto, ep.endpoint)));
      return c;
    };

    if (usesClusterPolicyChain) {
      natChains.write(chainLine(clusterPolicyChain));
      writeServiceToEndpointRules(sp, clusterPolicyChain, clusterEndpoints, sepOf);
    }
    if (usesLocalPolicyChain) {
      natChains.write(chainLine(localPolicyChain));
      writeServiceToEndpointRules(sp, localPolicyChain, localEndpoints, sepOf);
    }

    // Per-endpoint chains.
    for (const ep of allReachableEndpoints) {
      const sep = sepOf(ep);
      natChains.write(chainLine(sep));
      const args = ['-A', sep, ...serviceComment(spn)];
      // Hairpin: a pod reaching itself through the service is masqueraded so the reply comes back here.
      natRules.write(args, '-s', ep.ip, '-j', KUBE_MARK_MASQ);
      const affinity = sp.sessionAffinityClientIP ? ['-m', 'recent', '--name', sep, '--set'] : [];
      natRules.write(args, affinity, '-m', proto, '-p', proto, '-j', 'DNAT', '--to-destination', ep.endpoint);
    }
  }

  function writeServiceToEndpointRules(
    sp: ServicePortInfo,
    svcChain: string,
    endpoints: readonly EndpointInfo[],
    sepOf: (ep: EndpointInfo) => string,
  ): void {
    // Session affinity first: a client seen recently goes back to the same endpoint.
    if (sp.sessionAffinityClientIP) {
      for (const ep of endpoints) {
        const sep = sepOf(ep);
        natRules.write(
          '-A', svcChain, serviceComment(quote(`${sp.nameString} -> ${ep.endpoint}`)),
          '-m', 'recent', '--name', sep, '--rcheck', '--seconds', String(sp.stickyMaxAgeSeconds), '--reap', '-j', sep,
        );
      }
    }
    // Then the random choice: rule i matches with probability 1/(n-i), so each endpoint gets 1/n overall.
    const n = endpoints.length;
    endpoints.forEach((ep, i) => {
      const statistic = i < n - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', computeProbability(n - i)] : [];
      natRules.write('-A', svcChain, serviceComment(quote(`${sp.nameString} -> ${ep.endpoint}`)), statistic, '-j', sepOf(ep));
    });
  }

  // Tail call to KUBE-NODEPORTS: must stay after every service rule.
  if (s.npa.matchAll) {
    // Localhost NodePorts only work with route_localnet, which kube-proxy sets only when they are enabled.
    const notLocalhost = s.localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8'];
    natRules.write('-A', KUBE_SERVICES, '-m', 'comment', '--comment', LAST_RULE_COMMENT,
      '-m', 'addrtype', '--dst-type', 'LOCAL', notLocalhost, '-j', KUBE_NODEPORTS);
  } else {
    for (const ip of nodeIPsMatching(s)) {
      if (ip.startsWith('127.') && !s.localhostNodePorts) continue;
      natRules.write('-A', KUBE_SERVICES, '-m', 'comment', '--comment', LAST_RULE_COMMENT, '-d', ip, '-j', KUBE_NODEPORTS);
    }
  }

  // INVALID packets could reset connections unexpectedly (kubernetes issues 74839, 117924), unless
  // nf_conntrack_tcp_be_liberal already makes conntrack lenient.
  if (!s.conntrackTCPLiberal) {
    const counter = s.nfacct ? ['-m', 'nfacct', '--nfacct-name', NFACCT_CT_STATE_INVALID_DROPPED] : [];
    filterRules.write('-A', KUBE_FORWARD, '-m', 'conntrack', '--ctstate', 'INVALID', counter, '-j', 'DROP');
  }
  // Forward what kube-proxy marked (e.g. NodePort traffic to another node) even with a DROP policy.
  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', quote('kubernetes forwarding rules'),
    '-m', 'mark', '--mark', `${mark}/${mark}`, '-j', 'ACCEPT');
  filterRules.write('-A', KUBE_FORWARD, '-m', 'comment', '--comment', quote('kubernetes forwarding conntrack rule'),
    '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');

  return {
    filter: [...filterChains.lines, ...filterRules.lines],
    nat: [...natChains.lines, ...natRules.lines],
  };
}

/** `NodePortAddresses.GetNodeIPs`: the node's addresses inside the --nodeport-addresses CIDRs (deduplicated). */
function nodeIPsMatching(s: Settings): string[] {
  const out: string[] = [];
  for (const cidr of s.npa.cidrs) {
    for (const ip of s.localAddresses) {
      if (cidrContains(cidr, tryParseIpv4(ip)!) && !out.includes(ip)) out.push(ip);
    }
  }
  return out;
}

/** The text kube-proxy hands to `iptables-restore --noflush --counters`. */
export function restorePayload(result: ProxierResult): string {
  const table = (name: string, lines: readonly string[]) => `*${name}\n${lines.map((l) => `${l}\n`).join('')}COMMIT\n`;
  return table('filter', result.filter) + table('nat', result.nat);
}
