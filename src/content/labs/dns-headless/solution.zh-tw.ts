import { cluster } from 'k8snet';

// 一個有兩個副本的資料庫。client 要的是每個副本的位址，而不是一個虛擬 IP。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.deployment('db', { replicas: 2, labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });

// headless Service（clusterIP: None）：沒有虛擬 IP，也沒有 kube-proxy 規則；叢集 DNS 對這個名稱的回答，
// 是 selector 選中的每個就緒 Pod 的 IP。
c.service('db', { selector: { app: 'db' }, ports: [5432], headless: true });

c.pod('client', { node: 'node-2' });

// 現在有兩筆 A 記錄：每個副本一筆。
console.log(c.exec('pod/default/client', 'nslookup db'));
// client 直接連到第一個位址：途中沒有 DNAT。
const t = c.trace('pod/default/client', 'db:5432');
console.log(t.dns?.addresses, 'DNAT:', t.dnat);
console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
// kube-proxy 不理會 headless Service：沒有任何一行提到 default/db。
console.log(c.exec('node/node-1', 'iptables-save -t nat').includes('default/db'));

export default c;
