/**
 * The NetworkPolicy evaluator's inputs and outputs. Inputs are the plain JSON shapes of the Kubernetes API
 * (a manifest parsed from YAML fits them as is): Namespace, Pod (only the fields policy needs) and
 * networking.k8s.io/v1 NetworkPolicy. Outputs are plain JSON too, so verdicts and truth tables can cross a
 * Worker boundary and sit in golden files.
 *
 * `null` is read as "absent" everywhere, as Go's JSON decoder does for pointer and slice fields
 * (`podSelector:` with nothing after it in YAML is null, which is NOT the same as `podSelector: {}`).
 *
 * Not modelled: Pod fields other than labels, IP, hostNetwork, nodeName and container ports; Namespace
 * fields other than name and labels; NetworkPolicy status.
 */

/** L4 protocols NetworkPolicy is defined for (k8s.io/api core/v1 Protocol; website network-policies.md
 * "Network traffic filtering": behaviour for other protocols such as ICMP is undefined). */
export type NetpolProtocol = 'TCP' | 'UDP' | 'SCTP';

export type PolicyType = 'Ingress' | 'Egress';

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  readonly values?: readonly string[] | null;
}

/** metav1.LabelSelector. Both parts empty or absent = selects everything. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

export interface IPBlock {
  readonly cidr: string;
  readonly except?: readonly string[] | null;
}

/** One `from`/`to` element. Exactly one of ipBlock or (podSelector and/or namespaceSelector). */
export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector | null;
  readonly namespaceSelector?: LabelSelector | null;
  readonly ipBlock?: IPBlock | null;
}

export interface NetworkPolicyPort {
  /** Defaults to TCP (SetDefaults_NetworkPolicyPort). */
  readonly protocol?: string | null;
  /** A number, or the name of a container port on the destination pod. Absent = every port. */
  readonly port?: number | string | null;
  /** Inclusive end of a numeric range starting at `port`. */
  readonly endPort?: number | null;
}

export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[] | null;
  readonly ports?: readonly NetworkPolicyPort[] | null;
}

export interface NetworkPolicyEgressRule {
  readonly to?: readonly NetworkPolicyPeer[] | null;
  readonly ports?: readonly NetworkPolicyPort[] | null;
}

export interface NetworkPolicySpec {
  /** Optional since the field is a non-pointer struct: absent = `{}` = every pod of the namespace. */
  readonly podSelector?: LabelSelector | null;
  readonly policyTypes?: readonly string[] | null;
  readonly ingress?: readonly NetworkPolicyIngressRule[] | null;
  readonly egress?: readonly NetworkPolicyEgressRule[] | null;
}

export interface NetworkPolicy {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly [k: string]: unknown };
  readonly spec?: NetworkPolicySpec | null;
}

