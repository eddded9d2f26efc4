import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('db', { node: 'node-1', labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.pod('cache', { node: 'node-1', labels: { app: 'cache' }, containers: [{ name: 'redis', ports: [6379] }] });
c.pod('api', { node: 'node-2', labels: { app: 'api' }, containers: [{ name: 'app', ports: [8080] }] });
c.pod('web', { node: 'node-2', labels: { app: 'web' } });

// db admits api on 5432.
c.networkPolicy('db-ingress', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }],
});

// api may only open connections to the cache.
c.networkPolicy('api-egress', {
  podSelector: { matchLabels: { app: 'api' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: { matchLabels: { app: 'cache' } } }], ports: [{ port: 6379 }] }],
});

// Predict before you trace: 'delivered' or 'timeout' for each connection, and the node that drops api → db.
export const predicted = {
  apiToDb: 'timeout', // db's ingress allows api, but api's egress allows only the cache: both sides must agree
  webToDb: 'timeout', // db is isolated for ingress and nothing allows web
  apiToCache: 'delivered', // api's egress allows it, and no policy selects cache
  webToApi: 'delivered', // api is isolated for egress only; its reply to web is part of an allowed connection
  apiToDbDroppedOn: 'node-2', // api's egress chain runs on api's own node
};

for (const [from, to] of [['api', 'db:5432'], ['web', 'db:5432'], ['api', 'cache:6379'], ['web', 'api:8080']]) {
  const t = c.trace(`pod/default/${from}`, `pod/default/${to}`);
  console.log(`${from} → ${to}`.padEnd(18), t.verdict);
}
console.log(c.trace('pod/default/api', 'pod/default/db:5432').explain());

export default c;
