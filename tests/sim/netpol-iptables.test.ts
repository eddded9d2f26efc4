/**
 * The NetworkPolicy agent's iptables rules (src/sim/k8s/netpol/iptables.ts), checked in the data plane:
 * rules are generated per node, loaded with iptablesRestore into a fresh netfilter per node, and a small
 * walker runs each probe through FORWARD (src node, then dst node when they differ) with runHook.
 *
 * - The upstream e2e truth tables (tests/fixtures/netpol, see netpol-fixtures.test.ts) must come out of
 *   the walk for every ordered pair off the diagonal, with the x/y/z pods spread over two nodes.
 * - Focused cases (replies, ipBlock except, named ports, endPort, protocol-only ports, REJECT, INPUT):
 *   the expected verdicts are reasoned from the API field comments in each test, not read off the output.
 * - Random policies (fast-check): the walk agrees with the evaluator (evaluate.ts) on every probe.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatIpv4, parseIpv4 } from '../../src/sim/addr';
import { SimError } from '../../src/sim/core/errors';
import {
  buildNetpolModel,
  egressChainName,
  evaluate,
  ingressChainName,
  isNetpolChainName,
  netpolIptables,
  parseTruthTable,
  subtractPrefixes,
  truthTable,
  type NetpolDenyAction,
  type NetpolModel,
  type NetpolProtocol,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type LabelSelector,
  type PodInfo,
} from '../../src/sim/k8s/netpol';
import {
  createNetfilter,
  iptablesRestore,
  iptablesSave,
  ruleText,
  runHook,
  type ChainResult,
  type Hook,
  type Netfilter,
  type NfPacket,
} from '../../src/sim/netfilter';

// ------------------------------------------------------------------------------------------ cluster + walker

interface Node {
  readonly name: string;
  readonly ip: string;
  readonly nf: Netfilter;
}

interface Cluster {
  readonly model: NetpolModel;
  readonly pods: readonly PodInfo[];
  readonly nodes: readonly Node[];
}

const NODE_IPS: Readonly<Record<string, string>> = { 'node-1': '172.18.0.2', 'node-2': '172.18.0.3' };

/** Generates and loads every node's rules, FORWARD and INPUT jumps first, as the caller will. */
function buildCluster(model: NetpolModel, pods: readonly PodInfo[], denyAction?: NetpolDenyAction): Cluster {
  const nodes = Object.keys(NODE_IPS).map((name): Node => {
    const r = netpolIptables(model, {
      nodeName: name,
      pods: pods.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, nodeName: p.nodeName!, hostNetwork: p.hostNetwork === true })),
      ...(denyAction ? { denyAction } : {}),
    });
    const nf = createNetfilter();
    iptablesRestore(nf, r.payload);
    iptablesRestore(nf, `*filter\n${r.jump}\n${r.inputJump}\nCOMMIT\n`, { noflush: true });
    return { name, ip: NODE_IPS[name]!, nf };
  });
  return { model, pods, nodes };
}

/** Where an address lives: a pod-network pod (on a node), a node's own address, or outside. */
type Place = { kind: 'pod'; node: string } | { kind: 'node'; node: string } | { kind: 'outside' };

function placeOf(c: Cluster, ip: string): Place {
  const pod = c.pods.find((p) => p.ip === ip && p.hostNetwork !== true);
  if (pod) return { kind: 'pod', node: pod.nodeName! };
  const node = Object.keys(NODE_IPS).find((n) => NODE_IPS[n] === ip);
  return node ? { kind: 'node', node } : { kind: 'outside' };
}

interface Hop {
  readonly node: string;
  readonly hook: Hook;
  readonly result: ChainResult;
}

interface Probe {
  readonly src: string;
  readonly dst: string;
  readonly port: number;
  readonly protocol?: NetpolProtocol;
  readonly state?: NfPacket['ct']['state'];
}

/**
 * The filter hooks the packet meets on its way (post-DNAT addresses):
 * - from a pod on node S: to a pod on S → S FORWARD; to S's own address → S INPUT; otherwise S FORWARD,
 *   then the destination node's FORWARD when the destination is a pod there;
 * - from a node address (a hostNetwork pod) or from outside: the destination pod's node FORWARD. From a
 *   node to its own pods the real path is OUTPUT; we walk FORWARD there to exercise the ingress chain's
 *   addrtype LOCAL rule (what a caller hooking OUTPUT runs).
 */
