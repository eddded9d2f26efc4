import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// The shop's database, with a metrics exporter of its own that must NOT reach it.
c.namespace('shop');
c.pod('db', { namespace: 'shop', node: 'node-1', labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.service('db', { namespace: 'shop', selector: { app: 'db' }, ports: [5432] });
c.pod('exporter', { namespace: 'shop', node: 'node-2', labels: { app: 'metrics' } });

// The monitoring team's namespace: its metrics Pod must reach db, its debug Pod must not.
c.namespace('monitoring', { labels: { team: 'ops' } });
c.pod('metrics', { namespace: 'monitoring', node: 'node-2', labels: { app: 'metrics' } });
c.pod('debug', { namespace: 'monitoring', node: 'node-2', labels: { app: 'debug' } });

// Only Pods labelled app=metrics in the monitoring namespace: one peer, both selectors (AND), and the
// namespace picked by the label every namespace carries, kubernetes.io/metadata.name.
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
