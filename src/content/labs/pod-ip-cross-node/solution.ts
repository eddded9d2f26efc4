import { cluster } from 'k8snet';

// Two nodes with flannel VXLAN, kubeadm's defaults (Pod network 10.244.0.0/16, one /24 per node).
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web: nginx listening on port 80, on node-1.
c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });

// client: on node-2, so its packets to web must cross from one node to the other.
c.pod('client', { node: 'node-2' });

const t = c.trace('pod/default/client', 'pod/default/web:80');
console.log(t.verdict, 'source seen by web:', t.sourceSeen);
console.log(t.explain());

// node-2 sends node-1's Pod CIDR (10.244.0.0/24) to flannel.1, the VXLAN device.
console.log(c.exec('node/node-2', 'ip route'));

export default c;
