import { cluster } from 'k8snet';

// 一個有兩個副本的資料庫。client 要的是每個副本的位址，而不是一個虛擬 IP。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('db', { replicas: 2, labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });

// 一般的 Service：一個 ClusterIP，kube-proxy 每條連線都把它 DNAT 到其中一個副本。
c.service('db', { selector: { app: 'db' }, ports: [5432] });

c.pod('client', { node: 'node-2' });

// 叢集 DNS 對 db 的回答，以及連到 db 的連線去了哪裡。
console.log(c.exec('pod/default/client', 'nslookup db'));
const t = c.trace('pod/default/client', 'db:5432');
console.log(t.dns?.addresses, 'DNAT:', t.dnat);
console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));

export default c;
