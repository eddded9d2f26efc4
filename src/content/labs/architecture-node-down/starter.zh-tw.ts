import { cluster } from 'k8snet';

// 兩個節點在雲端負載平衡器後面，外面有一台 laptop。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// 唯一的 web Pod 跑在 node-1。
c.pod('web-1', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });

c.service('web', { type: 'LoadBalancer', selector: { app: 'web' }, ports: [80] });
c.host('laptop', { ip: '203.0.113.7' });

// 故障注入：node-1 斷電。這一行請保留。
c.nodeDown('node-1');

// 控制平面對此做了什麼（resourceVersion 1 是建立叢集；略過 CoreDNS 的那幾行）。
for (const e of c.events().filter((e) => e.resourceVersion > 1 && !e.message.includes('kube-system/'))) console.log(e.resourceVersion, e.actor.padEnd(25), e.message);

// 經過負載平衡器進來的每一條路。
const t = c.explore('laptop', '192.168.56.200:80');
console.log(t.verdict, t.reason);
for (const b of t.candidates ?? []) console.log(' ', b.endpoint, b.verdict, b.deliveredTo?.pod ?? '');

export default c;
