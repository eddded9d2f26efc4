import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.node('node-3');

const nginx = { labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] };
c.pod('web-1', { node: 'node-1', ...nginx });
c.pod('web-2', { node: 'node-2', ...nginx });
// node-3 runs no web Pod.

c.service('web', {
  type: 'LoadBalancer',
  selector: { app: 'web' },
  ports: [{ port: 80, targetPort: 80, nodePort: 30080 }],
  // Local: only Pods on the entry node, no masquerade, so the Pod sees the client's address.
  externalTrafficPolicy: 'Local',
});

// A client outside the cluster; the load balancer gets 192.168.56.200.
c.host('laptop', { ip: '203.0.113.10' });
console.log(c.exec('node/node-1', 'kubectl get svc web'));

// Every way the load balancer and kube-proxy can send the laptop's connection, and what the Pod sees.
const t = c.explore('laptop', '192.168.56.200:80');
for (const b of t.candidates ?? []) {
  console.log(b.verdict, 'to', b.deliveredTo?.pod, 'on', b.deliveredTo?.node, '- source seen', b.sourceSeen);
}

// node-3 has no local endpoint: kube-proxy drops its NodePort, and the load balancer skips it.
console.log(c.trace('laptop', 'node/node-3:30080').explain());

export default c;
