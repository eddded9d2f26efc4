/**
 * `kubectl get` on the simulated cluster, checked against real kubectl output (tests/fixtures/kubectl/captures.txt,
 * sources listed there) byte for byte, and against the rules of kubernetes' printers.go / kubectl's get.go where
 * no capture exists (each such expectation says which rule it follows).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BuiltCluster } from '../../src/sim/k8s/cluster/build';
import { buildCluster } from '../../src/sim/k8s/cluster/build';
import { loadManifests } from '../../src/sim/k8s/manifest';
import type { ClusterSpec, NodeSpec, PodSpec, ServiceObject } from '../../src/sim/k8s/manifest/types';
import type { V1EndpointSlice } from '../../src/sim/k8s/kube-proxy/types';
import type { LabelSelector, NetworkPolicy } from '../../src/sim/k8s/netpol/types';
import { ENDPOINTS_WARNING, formatTable, kubectlGet, type KubectlGetOptions } from '../../src/sim/k8s/kubectl';

// ------------------------------------------------------------------------------------------ captures

interface Capture {
  stdout: string;
  stderr: string;
}

const CAPTURES: ReadonlyMap<string, Capture> = (() => {
  const text = readFileSync(new URL('../fixtures/kubectl/captures.txt', import.meta.url), 'utf8');
  const out = new Map<string, Capture>();
  let id: string | undefined;
  let cur: Capture = { stdout: '', stderr: '' };
  for (const line of text.split('\n')) {
    const start = /^=== (\S+) \[/.exec(line);
    if (line === '=== end' && id) {
      out.set(id, cur);
      id = undefined;
    } else if (start) {
      id = start[1];
      cur = { stdout: '', stderr: '' };
    } else if (id) {
      if (line.startsWith('stderr| ')) cur.stderr += `${line.slice('stderr| '.length)}\n`;
      else cur.stdout += `${line}\n`;
    }
  }
  return out;
})();

function capture(id: string): Capture {
  const c = CAPTURES.get(id);
  if (!c) throw new Error(`no capture ${id}`);
  return c;
}

// ------------------------------------------------------------------------------------------ cluster builders

function node(name: string, o: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name,
    labels: {},
    annotations: {},
    podCIDR: '10.244.0.0/24',
    internalIPs: ['192.168.56.11'],
    externalIPs: [],
    hostname: name,
    unschedulable: false,
    ready: true,
    taints: [],
    controlPlane: false,
    sysctls: {} as NodeSpec['sysctls'],
    ...o,
  };
}

function pod(name: string, o: Partial<PodSpec> = {}): PodSpec {
  return {
    namespace: 'default',
    name,
    labels: {},
    annotations: {},
    hostNetwork: false,
    containers: [{ name: 'c', ports: [] }],
    dnsPolicy: 'ClusterFirst',
    phase: 'Running',
    ready: true,
    ...o,
  };
}

function svc(name: string, spec: ServiceObject['spec'], o: { namespace?: string; labels?: Record<string, string>; status?: ServiceObject['status'] } = {}): ServiceObject {
  const s: ServiceObject = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: o.namespace ?? 'default' }, spec };
  if (o.labels) s.metadata.labels = o.labels;
  if (o.status) s.status = o.status;
  return s;
}

const KUBERNETES_SVC = svc('kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }, { labels: { component: 'apiserver', provider: 'kubernetes' } });

function slice(name: string, service: string, addrs: { ip: string; ready?: boolean }[], ports: number[], namespace = 'default'): V1EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: addrs.map((a) => ({ addresses: [a.ip], conditions: { ready: a.ready ?? true } })),
    ports: ports.map((port) => ({ name: '', port, protocol: 'TCP' })),
  };
}

interface Parts {
  nodes?: NodeSpec[];
  pods?: PodSpec[];
  services?: ServiceObject[];
  namespaces?: string[];
  networkPolicies?: NetworkPolicy[];
  slices?: V1EndpointSlice[];
  podIPs?: Record<string, string>;
}

/** A BuiltCluster with just what kubectl reads (spec objects, Pod IPs, EndpointSlices); no data plane. */
function cluster(p: Parts): BuiltCluster {
  const spec = {
    namespaces: (p.namespaces ?? ['default', 'kube-system', 'kube-public', 'kube-node-lease']).map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name } })),
    nodes: p.nodes ?? [],
    pods: p.pods ?? [],
    services: p.services ?? [],
    endpointSlices: p.slices ?? [],
    derivedEndpointSlices: [],
    networkPolicies: p.networkPolicies ?? [],
    hosts: [],
    warnings: [],
  } as unknown as ClusterSpec;
  return { spec, podIPs: new Map(Object.entries(p.podIPs ?? {})), endpointSlices: p.slices ?? [], events: [], world: undefined as never };
}

