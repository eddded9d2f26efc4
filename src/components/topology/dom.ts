// Builds a topology view in the browser from a run's toJSON().topology: the same markup as the build-time
// Topology.astro (view.ts), with its behaviour (element.ts). Loaded on demand by the lab and the runtime demo,
// never with a page.
//
// Not modelled: updating a view in place (each call builds a new one).
import type { Topology } from '../../sim/k8s/cluster/topology';
import { toDom } from '../figures/vnode';
import { topologyViewTree, type TopologyViewOptions } from './view';
import type { TopologyViewElement } from './element';
import './element';

let counter = 0;

/** Renders the topology into `container` (replacing its content) and returns the <topology-view> element. */
export function renderTopologyView(container: Element, topology: Topology, opts: TopologyViewOptions = {}): TopologyViewElement {
  const el = toDom(topologyViewTree(topology, { idPrefix: `topo-run-${++counter}`, ...opts }), container.ownerDocument) as TopologyViewElement;
  container.replaceChildren(el);
  return el;
}
