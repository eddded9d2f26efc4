import { cluster } from 'k8snet';

// Two nodes with flannel VXLAN. web is on node-1, client on node-2.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// In the Pod: "2: eth0@if6" and "inet 10.244.1.3/24 scope global eth0".
console.log(c.exec('pod/default/client', 'ip address show'));
// In the Pod: "default via 10.244.1.1 dev eth0".
console.log(c.exec('pod/default/client', 'ip route'));
// On the node: "4: cni0 … inet 10.244.1.1/24" and "6: veth4a24a78c@if2 … master cni0 … link-netns default/client".
console.log(c.exec('node/node-2', 'ip address show'));
// The node object: "podCIDR: 10.244.1.0/24".
console.log(c.exec('node/node-2', 'kubectl get node node-2 -o yaml'));

export const answers = {
  podIP: '10.244.1.3',
  podCIDR: '10.244.1.0/24',
  gateway: '10.244.1.1',
  gatewayDevice: 'cni0',
  hostVeth: 'veth4a24a78c',
};

// web sees exactly that address as the source: no NAT between Pods.
console.log(c.trace('pod/default/client', 'pod/default/web:80').sourceSeen);

export default c;
