// Builds a trace view in the browser, from a trace JSON (a run's toJSON().traces[i] or a bare Trace): the same
// markup as the build-time TraceView.astro (view.ts), with its behaviour (element.ts). Loaded on demand by the
// lab and the runtime demo, never with a page.
//
// Not modelled: updating a view in place (each call builds a new one).
import { toDom } from '../figures/vnode';
import type { ViewLang } from '../figures/lang';
import type { TraceInput } from './model';
import { traceViewTree, type TraceViewOptions } from './view';
import type { TraceViewElement } from './element';
import './element';

let counter = 0;

/**
 * Renders a trace into `container` (replacing its content) and returns the <trace-view> element. Text goes in as
 * text nodes only.
 */
export function renderTraceView(container: Element, trace: TraceInput, lang: ViewLang = 'en', opts: TraceViewOptions = {}): TraceViewElement {
  const tree = traceViewTree(trace, lang, { idPrefix: `tv-run-${++counter}`, ...opts });
  const el = toDom(tree, container.ownerDocument) as TraceViewElement;
  container.replaceChildren(el);
  return el;
}
