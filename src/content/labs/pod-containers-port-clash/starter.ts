import { cluster } from 'k8snet';

const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');

// Two containers in one Pod. Both servers listen on port 8080 by default.
c.pod('web', {
  node: 'node-1',
  containers: [
    { name: 'app', ports: [8080] },
    { name: 'admin', ports: [8080] },
  ],
});
c.pod('client', { node: 'node-2' });

// What the kubelet reported while starting the Pods:
for (const e of c.events()) if (e.actor === 'kubelet') console.log(e.message);

// client tries both: app on 8080, admin on 8081 (where it is supposed to be).
console.log('8080:', c.trace('pod/default/client', 'pod/default/web:8080').deliveredTo);
const admin = c.trace('pod/default/client', 'pod/default/web:8081');
console.log('8081:', admin.verdict, admin.reason);

export default c;
