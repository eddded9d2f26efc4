/**
 * A container whose port is already taken: as on a real node, the process's bind(2) fails with EADDRINUSE, it
 * exits, and kubelet restarts it with back-off (10s, 20s, 40s, ... capped at 5 min; the first restart at once).
 * What a learner sees follows from that, and each expectation below is reasoned from the upstream code:
 * - kubectl printPod: READY counts ready running containers (1 of 2), STATUS is the last container's waiting
 *   reason (CrashLoopBackOff), RESTARTS is the sum of restartCount, "N (AGE ago)" with the last termination;
 * - kubelet status: the Ready condition is False (ContainersNotReady);
 * - the EndpointSlice controller writes the Pod's endpoint with ready false (podToEndpoint: Ready =
 *   publishNotReadyAddresses || IsPodReady), so kube-proxy gives it no KUBE-SEP chain; a Service left without
 *   endpoints gets kube-proxy's REJECT rule ("has no endpoints"): the client sees Connection refused;
 * - with another, healthy Pod behind the Service, every load-balancing branch goes there.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/sim/k8s/cluster/cluster';
import { runShell } from '../../src/sim/cli/shell';
import { iptablesSave } from '../../src/sim/netfilter';
import type { Hop, Step } from '../../src/sim/trace/types';

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const pod = (name: string, nodeName: string, containers: { name: string; port?: number }[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName, ...extra, containers: containers.map((c) => ({ name: c.name, ...(c.port ? { ports: [{ containerPort: c.port }] } : {}) })) },
});
const client = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'default' }, spec: { nodeName: 'node-2', containers: [{ name: 'curl' }] } };
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
/** Two containers of one Pod both listening on port 80: they share the Pod's network namespace. */
const clash = pod('web-clash', 'node-1', [{ name: 'nginx', port: 80 }, { name: 'sidecar', port: 80 }]);

const sh = (c: Cluster, target: string, line: string) => runShell(c, target, line);
const rowOf = (table: string, name: string) => table.split('\n').find((l) => l.startsWith(`${name} `))!.split(/\s{2,}/);
/** The hooks along the way whose verdict was REJECT, with the rules that matched. */
const rejects = (hops: readonly Hop[]) => hops.flatMap((h) => h.steps).filter((s): s is Extract<Step, { kind: 'hook' }> => s.kind === 'hook' && s.verdict === 'REJECT');

