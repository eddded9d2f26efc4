/**
 * Step 1 of loading: each document is checked against its kind (apiVersion, shape, the kind's own rules) and
 * read into drafts — nodes, Pods and controllers, Services, EndpointSlices, policies, and the cluster-wide
 * configuration documents, of which there may be one each. Duplicate objects are errors. Objects of kinds
 * the simulator does not model are ignored with a warning; an unknown kind of k8snet.dev is an error.
 *
 * Also read: kubeadm's ConfigMaps kube-system/kubeadm-config (ClusterConfiguration) and kube-system/kube-proxy
 * (config.conf), and kube-flannel.yml's kube-flannel-cfg (cni-conf.json, net-conf.json).
 *
 * Not modelled: core/v1 Endpoints (superseded by EndpointSlices, which is all kube-proxy reads).
 */
import type { NetworkPolicy } from '../netpol/types';
import { policyWarnings, validatePolicy } from '../netpol/validate';
import { readClusterConfiguration, readInitConfiguration, readKubeProxyConfiguration, readNetwork, KUBEADM_VERSIONS, type InitDraft, type KubeadmDraft, type NetworkDraft, type ProxyDraft } from './config';
import { readCni, type CniDraft } from './cni';
import { readEndpointSlice, type SliceDraft } from './endpoints';
import { readMeta } from './fields';
import { describeDoc, ObjectCtx, type DocRef, type Issues, type Path } from './issues';
import { readHost, readNode, type HostDraft, type NodeDraft } from './nodes';
import * as SHAPES from './schemas';
import { readService, type ServiceDraft } from './services';
import { asObj, asStr, checkShape, isObject, type Shape } from './shape';
import { readEmbedded, type RawObject } from './source';
import { K8SNET_API_VERSION } from './types';
import { readPod, readWorkload, type PodDraft, type WorkloadDraft } from './workloads';

const LEGACY_ENDPOINTS = 'Endpoints';

export interface NamespaceDraft {
  ctx: ObjectCtx;
  name: string;
  labels: Record<string, string>;
}

export interface PolicyDraft {
  ctx: ObjectCtx;
  namespace: string;
  obj: NetworkPolicy;
}

/** Objects that live in a namespace, for the "namespace exists" check. */
export interface Namespaced {
  ctx: ObjectCtx;
  namespace: string;
  explicit: boolean;
}

export interface Singleton<T> {
  draft: T | undefined;
  doc: DocRef | undefined;
}

export class Collected {
  namespaces: NamespaceDraft[] = [];
  nodes: NodeDraft[] = [];
  hosts: HostDraft[] = [];
  podSources: ({ t: 'pod'; d: PodDraft } | { t: 'workload'; d: WorkloadDraft })[] = [];
  services: ServiceDraft[] = [];
  slices: SliceDraft[] = [];
  policies: PolicyDraft[] = [];
  namespaced: Namespaced[] = [];
  kubeadm?: Singleton<KubeadmDraft>;
  init?: Singleton<InitDraft>;
  proxy?: Singleton<ProxyDraft>;
  network?: Singleton<NetworkDraft>;
  cni?: Singleton<CniDraft>;
  seen = new Map<string, DocRef | undefined>();
}

function versionOk(ctx: ObjectCtx, kind: string, apiVersion: string, allowed: readonly string[]): boolean {
  if (allowed.includes(apiVersion)) return true;
  ctx.err(['apiVersion'], `${JSON.stringify(apiVersion)} does not serve kind ${kind}: use ${allowed.join(' or ')}`);
  return false;
}

export function where(doc: DocRef | undefined): string {
  return doc ? describeDoc(doc) : 'a built-in object';
}

/** Duplicate check; true if this is the first definition. */
function firstDefinition(c: Collected, ctx: ObjectCtx, key: string, what: string): boolean {
  if (c.seen.has(key)) {
    ctx.errAt([], `${what} is defined twice: ${where(c.seen.get(key))} already defines it`);
    return false;
  }
  c.seen.set(key, ctx.doc);
  return true;
}

