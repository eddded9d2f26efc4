import { cluster } from 'k8snet';

// flannel host-gw：每個節點把另一個節點的 Pod CIDR 路由到那個節點的 IP（沒有 VXLAN）。
const c = cluster({ cni: 'flannel-host-gw' });
c.node('node-1');
c.node('node-2');

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });   // 和 web 同一個節點
c.pod('far', { node: 'node-2' });    // 另一個節點

// 同一個節點：near → veth → cni0 → veth → web。經過 bridge，沒有人路由它：回應到達時 TTL 是 64。
export const sameNodeTtl: number | null = 64;
// 跨節點：node-1 路由這個回應（64 → 63），node-2 再路由一次（63 → 62）。
export const crossNodeTtl: number | null = 62;
// host-gw：node-2 把 10.244.0.0/24 經 192.168.56.11 dev eth0 送出，在節點網路上直接送到 node-1。
export const crossNodePath: string[] = [
  'default/far eth0',
  'node-2 cni0',
  'node-2 eth0',
  'node-1 eth0',
  'node-1 cni0',
  'default/web eth0',
];

for (const from of ['pod/default/near', 'pod/default/far']) {
  const t = c.trace(from, 'pod/default/web', { protocol: 'icmp' });
  console.log(from, 'reply TTL', t.replyTtl, '\n  ' + t.path().join(' → '));
}

export default c;