function walk(c: Cluster, probe: Probe): { allowed: boolean; hops: Hop[] } {
  const src = placeOf(c, probe.src);
  const dst = placeOf(c, probe.dst);
  const plan: { node: string; hook: Hook }[] = [];
  if (src.kind === 'pod') {
    if (dst.kind === 'node' && dst.node === src.node) plan.push({ node: src.node, hook: 'INPUT' });
    else {
      plan.push({ node: src.node, hook: 'FORWARD' });
      if (dst.kind === 'pod' && dst.node !== src.node) plan.push({ node: dst.node, hook: 'FORWARD' });
    }
  } else if (dst.kind === 'pod') {
    plan.push({ node: dst.node, hook: 'FORWARD' });
  }
  const protocol = probe.protocol ?? 'TCP';
  const hops: Hop[] = [];
  for (const step of plan) {
    const node = c.nodes.find((n) => n.name === step.node)!;
    const nodeIp = parseIpv4(node.ip);
    const pkt: NfPacket = {
      src: parseIpv4(probe.src),
      dst: parseIpv4(probe.dst),
      proto: protocol === 'TCP' ? 'tcp' : protocol === 'UDP' ? 'udp' : 'sctp',
      sport: 40000,
      dport: probe.port,
      mark: 0,
      ct: { state: probe.state ?? 'NEW', snat: false, dnat: false },
    };
    const result = runHook(node.nf, 'filter', step.hook, pkt, {
      isLocal: (ip) => ip === nodeIp,
      chance: () => {
        throw new Error('no statistic rules expected');
      },
      now: 0,
    });
    hops.push({ ...step, result });
    if (result.verdict !== 'ACCEPT') break;
  }
  return { allowed: hops.every((h) => h.result.verdict === 'ACCEPT'), hops };
}

const ipOf = (c: Cluster, ref: string): string => c.pods.find((p) => `${p.namespace}/${p.name}` === ref)!.ip;

// ------------------------------------------------------------------------------------------ x/y/z fixtures

const DIR = join(__dirname, '..', 'fixtures', 'netpol');

interface Expectation {
  readonly step?: number;
  readonly protocol: NetpolProtocol;
  readonly port: number;
  readonly text: string;
}

/** Same reading as netpol-fixtures.test.ts: the YAML between "---" and "...", then each EXPECTED table. */
function loadFixture(file: string): { policies: NetworkPolicy[]; expectations: Expectation[] } {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  const start = lines.indexOf('---');
  const end = lines.indexOf('...');
  const docs = parseAllDocuments(lines.slice(start, end + 1).join('\n'));
  const policies = (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS() as NetworkPolicy);
  const expectations: Expectation[] = [];
  lines.forEach((line, i) => {
    const m = /^# -+ EXPECTED \((?:after step (\d+), )?probe (TCP|UDP|SCTP) port (\d+)\)$/.exec(line);
    if (!m) return;
    const header = lines.findIndex((l, j) => j > i && l.startsWith('-\t'));
    let stop = header + 1;
    while (stop < lines.length && lines[stop] !== '' && !lines[stop]!.startsWith('#')) stop++;
    expectations.push({
      ...(m[1] !== undefined ? { step: Number(m[1]) } : {}),
      protocol: m[2] as NetpolProtocol,
      port: Number(m[3]),
      text: lines.slice(header, stop).join('\n'),
    });
  });
  return { policies, expectations };
}

/**
 * 00-model.txt's pods (x, y, z × a, b, c, labelled pod=<name>, a container port serve-<port>-<proto> per
 * probed port), placed alternately on node-1 (10.244.1.0/24) and node-2 (10.244.2.0/24): x/a, x/c, y/b,
 * z/a, z/c on node-1; x/b, y/a, y/c, z/b on node-2. So every case has same-node and cross-node pairs.
 */
function xyzPods(probes: readonly { port: number; protocol: NetpolProtocol }[]): PodInfo[] {
  const pods: PodInfo[] = [];
  ['x', 'y', 'z'].forEach((ns, i) => {
    ['a', 'b', 'c'].forEach((name, j) => {
      const k = i * 3 + j;
      const node = k % 2 === 0 ? 1 : 2;
      pods.push({
        namespace: ns,
        name,
        labels: { pod: name },
        ip: `10.244.${node}.${10 + k}`,
        nodeName: `node-${node}`,
        containers: probes.map(({ port, protocol }) => ({
          name: `cont-${port}-${protocol.toLowerCase()}`,
          ports: [{ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol }],
        })),
      });
    });
  });
  return pods;
}

const XYZ_NAMESPACES = [{ name: 'x' }, { name: 'y' }, { name: 'z' }];
const files = readdirSync(DIR).filter((f) => /^0[1-8]-.*\.txt$/.test(f)).sort();

