// The check engine, one kind at a time: a passing and a failing case each, with the message, what was expected
// and what was found. The cluster is the course's standard two-node flannel VXLAN cluster (kubeadm defaults:
// node-1 = 10.244.0.0/24, node-2 = 10.244.1.0/24, node IPs 192.168.56.11/.12); the expectations below follow
// from how flannel and kube-proxy set a node up, as noted at each test.
import { beforeAll, describe, expect, it } from 'vitest';
import { cluster, type LabCluster } from '../../src/sim/api';
import { devicePath, loadLab, normalizeWaypoint, runChecks, type CheckResult, type Lang } from '../../src/labs';

function lab(checks: string, tsChecks?: Record<string, unknown>) {
  const yaml = `id: t
chapter: test
kind: build
title: { en: T, zh-tw: 測 }
summary: { en: S, zh-tw: 摘 }
instructions: { en: I, zh-tw: 說 }
checks:
${checks.replace(/^/gm, '  ')}
hints: [{ en: H, zh-tw: 提 }]
`;
  return loadLab({ file: 'test/lab.yaml', yaml, checks: tsChecks });
}

/** Runs one check (YAML, starting with "- id: …") and returns its result. */
function check(yaml: string, exports: Record<string, unknown>, lang: Lang = 'en', tsChecks?: Record<string, unknown>): CheckResult {
  const run = runChecks(lab(yaml, tsChecks), exports, { lang });
  expect(run.results).toHaveLength(1);
  expect(run.passed).toBe(run.results[0]!.pass);
  return run.results[0]!;
}

let c: LabCluster;
let ex: Record<string, unknown>;
let ip: (pod: string) => string;

beforeAll(() => {
  c = cluster({ cni: 'flannel-vxlan' });
  c.node('node-1').node('node-2');
  c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
  // Same label, nothing listening: the Service's second endpoint refuses connections.
  c.pod('web-2', { node: 'node-2', labels: { app: 'web' }, containers: [{ name: 'nginx' }] });
  c.pod('client', { node: 'node-2' });
  c.service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] });
  c.host('ext', { ports: [80] });
  ex = { default: c };
  ip = (pod) => c.model.built.podIPs.get(pod)!;
});

