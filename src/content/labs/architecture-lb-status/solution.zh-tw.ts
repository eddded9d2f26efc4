import { cluster } from 'k8snet';

// 兩個節點，各跑一個 web Pod，叢集外面還有一台 laptop。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web-1', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('web-2', { node: 'node-2', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.host('laptop', { ip: '203.0.113.7' });

// 第一次查詢就會建好叢集：上面的一切都屬於 resourceVersion 1。
console.log(c.exec('node/node-1', 'kubectl get nodes'));
const seen = c.events().length;

// kubectl apply -f web-lb.yaml：在運作中的叢集上，另一次獨立的變更。
c.apply(`
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
`);

console.log(c.exec('node/node-1', 'kubectl get svc'));
for (const e of c.events().slice(seen)) console.log(e.resourceVersion, e.actor.padEnd(18), e.message);

// web   LoadBalancer   10.103.73.85   192.168.56.200   80:31396/TCP
// 2 service-controller  Service default/web: load balancer 192.168.56.200 (status.loadBalancer.ingress)
export const answers = {
  externalIP: '192.168.56.200',
  writtenBy: 'service-controller',
  resourceVersion: 2,
  nodePort: 31396,
};

// 從外面進來的路：laptop → 負載平衡器 → 某個節點的 NodePort → kube-proxy → 一個 web Pod。
const t = c.explore('laptop', `${answers.externalIP}:80`);
for (const b of t.candidates ?? []) console.log(b.endpoint, b.verdict, 'seen as', b.sourceSeen);

export default c;
