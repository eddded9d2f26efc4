/**
 * What exists before any manifest is applied, as kubeadm and the API server create it:
 * - the namespaces default, kube-system, kube-public and kube-node-lease;
 * - Service default/kubernetes (pkg/controlplane/controller/kubernetesservice): ClusterIP = first address of
 *   the service subnet, port `https` 443/TCP → the API servers' secure port (6443), no selector; its
 *   EndpointSlice lists the control-plane nodes' IPs (see endpoints.ts kubernetesSlice);
 * - kubeadm's CoreDNS addon (cmd/kubeadm/app/phases/addons/dns manifests): Deployment kube-system/coredns,
 *   2 replicas, Pods labelled k8s-app=kube-dns, container ports dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP,
 *   tolerating the control-plane taint and CriticalAddonsOnly, dnsPolicy Default; and Service
 *   kube-system/kube-dns at the tenth address of the service subnet (kubeadm GetDNSIP) with the same three
 *   ports. It is always created (as `kubeadm init` does) unless ClusterConfiguration v1beta4 sets
 *   dns.disabled, or the loader is told `coreDNS: false`; a declared kube-system/coredns Deployment or
 *   kube-system/kube-dns Service replaces the built-in one (kube-dns keeps the DNS address unless it names one).
 *
 * Not modelled: the kube-proxy DaemonSet's Pods, the control-plane static Pods, CoreDNS's ConfigMap.
 */

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

export const KUBE_DNS_LABELS = { 'k8s-app': 'kube-dns' } as const;

/** The objects kubeadm's CoreDNS addon applies (only the fields the network reads, plus the real image). */
export function coreDnsObjects(): unknown[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels: { ...KUBE_DNS_LABELS } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { ...KUBE_DNS_LABELS } },
        template: {
          metadata: { labels: { ...KUBE_DNS_LABELS } },
          spec: {
            priorityClassName: 'system-cluster-critical',
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            containers: [
              {
                name: 'coredns',
                image: 'registry.k8s.io/coredns/coredns:v1.11.3',
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                ],
              },
            ],
            dnsPolicy: 'Default',
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { ...KUBE_DNS_LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        selector: { ...KUBE_DNS_LABELS },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  ];
}

/** Service default/kubernetes as the API server's controller writes it. */
export function kubernetesServiceObject(apiServerPort: number): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiServerPort }] },
  };
}