describe('trace checks', () => {
  it('verdict and delivered-to (Pod by label selector, node, container, port): pass, message filled in', () => {
    const r = check(
      `- id: d
  trace: { from: pod/default/client, to: pod/default/web:80 }
  expect: { verdict: delivered, deliveredTo: { pod: app=web, node: node-1, container: nginx, port: 80 } }
  message: { en: "{verdict} at {where}", zh-tw: "{verdict}，在 {where}" }`,
      ex,
    );
    expect(r).toEqual({ id: 'd', pass: true, message: 'delivered at default/web eth0' });
  });

  it('verdict: a refused connection says where and why, in both languages', () => {
    const yaml = `- id: d
  trace: { from: pod/default/client, to: pod/default/web-2:80 }
  expect: { verdict: delivered }
  message: { en: "client reaches web-2: {verdict} at hop {hop}", zh-tw: "client 連到 web-2：第 {hop} 跳 {verdict}" }`;
    // client and web-2 share node-2's bridge: hop 0 client, hop 1 bridge cni0, hop 2 web-2, where no socket
    // listens on port 80, so the kernel answers the SYN with a reset: ECONNREFUSED.
    const en = check(yaml, ex);
    expect(en).toEqual({
      id: 'd',
      pass: false,
      message: 'client reaches web-2: refused at hop 2',
      expected: 'verdict delivered',
      found: 'verdict refused at hop 2 (default/web-2 eth0): ECONNREFUSED (connection refused)',
    });
    const zh = check(yaml, ex, 'zh-tw');
    expect(zh.message).toBe('client 連到 web-2：第 2 跳 refused');
    expect(zh.expected).toBe('結果 delivered');
    expect(zh.found).toBe('結果 refused，在第 2 跳（default/web-2 eth0）：ECONNREFUSED (connection refused)');
  });

  it('reason', () => {
    const yaml = (reason: string) => `- id: r
  trace: { from: pod/default/client, to: pod/default/web-2:80 }
  expect: { reason: ${reason} }
  message: { en: "{reason}", zh-tw: "{reason}" }`;
    expect(check(yaml('ECONNREFUSED'), ex).pass).toBe(true);
    expect(check(yaml('ETIMEDOUT'), ex)).toMatchObject({ pass: false, expected: 'reason ETIMEDOUT', found: 'reason ECONNREFUSED (connection refused)' });
  });

  it('sourceSeen: a Pod-to-Pod connection keeps the client Pod IP (flannel returns before MASQUERADE inside 10.244.0.0/16)', () => {
    const yaml = (want: string) => `- id: s
  trace: { from: pod/default/client, to: pod/default/web:80 }
  expect: { sourceSeen: ${want} }
  message: { en: "web saw {sourceSeen}", zh-tw: "web 看到 {sourceSeen}" }`;
    const ok = check(yaml('{ podIP: default/client }'), ex);
    expect(ok.pass).toBe(true);
    expect(ok.message).toMatch(new RegExp(`^web saw ${ip('default/client').replace(/\./g, '\\.')}:\\d+ \\(Pod default/client\\)$`));
    expect(check(yaml(`"${ip('default/client')}"`), ex).pass).toBe(true);
    const bad = check(yaml('{ nodeIP: node-2 }'), ex);
    expect(bad.pass).toBe(false);
    expect(bad.expected).toBe('source seen by the receiver 192.168.56.12 (the node IP of node-2)');
    expect(bad.found).toMatch(/^source seen by the receiver 10\.244\.1\.\d+:\d+ \(Pod default\/client\)$/);
    const zh = check(yaml('{ nodeIP: node-2 }'), ex, 'zh-tw');
    expect(zh.expected).toBe('接收端看到的來源 192.168.56.12 (node-2 的節點 IP)');
  });

  it('masquerade and sourceSeen to a host outside the Pod network: flannel masquerades to the node IP', () => {
    // FLANNEL-POSTRTG: -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE, and MASQUERADE takes the address of the
    // outgoing device: node-2's eth0, 192.168.56.12.
    const yaml = (expect: string) => `- id: m
  trace: { from: pod/default/client, to: "ext:80" }
  expect: ${expect}
  message: { en: "masquerade {masquerade}", zh-tw: "masquerade {masquerade}" }`;
    expect(check(yaml('{ masquerade: true, sourceSeen: { nodeIP: node-2 }, deliveredTo: { host: ext } }'), ex)).toEqual({ id: 'm', pass: true, message: 'masquerade yes' });
    const bad = check(yaml('{ masquerade: false }'), ex);
    expect(bad).toMatchObject({ pass: false, expected: 'source NAT (masquerade): no', found: 'source NAT (masquerade): yes' });
    expect(check(yaml('{ masquerade: false }'), ex, 'zh-tw')).toMatchObject({ message: 'masquerade 有', expected: '來源 NAT（masquerade）：沒有', found: '來源 NAT（masquerade）：有' });
  });

  it('dnat: a Service DNATs to one of its endpoints; a Pod IP is not DNATed', () => {
    const yaml = (to: string, dnat: string) => `- id: n
  trace: { from: pod/default/client, to: "${to}" }
  expect: { dnat: ${dnat} }
  message: { en: "{dnat}", zh-tw: "{dnat}" }`;
    expect(check(yaml('svc/default/web:80', '{ endpointOf: svc/default/web }'), ex).pass).toBe(true);
    expect(check(yaml('pod/default/web:80', 'null'), ex)).toEqual({ id: 'n', pass: true, message: 'no destination NAT' });
    const bad = check(yaml('svc/default/web:80', 'null'), ex);
    expect(bad.pass).toBe(false);
    expect(bad.expected).toBe('no destination NAT');
    expect(bad.found).toMatch(/^destination NAT to 10\.244\.\d+\.\d+:80 \(Pod default\/web(-2)?\)$/);
    const notEndpoint = check(yaml('pod/default/web:80', '{ endpointOf: svc/default/web }'), ex);
    expect(notEndpoint.pass).toBe(false);
    expect(notEndpoint.expected).toMatch(/^destination NAT to any endpoint of Service default\/web \(10\.244\.\d+\.\d+, 10\.244\.\d+\.\d+\)$/);
    expect(notEndpoint.found).toBe('no destination NAT');
  });

  it('deliveredTo: the wrong Pod', () => {
    const r = check(
      `- id: w
  trace: { from: pod/default/client, to: pod/default/web:80 }
  expect: { deliveredTo: { pod: default/client } }
  message: { en: "to {deliveredTo}", zh-tw: "到 {deliveredTo}" }`,
      ex,
    );
    expect(r).toEqual({
      id: 'w',
      pass: false,
      message: `to Pod default/web, node node-1, container nginx, ${ip('default/web')}:80`,
      expected: 'delivered to Pod default/client',
      found: `delivered to Pod default/web, node node-1, container nginx, ${ip('default/web')}:80`,
    });
  });

  it('hops: waypoints in order, by device, by namespace alone, or with pod/ and node/ prefixes', () => {
    const yaml = (hops: string) => `- id: h
  trace: { from: pod/default/client, to: pod/default/web:80 }
  expect: { hops: ${hops} }
  message: { en: "{path}", zh-tw: "{path}" }`;
    // VXLAN across nodes: out of node-2 through flannel.1 (encapsulated, then out of eth0), into node-1 on eth0,
    // decapsulated to flannel.1, routed to cni0 and web's veth.
    const path = 'default/client eth0 → node-2 cni0 → node-2 flannel.1 → node-2 eth0 → node-1 eth0 → node-1 flannel.1 → node-1 cni0 → default/web eth0';
    expect(check(yaml('[node-2 flannel.1, node-1 flannel.1]'), ex)).toEqual({ id: 'h', pass: true, message: path });
    expect(check(yaml('[pod/client eth0, node/node-1, pod/default/web eth0]'), ex).pass).toBe(true);
    expect(check(yaml('[node-1 flannel.1, node-2 flannel.1]'), ex)).toMatchObject({
      pass: false,
      expected: 'a path through node-1 flannel.1 → node-2 flannel.1',
      found: `the path ${path}; after node-1 flannel.1 there is no node-2 flannel.1`,
    });
    expect(check(yaml('[node-3 eth0]'), ex, 'zh-tw')).toMatchObject({ expected: '路徑依序經過 node-3 eth0', found: `路徑為 ${path}；缺少 node-3 eth0` });
  });

  it('every and some, over the branches of the Service load balancing', () => {
    const yaml = (e: string) => `- id: e
  trace: { from: pod/default/client, to: svc/default/web:80, explore: true }
  expect: ${e}
  message: { en: "branches", zh-tw: "分支" }`;
    // Two endpoints, so kube-proxy's KUBE-SVC chain takes each with probability 0.5; web-2 refuses.
    const every = check(yaml('{ every: { verdict: delivered } }'), ex);
    expect(every.pass).toBe(false);
    expect(every.expected).toBe('every branch: verdict delivered');
    expect(every.found).toMatch(/^branch [12] of 2 \(50\.0%, 10\.244\.1\.\d+:80\): verdict refused$/);
    expect(check(yaml('{ every: { sourceSeen: { podIP: default/client }, dnat: { endpointOf: svc/default/web } } }'), ex).pass).toBe(true);
    expect(check(yaml('{ some: { deliveredTo: { pod: default/web } } }'), ex).pass).toBe(true);
    const some = check(yaml('{ some: { deliveredTo: { pod: default/client } } }'), ex);
    expect(some.pass).toBe(false);
    expect(some.expected).toBe('at least one branch: delivered to Pod default/client');
    expect(some.found!.split('\n')[0]).toBe('none of the 2 branches: ');
    expect(some.found!.split('\n')).toHaveLength(3);
  });

  it('a trace the cluster cannot run fails with the simulator\'s reason', () => {
    const r = check(
      `- id: x
  trace: { from: pod/default/nope, to: pod/default/web:80 }
  expect: { verdict: delivered }
  message: { en: "{verdict}", zh-tw: "{verdict}" }`,
      ex,
    );
    expect(r).toEqual({ id: 'x', pass: false, message: '—', found: 'source: no Pod default/nope (Pods: default/web, default/web-2, default/client)' });
  });
});