function ages(m: Record<string, string>): KubectlGetOptions {
  return { age: (r) => m[r.name] ?? '?' };
}

// ------------------------------------------------------------------------------------------ layout

describe('tabwriter layout (cli-runtime GetNewTabWriter: minwidth 6, padding 3)', () => {
  // Every capture table, split back into cells (columns are at least 3 spaces apart, headers hold single
  // spaces only), must come out of formatTable byte for byte.
  const tables: [string, string][] = [];
  for (const [id, c] of CAPTURES) {
    if (c.stdout === '' || id === 'ep-unready' || id.endsWith('-yaml')) continue;
    c.stdout.split('\n\n').forEach((t, i) => tables.push([`${id}#${i}`, t.endsWith('\n') ? t : `${t}\n`]));
  }
  it.each(tables)('reproduces %s', (_id, table) => {
    const rows = table.trimEnd().split('\n').map((l) => l.split(/ {2,}/));
    expect(formatTable(rows)).toBe(table);
  });

  it('keeps narrow columns at the minimum width 6, as the --no-headers capture shows', () => {
    // "0" + padding 3 = 4 < minwidth 6: the RESTARTS cell takes 6 columns ([P] capture: "0     5m51s").
    expect(formatTable([['a', '0', 'x']])).toBe('a     0     x\n');
  });

  it('does not pad the last column', () => {
    expect(formatTable([['NAME', 'AGE'], ['a', '5m']])).toBe('NAME   AGE\na      5m\n');
  });
});

// ------------------------------------------------------------------------------------------ captures

