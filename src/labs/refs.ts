/**
 * Names in checks turned into what the learner's cluster has: `{ podIP: default/client }` → 10.244.1.3,
 * `{ bridgeIP: node-1 }` → the address of cni0 on node-1, a label selector → the Pods it matches; and the other
 * way, an address → who has it ("Pod default/client", "node-2 flannel.1"), so a failure names what it found.
 *
 * Not modelled: set-based label selectors (`in`, `notin`, `!key`): checks use equality selectors only.
 */
import type { Cluster } from '../sim/k8s/cluster/cluster';
import { formatIpv4 } from '../sim/addr/ipv4';
import type { AddressRef, Lang, Text } from './schema';
import { say, type Word } from './words';

/** A problem that is the learner's, not the lab's: the check fails with this as what was found. */
export class CheckProblem extends Error {
  readonly text: Text;
  constructor(text: Text) {
    super(text.en);
    this.text = text;
  }
}

function problem(word: Word, values: Record<string, string>): CheckProblem {
  return new CheckProblem({ en: say('en', word, values), 'zh-tw': say('zh-tw', word, values) });
}

export function bridgeName(c: Cluster): string {
  return c.spec.config.cni.bridge.bridge;
}

/** The address an AddressRef names in this cluster ("10.244.1.3", or "10.244.1.3:80" when written with a port). */
export function resolveAddress(ref: AddressRef, c: Cluster): string {
  if (typeof ref === 'string') return ref;
  if ('podIP' in ref) {
    const pod = c.spec.pods.find((p) => `${p.namespace}/${p.name}` === ref.podIP);
    if (!pod) throw problem('noPod', { v: ref.podIP });
    const ip = c.built.podIPs.get(ref.podIP);
    if (!ip) throw problem('podNoIP', { v: ref.podIP });
    return ip;
  }
  if ('nodeIP' in ref) {
    const node = c.spec.nodes.find((n) => n.name === ref.nodeIP);
    if (!node) throw problem('noNode', { v: ref.nodeIP });
    return node.internalIPs[0]!;
  }
  if ('bridgeIP' in ref) {
    const node = c.spec.nodes.find((n) => n.name === ref.bridgeIP);
    if (!node) throw problem('noNode', { v: ref.bridgeIP });
    const addr = c.world.namespaces.has(node.name) ? c.world.netns(node.name).devices.get(bridgeName(c))?.addrs[0] : undefined;
    if (!addr) throw problem('noBridge', { v: ref.bridgeIP, bridge: bridgeName(c) });
    return formatIpv4(addr.ip);
  }
  const [ns, name] = ref.clusterIP.split('/');
  const svc = c.spec.services.find((s) => s.metadata.namespace === ns && s.metadata.name === name);
  if (!svc) throw problem('noService', { v: ref.clusterIP });
  const ip = svc.spec.clusterIP;
  if (!ip || ip === 'None') throw problem('noClusterIP', { v: ref.clusterIP });
  return ip;
}

/** How an AddressRef reads in a message: "10.244.1.3 (the Pod IP of default/client)". */
export function describeAddress(ref: AddressRef, c: Cluster | undefined, lang: Lang): string {
  if (typeof ref === 'string') return ref;
  const words: [Word, string] =
    'podIP' in ref ? ['podIP', ref.podIP] : 'nodeIP' in ref ? ['nodeIP', ref.nodeIP] : 'bridgeIP' in ref ? ['bridgeIP', ref.bridgeIP] : ['clusterIP', ref.clusterIP];
  const label = say(lang, words[0], { v: words[1], bridge: c ? bridgeName(c) : 'cni0' });
  if (!c) return label;
  try {
    return `${resolveAddress(ref, c)} (${label})`;
  } catch {
    return label;
  }
}

/** Whether `found` ("ip" or "ip:port") is the expected address; an expected address without a port matches any port. */
export function sameAddress(expected: string, found: string | null): boolean {
  if (found === null) return false;
  return expected.includes(':') ? expected === found : found.split(':')[0] === expected;
}

/** Who has an address in this cluster, for messages: "Pod default/client", "node-2 flannel.1", "Service default/web". */
export function whoHas(ipPort: string | null, c: Cluster): string | undefined {
  if (!ipPort) return undefined;
  const ip = ipPort.split(':')[0]!;
  for (const [name, podIp] of c.built.podIPs) {
    const pod = c.spec.pods.find((p) => `${p.namespace}/${p.name}` === name);
    if (podIp === ip && pod && !pod.hostNetwork) return `Pod ${name}`;
  }
  const svc = c.spec.services.find((s) => s.spec.clusterIP === ip);
  if (svc) return `Service ${svc.metadata.namespace}/${svc.metadata.name}`;
  for (const [nsName, ns] of c.world.namespaces) {
    for (const dev of ns.devices.values()) {
      if (dev.name === 'lo') continue;
      if (dev.addrs.some((a) => formatIpv4(a.ip) === ip)) return `${nsName} ${dev.name}`;
    }
  }
  return undefined;
}

/** "10.244.1.0:40247 (node-2 flannel.1)". */
export function annotate(ipPort: string, c: Cluster): string {
  const who = whoHas(ipPort, c);
  return who ? `${ipPort} (${who})` : ipPort;
}

/** Label selector "app=web,tier=front" as key/value pairs; undefined when the text is NS/NAME instead. */
export function parseSelector(text: string): Record<string, string> | undefined {
  if (!text.includes('=')) return undefined;
  return Object.fromEntries(text.split(',').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
  }));
}

/** Whether the Pod "ns/name" carries every label of the selector. */
export function podMatches(c: Cluster, pod: string, selector: Record<string, string>): boolean {
  const p = c.spec.pods.find((x) => `${x.namespace}/${x.name}` === pod);
  return !!p && Object.entries(selector).every(([k, v]) => p.labels[k] === v);
}
