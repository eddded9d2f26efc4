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

// Fill in what you read above.
export const answers = {
  externalIP: '', // EXTERNAL-IP of the Service web
  writtenBy: '', // the component that wrote it into status.loadBalancer.ingress
  resourceVersion: 0, // the resourceVersion of the change that component reacted to
  nodePort: 0, // the NodePort behind port 80 (PORT(S) shows port:nodePort)
};

export default c;
