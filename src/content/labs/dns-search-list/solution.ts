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

// The resolver's configuration differs by namespace: the first search domain is the Pod's own namespace.
console.log(c.exec('pod/default/client', 'cat /etc/resolv.conf')); // search default.svc.cluster.local …
console.log(c.exec('pod/shop/client', 'cat /etc/resolv.conf')); //    search shop.svc.cluster.local …

// `web` has no dot, fewer than ndots:5, so the search list comes first and the first domain answers.
console.log(c.exec('pod/default/client', 'nslookup web')); // Name: web.default.svc.cluster.local
console.log(c.exec('pod/shop/client', 'nslookup web')); //    Name: web.shop.svc.cluster.local

// shop has no Service db: db.shop.svc.cluster.local, db.svc.cluster.local, db.cluster.local and db all fail.
console.log(c.exec('pod/shop/client', 'nslookup db')); // ** server can't find db: NXDOMAIN

// db.default has one dot, still fewer than 5: db.default.shop.svc.cluster.local fails, then db.default.svc.cluster.local answers.
const viaDefault = c.trace('pod/shop/client', 'db.default:5432');
console.log(viaDefault.dns?.tried);

const inDefault = c.trace('pod/default/client', 'web:80').dns;
const inShop = c.trace('pod/shop/client', 'web:80').dns;

export const answers = {
  webFromDefault: inDefault?.addresses[0] ?? '', // default/web's ClusterIP
  webFromShop: inShop?.addresses[0] ?? '', //       shop/web's ClusterIP
  fqdnFromShop: 'web.shop.svc.cluster.local',
  dbFromShop: 'NXDOMAIN',
  namesTriedForDbDefault: 2,
};

export default c;
