import { cluster } from 'k8snet';

// 兩個節點，使用 flannel VXLAN，kubeadm 的預設值（Pod 網路 10.244.0.0/16，每個節點一個 /24）。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web：聽 80 埠的 nginx，在 node-1 上。
c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });

// client：連到 web 的 Pod。題目要它在另一個節點上。
c.pod('client', { node: 'node-1' });

const t = c.trace('pod/default/client', 'pod/default/web:80');
console.log(t.verdict, 'source seen by web:', t.sourceSeen);
console.log(t.explain());

export default c;
