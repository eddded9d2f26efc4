// Golden case 01: upstream TestOverallIPTablesRules (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go
// @531be812). The inputs below are the ones that test builds (see the header of
// tests/fixtures/kube-proxy/01-overall-iptables-rules.txt); the expected restore payload is the test's
// literal. Both sides go through upstream's sortIPTablesRules before a byte comparison, as the test does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  restorePayload,
  syncProxyRules,
  type ProxierConfig,
  type V1EndpointSlice,
  type V1Service,
} from '../../src/sim/k8s/kube-proxy';
import { parseIPTablesDump, sortIPTablesRules } from './kube-proxy-sort';
import { createNetfilter, iptablesRestore, iptablesRestoreLines, iptablesSave } from '../../src/sim/netfilter';
import { adoptSharedTables, parsePayload, payloadLines } from '../../src/sim/k8s/cluster/kube-proxy-install';
import { cluster } from '../../src/sim/api';

const fixture = readFileSync(new URL('../fixtures/kube-proxy/01-overall-iptables-rules.txt', import.meta.url), 'utf8');
const expected = fixture
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .join('\n');

// NewFakeProxier: nodeName test-node, node IP 192.168.0.2 (192.168.1.2 and 192.168.99.11 are also local),
// pod CIDR detector 10.0.0.0/8, masqueradeMark "0x4000" (set directly, not via the bit), nfacct counters
// present, localhost NodePorts on, no --nodeport-addresses, no --random-fully.
const config: ProxierConfig = {
  nodeName: 'test-node',
  nodeIPs: ['192.168.0.2', '192.168.1.2', '192.168.99.11'],
  clusterCIDR: '10.0.0.0/8',
  masqueradeMark: '0x4000',
  nfacct: true,
};

const p80 = (extra: Partial<{ nodePort: number; targetPort: number }> = {}) => [
  { name: 'p80', port: 80, protocol: 'TCP' as const, ...extra },
];

const services: V1Service[] = [
  { metadata: { namespace: 'ns1', name: 'svc1' }, spec: { clusterIP: '172.30.0.41', ports: p80() } },
  {
    metadata: { namespace: 'ns2', name: 'svc2' },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      clusterIP: '172.30.0.42',
      ports: p80({ nodePort: 3001 }),
      externalIPs: ['192.168.99.22'],
      healthCheckNodePort: 30000,
    },
    status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
  },
  { metadata: { namespace: 'ns3', name: 'svc3' }, spec: { type: 'NodePort', clusterIP: '172.30.0.43', ports: p80({ nodePort: 3003 }) } },
  {
    // Type NodePort but no nodePort value in the spec (upstream's quirk): only its external IP is captured.
    metadata: { namespace: 'ns4', name: 'svc4' },
    spec: { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: p80({ targetPort: 80 }) },
  },
  {
    metadata: { namespace: 'ns5', name: 'svc5' },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Cluster',
      clusterIP: '172.30.0.45',
      ports: p80({ nodePort: 3002 }),
      healthCheckNodePort: 30000,
      // Leading space kept from upstream: kube-proxy trims source ranges before parsing them.
      loadBalancerSourceRanges: [' 203.0.113.0/25'],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    },
    status: { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } },
  },
  { metadata: { namespace: 'ns6', name: 'svc6' }, spec: { type: 'ClusterIP', clusterIP: '172.30.0.46', ports: p80({ targetPort: 80 }) } },
];

