import { cluster } from 'k8snet';

// Two namespaces, default and shop, each with its own Service called web. Only default has a Service db.
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.namespace('shop');

c.deployment('web', { replicas: 2, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { selector: { app: 'web' }, ports: [80] });
c.deployment('db', { replicas: 1, labels: { app: 'db' }, containers: [{ name: 'postgres', ports: [5432] }] });
c.service('db', { selector: { app: 'db' }, ports: [5432] });

c.deployment('web', { namespace: 'shop', replicas: 1, labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.service('web', { namespace: 'shop', selector: { app: 'web' }, ports: [80] });

// One client Pod in each namespace.
c.pod('client', { node: 'node-1' });
c.pod('client', { namespace: 'shop', node: 'node-2' });

// Look around: the resolver's configuration, and what the cluster DNS answers.
console.log(c.exec('pod/default/client', 'cat /etc/resolv.conf'));
console.log(c.exec('pod/default/client', 'nslookup web'));
// More to try: the same in pod/shop/client; nslookup db, nslookup db.default;
// c.trace('pod/shop/client', 'db.default:5432').dns lists every name the resolver asked for.

// Your answers.
export const answers = {
  webFromDefault: '', //        the address `web` resolves to in pod default/client
  webFromShop: '', //           the address `web` resolves to in pod shop/client
  fqdnFromShop: '', //          the fully qualified name that answered `web` in pod shop/client
  dbFromShop: '', //            what `nslookup db` answers in pod shop/client: an address, or 'NXDOMAIN'
  namesTriedForDbDefault: 0, // how many names shop/client's resolver asks for to resolve `db.default` (the one that answers included)
};

export default c;
