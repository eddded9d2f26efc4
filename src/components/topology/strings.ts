/**
 * The topology picture's words, in English and Traditional Chinese, for labels inside the SVG and for its text
 * alternative. Device, address and object names stay as the cluster has them.
 *
 * Not modelled: plural forms beyond one/many.
 */
import type { ViewLang } from '../figures/lang';

export interface TopologyStrings {
  nodeNetwork: (cidr: string) => string;
  router: string;
  podCidr: string;
  notReady: string;
  hostNetwork: string;
  services: string;
  noServices: string;
  unscheduled: string;
  hidden: (n: number, namespaces: string) => string;
  backend: (podNetwork: string) => string;
  title: (nodes: number, pods: number, backend: string) => string;
  srNetwork: (cidr: string, gateway: string) => string;
  srNode: (name: string, ip: string, cidr: string, ready: boolean) => string;
  srDevices: (list: string) => string;
  srPod: (name: string, ip: string | null, veth?: string, host?: boolean) => string;
  srNoPods: string;
  srHost: (name: string, ip: string, onNet: boolean) => string;
  srService: (name: string, type: string, ip: string | null, ports: string) => string;
  srPath: (steps: string) => string;
  then: string;
  kind: (k: string) => string;
  outside: string;
}

const KIND_EN: Record<string, string> = { bridge: 'bridge', vxlan: 'VXLAN', ether: 'Ethernet', dummy: 'dummy', veth: 'veth', loopback: 'loopback' };
const KIND_ZH: Record<string, string> = { bridge: 'bridge', vxlan: 'VXLAN', ether: '乙太網路', dummy: 'dummy', veth: 'veth', loopback: 'loopback' };

const en: TopologyStrings = {
  nodeNetwork: (cidr) => `node network ${cidr}`,
  router: 'router',
  podCidr: 'Pod CIDR',
  notReady: 'NotReady',
  hostNetwork: 'host network',
  services: 'Services (virtual IPs: iptables rules on every node)',
  noServices: 'no Services',
  unscheduled: 'Pods without a node',
  hidden: (n, ns) => `Not shown: ${n} ${n === 1 ? 'Pod' : 'Pods'} in ${ns}`,
  backend: (p) => (p === 'vxlan' ? 'flannel VXLAN' : p === 'host-gw' ? 'flannel host-gw' : 'bridge CNI'),
  title: (nodes, pods, backend) => `Cluster topology: ${nodes} ${nodes === 1 ? 'node' : 'nodes'}, ${pods} ${pods === 1 ? 'Pod' : 'Pods'}, ${backend}`,
  srNetwork: (cidr, gw) => `Node network ${cidr}, gateway ${gw}.`,
  srNode: (name, ip, cidr, ready) => `Node ${name} at ${ip}, Pod CIDR ${cidr}${ready ? '' : ', NotReady'}.`,
  srDevices: (list) => `Devices: ${list}.`,
  srPod: (name, ip, veth, host) => `Pod ${name}${ip ? ` at ${ip}` : ''}${host ? ', on the host network' : veth ? `, attached by ${veth}` : ''}.`,
  srNoPods: 'No Pods.',
  srHost: (name, ip, onNet) => `Host ${name} at ${ip}, ${onNet ? 'on the node network' : 'outside, behind the router'}.`,
  srService: (name, type, ip, ports) => `Service ${name}: ${type}${ip ? ` ${ip}` : ''}${ports ? `, ports ${ports}` : ''}.`,
  srPath: (steps) => `Highlighted path: ${steps}.`,
  then: ', then ',
  kind: (k) => KIND_EN[k] ?? k,
  outside: 'outside',
};

const zh: TopologyStrings = {
  nodeNetwork: (cidr) => `節點網路 ${cidr}`,
  router: '路由器',
  podCidr: 'Pod 網段',
  notReady: 'NotReady',
  hostNetwork: '主機網路',
  services: 'Service（虛擬 IP：每個節點上的 iptables 規則）',
  noServices: '沒有 Service',
  unscheduled: '尚未排程的 Pod',
  hidden: (n, ns) => `未顯示：${ns} 中的 ${n} 個 Pod`,
  backend: (p) => (p === 'vxlan' ? 'flannel VXLAN' : p === 'host-gw' ? 'flannel host-gw' : 'bridge CNI'),
  title: (nodes, pods, backend) => `叢集拓撲：${nodes} 個節點、${pods} 個 Pod，${backend}`,
  srNetwork: (cidr, gw) => `節點網路 ${cidr}，閘道 ${gw}。`,
  srNode: (name, ip, cidr, ready) => `節點 ${name}，位址 ${ip}，Pod 網段 ${cidr}${ready ? '' : '，NotReady'}。`,
  srDevices: (list) => `裝置：${list}。`,
  srPod: (name, ip, veth, host) => `Pod ${name}${ip ? `，位址 ${ip}` : ''}${host ? '，使用主機網路' : veth ? `，經由 ${veth} 連接` : ''}。`,
  srNoPods: '沒有 Pod。',
  srHost: (name, ip, onNet) => `主機 ${name}，位址 ${ip}，${onNet ? '在節點網路上' : '在路由器之外'}。`,
  srService: (name, type, ip, ports) => `Service ${name}：${type}${ip ? ` ${ip}` : ''}${ports ? `，連接埠 ${ports}` : ''}。`,
  srPath: (steps) => `標示的路徑：${steps}。`,
  then: '，接著 ',
  kind: (k) => KIND_ZH[k] ?? k,
  outside: '外部',
};

export function topologyStrings(lang: ViewLang): TopologyStrings {
  return lang === 'zh-tw' ? zh : en;
}
