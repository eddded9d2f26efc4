// Focused checks of each rule shape syncProxyRules writes. Expected lines are derived by hand from
// kubernetes/kubernetes pkg/proxy/iptables/proxier.go@531be812 syncProxyRules (the reasoning is in the
// comments), plus two upstream goldens (TestOnlyLocalNodePorts / TestOnlyLocalNodePortsNoClusterCIDR) and
// the real-cluster capture in tests/fixtures/kube-proxy/06-real-world-iptables-nat-capture.txt.
// Chain names come from the chain-name functions, which kube-proxy-hash.test.ts checks against upstream
// vectors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  jumpChainRules,
  masqueradeMarkText,
  restorePayload,
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortEndpointChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
  syncProxyRules,
  type ProxierConfig,
  type ProxierResult,
  type V1Endpoint,
  type V1EndpointPort,
  type V1EndpointSlice,
  type V1LoadBalancerIngress,
  type V1Service,
  type V1ServiceSpec,
} from '../../src/sim/k8s/kube-proxy';
import { SimError } from '../../src/sim/core/errors';
import { sortIPTablesRules } from './kube-proxy-sort';

const NODE = 'node-a';
const NODE_IP = '192.168.0.10';
const POD_CIDR = '10.244.0.0/16';
const base: ProxierConfig = { nodeName: NODE, nodeIPs: [NODE_IP] };
const withDetector: ProxierConfig = { ...base, clusterCIDR: POD_CIDR };

function service(name: string, spec: V1ServiceSpec, lbIPs: string[] = [], ns = 'default'): V1Service {
  return {
    metadata: { namespace: ns, name },
    spec,
    status: { loadBalancer: { ingress: lbIPs.map((ip) => ({ ip })) } },
  };
}
function slice(svcName: string, endpoints: V1Endpoint[], ports: V1EndpointPort[] = [{ port: 8080 }], ns = 'default'): V1EndpointSlice {
  return {
    metadata: { namespace: ns, name: `${svcName}-x1`, labels: { 'kubernetes.io/service-name': svcName } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}
const ep = (ip: string, nodeName?: string, conditions?: V1Endpoint['conditions']): V1Endpoint => ({
  addresses: [ip],
  ...(nodeName ? { nodeName } : {}),
  ...(conditions ? { conditions } : {}),
});
const rulesOf = (lines: readonly string[], chain: string) => lines.filter((l) => l.startsWith(`-A ${chain} `));
const declared = (lines: readonly string[]) => lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1, l.indexOf(' ')));
const run = (services: V1Service[], endpointSlices: V1EndpointSlice[], config: ProxierConfig = withDetector): ProxierResult =>
  syncProxyRules({ services, endpointSlices, config });

const SVC = (spn: string, proto = 'tcp') => servicePortPolicyClusterChain(spn, proto);
const SVL = (spn: string, proto = 'tcp') => servicePortPolicyLocalChainName(spn, proto);
const EXT = (spn: string, proto = 'tcp') => serviceExternalChainName(spn, proto);
const FW = (spn: string, proto = 'tcp') => serviceFirewallChainName(spn, proto);
const SEP = (spn: string, endpoint: string, proto = 'tcp') => servicePortEndpointChainName(spn, proto, endpoint);

/** The rules every sync writes regardless of services (mark 0x00004000, no nfacct, localhost NodePorts on). */
const EMPTY = run([], [], base);

