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

// 四處看看：解析器的設定，以及叢集 DNS 的回答。
console.log(c.exec('pod/default/client', 'cat /etc/resolv.conf'));
console.log(c.exec('pod/default/client', 'nslookup web'));
// 還可以試試：在 pod/shop/client 裡做同樣的事；nslookup db、nslookup db.default；
// c.trace('pod/shop/client', 'db.default:5432').dns 會列出解析器問過的每一個名稱。

// 你的答案。
export const answers = {
  webFromDefault: '', //        在 Pod default/client 裡 `web` 解析出的位址
  webFromShop: '', //           在 Pod shop/client 裡 `web` 解析出的位址
  fqdnFromShop: '', //          在 Pod shop/client 裡回答 `web` 的完整網域名稱
  dbFromShop: '', //            `nslookup db` 在 Pod shop/client 裡的回答：一個位址，或是 'NXDOMAIN'
  namesTriedForDbDefault: 0, // shop/client 的解析器為了解析 `db.default` 問了幾個名稱（包括回答的那一個）
};

export default c;
