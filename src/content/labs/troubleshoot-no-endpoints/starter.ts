import { cluster } from 'k8snet';

// The shop's front end: two nginx replicas behind the Service web. Something is wrong.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('web', { replicas: 2, labels: { app: 'shop-web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [80] });
c.pod('client', { node: 'node-2' });

// The symptom, as a user reports it.
console.log(c.exec('pod/default/client', 'curl web'));

// Your tools: the trace (where did it end, and why?), and the cluster's own view.
const t = c.trace('pod/default/client', 'web:80');
console.log(t.verdict, t.reason);
console.log(t.explain());
// More to try: c.exec('node/node-2', 'iptables-save -t filter'), 'kubectl get endpointslices',
// 'kubectl get svc -o wide', 'kubectl get pods --show-labels'.

export default c;
