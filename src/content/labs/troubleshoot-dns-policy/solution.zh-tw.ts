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

// 這個命名空間的每個 Pod 也都可以詢問叢集 DNS：UDP 和 TCP 53 埠，送往 CoreDNS 的 Pod
// （kube-system 裡的 k8s-app=kube-dns）。規則指定的是 Pod，而不是 ClusterIP 10.96.0.10：policy 看到的
// 是經過 kube-proxy DNAT 之後的封包，所以目的位址已經是某個 CoreDNS Pod 的 IP。
c.networkPolicy('allow-dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [
    {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    },
  ],
});

// 現在用名稱和用位址都連得上了。
console.log(c.exec('pod/default/client', 'curl web'));
const webIP = c.toJSON().services.find((s) => s.name === 'default/web')?.clusterIP;
console.log(c.exec('pod/default/client', `curl ${webIP}`));

console.log(c.exec('pod/default/client', 'nslookup web'));
// 其他的仍然被拒絕：example:80 依然逾時。
console.log(c.trace('pod/default/client', 'example:80').verdict);

export default c;