/** At most one of each configuration; an invalid one (draft undefined) still counts as the first. */
function singleton<T>(c: Collected, slot: 'kubeadm' | 'init' | 'proxy' | 'network' | 'cni', ctx: ObjectCtx, draft: T | undefined, what: string): void {
  const existing = c[slot];
  if (existing) {
    ctx.errAt([], `a second ${what}: ${where(existing.doc)} already sets it; keep one`);
    return;
  }
  (c as unknown as Record<string, Singleton<T | undefined>>)[slot] = { draft, doc: ctx.doc };
}

function explicitNamespace(obj: Record<string, unknown>): boolean {
  const ns = asObj(obj['metadata'])?.['namespace'];
  return typeof ns === 'string' && ns !== '';
}

/** Reads one object into the collection. */
export function collect(c: Collected, raw: RawObject, issues: Issues): void {
  const ctx = new ObjectCtx(issues, raw.doc, undefined);
  if (!isObject(raw.value)) {
    ctx.errAt([], 'is not a Kubernetes object: write a map with apiVersion, kind and metadata');
    return;
  }
  const obj = raw.value;
  const kind = asStr(obj['kind']);
  const apiVersion = asStr(obj['apiVersion']);
  if (!kind) return void ctx.err(['kind'], 'is required');
  ctx.label = preliminaryLabel(kind, obj);
  if (!apiVersion) return void ctx.err(['apiVersion'], 'is required');
  const shaped = (shape: Shape, versions: readonly string[]): boolean => {
    if (!versionOk(ctx, kind, apiVersion, versions)) return false;
    checkShape(ctx, obj, shape, []);
    return true;
  };
  const nsd = (namespace: string) => c.namespaced.push({ ctx, namespace, explicit: explicitNamespace(obj) });
  switch (kind) {
    case 'Namespace': {
      if (!shaped(SHAPES.NAMESPACE, ['v1'])) return;
      const m = readMeta(ctx, obj, 'Namespace', false, 'dns1123-label');
      if (m.name && firstDefinition(c, ctx, `Namespace/${m.name}`, `Namespace ${m.name}`)) c.namespaces.push({ ctx, name: m.name, labels: m.labels });
      return;
    }
    case 'Node': {
      if (!shaped(SHAPES.NODE, ['v1'])) return;
      const d = readNode(ctx, obj);
      if (d && firstDefinition(c, ctx, `Node/${d.name}`, `Node ${d.name}`)) c.nodes.push(d);
      return;
    }
    case 'Pod': {
      if (!shaped(SHAPES.POD, ['v1'])) return;
      const d = readPod(ctx, obj);
      if (d && firstDefinition(c, ctx, `Pod/${d.namespace}/${d.name}`, `Pod ${d.namespace}/${d.name}`)) {
        c.podSources.push({ t: 'pod', d });
        nsd(d.namespace);
      }
      return;
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet': {
      const shape = kind === 'Deployment' ? SHAPES.DEPLOYMENT : kind === 'StatefulSet' ? SHAPES.STATEFUL_SET : SHAPES.DAEMON_SET;
      if (!shaped(shape, ['apps/v1'])) return;
      const d = readWorkload(ctx, obj, kind);
      if (d && firstDefinition(c, ctx, `${kind}/${d.namespace}/${d.name}`, `${kind} ${d.namespace}/${d.name}`)) {
        c.podSources.push({ t: 'workload', d });
        nsd(d.namespace);
      }
      return;
    }
    case 'Service': {
      if (!shaped(SHAPES.SERVICE, ['v1'])) return;
      const d = readService(ctx, obj);
      if (!d) return;
      if (d.namespace === 'default' && d.name === 'kubernetes') {
        ctx.errAt([], 'Service default/kubernetes belongs to the API server, which always creates it (ClusterIP = first address of the service subnet): remove this document');
        return;
      }
      if (firstDefinition(c, ctx, `Service/${d.namespace}/${d.name}`, `Service ${d.namespace}/${d.name}`)) {
        c.services.push(d);
        nsd(d.namespace);
      }
      return;
    }
    case 'EndpointSlice': {
      if (!shaped(SHAPES.ENDPOINT_SLICE, ['discovery.k8s.io/v1'])) return;
      const d = readEndpointSlice(ctx, obj);
      if (d && firstDefinition(c, ctx, `EndpointSlice/${d.namespace}/${d.name}`, `EndpointSlice ${d.namespace}/${d.name}`)) {
        c.slices.push(d);
        nsd(d.namespace);
      }
      return;
    }
    case 'NetworkPolicy': {
      if (!versionOk(ctx, kind, apiVersion, ['networking.k8s.io/v1'])) return;
      const meta = asObj(obj['metadata']) ?? {};
      const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : 'default';
      const withNs = { ...obj, metadata: { ...meta, namespace } };
      const name = asStr(meta['name']);
      ctx.label = name ? `NetworkPolicy ${namespace}/${name}` : 'NetworkPolicy';
      let ok = true;
      for (const e of validatePolicy(withNs)) {
        const path = parseFieldPath(e.field);
        if (e.type === 'UnknownField') ctx.warnAt(path, e.message);
        else {
          ctx.errAt(path, e.message);
          ok = false;
        }
      }
      for (const w of policyWarnings(withNs)) ctx.warnAt([], w);
      if (ok && name && firstDefinition(c, ctx, `NetworkPolicy/${namespace}/${name}`, `NetworkPolicy ${namespace}/${name}`)) {
        c.policies.push({ ctx, namespace, obj: withNs as unknown as NetworkPolicy });
        nsd(namespace);
      }
      return;
    }
    case 'ConfigMap': {
      if (!shaped(SHAPES.CONFIG_MAP, ['v1'])) return;
      const m = readMeta(ctx, obj, 'ConfigMap', true, 'dns1123-subdomain');
      if (!m.name || !firstDefinition(c, ctx, `ConfigMap/${m.namespace}/${m.name}`, `ConfigMap ${m.namespace}/${m.name}`)) return;
      nsd(m.namespace);
      const data = asObj(obj['data']) ?? {};
      if (m.name === 'kube-flannel-cfg') {
        // kube-flannel.yml: the CNI conflist and flannel's net-conf.json live in this ConfigMap.
        const d = readCni(ctx, { conflist: ['data', 'cni-conf.json'], netConf: ['data', 'net-conf.json'], args: ['data'] }, data['cni-conf.json'], data['net-conf.json'], undefined);
        singleton(c, 'cni', ctx, d, 'CNI configuration');
      } else if (m.namespace === 'kube-system' && m.name === 'kube-proxy' && typeof data['config.conf'] === 'string') {
        // kubeadm keeps kube-proxy's KubeProxyConfiguration in this ConfigMap.
        const sub = ctx.sub(['data', 'config.conf']);
        for (const o of readEmbedded(data['config.conf'], [], sub)) {
          if (isObject(o) && o['kind'] === 'KubeProxyConfiguration') {
            checkShape(sub, o, SHAPES.KUBE_PROXY_CONFIGURATION, []);
            singleton(c, 'proxy', ctx, readKubeProxyConfiguration(sub, o), 'KubeProxyConfiguration');
          }
        }
      } else if (m.namespace === 'kube-system' && m.name === 'kubeadm-config' && typeof data['ClusterConfiguration'] === 'string') {
        const sub = ctx.sub(['data', 'ClusterConfiguration']);
        for (const o of readEmbedded(data['ClusterConfiguration'], [], sub)) {
          if (!isObject(o)) continue;
          const v = asStr(o['apiVersion']) ?? '';
          if (!versionOk(sub, 'ClusterConfiguration', v, KUBEADM_VERSIONS)) continue;
          checkShape(sub, o, SHAPES.CLUSTER_CONFIGURATION, []);
          singleton(c, 'kubeadm', ctx, readClusterConfiguration(sub, o, v), 'ClusterConfiguration');
        }
      } else {
        ctx.warnAt([], `ConfigMap ${m.namespace}/${m.name} is not read by the simulator (only kube-flannel-cfg, kube-system/kube-proxy and kube-system/kubeadm-config are): ignored`);
      }
      return;
    }
    case 'ClusterConfiguration': {
      if (!shaped(SHAPES.CLUSTER_CONFIGURATION, KUBEADM_VERSIONS)) return;
      singleton(c, 'kubeadm', ctx, readClusterConfiguration(ctx, obj, apiVersion), 'ClusterConfiguration');
      return;
    }
    case 'InitConfiguration': {
      if (!shaped(SHAPES.INIT_CONFIGURATION, KUBEADM_VERSIONS)) return;
      singleton(c, 'init', ctx, readInitConfiguration(ctx, obj), 'InitConfiguration');
      return;
    }
    case 'KubeProxyConfiguration': {
      if (!shaped(SHAPES.KUBE_PROXY_CONFIGURATION, ['kubeproxy.config.k8s.io/v1alpha1'])) return;
      singleton(c, 'proxy', ctx, readKubeProxyConfiguration(ctx, obj), 'KubeProxyConfiguration');
      return;
    }
    case 'Network': {
      if (!shaped(SHAPES.NETWORK, [K8SNET_API_VERSION])) return;
      readMeta(ctx, obj, 'Network', false, 'dns1123-subdomain');
      singleton(c, 'network', ctx, readNetwork(ctx, obj), 'Network');
      return;
    }
    case 'Host': {
      if (!shaped(SHAPES.HOST, [K8SNET_API_VERSION])) return;
      const d = readHost(ctx, obj);
      if (d && firstDefinition(c, ctx, `Host/${d.name}`, `Host ${d.name}`)) c.hosts.push(d);
      return;
    }
    case 'CNIConfig': {
      if (!shaped(SHAPES.CNI_CONFIG, [K8SNET_API_VERSION])) return;
      readMeta(ctx, obj, 'CNIConfig', false, 'dns1123-subdomain');
      const spec = asObj(obj['spec']) ?? {};
      const d = readCni(ctx, { conflist: ['spec', 'conflist'], netConf: ['spec', 'netConf'], args: ['spec', 'flanneldArgs'] }, spec['conflist'], spec['netConf'], spec['flanneldArgs'], true);
      singleton(c, 'cni', ctx, d, 'CNI configuration');
      return;
    }
    case LEGACY_ENDPOINTS:
      ctx.warnAt([], 'Endpoints (v1) is not modelled (kube-proxy reads EndpointSlices): write a discovery.k8s.io/v1 EndpointSlice instead; ignored');
      return;
    default:
      if (apiVersion.startsWith('k8snet.dev/')) {
        ctx.err(['kind'], `${JSON.stringify(kind)} is not a kind of ${K8SNET_API_VERSION}: use Network, Host or CNIConfig`);
      } else {
        ctx.warnAt(['kind'], `kind ${kind} (${apiVersion}) is not modelled by the simulator: ignored`);
      }
  }
}

const NAMESPACED_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'EndpointSlice', 'NetworkPolicy', 'ConfigMap', 'Endpoints']);

/** "Service default/web" from metadata, before the kind's reader checks it (so shape warnings name the object). */
function preliminaryLabel(kind: string, obj: Record<string, unknown>): string {
  const m = asObj(obj['metadata']);
  const name = asStr(m?.['name']);
  if (!name) return kind;
  if (!NAMESPACED_KINDS.has(kind)) return `${kind} ${name}`;
  return `${kind} ${asStr(m?.['namespace']) || 'default'}/${name}`;
}

/** "spec.ingress[0].from[1].ipBlock.cidr" → path. */
function parseFieldPath(field: string): Path {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out.filter((p) => p !== '<root>');
}

