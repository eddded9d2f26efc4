import { cluster } from 'k8snet';

// Two nodes, one web Pod on each, and a laptop outside the cluster.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web-1', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('web-2', { node: 'node-2', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.host('laptop', { ip: '203.0.113.7' });

// The first question builds the cluster: everything above is resourceVersion 1.
console.log(c.exec('node/node-1', 'kubectl get nodes'));
const seen = c.events().length;

// kubectl apply -f web-lb.yaml: a change of its own, on the running cluster.
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

// The way in from outside: laptop → load balancer → a node's NodePort → kube-proxy → a web Pod.
const t = c.explore('laptop', `${answers.externalIP}:80`);
for (const b of t.candidates ?? []) console.log(b.endpoint, b.verdict, 'seen as', b.sourceSeen);

export default c;
