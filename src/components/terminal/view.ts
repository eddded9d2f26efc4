/**
 * The terminal's markup: a target selector (nodes, Pods, hosts), the output as a live log, and the command line
 * with its prompt. Built at build time by Terminal.astro and in the browser by renderTerminal().
 *
 * Not modelled: several tabs or split panes.
 */
import { h, type VNode } from '../figures/vnode';
import type { ViewLang } from '../figures/lang';
import { terminalStrings } from './strings';
import { promptFor, type TerminalTarget } from './targets';

export interface TerminalViewOptions {
  lang?: ViewLang;
  targets?: readonly TerminalTarget[];
  /** The target selected at first (the first target by default). */
  target?: string;
  /** An accessible name for the whole terminal, e.g. the lab step. */
  title?: string;
  idPrefix?: string;
  /** Demo pages only: a fixed cluster (manifests and traces to run first) served by terminal/demo.worker.ts. */
  demo?: { manifest: string; probes?: { from: string; to: string; protocol?: string }[] };
}

export function terminalTree(opts: TerminalViewOptions = {}): VNode {
  const lang = opts.lang ?? 'en';
  const t = terminalStrings(lang);
  const id = opts.idPrefix ?? 'term';
  const targets = opts.targets ?? [];
  const target = opts.target && targets.some((x) => x.id === opts.target) ? opts.target : targets[0]?.id ?? '';
  const label = targets.find((x) => x.id === target)?.label ?? target;
  return h(
    'sim-terminal',
    {
      class: 'term not-content',
      role: 'group',
      'aria-label': opts.title,
      'data-lang': lang,
      'data-target': target,
      'data-demo': opts.demo ? JSON.stringify(opts.demo) : undefined,
    },
    h(
      'div',
      { class: 'term-bar' },
      h('label', { for: `${id}-target` }, t.runOn),
      h(
        'select',
        { id: `${id}-target`, class: 'term-target', disabled: targets.length === 0 },
        targets.map((x) => h('option', { value: x.id, selected: x.id === target }, x.label)),
      ),
      h('button', { type: 'button', class: 'term-clear' }, t.clear),
    ),
    h(
      'div',
      { class: 'term-screen' },
      h('div', { class: 'term-log', role: 'log', 'aria-live': 'polite', 'aria-label': t.output, tabindex: 0, id: `${id}-log` }),
      h(
        'form',
        { class: 'term-form' },
        h(
          'label',
          { class: 'term-prompt', for: `${id}-input` },
          h('span', { class: 'term-sr' }, t.command(label)),
          h('span', { class: 'term-ps1', 'aria-hidden': 'true' }, promptFor(target)),
        ),
        h('input', {
          id: `${id}-input`,
          class: 'term-input',
          type: 'text',
          autocomplete: 'off',
          autocapitalize: 'off',
          autocorrect: 'off',
          spellcheck: 'false',
          enterkeyhint: 'send',
          'aria-describedby': `${id}-hint`,
        }),
      ),
    ),
    h('p', { class: 'term-hint', id: `${id}-hint` }, t.hint),
  );
}