describe('the e2e truth tables, enforced by the generated iptables rules', () => {
  it('finds the eight fixture cases', () => {
    expect(files).toHaveLength(8);
  });

  for (const file of files) {
    const fx = loadFixture(file);
    const probes = [...new Map(fx.expectations.map((e) => [`${e.port}/${e.protocol}`, { port: e.port, protocol: e.protocol }])).values()];
    for (const exp of fx.expectations) {
      const label = `${exp.step !== undefined ? `after step ${exp.step}, ` : ''}${exp.protocol} port ${exp.port}`;
      it(`${file}: ${label}`, () => {
        const pods = xyzPods(probes);
        const policies = exp.step !== undefined ? fx.policies.slice(0, exp.step) : fx.policies;
        const model = buildNetpolModel({ namespaces: XYZ_NAMESPACES, pods, policies });
        const c = buildCluster(model, pods);
        const expected = parseTruthTable(exp.text);
        expect(expected.froms).toHaveLength(9);
        const evaluator = truthTable(model, exp.port, exp.protocol, expected.froms);
        const mismatches: string[] = [];
        expected.froms.forEach((from, i) => {
          expected.tos.forEach((to, j) => {
            const got = walk(c, { src: ipOf(c, from), dst: ipOf(c, to), port: exp.port, protocol: exp.protocol }).allowed;
            // Off the diagonal: the upstream table. On it (undefined upstream): the same as the evaluator.
            const want = i === j ? evaluator.connected[i]![j]! : expected.connected[i]![j]!;
            if (got !== want) mismatches.push(`${from} -> ${to}: walk ${got ? 'allowed' : 'blocked'}, expected ${want ? 'allowed' : 'blocked'}`);
          });
        });
        expect(mismatches).toEqual([]);
      });
    }
  }
});

// ------------------------------------------------------------------------------------------ focused cases

function np(namespace: string, name: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace, name }, spec };
}

/**
 * A small cluster for the focused cases:
 * app/client 10.244.1.10 node-1 role=client  (no ports)
 * app/web    10.244.1.20 node-1 role=web     http=80/TCP
 * app/api    10.244.2.30 node-2 role=api     http=8080/TCP, dns=53/UDP
 * ops/tool   10.244.2.40 node-2 role=tool    (no ports)
 * ops/agent  172.18.0.3  node-2 hostNetwork
 */
function smallPods(): PodInfo[] {
  return [
    { namespace: 'app', name: 'client', labels: { role: 'client' }, ip: '10.244.1.10', nodeName: 'node-1', containers: [] },
    { namespace: 'app', name: 'web', labels: { role: 'web' }, ip: '10.244.1.20', nodeName: 'node-1',
      containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 80 }] }] },
    { namespace: 'app', name: 'api', labels: { role: 'api' }, ip: '10.244.2.30', nodeName: 'node-2',
      containers: [{ name: 'api', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }] },
    { namespace: 'ops', name: 'tool', labels: { role: 'tool' }, ip: '10.244.2.40', nodeName: 'node-2', containers: [] },
    { namespace: 'ops', name: 'agent', labels: { role: 'agent' }, ip: '172.18.0.3', nodeName: 'node-2', hostNetwork: true, containers: [] },
  ];
}

function small(policies: NetworkPolicy[], denyAction?: NetpolDenyAction): Cluster {
  const pods = smallPods();
  const model = buildNetpolModel({ namespaces: [{ name: 'app' }, { name: 'ops' }], pods, policies });
  return buildCluster(model, pods, denyAction);
}

const allowed = (c: Cluster, src: string, dst: string, port: number, protocol: NetpolProtocol = 'TCP') =>
  walk(c, { src, dst, port, protocol }).allowed;

/** Also holds the evaluator to the same answer, so each focused case checks both. */
function expectBoth(c: Cluster, src: string, dst: string, port: number, want: boolean, protocol: NetpolProtocol = 'TCP'): void {
  expect(allowed(c, src, dst, port, protocol), `walk ${src} -> ${dst} ${protocol}/${port}`).toBe(want);
  expect(evaluate(c.model, { from: src, to: dst, port, protocol }).allowed, `evaluate ${src} -> ${dst} ${protocol}/${port}`).toBe(want);
}