describe('route checks (ip route get)', () => {
  const yaml = (on: string, dst: string, e: string) => `- id: r
  route: { on: ${on}, dst: ${dst} }
  expect: ${e}
  message: { en: "{route}", zh-tw: "{route}" }`;

  it('node-2 sends node-1 Pods to flannel.1, via node-1 subnet address (flannel VXLAN: "via 10.244.0.0 dev flannel.1 onlink")', () => {
    const r = check(yaml('node/node-2', '{ podIP: default/web }', '{ dev: flannel.1, via: 10.244.0.0 }'), ex);
    expect(r.pass).toBe(true);
    expect(r.message).toBe(`${ip('default/web')} via 10.244.0.0 dev flannel.1 src 10.244.1.0 uid 0`);
  });

  it('fails naming the route it got; the source address is flannel.1\'s, not the bridge\'s', () => {
    const dev = check(yaml('node/node-2', '{ podIP: default/web }', '{ dev: cni0 }'), ex);
    expect(dev).toMatchObject({
      pass: false,
      expected: 'a route dev cni0',
      found: `\`ip route get ${ip('default/web')}\` on node/node-2 says: ${ip('default/web')} via 10.244.0.0 dev flannel.1 src 10.244.1.0 (node-2 flannel.1) uid 0`,
    });
    const src = check(yaml('node/node-2', '{ podIP: default/web }', '{ src: { bridgeIP: node-2 } }'), ex);
    // host-local's gateway on node-2's cni0 is the first address of 10.244.1.0/24.
    expect(src.expected).toBe('a route src 10.244.1.1 (the address of cni0 on node-2)');
    expect(check(yaml('node/node-2', '{ podIP: default/web }', '{ dev: cni0 }'), ex, 'zh-tw').found).toMatch(/^在 node\/node-2 上 `ip route get 10\.244\.0\.\d+` 的結果：/);
  });

  it('inside a Pod: the cluster network goes through the bridge address (flannel adds the route to the Pod)', () => {
    expect(check(yaml('pod/default/client', '{ podIP: default/web }', '{ dev: eth0, via: 10.244.1.1 }'), ex).pass).toBe(true);
    expect(check(yaml('pod/default/client', '{ podIP: default/web }', '{ via: null }'), ex)).toMatchObject({ pass: false, expected: 'a route no gateway (directly connected)' });
    expect(check(yaml('pod/default/client', '{ podIP: default/web-2 }', '{ via: null, dev: eth0 }'), ex).pass).toBe(true);
  });
});

