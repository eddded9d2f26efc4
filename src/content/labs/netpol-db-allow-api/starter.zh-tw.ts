import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.namespace('tools');

// 資料庫和它的 Service，在 node-1 上。
c.pod('db', { node: 'node-1', labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.service('db', { selector: { app: 'db' }, ports: [5432] });

// 它的用戶端。只有 api 應該連得到 db；命名空間 tools 裡的 api 是另一個團隊的 Pod。
c.pod('api', { node: 'node-2', labels: { app: 'api' }, containers: [{ name: 'app', ports: [8080] }] });
c.pod('web', { node: 'node-2', labels: { app: 'web' } });
c.pod('api', { namespace: 'tools', node: 'node-1', labels: { app: 'api' } });

// 把你的 policy 寫在這裡。在有 policy 選中 db 之前，每個 Pod 都可以連到它。

// 誰能經由 Service 連到 db？
for (const from of ['default/api', 'default/web', 'tools/api']) {
  const t = c.trace(`pod/${from}`, 'svc/default/db:5432');
  console.log(from.padEnd(12), '→ db:', t.verdict);
}

export default c;
