import { cluster } from 'k8snet';

// shop 的前端：Service web 後面有兩個 nginx 副本。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('web', { replicas: 2, labels: { app: 'shop-web' }, containers: [{ name: 'nginx', ports: [80] }] });
// selector 必須符合 Pod 的標籤（app=shop-web）；用 app=web 時它選不到任何 Pod，EndpointSlice
// 一直是空的，kube-proxy 就以 "default/web has no endpoints -j REJECT" 回應每一條連線。
c.service('web', { selector: { app: 'shop-web' }, ports: [80] });
c.pod('client', { node: 'node-2' });

console.log(c.exec('pod/default/client', 'curl web'));
console.log(c.exec('node/node-1', 'kubectl get endpointslices'));
const t = c.explore('pod/default/client', 'web:80');
console.log(t.candidates?.map((b) => `${b.endpoint} ${b.verdict}`));

export default c;
