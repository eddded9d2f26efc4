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

// 1. Default deny for db's ingress: it selects db and allows nothing.
c.networkPolicy('db-default-deny', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
});

// 2. The one allowance: Pods labelled app=api in this namespace (a podSelector alone means "in my namespace"),
//    on port 5432.
c.networkPolicy('db-allow-api', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});

// Who reaches db through its Service?
for (const from of ['default/api', 'default/web', 'tools/api']) {
  const t = c.trace(`pod/${from}`, 'svc/default/db:5432');
  console.log(from.padEnd(12), '→ db:', t.verdict);
}

// The policy agent's chains on db's node.
console.log(c.exec('node/node-1', 'iptables -S K8SNET-NETPOL'));

export default c;
