import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.node('node-3');

// 兩個 nginx Pod；scheduler 把它們分散到各個節點。
c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
// NodePort：cluster IP 還在，而且每個節點也在自己的位址上接受 30080 埠。
c.service('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, nodePort: 30080 }] });

// 叢集外的一台機器，在節點網路的路由器後面。
c.host('laptop', { ip: '203.0.113.10' });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('node/node-1', 'kubectl get svc web'));

for (const node of ['node-1', 'node-2', 'node-3']) {
  const t = c.explore('laptop', `node/${node}:30080`);
  for (const b of t.candidates ?? []) console.log(`${node}:30080 →`, b.endpoint, b.verdict, 'on', b.deliveredTo?.node, 'source seen', b.sourceSeen);
}

export default c;