describe('real captures, end to end', () => {
  it('services: LoadBalancer with an ingress IP [F6]', () => {
    const c = cluster({
      services: [
        KUBERNETES_SVC,
        svc('nginx', { type: 'LoadBalancer', clusterIP: '10.109.124.25', clusterIPs: ['10.109.124.25'], ports: [{ port: 80, nodePort: 30606, protocol: 'TCP' }], selector: { app: 'nginx' } }, { status: { loadBalancer: { ingress: [{ ip: '172.18.255.201', ipMode: 'VIP' }] } } }),
      ],
    });
    expect(kubectlGet(c, ['svc'], ages({ kubernetes: '74m', nginx: '68m' }))).toEqual({ ...capture('svc-loadbalancer'), code: 0 });
  });

  it('pods -o wide: a Running Pod and an unscheduled Pending one [F6]', () => {
    const c = cluster({
      pods: [pod('nginx-0', { nodeName: 'prgs-worker' }), pod('nginx-1', { phase: 'Pending', ready: false })],
      nodes: [node('prgs-worker')],
      podIPs: { 'default/nginx-0': '10.244.1.26' },
    });
    expect(kubectlGet(c, ['pod', '-o', 'wide'], ages({ 'nginx-0': '8m3s', 'nginx-1': '3m32s' }))).toEqual({ ...capture('pods-wide'), code: 0 });
  });

  it('services: NodePort [F6]', () => {
    const c = cluster({ services: [KUBERNETES_SVC, svc('nginx', { type: 'NodePort', clusterIP: '10.106.211.96', clusterIPs: ['10.106.211.96'], ports: [{ port: 80, nodePort: 32674, protocol: 'TCP' }] })] });
    expect(kubectlGet(c, ['svc'], ages({ kubernetes: '99m', nginx: '4s' }))).toEqual({ ...capture('svc-nodeport'), code: 0 });
  });

  it('services: ExternalName shows the name as EXTERNAL-IP, <none> CLUSTER-IP and PORT(S) [F6]', () => {
    const c = cluster({ services: [KUBERNETES_SVC, svc('url-remota', { type: 'ExternalName', externalName: 'paulo-rogerio.github.io' })] });
    expect(kubectlGet(c, ['svc'], ages({ kubernetes: '119m', 'url-remota': '3s' }))).toEqual({ ...capture('svc-externalname'), code: 0 });
  });

  it('endpointslices with a label selector [W]', () => {
    const c = cluster({ slices: [slice('my-nginx-7vzhx', 'my-nginx', [{ ip: '10.244.2.5' }, { ip: '10.244.3.4' }], [80]), slice('other-abcde', 'other', [{ ip: '10.244.1.9' }], [80])] });
    const r = kubectlGet(c, ['endpointslices', '-l', 'kubernetes.io/service-name=my-nginx'], ages({ 'my-nginx-7vzhx': '21s' }));
    expect(r).toEqual({ ...capture('endpointslices'), code: 0 });
  });

  const lfsNode = node('ip-172-31-40-74', { internalIPs: ['172.31.40.74'], controlPlane: true, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
  const lfsInfo: KubectlGetOptions['nodeInfo'] = { kubeletVersion: 'v1.28.8', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.5.0-1014-aws', containerRuntimeVersion: 'containerd://1.6.28' };

  it('nodes and nodes -o wide: kubeadm control-plane role, node info [L]', () => {
    const c = cluster({ nodes: [lfsNode] });
    expect(kubectlGet(c, ['node'], { ...ages({ 'ip-172-31-40-74': '19h' }), nodeInfo: lfsInfo })).toEqual({ ...capture('nodes'), code: 0 });
    expect(kubectlGet(c, ['node', '-o', 'wide'], { ...ages({ 'ip-172-31-40-74': '19h' }), nodeInfo: lfsInfo })).toEqual({ ...capture('nodes-wide'), code: 0 });
  });

  it('several types: kind-prefixed names, one table each, a blank line between [L]', () => {
    // The capture is `kubectl get all`; its pod and service tables are what `get pods,services` prints.
    const pending = cluster({ services: [KUBERNETES_SVC], pods: [pod('nginx-7854ff8877-k4nqb', { phase: 'Pending', ready: false })], nodes: [lfsNode] });
    const a = ages({ 'nginx-7854ff8877-k4nqb': '7s', kubernetes: '19h' });
    expect(kubectlGet(pending, ['pods,services'], a)).toEqual({ ...capture('all-pending'), code: 0 });

    const running = cluster({ services: [KUBERNETES_SVC], pods: [pod('nginx-7854ff8877-jdbnw', { nodeName: 'ip-172-31-40-74' })], nodes: [lfsNode], podIPs: { 'default/nginx-7854ff8877-jdbnw': '192.168.10.11' } });
    const w = ages({ 'nginx-7854ff8877-jdbnw': '18s', kubernetes: '19h' });
    expect(kubectlGet(running, ['po,svc', '-o', 'wide'], w)).toEqual({ ...capture('all-wide'), code: 0 });
  });

  it('a LoadBalancer without an address shows <pending>; SELECTOR with -o wide [L]', () => {
    const c = cluster({ services: [KUBERNETES_SVC, svc('nginx', { type: 'LoadBalancer', clusterIP: '10.97.104.68', clusterIPs: ['10.97.104.68'], ports: [{ port: 80, nodePort: 31539, protocol: 'TCP', targetPort: 80 }], selector: { app: 'nginx' } })] });
    expect(kubectlGet(c, ['services', '-o', 'wide'], ages({ kubernetes: '20h', nginx: '4m32s' }))).toEqual({ ...capture('svc-pending-wide'), code: 0 });
  });

  it('endpoints of one Service, with the v1.33+ deprecation warning on stderr [L]', () => {
    // The [L] cluster is v1.28 (no warning then); the simulated API server is v1.34, which warns ([E1], [E2]).
    const c = cluster({ services: [KUBERNETES_SVC, svc('nginx', { type: 'ClusterIP', clusterIP: '10.97.104.68', clusterIPs: ['10.97.104.68'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'nginx' } })], slices: [slice('nginx-x7k2p', 'nginx', [{ ip: '192.168.10.11' }], [80])] });
    expect(kubectlGet(c, ['ep', 'nginx'], ages({ nginx: '4m2s' }))).toEqual({ stdout: capture('ep').stdout, stderr: `${ENDPOINTS_WARNING}\n`, code: 0 });
  });

  it('endpoints: three ready addresses [E2]; none ready gives an empty cell [E1]', () => {
    const three = cluster({ services: [svc('hostnames', { type: 'ClusterIP', clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'hostnames' } })], slices: [slice('hostnames-abcde', 'hostnames', [{ ip: '192.168.0.6' }, { ip: '192.168.0.8' }, { ip: '192.168.0.7' }], [9376])] });
    // Addresses come out sorted (endpoints.SortSubsets), whatever the slice's order.
    expect(kubectlGet(three, ['endpoints', 'hostnames'], ages({ hostnames: '32m' }))).toEqual({ ...capture('ep-three'), code: 0 });

    const unready = cluster({ services: [svc('nginx-nonroot', { type: 'ClusterIP', clusterIP: '10.96.5.6', clusterIPs: ['10.96.5.6'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'x' } })], slices: [slice('nginx-nonroot-abcde', 'nginx-nonroot', [{ ip: '10.244.1.5', ready: false }], [8080])] });
    // formatEndpoints lists only subsets' ready `addresses`: a subset with notReadyAddresses only prints "".
    expect(kubectlGet(unready, ['endpoints', 'nginx-nonroot'], ages({ 'nginx-nonroot': '1m' }))).toEqual({ ...capture('ep-unready'), code: 0 });
  });

  it('--no-headers: narrow columns keep the minimum width [P]', () => {
    const c = cluster({
      pods: [pod('hw20-web-5554f57cbf-bg2zw', { nodeName: 'n' }), pod('hw20-web-5554f57cbf-zlt4g', { nodeName: 'n' }), pod('hw20-web-9c87b547-6mfqk', { nodeName: 'n', ready: false })],
      nodes: [node('n')],
    });
    const a = ages({ 'hw20-web-5554f57cbf-bg2zw': '5m51s', 'hw20-web-5554f57cbf-zlt4g': '5m51s', 'hw20-web-9c87b547-6mfqk': '10s' });
    expect(kubectlGet(c, ['pods', '--no-headers'], a)).toEqual({ ...capture('no-headers'), code: 0 });
  });

  it('usage errors [L]', () => {
    const c = cluster({});
    expect(kubectlGet(c, ['services', '-o'])).toEqual({ ...capture('flag-needs-argument'), code: 1 });
    expect(kubectlGet(c, ['pds'])).toEqual({ ...capture('unknown-type'), code: 1 });
  });

  it('-o yaml of a Service loaded from a manifest equals the capture minus unmodelled metadata [L]', () => {
    const spec = loadManifests(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata: { name: nginx, labels: { app: nginx } }',
        'spec:',
        '  type: LoadBalancer',
        '  clusterIP: 10.97.104.68',
        '  selector: { app: nginx }',
        '  ports: [{ port: 80, targetPort: 80, nodePort: 31539 }]',
      ].join('\n'),
      { coreDNS: false },
    );
    const c: BuiltCluster = { spec, podIPs: new Map(), endpointSlices: spec.endpointSlices, events: [], world: undefined as never };
    // The simulator keeps no creationTimestamp, resourceVersion or uid (objects.ts "Not modelled").
    const expected = capture('svc-yaml').stdout.split('\n').filter((l) => !/^ {2}(creationTimestamp|resourceVersion|uid):/.test(l)).join('\n');
    expect(kubectlGet(c, ['service', 'nginx', '-o', 'yaml'])).toEqual({ stdout: expected, stderr: '', code: 0 });
  });

  it("-o yaml of a Pod: the capture's metadata minus unmodelled fields, its addresses in the same order [L]", () => {
    const c = cluster({
      nodes: [node('ip-172-31-40-74', { internalIPs: ['172.31.40.74'] })],
      pods: [
        pod('nginx-7854ff8877-jdbnw', {
          labels: { app: 'nginx', 'pod-template-hash': '7854ff8877' },
          containers: [{ name: 'nginx', ports: [] }],
          nodeName: 'ip-172-31-40-74',
          owner: { kind: 'ReplicaSet', name: 'nginx-7854ff8877', deployment: 'nginx' },
        }),
      ],
      podIPs: { 'default/nginx-7854ff8877-jdbnw': '192.168.10.11' },
    });
    const ours = kubectlGet(c, ['pod', 'nginx-7854ff8877-jdbnw', '-o', 'yaml']).stdout.split('\n');
    const real = capture('pod-yaml').stdout.split('\n');
    const block = (lines: string[], key: string) => {
      const start = lines.indexOf(key);
      const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
      return lines.slice(start, end);
    };
    // Not modelled: annotations (Calico's here), creationTimestamp, resourceVersion, uids.
    const meta = block(real, 'metadata:');
    const annotationsEnd = meta.findIndex((l, i) => i > meta.indexOf('  annotations:') && /^ {2}\S/.test(l));
    const realMeta = meta.filter((l, i) => !(i >= meta.indexOf('  annotations:') && i < annotationsEnd) && !/^\s+(creationTimestamp|resourceVersion|uid):/.test(l));
    expect(block(ours, 'metadata:')).toEqual(realMeta);
    // The addresses, in the capture's key order (v1.34 also writes hostIPs, absent from that v1.28 capture).
    const addr = (lines: string[]) => lines.flatMap((l, i) => (/^ {2}(hostIP|phase|podIP):/.test(l) ? [l] : l === '  podIPs:' ? [l, lines[i + 1]] : []));
    expect(addr(block(ours, 'status:'))).toEqual(['  hostIP: 172.31.40.74', '  phase: Running', '  podIP: 192.168.10.11', '  podIPs:', '  - ip: 192.168.10.11']);
    expect(addr(block(real, 'status:'))).toEqual(['  hostIP: 172.31.40.74', '  phase: Running', '  podIP: 192.168.10.11', '  podIPs:', '  - ip: 192.168.10.11']);
  });
});

// ------------------------------------------------------------------------------------------ printers.go rules

describe('column rules (printers.go)', () => {
  it('EXTERNAL-IP of a LoadBalancer: ingress sorted, cut to 13 bytes + "..." past 16 unless -o wide, then externalIPs', () => {
    const lb = svc('lb', { type: 'LoadBalancer', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 30001, protocol: 'TCP' }] }, { status: { loadBalancer: { ingress: [{ ip: '172.18.255.202' }, { ip: '172.18.255.201' }] } } });
    const host = svc('host', { type: 'LoadBalancer', clusterIP: '10.96.0.21', clusterIPs: ['10.96.0.21'], ports: [{ port: 80, nodePort: 30002, protocol: 'TCP' }], externalIPs: ['192.168.56.200'] }, { status: { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } } });
    const c = cluster({ services: [lb, host] });
    const col = (args: string[], name: string) => {
      const lines = kubectlGet(c, args).stdout.split('\n');
      const start = lines[0]!.indexOf('EXTERNAL-IP');
      return lines.find((l) => l.startsWith(`${name} `))!.slice(start).split(/ {3,}/)[0];
    };
    // "172.18.255.201,172.18.255.202" is 29 bytes > loadBalancerWidth 16: the first 13 bytes + "...".
    expect(col(['svc'], 'lb')).toBe('172.18.255.20...');
    expect(col(['svc', '-o', 'wide'], 'lb')).toBe('172.18.255.201,172.18.255.202');
    // A hostname when the ingress has no IP; spec.externalIPs follow the load balancer's addresses.
    expect(col(['svc'], 'host')).toBe('lb.example,192.168.56.200');
  });

  it('CLUSTER-IP None for a headless Service, externalIPs for ClusterIP, <none> PORT(S) without ports', () => {
    const c = cluster({
      services: [
        svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } }),
        svc('ext', { type: 'ClusterIP', clusterIP: '10.96.0.30', clusterIPs: ['10.96.0.30'], externalIPs: ['203.0.113.10', '203.0.113.11'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { b: '2', a: '1' } }),
      ],
    });
    expect(kubectlGet(c, ['svc', '-o', 'wide']).stdout).toBe(
      formatTable([
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
        ['db', 'ClusterIP', 'None', '<none>', '<none>', '5m', 'app=db'],
        // labels.FormatLabels sorts the selector by key.
        ['ext', 'ClusterIP', '10.96.0.30', '203.0.113.10,203.0.113.11', '53/UDP,53/TCP', '5m', 'a=1,b=2'],
      ]),
    );
  });

  it('ENDPOINTS lists: first 3 then " + N more..."; <unset> for an empty slice, <none> for Endpoints without subsets', () => {
    const five = [1, 2, 3, 4, 5].map((i) => ({ ip: `10.244.1.${i}` }));
    const c = cluster({
      services: [
        svc('web', { type: 'ClusterIP', clusterIP: '10.96.0.40', clusterIPs: ['10.96.0.40'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }),
        svc('idle', { type: 'ClusterIP', clusterIP: '10.96.0.41', clusterIPs: ['10.96.0.41'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'idle' } }),
      ],
      slices: [
        slice('web-aaaaa', 'web', five, [8080, 8443, 9000, 9090]),
        // The controller's placeholder slice for a Service that selects nothing.
        { ...slice('idle-bbbbb', 'idle', [], []), endpoints: [], ports: [] },
      ],
    });
    expect(kubectlGet(c, ['endpointslices']).stdout).toBe(
      formatTable([
        ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
        ['idle-bbbbb', 'IPv4', '<unset>', '<unset>', '5m'],
        ['web-aaaaa', 'IPv4', '8080,8443,9000 + 1 more...', '10.244.1.1,10.244.1.2,10.244.1.3 + 2 more...', '5m'],
      ]),
    );
    // formatEndpoints counts every ip:port pair: 5 addresses x 4 ports = 20, 3 shown.
    expect(kubectlGet(c, ['ep']).stdout).toBe(
      formatTable([
        ['NAME', 'ENDPOINTS', 'AGE'],
        ['idle', '<none>', '5m'],
        ['web', '10.244.1.1:8080,10.244.1.2:8080,10.244.1.3:8080 + 17 more...', '5m'],
      ]),
    );
  });

  it('nodes: NotReady, SchedulingDisabled, roles from labels sorted, <none>', () => {
    const c = cluster({
      nodes: [
        node('a', { ready: false }),
        node('b', { unschedulable: true, labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'edge' } }),
        node('c', { controlPlane: true }),
      ],
    });
    expect(kubectlGet(c, ['nodes']).stdout).toBe(
      formatTable([
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
        ['a', 'NotReady', '<none>', '5m', 'v1.34.0'],
        ['b', 'Ready,SchedulingDisabled', 'edge,worker', '5m', 'v1.34.0'],
        ['c', 'Ready', 'control-plane', '5m', 'v1.34.0'],
      ]),
    );
  });

  it('pods: STATUS from container states (ContainerCreating, Completed, Error), READY 0/N when not ready', () => {
    const c = cluster({
      nodes: [node('n')],
      pods: [
        pod('creating', { nodeName: 'n', phase: 'Pending', ready: false }),
        pod('done', { nodeName: 'n', phase: 'Succeeded', ready: false }),
        pod('failed', { nodeName: 'n', phase: 'Failed', ready: false }),
        pod('two', { nodeName: 'n', containers: [{ name: 'a', ports: [] }, { name: 'b', ports: [] }] }),
        pod('unready', { nodeName: 'n', ready: false, containers: [{ name: 'a', ports: [] }, { name: 'b', ports: [] }] }),
      ],
    });
    expect(kubectlGet(c, ['pods']).stdout).toBe(
      formatTable([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['creating', '0/1', 'ContainerCreating', '0', '5m'],
        ['done', '0/1', 'Completed', '0', '5m'],
        ['failed', '0/1', 'Error', '0', '5m'],
        ['two', '2/2', 'Running', '0', '5m'],
        ['unready', '0/2', 'Running', '0', '5m'],
      ]),
    );
  });

  it('networkpolicies: POD-SELECTOR as metav1.FormatLabelSelector; namespaces: Active', () => {
    const np = (name: string, podSelector: LabelSelector): NetworkPolicy => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'default' }, spec: { podSelector } });
    const c = cluster({
      networkPolicies: [
        np('deny-all', {}),
        np('web', { matchLabels: { app: 'web' } }),
        np('expr', { matchLabels: { tier: 'db' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] }),
      ],
      namespaces: ['default', 'shop'],
    });
    expect(kubectlGet(c, ['netpol']).stdout).toBe(
      formatTable([
        ['NAME', 'POD-SELECTOR', 'AGE'],
        ['deny-all', '<none>', '5m'],
        // Requirements sorted by key; In values sorted.
        ['expr', '!canary,env in (dev,prod),tier=db', '5m'],
        ['web', 'app=web', '5m'],
      ]),
    );
    expect(kubectlGet(c, ['ns']).stdout).toBe(formatTable([['NAME', 'STATUS', 'AGE'], ['default', 'Active', '5m'], ['shop', 'Active', '5m']]));
  });
});

