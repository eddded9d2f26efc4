import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.node('node-3');

// 兩個 nginx Pod；scheduler 把它們分散到各個節點。
c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] });

// 叢集外的一台機器，在節點網路的路由器後面。
c.host('laptop', { ip: '203.0.113.10' });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('node/node-1', 'kubectl get svc web'));

// 從外面看，cluster IP 沒有任何意義。
const t = c.trace('laptop', 'svc/default/web:80');
console.log(t.verdict, '-', t.explain());

export default c;
