import { cluster } from 'k8snet';

// flannel host-gw：每個節點把另一個節點的 Pod CIDR 路由到那個節點的 IP（沒有 VXLAN）。
const c = cluster({ cni: 'flannel-host-gw' });
c.node('node-1');
c.node('node-2');

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });   // 和 web 同一個節點
c.pod('far', { node: 'node-2' });    // 另一個節點

// 你的預測。在看任何 trace 之前先寫下來。
export const sameNodeTtl: number | null = null;     // near 看到的回應 TTL
export const crossNodeTtl: number | null = null;    // far 看到的回應 TTL
export const crossNodePath: string[] = [
  'default/far eth0',
  // … echo request 經過的裝置，一直到 web 的 eth0
];

// 之後再取消這幾行的註解，和模擬器的結果對照：
// for (const from of ['pod/default/near', 'pod/default/far']) {
//   const t = c.trace(from, 'pod/default/web', { protocol: 'icmp' });
//   console.log(from, 'reply TTL', t.replyTtl, '\n  ' + t.path().join(' → '));
// }

export default c;
