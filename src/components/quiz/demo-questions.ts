/**
 * The quiz of the "Lab views" guide, in both languages. The answers follow the demo cluster's trace
 * (figures/demo-cluster.ts): the client's connection to the web Service is DNATed by nat PREROUTING on node-2
 * (the client's node, as the packet crosses cni0 with br_netfilter), crosses cni0 → flannel.1 → eth0 there, goes
 * between the nodes in VXLAN over UDP 8472 (flannel's default port, kube-flannel.yml), and arrives without source
 * NAT.
 *
 * Not modelled: questions about other clusters.
 */
import type { Question } from './check';

export const DEMO_QUESTIONS: Record<'en' | 'zh-tw', Question[]> = {
  en: [
    {
      kind: 'choice',
      id: 'dnat-where',
      prompt: 'Where is the destination of the client’s packet rewritten from the ClusterIP to the web Pod (DNAT)?',
      options: [
        { id: 'n2-pre', text: 'On node-2, in the `nat` table’s `PREROUTING` chain' },
        { id: 'n1-pre', text: 'On node-1, in the `nat` table’s `PREROUTING` chain' },
        { id: 'n2-fwd', text: 'On node-2, in the `filter` table’s `FORWARD` chain' },
        { id: 'web', text: 'Inside the web Pod' },
      ],
      answer: ['n2-pre'],
      explain: 'kube-proxy’s KUBE-SERVICES rules run in nat PREROUTING on the node where the packet enters: the client’s node.',
      hint: 'Step to hop 2 of the request and look for the NAT row.',
    },
    {
      kind: 'choice',
      id: 'node2-devices',
      prompt: 'Which devices of node-2 does the request cross?',
      options: [
        { id: 'cni0', text: '`cni0`' },
        { id: 'flannel', text: '`flannel.1`' },
        { id: 'eth0', text: '`eth0`' },
        { id: 'ipvs', text: '`kube-ipvs0`' },
      ],
      answer: ['cni0', 'flannel', 'eth0'],
      explain: 'The bridge hands it to the node, the route sends it to flannel.1, and the VXLAN packet leaves by eth0. kube-ipvs0 exists only in IPVS mode.',
    },
    {
      kind: 'blank',
      id: 'vxlan-port',
      prompt: 'Which UDP port carries the VXLAN packets between the nodes?',
      accept: ['8472'],
      pattern: 'udp\\s*/?\\s*8472',
      explain: 'flannel’s VXLAN backend uses UDP 8472 (the Linux default), not IANA’s 4789.',
      hint: 'Look for the VXLAN row on node-2.',
    },
    {
      kind: 'blank',
      id: 'source-seen',
      prompt: 'Which source IP address does the web Pod see?',
      accept: ['10.244.1.3'],
      pattern: '10\\.244\\.1\\.3(:\\d+)?',
      explain: 'No source NAT happens between Pods: the web Pod sees the client Pod’s own address.',
      hint: 'Pod-to-Pod traffic keeps its source address.',
    },
  ],
  'zh-tw': [
    {
      kind: 'choice',
      id: 'dnat-where',
      prompt: '用戶端封包的目的位址在哪裡從 ClusterIP 被改寫成 web Pod（DNAT）？',
      options: [
        { id: 'n2-pre', text: '在 node-2 上，`nat` 表的 `PREROUTING` chain' },
        { id: 'n1-pre', text: '在 node-1 上，`nat` 表的 `PREROUTING` chain' },
        { id: 'n2-fwd', text: '在 node-2 上，`filter` 表的 `FORWARD` chain' },
        { id: 'web', text: '在 web Pod 裡' },
      ],
      answer: ['n2-pre'],
      explain: 'kube-proxy 的 KUBE-SERVICES 規則在封包進入的節點（也就是用戶端所在節點）的 nat PREROUTING 執行。',
      hint: '逐站走到請求的第 2 站，找找 NAT 那一列。',
    },
    {
      kind: 'choice',
      id: 'node2-devices',
      prompt: '請求經過 node-2 的哪些裝置？',
      options: [
        { id: 'cni0', text: '`cni0`' },
        { id: 'flannel', text: '`flannel.1`' },
        { id: 'eth0', text: '`eth0`' },
        { id: 'ipvs', text: '`kube-ipvs0`' },
      ],
      answer: ['cni0', 'flannel', 'eth0'],
      explain: 'bridge 把它交給節點，路由把它送到 flannel.1，VXLAN 封包再從 eth0 離開。kube-ipvs0 只在 IPVS 模式才有。',
    },
    {
      kind: 'blank',
      id: 'vxlan-port',
      prompt: '節點之間的 VXLAN 封包走哪個 UDP 連接埠？',
      accept: ['8472'],
      pattern: 'udp\\s*/?\\s*8472',
      explain: 'flannel 的 VXLAN 後端使用 UDP 8472（Linux 的預設值），而不是 IANA 的 4789。',
      hint: '看看 node-2 上 VXLAN 那一列。',
    },
    {
      kind: 'blank',
      id: 'source-seen',
      prompt: 'web Pod 看到的來源 IP 位址是什麼？',
      accept: ['10.244.1.3'],
      pattern: '10\\.244\\.1\\.3(:\\d+)?',
      explain: 'Pod 之間沒有來源 NAT：web Pod 看到的是用戶端 Pod 自己的位址。',
      hint: 'Pod 對 Pod 的流量會保留來源位址。',
    },
  ],
};
