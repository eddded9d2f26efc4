import { cluster } from 'k8snet';

// flannel host-gw: each node routes the other node's Pod CIDR to that node's IP (no VXLAN).
const c = cluster({ cni: 'flannel-host-gw' });
c.node('node-1');
c.node('node-2');

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });   // same node as web
c.pod('far', { node: 'node-2' });    // the other node

// Your predictions. Write them before you look at any trace.
export const sameNodeTtl: number | null = null;     // reply TTL seen by near
export const crossNodeTtl: number | null = null;    // reply TTL seen by far
export const crossNodePath: string[] = [
  'default/far eth0',
  // … the devices the echo request crosses, up to web's eth0
];

// Afterwards, uncomment these lines to compare with the simulator:
// for (const from of ['pod/default/near', 'pod/default/far']) {
//   const t = c.trace(from, 'pod/default/web', { protocol: 'icmp' });
//   console.log(from, 'reply TTL', t.replyTtl, '\n  ' + t.path().join(' → '));
// }

export default c;
