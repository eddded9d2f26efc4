/**
 * The topology view's markup around the picture: a <topology-view> element with the SVG in a sideways-scrolling
 * box, an optional caption, and the text alternative as a visually hidden list (nodes, their devices and Pods
 * with addresses, hosts, Services, and the highlighted path in words). Used by Topology.astro at build time and
 * by renderTopologyView() in the browser.
 *
 * Not modelled: zooming.
 */
import type { Topology } from '../../sim/k8s/cluster/topology';
import type { ViewLang } from '../figures/lang';
import { h, type VNode } from '../figures/vnode';
import { layoutTopology } from './layout';
import { describeTopology, topologySvgTree } from './render';

export interface TopologyViewOptions {
  lang?: ViewLang;
  /** Devices of a traced path, "NAMESPACE DEVICE", in order. */
  path?: readonly string[];
  /** Follow hop-select events of trace views with the same link name. */
  link?: string;
  /** Kubernetes namespaces whose Pods are left out of the picture. */
  hideNamespaces?: readonly string[];
  /** A visible caption under the picture. */
  caption?: string;
  idPrefix?: string;
}

export function topologyViewTree(topology: Topology, opts: TopologyViewOptions = {}): VNode {
  const lang = opts.lang ?? 'en';
  const id = opts.idPrefix ?? 'topo';
  const layout = layoutTopology(topology, { lang, ...(opts.hideNamespaces ? { hideNamespaces: opts.hideNamespaces } : {}) });
  const alt = describeTopology(topology, { lang, ...(opts.path ? { path: opts.path } : {}), ...(opts.hideNamespaces ? { hideNamespaces: opts.hideNamespaces } : {}) });
  return h(
    'topology-view',
    { class: 'topo not-content', 'data-link': opts.link, 'data-lang': lang },
    h(
      'figure',
      { class: 'topo-figure' },
      h(
        'div',
        { class: 'topo-scroll', tabindex: 0, role: 'group', 'aria-labelledby': `${id}-title` },
        topologySvgTree(layout, { lang, idPrefix: id, ...(opts.path ? { highlightPath: opts.path } : {}) }),
      ),
      opts.caption ? h('figcaption', {}, opts.caption) : null,
    ),
    h('ul', { class: 'topo-alt', id: `${id}-alt` }, alt.map((line) => h('li', {}, line))),
  );
}