// ------------------------------------------------------------------------------------------ get.go behaviour

describe('kubectl get command line', () => {
  const c = cluster({
    namespaces: ['default', 'kube-system', 'shop'],
    nodes: [node('n1')],
    pods: [
      pod('web-1', { namespace: 'shop', nodeName: 'n1', labels: { app: 'web', tier: 'front' } }),
      pod('web-2', { namespace: 'shop', nodeName: 'n1', labels: { app: 'web' } }),
      pod('db-0', { namespace: 'shop', nodeName: 'n1', labels: { app: 'db' } }),
      pod('coredns-x', { namespace: 'kube-system', nodeName: 'n1', labels: { 'k8s-app': 'kube-dns' } }),
    ],
    podIPs: { 'shop/web-1': '10.244.0.5', 'shop/web-2': '10.244.0.6', 'shop/db-0': '10.244.0.7', 'kube-system/coredns-x': '10.244.0.2' },
    services: [KUBERNETES_SVC],
    slices: [slice('kubernetes', 'kubernetes', [{ ip: '192.168.56.11' }], [6443])],
  });
  const names = (args: string[]) => kubectlGet(c, [...args, '-o', 'name']).stdout;

  it('namespace flags in every pflag spelling; -A adds NAMESPACE and sorts by namespace then name', () => {
    const want = 'pod/db-0\npod/web-1\npod/web-2\n';
    for (const args of [['-n', 'shop'], ['-nshop'], ['-n=shop'], ['--namespace', 'shop'], ['--namespace=shop']]) expect(names(['pods', ...args])).toBe(want);
    expect(names(['pods', '-A'])).toBe('pod/coredns-x\npod/db-0\npod/web-1\npod/web-2\n');
    expect(kubectlGet(c, ['pods', '-A']).stdout.split('\n')[0]).toBe('NAMESPACE     NAME        READY   STATUS    RESTARTS   AGE');
    // Bundled shorthand flags, flags after arguments.
    expect(kubectlGet(c, ['-Ao', 'wide', 'pods']).stdout.split('\n')[0]!.endsWith('READINESS GATES')).toBe(true);
    // Cluster-scoped types get no NAMESPACE column.
    expect(kubectlGet(c, ['nodes', '-A']).stdout.startsWith('NAME ')).toBe(true);
  });

  it('"No resources found" on stderr with exit 0', () => {
    expect(kubectlGet(c, ['pods'])).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', code: 0 });
    expect(kubectlGet(c, ['pods', '-n', 'nowhere'])).toEqual({ stdout: '', stderr: 'No resources found in nowhere namespace.\n', code: 0 });
    expect(kubectlGet(c, ['pods', '-A', '-l', 'app=none'])).toEqual({ stdout: '', stderr: 'No resources found\n', code: 0 });
    expect(kubectlGet(cluster({}), ['nodes'])).toEqual({ stdout: '', stderr: 'No resources found\n', code: 0 });
  });

  it('label selectors: =, ==, !=, in, notin, exists, !key', () => {
    const sel = (s: string) => names(['pods', '-n', 'shop', '-l', s]);
    expect(sel('app=web')).toBe('pod/web-1\npod/web-2\n');
    expect(sel('app==web,tier=front')).toBe('pod/web-1\n');
    // != and notin also select Pods without the key.
    expect(sel('tier!=front')).toBe('pod/db-0\npod/web-2\n');
    expect(sel('app in (db, web)')).toBe('pod/db-0\npod/web-1\npod/web-2\n');
    expect(sel('app notin (web)')).toBe('pod/db-0\n');
    expect(sel('tier')).toBe('pod/web-1\n');
    expect(sel('!tier')).toBe('pod/db-0\npod/web-2\n');
    expect(kubectlGet(c, ['pods', '-l', 'app=web,'])).toMatchObject({ code: 1 });
  });

  it('objects by name: NotFound per missing name, qualified resource names, --ignore-not-found', () => {
    expect(kubectlGet(c, ['pod', 'web-1', 'nope', '-n', 'shop', '-o', 'name'])).toEqual({ stdout: 'pod/web-1\n', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(kubectlGet(c, ['endpointslice', 'x']).stderr).toBe('Error from server (NotFound): endpointslices.discovery.k8s.io "x" not found\n');
    expect(kubectlGet(c, ['netpol/x']).stderr).toBe('Error from server (NotFound): networkpolicies.networking.k8s.io "x" not found\n');
    expect(kubectlGet(c, ['pod', 'nope', '--ignore-not-found'])).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(kubectlGet(c, ['pod', 'web-1', '-l', 'app=web']).stderr).toBe('error: name cannot be provided when a selector is specified\n');
    expect(kubectlGet(c, ['pod', 'web-1', '-A']).stderr).toBe('error: a resource cannot be retrieved by name across all namespaces\n');
  });

  it('resource names: plurals, singulars, short names, kinds, group-qualified', () => {
    for (const t of ['pods', 'pod', 'po', 'Pod', 'pods.v1']) expect(names([t, '-n', 'shop'])).toBe('pod/db-0\npod/web-1\npod/web-2\n');
    for (const t of ['endpointslices', 'endpointslice', 'endpointslices.discovery.k8s.io']) expect(names([t])).toBe('endpointslice.discovery.k8s.io/kubernetes\n');
    for (const t of ['services', 'service', 'svc']) expect(names([t])).toBe('service/kubernetes\n');
    for (const t of ['endpoints', 'ep']) expect(names([t])).toBe('endpoints/kubernetes\n');
    for (const t of ['nodes', 'node', 'no']) expect(names([t])).toBe('node/n1\n');
    for (const t of ['namespaces', 'namespace', 'ns']) expect(names([t])).toBe('namespace/default\nnamespace/kube-system\nnamespace/shop\n');
    expect(kubectlGet(c, ['deployments']).stderr).toMatch(/^error: resource type "deployments" is not modelled by the simulated cluster/);
  });

  it('-o yaml/json: one named object as is, anything else a List', () => {
    const one = kubectlGet(c, ['pod', 'web-2', '-n', 'shop', '-o', 'json']).stdout;
    expect(one.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {\n')).toBe(true);
    expect(JSON.parse(one).status).toMatchObject({ phase: 'Running', podIP: '10.244.0.6', podIPs: [{ ip: '10.244.0.6' }], hostIP: '192.168.56.11' });
    const list = kubectlGet(c, ['pods', '-n', 'shop', '-l', 'app=db', '-o', 'yaml']).stdout;
    expect(list.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
    expect(list.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(kubectlGet(c, ['pods', '-o', 'yaml']).stdout).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('--show-labels and -L add columns at the end', () => {
    expect(kubectlGet(c, ['pods', '-n', 'shop', '-l', 'app=web', '-L', 'tier', '--show-labels']).stdout).toBe(
      formatTable([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'TIER', 'LABELS'],
        ['web-1', '1/1', 'Running', '0', '5m', 'front', 'app=web,tier=front'],
        ['web-2', '1/1', 'Running', '0', '5m', '', 'app=web'],
      ]),
    );
  });

  it('refuses what it does not implement, in kubectl words where kubectl has them', () => {
    expect(kubectlGet(c, ['pods', '--bogus'])).toEqual({ stdout: '', stderr: "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n", code: 1 });
    expect(kubectlGet(c, ['pods', '-z']).stderr).toBe("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n");
    expect(kubectlGet(c, ['pods', '-w']).stderr).toMatch(/^error: --watch is not supported by the simulated kubectl/);
    expect(kubectlGet(c, ['pods', '-o', 'jsonpath={.items}']).stderr).toMatch(/^error: output format "jsonpath" is not supported by the simulated kubectl/);
    expect(kubectlGet(c, ['pods', '-o', 'foo']).stderr).toMatch(/^error: unable to match a printer suitable for the output format "foo"/);
    expect(kubectlGet(c, []).stderr).toMatch(/^You must specify the type of resource to get\./);
    expect(kubectlGet(c, ['pods', 'pod/x']).stderr).toMatch(/^error: there is no need to specify a resource type as a separate argument/);
  });
});

// ------------------------------------------------------------------------------------------ with the builder

describe('on a cluster built from manifests', () => {
  const spec = loadManifests(`
apiVersion: v1
kind: Node
metadata: { name: cp-1, labels: { node-role.kubernetes.io/control-plane: "" } }
spec: { taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
---
apiVersion: v1
kind: Node
metadata: { name: worker-1 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: nginx, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: http }] }
`);
  const built = buildCluster(spec);

  it('pods -o wide show the IPs the CNI assigned, and the Service endpoints are those Pods', () => {
    const out = kubectlGet(built, ['pods', '-o', 'wide']).stdout;
    const rows = out.trimEnd().split('\n').slice(1).map((l) => l.split(/ {3,}/));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r[5]).toBe(built.podIPs.get(`default/${r[0]}`));
      expect(r[6]).toBe('worker-1');
    }
    const ips = rows.map((r) => `${r[5]}:8080`).sort();
    expect(kubectlGet(built, ['ep', 'web']).stdout.split('\n')[1]).toBe(formatTable([['NAME', 'ENDPOINTS', 'AGE'], ['web', ips.join(','), '5m']]).split('\n')[1]);
  });

  it('lists kubeadm\'s objects: the kubernetes and kube-dns Services, the control-plane role', () => {
    // By namespace, then name.
    expect(kubectlGet(built, ['svc', '-A', '-o', 'name']).stdout).toBe('service/kubernetes\nservice/web\nservice/kube-dns\n');
    const svcs = kubectlGet(built, ['svc', '-A']).stdout.split('\n');
    expect(svcs[1]).toMatch(/^default {7}kubernetes {3}ClusterIP {3}10\.96\.0\.1 /);
    expect(svcs[2]).toMatch(/^default {7}web /);
    expect(svcs[3]).toMatch(/^kube-system {3}kube-dns {5}ClusterIP {3}10\.96\.0\.10 +<none> +53\/UDP,53\/TCP,9153\/TCP /);
    expect(kubectlGet(built, ['nodes']).stdout).toBe(
      formatTable([
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
        ['cp-1', 'Ready', 'control-plane', '5m', 'v1.34.0'],
        ['worker-1', 'Ready', '<none>', '5m', 'v1.34.0'],
      ]),
    );
  });
});
