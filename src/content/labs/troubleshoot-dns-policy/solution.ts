import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [80] });
c.pod('client', { node: 'node-2', labels: { app: 'client' } });
// Somewhere outside the cluster.
c.host('example', { ip: '198.51.100.7', ports: [80] });

// The security team's egress policies for the namespace default.
c.networkPolicy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
c.networkPolicy('client-to-web', {
  podSelector: { matchLabels: { app: 'client' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
});

// Every Pod of the namespace may also ask the cluster DNS: UDP and TCP port 53 to the CoreDNS Pods
// (k8s-app=kube-dns in kube-system). The rule names the Pods, not the ClusterIP 10.96.0.10: policies see the
// packet after kube-proxy's DNAT, so its destination is already a CoreDNS Pod's IP.
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

// By name and by address, it works now.
console.log(c.exec('pod/default/client', 'curl web'));
const webIP = c.toJSON().services.find((s) => s.name === 'default/web')?.clusterIP;
console.log(c.exec('pod/default/client', `curl ${webIP}`));

console.log(c.exec('pod/default/client', 'nslookup web'));
// Everything else stays denied: example:80 still times out.
console.log(c.trace('pod/default/client', 'example:80').verdict);

export default c;
