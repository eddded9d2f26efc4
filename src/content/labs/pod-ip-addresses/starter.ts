import { cluster } from 'k8snet';

// Two nodes with flannel VXLAN. web is on node-1, client on node-2.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', ports: [80] }] });
c.pod('client', { node: 'node-2' });

// Look around: run commands in client's terminal and on node-2,
// as you would with kubectl exec and ssh.
console.log(c.exec('pod/default/client', 'ip address show'));
// More to try: 'ip route' in the Pod; on the node 'ip address show',
// 'ip route' and 'kubectl get node node-2 -o yaml'.

// Your answers (strings, as the commands print them).
export const answers = {
  podIP: '', //         client's own address, without the /24
  podCIDR: '', //       the Pod CIDR of node-2 that this address comes from, like 10.244.9.0/24
  gateway: '', //       the address client's default route sends packets to
  gatewayDevice: '', // the device on node-2 that owns that gateway address
  hostVeth: '', //      the name of client's veth on node-2 (the other end of client's eth0)
};

export default c;
