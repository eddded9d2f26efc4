import { cluster } from 'k8snet';

// Two nodes with flannel VXLAN (Pods in 10.244.0.0/16, a /24 per node).
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web (port 80) and near are on node-1; far is on node-2.
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });
c.pod('far', { node: 'node-2' });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('pod/default/far', 'ip route'));
console.log(c.exec('node/node-2', 'ip route'));

// Same node: near's default route points at cni0 (10.244.0.1); node-1 has web's /24 on cni0, so the packet
// goes back out on the same bridge to web's veth.
export const sameNode: string[] = ['default/near eth0', 'node-1 cni0', 'default/web eth0'];

// Across nodes: node-2 routes 10.244.0.0/24 via flannel.1; flannel.1 wraps the packet in VXLAN (UDP 8472) and
// node-2 sends that through eth0 to node-1's eth0; node-1 unwraps it on flannel.1 and routes it to cni0.
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

// Between the nodes the packet travels inside a VXLAN packet from 192.168.56.12 to 192.168.56.11, but that outer
// header is removed on node-1: web sees far's own Pod IP (kubectl get pods -o wide lists it).
export const farSourceSeen: string = '10.244.1.3';

// Now compare with the simulator.
console.log(c.trace('pod/default/near', 'pod/default/web:80').path());
const t = c.trace('pod/default/far', 'pod/default/web:80');
console.log(t.path(), 'source seen by web:', t.sourceSeen);

export default c;
