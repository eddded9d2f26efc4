import { cluster } from 'k8snet';

// 兩個節點，使用 flannel VXLAN。web 在 node-1，client 在 node-2。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// 在 Pod 裡："2: eth0@if6" 和 "inet 10.244.1.3/24 scope global eth0"。
console.log(c.exec('pod/default/client', 'ip address show'));
// 在 Pod 裡："default via 10.244.1.1 dev eth0"。
console.log(c.exec('pod/default/client', 'ip route'));
// 在節點上："4: cni0 … inet 10.244.1.1/24" 和 "6: veth4a24a78c@if2 … master cni0 … link-netns default/client"。
console.log(c.exec('node/node-2', 'ip address show'));
// Node 物件："podCIDR: 10.244.1.0/24"。
console.log(c.exec('node/node-2', 'kubectl get node node-2 -o yaml'));

export const answers = {
  podIP: '10.244.1.3',
  podCIDR: '10.244.1.0/24',
  gateway: '10.244.1.1',
  gatewayDevice: 'cni0',
  hostVeth: 'veth4a24a78c',
};

// web 看到的來源正是這個位址：Pod 之間沒有 NAT。
console.log(c.trace('pod/default/client', 'pod/default/web:80').sourceSeen);

export default c;
