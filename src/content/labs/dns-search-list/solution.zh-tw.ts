import { cluster } from 'k8snet';

// 兩個命名空間 default 和 shop，各有自己名為 web 的 Service。只有 default 有 Service db。
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

// 每個命名空間各一個 client Pod。
c.pod('client', { node: 'node-1' });
c.pod('client', { namespace: 'shop', node: 'node-2' });

// 解析器的設定隨命名空間而不同：第一個搜尋網域就是 Pod 自己的命名空間。
console.log(c.exec('pod/default/client', 'cat /etc/resolv.conf')); // search default.svc.cluster.local …
console.log(c.exec('pod/shop/client', 'cat /etc/resolv.conf')); //    search shop.svc.cluster.local …

// `web` 裡沒有點，少於 ndots:5，所以先試搜尋清單，第一個網域就有回答。
console.log(c.exec('pod/default/client', 'nslookup web')); // Name: web.default.svc.cluster.local
console.log(c.exec('pod/shop/client', 'nslookup web')); //    Name: web.shop.svc.cluster.local

// shop 沒有 Service db：db.shop.svc.cluster.local、db.svc.cluster.local、db.cluster.local 和 db 全都失敗。
console.log(c.exec('pod/shop/client', 'nslookup db')); // ** server can't find db: NXDOMAIN

// db.default 有一個點，仍然少於 5：db.default.shop.svc.cluster.local 失敗，接著 db.default.svc.cluster.local 回答。
const viaDefault = c.trace('pod/shop/client', 'db.default:5432');
console.log(viaDefault.dns?.tried);

const inDefault = c.trace('pod/default/client', 'web:80').dns;
const inShop = c.trace('pod/shop/client', 'web:80').dns;

export const answers = {
  webFromDefault: inDefault?.addresses[0] ?? '', // default/web 的 ClusterIP
  webFromShop: inShop?.addresses[0] ?? '', //       shop/web 的 ClusterIP
  fqdnFromShop: 'web.shop.svc.cluster.local',
  dbFromShop: 'NXDOMAIN',
  namesTriedForDbDefault: 2,
};

export default c;
