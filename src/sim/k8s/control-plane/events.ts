/**
 * The events the cluster's components record as core/v1 Event objects, what `kubectl get events` lists. The
 * control plane tells the recorder what changed; the recorder writes the events those components would:
 *
 *   node-controller    RegisteredNode "Node N event: Registered Node N in Controller" (nodeutil.RecordNodeEvent),
 *                      NodeNotReady / NodeReady "Node N status is now: NodeNotReady" (RecordNodeStatusChange),
 *                      and Warning NodeNotReady "Node is not ready" on each Pod of a node that went down
 *                      (MarkPodsNotReady);
 *   default-scheduler  Scheduled "Successfully assigned NS/NAME to NODE" for a Pod it placed (not for one whose
 *                      manifest names its node), Warning FailedScheduling with the scheduler's message;
 *   kubelet            Warning BackOff "Back-off restarting failed container C in pod NAME_NS" for a container
 *                      in CrashLoopBackOff (cluster/containers.ts), counted and dated from its restarts;
 *   service-controller EnsuringLoadBalancer "Ensuring load balancer", EnsuredLoadBalancer "Ensured load balancer".
 *
 * Names are the recorder's makeEvent `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`, from the injected clock
 * (with a sequence number added so that events of one instant differ, and padded to 16 hex digits so that byte
 * order, the order the API server lists them in, is time order). An event goes to its object's namespace; a
 * cluster-scoped object's (a Node's) to "default" (the recorder's metav1.NamespaceDefault).
 *
 * Not modelled: kubelet's Pulling/Pulled/Created/Started and probe events, Deployment/ReplicaSet scaling events,
 * the uid kubelet writes after the Pod's name ("NAME_NS(uid)": objects have no uid here), event TTL (events
 * never expire), the events.k8s.io API (series).
 */
import type { ClusterSpec } from '../manifest';
import type { EventObject } from '../kubectl/objects';
import { rfc3339 } from '../kubectl/objects';
import { containerCrashes, restartState, type ContainerCrash } from '../cluster/containers';
import type { BuiltCluster } from '../cluster/build';

interface Involved {
  kind: 'Node' | 'Pod' | 'Service';
  name: string;
  namespace?: string;
  fieldPath?: string;
}

interface Draft {
  involved: Involved;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host?: string;
  time: number;
  seq: number;
  /** A BackOff event: its count and last time follow the container's restarts. */
  crash?: ContainerCrash;
}

export class EventRecorder {
  private readonly drafts: Draft[] = [];
  private readonly seenCrashes = new WeakSet<ContainerCrash>();
  private seq = 0;

  private add(d: Omit<Draft, 'seq'>): void {
    this.drafts.push({ ...d, seq: this.seq++ });
  }

