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

// 1. KUBE-SERVICES: the rule for web's cluster IP, port 80, jumps to the Service's KUBE-SVC chain.
const entry = lines.find((l) => l.startsWith('-A KUBE-SERVICES ') && l.includes('"default/web cluster IP"'))!;
const svcChain = /-j (KUBE-SVC-\w+)/.exec(entry)![1]!;

// 2. web-2's endpoint is its Pod IP with the targetPort; one KUBE-SEP chain DNATs to it.
const web2 = c.toJSON().pods.find((p) => p.name === 'default/web-2')!.ip!;
const dnatTo = `${web2}:8080`;
const dnat = lines.find((l) => l.startsWith('-A KUBE-SEP-') && l.endsWith(`DNAT --to-destination ${dnatTo}`))!;
const sepChain = dnat.split(' ')[1]!;

// The KUBE-SVC rule that jumps there, with its probability.
console.log(lines.filter((l) => l.startsWith(`-A ${svcChain} `)).join('\n'));
console.log(dnat);

export const answers = { svcChain, sepChain, dnatTo };

export default c;
