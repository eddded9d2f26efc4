import { cluster } from 'k8snet';

// flannel host-gw: each node routes the other node's Pod CIDR to that node's IP (no VXLAN).
const c = cluster({ cni: 'flannel-host-gw' });
c.node('node-1');
c.node('node-2');

c.pod('web', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('near', { node: 'node-1' });   // same node as web
c.pod('far', { node: 'node-2' });    // the other node

// Same node: near → veth → cni0 → veth → web. Bridged, nobody routes it: the reply arrives with TTL 64.
export const sameNodeTtl: number | null = 64;
// Across nodes: node-1 routes the reply (64 → 63), node-2 routes it again (63 → 62).
export const crossNodeTtl: number | null = 62;
// host-gw: node-2 sends 10.244.0.0/24 via 192.168.56.11 dev eth0, straight to node-1 on the node network.
export const crossNodePath: string[] = [
  'default/far eth0',
  'node-2 cni0',
  'node-2 eth0',
  'node-1 eth0',
  'node-1 cni0',
  'default/web eth0',
];

for (const from of ['pod/default/near', 'pod/default/far']) {
  const t = c.trace(from, 'pod/default/web', { protocol: 'icmp' });
  console.log(from, 'reply TTL', t.replyTtl, '\n  ' + t.path().join(' → '));
}

export default c;
