/** Generates a cluster at Kubernetes' published limits (sig-scalability thresholds): nodes, Pods, Services. */
export interface ScaleShape {
  nodes: number;
  /** Services, each backed by one Deployment. */
  services: number;
  /** Services with the most endpoints (250, the namespace-scope threshold per Service). */
  bigServices: number;
  bigReplicas: number;
  /** Replicas of every other Service's Deployment. */
  replicas: number;
}

export const LIMITS: ScaleShape = { nodes: 5000, services: 10_000, bigServices: 200, bigReplicas: 250, replicas: 10 };

export function scaleObjects(s: ScaleShape): unknown[] {
  const objs: unknown[] = [
    // A /14 pod network holds 1024 /24 node ranges; 5,000 nodes need a /12 (4,096 … 65,536 /24s).
    { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', networking: { podSubnet: '10.128.0.0/9', serviceSubnet: '10.96.0.0/12' } },
    { apiVersion: 'k8snet.dev/v1alpha1', kind: 'Network', metadata: { name: 'underlay' }, spec: { cidr: '172.16.0.0/16', gateway: '172.16.0.1' } },
    // At this size a namespace per 1,000 Services keeps every namespace under the 5,000-Services-per-namespace limit.
  ];
  for (let i = 0; i < s.nodes; i++) objs.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i + 1}` } });
  const nsCount = Math.ceil(s.services / 1000);
  for (let n = 0; n < nsCount; n++) objs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `app-${n}` } });
  for (let i = 0; i < s.services; i++) {
    const ns = `app-${Math.floor(i / 1000)}`;
    const name = `svc-${i}`;
    objs.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
      spec: { replicas: i < s.bigServices ? s.bigReplicas : s.replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] } } },
    });
    objs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
  }
  return objs;
}
