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
  apiToDb: '', // api → db:5432
  webToDb: '', // web → db:5432
  apiToCache: '', // api → cache:6379
  webToApi: '', // web → api:8080
  apiToDbDroppedOn: '', // 'node-1' or 'node-2' (if it is dropped at all)
};

// When you have predicted, uncomment and compare:
// for (const [from, to] of [['api', 'db:5432'], ['web', 'db:5432'], ['api', 'cache:6379'], ['web', 'api:8080']]) {
//   const t = c.trace(`pod/default/${from}`, `pod/default/${to}`);
//   console.log(`${from} → ${to}`.padEnd(18), t.verdict);
// }

export default c;