describe('a container whose port is taken crash-loops', () => {
  it('kubectl get pods shows 1/2 CrashLoopBackOff with a restart; the Ready condition is False', () => {
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), clash, client, service]);
    const pods = sh(c, 'pod/default/client', 'kubectl get pods');
    expect(pods.code).toBe(0);
    // Columns NAME READY STATUS RESTARTS AGE; the first restart came at once, when the clock read 0.
    expect(rowOf(pods.stdout, 'web-clash')).toEqual(['web-clash', '1/2', 'CrashLoopBackOff', '1 (0s ago)', '5m']);
    expect(rowOf(pods.stdout, 'client')).toEqual(['client', '1/1', 'Running', '0', '5m']);
    const json = JSON.parse(sh(c, 'pod/default/client', 'kubectl get pod web-clash -o json').stdout);
    const ready = json.status.conditions.find((x: { type: string }) => x.type === 'Ready');
    expect(ready).toEqual({ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [sidecar]' });
    const sidecar = json.status.containerStatuses.find((x: { name: string }) => x.name === 'sidecar');
    expect(sidecar.state).toEqual({ waiting: { reason: 'CrashLoopBackOff' } });
    expect(sidecar.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(json.status.containerStatuses.find((x: { name: string }) => x.name === 'nginx')).toMatchObject({ ready: true, restartCount: 0, state: { running: {} } });
  });

  it('restarts follow kubelet back-off on the injected clock: at 0, then after 10s, 20s, 40s, ...', () => {
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), clash, client, service]);
    const restarts = () => rowOf(sh(c, 'pod/default/client', 'kubectl get pods').stdout, 'web-clash')[3];
    // Exits at 0 and restarts at once (1); exits again; restarts at 10s (2), 30s (3), 70s (4), 150s (5).
    c.world.clock.advance(9_999);
    expect(restarts()).toBe('1 (9s ago)');
    c.world.clock.advance(1);
    expect(restarts()).toBe('2 (0s ago)');
    c.world.clock.advance(65_000); // t = 75s: the last restart was at 70s
    expect(restarts()).toBe('4 (5s ago)');
  });

  it('its endpoint is not ready: no KUBE-SEP for it, the Service REJECTs, curl is refused', () => {
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), clash, client, service]);
    const slice = c.built.endpointSlices.find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.endpoints).toHaveLength(1);
    expect(slice.endpoints![0]!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    const nat = iptablesSave(c.world.netns('node-2').nf, { table: 'nat' });
    // The only KUBE-SEP chains are CoreDNS's; none names default/web.
    expect(nat).toMatch(/KUBE-SEP-/);
    expect(nat).not.toMatch(/-A KUBE-SEP-\w+ .*default\/web/);
    const filter = iptablesSave(c.world.netns('node-2').nf, { table: 'filter' });
    expect(filter).toMatch(/default\/web has no endpoints" .* -j REJECT/);
    const r = c.trace('pod/default/client', 'svc/default/web:80');
    expect(r.verdict).toBe('refused');
    const rejected = r.trace.legs.flatMap((l) => rejects(l.hops));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.matched.at(-1)!.chain).toBe('KUBE-SERVICES');
    expect(rejected[0]!.matched.at(-1)!.text).toContain('default/web has no endpoints');
    expect(r.trace.legs[0]!.outcome).toMatchObject({ kind: 'rejected', with: 'icmp-port-unreachable' });
    const curl = sh(c, 'pod/default/client', 'curl -m 3 web');
    expect(curl.code).toBe(7);
    expect(curl.stderr).toContain('Connection refused');
    // kubectl get endpoints lists only ready addresses (formatEndpoints): the cell is empty.
    expect(sh(c, 'pod/default/client', 'kubectl get endpoints web').stdout).toMatch(/^web\s+5m$/m);
  });

  it('with a healthy Pod behind the same Service, every branch goes to the healthy one', () => {
    const healthy = pod('web-ok', 'node-2', [{ name: 'nginx', port: 80 }]);
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), clash, healthy, client, service]);
    const candidates = c.trace('pod/default/client', 'svc/default/web:80', { explore: true }).candidates!;
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({ probability: 1, verdict: 'delivered', deliveredTo: { pod: 'default/web-ok', container: 'nginx' } });
  });

  it('publishNotReadyAddresses keeps the endpoint ready (serving false), as the controller does', () => {
    const svc = { ...service, spec: { ...service.spec, publishNotReadyAddresses: true } };
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), clash, client, svc]);
    const slice = c.built.endpointSlices.find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.endpoints![0]!.conditions).toEqual({ ready: true, serving: false, terminating: false });
  });

  it('a hostNetwork Pod on a port the node uses (kubelet 10250) crash-loops', () => {
    const hostPod = pod('host-web', 'node-1', [{ name: 'agent', port: 10250 }], { hostNetwork: true });
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), hostPod, client]);
    expect(rowOf(sh(c, 'pod/default/client', 'kubectl get pods').stdout, 'host-web').slice(1, 3)).toEqual(['0/1', 'CrashLoopBackOff']);
    // The port stays kubelet's.
    expect(c.world.netns('node-1').sockets.filter((s) => s.port === 10250).map((s) => s.owner)).toEqual(['kubelet']);
  });

  it('the container that exits closes the sockets it had already bound', () => {
    const twoPorts = { ...pod('multi', 'node-1', []), spec: { nodeName: 'node-1', containers: [{ name: 'a', ports: [{ containerPort: 80 }] }, { name: 'b', ports: [{ containerPort: 81 }, { containerPort: 80 }] }] } };
    const c = Cluster.fromObjects([node('node-1'), twoPorts]);
    expect(c.world.netns('default/multi').sockets.map((s) => `${s.owner}:${s.port}`)).toEqual(['default/multi/a:80']);
  });

  it('when the port is freed, the next restart succeeds: Running, ready, endpoint back', () => {
    const holder = pod('holder', 'node-1', [{ name: 'agent', port: 8080 }], { hostNetwork: true });
    const late = { ...pod('late', 'node-1', [{ name: 'agent', port: 8080 }], { hostNetwork: true }), metadata: { name: 'late', namespace: 'default', labels: { app: 'late' } } };
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'default' }, spec: { selector: { app: 'late' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), holder, late, client, svc]);
    expect(c.trace('pod/default/client', 'svc/default/late:80').verdict).toBe('refused');
    c.world.clock.advance(15_000);
    c.controlPlane.delete('Pod', 'holder');
    const row = rowOf(sh(c, 'pod/default/client', 'kubectl get pods').stdout, 'late');
    // Restarted at 0 and 10s while the port was taken, then once more at 15s: 3 restarts, last exit at 10s.
    expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '3 (5s ago)']);
    const r = c.trace('pod/default/client', 'svc/default/late:80');
    expect(r.verdict).toBe('delivered');
    expect(r.deliveredTo).toMatchObject({ pod: 'default/late', container: 'agent' });
  });

  it('kubelet records a BackOff warning event for the container', () => {
    const c = Cluster.fromObjects([node('node-1'), node('node-2'), clash, client, service]);
    const events = sh(c, 'pod/default/client', 'kubectl get events').stdout;
    expect(events.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(events).toMatch(/^0s\s+Warning\s+BackOff\s+pod\/web-clash\s+Back-off restarting failed container sidecar in pod web-clash_default$/m);
  });
});
