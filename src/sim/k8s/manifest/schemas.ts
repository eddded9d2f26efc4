/**
 * The field trees of the kinds the loader reads (k8s.io/api core/v1, apps/v1, discovery/v1; kubeadm v1beta3 and
 * v1beta4; kubeproxy v1alpha1; the k8snet.dev/v1alpha1 kinds). Real fields the network does not depend on are
 * listed as `any` so real manifests load without warnings; anything else is reported as an unknown field.
 *
 * Not modelled: per-version field differences within a group beyond the ones noted (kubeadm extraArgs).
 */
import { S, type Shape } from './shape';

const strMap = S.map(S.str);

export const OBJECT_META: Shape = S.obj({
  name: S.str,
  namespace: S.str,
  labels: strMap,
  annotations: strMap,
  ...S.anyOf(
    'generateName',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'ownerReferences',
    'finalizers',
    'managedFields',
    'selfLink',
  ),
});

export const LABEL_SELECTOR: Shape = S.obj({
  matchLabels: strMap,
  matchExpressions: S.arr(S.obj({ key: S.str, operator: S.str, values: S.arr(S.str) })),
});

const CONTAINER_PORT = S.obj({ name: S.str, containerPort: S.int, protocol: S.str, hostPort: S.int, hostIP: S.str });

const CONTAINER = S.obj({
  name: S.str,
  ports: S.arr(CONTAINER_PORT),
  restartPolicy: S.str,
  ...S.anyOf(
    'image',
    'command',
    'args',
    'workingDir',
    'envFrom',
    'env',
    'resources',
    'resizePolicy',
    'restartPolicyRules',
    'volumeMounts',
    'volumeDevices',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'securityContext',
    'stdin',
    'stdinOnce',
    'tty',
  ),
});

export const TOLERATION: Shape = S.obj({ key: S.str, operator: S.str, value: S.str, effect: S.str, tolerationSeconds: S.int });

export const POD_SPEC: Shape = S.obj({
  containers: S.arr(CONTAINER),
  initContainers: S.arr(CONTAINER),
  nodeName: S.str,
  nodeSelector: strMap,
  hostNetwork: S.bool,
  hostname: S.str,
  subdomain: S.str,
  dnsPolicy: S.str,
  tolerations: S.arr(TOLERATION),
  ...S.anyOf(
    'volumes',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'hostPID',
    'hostIPC',
    'shareProcessNamespace',
    'securityContext',
    'imagePullSecrets',
    'affinity',
    'schedulerName',
    'hostAliases',
    'priorityClassName',
    'priority',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'enableServiceLinks',
    'preemptionPolicy',
    'overhead',
    'topologySpreadConstraints',
    'setHostnameAsFQDN',
    'os',
    'hostUsers',
    'schedulingGates',
    'resourceClaims',
    'resources',
    'hostnameOverride',
    'workloadRef',
  ),
});

const POD_CONDITION = S.open({ type: S.str, status: S.str });

export const POD: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: POD_SPEC,
  status: S.open({ phase: S.str, podIP: S.str, podIPs: S.arr(S.open({ ip: S.str })), conditions: S.arr(POD_CONDITION) }),
});

export const POD_TEMPLATE: Shape = S.obj({ metadata: OBJECT_META, spec: POD_SPEC });

const WORKLOAD_STATUS = S.any;

export const DEPLOYMENT: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: S.obj({
    replicas: S.int,
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE,
    ...S.anyOf('strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'),
  }),
  status: WORKLOAD_STATUS,
});

export const STATEFUL_SET: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: S.obj({
    replicas: S.int,
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE,
    serviceName: S.str,
    ordinals: S.obj({ start: S.int }),
    ...S.anyOf(
      'volumeClaimTemplates',
      'podManagementPolicy',
      'updateStrategy',
      'revisionHistoryLimit',
      'minReadySeconds',
      'persistentVolumeClaimRetentionPolicy',
    ),
  }),
  status: WORKLOAD_STATUS,
});

export const DAEMON_SET: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: S.obj({
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE,
    ...S.anyOf('updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'),
  }),
  status: WORKLOAD_STATUS,
});

export const NAMESPACE: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: S.obj({ finalizers: S.any }),
  status: S.any,
});

