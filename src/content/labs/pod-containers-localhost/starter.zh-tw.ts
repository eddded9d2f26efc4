import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web：應用程式，聽 8080 埠。
c.pod('web', { node: 'node-1', containers: [{ name: 'app', ports: [8080] }] });

// exporter：從 127.0.0.1:8080 讀取 app 的狀態，並在 9113 埠提供 metrics。
// 這裡它是一個獨立的 Pod，即使在同一個節點上也一樣。
c.pod('exporter', { node: 'node-1', containers: [{ name: 'exporter', ports: [9113] }] });

// client：另一個節點上讀取這兩個連接埠的程式。
c.pod('client', { node: 'node-2' });

// exporter 連到 127.0.0.1:8080 時得到什麼：
const t = c.trace('pod/default/exporter', '127.0.0.1:8080');
console.log(t.verdict, t.reason);
console.log(t.explain());

export default c;
