import { cluster } from 'k8snet';

// Two nodes with flannel VXLAN (Pods in 10.244.0.0/16, a /24 per node).
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web (port 80) and near are on node-1; far is on node-2.
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });
c.pod('far', { node: 'node-2' });

// Read the addresses and routes before you guess.
// (No trace here: that would give the answer away.)
console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('pod/default/far', 'ip route'));
console.log(c.exec('node/node-2', 'ip route'));

// Your predictions: the devices a connection to web:80 crosses,
// in order, as 'NAMESPACE DEVICE'. Start at the client's eth0, end at
// web's eth0, and leave out the veth ends on the nodes.
export const sameNode: string[] = ['default/near eth0', 'default/web eth0'];
export const crossNode: string[] = ['default/far eth0', 'default/web eth0'];

// And: which source address does web see on far's connection?
// (An IP address, no port.)
export const farSourceSeen: string = '';

export default c;
