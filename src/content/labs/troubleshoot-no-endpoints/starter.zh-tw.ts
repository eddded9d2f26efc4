import { cluster } from 'k8snet';

// shop 的前端：Service web 後面有兩個 nginx 副本。有什麼地方出錯了。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('web', { replicas: 2, labels: { app: 'shop-web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [80] });
c.pod('client', { node: 'node-2' });

// 症狀，就像使用者回報的那樣。
console.log(c.exec('pod/default/client', 'curl web'));

// 你的工具：trace（它停在哪裡？為什麼？），以及叢集自己看到的狀態。
const t = c.trace('pod/default/client', 'web:80');
console.log(t.verdict, t.reason);
console.log(t.explain());
// 還可以試試：c.exec('node/node-2', 'iptables-save -t filter')、'kubectl get endpointslices'、
// 'kubectl get svc -o wide'、'kubectl get pods --show-labels'。

export default c;
