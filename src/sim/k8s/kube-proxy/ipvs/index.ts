/**
 * kube-proxy, IPVS mode: `syncIpvs` (Services + EndpointSlices → kube-ipvs0 addresses, IPVS virtual
 * servers, ipsets and the constant-size iptables ruleset), the `ipvsadm -Ln` and `ipset list` printers,
 * and `ipvsIptablesExpanded`, which rewrites the ipset matches into plain rules the netfilter model loads.
 *
 * Not modelled: the IPv6 proxier, graceful termination of real servers, stale-state cleanup between syncs.
 */
export * from './types';
export {
  syncIpvs,
  DEFAULT_IPVS_SCHEDULER,
  KUBE_IPVS_DUMMY_DEVICE,
  IPVS_SCHEDULERS,
} from './proxier';
export {
  IPSET_INFO,
  IPSET_REVISION,
  BITMAP_PORT_RANGE,
  ipsetInfoOf,
  ipsetList,
  ipsetReferences,
  ipsetMemberCompare,
  sortIpsetMembers,
  parseIpsetMember,
  hashIpEntry,
  hashIpPortEntry,
  hashIpPortIpEntry,
  hashIpPortNetEntry,
  bitmapPortEntry,
  type IpsetInfo,
  type IpsetListOptions,
  type IpsetMember,
  KUBE_LOOP_BACK_SET,
  KUBE_CLUSTER_IP_SET,
  KUBE_EXTERNAL_IP_SET,
  KUBE_EXTERNAL_IP_LOCAL_SET,
  KUBE_LOAD_BALANCER_SET,
  KUBE_LOAD_BALANCER_FW_SET,
  KUBE_LOAD_BALANCER_LOCAL_SET,
  KUBE_LOAD_BALANCER_SOURCE_IP_SET,
  KUBE_LOAD_BALANCER_SOURCE_CIDR_SET,
  KUBE_NODE_PORT_TCP_SET,
  KUBE_NODE_PORT_LOCAL_TCP_SET,
  KUBE_NODE_PORT_UDP_SET,
  KUBE_NODE_PORT_LOCAL_UDP_SET,
  KUBE_NODE_PORT_SCTP_SET,
  KUBE_NODE_PORT_LOCAL_SCTP_SET,
  KUBE_HEALTH_CHECK_NODE_PORT_SET,
  KUBE_IPVS_IPS_SET,
} from './ipset';
export {
  ipvsIptablesExpanded,
  ipvsRestorePayload,
  ipvsJumpChainRules,
  renderIpvsIptablesRule,
  IPVS_NAT_CHAINS,
  IPVS_FILTER_CHAINS,
  IPVS_SET_NAMES,
  KUBE_LOAD_BALANCER,
  KUBE_IPVS_FILTER,
  KUBE_IPVS_OUT_FILTER,
  KUBE_SOURCE_RANGES_FIREWALL,
  KUBE_NODE_PORT,
} from './iptables';
export {
  ipvsadmList,
  ipvsCompareServices,
  ipvsCompareDests,
  IPVS_VERSION,
  IPVS_CONN_TAB_SIZE,
  type IpvsadmListOptions,
} from './ipvsadm';
