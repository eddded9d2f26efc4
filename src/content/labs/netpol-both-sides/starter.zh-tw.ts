import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('db', { node: 'node-1', labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.pod('cache', { node: 'node-1', labels: { app: 'cache' }, containers: [{ name: 'redis', ports: [6379] }] });
c.pod('api', { node: 'node-2', labels: { app: 'api' }, containers: [{ name: 'app', ports: [8080] }] });
c.pod('web', { node: 'node-2', labels: { app: 'web' } });

// db 允許 api 連 5432。
c.networkPolicy('db-ingress', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }],
});

// api 只能對 cache 建立連線。
c.networkPolicy('api-egress', {
  podSelector: { matchLabels: { app: 'api' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: { matchLabels: { app: 'cache' } } }], ports: [{ port: 6379 }] }],
});

// trace 之前先預測：每條連線是 'delivered' 還是 'timeout'，以及是哪個節點丟掉 api → db。
export const predicted = {
  apiToDb: '', // api → db:5432
  webToDb: '', // web → db:5432
  apiToCache: '', // api → cache:6379
  webToApi: '', // web → api:8080
  apiToDbDroppedOn: '', // 'node-1' 或 'node-2'（如果它真的被丟掉的話）
};

// 預測完之後，取消下面的註解來對照：
// for (const [from, to] of [['api', 'db:5432'], ['web', 'db:5432'], ['api', 'cache:6379'], ['web', 'api:8080']]) {
//   const t = c.trace(`pod/default/${from}`, `pod/default/${to}`);
//   console.log(`${from} → ${to}`.padEnd(18), t.verdict);
// }

export default c;