export const NODE: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: S.obj({
    podCIDR: S.str,
    podCIDRs: S.arr(S.str),
    unschedulable: S.bool,
    taints: S.arr(S.obj({ key: S.str, value: S.str, effect: S.str, timeAdded: S.any })),
    ...S.anyOf('providerID', 'configSource', 'externalID'),
  }),
  status: S.open({
    addresses: S.arr(S.obj({ type: S.str, address: S.str })),
    conditions: S.arr(S.open({ type: S.str, status: S.str })),
  }),
});

export const SERVICE: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  spec: S.obj({
    type: S.str,
    ports: S.arr(S.obj({ name: S.str, protocol: S.str, appProtocol: S.str, port: S.int, targetPort: S.ios, nodePort: S.int })),
    selector: strMap,
    clusterIP: S.str,
    clusterIPs: S.arr(S.str),
    externalIPs: S.arr(S.str),
    sessionAffinity: S.str,
    sessionAffinityConfig: S.obj({ clientIP: S.obj({ timeoutSeconds: S.int }) }),
    loadBalancerSourceRanges: S.arr(S.str),
    externalName: S.str,
    externalTrafficPolicy: S.str,
    internalTrafficPolicy: S.str,
    healthCheckNodePort: S.int,
    publishNotReadyAddresses: S.bool,
    ipFamilies: S.arr(S.str),
    ipFamilyPolicy: S.str,
    allocateLoadBalancerNodePorts: S.bool,
    loadBalancerClass: S.str,
    ...S.anyOf('loadBalancerIP', 'trafficDistribution'),
  }),
  status: S.obj({
    loadBalancer: S.obj({ ingress: S.arr(S.obj({ ip: S.str, hostname: S.str, ipMode: S.str, ports: S.any })) }),
    conditions: S.any,
  }),
});

export const ENDPOINT_SLICE: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  addressType: S.str,
  endpoints: S.arr(
    S.obj({
      addresses: S.arr(S.str),
      conditions: S.obj({ ready: S.bool, serving: S.bool, terminating: S.bool }),
      hostname: S.str,
      targetRef: S.open({ kind: S.str, name: S.str, namespace: S.str }),
      nodeName: S.str,
      zone: S.str,
      ...S.anyOf('hints', 'deprecatedTopology'),
    }),
  ),
  ports: S.arr(S.obj({ name: S.str, protocol: S.str, port: S.int, appProtocol: S.str })),
});

export const CONFIG_MAP: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: OBJECT_META,
  data: strMap,
  ...S.anyOf('binaryData', 'immutable'),
});

const COMPONENT = S.obj({ extraArgs: S.any, ...S.anyOf('extraVolumes', 'extraEnvs', 'certSANs', 'timeoutForControlPlane') });

export const CLUSTER_CONFIGURATION: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  networking: S.obj({ podSubnet: S.str, serviceSubnet: S.str, dnsDomain: S.str }),
  apiServer: COMPONENT,
  controllerManager: COMPONENT,
  scheduler: COMPONENT,
  dns: S.obj({ disabled: S.bool, ...S.anyOf('imageRepository', 'imageTag', 'type') }),
  proxy: S.obj({ disabled: S.bool }),
  ...S.anyOf(
    'metadata',
    'etcd',
    'kubernetesVersion',
    'controlPlaneEndpoint',
    'certificatesDir',
    'imageRepository',
    'featureGates',
    'clusterName',
    'encryptionAlgorithm',
    'certificateValidityPeriod',
    'caCertificateValidityPeriod',
    'useHyperKubeImage',
    'upgrade',
  ),
});

export const INIT_CONFIGURATION: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  localAPIEndpoint: S.obj({ advertiseAddress: S.str, bindPort: S.int }),
  ...S.anyOf('metadata', 'bootstrapTokens', 'nodeRegistration', 'certificateKey', 'skipPhases', 'patches', 'dryRun', 'timeouts'),
});

