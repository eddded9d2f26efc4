/** The k8snet command on the sample cluster in examples/: every subcommand, JSON fields, exit codes, bad input. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runK8snet } from '../../src/sim/cli/k8snet';

const ROOT = join(__dirname, '..', '..');
const io = { readFile: (p: string) => readFileSync(join(ROOT, p), 'utf8') };
const run = (...argv: string[]) => runK8snet(argv, io);
const FILE = 'examples/two-nodes.yaml';

describe('k8snet trace', () => {
  it('prints a verdict and the hop-by-hop trace', () => {
    const r = run('trace', FILE, '--from', 'pod/default/client', '--to', 'svc/default/web:http', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pod\/default\/client → svc\/default\/web:http \(tcp\)\nverdict      delivered/);
    expect(r.stdout).toContain('-- request');
  });

  it('--json has the documented fields, and --explore lists every endpoint with its probability', () => {
    const r = run('trace', FILE, '--from', 'pod/default/client', '--to', 'svc/default/web:80', '--explore', '--json');
    const j = JSON.parse(r.stdout);
    for (const k of ['verdict', 'reason', 'dnat', 'masquerade', 'sourceSeen', 'deliveredTo', 'replyTtl', 'hops', 'candidates']) expect(j).toHaveProperty(k);
    expect(j.candidates).toHaveLength(2);
    expect(j.candidates.reduce((s: number, c: { probability: number }) => s + c.probability, 0)).toBeCloseTo(1, 9);
    for (const c of j.candidates) expect(c).toMatchObject({ verdict: 'delivered', deliveredTo: { container: 'nginx' } });
  });

  it('--seed makes the draw reproducible', () => {
    const a = JSON.parse(run('trace', FILE, '--from', 'pod/default/client', '--to', 'svc/default/web:80', '--seed', '9', '--json').stdout);
    const b = JSON.parse(run('trace', FILE, '--from', 'pod/default/client', '--to', 'svc/default/web:80', '--seed', '9', '--json').stdout);
    expect(a.dnat).toBe(b.dnat);
  });

  it('accepts a Host, a DNS name, a node, ICMP with a bare IP, and an arbitrary IP arriving on a node', () => {
    expect(JSON.parse(run('trace', FILE, '--from', 'ext', '--to', 'node/node-1:30080', '--json').stdout).masquerade).toBe(true);
    expect(JSON.parse(run('trace', FILE, '--from', 'pod/default/client', '--to', 'web.default.svc.cluster.local:80', '--json').stdout).verdict).toBe('delivered');
    const ping = JSON.parse(run('trace', FILE, '--from', 'node/node-1', '--to', '10.244.1.3', '--protocol', 'icmp', '--json').stdout);
    expect([ping.verdict, ping.replyTtl]).toEqual(['delivered', 63]);
    const outsider = JSON.parse(run('trace', FILE, '--from', '198.51.100.9', '--node', 'node-2', '--to', '192.168.56.12:30080', '--json').stdout);
    expect(outsider.verdict).toBe('delivered');
  });

  it('fails with exit 1 and one line naming the problem', () => {
    for (const argv of [
      ['trace', FILE, '--from', 'pod/default/nobody', '--to', 'web:80'],
      ['trace', FILE, '--from', 'pod/default/client'],
      ['trace', FILE, '--from', 'pod/default/client', '--to', 'web'],
      ['trace', FILE, '--from', 'pod/default/client', '--to', 'web:80', '--protocol', 'gre'],
      ['trace', FILE, '--from', '10.0.0.1', '--to', 'web:80'],
      ['trace', FILE, '--bogus'],
      ['frobnicate'],
    ]) {
      const r = run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^k8snet: /);
    }
  });
});

describe('k8snet iptables-save, ip, kubectl, netpol', () => {
  it('iptables-save prints what kube-proxy and flannel programmed, in iptables-save form', () => {
    const r = run('iptables-save', FILE, '--node', 'node-1', '--table', 'nat');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\*nat\n:PREROUTING ACCEPT \[0:0\]/);
    expect(r.stdout).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(r.stdout).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(r.stdout).toMatch(/-A FLANNEL-POSTRTG .*-j MASQUERADE --random-fully/);
    expect(r.stdout.trimEnd().endsWith('COMMIT')).toBe(true);
  });

  it('ip shows routes and resolves ip route get', () => {
    expect(run('ip', FILE, '--pod', 'default/client', '--', 'route').stdout).toContain('default via 10.244.1.1 dev eth0');
    expect(run('ip', FILE, '--node', 'node-2', '--', 'route', 'get', '10.244.0.4').stdout).toMatch(/^10\.244\.0\.4 via 10\.244\.0\.0 dev flannel\.1 src 10\.244\.1\.0 uid 0/);
    expect(run('ip', FILE, '--node', 'node-1', '--', 'addr').stdout).toContain('flannel.1');
  });

  it('kubectl get lists objects as kubectl does', () => {
    const r = run('kubectl', FILE, '--', 'get', 'svc');
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    expect(r.stdout).toMatch(/web\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30080\/TCP/);
  });

  it('netpol --matrix prints the truth table (no policies: everything connected)', () => {
    const r = run('netpol', FILE, '--matrix', '--port', '8080');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]!.startsWith('-\t')).toBe(true);
    expect(lines).toHaveLength(4);
    // client has no container port 8080: connections to it are refused, to the web Pods they succeed.
    expect(lines[1]).toMatch(/^default\/web-\S+\t/);
  });

  it('the bin script runs through npx-style node with exit codes', { timeout: 60_000 }, () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/k8snet.mjs'), 'trace', join(ROOT, FILE), '--from', 'pod/default/client', '--to', 'web:80', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).verdict).toBe('delivered');
    let code = 0;
    try {
      execFileSync(process.execPath, [join(ROOT, 'bin/k8snet.mjs'), 'trace', 'missing.yaml'], { stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(code).toBe(1);
  });
});
