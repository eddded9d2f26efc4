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

// 1. db 的 ingress 預設拒絕：選中 db，什麼都不允許。
c.networkPolicy('db-default-deny', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
});

// 2. 唯一的允許：這個命名空間裡標籤為 app=api 的 Pod（單獨的 podSelector 表示「在我的命名空間裡」），
//    連 5432 埠。
c.networkPolicy('db-allow-api', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});

// 誰能經由 Service 連到 db？
for (const from of ['default/api', 'default/web', 'tools/api']) {
  const t = c.trace(`pod/${from}`, 'svc/default/db:5432');
  console.log(from.padEnd(12), '→ db:', t.verdict);
}

// db 所在節點上，policy 代理程式寫的 chain。
console.log(c.exec('node/node-1', 'iptables -S K8SNET-NETPOL'));

export default c;
