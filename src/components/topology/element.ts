/**
 * <topology-view>: the behaviour of the topology picture (markup from view.ts). It follows `hop-select` events
 * from a trace view with the same `data-link` and marks the boxes and lines of that hop as selected (the same
 * resolution as layout.ts resolveRef: a device or veth by its "NAMESPACE DEVICE" ref, else the whole box of the
 * namespace). `select(refs)` does the same from code.
 *
 * A view that loads after its trace view was stepped catches up with that view's current hop.
 *
 * Behaviour only: the markup is the build-time HTML (Topology.astro), or dom.ts renderTopologyView in the
 * browser; the styles come with the components that render one (a stylesheet imported from a script would be
 * linked on every page of the site).
 *
 * Not modelled: pointer interaction on the picture itself (it is a figure, not a control).
 */
import type { HopSelectDetail } from '../trace/element';

/** What this element reads of a linked <trace-view> (trace/element.ts), without loading that module. */
interface LinkedTrace extends Element {
  readonly selection?: HopSelectDetail | null;
}

export class TopologyViewElement extends HTMLElement {
  private readonly onHop = (e: Event) => {
    const d = (e as CustomEvent<HopSelectDetail>).detail;
    if (!d || !this.dataset.link || d.link !== this.dataset.link) return;
    this.select(d.devices);
  };

  connectedCallback(): void {
    document.addEventListener('hop-select', this.onHop);
    const link = this.dataset.link;
    if (!link) return;
    for (const tv of document.getElementsByTagName('trace-view') as HTMLCollectionOf<LinkedTrace>) {
      const d = tv.selection;
      if (d && d.link === link) this.select(d.devices);
    }
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

