import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// Two containers in one Pod share one network namespace, so they need two ports.
// (On a real cluster you would also tell the admin server to listen on 8081, e.g. with a flag or an env var.)
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
