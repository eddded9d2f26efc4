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

// node-1 上 kube-proxy 的規則（CoreDNS 和 kubernetes 這兩個 Service 在這裡也有規則）。
const nat = c.exec('node/node-1', 'iptables-save -t nat');
console.log(nat);

export const answers = {
  svcChain: '',   // web 的 cluster IP、80 埠對應的 KUBE-SVC-…
  sepChain: '',   // DNAT 到 web-2 的那個 KUBE-SEP-…
  dnatTo: '',     // 那個 chain DNAT 到的 "IP:PORT"
};

export default c;
