import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.node('node-3');

const nginx = { labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] };
c.pod('web-1', { node: 'node-1', ...nginx });
c.pod('web-2', { node: 'node-2', ...nginx });
// node-3 上沒有 web Pod。

c.service('web', {
  type: 'LoadBalancer',
  selector: { app: 'web' },
  ports: [{ port: 80, targetPort: 80, nodePort: 30080 }],
  externalTrafficPolicy: 'Cluster',
});

// 叢集外的一個用戶端；負載平衡器拿到 192.168.56.200。
c.host('laptop', { ip: '203.0.113.10' });
console.log(c.exec('node/node-1', 'kubectl get svc web'));

// 負載平衡器和 kube-proxy 可能把 laptop 的連線送去的每一條路，以及 Pod 看到什麼。
const t = c.explore('laptop', '192.168.56.200:80');
for (const b of t.candidates ?? []) {
  console.log(b.verdict, 'to', b.deliveredTo?.pod, 'on', b.deliveredTo?.node, '- source seen', b.sourceSeen);
}

export default c;
