/**
 * Builds the evaluator's model from namespaces, pods and NetworkPolicy manifests: validates everything
 * first (a SimError names the first bad object and how to fix it, and nothing is built), then applies the
 * API server's defaults and indexes pods by "ns/name" and by IP.
 *
 * Defaults applied (k8s pkg/apis/networking/v1/defaults.go):
 * - SetDefaults_NetworkPolicy: an empty or absent `policyTypes` becomes [Ingress], plus Egress when the
 *   policy has at least one egress rule (`egress: []` does not count);
 * - SetDefaults_NetworkPolicyPort: an absent `protocol` becomes TCP.
 * Namespaces get the label kubernetes.io/metadata.name=<name>, which the API server sets on every namespace
 * and keeps immutable (website network-policies.md "Targeting a Namespace by its name").
 *
 * Not modelled: objects changing after the model is built (build a new model; NetworkPolicy changes are
 * meant to apply to new connections, website "NetworkPolicy's impact on existing connections").
 */
import { fail } from '../../core/errors';
import { parseApiCidr, parsePeerIp } from './ipblock';
import { dns1123LabelErrors } from './name-rules';
import { formatValidationFailure, validatePolicy } from './validate';
import type {
  CompiledPeer,
  CompiledPolicy,
  CompiledPort,
  CompiledRule,
  LabelSelector,
  ModelPod,
  NetpolModel,
  NetpolModelInput,
  NetpolProtocol,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from './types';

/** The label the control plane puts on every namespace (k8s.io/api core/v1 LabelMetadataName). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function compilePorts(ports: readonly NetworkPolicyPort[] | null | undefined): CompiledPort[] | undefined {
  // "If this field is empty or missing, this rule matches all ports" (NetworkPolicyIngressRule.ports).
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p): CompiledPort => {
    const protocol = (p.protocol ?? 'TCP') as NetpolProtocol;
    if (p.port === undefined || p.port === null) return { protocol, kind: 'all' };
    if (typeof p.port === 'string') return { protocol, kind: 'named', name: p.port };
    return { protocol, kind: 'range', from: p.port, to: p.endPort ?? p.port };
  });
}

function compilePeers(peers: readonly NetworkPolicyPeer[] | null | undefined): CompiledPeer[] | undefined {
  // "If this field is empty or missing, this rule matches all sources/destinations": `from: []` is the same
  // as no `from` at all (NetworkPolicyIngressRule.from, NetworkPolicyEgressRule.to).
  if (!peers || peers.length === 0) return undefined;
  return peers.map((peer): CompiledPeer => {
    if (peer.ipBlock) {
      const cidr = parseApiCidr(peer.ipBlock.cidr)!; // validated
      const except = (peer.ipBlock.except ?? []).map((e) => parseApiCidr(e)!.cidr);
      return { kind: 'ipBlock', cidr: cidr.cidr, except };
    }
    const out: { kind: 'selector'; podSelector?: LabelSelector; namespaceSelector?: LabelSelector } = { kind: 'selector' };
    if (peer.podSelector) out.podSelector = peer.podSelector;
    if (peer.namespaceSelector) out.namespaceSelector = peer.namespaceSelector;
    return out;
  });
}

/** Defaults and compiles one policy that validatePolicy accepted. */
export function compilePolicy(policy: NetworkPolicy): CompiledPolicy {
  const spec = policy.spec ?? {};
  const egressRules = spec.egress ?? [];
  let types = spec.policyTypes ?? [];
  if (types.length === 0) types = egressRules.length !== 0 ? ['Ingress', 'Egress'] : ['Ingress']; // SetDefaults_NetworkPolicy
  const { namespace, name } = policy.metadata;
  const out: {
    key: string; namespace: string; name: string; podSelector: LabelSelector;
    ingress?: CompiledRule[]; egress?: CompiledRule[];
  } = { key: `${namespace}/${name}`, namespace, name, podSelector: spec.podSelector ?? {} };
  // A policy type listed without rules means "isolate, allow nothing"; rules of an unlisted type are ignored.
  if (types.includes('Ingress')) {
    out.ingress = (spec.ingress ?? []).map((r, index) => ({ index, ports: compilePorts(r.ports), peers: compilePeers(r.from) }));
  }
  if (types.includes('Egress')) {
    out.egress = egressRules.map((r, index) => ({ index, ports: compilePorts(r.ports), peers: compilePeers(r.to) }));
  }
  return out;
}

/**
 * Validates and compiles everything; throws SimError on the first problem and builds nothing then.
 * Pods are kept in input order (truth tables follow it); policies are sorted by namespace/name.
 */
export function buildNetpolModel(input: NetpolModelInput): NetpolModel {
  const namespaces: Record<string, Record<string, string>> = {};
  for (const ns of input.namespaces) {
    const errs = dns1123LabelErrors(ns.name);
    if (errs.length > 0) fail('BAD_NAME', `namespace "${ns.name}": ${errs[0]}`);
    if (Object.hasOwn(namespaces, ns.name)) fail('EXISTS', `namespace "${ns.name}" is listed twice; give each namespace once`);
    namespaces[ns.name] = { ...(ns.labels ?? {}), [NAMESPACE_NAME_LABEL]: ns.name };
  }

  const pods: ModelPod[] = [];
  const podIndex: Record<string, number> = {};
  const ipIndex: Record<string, number> = {};
  for (const p of input.pods) {
    const ref = `${p.namespace}/${p.name}`;
    if (!Object.hasOwn(namespaces, p.namespace)) {
      fail('NOT_FOUND', `pod ${ref}: namespace "${p.namespace}" not found; add it to the model's namespaces`);
    }
    if (Object.hasOwn(podIndex, ref)) fail('EXISTS', `pod ${ref} is listed twice; pod names are unique within a namespace`);
    if (parsePeerIp(p.ip) === undefined) fail('BAD_ADDRESS', `pod ${ref}: IP "${p.ip}" is not an IPv4 or IPv6 address`);
    const ports: ModelPod['ports'][number][] = [];
    for (const c of p.containers ?? []) {
      for (const cp of c.ports ?? []) {
        if (!Number.isInteger(cp.containerPort) || cp.containerPort < 1 || cp.containerPort > 65535) {
          fail('BAD_CONFIG', `pod ${ref} container ${c.name}: containerPort ${cp.containerPort} must be between 1 and 65535`);
        }
        ports.push({ ...(cp.name !== undefined ? { name: cp.name } : {}), containerPort: cp.containerPort, protocol: cp.protocol ?? 'TCP' });
      }
    }
    const hostNetwork = p.hostNetwork === true;
    if (!hostNetwork) {
      // hostNetwork pods share their node's IP, so only pod-network IPs must be unique.
      if (Object.hasOwn(ipIndex, p.ip)) {
        fail('EXISTS', `pod ${ref}: IP ${p.ip} is already used by pod ${pods[ipIndex[p.ip]!]!.ref}; pod IPs are unique`);
      }
      ipIndex[p.ip] = pods.length;
    }
    podIndex[ref] = pods.length;
    pods.push({
      ref,
      namespace: p.namespace,
      name: p.name,
      labels: { ...(p.labels ?? {}) },
      ip: p.ip,
      hostNetwork,
      ...(p.nodeName !== undefined ? { nodeName: p.nodeName } : {}),
      ports,
    });
  }

  const policies: CompiledPolicy[] = [];
  const seen = new Set<string>();
  for (const raw of input.policies) {
    const errors = validatePolicy(raw);
    const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
    const name = typeof meta?.name === 'string' ? meta.name : '<unnamed>';
    if (errors.length > 0) fail('BAD_MANIFEST', formatValidationFailure(name, errors));
    const ns = raw.metadata.namespace;
    if (!Object.hasOwn(namespaces, ns)) {
      fail('NOT_FOUND', `Error from server (NotFound): namespaces "${ns}" not found (NetworkPolicy "${name}"); create the namespace first`);
    }
    const key = `${ns}/${name}`;
    if (seen.has(key)) {
      fail('EXISTS', `Error from server (AlreadyExists): networkpolicies.networking.k8s.io "${name}" already exists in namespace "${ns}"; rename one of them`);
    }
    seen.add(key);
    policies.push(compilePolicy(raw));
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  policies.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));

  return { namespaces, pods, podIndex, ipIndex, policies };
}
