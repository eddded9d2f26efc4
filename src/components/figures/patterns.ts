/**
 * The four ways traffic moves in a Kubernetes cluster, as the course's source notes list them (container ↔
 * container, Pod ↔ Pod, Pod ↔ Service, outside ↔ Service), as packet-path figures in both languages. Addresses
 * are the ones the simulator gives two small clusters (flannel VXLAN, Pod CIDR 10.244.0.0/16, node network
 * 192.168.56.0/24): the demo cluster of guides/components (client, web, a ClusterIP Service) for the first three,
 * examples/two-nodes.yaml (NodePort 30080, host ext) for the last. Chain names are kube-proxy's
 * (pkg/proxy/iptables/proxier.go).
 *
 * Not modelled: IPVS mode, NodePort with externalTrafficPolicy: Local (no masquerade), hairpin traffic.
 */
import type { PathFigureSpec } from './packet-path';

export type PatternName = 'container-to-container' | 'pod-to-pod' | 'pod-to-service' | 'external-to-service';

export const PATTERNS: Record<PatternName, PathFigureSpec> = {
  // Containers of one Pod share its network namespace: localhost reaches the other container's port.
  'container-to-container': {
    title: { en: 'Container to container in one Pod', 'zh-tw': '同一個 Pod 裡容器對容器' },
    desc: {
      en: 'Both containers share the Pod’s network namespace, so one reaches the other on localhost, through the loopback device lo.',
      'zh-tw': '兩個容器共用 Pod 的網路命名空間，所以一個容器透過 loopback 裝置 lo，用 localhost 就能連到另一個。',
    },
    groups: [{ id: 'pod', label: 'Pod web · 10.244.0.3' }],
    boxes: [
      { label: { en: 'container sidecar', 'zh-tw': '容器 sidecar' }, sub: { en: 'connects', 'zh-tw': '發起連線' }, group: 'pod', kind: 'container' },
      { label: 'lo', sub: '127.0.0.1', group: 'pod', kind: 'device' },
      { label: { en: 'container nginx', 'zh-tw': '容器 nginx' }, sub: { en: 'listens on :8080', 'zh-tw': '在 :8080 聆聽' }, group: 'pod', kind: 'container' },
    ],
    arrows: ['127.0.0.1:8080', null],
  },
  // flannel VXLAN: the bridge hands the packet to the node, the route for the other node's Pod CIDR points at
  // flannel.1, which wraps it in UDP 8472 to the other node's address (kube-flannel.yml, Backend "vxlan").
  'pod-to-pod': {
    title: { en: 'Pod to Pod on another node (flannel VXLAN)', 'zh-tw': '跨節點的 Pod 對 Pod（flannel VXLAN）' },
    desc: {
      en: 'The packet keeps its Pod addresses end to end (no NAT). node-2 routes it to flannel.1, which wraps it in a VXLAN UDP packet from node-2’s eth0 to node-1’s; node-1 unwraps it and its bridge delivers it.',
      'zh-tw': '封包從頭到尾都保留 Pod 的位址（沒有 NAT）。node-2 把它路由到 flannel.1，flannel.1 把它包進從 node-2 的 eth0 送往 node-1 的 VXLAN UDP 封包；node-1 解開後由 bridge 交給 Pod。',
    },
    boxes: [
      { label: 'Pod client', sub: '10.244.1.3', kind: 'pod' },
      { label: 'node-2', sub: 'cni0 → flannel.1', kind: 'node' },
      { label: 'node-1', sub: 'flannel.1 → cni0', kind: 'node' },
      { label: 'Pod web', sub: '10.244.0.3:8080', kind: 'pod' },
    ],
    arrows: ['veth', 'VXLAN\nUDP 8472', 'veth'],
  },
  // kube-proxy iptables mode: nat PREROUTING → KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-… DNAT on the client's
  // node (the bridge passes the packet through iptables: br_netfilter); conntrack undoes it on the reply.
  'pod-to-service': {
    title: { en: 'Pod to a ClusterIP Service', 'zh-tw': 'Pod 對 ClusterIP Service' },
    desc: {
      en: 'The ClusterIP exists only as iptables rules: on the client’s node, nat PREROUTING rewrites the destination to one of the Service’s Pods (DNAT); from there the packet goes as Pod to Pod, and conntrack rewrites the reply back.',
      'zh-tw': 'ClusterIP 只以 iptables 規則的形式存在：在用戶端所在的節點上，nat PREROUTING 把目的位址改寫成 Service 的某個 Pod（DNAT）；之後封包就像 Pod 對 Pod 一樣傳送，回應則由 conntrack 改寫回來。',
    },
    boxes: [
      { label: 'Pod client', sub: '10.244.1.3', kind: 'pod' },
      { label: 'node-2', sub: 'nat PREROUTING: DNAT', kind: 'rule' },
      { label: 'Pod web', sub: '10.244.0.3:8080', kind: 'pod' },
    ],
    arrows: [{ en: 'to\n10.103.73.85:80', 'zh-tw': '送往\n10.103.73.85:80' }, { en: 'to\n10.244.0.3:8080', 'zh-tw': '送往\n10.244.0.3:8080' }],
  },
  // NodePort: KUBE-SERVICES ends with KUBE-NODEPORTS for local addresses; KUBE-EXT-… marks for masquerade
  // (externalTrafficPolicy: Cluster) and DNATs; KUBE-POSTROUTING MASQUERADEs to the outgoing device's address.
  'external-to-service': {
    title: { en: 'Outside client to a NodePort Service', 'zh-tw': '外部用戶端對 NodePort Service' },
    desc: {
      en: 'The client connects to node-1’s address 192.168.56.11 on NodePort 30080; node-1 DNATs it to a Pod (10.244.0.4:8080) and masquerades the source to its own address on cni0, so the reply comes back through node-1.',
      'zh-tw': '用戶端連到 node-1 的位址 192.168.56.11 的 NodePort 30080；node-1 用 DNAT 把它送往某個 Pod（10.244.0.4:8080），並把來源偽裝（MASQUERADE）成自己在 cni0 上的位址，讓回應經由 node-1 回來。',
    },
    groups: [{ id: 'n1', label: 'node-1' }],
    boxes: [
      { label: { en: 'outside client', 'zh-tw': '外部用戶端' }, sub: '192.168.56.100', kind: 'external' },
      { label: 'nat PREROUTING', sub: 'DNAT', group: 'n1', kind: 'rule' },
      { label: 'nat POSTROUTING', sub: 'MASQUERADE', group: 'n1', kind: 'rule' },
      { label: 'Pod web', sub: '10.244.0.4:8080', kind: 'pod' },
    ],
    arrows: [{ en: 'to node-1\n:30080', 'zh-tw': '送往 node-1\n:30080' }, null, { en: 'from\n10.244.0.1', 'zh-tw': '來源\n10.244.0.1' }],
  },
};