// makeTestEndpointSlice(ns, name, 1, …): slice "<name>-1" labelled with the service name.
const slice = (ns: string, name: string, endpoints: V1EndpointSlice['endpoints']): V1EndpointSlice => ({
  metadata: { namespace: ns, name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
  addressType: 'IPv4',
  endpoints,
  ports: [{ name: 'p80', port: 80, protocol: 'TCP' }],
});

const endpointSlices: V1EndpointSlice[] = [
  slice('ns1', 'svc1', [{ addresses: ['10.180.0.1'] }]),
  // No nodeName: not local, so svc2 (eTP Local) has no local endpoint on test-node.
  slice('ns2', 'svc2', [{ addresses: ['10.180.0.2'] }]),
  slice('ns3', 'svc3', [{ addresses: ['10.180.0.3'] }]),
  slice('ns4', 'svc4', [{ addresses: ['10.180.0.4'] }, { addresses: ['10.180.0.5'], nodeName: 'test-node' }]),
  slice('ns5', 'svc5', [{ addresses: ['10.180.0.3'] }]),
];

describe('TestOverallIPTablesRules (fixture 01)', () => {
  const result = syncProxyRules({ services, endpointSlices, config });
  const payload = restorePayload(result);

  it('produces exactly the upstream restore payload (after sortIPTablesRules)', () => {
    expect(sortIPTablesRules(payload)).toBe(sortIPTablesRules(expected));
  });

  it('the fixture text is already in sorted form', () => {
    expect(sortIPTablesRules(expected)).toBe(`${expected.replace(/^\n+|\n+$/g, '')}\n`);
  });

  it('is a well-formed restore payload: *filter … COMMIT then *nat … COMMIT', () => {
    expect(payload.startsWith('*filter\n:KUBE-SERVICES - [0:0]\n')).toBe(true);
    expect(payload).toContain('COMMIT\n*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-NODEPORTS - [0:0]\n');
    expect(payload.endsWith('COMMIT\n')).toBe(true);
    expect(parseIPTablesDump(payload).map((t) => t.name)).toEqual(['filter', 'nat']);
  });

  it('emits chain declarations before rules, in kube-proxy order (before sorting)', () => {
    const firstRule = result.nat.findIndex((l) => l.startsWith('-A '));
    expect(result.nat.slice(0, 4)).toEqual([
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
    ]);
    expect(result.nat.slice(firstRule).every((l) => l.startsWith('-A '))).toBe(true);
    expect(result.filter.slice(0, 6)).toEqual([
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-EXTERNAL-SERVICES - [0:0]',
      ':KUBE-FORWARD - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-PROXY-FIREWALL - [0:0]',
      ':KUBE-FIREWALL - [0:0]',
    ]);
  });

  it('keeps the KUBE-SERVICES tail rule last without any sorting', () => {
    const natServices = result.nat.filter((l) => l.startsWith('-A KUBE-SERVICES '));
    expect(natServices.at(-1)).toContain('this must be the last rule in this chain');
  });

  it('trims the " 203.0.113.0/25" source range as kube-proxy does', () => {
    expect(result.nat).toContain(
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
    );
  });

  it('is deterministic and independent of service order after sorting', () => {
    const reversed = syncProxyRules({ services: [...services].reverse(), endpointSlices: [...endpointSlices].reverse(), config });
    expect(sortIPTablesRules(restorePayload(reversed))).toBe(sortIPTablesRules(payload));
  });
});

describe('nodes share one parse of the payload (kube-proxy-install.ts)', () => {
  // A node that already has its CNI's rules: a user chain and rules in built-in chains of both tables.
  const cni = [
    '*nat',
    ':FLANNEL-POSTRTG - [0:0]',
    '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -j RETURN',
    'COMMIT',
    '*filter',
    '-A FORWARD -s 10.244.0.0/16 -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n');

  it('adopting the shared tables gives the node exactly what restoring the payload and then the jumps gives', () => {
    const lines = payloadLines(syncProxyRules({ services, endpointSlices, config }));
    const restored = createNetfilter();
    iptablesRestore(restored, cni);
    // What kube-proxy does on the node: the payload with --noflush, then its jump rules at the top.
    iptablesRestoreLines(restored, lines, { noflush: true });
    const adopted = createNetfilter();
    iptablesRestore(adopted, cni);
    adoptSharedTables(adopted, parsePayload(lines));
    expect(iptablesSave(adopted)).toBe(iptablesSave(restored));
    // svc5's ClientIP affinity names an xt_recent list; both ways create it.
    expect([...adopted.recent.keys()].sort()).toEqual([...restored.recent.keys()].sort());
    expect(adopted.recent.size).toBeGreaterThan(0);
    // The jumps come first in the built-in chains, the CNI's rule after them.
    const post = iptablesSave(adopted, { table: 'nat' }).split('\n').filter((l) => l.startsWith('-A POSTROUTING'));
    expect(post.at(-1)).toContain('FLANNEL-POSTRTG');
    expect(post[0]).toContain('KUBE-POSTROUTING');
  });
});

describe('kube-proxy jumps to chains its payload does not declare', () => {
  it('with localhostNodePorts off, KUBE-FIREWALL exists empty (EnsureChain) and the cluster builds', () => {
    // kube-proxy only writes KUBE-FIREWALL's rule when localhostNodePorts is on, but it ensures every jump's
    // target chain before inserting the jump (proxier.go syncProxyRules: EnsureChain, then EnsureRule).
    const c = cluster({ cni: 'flannel-host-gw' });
    c.node('node-1').kubeProxy({ localhostNodePorts: false });
    c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
    c.service('web', { type: 'NodePort', selector: { app: 'web' }, ports: [80] });
    const filter = c.exec('node/node-1', 'iptables-save -t filter');
    expect(filter).toContain(':KUBE-FIREWALL - [0:0]');
    expect(filter).toContain('-A INPUT -j KUBE-FIREWALL');
    expect(filter).not.toMatch(/^-A KUBE-FIREWALL /m);
    expect(c.trace('pod/default/web', 'svc/default/web:80').verdict).toBe('delivered');
  });
});
