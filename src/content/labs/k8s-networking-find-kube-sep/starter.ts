import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

const app = { labels: { app: 'web' }, containers: [{ name: 'app', ports: [8080] }] };
c.pod('web-1', { node: 'node-1', ...app });
c.pod('web-2', { node: 'node-2', ...app });
c.pod('web-3', { node: 'node-2', ...app });
c.service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });

console.log(c.exec('node/node-1', 'kubectl get pods -o wide'));
console.log(c.exec('node/node-1', 'kubectl get svc web'));

// kube-proxy's rules on node-1 (the CoreDNS and kubernetes Services have rules here too).
const nat = c.exec('node/node-1', 'iptables-save -t nat');
console.log(nat);

export const answers = {
  svcChain: '',   // KUBE-SVC-… for web's cluster IP, port 80
  sepChain: '',   // KUBE-SEP-… that DNATs to web-2
  dnatTo: '',     // "IP:PORT" that chain DNATs to
};

export default c;
