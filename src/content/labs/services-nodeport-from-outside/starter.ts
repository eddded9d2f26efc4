import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.node('node-3');

// Two nginx Pods; the scheduler spreads them over the nodes.
c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] });

// A machine outside the cluster, behind the node network's router.
c.host('laptop', { ip: '203.0.113.10' });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('node/node-1', 'kubectl get svc web'));

// From outside, the cluster IP means nothing.
const t = c.trace('laptop', 'svc/default/web:80');
console.log(t.verdict, '-', t.explain());

export default c;
