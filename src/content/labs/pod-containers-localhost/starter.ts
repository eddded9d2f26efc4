import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// web: the application, listening on port 8080.
c.pod('web', { node: 'node-1', containers: [{ name: 'app', ports: [8080] }] });

// exporter: reads the app's status from 127.0.0.1:8080 and serves metrics on port 9113.
// Here it runs as a Pod of its own, even on the same node.
c.pod('exporter', { node: 'node-1', containers: [{ name: 'exporter', ports: [9113] }] });

// client: something on the other node that reads both ports.
c.pod('client', { node: 'node-2' });

// What exporter gets when it connects to 127.0.0.1:8080:
const t = c.trace('pod/default/exporter', '127.0.0.1:8080');
console.log(t.verdict, t.reason);
console.log(t.explain());

export default c;
