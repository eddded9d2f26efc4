/**
 * <topology-view>: the behaviour of the topology picture (markup from view.ts). It follows `hop-select` events
 * from a trace view with the same `data-link` and marks the boxes and lines of that hop as selected (the same
 * resolution as layout.ts resolveRef: a device or veth by its "NAMESPACE DEVICE" ref, else the whole box of the
 * namespace). `select(refs)` does the same from code.
 *
 * renderTopologyView(container, topology, opts) builds the view in the browser from a run's toJSON().topology.
 *
 * Not modelled: pointer interaction on the picture itself (it is a figure, not a control).
 */
import './topology.css';
import type { Topology } from '../../sim/k8s/cluster/topology';
import { toDom } from '../figures/vnode';
import { topologyViewTree, type TopologyViewOptions } from './view';
import type { HopSelectDetail } from '../trace/element';

export class TopologyViewElement extends HTMLElement {
  private readonly onHop = (e: Event) => {
    const d = (e as CustomEvent<HopSelectDetail>).detail;
    if (!d || !this.dataset.link || d.link !== this.dataset.link) return;
    this.select(d.devices);
  };

  connectedCallback(): void {
    document.addEventListener('hop-select', this.onHop);
  }

  disconnectedCallback(): void {
    document.removeEventListener('hop-select', this.onHop);
  }

  /** Marks the items standing for `refs` ("NAMESPACE DEVICE") as selected; an empty list clears. Returns their ids. */
  select(refs: readonly string[]): string[] {
    for (const el of this.querySelectorAll('.is-selected')) el.classList.remove('is-selected');
    const items = [...this.querySelectorAll<SVGGElement>('[data-item]')];
    const ids: string[] = [];
    for (const ref of refs) {
      let hit = items.find((el) => (el.dataset.refs ?? '').split('|').includes(ref));
      if (!hit) {
        const ns = ref.lastIndexOf(' ') > 0 ? ref.slice(0, ref.lastIndexOf(' ')) : ref;
        hit = items.find((el) => el.dataset.ns === ns);
      }
      if (hit && !ids.includes(hit.dataset.item!)) {
        ids.push(hit.dataset.item!);
        hit.classList.add('is-selected');
      }
    }
    this.dataset.selected = ids.join(' ');
    return ids;
  }
}

if (!customElements.get('topology-view')) customElements.define('topology-view', TopologyViewElement);

let counter = 0;

/** Renders the topology into `container` (replacing its content) and returns the <topology-view> element. */
export function renderTopologyView(container: Element, topology: Topology, opts: TopologyViewOptions = {}): TopologyViewElement {
  const el = toDom(topologyViewTree(topology, { idPrefix: `topo-run-${++counter}`, ...opts }), container.ownerDocument) as TopologyViewElement;
  container.replaceChildren(el);
  return el;
}
