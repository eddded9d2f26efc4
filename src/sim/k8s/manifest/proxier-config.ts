/**
 * The kube-proxy configuration one node runs with, in the shape the kube-proxy model takes (ProxierConfig):
 * the node's name and IPs, and the cluster's KubeProxyConfiguration.
 *
 * Not modelled: randomFully / nfacct / conntrack probing (left to the kube-proxy model's defaults).
 */
import { fail } from '../../core/errors';
import type { ProxierConfig } from '../kube-proxy/types';
import type { ClusterSpec } from './types';

export function proxierConfigFor(spec: Pick<ClusterSpec, 'config' | 'nodes'>, nodeName: string): ProxierConfig {
  const node = spec.nodes.find((n) => n.name === nodeName);
  if (!node) fail('NOT_FOUND', `node ${nodeName} is not in the cluster (it has ${spec.nodes.map((n) => n.name).join(', ') || 'no nodes'})`);
  const p = spec.config.proxy;
  const cfg: ProxierConfig = {
    nodeName,
    nodeIPs: [...node.internalIPs],
    clusterCIDR: p.clusterCIDR,
    masqueradeBit: p.masqueradeBit,
    masqueradeAll: p.masqueradeAll,
    localhostNodePorts: p.localhostNodePorts,
  };
  const cidrs = p.nodePortAddresses.filter((c) => c !== 'primary');
  // "primary" means the node's primary IPs: one /32 per InternalIP (kube-proxy NodePortAddresses).
  if (p.nodePortAddresses.includes('primary')) cidrs.push(...node.internalIPs.map((ip) => `${ip}/32`));
  if (cidrs.length > 0) cfg.nodePortAddresses = cidrs;
  return cfg;
}
