import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// 同一個 Pod 裡的兩個容器共用一個網路命名空間，所以需要兩個連接埠。
// （在真實叢集上，你還得讓 admin 伺服器改聽 8081，例如用命令列參數或環境變數。）
c.pod('web', {
  node: 'node-1',
  containers: [
    { name: 'app', ports: [8080] },
    { name: 'admin', ports: [8081] },
  ],
});
c.pod('client', { node: 'node-2' });

for (const e of c.events()) if (e.actor === 'kubelet') console.log(e.message);

console.log('8080:', c.trace('pod/default/client', 'pod/default/web:8080').deliveredTo);
console.log('8081:', c.trace('pod/default/client', 'pod/default/web:8081').deliveredTo);
console.log('inside:', c.trace('pod/default/web', '127.0.0.1:8081').deliveredTo);

export default c;
