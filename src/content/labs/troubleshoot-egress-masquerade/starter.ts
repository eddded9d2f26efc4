import { cluster } from 'k8snet';

const c = cluster();
c.node('node-1');
c.node('node-2');

// The Pod network's configuration (what kube-flannel.yml puts in its ConfigMap and in flanneld's args).
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

// A database outside the cluster, behind the node network's router.
c.host('db', { ip: '203.0.113.10', ports: [5432] });

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// The symptom: Pods reach each other, but not the database.
console.log('client → web:', c.trace('pod/default/client', 'pod/default/web:80').verdict);
console.log(c.exec('pod/default/client', 'nc -zv db 5432'));

const t = c.trace('pod/default/client', 'db:5432');
console.log(t.verdict, t.reason);
console.log(t.explain());
// More to try: c.exec('node/node-2', 'conntrack -L'), c.exec('node/node-2', 'iptables-save -t nat').

export default c;
