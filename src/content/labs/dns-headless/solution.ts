import { cluster } from 'k8snet';

// A database with two replicas. The client wants the address of every replica, not one virtual IP.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('db', { replicas: 2, labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });

// A headless Service (clusterIP: None): no virtual IP, no kube-proxy rules; the cluster DNS answers the name
// with the IP of every ready Pod that the selector picks.
c.service('db', { selector: { app: 'db' }, ports: [5432], headless: true });

c.pod('client', { node: 'node-2' });

// Two A records now: one per replica.
console.log(c.exec('pod/default/client', 'nslookup db'));
// The client connects straight to the first address: no DNAT on the way.
const t = c.trace('pod/default/client', 'db:5432');
console.log(t.dns?.addresses, 'DNAT:', t.dnat);
console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
// kube-proxy ignores headless Services: no line mentions default/db.
console.log(c.exec('node/node-1', 'iptables-save -t nat').includes('default/db'));

export default c;
