import { cluster } from 'k8snet';

// Two nodes behind a cloud load balancer, and a laptop outside.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// The only web Pod runs on node-1.
c.pod('web-1', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });

c.service('web', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [80] });
c.host('laptop', { ip: '203.0.113.7' });

// Failure injection: node-1 loses power. Keep this line.
c.nodeDown('node-1');

// What the control plane did about it (resourceVersion 1 built the cluster; CoreDNS's lines left out).
for (const e of c.events().filter((e) => e.resourceVersion > 1 && !e.message.includes('kube-system/'))) console.log(e.resourceVersion, e.actor.padEnd(25), e.message);

// Every way in through the load balancer.
const t = c.explore('laptop', '192.168.56.200:80');
console.log(t.verdict, t.reason);
for (const b of t.candidates ?? []) console.log(' ', b.endpoint, b.verdict, b.deliveredTo?.pod ?? '');

export default c;
