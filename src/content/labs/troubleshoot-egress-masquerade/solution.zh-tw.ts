import { cluster } from 'k8snet';

const c = cluster();
c.node('node-1');
c.node('node-2');

// Pod 網路的設定（kube-flannel.yml 放進它的 ConfigMap 和 flanneld 參數裡的內容）。
// 少了 flanneld 的 --ip-masq：沒有它，flanneld 就不會建立 FLANNEL-POSTRTG chain，而 delegate 的
// "ipMasq": false 又讓 bridge 外掛也不做 masquerade。於是 Pod 的封包離開節點時，來源仍是它的
// Pod IP；資料庫有回應，但路由器沒有回到 10.244.0.0/16 的路由。
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
  flanneldArgs: ["--ip-masq", "--kube-subnet-mgr"]
`);

// 叢集外的一個資料庫，在節點網路的路由器後面。
c.host('db', { ip: '203.0.113.10', ports: [5432] });

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// Pod 之間仍然不經 NAT 就互相連得到；資料庫現在看到的是 node-2 的位址。
console.log('client → web:', c.trace('pod/default/client', 'pod/default/web:80').verdict);
console.log(c.exec('pod/default/client', 'nc -zv db 5432'));

const t = c.trace('pod/default/client', 'db:5432');
console.log(t.verdict, 'source seen by db:', t.sourceSeen, 'masquerade:', t.masquerade);
console.log(t.explain());
console.log(c.exec('node/node-2', 'iptables-save -t nat').split('\n').filter((l) => l.includes('FLANNEL-POSTRTG')).join('\n'));

export default c;
