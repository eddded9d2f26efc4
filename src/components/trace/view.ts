/**
 * The trace view's markup, from the row model (model.ts): a verdict line with the facts that matter, the trace
 * in words (the text alternative, from explain()), the step-through buttons, then one table per leg with a row
 * per hop. Decisions that carry exact route or rule text are <details> rows: the deciding rule shows in
 * monospace, and opening the row shows every rule that matched on the way. The same tree is rendered at build
 * time (TraceView.astro) and in the browser (renderTraceView in element.ts); element.ts adds the behaviour.
 *
 * Not modelled: sorting or filtering rows, showing explore() branches side by side.
 */
import { h, type VNode } from '../figures/vnode';
import type { ViewLang } from '../figures/lang';
import { traceStrings } from './strings';
import { stepHops, traceViewModel, type DecisionRow, type HopRow, type LegView, type TraceInput, type TraceViewModel } from './model';

export interface TraceViewOptions {
  /** Views with the same link name follow each other (hop-select events). */
  link?: string;
  /** Heading text above the view; the trace's own "from → to" line is used without it. */
  title?: string;
  /** Unique prefix for ids inside the view. */
  idPrefix?: string;
}

const VERDICT_ICON: Record<TraceViewModel['verdict'], string> = {
  delivered: '✔',
  refused: '✘',
  dropped: '✘',
  timeout: '⌛',
  unreachable: '✘',
};

function decisionNode(d: DecisionRow): VNode {
  const head = [
    h('span', { class: 'tv-label' }, d.label),
    ' ',
    h('span', { class: 'tv-text' }, d.text),
    d.code ? [' ', h('code', { class: 'tv-code' }, d.code)] : null,
  ];
  const cls = `tv-step tv-tone-${d.tone}`;
  if (!d.detail) return h('li', { class: cls }, head);
  return h(
    'li',
    { class: cls },
    h('details', {}, h('summary', {}, head), h('div', { class: 'tv-detail' }, h('p', {}, d.detail.title), h('pre', {}, d.detail.lines.join('\n')))),
  );
}

function hopNode(r: HopRow, step: number | null, t: ReturnType<typeof traceStrings>, status: string): VNode {
  return h(
    'tr',
    {
      class: 'tv-hop',
      role: 'row',
      'data-step': step ?? undefined,
      'data-leg': r.leg,
      'data-hop': r.index,
      'data-ns': r.ns,
      'data-devices': r.devices.join('|'),
      'data-status': step === null ? undefined : status,
      // Lines the row takes, roughly: the height it is given while the browser skips it offscreen (trace-view.css).
      style: `--tv-lines: ${rowLines(r)}`,
    },
    h('th', { scope: 'row', role: 'rowheader', class: 'tv-n' }, h('span', { class: 'tv-n-inner' }, String(r.index + 1))),
    h('td', { role: 'cell', class: 'tv-where' }, r.kind === 'bridge' ? r.where : h('strong', {}, r.where)),
    h('td', { role: 'cell', class: 'tv-in', 'data-label': t.cols.arrived }, r.arrivedOn === t.sentLocally ? h('em', {}, r.arrivedOn) : h('code', {}, r.arrivedOn)),
    h(
      'td',
      { role: 'cell', class: 'tv-pkt' },
      h('code', {}, `${r.packet.from} → ${r.packet.to}`),
      ' ',
      h('span', { class: 'tv-pkt-meta' }, [r.packet.proto, r.packet.extra, `${t.ttl} ${r.packet.ttl}`].filter(Boolean).join(' · ')),
    ),
    h(
      'td',
      { role: 'cell', class: 'tv-dec' },
      h('ul', { class: 'tv-steps' }, r.decisions.map(decisionNode)),
      r.outcome ? h('p', { class: 'tv-outcome' }, r.outcome) : null,
    ),
  );
}

/** About how many text lines a hop row takes on a wide page: where/packet, then each decision and the outcome. */
function rowLines(r: HopRow): number {
  return 2 + r.decisions.length + (r.outcome ? 1 : 0);
}

