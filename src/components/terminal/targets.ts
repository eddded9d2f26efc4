/**
 * Where a terminal can run commands, and the prompt it shows there: nodes ("root@node-1:~#"), Pods ("/ #", as a
 * busybox shell inside a container prints it) and hosts outside the cluster. Target ids are what
 * src/sim/cli/shell.ts runShell() accepts: 'node/NAME', 'pod/NAMESPACE/NAME', or a Host's name.
 *
 * Not modelled: choosing a container inside a Pod (they share the Pod's network namespace anyway).
 */
import type { Topology } from '../../sim/k8s/cluster/topology';
import type { ViewLang } from '../figures/lang';

export interface TerminalTarget {
  id: string;
  label: string;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs one command line on a target. The lab wires this to the sandbox; the demo page to its own worker. */
export type ExecFn = (target: string, line: string) => Promise<ExecResult>;

export function promptFor(target: string): string {
  if (target.startsWith('pod/')) return '/ #';
  const name = target.startsWith('node/') ? target.slice(5) : target.replace(/^host\//, '');
  return `root@${name}:~#`;
}

export function targetsFromTopology(t: Topology, lang: ViewLang = 'en'): TerminalTarget[] {
  const zh = lang === 'zh-tw';
  return [
    ...t.nodes.map((n) => ({ id: `node/${n.name}`, label: zh ? `節點 ${n.name}` : `node ${n.name}` })),
    ...t.pods.filter((p) => p.node !== null).map((p) => ({ id: `pod/${p.name}`, label: `Pod ${p.name}` })),
    ...t.hosts.map((hst) => ({ id: hst.name, label: zh ? `主機 ${hst.name}` : `host ${hst.name}` })),
  ];
}
