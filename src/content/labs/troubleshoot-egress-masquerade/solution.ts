import { cluster } from 'k8snet';

const c = cluster();
c.node('node-1');
c.node('node-2');

// The Pod network's configuration (what kube-flannel.yml puts in its ConfigMap and in flanneld's args).
// flanneld's --ip-masq was missing: without it flanneld installs no FLANNEL-POSTRTG chain, and the delegate's
// "ipMasq": false keeps the bridge plugin from masquerading too. A Pod's packet then leaves the node with its
// Pod IP as the source; the database answers, but the router has no route back to 10.244.0.0/16.
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

// A database outside the cluster, behind the node network's router.
c.host('db', { ip: '203.0.113.10', ports: [5432] });

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// Pods still reach each other without NAT; the database now sees node-2's address.
console.log('client → web:', c.trace('pod/default/client', 'pod/default/web:80').verdict);
console.log(c.exec('pod/default/client', 'nc -zv db 5432'));

const t = c.trace('pod/default/client', 'db:5432');
console.log(t.verdict, 'source seen by db:', t.sourceSeen, 'masquerade:', t.masquerade);
console.log(t.explain());
console.log(c.exec('node/node-2', 'iptables-save -t nat').split('\n').filter((l) => l.includes('FLANNEL-POSTRTG')).join('\n'));

export default c;