  /**
   * What the components record for a change from `before` (undefined: the cluster was just built) to the
   * cluster as it is now. `boundByManifest` tells whether a Pod's manifest named its node (no scheduler).
   */
  record(before: ClusterSpec | undefined, built: BuiltCluster, boundByManifest: (key: string) => boolean): void {
    const after = built.spec;
    const time = built.world.clock.now();
    const wasNode = new Map((before?.nodes ?? []).map((n) => [n.name, n]));
    for (const n of after.nodes) {
      const was = wasNode.get(n.name);
      if (!was) {
        this.add({ involved: { kind: 'Node', name: n.name }, type: 'Normal', reason: 'RegisteredNode', message: `Node ${n.name} event: Registered Node ${n.name} in Controller`, component: 'node-controller', time });
      }
      if ((was ? was.ready : true) !== n.ready) {
        const status = n.ready ? 'NodeReady' : 'NodeNotReady';
        this.add({ involved: { kind: 'Node', name: n.name }, type: 'Normal', reason: status, message: `Node ${n.name} status is now: ${status}`, component: 'node-controller', time });
        if (!n.ready && was) {
          for (const p of after.pods) {
            if (p.nodeName === n.name) this.add({ involved: { kind: 'Pod', name: p.name, namespace: p.namespace }, type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready', component: 'node-controller', time });
          }
        }
      }
    }
    const wasPod = new Map((before?.pods ?? []).map((p) => [`${p.namespace}/${p.name}`, p]));
    for (const p of after.pods) {
      const key = `${p.namespace}/${p.name}`;
      const was = wasPod.get(key);
      const involved: Involved = { kind: 'Pod', name: p.name, namespace: p.namespace };
      if (p.nodeName && was?.nodeName !== p.nodeName && !boundByManifest(key)) {
        this.add({ involved, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${key} to ${p.nodeName}`, component: 'default-scheduler', time });
      } else if (!p.nodeName && (!was || was.nodeName)) {
        this.add({ involved, type: 'Warning', reason: 'FailedScheduling', message: failedSchedulingMessage(after, key), component: 'default-scheduler', time });
      }
    }
    const byKey = new Map(after.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
    for (const [key, crashes] of containerCrashes(built.world)) {
      const p = byKey.get(key);
      if (!p?.nodeName) continue;
      for (const crash of crashes) {
        if (this.seenCrashes.has(crash)) continue;
        this.seenCrashes.add(crash);
        this.add({
          involved: { kind: 'Pod', name: p.name, namespace: p.namespace, fieldPath: `spec.containers{${crash.container}}` },
          type: 'Warning',
          reason: 'BackOff',
          // kuberuntime doBackOff: "Back-off restarting failed container %s in pod %s" (format.Pod: NAME_NS(uid)).
          message: `Back-off restarting failed container ${crash.container} in pod ${p.name}_${p.namespace}`,
          component: 'kubelet',
          host: p.nodeName,
          time: crash.since,
          crash,
        });
      }
    }
    const hadIngress = new Set((before?.services ?? []).filter((s) => (s.status?.loadBalancer?.ingress?.length ?? 0) > 0).map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    for (const s of after.services) {
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      if (s.spec.type !== 'LoadBalancer' || hadIngress.has(key) || (s.status?.loadBalancer?.ingress?.length ?? 0) === 0) continue;
      const involved: Involved = { kind: 'Service', name: s.metadata.name, namespace: s.metadata.namespace };
      this.add({ involved, type: 'Normal', reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer', component: 'service-controller', time });
      this.add({ involved, type: 'Normal', reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer', component: 'service-controller', time });
    }
  }

  /** The Event objects as the API server holds them at clock time `now`. */
  objects(now: number): EventObject[] {
    return this.drafts.map((d) => {
      let last = d.time;
      let count = 1;
      if (d.crash) {
        const st = restartState(d.crash, now);
        last = st.lastExit;
        count = st.restartCount;
      }
      const ns = d.involved.namespace ?? 'default';
      const nanos = (BigInt(d.time) * 1_000_000n + BigInt(d.seq)).toString(16).padStart(16, '0');
      const involvedObject: EventObject['involvedObject'] = { apiVersion: 'v1', kind: d.involved.kind, name: d.involved.name };
      if (d.involved.namespace) involvedObject.namespace = d.involved.namespace;
      if (d.involved.fieldPath) involvedObject.fieldPath = d.involved.fieldPath;
      return {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${d.involved.name}.${nanos}`, namespace: ns },
        involvedObject,
        reason: d.reason,
        message: d.message,
        source: d.host ? { component: d.component, host: d.host } : { component: d.component },
        firstTimestamp: rfc3339(d.time),
        lastTimestamp: rfc3339(last),
        count,
        type: d.type,
        reportingComponent: d.component,
        reportingInstance: d.host ?? '',
      };
    });
  }
}

/** The scheduler's message for a Pod no node fits, as the manifest loader worded it in its warning. */
function failedSchedulingMessage(spec: ClusterSpec, key: string): string {
  const w = spec.warnings.find((x) => x.message.includes(key) && x.message.includes(' Pending: '))
    ?? spec.warnings.find((x) => x.message.includes(' Pending: 0/'));
  return w ? w.message.slice(w.message.indexOf(' Pending: ') + ' Pending: '.length) : `0/${spec.nodes.length} nodes are available.`;
}
