import { cluster } from 'k8snet';

// 兩個節點，使用 flannel VXLAN（Pod 在 10.244.0.0/16 裡，每個節點一個 /24）。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web（80 埠）和 near 在 node-1；far 在 node-2。
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });
c.pod('far', { node: 'node-2' });

// 猜之前先讀位址和路由。
// （這裡沒有 trace：那樣就直接洩漏答案了。）
console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('pod/default/far', 'ip route'));
console.log(c.exec('node/node-2', 'ip route'));

// 你的預測：連到 web:80 的連線經過的裝置，
// 依序寫成 'NAMESPACE DEVICE'。從 client 的 eth0 開始，到
// web 的 eth0 結束，不必寫 veth 在節點上的那一端。
export const sameNode: string[] = ['default/near eth0', 'default/web eth0'];
export const crossNode: string[] = ['default/far eth0', 'default/web eth0'];

// 還有：far 的連線，web 看到的來源位址是什麼？
// （一個 IP 位址，不含連接埠。）
export const farSourceSeen: string = '';

export default c;
