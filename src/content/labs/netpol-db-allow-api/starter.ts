import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.namespace('tools');

// The database and its Service, on node-1.
c.pod('db', { node: 'node-1', labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.service('db', { selector: { app: 'db' }, ports: [5432] });

// Its clients. Only api should reach db; api in the namespace tools is another team's Pod.
c.pod('api', { node: 'node-2', labels: { app: 'api' }, containers: [{ name: 'app', ports: [8080] }] });
c.pod('web', { node: 'node-2', labels: { app: 'web' } });
c.pod('api', { namespace: 'tools', node: 'node-1', labels: { app: 'api' } });

// Your policies go here. Until one selects db, every Pod may connect to it.

// Who reaches db through its Service?
for (const from of ['default/api', 'default/web', 'tools/api']) {
  const t = c.trace(`pod/${from}`, 'svc/default/db:5432');
  console.log(from.padEnd(12), '→ db:', t.verdict);
}

export default c;
