// kube-proxy IPVS mode. Expectations come from three places, named at each test:
// - upstream kubernetes/kubernetes pkg/proxy/ipvs/proxier_test.go (the revision with KUBE-IPVS-OUT-FILTER
//   and TestLoadBalancerIngressRouteTypeProxy): virtual servers, real servers, ipset entries, and the
//   (jump target, matched set) sequence of each chain that its `checkIptables` helper compares;
// - the `ipvsadm -ln` example of pkg/proxy/ipvs/README.md@054d429d (quoted in FIDELITY §2.1);
// - hand derivations from pkg/proxy/ipvs/proxier.go `writeIptablesRules` and ipvsadm.c format strings,
//   with the reasoning written next to the expectation.
import { describe, expect, it } from 'vitest';
import {
  ipsetList,
  ipsetMemberCompare,
  ipvsadmList,
  ipvsIptablesExpanded,
  ipvsJumpChainRules,
  ipvsRestorePayload,
  syncIpvs,
  type IpvsProxierConfig,
  type IpvsState,
} from '../../src/sim/k8s/kube-proxy/ipvs';
import type { Protocol, V1Endpoint, V1EndpointPort, V1EndpointSlice, V1Service, V1ServiceSpec } from '../../src/sim/k8s/kube-proxy';
import { SimError } from '../../src/sim/core/errors';
import { createNetfilter, iptablesRestore, iptablesSave } from '../../src/sim/netfilter';

// Upstream NewFakeProxier: node "test-node", no local-traffic detector, scheduler rr.
const TEST_NODE = 'test-node';
const cfg = (extra: Partial<IpvsProxierConfig> = {}): IpvsProxierConfig => ({ nodeName: TEST_NODE, nodeIPs: [], ...extra });

function svc(ns: string, name: string, spec: V1ServiceSpec, lbIPs: { ip: string; ipMode?: 'VIP' | 'Proxy' }[] = []): V1Service {
  return { metadata: { namespace: ns, name }, spec, status: { loadBalancer: { ingress: lbIPs } } };
}
function slice(ns: string, svcName: string, endpoints: V1Endpoint[], ports: V1EndpointPort[], addressType: 'IPv4' | 'IPv6' = 'IPv4'): V1EndpointSlice {
  return { metadata: { namespace: ns, name: `${svcName}-1`, labels: { 'kubernetes.io/service-name': svcName } }, addressType, endpoints, ports };
}
const ep = (ip: string, nodeName?: string, conditions?: V1Endpoint['conditions']): V1Endpoint => ({
  addresses: [ip],
  ...(nodeName ? { nodeName } : {}),
  ...(conditions ? { conditions } : {}),
});
const port = (name: string, p: number, protocol: Protocol = 'TCP'): V1EndpointPort => ({ name, port: p, protocol });

/** Virtual servers as "PROTO addr:port" → real servers "addr:port". */
function ipvsMap(st: IpvsState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const vs of st.virtualServers) out[`${vs.proto} ${vs.address}:${vs.port}`] = vs.realServers.map((r) => `${r.address}:${r.port}`);
  return out;
}
/** upstream checkIptables/getRules: rules of a chain (nat table first, then filter) as [jump, matched set]. */
function chain(st: IpvsState, name: string): [string, string][] {
  const rules = [...st.iptablesRules.filter((r) => r.table === 'nat'), ...st.iptablesRules.filter((r) => r.table === 'filter')];
  return rules.filter((r) => r.chain === name).map((r) => [r.target[1]!, r.set?.name ?? '']);
}
const nonEmptySets = (st: IpvsState) => Object.fromEntries(Object.entries(st.ipsets).filter(([, m]) => m.length > 0));

// The Services and slices behind the README's `ipvsadm -ln` (apiserver default range 10.0.0.0/24: the
// kubernetes Service is 10.0.0.1:443 with ClientIP affinity → apiserver 192.168.0.1:6443; kube-dns is
// 10.0.0.10 UDP+TCP 53 → CoreDNS pod 172.17.0.2:53).
const readmeServices: V1Service[] = [
  svc('default', 'kubernetes', { clusterIP: '10.0.0.1', sessionAffinity: 'ClientIP', ports: [{ name: 'https', port: 443 }] }),
  svc('kube-system', 'kube-dns', {
    clusterIP: '10.0.0.10',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ],
  }),
];
const readmeSlices: V1EndpointSlice[] = [
  slice('default', 'kubernetes', [ep('192.168.0.1')], [port('https', 6443)]),
  slice('kube-system', 'kube-dns', [ep('172.17.0.2', 'node-1')], [port('dns', 53, 'UDP'), port('dns-tcp', 53)]),
];

