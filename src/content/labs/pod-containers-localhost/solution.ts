import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// One Pod, two containers, one network namespace: app on 8080, exporter (the sidecar) on 9113.
c.pod('web', {
  node: 'node-1',
  containers: [
    { name: 'app', ports: [8080] },
    { name: 'exporter', ports: [9113] },
  ],
});

c.pod('client', { node: 'node-2' });

// Inside web, 127.0.0.1 is the Pod's own loopback, shared by both containers.
const t = c.trace('pod/default/web', '127.0.0.1:8080');
console.log(t.verdict, t.deliveredTo);
console.log(t.explain());

// From outside: one Pod IP, two ports, two containers.
console.log(c.trace('pod/default/client', 'pod/default/web:8080').deliveredTo);
console.log(c.trace('pod/default/client', 'pod/default/web:9113').deliveredTo);

export default c;
