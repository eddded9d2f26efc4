import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

const app = { labels: { app: 'web' }, containers: [{ name: 'app', ports: [8080] }] };
c.pod('web-1', { node: 'node-1', ...app });
c.pod('web-2', { node: 'node-2', ...app });
c.pod('web-3', { node: 'node-2', ...app });
c.service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });

const lines = c.exec('node/node-1', 'iptables-save -t nat').split('\n');

// 1. KUBE-SERVICES：web 的 cluster IP、80 埠的那條規則，會跳到這個 Service 的 KUBE-SVC chain。
const entry = lines.find((l) => l.startsWith('-A KUBE-SERVICES ') && l.includes('"default/web cluster IP"'))!;
const svcChain = /-j (KUBE-SVC-\w+)/.exec(entry)![1]!;

// 2. web-2 的 endpoint 是它的 Pod IP 加上 targetPort；有一個 KUBE-SEP chain DNAT 到這裡。
const web2 = c.toJSON().pods.find((p) => p.name === 'default/web-2')!.ip!;
const dnatTo = `${web2}:8080`;
const dnat = lines.find((l) => l.startsWith('-A KUBE-SEP-') && l.endsWith(`DNAT --to-destination ${dnatTo}`))!;
const sepChain = dnat.split(' ')[1]!;

// 跳到那裡的 KUBE-SVC 規則，以及它的機率。
console.log(lines.filter((l) => l.startsWith(`-A ${svcChain} `)).join('\n'));
console.log(dnat);

export const answers = { svcChain, sepChain, dnatTo };

export default c;