export interface NamespaceInfo {
  readonly name: string;
  /** User labels. `kubernetes.io/metadata.name=<name>` is always added (and wins), as the API server does. */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ContainerPortInfo {
  readonly name?: string;
  readonly containerPort: number;
  /** Defaults to TCP. */
  readonly protocol?: NetpolProtocol;
}

export interface ContainerInfo {
  readonly name: string;
  readonly ports?: readonly ContainerPortInfo[];
}

export interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** status.podIP (for a hostNetwork pod: its node's IP). */
  readonly ip: string;
  readonly hostNetwork?: boolean;
  /** spec.nodeName; needed only for the "traffic from the pod's own node is allowed" rule. */
  readonly nodeName?: string;
  readonly containers?: readonly ContainerInfo[];
}

export interface NetpolModelInput {
  readonly namespaces: readonly NamespaceInfo[];
  readonly pods: readonly PodInfo[];
  readonly policies: readonly NetworkPolicy[];
}

// ------------------------------------------------------------------------------------------ compiled form

/** A port entry after defaulting: protocol filled in, `port` split by kind. */
export type CompiledPort =
  | { readonly protocol: NetpolProtocol; readonly kind: 'all' }
  | { readonly protocol: NetpolProtocol; readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly protocol: NetpolProtocol; readonly kind: 'named'; readonly name: string };

/** A prefix kept as numbers (IPv4) or canonical text (IPv6, parsed when matched; bigint is not JSON). */
export type CompiledCidr =
  | { readonly family: 4; readonly addr: number; readonly len: number }
  | { readonly family: 6; readonly text: string };

export type CompiledPeer =
  | { readonly kind: 'ipBlock'; readonly cidr: CompiledCidr; readonly except: readonly CompiledCidr[] }
  | {
      readonly kind: 'selector';
      /** Absent = any pod (of the namespaces chosen below). */
      readonly podSelector?: LabelSelector;
      /** Absent = the policy's own namespace only. */
      readonly namespaceSelector?: LabelSelector;
    };

export interface CompiledRule {
  /** Rule index in spec.ingress / spec.egress, for explanations. */
  readonly index: number;
  /** undefined = `ports` empty or absent = every port of every protocol. */
  readonly ports?: readonly CompiledPort[];
  /** undefined = `from`/`to` empty or absent = every peer. */
  readonly peers?: readonly CompiledPeer[];
}

export interface CompiledPolicy {
  /** "namespace/name". */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** undefined when the policy does not apply for ingress (policyTypes lacks Ingress). */
  readonly ingress?: readonly CompiledRule[];
  /** undefined when the policy does not apply for egress. */
  readonly egress?: readonly CompiledRule[];
}

export interface ModelPod {
  /** "namespace/name". */
  readonly ref: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
  readonly hostNetwork: boolean;
  readonly nodeName?: string;
  readonly ports: readonly { readonly name?: string; readonly containerPort: number; readonly protocol: NetpolProtocol }[];
}

/** What buildNetpolModel returns: validated, defaulted and indexed; plain JSON. */
export interface NetpolModel {
  /** Namespace name → labels, including kubernetes.io/metadata.name. */
  readonly namespaces: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Pods in input order. */
  readonly pods: readonly ModelPod[];
  /** "ns/name" → index in `pods`. */
  readonly podIndex: Readonly<Record<string, number>>;
  /** IP → index in `pods`, for pod-network pods only. */
  readonly ipIndex: Readonly<Record<string, number>>;
  /** Sorted by namespace/name, so verdicts list policies in a stable order. */
  readonly policies: readonly CompiledPolicy[];
}

// ------------------------------------------------------------------------------------------ verdicts

export interface EvaluateQuery {
  /** "ns/name" of a pod, or an IP (an outside host, a node, or a pod's IP). */
  readonly from: string;
  /** "ns/name" of a pod, or an IP. Destination after Service DNAT. */
  readonly to: string;
  /** Destination port after DNAT (the targetPort), 1-65535. */
  readonly port: number;
  /** Defaults to TCP. */
  readonly protocol?: NetpolProtocol;
  /** The sender is this node's host network (kubelet probes, hostNetwork pods): see evaluate.ts. */
  readonly fromNode?: string;
}

/** Why one direction came out as it did. */
export type DirectionReason =
  | 'not-isolated' // no policy selects the pod for this direction
  | 'allowed' // isolated, and at least one rule of an applying policy matched
  | 'no-rule-matched' // isolated, and nothing matched
  | 'node-local' // ingress from the pod's own node: always allowed
  | 'not-a-pod' // this end is an IP outside the model's pod network: nothing to enforce here
  | 'host-network'; // this end is a hostNetwork pod: policies do not apply to it

export interface DirectionVerdict {
  readonly allowed: boolean;
  /** Some policy selects the pod and has this direction in its policyTypes. */
  readonly isolated: boolean;
  /** The policies that isolate the pod for this direction ("ns/name"). */
  readonly isolatedBy: readonly string[];
  /** The applying policies with a rule that matched ("ns/name"). */
  readonly allowedBy: readonly string[];
  readonly reason: DirectionReason;
}

export interface Verdict {
  /** egress.allowed && ingress.allowed. */
  readonly allowed: boolean;
  /** The client's egress side. */
  readonly egress: DirectionVerdict;
  /** The server's ingress side. */
  readonly ingress: DirectionVerdict;
}