describe('base rules (no services)', () => {
  it('declares the top-level chains and writes the fixed rules', () => {
    const m = '0x00004000';
    expect(EMPTY.filter).toEqual([
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-EXTERNAL-SERVICES - [0:0]',
      ':KUBE-FORWARD - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-PROXY-FIREWALL - [0:0]',
      ':KUBE-FIREWALL - [0:0]',
      '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${m}/${m} -j ACCEPT`,
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
    expect(EMPTY.nat).toEqual([
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      `-A KUBE-POSTROUTING -m mark ! --mark ${m}/${m} -j RETURN`,
      `-A KUBE-POSTROUTING -j MARK --xor-mark ${m}`,
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
      `-A KUBE-MARK-MASQ -j MARK --or-mark ${m}`,
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ]);
  });

  it('formats the mark like Go "%#08x": zero-padded to 8 digits, then 0x', () => {
    expect(masqueradeMarkText(14)).toBe('0x00004000');
    expect(masqueradeMarkText(15)).toBe('0x00008000');
    expect(masqueradeMarkText(0)).toBe('0x00000001');
    expect(masqueradeMarkText(31)).toBe('0x80000000');
    const r = run([], [], { ...base, masqueradeBit: 15 });
    expect(rulesOf(r.nat, 'KUBE-MARK-MASQ')).toEqual(['-A KUBE-MARK-MASQ -j MARK --or-mark 0x00008000']);
    const fake = run([], [], { ...base, masqueradeMark: '0x4000' });
    expect(rulesOf(fake.nat, 'KUBE-MARK-MASQ')).toEqual(['-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000']);
  });

  it('adds --random-fully, the nfacct counter, and drops the INVALID rule with tcp_be_liberal', () => {
    const r = run([], [], { ...base, randomFully: true, nfacct: true });
    expect(rulesOf(r.nat, 'KUBE-POSTROUTING')[2]).toBe(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    );
    expect(rulesOf(r.filter, 'KUBE-FORWARD')[0]).toBe(
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
    );
    const liberal = run([], [], { ...base, conntrackTCPBeLiberal: true });
    expect(rulesOf(liberal.filter, 'KUBE-FORWARD').some((l) => l.includes('INVALID'))).toBe(false);
  });

  it('restorePayload wraps the tables for iptables-restore', () => {
    const text = restorePayload(EMPTY);
    expect(text.startsWith('*filter\n:KUBE-SERVICES - [0:0]\n')).toBe(true);
    expect(text).toContain('\nCOMMIT\n*nat\n');
    expect(text.endsWith('-j KUBE-NODEPORTS\nCOMMIT\n')).toBe(true);
  });
});

describe('ClusterIP service', () => {
  // Fixture 06 [B]: default/web-service, unnamed port 80, three endpoints (real kind cluster).
  const web = service('web-service', { clusterIP: '10.96.206.52', ports: [{ port: 80 }] });
  const webEps = slice('web-service', [ep('10.244.1.9'), ep('10.244.1.10'), ep('10.244.1.11')], [{ port: 80 }]);
  const spn = 'default/web-service';

  it('sorts endpoints by the string "ip:port" and splits 1/3, 1/2, rest (matches fixture 06 [B])', () => {
    const r = run([web], [webEps]);
    const svc = SVC(spn);
    expect(svc).toBe('KUBE-SVC-SZGXCNNBZLC4E3DM');
    expect(rulesOf(r.nat, svc)).toEqual([
      `-A ${svc} -m comment --comment "${spn} cluster IP" -m tcp -p tcp -d 10.96.206.52 --dport 80 ! -s ${POD_CIDR} -j KUBE-MARK-MASQ`,
      `-A ${svc} -m comment --comment "${spn} -> 10.244.1.10:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-LJSFUGXYHK6BOCVT`,
      `-A ${svc} -m comment --comment "${spn} -> 10.244.1.11:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-V64CEIOABZ4EVXRD`,
      `-A ${svc} -m comment --comment "${spn} -> 10.244.1.9:80" -j KUBE-SEP-5B6VHRE3J4X6IDTW`,
    ]);
    expect(rulesOf(r.nat, 'KUBE-SEP-LJSFUGXYHK6BOCVT')).toEqual([
      `-A KUBE-SEP-LJSFUGXYHK6BOCVT -m comment --comment ${spn} -s 10.244.1.10 -j KUBE-MARK-MASQ`,
      `-A KUBE-SEP-LJSFUGXYHK6BOCVT -m comment --comment ${spn} -m tcp -p tcp -j DNAT --to-destination 10.244.1.10:80`,
    ]);
    expect(rulesOf(r.nat, 'KUBE-SERVICES')[0]).toBe(
      `-A KUBE-SERVICES -m comment --comment "${spn} cluster IP" -m tcp -p tcp -d 10.96.206.52 --dport 80 -j ${svc}`,
    );
    // A ClusterIP service is not externally accessible: no EXT, no NodePort rules, no filter rules.
    expect(declared(r.nat).filter((c) => c.startsWith('KUBE-EXT-'))).toEqual([]);
    expect(rulesOf(r.nat, 'KUBE-NODEPORTS')).toEqual([]);
    expect(r.filter).toEqual(run([], [], withDetector).filter);
  });

  it('without a local-traffic detector the KUBE-SVC chain has no masquerade rule', () => {
    const r = run([web], [webEps], base);
    expect(rulesOf(r.nat, SVC(spn)).some((l) => l.includes('KUBE-MARK-MASQ'))).toBe(false);
    expect(rulesOf(r.nat, SVC(spn))).toHaveLength(3);
  });

  it('with masqueradeAll every cluster-IP hit is marked (no "! -s")', () => {
    const r = run([web], [webEps], { ...base, masqueradeAll: true, clusterCIDR: POD_CIDR });
    expect(rulesOf(r.nat, SVC(spn))[0]).toBe(
      `-A ${SVC(spn)} -m comment --comment "${spn} cluster IP" -m tcp -p tcp -d 10.96.206.52 --dport 80 -j KUBE-MARK-MASQ`,
    );
  });

  it('without endpoints: filter KUBE-SERVICES REJECT "has no endpoints" and no nat chains', () => {
    const r = run([web], []);
    expect(rulesOf(r.filter, 'KUBE-SERVICES')).toEqual([
      `-A KUBE-SERVICES -m comment --comment "${spn} has no endpoints" -m tcp -p tcp -d 10.96.206.52 --dport 80 -j REJECT`,
    ]);
    expect(r.nat).toEqual(run([], [], withDetector).nat);
  });

  it('uses the protocol of each port in chain names and matches (fixture 06 [A] kube-dns)', () => {
    const dns = service(
      'kube-dns',
      {
        clusterIP: '10.96.0.10',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
      [],
      'kube-system',
    );
    const dnsEps = slice(
      'kube-dns',
      [ep('10.244.2.2'), ep('10.244.2.3')],
      [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
      'kube-system',
    );
    const r = run([dns], [dnsEps]);
    expect(rulesOf(r.nat, 'KUBE-SERVICES').slice(0, 3)).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp -p udp -d 10.96.0.10 --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU',
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 53 -j KUBE-SVC-ERIFXISQEP7F7OF4',
      '-A KUBE-SERVICES -m comment --comment "kube-system/kube-dns:metrics cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 9153 -j KUBE-SVC-JD5MR3NA4I4DYORP',
    ]);
    expect(rulesOf(r.nat, 'KUBE-SEP-TCIZBYBD3WWXNWF5')[1]).toBe(
      '-A KUBE-SEP-TCIZBYBD3WWXNWF5 -m comment --comment kube-system/kube-dns:dns -m udp -p udp -j DNAT --to-destination 10.244.2.2:53',
    );
  });
});

describe('real cluster capture (fixture 06 [A]): same chains and rule counts as iptables -t nat -S', () => {
  // The capture is iptables' canonical form (header matches first, /32, --set-xmark…); here only the chain
  // set and the number of rules per kube-proxy chain are compared, which canonicalisation does not change.
  const text = readFileSync(new URL('../fixtures/kube-proxy/06-real-world-iptables-nat-capture.txt', import.meta.url), 'utf8');
  const start = text.indexOf('[A] iptables -t nat -S');
  const section = text.slice(start, text.indexOf('[B]', start)).split('\n');
  const realChains = section.filter((l) => l.startsWith('-N KUBE-') && !l.includes('CANARY')).map((l) => l.slice(3));
  const realCount = (c: string) => section.filter((l) => l.startsWith(`-A ${c} `)).length;

  const r = run(
    [
      service('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }),
      service(
        'kube-dns',
        {
          clusterIP: '10.96.0.10',
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53, protocol: 'TCP' },
            { name: 'metrics', port: 9153, protocol: 'TCP' },
          ],
        },
        [],
        'kube-system',
      ),
    ],
    [
      slice('kubernetes', [ep('192.168.20.100')], [{ name: 'https', port: 6443 }]),
      slice(
        'kube-dns',
        [ep('10.244.2.2'), ep('10.244.2.3')],
        [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
        'kube-system',
      ),
    ],
    { nodeName: 'flannel-ctr', nodeIPs: ['192.168.20.100'], clusterCIDR: '10.244.0.0/16', randomFully: true },
  );

  it('declares exactly the KUBE-* chains of the capture', () => {
    expect([...declared(r.nat)].sort()).toEqual([...realChains].sort());
  });

  it('writes as many rules per chain as the capture shows', () => {
    for (const c of realChains) expect(`${c}: ${rulesOf(r.nat, c).length}`).toBe(`${c}: ${realCount(c)}`);
  });
});

describe('externalTrafficPolicy', () => {
  const spn = 'ns1/svc1:p80';
  const np = (etp: 'Cluster' | 'Local') =>
    service('svc1', { type: 'NodePort', clusterIP: '172.30.0.41', externalTrafficPolicy: etp, ports: [{ name: 'p80', port: 80, nodePort: 3001 }] }, [], 'ns1');
  const eps = (localIP?: string) =>
    slice('svc1', [ep('10.180.0.1'), ...(localIP ? [ep(localIP, 'test-hostname')] : [])], [{ name: 'p80', port: 80 }], 'ns1');

  // Upstream golden: TestOnlyLocalNodePorts (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go, the
  // version using k8s.io/utils/pointer, before the nfacct counters; fake proxier with
  // masqueradeMark "0x4000", nodePortAddresses {192.168.0.0/24, 2001:db8::/64}, localhostNodePorts false).
  const onlyLocalNodePortsExpected = (podTraffic: boolean) => `*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
:KUBE-SEP-ZX7GRIZKSNUQ3LAJ - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
:KUBE-SVL-XPGD46QRK7WJZT7O - [0:0]
-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS
${podTraffic ? '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-XPGD46QRK7WJZT7O\n' : ''}-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -m comment --comment ns1/svc1:p80 -s 10.180.2.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.2.1:80
${podTraffic ? '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ\n' : ''}-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-SXIVWICOYRO3J4NJ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ
-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ
COMMIT
`;
  const fakeLocal: ProxierConfig = {
    nodeName: 'test-hostname',
    nodeIPs: ['192.168.0.2', '192.168.1.2', '192.168.99.11'],
    masqueradeMark: '0x4000',
    nodePortAddresses: ['192.168.0.0/24', '2001:db8::/64'],
  };

  it('eTP Local with a local endpoint: upstream TestOnlyLocalNodePorts', () => {
    const r = run([np('Local')], [eps('10.180.2.1')], { ...fakeLocal, clusterCIDR: '10.0.0.0/8' });
    expect(sortIPTablesRules(restorePayload(r))).toBe(sortIPTablesRules(onlyLocalNodePortsExpected(true)));
  });

  it('eTP Local without a detector: upstream TestOnlyLocalNodePortsNoClusterCIDR', () => {
    const r = run([np('Local')], [eps('10.180.2.1')], fakeLocal);
    expect(sortIPTablesRules(restorePayload(r))).toBe(sortIPTablesRules(onlyLocalNodePortsExpected(false)));
  });

  it('eTP Local without a local endpoint: short-circuit rules but no KUBE-SVL; filter DROPs external traffic', () => {
    // hasEndpoints (a remote endpoint exists) but not hasExternalEndpoints: the EXT chain exists for the
    // pod/LOCAL short-circuit, has no final "-j KUBE-SVL" jump, and KUBE-EXTERNAL-SERVICES drops the rest.
    const r = run([np('Local')], [eps()]);
    const ext = EXT(spn);
    expect(rulesOf(r.nat, ext)).toEqual([
      `-A ${ext} -m comment --comment "pod traffic for ${spn} external destinations" -s ${POD_CIDR} -j ${SVC(spn)}`,
      `-A ${ext} -m comment --comment "masquerade LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A ${ext} -m comment --comment "route LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j ${SVC(spn)}`,
    ]);
    expect(declared(r.nat)).not.toContain(SVL(spn));
    expect(rulesOf(r.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual([
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment "${spn} has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP`,
    ]);
    // The cluster IP still works for everyone (iTP Cluster).
    expect(rulesOf(r.nat, 'KUBE-SERVICES')[0]).toContain(`-j ${SVC(spn)}`);
  });

  it('eTP Cluster: EXT masquerades and jumps to KUBE-SVC', () => {
    const r = run([np('Cluster')], [eps('10.180.2.1')]);
    expect(rulesOf(r.nat, EXT(spn))).toEqual([
      `-A ${EXT(spn)} -m comment --comment "masquerade traffic for ${spn} external destinations" -j KUBE-MARK-MASQ`,
      `-A ${EXT(spn)} -j ${SVC(spn)}`,
    ]);
    expect(declared(r.nat)).not.toContain(SVL(spn));
  });

  it('LoadBalancer eTP Local: health check node port ACCEPT, even without local endpoints', () => {
    const lb = service(
      'lb',
      { type: 'LoadBalancer', clusterIP: '10.96.0.50', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, ports: [{ port: 80, nodePort: 30080 }] },
      ['203.0.113.10'],
    );
    const r = run([lb], [slice('lb', [ep('10.244.2.5', 'node-b')])]);
    expect(rulesOf(r.filter, 'KUBE-NODEPORTS')).toEqual([
      '-A KUBE-NODEPORTS -m comment --comment "default/lb health check node port" -m tcp -p tcp --dport 32000 -j ACCEPT',
    ]);
    expect(rulesOf(r.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/lb has no local endpoints" -m tcp -p tcp -d 203.0.113.10 --dport 80 -j DROP',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/lb has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP',
    ]);
    // eTP Cluster LoadBalancers get no health check rule even if the field is set (NeedsHealthCheck).
    const cluster = run([{ ...lb, spec: { ...lb.spec, externalTrafficPolicy: 'Cluster' } }], [slice('lb', [ep('10.244.2.5', 'node-b')])]);
    expect(rulesOf(cluster.filter, 'KUBE-NODEPORTS')).toEqual([]);
  });

  it('no endpoints at all: REJECT for cluster IP, external IP, LB IP and node port', () => {
    const s = service(
      'dead',
      { type: 'LoadBalancer', clusterIP: '10.96.0.60', externalIPs: ['192.168.0.99'], ports: [{ port: 80, nodePort: 30090 }] },
      ['203.0.113.20'],
    );
    const r = run([s], []);
    const c = '"default/dead has no endpoints"';
    expect(rulesOf(r.filter, 'KUBE-SERVICES')).toEqual([
      `-A KUBE-SERVICES -m comment --comment ${c} -m tcp -p tcp -d 10.96.0.60 --dport 80 -j REJECT`,
    ]);
    expect(rulesOf(r.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual([
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${c} -m tcp -p tcp -d 192.168.0.99 --dport 80 -j REJECT`,
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${c} -m tcp -p tcp -d 203.0.113.20 --dport 80 -j REJECT`,
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${c} -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30090 -j REJECT`,
    ]);
    expect(r.nat).toEqual(run([], [], withDetector).nat);
  });
});

describe('internalTrafficPolicy Local', () => {
  const spn = 'default/api';
  const api = service('api', { clusterIP: '10.96.0.30', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] });

  it('with a local endpoint: cluster IP → KUBE-SVL holding the masquerade rule and only the local endpoint', () => {
    // internalTrafficChain is the local-policy chain, and the "! -s podCIDR" rule is written to it
    // (a real capture shows "-A KUBE-SVL-… ! -s … cluster IP … -j KUBE-MARK-MASQ" after setting iTP Local).
    const r = run([api], [slice('api', [ep('10.244.1.5', NODE), ep('10.244.2.5', 'node-b')])]);
    const svl = SVL(spn);
    expect(rulesOf(r.nat, 'KUBE-SERVICES')[0]).toBe(
      `-A KUBE-SERVICES -m comment --comment "${spn} cluster IP" -m tcp -p tcp -d 10.96.0.30 --dport 80 -j ${svl}`,
    );
    expect(rulesOf(r.nat, svl)).toEqual([
      `-A ${svl} -m comment --comment "${spn} cluster IP" -m tcp -p tcp -d 10.96.0.30 --dport 80 ! -s ${POD_CIDR} -j KUBE-MARK-MASQ`,
      `-A ${svl} -m comment --comment "${spn} -> 10.244.1.5:8080" -j ${SEP(spn, '10.244.1.5:8080')}`,
    ]);
    // Not externally accessible and iTP Local: Cluster endpoints are never used, so no KUBE-SVC and no
    // KUBE-SEP for the remote endpoint.
    expect(declared(r.nat).filter((c) => c.startsWith('KUBE-S') && c !== 'KUBE-SERVICES')).toEqual([svl, SEP(spn, '10.244.1.5:8080')]);
  });

  it('without a local endpoint: filter DROP "has no local endpoints", no fallback to remote endpoints', () => {
    const r = run([api], [slice('api', [ep('10.244.2.5', 'node-b')])]);
    expect(rulesOf(r.filter, 'KUBE-SERVICES')).toEqual([
      `-A KUBE-SERVICES -m comment --comment "${spn} has no local endpoints" -m tcp -p tcp -d 10.96.0.30 --dport 80 -j DROP`,
    ]);
    expect(r.nat).toEqual(run([], [], withDetector).nat);
  });
});

describe('endpoint conditions', () => {
  const spn = 'default/t';
  const t = service('t', { clusterIP: '10.96.0.40', ports: [{ port: 80 }] });
  const endpointsOf = (r: ProxierResult) => rulesOf(r.nat, SVC(spn)).filter((l) => l.includes(' -> ')).map((l) => /-> ([^"]+)"/.exec(l)![1]);

  it('uses only ready endpoints when any is ready', () => {
    const r = run([t], [slice('t', [ep('10.244.1.1'), ep('10.244.1.2', undefined, { ready: false, serving: true, terminating: true })])]);
    expect(endpointsOf(r)).toEqual(['10.244.1.1:8080']);
    expect(declared(r.nat)).not.toContain(SEP(spn, '10.244.1.2:8080'));
  });

  it('falls back to serving+terminating endpoints when none is ready', () => {
    const r = run(
      [t],
      [
        slice('t', [
          ep('10.244.1.2', undefined, { ready: false, serving: true, terminating: true }),
          ep('10.244.1.3', undefined, { ready: false, serving: false, terminating: true }),
          ep('10.244.1.4', undefined, { ready: false, serving: true, terminating: false }),
        ]),
      ],
    );
    expect(endpointsOf(r)).toEqual(['10.244.1.2:8080']);
  });

  it('treats absent conditions as ready, and rejects when nothing is usable', () => {
    expect(endpointsOf(run([t], [slice('t', [ep('10.244.1.1', undefined, {})])]))).toEqual(['10.244.1.1:8080']);
    const r = run([t], [slice('t', [ep('10.244.1.3', undefined, { ready: false, serving: false, terminating: true })])]);
    expect(rulesOf(r.filter, 'KUBE-SERVICES')[0]).toContain('"default/t has no endpoints"');
  });

  it('eTP Local falls back to local serving+terminating endpoints independently of Cluster', () => {
    // Ready endpoint on node-b, terminating one here: Cluster uses the ready remote one, Local the local
    // terminating one; both get a KUBE-SEP chain (merged allReachableEndpoints).
    const np = service('t', { type: 'NodePort', clusterIP: '10.96.0.40', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30040 }] });
    const r = run([np], [slice('t', [ep('10.244.2.9', 'node-b'), ep('10.244.1.9', NODE, { ready: false, serving: true, terminating: true })])]);
    expect(rulesOf(r.nat, SVC(spn))).toContain(`-A ${SVC(spn)} -m comment --comment "${spn} -> 10.244.2.9:8080" -j ${SEP(spn, '10.244.2.9:8080')}`);
    expect(rulesOf(r.nat, SVL(spn))).toEqual([`-A ${SVL(spn)} -m comment --comment "${spn} -> 10.244.1.9:8080" -j ${SEP(spn, '10.244.1.9:8080')}`]);
    expect(declared(r.nat)).toEqual(expect.arrayContaining([SEP(spn, '10.244.2.9:8080'), SEP(spn, '10.244.1.9:8080')]));
  });

  it('matches slice ports to service ports by name and protocol, and ignores unlabelled slices', () => {
    const named = service('n', { clusterIP: '10.96.0.41', ports: [{ name: 'http', port: 80 }] });
    const wrongName = slice('n', [ep('10.244.1.1')], [{ name: 'web', port: 8080 }]);
    expect(rulesOf(run([named], [wrongName]).filter, 'KUBE-SERVICES')[0]).toContain('has no endpoints');
    const wrongProto = slice('n', [ep('10.244.1.1')], [{ name: 'http', port: 8080, protocol: 'UDP' }]);
    expect(rulesOf(run([named], [wrongProto]).filter, 'KUBE-SERVICES')[0]).toContain('has no endpoints');
    const unlabelled: V1EndpointSlice = { ...slice('n', [ep('10.244.1.1')], [{ name: 'http', port: 8080 }]), metadata: { name: 'manual' } };
    expect(rulesOf(run([named], [unlabelled]).filter, 'KUBE-SERVICES')[0]).toContain('has no endpoints');
  });

  it('merges endpoints of several slices and deduplicates them', () => {
    const r = run([t], [slice('t', [ep('10.244.1.2'), ep('10.244.1.1')]), { ...slice('t', [ep('10.244.1.1'), ep('10.244.1.3')]), metadata: { name: 't-x2', namespace: 'default', labels: { 'kubernetes.io/service-name': 't' } } }]);
    expect(endpointsOf(r)).toEqual(['10.244.1.1:8080', '10.244.1.2:8080', '10.244.1.3:8080']);
  });
});

describe('session affinity ClientIP', () => {
  it('puts one -m recent --rcheck rule per endpoint before the random rules, and --set in KUBE-SEP', () => {
    const spn = 'default/sticky';
    const s = service('sticky', {
      clusterIP: '10.96.0.70',
      ports: [{ port: 80 }],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
    });
    const r = run([s], [slice('sticky', [ep('10.244.1.1'), ep('10.244.1.2')])]);
    const [a, b] = [SEP(spn, '10.244.1.1:8080'), SEP(spn, '10.244.1.2:8080')];
    expect(rulesOf(r.nat, SVC(spn))).toEqual([
      `-A ${SVC(spn)} -m comment --comment "${spn} cluster IP" -m tcp -p tcp -d 10.96.0.70 --dport 80 ! -s ${POD_CIDR} -j KUBE-MARK-MASQ`,
      `-A ${SVC(spn)} -m comment --comment "${spn} -> 10.244.1.1:8080" -m recent --name ${a} --rcheck --seconds 600 --reap -j ${a}`,
      `-A ${SVC(spn)} -m comment --comment "${spn} -> 10.244.1.2:8080" -m recent --name ${b} --rcheck --seconds 600 --reap -j ${b}`,
      `-A ${SVC(spn)} -m comment --comment "${spn} -> 10.244.1.1:8080" -m statistic --mode random --probability 0.5000000000 -j ${a}`,
      `-A ${SVC(spn)} -m comment --comment "${spn} -> 10.244.1.2:8080" -j ${b}`,
    ]);
    expect(rulesOf(r.nat, a)).toEqual([
      `-A ${a} -m comment --comment ${spn} -s 10.244.1.1 -j KUBE-MARK-MASQ`,
      `-A ${a} -m comment --comment ${spn} -m recent --name ${a} --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.1:8080`,
    ]);
  });

  it('defaults the timeout to 10800 s like the API server', () => {
    const s = service('sticky', { clusterIP: '10.96.0.70', ports: [{ port: 80 }], sessionAffinity: 'ClientIP' });
    const r = run([s], [slice('sticky', [ep('10.244.1.1')])]);
    expect(rulesOf(r.nat, SVC('default/sticky'))[1]).toContain('--rcheck --seconds 10800 --reap');
  });
});

describe('loadBalancerSourceRanges (KUBE-FW)', () => {
  const spn = 'default/lb';
  const lb = (ranges: string[], ingress: V1LoadBalancerIngress[] = [{ ip: '5.6.7.8' }]): V1Service => ({
    metadata: { namespace: 'default', name: 'lb' },
    spec: { type: 'LoadBalancer', clusterIP: '10.96.0.80', ports: [{ port: 80, nodePort: 30100 }], loadBalancerSourceRanges: ranges },
    status: { loadBalancer: { ingress } },
  });
  const eps = slice('lb', [ep('10.244.1.1')]);

  it('allowed ranges jump to EXT, then a target-less rule; filter KUBE-PROXY-FIREWALL drops the rest', () => {
    const r = run([lb(['203.0.113.0/25'])], [eps]);
    expect(rulesOf(r.nat, 'KUBE-SERVICES')).toContain(
      `-A KUBE-SERVICES -m comment --comment "${spn} loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j ${FW(spn)}`,
    );
    expect(rulesOf(r.nat, FW(spn))).toEqual([
      `-A ${FW(spn)} -m comment --comment "${spn} loadbalancer IP" -s 203.0.113.0/25 -j ${EXT(spn)}`,
      `-A ${FW(spn)} -m comment --comment "other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL"`,
    ]);
    expect(rulesOf(r.filter, 'KUBE-PROXY-FIREWALL')).toEqual([
      `-A KUBE-PROXY-FIREWALL -m comment --comment "${spn} traffic not accepted by ${FW(spn)}" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP`,
    ]);
    // Node ports are not subject to the source ranges.
    expect(rulesOf(r.nat, 'KUBE-NODEPORTS')).toEqual([
      `-A KUBE-NODEPORTS -m comment --comment ${spn} -m tcp -p tcp --dport 30100 -j ${EXT(spn)}`,
    ]);
  });

  it('a range containing the node IP also allows the LB VIP as source (VIP looped back locally)', () => {
    const r = run([lb(['192.168.0.0/16', '203.0.113.0/25'], [{ ip: '5.6.7.8' }, { ip: '5.6.7.9' }])], [eps]);
    expect(rulesOf(r.nat, FW(spn))).toEqual([
      `-A ${FW(spn)} -m comment --comment "${spn} loadbalancer IP" -s 192.168.0.0/16 -j ${EXT(spn)}`,
      `-A ${FW(spn)} -m comment --comment "${spn} loadbalancer IP" -s 203.0.113.0/25 -j ${EXT(spn)}`,
      `-A ${FW(spn)} -m comment --comment "${spn} loadbalancer IP" -s 5.6.7.8 -j ${EXT(spn)}`,
      `-A ${FW(spn)} -m comment --comment "${spn} loadbalancer IP" -s 5.6.7.9 -j ${EXT(spn)}`,
      `-A ${FW(spn)} -m comment --comment "other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL"`,
    ]);
  });

  it('prints ranges as net.IPNet does (host bits cleared) and skips IPv6 ranges', () => {
    const r = run([lb(['203.0.113.7/25', '2001:db8::/64'])], [eps]);
    expect(rulesOf(r.nat, FW(spn))[0]).toContain('-s 203.0.113.0/25 ');
    expect(rulesOf(r.nat, FW(spn))).toHaveLength(2);
  });

  it('ignores ingress entries in Proxy ipMode and without an IP', () => {
    const r = run([lb([], [{ ip: '5.6.7.8', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }])], [eps]);
    expect(r.nat.some((l) => l.includes('loadbalancer IP'))).toBe(false);
  });
});

describe('node ports and --nodeport-addresses', () => {
  const spn = 'default/np';
  const np = service('np', { type: 'NodePort', clusterIP: '10.96.0.90', ports: [{ port: 80, nodePort: 30200 }] });
  const eps = slice('np', [ep('10.244.1.1')]);

  it('with nfacct and localhost NodePorts: a counted 127.0.0.0/8 rule before the general one', () => {
    const r = run([np], [eps], { ...withDetector, nfacct: true });
    expect(rulesOf(r.nat, 'KUBE-NODEPORTS')).toEqual([
      `-A KUBE-NODEPORTS -m comment --comment ${spn} -m tcp -p tcp -d 127.0.0.0/8 --dport 30200 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${EXT(spn)}`,
      `-A KUBE-NODEPORTS -m comment --comment ${spn} -m tcp -p tcp --dport 30200 -j ${EXT(spn)}`,
    ]);
  });

  it('localhostNodePorts=false: "! -d 127.0.0.0/8" on the tail rule, no KUBE-FIREWALL, no localhost rule', () => {
    const r = run([np], [eps], { ...withDetector, nfacct: true, localhostNodePorts: false });
    expect(rulesOf(r.nat, 'KUBE-SERVICES').at(-1)).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS',
    );
    expect(declared(r.filter)).not.toContain('KUBE-FIREWALL');
    expect(rulesOf(r.nat, 'KUBE-NODEPORTS')).toHaveLength(1);
  });

  it('nodePortAddresses: one "-d <node IP>" tail rule per matching address; localhost NodePorts forced off', () => {
    const r = run([np], [eps], { ...withDetector, nodeIPs: [NODE_IP, '10.0.5.5'], nodePortAddresses: ['192.168.0.0/24'], nfacct: true });
    const tail = rulesOf(r.nat, 'KUBE-SERVICES').filter((l) => l.includes('must be the last rule'));
    expect(tail).toEqual([
      `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d ${NODE_IP} -j KUBE-NODEPORTS`,
    ]);
    expect(declared(r.filter)).not.toContain('KUBE-FIREWALL');
    expect(rulesOf(r.nat, 'KUBE-NODEPORTS').some((l) => l.includes('127.0.0.0/8'))).toBe(false);
  });

  it('nodePortAddresses including loopback keeps localhost NodePorts and KUBE-FIREWALL', () => {
    const r = run([np], [eps], { ...withDetector, nodePortAddresses: ['127.0.0.0/8', '192.168.0.0/24'] });
    const tail = rulesOf(r.nat, 'KUBE-SERVICES').filter((l) => l.includes('must be the last rule'));
    expect(tail.map((l) => / -d (\S+) /.exec(l)![1])).toEqual(['127.0.0.1', NODE_IP]);
    expect(declared(r.filter)).toContain('KUBE-FIREWALL');
    // ...unless localhost NodePorts are disabled, in which case 127.0.0.1 is skipped.
    const off = run([np], [eps], { ...withDetector, nodePortAddresses: ['127.0.0.0/8', '192.168.0.0/24'], localhostNodePorts: false });
    expect(rulesOf(off.nat, 'KUBE-SERVICES').filter((l) => l.includes('must be the last rule'))).toHaveLength(1);
  });

  it('an IPv6-only nodePortAddresses list means "all" for the IPv4 proxier', () => {
    const r = run([np], [eps], { ...withDetector, nodePortAddresses: ['2001:db8::/64'] });
    expect(rulesOf(r.nat, 'KUBE-SERVICES').at(-1)).toContain('-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  });
});

describe('large cluster mode (> 1000 endpoints in total)', () => {
  const spn = 'default/big';
  const big = service('big', { clusterIP: '10.96.1.1', ports: [{ port: 80 }] });
  const many = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ep(`10.245.${Math.floor((i + from) / 250)}.${((i + from) % 250) + 1}`));

  it('1001 endpoints: per-endpoint comments dropped, cluster IP comments kept', () => {
    const r = run([big], [slice('big', many(1001))]);
    const svcRules = rulesOf(r.nat, SVC(spn));
    expect(svcRules[0]).toContain(`--comment "${spn} cluster IP"`);
    // Endpoints sorted as strings, and ':' (0x3a) sorts after the digits, so "10.245.0.100:8080" comes
    // before "10.245.0.10:8080" and "10.245.0.1:8080".
    const first = SEP(spn, '10.245.0.100:8080');
    expect(svcRules[1]).toBe(`-A ${SVC(spn)} -m statistic --mode random --probability 0.0009990010 -j ${first}`);
    expect(svcRules.slice(1).some((l) => l.includes('--comment'))).toBe(false);
    expect(rulesOf(r.nat, first)).toEqual([
      `-A ${first} -s 10.245.0.100 -j KUBE-MARK-MASQ`,
      `-A ${first} -m tcp -p tcp -j DNAT --to-destination 10.245.0.100:8080`,
    ]);
    expect(rulesOf(r.nat, 'KUBE-SERVICES')[0]).toContain(`--comment "${spn} cluster IP"`);
  });

  it('exactly 1000 endpoints keep their comments', () => {
    const r = run([big], [slice('big', many(1000))]);
    expect(rulesOf(r.nat, SVC(spn))[1]).toBe(
      `-A ${SVC(spn)} -m comment --comment "${spn} -> 10.245.0.100:8080" -m statistic --mode random --probability 0.0010000000 -j ${SEP(spn, '10.245.0.100:8080')}`,
    );
  });

  it('counts endpoints across all services (600 + 600)', () => {
    const other = service('other', { clusterIP: '10.96.1.2', ports: [{ port: 80 }] });
    const r = run([big, other], [slice('big', many(600)), slice('other', many(600, 600))]);
    expect(rulesOf(r.nat, SVC(spn)).slice(1).some((l) => l.includes('--comment'))).toBe(false);
    expect(rulesOf(r.nat, SVC('default/other')).slice(1).some((l) => l.includes('--comment'))).toBe(false);
  });
});

describe('services kube-proxy ignores', () => {
  const eps = (name: string) => slice(name, [ep('10.244.1.1')]);
  it('headless (clusterIP None) → no rules', () => {
    const r = run([service('h', { clusterIP: 'None', ports: [{ port: 80 }] })], [eps('h')]);
    expect(r).toEqual(run([], [], withDetector));
  });
  it('ExternalName → no rules', () => {
    const r = run([service('x', { type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] })], [eps('x')]);
    expect(r).toEqual(run([], [], withDetector));
  });
  it('IPv6-only service → no rules from the IPv4 proxier', () => {
    const r = run([service('v6', { clusterIP: 'fd00::10', ipFamilies: ['IPv6'], clusterIPs: ['fd00::10'], ports: [{ port: 80 }] })], [eps('v6')]);
    expect(r).toEqual(run([], [], withDetector));
  });
  it('dual-stack service → the IPv4 cluster IP; IPv6 external IPs skipped', () => {
    const r = run(
      [service('ds', { clusterIP: 'fd00::11', clusterIPs: ['fd00::11', '10.96.3.3'], ipFamilies: ['IPv6', 'IPv4'], externalIPs: ['2001:db8::5', '192.168.0.77'], ports: [{ port: 80 }] })],
      [eps('ds')],
    );
    expect(rulesOf(r.nat, 'KUBE-SERVICES').map((l) => / -d (\S+) /.exec(l)?.[1])).toEqual(['10.96.3.3', '192.168.0.77', undefined]);
  });
});

describe('validation', () => {
  it('rejects an invalid Service naming it, before producing anything', () => {
    const bad = service('broken', { clusterIP: '10.96.0.300', ports: [{ port: 80 }] });
    expect(() => run([bad], [])).toThrow(SimError);
    expect(() => run([bad], [])).toThrow(/Service default\/broken: spec.clusterIP "10.96.0.300"/);
    expect(() => run([service('p', { clusterIP: '10.96.0.1', ports: [{ port: 0 }] })], [])).toThrow(/ports\[0\]\.port/);
    expect(() => run([service('p', { clusterIP: '10.96.0.1', ports: [{ port: 80 }, { port: 81 }] })], [])).toThrow(/needs a name/);
    expect(() => run([service('p', { clusterIP: '10.96.0.1', ports: [{ port: 80 }], loadBalancerSourceRanges: ['nope'] })], [])).toThrow(/not a CIDR/);
  });

  it('rejects an EndpointSlice with a bad address, naming it', () => {
    expect(() => run([], [slice('s', [ep('10.244.1.999')])])).toThrow(/EndpointSlice default\/s-x1: endpoints\[0\] address "10.244.1.999"/);
  });

  it('rejects a bad config', () => {
    expect(() => run([], [], { ...base, clusterCIDR: '10.244.0.0' })).toThrow(/clusterCIDR/);
    expect(() => run([], [], { ...base, masqueradeBit: 32 })).toThrow(/masqueradeBit/);
    expect(() => run([], [], { ...base, nodeIPs: ['x'] })).toThrow(/nodeIPs/);
  });
});

describe('jumpChainRules (iptablesJumpChains + kubelet KUBE-FIREWALL jumps)', () => {
  const show = (rules: ReturnType<typeof jumpChainRules>) => rules.map((r) => `${r.table} ${r.chain} ${r.rule}`);

  it('lists each built-in chain top-down: later EnsureRule(Prepend) calls end up higher', () => {
    // Prepend order per chain, with kubelet's -j KUBE-FIREWALL already present (a real node):
    // filter INPUT: FIREWALL(kubelet) ← EXTERNAL-SERVICES ← NODEPORTS ← PROXY-FIREWALL.
    expect(show(jumpChainRules())).toEqual([
      'filter INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      'filter INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      'filter INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      'filter INPUT -j KUBE-FIREWALL',
      'filter FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      'filter FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      'filter FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'filter FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      'filter OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      'filter OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'filter OUTPUT -j KUBE-FIREWALL',
      'nat PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ]);
  });

  it('kube-proxy alone on a clean host puts its KUBE-FIREWALL jumps on top', () => {
    const rules = show(jumpChainRules({ kubeletFirst: false }));
    expect(rules[0]).toBe('filter INPUT -j KUBE-FIREWALL');
    expect(rules.filter((r) => r.startsWith('filter OUTPUT'))[0]).toBe('filter OUTPUT -j KUBE-FIREWALL');
  });

  it('gives argv words with the comment unquoted', () => {
    const r = jumpChainRules().find((j) => j.table === 'nat' && j.chain === 'POSTROUTING')!;
    expect(r.args).toEqual(['-m', 'comment', '--comment', 'kubernetes postrouting rules', '-j', 'KUBE-POSTROUTING']);
  });

  it('agrees with the order in the upstream static ruleset (fixture 05) for the jumps it has', () => {
    // Fixture 05 (TestTracePacket) lists INPUT: NODEPORTS, EXTERNAL-SERVICES and FORWARD: FORWARD,
    // SERVICES, EXTERNAL-SERVICES (it predates KUBE-PROXY-FIREWALL and omits KUBE-FIREWALL).
    const targets = (chain: string) =>
      jumpChainRules()
        .filter((j) => j.table === 'filter' && j.chain === chain && !/PROXY-FIREWALL|KUBE-FIREWALL/.test(j.rule))
        .map((j) => j.args.at(-1));
    expect(targets('INPUT')).toEqual(['KUBE-NODEPORTS', 'KUBE-EXTERNAL-SERVICES']);
    expect(targets('FORWARD')).toEqual(['KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES']);
  });
});
