import { cluster } from 'k8snet';

// Two nodes with flannel VXLAN, kubeadm's defaults (Pod network 10.244.0.0/16, one /24 per node).
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web: nginx listening on port 80, on node-1.
c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });

// client: the Pod that connects to web. The task wants it on the other node.
c.pod('client', { node: 'node-1' });

const t = c.trace('pod/default/client', 'pod/default/web:80');
console.log(t.verdict, 'source seen by web:', t.sourceSeen);
console.log(t.explain());

export default c;
