import { cluster } from 'k8snet';

// A database with two replicas. The client wants the address of every replica, not one virtual IP.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('db', { replicas: 2, labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });

// An ordinary Service: one ClusterIP, and kube-proxy DNATs it to one replica per connection.
c.service('db', { selector: { app: 'db' }, ports: [5432] });

c.pod('client', { node: 'node-2' });

// What the cluster DNS answers for db, and where a connection to db goes.
console.log(c.exec('pod/default/client', 'nslookup db'));
const t = c.trace('pod/default/client', 'db:5432');
console.log(t.dns?.addresses, 'DNAT:', t.dnat);
console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));

export default c;
