import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.node('node-3');

// Two nginx Pods; the scheduler spreads them over the nodes.
c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
// NodePort: the cluster IP stays, and every node also accepts port 30080 on its own addresses.
c.service('web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, nodePort: 30080 }] });

// A machine outside the cluster, behind the node network's router.
c.host('laptop', { ip: '203.0.113.10' });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('node/node-1', 'kubectl get svc web'));

for (const node of ['node-1', 'node-2', 'node-3']) {
  const t = c.explore('laptop', `node/${node}:30080`);
  for (const b of t.candidates ?? []) console.log(`${node}:30080 →`, b.endpoint, b.verdict, 'on', b.deliveredTo?.node, 'source seen', b.sourceSeen);
}

export default c;
