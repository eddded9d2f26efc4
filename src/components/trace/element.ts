/**
 * <trace-view>: the behaviour of the trace table (markup from view.ts). "Previous hop" / "Next hop" move a
 * highlight through the request and reply hops, say where the packet is in a live status line, and emit a
 * `hop-select` CustomEvent (bubbling) so a topology view with the same `data-link` lights up the same place.
 * Clicking a row selects it too. Without JavaScript the table is complete; only the stepping is missing.
 *
 * Behaviour only: the markup is the build-time HTML (TraceView.astro), or dom.ts renderTraceView in the browser,
 * so this module stays small enough to load with the page section. The styles come with the components that
 * render a trace view (TraceView.astro, Lab.astro, RuntimeDemo.astro): a stylesheet imported from a script would
 * be linked on every page of the site.
 *
 * Not modelled: stepping through the ACK leg (it repeats the request's path).
 */
export interface HopSelectDetail {
  /** The hop's index in its leg (0-based, as in the trace). */
  index: number;
  leg: 'request' | 'reply';
  /** Position in the step-through (request hops, then reply hops). */
  step: number;
  /** Namespace of the hop (a Pod "default/web", a node "node-1", "host/ext"). */
  ns: string;
  /** The main device of the hop, "NAMESPACE DEVICE" (the one it arrived on, else the one it left by). */
  device: string | null;
  /** Every device the hop touched, "NAMESPACE DEVICE". */
  devices: string[];
  /** The view's link name, when it has one. */
  link: string | null;
}

export const HOP_SELECT = 'hop-select';

export class TraceViewElement extends HTMLElement {
  private rows: HTMLTableRowElement[] = [];
  private current = -1;
  private wired = false;
  private last: HopSelectDetail | null = null;

  connectedCallback(): void {
    if (this.wired) return;
    this.wired = true;
    this.rows = [...this.querySelectorAll<HTMLTableRowElement>('tr[data-step]')].sort((a, b) => Number(a.dataset.step) - Number(b.dataset.step));
    this.querySelector('.tv-prev')?.addEventListener('click', () => this.select(this.current - 1, true));
    this.querySelector('.tv-next')?.addEventListener('click', () => this.select(this.current + 1, true));
    for (const row of this.rows) {
      row.addEventListener('click', (e) => {
        // Opening a rule's details is not a hop change.
        if (e.target instanceof Element && e.target.closest('summary, details[open] .tv-detail')) return;
        this.select(Number(row.dataset.step), false);
      });
    }
  }

  /** The selected step (-1 before the first). */
  get step(): number {
    return this.current;
  }

  /** What the last `hop-select` said (null before the first): a linked view that loads later catches up from it. */
  get selection(): HopSelectDetail | null {
    return this.last;
  }

  /** Selects step `i` (clamped); `scroll` brings the row into view. */
  select(i: number, scroll = false): void {
    if (this.rows.length === 0) return;
    const n = Math.max(0, Math.min(this.rows.length - 1, i));
    this.rows[this.current]?.classList.remove('is-current');
    this.rows[this.current]?.removeAttribute('aria-current');
    this.current = n;
    const row = this.rows[n]!;
    row.classList.add('is-current');
    row.setAttribute('aria-current', 'step');
    if (scroll) row.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const prev = this.querySelector<HTMLButtonElement>('.tv-prev');
    const next = this.querySelector<HTMLButtonElement>('.tv-next');
    // A disabled button loses focus; keep the keyboard user on the stepper by moving focus to the other button.
    const focused = document.activeElement;
    if (prev) prev.disabled = n === 0;
    if (next) next.disabled = n === this.rows.length - 1;
    if (focused === prev && prev?.disabled) next?.focus();
    if (focused === next && next?.disabled) prev?.focus();
    const status = this.querySelector('.tv-status');
    if (status) status.textContent = row.dataset.status ?? '';
    const devices = (row.dataset.devices ?? '').split('|').filter(Boolean);
    const detail: HopSelectDetail = {
      index: Number(row.dataset.hop),
      leg: row.dataset.leg === 'reply' ? 'reply' : 'request',
      step: n,
      ns: row.dataset.ns ?? '',
      device: devices[0] ?? null,
      devices,
      link: this.dataset.link ?? null,
    };
    this.last = detail;
    this.dispatchEvent(new CustomEvent<HopSelectDetail>(HOP_SELECT, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get('trace-view')) customElements.define('trace-view', TraceViewElement);

