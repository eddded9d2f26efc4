import { cluster } from 'k8snet';

// 兩個節點，各跑一個 web Pod，叢集外面還有一台 laptop。
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
c.pod('web-1', { node: 'node-1', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.pod('web-2', { node: 'node-2', labels: { app: 'web' }, containers: [{ name: 'nginx', ports: [80] }] });
c.host('laptop', { ip: '203.0.113.7' });

// 第一次查詢就會建好叢集：上面的一切都屬於 resourceVersion 1。
console.log(c.exec('node/node-1', 'kubectl get nodes'));
const seen = c.events().length;

// kubectl apply -f web-lb.yaml：在運作中的叢集上，另一次獨立的變更。
c.apply(`
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
`);

console.log(c.exec('node/node-1', 'kubectl get svc'));
for (const e of c.events().slice(seen)) console.log(e.resourceVersion, e.actor.padEnd(18), e.message);

// 把你在上面讀到的填進來。
export const answers = {
  externalIP: '', // Service web 的 EXTERNAL-IP
  writtenBy: '', // 把它寫進 status.loadBalancer.ingress 的元件
  resourceVersion: 0, // 那個元件所回應的變更的 resourceVersion
  nodePort: 0, // 80 埠背後的 NodePort（PORT(S) 顯示成 port:nodePort）
};

export default c;