describe('payload', () => {
  const c0 = (): { model: NetpolModel; pods: PodInfo[] } => {
    const pods = smallPods();
    const model = buildNetpolModel({
      namespaces: [{ name: 'app' }, { name: 'ops' }],
      pods,
      policies: [np('app', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    });
    return { model, pods };
  };
  const input = (pods: PodInfo[], nodeName = 'node-1') => ({
    nodeName,
    pods: pods.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, nodeName: p.nodeName!, hostNetwork: p.hostNetwork === true })),
  });

  it('loads into a fresh netfilter and iptables-save prints it back line for line', () => {
    const { model, pods } = c0();
    const r = netpolIptables(model, input(pods));
    const nf = createNetfilter();
    expect(iptablesRestore(nf, r.payload).committed).toEqual(['filter']);
    // The payload is written in iptables-save's own form and order, so save = built-in chains + payload.
    const saved = iptablesSave(nf, { table: 'filter' });
    const payloadLines = r.payload.trimEnd().split('\n');
    expect(saved.trimEnd().split('\n')).toEqual([
      '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...payloadLines.slice(1),
    ]);
    expect(r.jump).toBe('-A FORWARD -m comment --comment "k8snet network policy" -j K8SNET-NETPOL');
    expect(r.chains).toEqual(payloadLines.filter((l) => l.startsWith(':')).map((l) => l.slice(1, l.indexOf(' '))));
    for (const ch of r.chains) expect(isNetpolChainName(ch)).toBe(true);
    expect(isNetpolChainName('KUBE-FORWARD')).toBe(false);
  });

  it('has the documented layout on node-1: ct rule, egress jumps, ingress jumps; chains only for its own pods', () => {
    const { model, pods } = c0();
    const r = netpolIptables(model, input(pods));
    const main = r.payload.split('\n').filter((l) => l.startsWith('-A K8SNET-NETPOL '));
    // app/client and app/web run on node-1 and are isolated both ways by app/deny-all; app/api is on node-2.
    expect(main).toEqual([
      '-A K8SNET-NETPOL -m comment --comment "k8snet network policy: replies of allowed connections" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      `-A K8SNET-NETPOL -s 10.244.1.10/32 -m comment --comment "app/client egress isolated by app/deny-all" -j ${egressChainName('app', 'client')}`,
      `-A K8SNET-NETPOL -s 10.244.1.20/32 -m comment --comment "app/web egress isolated by app/deny-all" -j ${egressChainName('app', 'web')}`,
      `-A K8SNET-NETPOL -d 10.244.1.10/32 -m comment --comment "app/client ingress isolated by app/deny-all" -j ${ingressChainName('app', 'client')}`,
      `-A K8SNET-NETPOL -d 10.244.1.20/32 -m comment --comment "app/web ingress isolated by app/deny-all" -j ${ingressChainName('app', 'web')}`,
    ]);
    expect(r.chains).not.toContain(egressChainName('app', 'api'));
    // A deny-all chain: nothing allowed, the deny rule is the last (ingress keeps the node-local rule).
    const egr = egressChainName('app', 'client');
    expect(r.payload.split('\n').filter((l) => l.startsWith(`-A ${egr} `))).toEqual([
      `-A ${egr} -m comment --comment "app/client egress denied by network policy" -j DROP`,
    ]);
    // Chain names: 11-character prefix + 16 base32 characters = 27, within iptables' 28.
    for (const ch of r.chains) expect(ch.length).toBeLessThanOrEqual(28);
    expect(egressChainName('app', 'client')).toMatch(/^K8SNET-EGR-[A-Z2-7]{16}$/);
    expect(egressChainName('app', 'client').slice(11)).toBe(ingressChainName('app', 'client').slice(11));
  });

  it('is deterministic: the order of the pod list does not matter', () => {
    const { model, pods } = c0();
    const a = netpolIptables(model, input(pods));
    const b = netpolIptables(model, input([...pods].reverse()));
    expect(b.payload).toBe(a.payload);
  });

  it('rejects pods unknown to the model, duplicate IPs and a bad deny action, and skips pods without an IP', () => {
    const { model, pods } = c0();
    const base = input(pods);
    const err = (f: () => unknown): SimError => {
      try {
        f();
      } catch (e) {
        if (e instanceof SimError) return e;
        throw e;
      }
      throw new Error('expected a SimError');
    };
    expect(err(() => netpolIptables(model, { ...base, pods: [...base.pods, { namespace: 'app', name: 'ghost', ip: '10.244.1.99', nodeName: 'node-1' }] })).code).toBe('NOT_FOUND');
    expect(err(() => netpolIptables(model, { ...base, pods: base.pods.map((p) => (p.name === 'web' ? { ...p, ip: '10.244.1.10' } : p)) })).message).toMatch(/app\/client and app\/web both have IP 10\.244\.1\.10/);
    expect(err(() => netpolIptables(model, { ...base, denyAction: 'ACCEPT' as NetpolDenyAction })).code).toBe('BAD_USAGE');
    expect(err(() => netpolIptables(model, { ...base, nodeName: '' })).code).toBe('BAD_USAGE');
    const pending = netpolIptables(model, { ...base, pods: base.pods.map((p) => (p.name === 'web' ? { ...p, ip: '' } : p)) });
    expect(pending.payload).not.toContain(egressChainName('app', 'web'));
  });

  it('keeps every comment within iptables\' 255 characters', () => {
    const pods = smallPods();
    const except = Array.from({ length: 20 }, (_, i) => `10.${i + 1}.0.0/16`);
    const model = buildNetpolModel({
      namespaces: [{ name: 'app' }, { name: 'ops' }],
      pods,
      policies: [np('app', 'many-excepts', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except } }] }] })],
    });
    const r = netpolIptables(model, input(pods));
    const nf = createNetfilter();
    iptablesRestore(nf, r.payload); // the netfilter model refuses comments over 255 characters
    for (const m of r.payload.matchAll(/--comment "([^"]*)"/g)) expect(m[1]!.length).toBeLessThanOrEqual(255);
  });
});

