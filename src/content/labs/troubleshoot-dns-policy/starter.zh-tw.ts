import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [80] });
c.pod('client', { node: 'node-2', labels: { app: 'client' } });
// 叢集外的某個地方。
c.host('example', { ip: '198.51.100.7', ports: [80] });

// 資安團隊替命名空間 default 寫的 egress policy。
c.networkPolicy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
c.networkPolicy('client-to-web', {
  podSelector: { matchLabels: { app: 'client' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
});

// 症狀：用名稱連不上，用位址就可以。
console.log(c.exec('pod/default/client', 'curl web'));
const webIP = c.toJSON().services.find((s) => s.name === 'default/web')?.clusterIP;
console.log(c.exec('pod/default/client', `curl ${webIP}`));

// 還可以試試：c.exec('pod/default/client', 'cat /etc/resolv.conf')、'nslookup web'、
// c.trace('pod/default/client', '10.96.0.10:53', { protocol: 'udp' })。

export default c;
