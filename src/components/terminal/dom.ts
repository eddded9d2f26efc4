// Builds a terminal in the browser (the lab's terminal into the last run's cluster, the runtime demo's): the same
// markup as the build-time Terminal.astro (view.ts), with its behaviour (element.ts). Loaded on demand, never
// with a page.
//
// Not modelled: updating a terminal in place (each call builds a new one).
import { toDom } from '../figures/vnode';
import type { ExecFn } from './targets';
import { terminalTree, type TerminalViewOptions } from './view';
import type { SimTerminalElement } from './element';
import './element';

let counter = 0;

/** Renders a terminal into `container` (replacing its content) and returns the element; then set `.exec`. */
export function renderTerminal(container: Element, opts: TerminalViewOptions & { exec?: ExecFn } = {}): SimTerminalElement {
  const { exec, ...view } = opts;
  const el = toDom(terminalTree({ idPrefix: `term-run-${++counter}`, ...view }), container.ownerDocument) as SimTerminalElement;
  if (exec) el.exec = exec;
  container.replaceChildren(el);
  return el;
}
