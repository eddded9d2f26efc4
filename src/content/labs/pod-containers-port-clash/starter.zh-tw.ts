import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// 一個 Pod 裡有兩個容器。兩個伺服器預設都聽 8080 埠。
c.pod('web', {
  node: 'node-1',
  containers: [
    { name: 'app', ports: [8080] },
    { name: 'admin', ports: [8080] },
  ],
});
c.pod('client', { node: 'node-2' });

// kubelet 啟動 Pod 時回報的內容：
for (const e of c.events()) if (e.actor === 'kubelet') console.log(e.message);

// client 兩個都試：app 在 8080，admin 在 8081（它應該在的地方）。
console.log('8080:', c.trace('pod/default/client', 'pod/default/web:8080').deliveredTo);
const admin = c.trace('pod/default/client', 'pod/default/web:8081');
console.log('8081:', admin.verdict, admin.reason);

export default c;