describe('focused semantics', () => {
  it('replies of an allowed connection pass although the replying pod may not open connections itself', () => {
    // app/web may receive from app/client but may not send anything (egress: []).
    const c = small([
      np('app', 'web', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }], egress: [] }),
    ]);
    expectBoth(c, '10.244.1.10', '10.244.1.20', 80, true); // client → web: NEW, allowed
    expectBoth(c, '10.244.1.20', '10.244.1.10', 40000, false); // web → client as a NEW connection: egress denied
    // The reply web → client belongs to the client's connection: conntrack says ESTABLISHED (FIDELITY §5.4).
    const reply = walk(c, { src: '10.244.1.20', dst: '10.244.1.10', port: 40000, state: 'ESTABLISHED' });
    expect(reply.allowed).toBe(true);
    expect(ruleText(c.nodes[0]!.nf, reply.hops[0]!.result.matched[1]!)).toContain('--ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(walk(c, { src: '10.244.1.20', dst: '10.244.1.10', port: 40000, state: 'RELATED' }).allowed).toBe(true);
    expect(walk(c, { src: '10.244.1.20', dst: '10.244.1.10', port: 40000, state: 'INVALID' }).allowed).toBe(false);
  });

  it('checks egress on the client\'s node and ingress on the server\'s node only', () => {
    // app/client (node-1) may only talk to app/web; app/api (node-2) only accepts ops pods.
    const c = small([
      np('app', 'client-out', { podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: { role: 'web' } } }] }] }),
      np('app', 'api-in', { podSelector: { matchLabels: { role: 'api' } }, policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] }] }),
    ]);
    // client → api: denied on node-1 by the client's egress chain; node-2 is never reached.
    const w1 = walk(c, { src: '10.244.1.10', dst: '10.244.2.30', port: 8080 });
    expect(w1.allowed).toBe(false);
    expect(w1.hops.map((h) => `${h.node} ${h.hook} ${h.result.verdict}`)).toEqual(['node-1 FORWARD DROP']);
    expect(ruleText(c.nodes[0]!.nf, w1.hops[0]!.result.matched.at(-1)!)).toContain('"app/client egress denied by network policy" -j DROP');
    // web (node-1, not isolated) → api: node-1 lets it through, node-2's ingress chain drops it.
    const w2 = walk(c, { src: '10.244.1.20', dst: '10.244.2.30', port: 8080 });
    expect(w2.hops.map((h) => `${h.node} ${h.hook} ${h.result.verdict}`)).toEqual(['node-1 FORWARD ACCEPT', 'node-2 FORWARD DROP']);
    expect(w2.hops[0]!.result.matched).toEqual([{ table: 'filter', chain: 'FORWARD', index: 1 }]); // the jump only
    // tool (ops, node-2) → api (node-2): one node, one FORWARD pass, allowed by api-in.
    const w3 = walk(c, { src: '10.244.2.40', dst: '10.244.2.30', port: 8080 });
    expect(w3.hops.map((h) => `${h.node} ${h.hook} ${h.result.verdict}`)).toEqual(['node-2 FORWARD ACCEPT']);
    expectBoth(c, '10.244.1.10', '10.244.1.20', 80, true);
    expectBoth(c, '10.244.2.40', '10.244.2.30', 8080, true);
  });

  it('checks both sides on one node when client and server share it', () => {
    // client may send only to role=api; web accepts only from role=tool. Both on node-1.
    const c = small([
      np('app', 'client-out', { podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: { role: 'web' } } }] }] }),
      np('app', 'web-in', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'tool' } } }] }] }),
    ]);
    // client's egress allows web, then web's ingress (same node, same FORWARD pass) refuses client.
    const w = walk(c, { src: '10.244.1.10', dst: '10.244.1.20', port: 80 });
    expect(w.allowed).toBe(false);
    const texts = w.hops[0]!.result.matched.map((m) => ruleText(c.nodes[0]!.nf, m));
    expect(texts.some((t) => t.includes('"app/client-out egress rule 0: to app/web" -j RETURN'))).toBe(true);
    expect(texts.at(-1)).toContain('"app/web ingress denied by network policy" -j DROP');
    expect(evaluate(c.model, { from: 'app/client', to: 'app/web', port: 80 }).allowed).toBe(false);
  });

  it('ipBlock except: the excepted addresses are not allowed, the rest of the block is', () => {
    // client may send to 10.244.0.0/16 except node-2's pod range 10.244.2.0/24; ops/tool accepts from
    // 192.168.0.0/16 except 192.168.5.0/24 ("except ... IPs that should not be included within this rule").
    const c = small([
      np('app', 'client-out', { podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.2.0/24'] } }] }] }),
      np('ops', 'tool-in', { podSelector: { matchLabels: { role: 'tool' } }, policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.5.0/24'] } }] }] }),
    ]);
    expectBoth(c, '10.244.1.10', '10.244.1.20', 80, true); // web 10.244.1.20: inside, not excepted
    expectBoth(c, '10.244.1.10', '10.244.2.30', 8080, false); // api 10.244.2.30: excepted
    expectBoth(c, '10.244.1.10', '8.8.8.8', 53, false, 'UDP'); // outside the block
    expectBoth(c, '192.168.1.1', '10.244.2.40', 80, true);
    expectBoth(c, '192.168.5.9', '10.244.2.40', 80, false);
    expectBoth(c, '192.168.4.255', '10.244.2.40', 80, true);
    expectBoth(c, '192.168.6.0', '10.244.2.40', 80, true);
    expectBoth(c, '10.244.1.20', '10.244.2.40', 80, false); // web is outside tool's block
  });

  it('named ports resolve against each destination pod (egress) and against the pod itself (ingress)', () => {
    // client may send to port "http" anywhere: web's http is 80, api's is 8080 (same name, other number).
    // api accepts its own "dns" (53/UDP) and "http" (8080) from anybody.
    const c = small([
      np('app', 'client-out', { podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'],
        egress: [{ ports: [{ port: 'http' }] }] }),
      np('app', 'api-in', { podSelector: { matchLabels: { role: 'api' } }, policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: 'dns', protocol: 'UDP' }, { port: 'http' }] }] }),
    ]);
    expectBoth(c, '10.244.1.10', '10.244.1.20', 80, true);
    expectBoth(c, '10.244.1.10', '10.244.1.20', 8080, false); // web has no http on 8080
    expectBoth(c, '10.244.1.10', '10.244.2.30', 8080, true); // api's http is 8080
    expectBoth(c, '10.244.1.10', '10.244.2.30', 80, false);
    expectBoth(c, '10.244.1.10', '10.244.2.40', 80, false); // tool has no port named http
    expectBoth(c, '10.244.1.10', '8.8.8.8', 80, false); // not a pod: a named port never matches
    expectBoth(c, '10.244.2.40', '10.244.2.30', 53, true, 'UDP');
    expectBoth(c, '10.244.2.40', '10.244.2.30', 53, false, 'TCP'); // dns is a UDP port
    expectBoth(c, '10.244.2.40', '10.244.2.30', 8080, true); // api's own http
    expectBoth(c, '10.244.2.40', '10.244.2.30', 80, false); // http is 80 on web, not on api
    const egr = c.nodes[0]!.nf.tables.filter.chains[egressChainName('app', 'client')]!;
    // One rule per pod that has a port named http (app/api, app/web by name), then the deny.
    expect(egr.rules.map((r) => [r.dst && formatIpv4(r.dst.addr), r.matches.find((m) => m.kind === 'tcp')])).toEqual([
      ['10.244.2.30', { kind: 'tcp', dport: { min: 8080, max: 8080, invert: false } }],
      ['10.244.1.20', { kind: 'tcp', dport: { min: 80, max: 80, invert: false } }],
      [undefined, undefined],
    ]);
  });

  it('endPort makes an inclusive range; a protocol-only entry allows every port of that protocol', () => {
    const c = small([
      np('app', 'web-in', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: 8000, endPort: 8080 }, { protocol: 'UDP' }] }] }),
    ]);
    for (const [port, want] of [[7999, false], [8000, true], [8050, true], [8080, true], [8081, false]] as const) {
      expectBoth(c, '10.244.2.40', '10.244.1.20', port, want);
    }
    expectBoth(c, '10.244.2.40', '10.244.1.20', 8050, true, 'UDP');
    expectBoth(c, '10.244.2.40', '10.244.1.20', 5, true, 'UDP');
    expectBoth(c, '10.244.2.40', '10.244.1.20', 5, false, 'SCTP');
    const ing = c.nodes[0]!.nf.tables.filter.chains[ingressChainName('app', 'web')]!;
    expect(iptablesSave(c.nodes[0]!.nf)).toContain(`-A ${ing.name} -p tcp -m comment --comment "app/web-in ingress rule 0: from any" -m tcp --dport 8000:8080 -j RETURN`);
  });

  it('denyAction REJECT answers icmp-port-unreachable instead of dropping', () => {
    const c = small([np('app', 'deny', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'] })], 'REJECT');
    const w = walk(c, { src: '10.244.2.40', dst: '10.244.1.20', port: 80 });
    expect(w.hops.at(-1)!.result.verdict).toBe('REJECT');
    expect(w.hops.at(-1)!.result.reject?.with).toBe('icmp-port-unreachable');
  });

  it('traffic from the pod\'s own node is allowed; from another node it is matched like any source', () => {
    const c = small([np('app', 'deny', { podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'] })]);
    // node-1's own address → web (on node-1): the addrtype LOCAL rule of web's ingress chain.
    expect(allowed(c, '172.18.0.2', '10.244.1.20', 80)).toBe(true);
    expect(evaluate(c.model, { from: '172.18.0.2', to: 'app/web', port: 80, fromNode: 'node-1' }).allowed).toBe(true);
    // node-2's address (e.g. masqueraded NodePort traffic, or the hostNetwork agent) → web: denied.
    expectBoth(c, '172.18.0.3', '10.244.1.20', 80, false);
  });

  it('the INPUT jump enforces a pod\'s egress to its own node\'s address', () => {
    // Egress isolation without rules: client may not reach its node (e.g. a NodePort on the node's IP).
    const c = small([np('app', 'deny-out', { podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'] })]);
    const w = walk(c, { src: '10.244.1.10', dst: '172.18.0.2', port: 30080 });
    expect(w.hops.map((h) => `${h.node} ${h.hook} ${h.result.verdict}`)).toEqual(['node-1 INPUT DROP']);
    expect(evaluate(c.model, { from: 'app/client', to: '172.18.0.2', port: 30080 }).allowed).toBe(false);
  });
});

describe('subtractPrefixes', () => {
  const p = (s: string) => {
    const [a, l] = s.split('/');
    return { addr: parseIpv4(a!), len: Number(l) };
  };
  const show = (ps: { addr: number; len: number }[]) => ps.map((x) => `${formatIpv4(x.addr)}/${x.len}`);

  it('0.0.0.0/0 minus 10.0.0.0/8 is the eight prefixes around it', () => {
    // Worked by hand: 10 = 00001010b, so the halves not containing it at each of the first 8 bits.
    expect(show(subtractPrefixes(p('0.0.0.0/0'), [p('10.0.0.0/8')]))).toEqual([
      '0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1',
    ]);
  });

  it('10.244.1.0/24 minus 10.244.1.8/29 and 10.244.1.128/25', () => {
    expect(show(subtractPrefixes(p('10.244.1.0/24'), [p('10.244.1.8/29'), p('10.244.1.128/25')]))).toEqual([
      '10.244.1.0/29', '10.244.1.16/28', '10.244.1.32/27', '10.244.1.64/26',
    ]);
  });

  it('no except, or an except covering everything', () => {
    expect(show(subtractPrefixes(p('10.0.0.0/8'), []))).toEqual(['10.0.0.0/8']);
    expect(subtractPrefixes(p('10.1.0.0/16'), [p('10.0.0.0/8')])).toEqual([]);
  });

  it('covers exactly the addresses of the block outside every except (random check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 32 })), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 20, maxLength: 20 }),
        (len, rawExcepts, samples) => {
          const base = 0x0a000000;
          const net = { addr: (base & (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0)) >>> 0, len };
          const mask = (l: number) => (l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0);
          const inside = (c: { addr: number; len: number }, ip: number) => ((ip & mask(c.len)) >>> 0) === c.addr;
          // Excepts inside the block with a longer prefix, as the API requires.
          const excepts = rawExcepts
            .map(([a, l]) => ({ len: Math.max(l, len + 1), a }))
            .filter((e) => e.len <= 32)
            .map((e) => ({ addr: ((net.addr | (e.a & ~mask(len))) & mask(e.len)) >>> 0, len: e.len }));
          const parts = subtractPrefixes(net, excepts);
          for (const s of samples) {
            const ip = ((net.addr | (s & ~mask(len))) >>> 0);
            const want = !excepts.some((e) => inside(e, ip));
            const hits = parts.filter((x) => inside(x, ip)).length;
            if (hits !== (want ? 1 : 0)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ------------------------------------------------------------------------------------------ random policies

const POD_SLOTS = [
  { name: 'p1', ip: '10.244.1.5', node: 'node-1' },
  { name: 'p2', ip: '10.244.1.10', node: 'node-1' },
  { name: 'p3', ip: '10.244.1.200', node: 'node-1' },
  { name: 'p4', ip: '10.244.2.5', node: 'node-2' },
  { name: 'p5', ip: '10.244.2.100', node: 'node-2' },
  { name: 'p6', ip: '10.244.2.200', node: 'node-2' },
] as const;
const NS = ['x', 'y', 'z'] as const;
const EXTERNAL = ['192.168.7.7', '8.8.8.8'];
const PROBES: readonly { port: number; protocol: NetpolProtocol }[] = [
  { port: 80, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }, { port: 85, protocol: 'TCP' },
  { port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' },
];

const arbLabels = fc.record({ app: fc.constantFrom('web', 'db', undefined), tier: fc.constantFrom('front', 'back', undefined) })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, string>);

const arbSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.constantFrom('web', 'db').map((v) => ({ matchLabels: { app: v } })),
  fc.tuple(fc.constantFrom('In', 'NotIn') as fc.Arbitrary<'In' | 'NotIn'>, fc.constantFrom(['front'], ['back'], ['front', 'back']))
    .map(([operator, values]) => ({ matchExpressions: [{ key: 'tier', operator, values }] })),
  fc.constantFrom('Exists', 'DoesNotExist').map((operator) => ({ matchExpressions: [{ key: 'tier', operator: operator as 'Exists' | 'DoesNotExist' }] })),
);

const arbNsSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant({}),
  fc.constantFrom(...NS).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })),
  fc.constantFrom('a', 'b').map((t) => ({ matchLabels: { team: t } })),
  fc.constant({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' as const }] }),
);

const arbPeer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  arbSelector.map((podSelector) => ({ podSelector })),
  arbNsSelector.map((namespaceSelector) => ({ namespaceSelector })),
  fc.tuple(arbSelector, arbNsSelector).map(([podSelector, namespaceSelector]) => ({ podSelector, namespaceSelector })),
  fc.constantFrom(
    { cidr: '10.244.0.0/16' },
    { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] },
    { cidr: '10.244.1.0/24', except: ['10.244.1.8/29', '10.244.1.128/25'] },
    { cidr: '0.0.0.0/0', except: ['10.244.2.0/25', '172.18.0.3/32'] },
    { cidr: '172.18.0.0/16' },
    { cidr: '192.168.0.0/16', except: ['192.168.7.0/24'] },
  ).map((ipBlock) => ({ ipBlock })),
);

const arbPort: fc.Arbitrary<NetworkPolicyPort> = fc.constantFrom<NetworkPolicyPort>(
  { port: 80 }, { port: 'http' }, { protocol: 'UDP' }, { port: 50, endPort: 90 }, { protocol: 'UDP', port: 53 },
  { port: 'dns', protocol: 'UDP' }, { port: 8080, protocol: 'TCP' }, { protocol: 'TCP' },
);

const arbPeers = fc.option(fc.array(arbPeer, { maxLength: 2 }), { nil: undefined });
const arbPorts = fc.option(fc.array(arbPort, { maxLength: 2 }), { nil: undefined });

const arbPolicy = (i: number) => fc.record({
  ns: fc.constantFrom(...NS),
  podSelector: arbSelector,
  types: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  ingress: fc.option(fc.array(fc.record({ from: arbPeers, ports: arbPorts }), { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(fc.record({ to: arbPeers, ports: arbPorts }), { maxLength: 2 }), { nil: undefined }),
}).map((r): NetworkPolicy => np(r.ns, `p${i}`, {
  podSelector: r.podSelector,
  ...(r.types ? { policyTypes: r.types } : {}),
  ...(r.ingress ? { ingress: r.ingress.map((x) => ({ ...(x.from ? { from: x.from } : {}), ...(x.ports ? { ports: x.ports } : {}) })) } : {}),
  ...(r.egress ? { egress: r.egress.map((x) => ({ ...(x.to ? { to: x.to } : {}), ...(x.ports ? { ports: x.ports } : {}) })) } : {}),
}));

const arbScenario = fc.record({
  nsTeams: fc.tuple(fc.constantFrom('a', 'b', undefined), fc.constantFrom('a', 'b', undefined), fc.constantFrom('a', 'b', undefined)),
  pods: fc.tuple(...POD_SLOTS.map(() => fc.record({
    ns: fc.constantFrom(...NS),
    labels: arbLabels,
    http: fc.constantFrom(undefined, 80, 8080),
    dns: fc.boolean(),
  }))),
  agentNs: fc.constantFrom(...NS),
  policies: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbPolicy(i)))),
});

describe('random policies: the iptables walk agrees with the evaluator', () => {
  it('on every probe between pods, node addresses and outside hosts', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const pods: PodInfo[] = POD_SLOTS.map((slot, i) => {
          const g = s.pods[i]!;
          const ports = [
            ...(g.http !== undefined ? [{ name: 'http', containerPort: g.http }] : []),
            ...(g.dns ? [{ name: 'dns', containerPort: 53, protocol: 'UDP' as const }] : []),
          ];
          return { namespace: g.ns, name: slot.name, labels: g.labels, ip: slot.ip, nodeName: slot.node, containers: [{ name: 'c', ports }] };
        });
        pods.push({ namespace: s.agentNs, name: 'agent', labels: { app: 'web' }, ip: NODE_IPS['node-2']!, nodeName: 'node-2', hostNetwork: true, containers: [] });
        const namespaces = NS.map((name, i) => ({ name, ...(s.nsTeams[i] ? { labels: { team: s.nsTeams[i]! } } : {}) }));
        const model = buildNetpolModel({ namespaces, pods, policies: s.policies });
        const c = buildCluster(model, pods);
        // Endpoints: the pods by name (the hostNetwork agent included), node-1's address, outside hosts.
        const ends: { query: string; ip: string; fromNode?: string }[] = [
          ...pods.map((p) => ({ query: `${p.namespace}/${p.name}`, ip: p.ip })),
          { query: NODE_IPS['node-1']!, ip: NODE_IPS['node-1']!, fromNode: 'node-1' },
          ...EXTERNAL.map((ip) => ({ query: ip, ip })),
        ];
        for (const from of ends) {
          for (const to of ends) {
            if (from.ip === to.ip) continue;
            for (const probe of PROBES) {
              const want = evaluate(model, {
                from: from.query, to: to.query, port: probe.port, protocol: probe.protocol,
                ...(from.fromNode ? { fromNode: from.fromNode } : {}),
              }).allowed;
              const got = walk(c, { src: from.ip, dst: to.ip, port: probe.port, protocol: probe.protocol }).allowed;
              if (got !== want) {
                throw new Error(`${from.query} -> ${to.query} ${probe.protocol}/${probe.port}: walk ${got}, evaluator ${want}`);
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});
