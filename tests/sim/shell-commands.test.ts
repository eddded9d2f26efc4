/**
 * The terminal's commands that read a namespace or the control plane: `ip` global options and `ip neigh show
 * dev`, `bridge fdb show dev|br`, `ss`, curl's options and timeouts, `kubectl get events`. Expected text is
 * written out by hand from the tools' format strings (cited per test), not copied from the simulator's output.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { runShell } from '../../src/sim/cli/shell';
import { createWorld } from '../../src/sim/world/world';
import { parseSs, ssShow } from '../../src/sim/render';

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const web = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { nodeName: 'node-1', containers: [{ name: 'nginx', ports: [{ containerPort: 80 }] }] } };
const client = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default', labels: { app: 'client' } }, spec: { nodeName: 'node-2', containers: [{ name: 'curl' }] } };
const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
const denyWebIngress = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'default' }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] } };
const denyClientEgress = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'no-egress', namespace: 'default' }, spec: { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'] } };

const cluster = (...extra: unknown[]) => Cluster.fromObjects([node('node-1'), node('node-2'), web, client, svc, ...extra]);
const sh = (c: Cluster, target: string, line: string) => runShell(c, target, line);

describe('ip global options (ip/ipaddress.c)', () => {
  const c = cluster();

  it('-br address: "%-16s " name, "%-14s " operstate, then "ADDR/LEN " each (print_linkinfo_brief)', () => {
    const out = sh(c, 'pod/default/client', 'ip -br address').stdout.split('\n');
    // lo: 2 + 14 pad + 1, UNKNOWN: 7 + 7 pad + 1; the line ends in the blank after the last address.
    expect(out[0]).toBe('lo               UNKNOWN        127.0.0.1/8 ::1/128 ');
    expect(out[1]).toMatch(/^eth0@if\d+ {6,8} UP {13}10\.244\.1\.\d+\/24 fe80::[0-9a-f:]+\/64 $/);
    expect(out).toHaveLength(3);
  });

  it('-br link: name, state, MAC and <FLAGS> (the link family)', () => {
    expect(sh(c, 'pod/default/client', 'ip -br link').stdout.split('\n')[0]).toBe('lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ');
  });

  it('-o address: no link lines, "N: NAME" before each address line, its newline as "\\"', () => {
    const out = sh(c, 'pod/default/client', 'ip -o -4 a').stdout.split('\n');
    expect(out[0]).toBe('1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever');
    expect(out[1]).toMatch(/^2: eth0 {4}inet 10\.244\.1\.\d+\/24 (brd \S+ )?scope global eth0\\ {7}valid_lft forever preferred_lft forever$/);
  });

  it('-o link: one line per device', () => {
    const lines = sh(c, 'pod/default/client', 'ip -o link').stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00');
  });

  it('-4 / -6 keep one family and the devices that have it (ipaddr_filter)', () => {
    const v4 = sh(c, 'node/node-1', 'ip -4 address show').stdout;
    expect(v4).toContain('inet 127.0.0.1/8');
    expect(v4).not.toContain('inet6');
    // veths have only their link-local address: left out with -4.
    expect(v4).not.toMatch(/veth/);
    const v6 = sh(c, 'pod/default/client', 'ip -6 a').stdout;
    expect(v6).toContain('inet6 ::1/128 scope host');
    expect(v6).not.toMatch(/ inet /);
  });

  it('errors as ip prints them: unknown option (exit 255), unmodelled option, unknown device (exit 1)', () => {
    expect(sh(c, 'node/node-1', 'ip -x a')).toEqual({ stdout: '', stderr: 'Option "-x" is unknown, try "ip -help".\n', code: 255 });
    expect(sh(c, 'node/node-1', 'ip -s link').stderr).toMatch(/^simulator: ip option "-s" is not modelled/);
    expect(sh(c, 'node/node-1', 'ip link show dev nope')).toEqual({ stdout: '', stderr: 'Device "nope" does not exist.\n', code: 1 });
  });
});

describe('ip neigh show dev / bridge fdb show dev', () => {
  const c = cluster();
  // Traffic fills the neighbour tables and the bridge's learned entries.
  c.trace('pod/default/client', 'svc/default/web:80');

  it('ip neigh show dev DEV keeps that device\'s entries and leaves out "dev DEV" (ipneigh.c print_neigh)', () => {
    const all = sh(c, 'node/node-2', 'ip neigh show').stdout.split('\n').filter(Boolean);
    const cni = sh(c, 'node/node-2', 'ip neigh show dev cni0');
    expect(cni.code).toBe(0);
    const expected = all.filter((l) => l.includes(' dev cni0 ')).map((l) => l.replace(' dev cni0 ', ' '));
    expect(expected.length).toBeGreaterThan(0);
    expect(cni.stdout.split('\n').filter(Boolean)).toEqual(expected);
    expect(sh(c, 'node/node-2', 'ip neigh show dev nope')).toEqual({ stdout: '', stderr: 'Cannot find device "nope"\n', code: 1 });
  });

  it('bridge fdb show dev PORT: that port\'s dump without "dev PORT"; br BR: the bridge and its ports', () => {
    const all = sh(c, 'node/node-2', 'bridge fdb show').stdout.split('\n').filter(Boolean);
    const port = /dev (veth\w+) master cni0/.exec(all.join('\n'))![1]!;
    const only = sh(c, 'node/node-2', `bridge fdb show dev ${port}`).stdout.split('\n').filter(Boolean);
    expect(only).toEqual(all.filter((l) => l.includes(` dev ${port} `)).map((l) => l.replace(` dev ${port} `, ' ')));
    expect(only.every((l) => !l.includes(' dev '))).toBe(true);
    const br = sh(c, 'node/node-2', 'bridge fdb show br cni0').stdout.split('\n').filter(Boolean);
    expect(br).toEqual(all.filter((l) => !/ dev (eth0|flannel\.1|lo) /.test(l)));
    expect(sh(c, 'node/node-2', 'bridge fdb show dev nope')).toEqual({ stdout: '', stderr: 'Cannot find device "nope"\n', code: 255 });
    expect(sh(c, 'node/node-2', 'bridge fdb show br nope').stderr).toBe('Cannot find bridge device "nope"\n');
  });
});

describe('ss (misc/ss.c, compact output)', () => {
  it('-tln in a Pod: State..Process header; columns as wide as their widest cell plus the delimiter', () => {
    const c = cluster();
    // Netid is dropped (one table, -t). Widths: State 6 ("LISTEN"), Recv-Q/Send-Q 6+1, "Local Address:" 14+1
    // (right-aligned), Port 4, "Peer Address:" 13+1, Port 4, Process 7; Port and Process have no delimiter.
    expect(sh(c, 'pod/default/web', 'ss -tln').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'LISTEN 0      4096         0.0.0.0:80        0.0.0.0:*          \n',
    );
  });

  it('-tlnp names the process; -H drops the header; a 5-digit port widens its column', () => {
    const c = cluster();
    expect(sh(c, 'pod/default/web', 'ss -Htlnp').stdout).toBe('LISTEN 0      4096   0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=1,fd=3))\n');
    const nodeOut = sh(c, 'node/node-2', 'ss -ltn').stdout.split('\n');
    expect(nodeOut[0]).toBe('State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess');
    expect(nodeOut[1]).toBe('LISTEN 0      4096         0.0.0.0:10250      0.0.0.0:*          ');
  });

  it('-tuln: Netid appears, UDP before TCP, bound UDP sockets are UNCONN', () => {
    const world = createWorld({ seed: 1 });
    world.addNetns('srv', 'host');
    const ns = world.netns('srv');
    ns.bind({ proto: 'tcp', addr: 0, port: 22, reusePort: false, reuseAddr: false, owner: 'sshd' });
    ns.bind({ proto: 'udp', addr: 0, port: 53, reusePort: false, reuseAddr: false, owner: 'dnsmasq' });
    const p = parseSs(['-tuln']);
    if (!p.ok) throw new Error(p.stderr);
    expect(ssShow(world, 'srv', p.options)).toBe(
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'udp   UNCONN 0      0            0.0.0.0:53        0.0.0.0:*          \n' +
        'tcp   LISTEN 0      4096         0.0.0.0:22        0.0.0.0:*          \n',
    );
    // Without -n, /etc/services names (getservbyport): 22 is ssh, 53 is domain.
    const named = parseSs(['-tul']);
    if (!named.ok) throw new Error(named.stderr);
    expect(ssShow(world, 'srv', named.options)).toContain('0.0.0.0:domain');
  });

  it('without -l/-a only connected sockets are listed (none are kept): the header alone', () => {
    const c = cluster();
    expect(sh(c, 'pod/default/web', 'ss -t').stdout).toBe('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  });

  it('refuses what it does not model, and unknown options as getopt does', () => {
    const c = cluster();
    expect(sh(c, 'pod/default/web', 'ss -x').stderr).toMatch(/^ss: option -x is not modelled/);
    expect(sh(c, 'pod/default/web', 'ss -tl sport = :80').stderr).toMatch(/^ss: filter "sport = :80" is not modelled/);
    const bad = sh(c, 'pod/default/web', 'ss -y');
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([255, "ss: invalid option -- 'y'"]);
  });
});

describe('curl options and results (curl 8: src/tool_getparam.c, lib/connect.c, lib/multi.c)', () => {
  it('-m 3, -m3, -sm3 and --max-time 3 parse alike; an accepted connection prints the simulator note', () => {
    const c = cluster();
    for (const line of ['curl -m 3 web', 'curl -m3 web', 'curl --max-time 3 web', 'curl web -m 3']) {
      const r = sh(c, 'pod/default/client', line);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Connected to web');
    }
    expect(sh(c, 'pod/default/client', 'curl -sm3 -o /dev/null web')).toEqual({ stdout: '', stderr: '', code: 0 });
  });

  it('a SYN nobody answers: -m gives "Connection timed out after", --connect-timeout "Timeout was reached" (28)', () => {
    const c = cluster(denyWebIngress);
    expect(sh(c, 'pod/default/client', 'curl -m 3 web')).toEqual({ stdout: '', stderr: 'curl: (28) Connection timed out after 3001 milliseconds\n', code: 28 });
    expect(sh(c, 'pod/default/client', 'curl --connect-timeout 2 -m 5 web').stderr).toBe('curl: (28) Failed to connect to web port 80 after 2001 ms: Timeout was reached\n');
    // No timeout of its own: connect(2) gives up after tcp_syn_retries (6) retransmissions, 1+2+...+64 s.
    const kernel = sh(c, 'pod/default/client', 'curl web');
    expect(kernel.code).toBe(28);
    expect(kernel.stderr).toMatch(/after 127001 ms: .*Connection timed out/);
    // -s hides the message, -S shows it again; -w prints after the attempt.
    expect(sh(c, 'pod/default/client', 'curl -s -m 1 web')).toEqual({ stdout: '', stderr: '', code: 28 });
    expect(sh(c, 'pod/default/client', 'curl -sS -m 1 web').stderr).toBe('curl: (28) Connection timed out after 1001 milliseconds\n');
    expect(sh(c, 'pod/default/client', "curl -s -m 1 -w '%{exitcode} %{remote_ip}\\n' web").stdout).toMatch(/^28 10\.\d+\.\d+\.\d+\n$/);
  });

  it('a DNS query that gets no answer: resolving times out under -m, else the host cannot be resolved', () => {
    const c = cluster(denyClientEgress);
    expect(sh(c, 'pod/default/client', 'curl -m 2 web')).toEqual({ stdout: '', stderr: 'curl: (28) Resolving timed out after 2001 milliseconds\n', code: 28 });
    expect(sh(c, 'pod/default/client', 'curl web')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: web\n', code: 6 });
  });

  it('option errors name the option (exit 2)', () => {
    const c = cluster();
    expect(sh(c, 'pod/default/client', 'curl -m abc web').stderr.split('\n')[0]).toBe('curl: option -m: expected a proper numerical parameter');
    // curl's long options take no "=value".
    expect(sh(c, 'pod/default/client', 'curl --max-time=3 web').stderr.split('\n')[0]).toBe('curl: option --max-time=3: is unknown');
    expect(sh(c, 'pod/default/client', 'curl -X POST web').stderr).toMatch(/^curl: option -X: not modelled/);
    expect(sh(c, 'pod/default/client', "curl -w '%{http_code}' web").stderr).toMatch(/HTTP responses are not modelled/);
    expect(sh(c, 'pod/default/client', 'curl -m').code).toBe(2);
    expect(sh(c, 'pod/default/client', 'curl ftp://web')).toMatchObject({ stderr: 'curl: (1) Protocol "ftp" not supported\n', code: 1 });
  });

  it('-v adds the connection lines on stderr', () => {
    const c = cluster();
    const r = sh(c, 'pod/default/client', 'curl -v web');
    expect(r.stderr).toMatch(/^\* {3}Trying 10\.\d+\.\d+\.\d+:80\.\.\.\n\* Connected to web \(10\.\d+\.\d+\.\d+\) port 80\n$/);
  });
});

describe('kubectl get events (printers.go printEvent, duration.HumanDuration)', () => {
  it('lists what the components recorded, aged by the injected clock', () => {
    const stuck = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', namespace: 'default' }, spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'x' }] } };
    const placed = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'placed', namespace: 'default' }, spec: { containers: [{ name: 'x' }] } };
    const c = cluster(stuck, placed);
    c.world.clock.advance(125_000);
    const out = sh(c, 'pod/default/client', 'kubectl get events').stdout.split('\n');
    // tabwriter: each column as wide as its widest cell plus 3 ("FailedScheduling" 16, "node/node-1" 11).
    expect(out[0]).toBe('LAST SEEN   TYPE      REASON             OBJECT        MESSAGE');
    // 125 s: HumanDuration prints whole minutes and seconds under 10 minutes.
    expect(out).toContain('2m5s        Warning   FailedScheduling   pod/stuck     0/2 nodes are available: 2 node(s) didn\'t match Pod\'s node affinity/selector.');
    expect(out.some((l) => /^2m5s +Normal +Scheduled +pod\/placed +Successfully assigned default\/placed to node-\d$/.test(l))).toBe(true);
    // web and client name their node in the manifest: the scheduler never saw them.
    expect(out.some((l) => / pod\/(web|client) /.test(l))).toBe(false);
    expect(out.some((l) => /^2m5s +Normal +RegisteredNode +node\/node-1 +Node node-1 event: Registered Node node-1 in Controller$/.test(l))).toBe(true);
  });

  it('-A adds NAMESPACE, -n selects one; a node going down is recorded then', () => {
    const c = cluster();
    c.world.clock.advance(30_000);
    c.controlPlane.setNodeReady('node-1', false);
    const all = sh(c, 'pod/default/client', 'kubectl get events -A').stdout;
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE +LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(all).toMatch(/^default +0s +Normal +NodeNotReady +node\/node-1 +Node node-1 status is now: NodeNotReady$/m);
    expect(all).toMatch(/^default +0s +Warning +NodeNotReady +pod\/web +Node is not ready$/m);
    const system = sh(c, 'pod/default/client', 'kubectl get ev -n kube-system').stdout.split('\n').filter(Boolean);
    expect(system.slice(1).every((l) => / pod\/coredns-/.test(l))).toBe(true);
    const wide = sh(c, 'pod/default/client', 'kubectl get events -o wide').stdout.split('\n')[0];
    expect(wide).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +SUBOBJECT +SOURCE +MESSAGE +FIRST SEEN +COUNT +NAME$/);
  });
});
