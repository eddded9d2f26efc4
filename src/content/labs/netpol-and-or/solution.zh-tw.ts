import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// shop 的資料庫，還有 shop 自己的 metrics exporter，它「不可以」連到資料庫。
c.namespace('shop');
c.pod('db', { namespace: 'shop', node: 'node-1', labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.service('db', { namespace: 'shop', selector: { app: 'db' }, ports: [5432] });
c.pod('exporter', { namespace: 'shop', node: 'node-2', labels: { app: 'metrics' } });

// 監控團隊的命名空間：其中的 metrics Pod 必須連得到 db，debug Pod 則不行。
c.namespace('monitoring', { labels: { team: 'ops' } });
c.pod('metrics', { namespace: 'monitoring', node: 'node-2', labels: { app: 'metrics' } });
c.pod('debug', { namespace: 'monitoring', node: 'node-2', labels: { app: 'debug' } });

// 只允許 monitoring 命名空間裡標籤為 app=metrics 的 Pod：一個 peer、兩個 selector（AND），
// 命名空間則用每個命名空間都有的標籤 kubernetes.io/metadata.name 來選。
c.networkPolicy('db-allow-monitoring', {
  namespace: 'shop',
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [
    {
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { app: 'metrics' } },
        },
      ],
      ports: [{ protocol: 'TCP', port: 5432 }],
    },
  ],
});

for (const from of ['monitoring/metrics', 'monitoring/debug', 'shop/exporter']) {
  const t = c.trace(`pod/${from}`, 'svc/shop/db:5432');
  console.log(from.padEnd(19), '→ db:', t.verdict);
}
console.log(c.exec('node/node-1', 'iptables-save -t filter'));

export default c;