export const KUBE_PROXY_CONFIGURATION: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  mode: S.str,
  clusterCIDR: S.str,
  nodePortAddresses: S.arr(S.str),
  iptables: S.obj({
    masqueradeAll: S.bool,
    masqueradeBit: S.int,
    localhostNodePorts: S.bool,
    ...S.anyOf('syncPeriod', 'minSyncPeriod'),
  }),
  ...S.anyOf(
    'metadata',
    'ipvs',
    'nftables',
    'winkernel',
    'conntrack',
    'bindAddress',
    'healthzBindAddress',
    'metricsBindAddress',
    'bindAddressHardFail',
    'enableProfiling',
    'clientConnection',
    'featureGates',
    'hostnameOverride',
    'detectLocalMode',
    'detectLocal',
    'oomScoreAdj',
    'portRange',
    'showHiddenMetricsForVersion',
    'udpIdleTimeout',
    'configSyncPeriod',
    'logging',
    'syncPeriod',
    'minSyncPeriod',
    'linux',
    'windows',
  ),
});

const EXT_META = OBJECT_META;

export const NETWORK: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: EXT_META,
  spec: S.obj({ cidr: S.str, gateway: S.str, mtu: S.int }),
});

export const HOST: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: EXT_META,
  spec: S.obj({ ip: S.str, ports: S.arr(S.obj({ name: S.str, port: S.int, protocol: S.str })) }),
});

export const CNI_CONFIG: Shape = S.obj({
  apiVersion: S.str,
  kind: S.str,
  metadata: EXT_META,
  spec: S.obj({ conflist: S.any, netConf: S.any, flanneldArgs: S.arr(S.str) }),
});

// ------------------------------------------------------------------------------------------ CNI formats

/** containernetworking/plugins ipam/host-local config (allocator/config.go IPAMConfig). */
const HOST_LOCAL_RANGE = S.obj({ subnet: S.str, rangeStart: S.str, rangeEnd: S.str, gateway: S.str });
export const HOST_LOCAL_IPAM: Shape = S.obj({
  type: S.str,
  subnet: S.str,
  rangeStart: S.str,
  rangeEnd: S.str,
  gateway: S.str,
  ranges: S.arr(S.arr(HOST_LOCAL_RANGE)),
  routes: S.arr(S.obj({ dst: S.str, gw: S.str })),
  ...S.anyOf('dataDir', 'resolvConf', 'name'),
});

/** plugins/main/bridge NetConf. */
const BRIDGE_FIELDS = {
  bridge: S.str,
  isGateway: S.bool,
  isDefaultGateway: S.bool,
  forceAddress: S.bool,
  ipMasq: S.bool,
  mtu: S.int,
  hairpinMode: S.bool,
  promiscMode: S.bool,
  ipam: HOST_LOCAL_IPAM,
  ...S.anyOf(
    'vlan',
    'vlanTrunk',
    'preserveDefaultVlan',
    'macspoofchk',
    'enabledad',
    'disableContainerInterface',
    'portIsolation',
    'ipMasqBackend',
    'capabilities',
    'args',
    'runtimeConfig',
  ),
};

export const BRIDGE_PLUGIN: Shape = S.obj({ type: S.str, name: S.str, cniVersion: S.str, ...BRIDGE_FIELDS });

/** flannel-io/cni-plugin NetConf: the delegate is a bridge config flannel completes. */
export const FLANNEL_PLUGIN: Shape = S.obj({
  type: S.str,
  name: S.str,
  cniVersion: S.str,
  delegate: S.obj({ type: S.str, ...BRIDGE_FIELDS }),
  ...S.anyOf('subnetFile', 'dataDir', 'capabilities', 'runtimeConfig'),
});

export const PORTMAP_PLUGIN: Shape = S.obj({
  type: S.str,
  ...S.anyOf('capabilities', 'snat', 'masqAll', 'markMasqBit', 'externalSetMarkChain', 'conditionsV4', 'conditionsV6', 'runtimeConfig'),
});

/** flannel pkg/subnet/config.go Config (net-conf.json). */
export const FLANNEL_NET_CONF: Shape = S.obj({
  Network: S.str,
  Backend: S.obj({ Type: S.str, VNI: S.int, Port: S.int, DirectRouting: S.bool, ...S.anyOf('GBP', 'MTU', 'Learning', 'MacPrefix', 'Name') }),
  ...S.anyOf('SubnetLen', 'SubnetMin', 'SubnetMax', 'EnableIPv4', 'EnableIPv6', 'IPv6Network', 'IPv6SubnetLen', 'IPv6SubnetMin', 'IPv6SubnetMax', 'EnableNFTables', 'Networks', 'IPv6Networks'),
});
