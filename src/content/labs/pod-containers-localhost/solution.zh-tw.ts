import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// 一個 Pod、兩個容器、一個網路命名空間：app 在 8080，exporter（sidecar）在 9113。
c.pod('web', {
  node: 'node-1',
  containers: [
    { name: 'app', ports: [8080] },
    { name: 'exporter', ports: [9113] },
  ],
});

c.pod('client', { node: 'node-2' });

// 在 web 裡，127.0.0.1 是 Pod 自己的 loopback，兩個容器共用。
const t = c.trace('pod/default/web', '127.0.0.1:8080');
console.log(t.verdict, t.deliveredTo);
console.log(t.explain());

// 從外面看：一個 Pod IP、兩個連接埠、兩個容器。
console.log(c.trace('pod/default/client', 'pod/default/web:8080').deliveredTo);
console.log(c.trace('pod/default/client', 'pod/default/web:9113').deliveredTo);

export default c;
