/**
 * kubelet's containers, as far as the network sees them. The containers of a Running Pod start in spec order
 * (kuberuntime SyncPod starts them one after the other) and each binds its declared container ports, on
 * 0.0.0.0, in the Pod's network namespace (the node's for a hostNetwork Pod). A bind that fails — EADDRINUSE
 * because another container of the same Pod, or a daemon of the node, already holds the port — makes the
 * process exit with status 1; the sockets it had already bound close with it.
 *
 * kubelet then restarts the container with back-off (pkg/kubelet/kuberuntime doBackOff; kubelet.go
 * backOffPeriod = 10s, MaxContainerBackOff = 300s): the first restart comes at once, and each later one waits
 * twice as long as the one before (10s, 20s, 40s, ... capped at 5 min). Because the port is still taken, every
 * restart exits again: the container is Waiting with reason CrashLoopBackOff, it is not ready, so neither is the
 * Pod, and the EndpointSlice controller marks the Pod's endpoints not ready. The restart count grows with the
 * injected clock. When a later change frees the port (the other Pod goes away), the next restart binds and the
 * container runs again (restartContainers, called by the control plane after every change).
 *
 * Not modelled: processes that bind something other than their declared container ports, liveness and
 * readiness probes, init containers, the back-off reset after 10 minutes of running, restartPolicy other than
 * Always, container exit reasons other than a failed bind. In a cluster whose nodes are built on first use
 * (more than LAZY_NODES), a crash found when a node is built reaches the EndpointSlices at the next change.
 */
import { SimError } from '../../core/errors';
import type { Socket } from '../../socket/sockets';
import type { World } from '../../world/world';
import type { ContainerSpec, PodSpec } from '../manifest';
import { nodeNetns, podNetns } from './names';

/** A container whose listening socket could not be bound. */
export interface ContainerCrash {
  readonly container: string;
  /** Clock time (ms) of its first exit. */
  readonly since: number;
  /** Why bind(2) failed: EADDRINUSE and the socket that holds the port. */
  readonly reason: string;
  /** Clock time (ms) of the restart at which the port was free and the container stayed up. */
  recoveredAt?: number;
}

/** kubelet.go backOffPeriod and MaxContainerBackOff. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** Exit status of a server whose bind fails (nginx, Go's net/http and most others exit 1). */
export const BIND_FAILURE_EXIT_CODE = 1;

/** Crashes per "namespace/name" of a Pod, per World (the state kubelets keep on their nodes). */
const registry = new WeakMap<World, Map<string, ContainerCrash[]>>();

function crashesOf(world: World): Map<string, ContainerCrash[]> {
  let m = registry.get(world);
  if (!m) registry.set(world, (m = new Map()));
  return m;
}

/** Starts one container: binds its ports; on failure closes what it bound and returns why it exited. */
function startContainer(world: World, nsName: string, p: PodSpec, c: ContainerSpec): string | undefined {
  const ns = world.netns(nsName);
  const bound: Socket[] = [];
  for (const port of c.ports) {
    const s: Socket = { proto: port.protocol.toLowerCase() as Socket['proto'], addr: 0, port: port.containerPort, reusePort: false, reuseAddr: false, owner: `${p.namespace}/${p.name}/${c.name}` };
    try {
      ns.bind(s);
      bound.push(s);
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      // The process exits: the kernel closes every socket it held.
      for (const b of bound) ns.sockets.splice(ns.sockets.indexOf(b), 1);
      return e.message;
    }
  }
  return undefined;
}

/** kubelet starting a Pod's containers in order (a new Pod: any earlier record of the same name is dropped). */
export function startContainers(world: World, nsName: string, p: PodSpec, log: (actor: string, message: string) => void): void {
  const key = `${p.namespace}/${p.name}`;
  const all = crashesOf(world);
  all.delete(key);
  const crashed: ContainerCrash[] = [];
  for (const c of p.containers) {
    const why = startContainer(world, nsName, p, c);
    if (why === undefined) continue;
    crashed.push({ container: c.name, since: world.clock.now(), reason: why });
    log('kubelet', `container ${c.name} of Pod ${key} exited with status ${BIND_FAILURE_EXIT_CODE}: ${why} kubelet restarts it with back-off (CrashLoopBackOff); the Pod is not ready`);
  }
  if (crashed.length > 0) all.set(key, crashed);
}

/**
 * The next restart of every crashing container, after a change: a container whose port is free now binds and
 * stays up. Records of Pods that no longer run are dropped.
 */
export function restartContainers(world: World, pods: readonly PodSpec[], podIPs: ReadonlyMap<string, string>, log: (actor: string, message: string) => void): void {
  const all = crashesOf(world);
  if (all.size === 0) return;
  const byKey = new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  for (const [key, crashes] of all) {
    const p = byKey.get(key);
    if (!p || !podIPs.has(key) || !p.nodeName) {
      all.delete(key);
      continue;
    }
    const nsName = p.hostNetwork ? nodeNetns(p.nodeName) : podNetns(p.namespace, p.name);
    if (!world.namespaces.has(nsName)) continue; // a node of a large cluster not built yet
    for (const crash of crashes) {
      if (crash.recoveredAt !== undefined) continue;
      const c = p.containers.find((x) => x.name === crash.container);
      if (!c) continue;
      if (startContainer(world, nsName, p, c) !== undefined) continue;
      crash.recoveredAt = world.clock.now();
      log('kubelet', `container ${crash.container} of Pod ${key} restarted and is running: its port is free now`);
    }
  }
}

/** Every Pod with a container that crashed since the Pod started (recovered or not). */
export function containerCrashes(world: World): ReadonlyMap<string, readonly ContainerCrash[]> {
  return crashesOf(world);
}

/** Pods ("namespace/name") with a container in CrashLoopBackOff right now: not ready. */
export function crashingPods(world: World): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [key, crashes] of crashesOf(world)) if (crashes.some((c) => c.recoveredAt === undefined)) out.add(key);
  return out;
}

export interface RestartState {
  /** containerStatuses[].restartCount. */
  restartCount: number;
  /** Clock time (ms) the container last exited (lastState.terminated.finishedAt). */
  lastExit: number;
  /** Running again (the port was free at a restart), else waiting in CrashLoopBackOff. */
  running: boolean;
  /** The back-off kubelet waits before the next restart (ms), while crashing. */
  backOffMs: number;
}

/**
 * Where a crashing container stands at clock time `now`: it exited at `since` and was restarted at once
 * (restartCount 1), exited again, and has been restarted after each back-off since.
 */
export function restartState(crash: ContainerCrash, now: number): RestartState {
  const until = crash.recoveredAt ?? now;
  let restarts = 1;
  let lastExit = crash.since;
  let backOff = BACKOFF_INITIAL_MS;
  while (lastExit + backOff <= until) {
    lastExit += backOff;
    restarts++;
    backOff = Math.min(backOff * 2, BACKOFF_MAX_MS);
  }
  // The restart at which it came up counts too; it has not exited since.
  if (crash.recoveredAt !== undefined) return { restartCount: restarts + 1, lastExit, running: true, backOffMs: backOff };
  return { restartCount: restarts, lastExit, running: false, backOffMs: backOff };
}
