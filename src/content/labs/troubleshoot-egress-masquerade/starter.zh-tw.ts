import { cluster } from 'k8snet';

const c = cluster();
c.node('node-1');
c.node('node-2');

// Pod 網路的設定（kube-flannel.yml 放進它的 ConfigMap 和 flanneld 參數裡的內容）。
c.apply(`
apiVersion: k8snet.dev/v1alpha1
kind: CNIConfig
metadata: { name: flannel }
spec:
  conflist: |
    { "name": "cbr0", "cniVersion": "0.3.1",
      "plugins": [ { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true, "ipMasq": false } },
                   { "type": "portmap", "capabilities": { "portMappings": true } } ] }
  netConf: |
    { "Network": "10.244.0.0/16", "Backend": { "Type": "vxlan" } }
  flanneldArgs: ["--kube-subnet-mgr"]
`);

// 叢集外的一個資料庫，在節點網路的路由器後面。
c.host('db', { ip: '203.0.113.10', ports: [5432] });

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// 症狀：Pod 之間互相連得到，卻連不到資料庫。
console.log('client → web:', c.trace('pod/default/client', 'pod/default/web:80').verdict);
console.log(c.exec('pod/default/client', 'nc -zv db 5432'));

const t = c.trace('pod/default/client', 'db:5432');
console.log(t.verdict, t.reason);
console.log(t.explain());
// 還可以試試：c.exec('node/node-2', 'conntrack -L')、c.exec('node/node-2', 'iptables-save -t nat')。

export default c;
