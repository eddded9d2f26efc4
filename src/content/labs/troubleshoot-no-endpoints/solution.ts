import { cluster } from 'k8snet';

// The shop's front end: two nginx replicas behind the Service web.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('web', { replicas: 2, labels: { app: 'shop-web' }, containers: [{ name: 'nginx', ports: [80] }] });
// The selector must match the Pods' labels (app=shop-web); with app=web it matched no Pod, the EndpointSlice
// stayed empty and kube-proxy answered every connection with "default/web has no endpoints -j REJECT".
c.service('web', { selector: { app: 'shop-web' }, ports: [80] });
c.pod('client', { node: 'node-2' });

console.log(c.exec('pod/default/client', 'curl web'));
console.log(c.exec('node/node-1', 'kubectl get endpointslices'));
const t = c.explore('pod/default/client', 'web:80');
console.log(t.candidates?.map((b) => `${b.endpoint} ${b.verdict}`));

export default c;