function legTable(l: LegView, firstStep: number | null, t: ReturnType<typeof traceStrings>, id: string, m: TraceViewModel): VNode {
  return h(
    'div',
    { class: 'tv-scroll' },
    h(
      'table',
      { class: 'tv-table', role: 'table' },
      h('caption', { id }, l.caption),
      h(
        'thead',
        { role: 'rowgroup' },
        h(
          'tr',
          { role: 'row' },
          [t.cols.hop, t.cols.where, t.cols.arrived, t.cols.packet, t.cols.decisions].map((c) => h('th', { scope: 'col', role: 'columnheader' }, c)),
        ),
      ),
      h('tbody', { role: 'rowgroup' }, l.hops.map((r, i) => hopNode(r, firstStep === null ? null : firstStep + i, t, firstStep === null ? '' : stepStatus(m, firstStep + i)))),
    ),
  );
}

/** The whole view as an element tree, root <trace-view>. */
export function traceViewTree(input: TraceInput, lang: ViewLang = 'en', opts: TraceViewOptions = {}): VNode {
  const m = traceViewModel(input, lang);
  const t = traceStrings(lang);
  const id = opts.idPrefix ?? 'tv';
  const steps = stepHops(m).length;
  let next = 0;
  const legNodes: VNode[] = [];
  for (const l of m.legs) {
    if (l.leg === 'ack') {
      legNodes.push(h('details', { class: 'tv-leg tv-ack', 'data-leg': l.leg }, h('summary', {}, t.ackLeg(l.hops.length)), legTable(l, null, t, `${id}-${l.leg}`, m)));
      continue;
    }
    legNodes.push(h('section', { class: 'tv-leg', 'data-leg': l.leg, 'aria-labelledby': `${id}-${l.leg}` }, legTable(l, next, t, `${id}-${l.leg}`, m)));
    next += l.hops.length;
  }
  return h(
    'trace-view',
    { class: 'tv not-content', 'data-link': opts.link, 'data-lang': lang, 'data-steps': steps },
    opts.title ? h('p', { class: 'tv-heading' }, opts.title) : null,
    h(
      'div',
      { class: `tv-verdict tv-verdict-${m.verdict}` },
      h('span', { class: 'tv-badge' }, h('span', { 'aria-hidden': 'true' }, `${VERDICT_ICON[m.verdict]} `), m.summary),
      ' ',
      h('code', { class: 'tv-title' }, m.title),
    ),
    m.facts.length ? h('ul', { class: 'tv-facts' }, m.facts.map((f) => h('li', {}, f))) : null,
    h('details', { class: 'tv-words' }, h('summary', {}, t.inWords), h('div', { class: 'tv-words-body' }, m.explanation.map((line) => h('p', {}, line)))),
    steps > 0
      ? h(
          'div',
          { class: 'tv-stepper', role: 'group', 'aria-label': t.stepper },
          h('button', { type: 'button', class: 'tv-prev', disabled: true }, h('span', { 'aria-hidden': 'true' }, '← '), t.prev),
          h('button', { type: 'button', class: 'tv-next' }, t.next, h('span', { 'aria-hidden': 'true' }, ' →')),
          h('p', { class: 'tv-status', role: 'status' }, t.noSelection),
        )
      : null,
    legNodes,
  );
}

/** The status line for step `i` (0-based over the step-through hops). */
export function stepStatus(m: TraceViewModel, i: number): string {
  const t = traceStrings(m.lang);
  const hops = stepHops(m);
  const r = hops[i];
  if (!r) return t.noSelection;
  const leg = m.legs.find((l) => l.leg === r.leg)!;
  const where = r.kind === 'bridge' ? r.where : `${r.where}${r.arrivedOn === t.sentLocally ? '' : ` ← ${r.arrivedOn}`}`;
  return t.status(leg.name, r.index + 1, leg.hops.length, where);
}
