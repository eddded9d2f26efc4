/**
 * How the Kubernetes objects of a cluster map onto network namespaces of the simulated World. Namespace names
 * are what traces, the terminal and error messages show, so they read like the objects they stand for.
 */
export const NODE_NETWORK_SEGMENT = 'node-network';

/** A Node's namespace is the node's name (node-1). */
export function nodeNetns(node: string): string {
  return node;
}

/** A Pod's namespace: `<namespace>/<name>` (default/web). hostNetwork Pods use their node's namespace. */
export function podNetns(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** An outside Host's namespace: `host/<name>`. */
export function hostNetns(name: string): string {
  return `host/${name}`;
}

/** The router of the node network (its gateway), when no declared Host holds the gateway address. */
export const ROUTER_NETNS = 'router';
