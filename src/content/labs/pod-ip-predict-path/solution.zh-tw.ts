import { cluster } from 'k8snet';

// 兩個節點，使用 flannel VXLAN（Pod 在 10.244.0.0/16 裡，每個節點一個 /24）。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web（80 埠）和 near 在 node-1；far 在 node-2。
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });
c.pod('far', { node: 'node-2' });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('pod/default/far', 'ip route'));
console.log(c.exec('node/node-2', 'ip route'));

// 同一個節點：near 的預設路由指向 cni0（10.244.0.1）；node-1 上 web 的 /24 就在 cni0 上，所以封包
// 從同一個 bridge 出去，到 web 的 veth。
export const sameNode: string[] = ['default/near eth0', 'node-1 cni0', 'default/web eth0'];

// 跨節點：node-2 把 10.244.0.0/24 經由 flannel.1 路由；flannel.1 把封包包進 VXLAN（UDP 8472），
// node-2 從 eth0 送到 node-1 的 eth0；node-1 在 flannel.1 上拆開，再路由到 cni0。
export const crossNode: string[] = [
  'default/far eth0',
  'node-2 cni0',
  'node-2 flannel.1',
  'node-2 eth0',
  'node-1 eth0',
  'node-1 flannel.1',
  'node-1 cni0',
  'default/web eth0',
];

// 在節點之間，封包包在一個從 192.168.56.12 送往 192.168.56.11 的 VXLAN 封包裡，但外層標頭
// 在 node-1 上就被拿掉了：web 看到的是 far 自己的 Pod IP（kubectl get pods -o wide 會列出它）。
export const farSourceSeen: string = '10.244.1.3';

// 現在和模擬器對照。
console.log(c.trace('pod/default/near', 'pod/default/web:80').path());
const t = c.trace('pod/default/far', 'pod/default/web:80');
console.log(t.path(), 'source seen by web:', t.sourceSeen);

export default c;
