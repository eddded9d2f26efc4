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

// The symptom: by name it fails, by address it works.
console.log(c.exec('pod/default/client', 'curl web'));
const webIP = c.toJSON().services.find((s) => s.name === 'default/web')?.clusterIP;
console.log(c.exec('pod/default/client', `curl ${webIP}`));

// More to try: c.exec('pod/default/client', 'cat /etc/resolv.conf'), 'nslookup web',
// c.trace('pod/default/client', '10.96.0.10:53', { protocol: 'udp' }).

export default c;
