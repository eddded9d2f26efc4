import { cluster } from 'k8snet';

// 兩個節點，使用 flannel VXLAN。web 在 node-1，client 在 node-2。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// 四處看看：在 client 的終端機裡和 node-2 上執行指令，
// 就像用 kubectl exec 和 ssh 一樣。
console.log(c.exec('pod/default/client', 'ip address show'));
// 還可以試試：在 Pod 裡執行 'ip route'；在節點上執行 'ip address show'、
// 'ip route' 和 'kubectl get node node-2 -o yaml'。

// 你的答案（字串，照指令印出的樣子寫）。
export const answers = {
  podIP: '', //         client 自己的位址，不含 /24
  podCIDR: '', //       這個位址所屬的 node-2 Pod CIDR，寫法像 10.244.9.0/24
  gateway: '', //       client 的預設路由把封包送往的位址
  gatewayDevice: '', // node-2 上擁有這個 gateway 位址的裝置
  hostVeth: '', //      client 在 node-2 上的 veth 名稱（client 的 eth0 的另一端）
};

export default c;