describe('ipvsadm -Ln', () => {
  const st = syncIpvs({ services: readmeServices, endpointSlices: readmeSlices, config: { nodeName: 'node-1', nodeIPs: ['192.168.0.1'] } });
  // The apiserver connection in the README shows ActiveConn 1.
  const counts = (vs: { address: string }, rs: { address: string }) =>
    vs.address === '10.0.0.1' && rs.address === '192.168.0.1' ? { active: 1, inactive: 0 } : undefined;

  it('reproduces the README example (pkg/proxy/ipvs/README.md@054d429d, line ends trimmed)', () => {
    // Verbatim from the README (which, like most pasted captures, has no trailing blanks).
    const readme = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.0.0.1:443 rr persistent 10800',
      '  -> 192.168.0.1:6443             Masq    1      1          0',
      'TCP  10.0.0.10:53 rr',
      '  -> 172.17.0.2:53                Masq    1      0          0',
      'UDP  10.0.0.10:53 rr',
      '  -> 172.17.0.2:53                Masq    1      0          0',
      '',
    ].join('\n');
    const out = ipvsadmList(st, { numeric: true, counts });
    expect(out.split('\n').map((l) => l.trimEnd()).join('\n')).toBe(readme);
  });

  it('prints the destination columns with printf("  -> %-28s %-7s %-6d %-10u %-10u\\n") (trailing blanks included)', () => {
    // "192.168.0.1:6443" is 16 chars → 12 blanks of padding, then " "; "Masq" + 3; "1" + 5; "1" + 9; "0" + 9.
    const line = '  -> 192.168.0.1:6443' + ' '.repeat(12) + ' Masq   ' + ' 1     ' + ' 1' + ' '.repeat(9) + ' 0' + ' '.repeat(9);
    const out = ipvsadmList(st, { numeric: true, counts }).split('\n');
    expect(out[4]).toBe(line);
    // Service lines: snprintf("%-4s %s") then " %s" scheduler → "UDP " + " " + address.
    expect(out[7]).toBe('UDP  10.0.0.10:53 rr');
  });

  it('sorts like libipvs ipvs_cmp_services: protocol number, then (int)(a-b) on addresses, then port', () => {
    const s2 = syncIpvs({
      services: [
        svc('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ port: 80, nodePort: 30080 }] }),
        svc('default', 'dns', { clusterIP: '10.96.0.10', ports: [{ name: 'u', port: 53, protocol: 'UDP' }, { name: 't', port: 53 }] }),
      ],
      endpointSlices: [],
      config: { nodeName: 'n', nodeIPs: ['192.168.0.10', '10.244.0.1'] },
    });
    const heads = ipvsadmList(s2, { numeric: true }).split('\n').filter((l) => /^(TCP|UDP)/.test(l));
    // 10.96.0.10 - 192.168.0.10 = 0x0A60000A - 0xC0A8000A = -0xB6480000, which as a 32-bit int is
    // +0x49B80000 > 0: ipvsadm lists the 192.168.0.10 NodePort before the 10.96.x cluster IPs.
    // Within 10.x the difference is small and the order numeric. UDP (17) follows all TCP (6).
    expect(heads).toEqual([
      'TCP  192.168.0.10:30080 rr',
      'TCP  10.96.0.10:53 rr',
      'TCP  10.96.0.20:80 rr',
      'TCP  10.244.0.1:30080 rr',
      'UDP  10.96.0.10:53 rr',
    ]);
  });

  it('sorts real servers by address (10.244.1.9 < 10.244.1.10, unlike the "ip:port" string order)', () => {
    const s2 = syncIpvs({
      services: [svc('default', 'web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })],
      endpointSlices: [slice('default', 'web', [ep('10.244.1.10'), ep('10.244.1.9')], [port('', 8080)])],
      config: cfg(),
    });
    // The state keeps kube-proxy's endpoint order ("10.244.1.10:8080" < "10.244.1.9:8080" as strings).
    expect(ipvsMap(s2)['TCP 10.96.0.20:80']).toEqual(['10.244.1.10:8080', '10.244.1.9:8080']);
    const dests = ipvsadmList(s2, { numeric: true }).split('\n').filter((l) => l.startsWith('  -> 10.'));
    expect(dests.map((l) => l.slice(5).split(' ')[0])).toEqual(['10.244.1.9:8080', '10.244.1.10:8080']);
  });

  it('prints " (mh-port)" for the mh scheduler (kube-proxy sets FlagSourceHash = IP_VS_SVC_F_SCHED2)', () => {
    const s2 = syncIpvs({ services: readmeServices.slice(0, 1), endpointSlices: readmeSlices.slice(0, 1), config: cfg({ scheduler: 'mh' }) });
    expect(ipvsadmList(s2, { numeric: true }).split('\n')[3]).toBe('TCP  10.0.0.1:443 mh (mh-port) persistent 10800');
  });

  it('refuses the name-resolving form', () => {
    expect(() => ipvsadmList(st, { numeric: false })).toThrow(SimError);
  });
});

describe('virtual and real servers (upstream proxier_test.go)', () => {
  const npSvc = (protocol: Protocol, extra: V1ServiceSpec = {}) =>
    svc('ns1', 'svc1', { type: 'NodePort', clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, protocol, nodePort: 3001 }], ...extra });

  it('TestNodePortIPv4 "1 service with node port, has 2 endpoints": IPv6 endpoint and node IP ignored', () => {
    const st = syncIpvs({
      services: [npSvc('TCP')],
      endpointSlices: [
        slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80)]),
        { ...slice('ns1', 'svc1', [ep('1002:ab8::2:10')], [port('p80', 80)], 'IPv6'), metadata: { namespace: 'ns1', name: 'svc1-2', labels: { 'kubernetes.io/service-name': 'svc1' } } },
      ],
      config: cfg({ nodeIPs: ['100.101.102.103', '2001:db8::1:1'] }),
    });
    expect(ipvsMap(st)).toEqual({ 'TCP 10.20.30.41:80': ['10.180.0.1:80'], 'TCP 100.101.102.103:3001': ['10.180.0.1:80'] });
    expect(st.virtualServers.every((v) => v.scheduler === 'rr' && v.persistent === undefined)).toBe(true);
    // Node IPs are interface addresses: only the cluster IP goes on kube-ipvs0.
    expect(st.dummyAddresses).toEqual(['10.20.30.41']);
  });

  it('TestNodePortIPv4 "1 UDP service with node port, has endpoints": sets and chains', () => {
    const st = syncIpvs({
      services: [npSvc('UDP')],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80, 'UDP')])],
      config: cfg({ nodeIPs: ['100.101.102.103'], nodePortAddresses: ['0.0.0.0/0'] }),
    });
    expect(ipvsMap(st)).toEqual({ 'UDP 10.20.30.41:80': ['10.180.0.1:80'], 'UDP 100.101.102.103:3001': ['10.180.0.1:80'] });
    expect(st.ipsets['KUBE-NODE-PORT-UDP']).toEqual(['3001']);
    expect(chain(st, 'KUBE-NODE-PORT')).toEqual([
      ['KUBE-MARK-MASQ', 'KUBE-NODE-PORT-UDP'],
      ['ACCEPT', 'KUBE-HEALTH-CHECK-NODE-PORT'],
    ]);
    expect(chain(st, 'KUBE-SERVICES')).toEqual([
      ['RETURN', ''],
      ['KUBE-MARK-MASQ', 'KUBE-CLUSTER-IP'],
      ['KUBE-NODE-PORT', ''],
      ['ACCEPT', 'KUBE-CLUSTER-IP'],
    ]);
  });

  it('TestNodePortIPv4 "service has node port but no endpoints": virtual servers without real servers', () => {
    const st = syncIpvs({ services: [npSvc('TCP')], endpointSlices: [], config: cfg({ nodeIPs: ['100.101.102.103'] }) });
    expect(ipvsMap(st)).toEqual({ 'TCP 10.20.30.41:80': [], 'TCP 100.101.102.103:3001': [] });
    // No per-service REJECT as in iptables mode: the only REJECT is KUBE-IPVS-FILTER's catch-all.
    const rejects = [...st.iptables.filter, ...st.iptables.nat].filter((l) => l.includes('-j REJECT'));
    expect(rejects).toEqual(['-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT']);
  });

  it('TestNodePortIPv4 "node port service with protocol sctp on a node with multiple nodeIPs"', () => {
    const st = syncIpvs({
      services: [npSvc('SCTP')],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80, 'SCTP')])],
      config: cfg({ nodeIPs: ['100.101.102.103', '100.101.102.104', '100.101.102.105', '2001:db8::1:1', '2001:db8::1:2', '2001:db8::1:3'] }),
    });
    expect(Object.keys(ipvsMap(st))).toEqual(['SCTP 10.20.30.41:80', 'SCTP 100.101.102.103:3001', 'SCTP 100.101.102.104:3001', 'SCTP 100.101.102.105:3001']);
    expect(st.ipsets['KUBE-NODE-PORT-SCTP-HASH']).toEqual(['100.101.102.103,sctp:3001', '100.101.102.104,sctp:3001', '100.101.102.105,sctp:3001']);
  });

  it('TestNodePortIPv4 "node port service with protocol sctp and externalTrafficPolicy local"', () => {
    const st = syncIpvs({
      services: [npSvc('SCTP', { externalTrafficPolicy: 'Local' })],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1', TEST_NODE), ep('10.180.1.1', 'other-node')], [port('p80', 80, 'SCTP')])],
      config: cfg({ nodeIPs: ['100.101.102.103'] }),
    });
    expect(ipvsMap(st)).toEqual({ 'SCTP 10.20.30.41:80': ['10.180.0.1:80', '10.180.1.1:80'], 'SCTP 100.101.102.103:3001': ['10.180.0.1:80'] });
    expect(st.ipsets['KUBE-NODE-PORT-SCTP-HASH']).toEqual(['100.101.102.103,sctp:3001']);
    expect(st.ipsets['KUBE-NODE-PORT-LOCAL-SCTP-HASH']).toEqual(['100.101.102.103,sctp:3001']);
    expect(chain(st, 'KUBE-NODE-PORT')).toEqual([
      ['RETURN', 'KUBE-NODE-PORT-LOCAL-SCTP-HASH'],
      ['KUBE-MARK-MASQ', 'KUBE-NODE-PORT-SCTP-HASH'],
      ['ACCEPT', 'KUBE-HEALTH-CHECK-NODE-PORT'],
    ]);
  });

  it('NodePort virtual servers go on every non-loopback node address, none on 127.0.0.1', () => {
    // GetAllLocalAddressesExcept(kube-ipvs0) filtered by isValidForSet (TestIpIsValidForSet: 127.x false).
    const st = syncIpvs({ services: [npSvc('TCP')], endpointSlices: [], config: cfg({ nodeIPs: ['192.168.0.10', '127.0.0.1', '10.244.0.1', '172.17.0.1'] }) });
    expect(st.virtualServers.filter((v) => v.kind === 'NodePort').map((v) => v.address)).toEqual(['192.168.0.10', '10.244.0.1', '172.17.0.1']);
  });

  it('TestOnlyLocalNodePorts: --nodeport-addresses selects node IPs; eTP=Local node port → local endpoint', () => {
    const st = syncIpvs({
      services: [npSvc('TCP', { externalTrafficPolicy: 'Local' })],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1', TEST_NODE), ep('10.180.1.1', 'other-node')], [port('p80', 80)])],
      config: cfg({ nodeIPs: ['100.101.102.103', '192.168.9.9', '2001:db8::'], nodePortAddresses: ['100.101.102.0/24'] }),
    });
    expect(ipvsMap(st)).toEqual({ 'TCP 10.20.30.41:80': ['10.180.0.1:80', '10.180.1.1:80'], 'TCP 100.101.102.103:3001': ['10.180.0.1:80'] });
    expect(st.ipsets['KUBE-NODE-PORT-TCP']).toEqual(['3001']);
    expect(st.ipsets['KUBE-NODE-PORT-LOCAL-TCP']).toEqual(['3001']);
    expect(chain(st, 'KUBE-SERVICES')).toEqual([
      ['RETURN', ''],
      ['KUBE-MARK-MASQ', 'KUBE-CLUSTER-IP'],
      ['KUBE-NODE-PORT', ''],
      ['ACCEPT', 'KUBE-CLUSTER-IP'],
    ]);
    expect(chain(st, 'KUBE-NODE-PORT')).toEqual([
      ['RETURN', 'KUBE-NODE-PORT-LOCAL-TCP'],
      ['KUBE-MARK-MASQ', 'KUBE-NODE-PORT-TCP'],
      ['ACCEPT', 'KUBE-HEALTH-CHECK-NODE-PORT'],
    ]);
  });

  it('eTP=Local without a local endpoint falls back to cluster endpoints (PR 97081), unlike iptables mode', () => {
    const st = syncIpvs({
      services: [npSvc('TCP', { externalTrafficPolicy: 'Local' })],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.1.1', 'other-node')], [port('p80', 80)])],
      config: cfg({ nodeIPs: ['100.101.102.103'] }),
    });
    expect(ipvsMap(st)['TCP 100.101.102.103:3001']).toEqual(['10.180.1.1:80']);
    // ... and is not masqueraded (KUBE-NODE-PORT-LOCAL-TCP RETURNs first), so replies do not come back.
    expect(st.ipsets['KUBE-NODE-PORT-LOCAL-TCP']).toEqual(['3001']);
  });

  it('TestLoadBalancer: LB virtual server, KUBE-LOAD-BALANCER set and chains; no node IP → no NodePort', () => {
    const st = syncIpvs({
      services: [svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, nodePort: 3001 }] }, [{ ip: '1.2.3.4' }])],
      // The upstream slice carries a UDP port, so the TCP service port has no endpoints.
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80, 'UDP')])],
      config: cfg(),
    });
    expect(st.virtualServers).toHaveLength(2);
    expect(st.ipsets['KUBE-LOAD-BALANCER']).toEqual(['1.2.3.4,tcp:80']);
    expect(chain(st, 'KUBE-SERVICES')).toEqual([
      ['RETURN', ''],
      ['KUBE-LOAD-BALANCER', 'KUBE-LOAD-BALANCER'],
      ['KUBE-MARK-MASQ', 'KUBE-CLUSTER-IP'],
      ['KUBE-NODE-PORT', ''],
      ['ACCEPT', 'KUBE-CLUSTER-IP'],
      ['ACCEPT', 'KUBE-LOAD-BALANCER'],
    ]);
    expect(chain(st, 'KUBE-LOAD-BALANCER')).toEqual([['KUBE-MARK-MASQ', '']]);
    expect(st.dummyAddresses).toEqual(['10.20.30.41', '1.2.3.4']);
  });

  it('TestOnlyLocalLoadBalancing: only the local endpoint behind the LB; KUBE-LOAD-BALANCER-LOCAL RETURNs', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', externalTrafficPolicy: 'Local', ports: [{ name: 'p80', port: 80, nodePort: 3001 }] }, [
          { ip: '1.2.3.4' },
        ]),
      ],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1', TEST_NODE), ep('10.180.1.1', 'other-node')], [port('p80', 80)])],
      config: cfg(),
    });
    expect(ipvsMap(st)['TCP 1.2.3.4:80']).toEqual(['10.180.0.1:80']);
    expect(st.ipsets['KUBE-LOAD-BALANCER']).toEqual(['1.2.3.4,tcp:80']);
    expect(st.ipsets['KUBE-LOAD-BALANCER-LOCAL']).toEqual(['1.2.3.4,tcp:80']);
    expect(chain(st, 'KUBE-LOAD-BALANCER')).toEqual([
      ['RETURN', 'KUBE-LOAD-BALANCER-LOCAL'],
      ['KUBE-MARK-MASQ', ''],
    ]);
  });

  it('TestLoadBalancerSourceRanges: FW and SOURCE-CIDR sets; node outside the ranges → KUBE-IPVS-OUT-FILTER drop', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ name: 'p80', port: 80 }] }, [
          { ip: '1.2.3.4' },
        ]),
      ],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80)])],
      config: cfg(),
    });
    expect(ipvsMap(st)['TCP 1.2.3.4:80']).toEqual(['10.180.0.1:80']);
    expect(nonEmptySets(st)).toMatchObject({
      'KUBE-LOAD-BALANCER': ['1.2.3.4,tcp:80'],
      'KUBE-LOAD-BALANCER-FW': ['1.2.3.4,tcp:80'],
      'KUBE-LOAD-BALANCER-SOURCE-CIDR': ['1.2.3.4,tcp:80,10.0.0.0/8'],
    });
    expect(chain(st, 'KUBE-PROXY-FIREWALL')).toEqual([['KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-LOAD-BALANCER-FW']]);
    expect(chain(st, 'KUBE-SOURCE-RANGES-FIREWALL')).toEqual([
      ['RETURN', 'KUBE-LOAD-BALANCER-SOURCE-CIDR'],
      ['DROP', ''],
    ]);
    // No node IP is known, so it is not inside 10.0.0.0/8: lbNoNodeAccessIPPortProtocolEntries gets the LB,
    // written as "-s lbIP -m ipvs --vaddr lbIP --vproto tcp --vport 80 -j DROP".
    expect(st.iptables.filter).toContain('-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -m ipvs --vaddr 1.2.3.4 --vproto tcp --vport 80 -j DROP');
  });

  it('loadBalancerSourceRanges containing the node IP: KUBE-LOAD-BALANCER-SOURCE-IP lbIP,tcp:port,lbIP', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ name: 'p80', port: 80 }] }, [
          { ip: '1.2.3.4' },
        ]),
      ],
      endpointSlices: [],
      config: cfg({ nodeIPs: ['10.1.2.3'] }),
    });
    expect(st.ipsets['KUBE-LOAD-BALANCER-SOURCE-IP']).toEqual(['1.2.3.4,tcp:80,1.2.3.4']);
    expect(chain(st, 'KUBE-SOURCE-RANGES-FIREWALL')).toEqual([
      ['RETURN', 'KUBE-LOAD-BALANCER-SOURCE-CIDR'],
      ['RETURN', 'KUBE-LOAD-BALANCER-SOURCE-IP'],
      ['DROP', ''],
    ]);
    expect(chain(st, 'KUBE-IPVS-OUT-FILTER')).toEqual([]);
  });

  it('TestAcceptIPVSTraffic: KUBE-SERVICES with cluster IP, external IP and LB sets', () => {
    const mk = (type: V1ServiceSpec['type'], ip: string, name: string) =>
      svc('ns1', name, {
        type,
        clusterIP: ip,
        ports: [{ name: 'p80', port: 80, nodePort: 80 }],
        ...(type === 'ClusterIP' ? { externalIPs: ['5.6.7.8'] } : {}),
      }, type === 'LoadBalancer' ? [{ ip: '1.2.3.4' }] : []);
    const st = syncIpvs({
      services: [mk('ClusterIP', '10.20.30.40', 'svc1'), mk('LoadBalancer', '10.20.30.41', 'svc2'), mk('NodePort', '10.20.30.42', 'svc3')],
      endpointSlices: [],
      config: cfg(),
    });
    expect(chain(st, 'KUBE-SERVICES')).toEqual([
      ['RETURN', ''],
      ['KUBE-LOAD-BALANCER', 'KUBE-LOAD-BALANCER'],
      ['KUBE-MARK-MASQ', 'KUBE-CLUSTER-IP'],
      ['KUBE-MARK-MASQ', 'KUBE-EXTERNAL-IP'],
      ['ACCEPT', 'KUBE-EXTERNAL-IP'],
      ['ACCEPT', 'KUBE-EXTERNAL-IP'],
      ['KUBE-NODE-PORT', ''],
      ['ACCEPT', 'KUBE-CLUSTER-IP'],
      ['ACCEPT', 'KUBE-LOAD-BALANCER'],
    ]);
  });

  it('TestOnlyLocalExternalIPs: eTP=Local external IP → local endpoint only; IPv6 external IP ignored', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', {
          type: 'NodePort',
          clusterIP: '10.20.30.41',
          externalIPs: ['50.60.70.81', '2012::51', '127.0.0.1'],
          externalTrafficPolicy: 'Local',
          ports: [{ name: 'p80', port: 80 }],
        }),
      ],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1', TEST_NODE), ep('10.180.1.1', 'other-node')], [port('p80', 80)])],
      config: cfg(),
    });
    expect(ipvsMap(st)).toEqual({
      'TCP 10.20.30.41:80': ['10.180.0.1:80', '10.180.1.1:80'],
      'TCP 50.60.70.81:80': ['10.180.0.1:80'],
      'TCP 127.0.0.1:80': ['10.180.0.1:80'],
    });
    // bystrcmp reads "50" and "127" as numbers (strtol base 16: 0x50 < 0x127), so 50.x sorts first.
    expect(st.ipsets['KUBE-EXTERNAL-IP-LOCAL']).toEqual(['50.60.70.81,tcp:80', '127.0.0.1,tcp:80']);
    expect(st.ipsets['KUBE-EXTERNAL-IP']).toEqual([]);
    // shouldBind = the address is not on another interface; loopback is not in nodeAddressSet, so even
    // 127.0.0.1 is bound on kube-ipvs0, as the upstream code does.
    expect(st.dummyAddresses).toEqual(['10.20.30.41', '50.60.70.81', '127.0.0.1']);
  });

  it('an external IP that is a node address is not bound on kube-ipvs0', () => {
    const st = syncIpvs({
      services: [svc('ns1', 'svc1', { clusterIP: '10.20.30.41', externalIPs: ['192.168.0.10'], ports: [{ port: 80 }] })],
      endpointSlices: [],
      config: cfg({ nodeIPs: ['192.168.0.10'] }),
    });
    expect(st.dummyAddresses).toEqual(['10.20.30.41']);
    expect(st.ipsets['KUBE-IPVS-IPS']).toEqual(['10.20.30.41']);
  });

  it('TestSessionAffinity: every virtual server of the port is persistent with the ClientIP timeout', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', {
          type: 'NodePort',
          clusterIP: '10.20.30.41',
          externalIPs: ['50.60.70.81'],
          sessionAffinity: 'ClientIP',
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
          ports: [{ name: 'p80', port: 80, nodePort: 3001 }],
        }),
      ],
      endpointSlices: [],
      config: cfg({ nodeIPs: ['100.101.102.103'] }),
    });
    expect(st.virtualServers.map((v) => [v.kind, v.persistent])).toEqual([
      ['ClusterIP', 10800],
      ['ExternalIP', 10800],
      ['NodePort', 10800],
    ]);
  });

  it('TestHealthCheckNodePort: only LB + eTP=Local services put their health-check port in the set', () => {
    const mk = (name: string, etp: 'Local' | 'Cluster', hc: number) =>
      svc('ns1', name, {
        type: 'LoadBalancer',
        clusterIP: '10.20.30.41',
        externalTrafficPolicy: etp,
        healthCheckNodePort: hc,
        ports: [{ name: 'p80', port: 80, nodePort: 3000 }],
      });
    const st = syncIpvs({
      services: [mk('valid-svc1', 'Local', 30000), mk('valid-svc2', 'Local', 30001), mk('invalid-svc3', 'Cluster', 30002)],
      endpointSlices: [],
      config: cfg({ nodeIPs: ['100.101.102.103', '2001:db8::'], nodePortAddresses: ['100.101.102.0/24'] }),
    });
    expect(st.ipsets['KUBE-HEALTH-CHECK-NODE-PORT']).toEqual(['30000', '30001']);
    expect(chain(st, 'KUBE-NODE-PORT')).toEqual([
      ['RETURN', 'KUBE-NODE-PORT-LOCAL-TCP'],
      ['KUBE-MARK-MASQ', 'KUBE-NODE-PORT-TCP'],
      ['ACCEPT', 'KUBE-HEALTH-CHECK-NODE-PORT'],
    ]);
  });

  it('with no node address the node port and the health-check port are skipped (upstream "continue")', () => {
    const st = syncIpvs({
      services: [svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', externalTrafficPolicy: 'Local', healthCheckNodePort: 30000, ports: [{ port: 80, nodePort: 3000 }] })],
      endpointSlices: [],
      config: cfg(),
    });
    expect(st.ipsets['KUBE-NODE-PORT-TCP']).toEqual([]);
    expect(st.ipsets['KUBE-HEALTH-CHECK-NODE-PORT']).toEqual([]);
  });

  it('TestIPv4Proxier: IPv6 service ignored; cluster IP without endpoints keeps an empty virtual server', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', { clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80 }] }),
        svc('ns2', 'svc2', { clusterIP: '1002:ab8::2:1', ports: [{ name: 'p8080', port: 8080 }] }),
        svc('ns3', 'svc3', { clusterIP: '10.20.30.42', ports: [{ name: 'p80', port: 80 }] }),
      ],
      endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80)])],
      config: cfg(),
    });
    expect(ipvsMap(st)).toEqual({ 'TCP 10.20.30.41:80': ['10.180.0.1:80'], 'TCP 10.20.30.42:80': [] });
  });

  it('TestLoadBalancerIngressRouteTypeProxy: ipMode Proxy ingress gets no virtual server', () => {
    const mk = (ipMode?: 'VIP' | 'Proxy') =>
      syncIpvs({
        services: [svc('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, nodePort: 3001 }] }, [{ ip: '1.2.3.4', ...(ipMode ? { ipMode } : {}) }])],
        endpointSlices: [slice('ns1', 'svc1', [ep('10.180.0.1')], [port('p80', 80)])],
        config: cfg(),
      }).virtualServers.length;
    expect([mk('Proxy'), mk('VIP'), mk()]).toEqual([1, 2, 2]);
  });

  it('TestMultiPortServiceBindAddr: a multi-port service binds its cluster IP once', () => {
    const st = syncIpvs({
      services: [
        svc('ns1', 'svc1', {
          clusterIP: '172.16.55.4',
          ports: [
            { name: 'port1', port: 1234 },
            { name: 'port2', port: 1235 },
            { name: 'port3', port: 1236, protocol: 'UDP' },
          ],
        }),
      ],
      endpointSlices: [],
      config: cfg(),
    });
    expect(st.dummyAddresses).toEqual(['172.16.55.4']);
    expect(st.virtualServers).toHaveLength(3);
  });

  it('TestEndpointSliceE2E: not-ready endpoint left out; the local one in KUBE-LOOP-BACK', () => {
    const st = syncIpvs({
      services: [svc('ns1', 'svc1', { clusterIP: '172.20.1.1', ports: [{ name: '', port: 80 }] })],
      endpointSlices: [
        slice('ns1', 'svc1', [ep('10.0.1.1', TEST_NODE, { ready: true }), ep('10.0.1.2', 'node2', { ready: true }), ep('10.0.1.3', 'node3', { ready: true }), ep('10.0.1.4', 'node3', { ready: false })], [port('', 80)]),
      ],
      config: cfg(),
    });
    expect(st.ipsets['KUBE-LOOP-BACK']).toEqual(['10.0.1.1,tcp:80,10.0.1.1']);
    expect(ipvsMap(st)).toEqual({ 'TCP 172.20.1.1:80': ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.3:80'] });
  });

  describe('TestTestInternalTrafficPolicyE2E', () => {
    const run = (itp: 'Cluster' | 'Local', nodes: string[]) =>
      syncIpvs({
        services: [svc('ns1', 'svc1', { clusterIP: '172.20.1.1', internalTrafficPolicy: itp, ports: [{ name: '', port: 80 }] })],
        endpointSlices: [slice('ns1', 'svc1', ['10.0.1.1', '10.0.1.2', '10.0.1.3'].map((ip, i) => ep(ip, nodes[i], { ready: true })), [port('', 80)])],
        config: cfg(),
      });
    const all = ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.3:80'];
    it.each([
      ['Cluster', [TEST_NODE, 'node1', 'node2'], all, 1],
      ['Cluster', ['node0', 'node1', 'node2'], all, 0],
      ['Local', [TEST_NODE, 'node1', 'node2'], ['10.0.1.1:80'], 1],
      ['Local', ['node0', 'node1', 'node2'], [], 0],
    ] as const)('iTP=%s on %j', (itp, nodes, rs, loopback) => {
      const st = run(itp, [...nodes]);
      expect(ipvsMap(st)['TCP 172.20.1.1:80']).toEqual(rs);
      expect(st.ipsets['KUBE-LOOP-BACK']).toHaveLength(loopback);
    });
  });

  describe('terminating endpoints (Test_EndpointSlice*Terminating*)', () => {
    const RT = { ready: true, serving: true, terminating: false };
    const ST = { ready: false, serving: true, terminating: true };
    const XT = { ready: false, serving: false, terminating: true };
    const NN = { ready: false, serving: false, terminating: false };
    const run = (etp: 'Cluster' | 'Local', eps: V1Endpoint[]) =>
      syncIpvs({
        services: [
          svc('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.20.1.1', externalTrafficPolicy: etp, internalTrafficPolicy: 'Cluster', externalIPs: ['1.2.3.4'], ports: [{ name: '', port: 80 }] }),
        ],
        endpointSlices: [slice('ns1', 'svc1', eps, [port('', 80)])],
        config: cfg(),
      });

    it('ReadyAndTerminatingCluster: ready endpoints only, everywhere', () => {
      const st = run('Cluster', [ep('10.0.1.1', TEST_NODE, RT), ep('10.0.1.2', TEST_NODE, RT), ep('10.0.1.3', TEST_NODE, ST), ep('10.0.1.4', TEST_NODE, XT), ep('10.0.1.5', 'another-node', RT)]);
      expect(st.ipsets['KUBE-LOOP-BACK']).toHaveLength(4);
      expect(ipvsMap(st)).toEqual({ 'TCP 172.20.1.1:80': ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.5:80'], 'TCP 1.2.3.4:80': ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.5:80'] });
    });
    it('ReadyAndTerminatingLocal: external IP → local ready endpoints', () => {
      const st = run('Local', [ep('10.0.1.1', TEST_NODE, RT), ep('10.0.1.2', TEST_NODE, RT), ep('10.0.1.3', TEST_NODE, ST), ep('10.0.1.4', TEST_NODE, XT), ep('10.0.1.5', 'another-node', RT)]);
      expect(ipvsMap(st)).toEqual({ 'TCP 172.20.1.1:80': ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.5:80'], 'TCP 1.2.3.4:80': ['10.0.1.1:80', '10.0.1.2:80'] });
    });
    it('OnlyReadyAndTerminatingCluster: falls back to serving+terminating endpoints', () => {
      const st = run('Cluster', [ep('10.0.1.1', TEST_NODE, ST), ep('10.0.1.2', TEST_NODE, ST), ep('10.0.1.3', TEST_NODE, XT), ep('10.0.1.4', 'another-node', ST), ep('10.0.1.5', 'another-node', NN)]);
      expect(st.ipsets['KUBE-LOOP-BACK']).toHaveLength(3);
      expect(ipvsMap(st)).toEqual({ 'TCP 172.20.1.1:80': ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.4:80'], 'TCP 1.2.3.4:80': ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.4:80'] });
    });
    it('OnlyReadyAndTerminatingLocal: cluster IP → remote ready; external IP → local serving+terminating', () => {
      const st = run('Local', [ep('10.0.1.1', TEST_NODE, ST), ep('10.0.1.2', TEST_NODE, ST), ep('10.0.1.3', TEST_NODE, XT), ep('10.0.1.4', 'another-node', ST), ep('10.0.1.5', 'another-node', RT)]);
      expect(ipvsMap(st)).toEqual({ 'TCP 172.20.1.1:80': ['10.0.1.5:80'], 'TCP 1.2.3.4:80': ['10.0.1.1:80', '10.0.1.2:80'] });
    });
  });
});

describe('iptables ruleset', () => {
  it('TestCreateAndLinkKubeChain: chain declarations', () => {
    const st = syncIpvs({ services: [], endpointSlices: [], config: cfg() });
    expect(st.iptables.nat.filter((l) => l.startsWith(':'))).toEqual([
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-NODE-PORT - [0:0]',
      ':KUBE-LOAD-BALANCER - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
    ]);
    expect(st.iptables.filter.filter((l) => l.startsWith(':'))).toEqual([
      ':KUBE-FORWARD - [0:0]',
      ':KUBE-NODE-PORT - [0:0]',
      ':KUBE-PROXY-FIREWALL - [0:0]',
      ':KUBE-SOURCE-RANGES-FIREWALL - [0:0]',
      ':KUBE-IPVS-FILTER - [0:0]',
      ':KUBE-IPVS-OUT-FILTER - [0:0]',
    ]);
  });

  it('TestDismissLocalhostRuleExist / TestMasqueradeRule (random-fully)', () => {
    for (const randomFully of [false, true]) {
      const st = syncIpvs({ services: [], endpointSlices: [], config: cfg({ randomFully }) });
      expect(st.iptables.nat.find((l) => l.startsWith('-A KUBE-SERVICES'))).toBe('-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN');
      const masq = st.iptables.nat.find((l) => l.includes('-j MASQUERADE'))!;
      expect(masq.endsWith('--random-fully')).toBe(randomFully);
    }
  });

  it('writes the whole payload of a cluster-IP service with --cluster-cidr (derived from writeIptablesRules)', () => {
    const st = syncIpvs({
      services: [svc('default', 'web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })],
      endpointSlices: [slice('default', 'web', [ep('10.244.1.5', 'n1')], [port('', 8080)])],
      config: { nodeName: 'n1', nodeIPs: ['192.168.0.10'], clusterCIDR: '10.244.0.0/16', masqueradeMark: '0x4000' },
    });
    // Statement order: 127/8 RETURN; ipsetWithIptablesChain (only KUBE-LOOP-BACK is non-empty, in
    // KUBE-POSTROUTING); cluster IP rule with the detector's "! -s"; the KUBE-NODE-PORT jump; the
    // KUBE-LOAD-BALANCER masquerade; acceptIPVSTraffic (cluster IP only); POSTROUTING; MARK-MASQ.
    const lb = '"Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"';
    expect(st.iptables.nat.filter((l) => l.startsWith('-A'))).toEqual([
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      `-A KUBE-POSTROUTING -m comment --comment ${lb} -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE`,
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
    ]);
    expect(st.iptables.filter.filter((l) => l.startsWith('-A'))).toEqual([
      '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT',
    ]);
    // The payload puts nat before filter (iptablesData = natChains, natRules, filterChains, filterRules).
    const payload = ipvsRestorePayload(st.iptables);
    expect(payload.startsWith('*nat\n:KUBE-SERVICES - [0:0]\n')).toBe(true);
    expect(payload.indexOf('*filter')).toBeGreaterThan(payload.indexOf('COMMIT'));
  });

  it('cluster-IP masquerade without detector is "src,dst", with --masquerade-all plain "dst,dst"', () => {
    const mk = (extra: Partial<IpvsProxierConfig>) =>
      syncIpvs({ services: [svc('d', 'w', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })], endpointSlices: [], config: cfg(extra) })
        .iptables.nat.find((l) => l.includes('KUBE-CLUSTER-IP') && l.includes('KUBE-MARK-MASQ'));
    expect(mk({})).toContain('--match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ');
    expect(mk({ masqueradeAll: true, clusterCIDR: '10.244.0.0/16' })).toContain('--match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ');
  });

  it('the default mark is Go\'s %#08x of 1<<14', () => {
    const st = syncIpvs({ services: [], endpointSlices: [], config: cfg() });
    expect(st.iptables.nat).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000');
  });

  it('jump rules from the built-in chains (iptablesJumpChain, each inserted at the top)', () => {
    const rules = ipvsJumpChainRules().map((r) => `${r.table} ${r.chain} ${r.rule}`);
    expect(rules).toEqual([
      'filter INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
      'filter INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      'filter INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
      'filter FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      'filter FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      'filter OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER',
      'nat PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ]);
  });
});

describe('ipvsIptablesExpanded (simulator device)', () => {
  const st = syncIpvs({
    services: [
      ...readmeServices,
      svc('default', 'web', {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.20',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32000,
        loadBalancerSourceRanges: ['203.0.113.0/24'],
        externalIPs: ['198.51.100.7'],
        ports: [{ port: 80, nodePort: 30080 }],
      }, [{ ip: '1.2.3.4' }]),
      svc('default', 'ext', { clusterIP: '10.0.0.30', externalIPs: ['198.51.100.8'], ports: [{ port: 8443, protocol: 'SCTP', nodePort: 30443 }], type: 'NodePort' }),
    ],
    endpointSlices: [...readmeSlices, slice('default', 'web', [ep('10.244.1.5', 'node-1'), ep('10.244.2.5', 'node-2')], [port('', 8080)])],
    config: { nodeName: 'node-1', nodeIPs: ['192.168.0.10'], clusterCIDR: '10.244.0.0/16', masqueradeMark: '0x4000', randomFully: true },
  });
  const ex = ipvsIptablesExpanded(st);

  it('loads into the netfilter model with iptables-restore --noflush', () => {
    const nf = createNetfilter();
    expect(() => iptablesRestore(nf, ipvsRestorePayload(ex), { noflush: true })).not.toThrow();
    expect(iptablesSave(nf)).toContain(':KUBE-IPVS-FILTER - [0:0]');
  });

  it('rewrites each set member into -s/-d/-p/--dport (hand-built from the members)', () => {
    // KUBE-LOOP-BACK dst,dst,src: 10.244.1.5,tcp:8080,10.244.1.5 → -s ip2 -d ip -p tcp --dport 8080.
    expect(ex.nat).toContain(
      '-A KUBE-POSTROUTING -s 10.244.1.5 -d 10.244.1.5 -p tcp -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m tcp --dport 8080 -j MASQUERADE',
    );
    // The detector's "! -s" follows the expanded destination.
    expect(ex.nat).toContain(
      '-A KUBE-SERVICES -d 10.0.0.10 -p udp -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m udp --dport 53 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
    );
    // SCTP node port: the rule's own "-p sctp" is kept, the hash member gives -d node IP and the port.
    expect(ex.nat).toContain('-A KUBE-NODE-PORT -d 192.168.0.10 -p sctp -m comment --comment "Kubernetes nodeport SCTP port for masquerade purpose with type \'hash ip:port\'" -m sctp --dport 30443 -j KUBE-MARK-MASQ');
    // Source CIDR dimension.
    expect(ex.filter).toContain(
      '-A KUBE-SOURCE-RANGES-FIREWALL -s 203.0.113.0/24 -d 1.2.3.4 -p tcp -m comment --comment "Kubernetes service load balancer ip + port + source cidr for packet filter purpose" -m tcp --dport 80 -j RETURN',
    );
    // bitmap:port without -p in the rule: one rule per protocol whose ports ipset reads.
    expect(ex.filter.filter((l) => l.startsWith('-A KUBE-IPVS-FILTER') && l.includes('--dport 32000'))).toEqual([
      '-A KUBE-IPVS-FILTER -p tcp -m tcp --dport 32000 -j RETURN',
      '-A KUBE-IPVS-FILTER -p udp -m udp --dport 32000 -j RETURN',
      '-A KUBE-IPVS-FILTER -p sctp -m sctp --dport 32000 -j RETURN',
    ]);
    // physdev dropped; xt_ipvs replaced by the virtual address/port.
    expect(ex.nat.some((l) => l.includes('physdev'))).toBe(false);
    expect(ex.filter).toContain('-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -d 1.2.3.4 -p tcp -m tcp --dport 80 -j DROP');
  });

  it('has one rule per member for each -m set rule, and none for empty sets', () => {
    const setRules = st.iptablesRules.filter((r) => r.set && r.table === 'filter' && r.chain === 'KUBE-IPVS-FILTER' && r.target[1] === 'REJECT');
    expect(setRules).toHaveLength(1);
    const rejects = ex.filter.filter((l) => l.includes('-j REJECT'));
    expect(rejects.map((l) => l.split(' ')[3])).toEqual(st.ipsets['KUBE-IPVS-IPS']);
    // KUBE-EXTERNAL-IP is used by a KUBE-IPVS-FILTER RETURN rule; its members expand, the empty
    // KUBE-LOAD-BALANCER-SOURCE-IP has no rule at all.
    expect(ex.filter.some((l) => l.includes('198.51.100.8'))).toBe(true);
    expect(st.ipsets['KUBE-LOAD-BALANCER-SOURCE-IP']).toEqual([]);
  });
});

describe('ipsets', () => {
  it('member formats (pkg/proxy/ipvs/ipset Entry.String) and contents of a README-sized node', () => {
    const st = syncIpvs({ services: readmeServices, endpointSlices: readmeSlices, config: { nodeName: 'node-1', nodeIPs: ['192.168.0.1'] } });
    expect(nonEmptySets(st)).toEqual({
      'KUBE-LOOP-BACK': ['172.17.0.2,tcp:53,172.17.0.2', '172.17.0.2,udp:53,172.17.0.2'],
      'KUBE-CLUSTER-IP': ['10.0.0.1,tcp:443', '10.0.0.10,tcp:53', '10.0.0.10,udp:53'],
      'KUBE-IPVS-IPS': ['10.0.0.1', '10.0.0.10'],
    });
    expect(Object.keys(st.ipsets)).toHaveLength(17);
  });

  it('ipset list prints the list_create layout (sizes left out, references counted from the rules)', () => {
    const st = syncIpvs({ services: readmeServices, endpointSlices: readmeSlices, config: { nodeName: 'node-1', nodeIPs: ['192.168.0.1'] } });
    // KUBE-CLUSTER-IP is used by 3 rules: the src,dst KUBE-MARK-MASQ rule, the ACCEPT rule, and the
    // KUBE-IPVS-FILTER RETURN rule.
    expect(ipsetList(st, 'KUBE-CLUSTER-IP')).toBe(
      [
        'Name: KUBE-CLUSTER-IP',
        'Type: hash:ip,port',
        'Revision: 5',
        'Header: family inet hashsize 1024 maxelem 65536',
        'References: 3',
        'Number of entries: 3',
        'Members:',
        '10.0.0.1,tcp:443',
        '10.0.0.10,tcp:53',
        '10.0.0.10,udp:53',
        '',
      ].join('\n'),
    );
    expect(ipsetList(st, 'KUBE-NODE-PORT-TCP', { sizeInMemory: () => 8264 })).toBe(
      ['Name: KUBE-NODE-PORT-TCP', 'Type: bitmap:port', 'Revision: 3', 'Header: range 0-65535', 'Size in memory: 8264', 'References: 0', 'Number of entries: 0', 'Members:', ''].join('\n'),
    );
    // All sets: separated by one empty line.
    const all = ipsetList(st);
    expect(all.split('\nName: ')).toHaveLength(17);
    expect(all).toContain('10.0.0.10,udp:53\n\nName: KUBE-EXTERNAL-IP\n');
    expect(() => ipsetList(st, 'KUBE-NOPE')).toThrow(SimError);
  });

  it('orders members like ipset -sorted (bystrcmp): numbers as numbers, then protocol text', () => {
    expect(['10.96.0.9,tcp:53', '10.96.0.10,tcp:53', '10.96.0.10,udp:53', '9.0.0.1,tcp:1'].sort(ipsetMemberCompare)).toEqual([
      '9.0.0.1,tcp:1',
      '10.96.0.9,tcp:53',
      '10.96.0.10,tcp:53',
      '10.96.0.10,udp:53',
    ]);
  });
});

describe('errors', () => {
  it('rejects an unknown scheduler and a bad node IP, naming the field', () => {
    expect(() => syncIpvs({ services: [], endpointSlices: [], config: cfg({ scheduler: 'fastest' }) })).toThrow(/scheduler "fastest"/);
    expect(() => syncIpvs({ services: [], endpointSlices: [], config: cfg({ nodeIPs: ['10.0.0.300'] }) })).toThrow(/nodeIPs entry "10.0.0.300"/);
  });
});