describe('rule checks (iptables-save)', () => {
  const yaml = (rule: string) => `- id: p
  rule: ${rule}
  message: { en: "{on} {table} {chain}", zh-tw: "{on} {table} {chain}" }`;

  it('a rule in a chain: flannel hooks its masquerade chain into nat POSTROUTING', () => {
    expect(check(yaml('{ on: node/node-1, table: nat, chain: POSTROUTING, contains: "-j FLANNEL-POSTRTG" }'), ex)).toEqual({ id: 'p', pass: true, message: 'node/node-1 nat POSTROUTING' });
    expect(check(yaml('{ on: node/node-1, table: nat, matches: "^-A FLANNEL-POSTRTG -s 10.244.0.0/16 .*-j MASQUERADE" }'), ex).pass).toBe(true);
  });

  it('a missing rule shows what the chain has', () => {
    const r = check(yaml('{ on: node/node-1, table: nat, chain: POSTROUTING, contains: "-j NOPE" }'), ex);
    expect(r.pass).toBe(false);
    expect(r.expected).toBe('a line of `iptables-save -t nat` on node/node-1 that contains "-j NOPE"');
    expect(r.found).toBe(
      'no such line; POSTROUTING (nat) has: \n' +
        ':POSTROUTING ACCEPT [0:0]\n' +
        '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n' +
        '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
    );
  });

  it('absent: no DROP rule in FORWARD, but kube-proxy does drop INVALID packets in KUBE-FORWARD', () => {
    expect(check(yaml('{ on: node/node-1, table: filter, chain: FORWARD, contains: "-j DROP", absent: true }'), ex).pass).toBe(true);
    const r = check(yaml('{ on: node/node-1, table: filter, chain: KUBE-FORWARD, contains: "-j DROP", absent: true }'), ex);
    expect(r).toMatchObject({
      pass: false,
      expected: 'no line of `iptables-save -t filter` on node/node-1 contains "-j DROP"',
      found: 'it has: \n-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    });
  });
});

describe('exec checks', () => {
  const yaml = (x: string) => `- id: x
  exec: ${x}
  message: { en: "{command} on {on}", zh-tw: "在 {on} 上執行 {command}" }`;

  it('contains and matches: a Pod\'s default route goes to its node\'s bridge (flannel\'s isDefaultGateway)', () => {
    expect(check(yaml('{ on: pod/default/client, command: ip route, contains: "default via 10.244.1.1 dev eth0" }'), ex)).toEqual({ id: 'x', pass: true, message: 'ip route on pod/default/client' });
    expect(check(yaml('{ on: node/node-2, command: ip route, matches: "^10\\\\.244\\\\.0\\\\.0/24 via 10\\\\.244\\\\.0\\\\.0 dev flannel\\\\.1 onlink" }'), ex).pass).toBe(true);
  });

  it('a missing text shows what the command printed, in both languages', () => {
    const out = c.exec('pod/default/client', 'ip route').trimEnd();
    const y = yaml('{ on: pod/default/client, command: ip route, contains: flannel.1 }');
    expect(check(y, ex)).toEqual({
      id: 'x',
      pass: false,
      message: 'ip route on pod/default/client',
      expected: 'the output of `ip route` on pod/default/client contains "flannel.1"',
      found: `it printed: \n${out}`,
    });
    expect(check(y, ex, 'zh-tw')).toMatchObject({ message: '在 pod/default/client 上執行 ip route', expected: '在 pod/default/client 上執行 `ip route` 的輸出包含 "flannel.1"', found: `它印出：\n${out}` });
  });

  it('absent', () => {
    expect(check(yaml('{ on: pod/default/client, command: ip route, contains: flannel.1, absent: true }'), ex).pass).toBe(true);
    expect(check(yaml('{ on: node/node-2, command: ip route, contains: flannel.1, absent: true }'), ex)).toMatchObject({
      pass: false,
      expected: 'the output of `ip route` on node/node-2 does not contain "flannel.1"',
    });
  });
});

describe('object checks', () => {
  const yaml = (o: string) => `- id: o
  object: ${o}
  message: { en: "{kind} {object}", zh-tw: "{kind} {object}" }`;

  it('exists with fields: nested objects, lists by element, 80 and "80" alike', () => {
    expect(check(yaml('{ kind: Pod, namespace: default, name: client, where: { nodeName: node-2 } }'), ex)).toEqual({ id: 'o', pass: true, message: 'Pod default/client' });
    expect(check(yaml('{ kind: Service, name: web, where: { spec: { ports: [{ port: 80, targetPort: 80 }] } } }'), ex).pass).toBe(true);
    expect(check(yaml('{ kind: Pod, name: web, where: { containers: [{ ports: [{ containerPort: "80" }] }] } }'), ex).pass).toBe(true);
    expect(check(yaml('{ kind: Pod, where: { labels: { app: web } } }'), ex).pass).toBe(true);
    expect(check(yaml('{ kind: Node, name: node-1, where: { podCIDR: 10.244.0.0/24 } }'), ex).pass).toBe(true);
  });

  it('a field that differs, named with its path', () => {
    expect(check(yaml('{ kind: Service, namespace: default, name: web, where: { spec: { type: NodePort } } }'), ex)).toEqual({
      id: 'o',
      pass: false,
      message: 'Service default/web',
      expected: 'a Service default/web with { spec: { type: NodePort } }',
      found: 'Service default/web has spec.type: ClusterIP',
    });
    expect(check(yaml('{ kind: Pod, namespace: default, name: web-2, where: { containers: [{ ports: [{ containerPort: 80 }] }] } }'), ex, 'zh-tw')).toMatchObject({
      expected: '一個 Pod default/web-2，欄位 { containers: [{ ports: [{ containerPort: 80 }] }] }',
      found: 'Pod default/web-2 的 containers: [{ name: nginx, ports: [] }]',
    });
  });

  it('no such object lists the ones there are', () => {
    expect(check(yaml('{ kind: Node, name: node-3 }'), ex)).toMatchObject({ pass: false, expected: 'a Node node-3', found: 'no Node node-3 (Nodes: node-1, node-2)' });
  });

  it('absent', () => {
    expect(check(yaml('{ kind: NetworkPolicy, absent: true }'), ex).pass).toBe(true);
    expect(check(yaml('{ kind: Pod, namespace: default, name: web-2, absent: true }'), ex)).toMatchObject({ pass: false, expected: 'no Pod default/web-2', found: 'Pod default/web-2 exists' });
  });
});

describe('export checks', () => {
  it('equals: an explore lab\'s answers', () => {
    const yaml = `- id: a
  export: { name: answers, equals: { endpoints: 2, refused: [default/web-2] } }
  message: { en: "{name}", zh-tw: "{name}" }`;
    expect(check(yaml, { ...ex, answers: { refused: ['default/web-2'], endpoints: 2 } }).pass).toBe(true);
    expect(check(yaml, { ...ex, answers: { endpoints: 3, refused: [] } })).toMatchObject({
      pass: false,
      expected: 'answers = { endpoints: 2, refused: [default/web-2] }',
      found: 'answers = { endpoints: 3, refused: [] }',
    });
    expect(check(yaml, ex)).toMatchObject({ pass: false, found: 'your code has no `export const answers`' });
    expect(check(yaml, ex, 'zh-tw')).toMatchObject({ found: '你的程式沒有 `export const answers`' });
  });

  it('equalsPath: a predicted path, compared side by side with the simulated one', () => {
    const yaml = `- id: p
  export: { name: predicted, equalsPath: { from: pod/default/client, to: pod/default/web:80 } }
  message: { en: "your path", zh-tw: "你的路徑" }`;
    // Written by hand from how flannel VXLAN forwards (see the hops test), with the accepted pod/ prefixes.
    const right = ['pod/client eth0', 'node-2 cni0', 'node-2 flannel.1', 'node-2 eth0', 'node-1 eth0', 'node-1 flannel.1', 'node-1 cni0', 'pod/web eth0'];
    expect(check(yaml, { ...ex, predicted: right }).pass).toBe(true);
    const wrong = ['pod/client eth0', 'node-2 cni0', 'node-2 flannel.1', 'node-1 flannel.1', 'node-1 cni0', 'pod/web eth0'];
    const r = check(yaml, { ...ex, predicted: wrong });
    expect(r.pass).toBe(false);
    expect(r.expected).toBe('default/client eth0 → node-2 cni0 → node-2 flannel.1 → node-2 eth0 → node-1 eth0 → node-1 flannel.1 → node-1 cni0 → default/web eth0');
    expect(r.found!.split('\n')).toEqual([
      'they part at step 4',
      '     yours             simulated',
      '   1 pod/client eth0   default/client eth0',
      '   2 node-2 cni0       node-2 cni0',
      '   3 node-2 flannel.1  node-2 flannel.1',
      '✗  4 node-1 flannel.1  node-2 eth0',
      '✗  5 node-1 cni0       node-1 eth0',
      '✗  6 pod/web eth0      node-1 flannel.1',
      '✗  7 —                 node-1 cni0',
      '✗  8 —                 default/web eth0',
    ]);
    expect(check(yaml, { ...ex, predicted: 'node-2' })).toMatchObject({ pass: false, found: 'predicted is not a list of "NAMESPACE DEVICE" strings: node-2' });
  });
});

describe('TypeScript checks', () => {
  const yaml = (name: string) => `- id: t
  ts: ${name}
  message: { en: "{n} Pods ({found})", zh-tw: "{n} 個 Pod（{found}）" }`;

  it('receive the cluster, the exports and the language; return a boolean or a verdict with values', () => {
    const seen: unknown[] = [];
    const fns = {
      yes: (ctx: unknown) => {
        seen.push(ctx);
        return true;
      },
      count: ({ cluster: k }: { cluster: LabCluster }) => {
        const n = k.toJSON().pods.filter((p) => p.name.startsWith('default/')).length;
        return { pass: n === 2, expected: '2 Pods', found: `${n} Pods`, values: { n: String(n) } };
      },
    };
    expect(check(yaml('yes'), ex, 'zh-tw', fns)).toEqual({ id: 't', pass: true, message: '— 個 Pod（）' });
    expect(seen).toEqual([{ cluster: c, exports: ex, lang: 'zh-tw' }]);
    expect(check(yaml('count'), ex, 'en', fns)).toEqual({ id: 't', pass: false, message: '3 Pods (3 Pods)', expected: '2 Pods', found: '3 Pods' });
  });

  it('a check that throws fails with the error', () => {
    const fns = {
      boom: () => {
        throw new TypeError('boom');
      },
    };
    expect(check(yaml('boom'), ex, 'en', fns)).toMatchObject({ pass: false, found: 'the check could not run: TypeError: boom' });
    expect(check(yaml('boom'), ex, 'zh-tw', fns)).toMatchObject({ pass: false, found: '無法執行這項檢查：TypeError: boom' });
  });
});

describe('a module without a cluster', () => {
  it('fails the checks that need one, saying how to export it, and still runs the others', () => {
    const run = runChecks(
      lab(`- id: d
  trace: { from: pod/default/client, to: pod/default/web:80 }
  expect: { verdict: delivered }
  message: { en: "{verdict}", zh-tw: "{verdict}" }
- id: a
  export: { name: answer, equals: 42 }
  message: { en: answer, zh-tw: 答案 }`),
      { answer: 42, default: { not: 'a cluster' } },
    );
    expect(run.passed).toBe(false);
    expect(run.results).toEqual([
      { id: 'd', pass: false, message: '—', found: 'your code exports no cluster: end it with `export default c` (c is the cluster you built)' },
      { id: 'a', pass: true, message: 'answer' },
    ]);
  });
});

describe('the device path', () => {
  it('leaves out veth names and repeats, and stops where the packet stopped', () => {
    // web-2 is on client's node: out of client's eth0, across node-2's bridge, into web-2's eth0 (refused there).
    expect(devicePath(c.trace('pod/default/client', 'pod/default/web-2:80').trace)).toEqual(['default/client eth0', 'node-2 cni0', 'default/web-2 eth0']);
  });

  it('normalizes waypoints', () => {
    expect(normalizeWaypoint('  pod/web   eth0 ')).toBe('default/web eth0');
    expect(normalizeWaypoint('pod/kube-system/coredns eth0')).toBe('kube-system/coredns eth0');
    expect(normalizeWaypoint('node/Node-1 FLANNEL.1')).toBe('node-1 flannel.1');
  });
});
