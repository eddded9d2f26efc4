/**
 * <sim-terminal>: a command line into a node, Pod or host of the simulated cluster. Commands run through an
 * injected `exec(target, line)` (the lab wires it to the sandbox; demo pages to terminal/demo.worker.ts); output
 * is added as text only (textContent) to a live log. ↑/↓ walk the history, Ctrl+L clears, Ctrl+C drops the line
 * being typed; Tab is left alone so keyboard users can always leave.
 *
 * Events: `terminal-exec` (bubbling) after each command, detail { target, line, result }.
 *
 * Behaviour only: the markup is the build-time HTML (Terminal.astro), or dom.ts renderTerminal in the browser;
 * the styles come with the components that render one (a stylesheet imported from a script would be linked on
 * every page of the site).
 *
 * Not modelled: line editing beyond the input field, pipes (the simulator's shell has none), colours.
 */
import { viewLang } from '../figures/lang';
import { CommandHistory } from './history';
import { terminalStrings, type TerminalStrings } from './strings';
import { promptFor, type ExecFn, type ExecResult, type TerminalTarget } from './targets';

const MAX_LINES = 2000;

export interface TerminalExecDetail {
  target: string;
  line: string;
  result: ExecResult;
}

export class SimTerminalElement extends HTMLElement {
  private execFn: ExecFn | null = null;
  readonly history = new CommandHistory();
  private t!: TerminalStrings;
  private busy = false;
  private wired = false;

  constructor() {
    super();
    // `exec` may have been set before this element was upgraded: move it from the instance onto the accessor.
    if (Object.prototype.hasOwnProperty.call(this, 'exec')) {
      const v = (this as unknown as { exec: ExecFn | null }).exec;
      delete (this as unknown as { exec?: unknown }).exec;
      this.execFn = v;
    }
  }

  /** Runs a command; set by whoever owns the cluster (null: not connected). */
  get exec(): ExecFn | null {
    return this.execFn;
  }
  set exec(f: ExecFn | null) {
    this.execFn = f;
  }

  private get log(): HTMLElement {
    return this.querySelector('.term-log')!;
  }
  private get input(): HTMLInputElement {
    return this.querySelector('.term-input')!;
  }
  private get select(): HTMLSelectElement {
    return this.querySelector('.term-target')!;
  }

  /** The selected target id ('node/node-1', 'pod/default/web', a host name). */
  get target(): string {
    return this.select.value || this.dataset.target || '';
  }

  connectedCallback(): void {
    if (this.wired) return;
    this.wired = true;
    this.t = terminalStrings(viewLang(this.dataset.lang));
    if (!this.exec && this.dataset.demo) this.exec = lazyDemoExec(this.dataset.demo);
    this.select.addEventListener('change', () => this.updatePrompt());
    this.querySelector('.term-clear')!.addEventListener('click', () => {
      this.clear();
      this.input.focus();
    });
    this.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run(this.input.value);
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowUp' && !e.altKey && !e.shiftKey) {
      const v = this.history.prev(this.input.value);
      if (v !== null) this.setLine(v);
      e.preventDefault();
    } else if (e.key === 'ArrowDown' && !e.altKey && !e.shiftKey) {
      const v = this.history.next();
      if (v !== null) this.setLine(v);
      e.preventDefault();
    } else if ((e.key === 'l' || e.key === 'L') && e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      this.clear();
    } else if ((e.key === 'c' || e.key === 'C') && e.ctrlKey && !e.altKey && !e.metaKey && this.input.selectionStart === this.input.selectionEnd) {
      e.preventDefault();
      this.print(`${promptFor(this.target)} ${this.input.value}^C`, 'term-cmd');
      this.setLine('');
    }
  }

  private setLine(v: string): void {
    this.input.value = v;
    this.input.setSelectionRange(v.length, v.length);
  }

  private updatePrompt(): void {
    const target = this.target;
    this.querySelector('.term-ps1')!.textContent = promptFor(target);
    const label = [...this.select.options].find((o) => o.value === target)?.textContent ?? target;
    this.querySelector('.term-sr')!.textContent = this.t.command(label);
  }

  /** Replaces the targets (e.g. after a run built a new cluster); keeps the selection when it still exists. */
  setTargets(targets: readonly TerminalTarget[], selected?: string): void {
    const keep = selected ?? this.target;
    this.select.replaceChildren(
      ...targets.map((x) => {
        const o = document.createElement('option');
        o.value = x.id;
        o.textContent = x.label;
        return o;
      }),
    );
    this.select.disabled = targets.length === 0;
    if (targets.some((x) => x.id === keep)) this.select.value = keep;
    this.updatePrompt();
  }

  clear(): void {
    this.log.replaceChildren();
  }

  private print(text: string, cls: string): void {
    const lines = text.replace(/\n$/, '').split('\n');
    const frag = document.createDocumentFragment();
    for (const line of lines) {
      const div = document.createElement('div');
      div.className = cls;
      div.textContent = line;
      frag.appendChild(div);
    }
    this.log.appendChild(frag);
    const extra = this.log.childElementCount - MAX_LINES;
    for (let i = 0; i < extra; i++) this.log.firstElementChild?.remove();
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Runs `line` on the selected target as if typed; resolves with the result (null for an empty line). */
  async run(line: string): Promise<ExecResult | null> {
    if (this.busy) return null;
    const target = this.target;
    this.print(`${promptFor(target)} ${line}`, 'term-cmd');
    this.history.push(line);
    this.setLine('');
    if (!line.trim()) return null;
    if (!this.exec) {
      this.print(this.t.notConnected, 'term-err');
      return null;
    }
    this.busy = true;
    this.log.setAttribute('aria-busy', 'true');
    this.input.readOnly = true;
    let result: ExecResult;
    try {
      result = await this.exec(target, line);
    } catch (err) {
      result = { stdout: '', stderr: `${this.t.failed(err instanceof Error ? err.message : String(err))}\n`, code: 1 };
    } finally {
      this.busy = false;
      this.input.readOnly = false;
      this.log.removeAttribute('aria-busy');
    }
    if (result.stdout) this.print(result.stdout, 'term-out');
    if (result.stderr) this.print(result.stderr, 'term-err');
    this.dispatchEvent(new CustomEvent<TerminalExecDetail>('terminal-exec', { detail: { target, line, result }, bubbles: true }));
    return result;
  }
}

/** The demo worker is loaded on the first command only. */
function lazyDemoExec(json: string): ExecFn {
  let exec: Promise<ExecFn> | null = null;
  return async (target, line) => {
    exec ??= import('./demo-exec').then((m) => m.demoExec(JSON.parse(json)));
    return (await exec)(target, line);
  };
}

if (!customElements.get('sim-terminal')) customElements.define('sim-terminal', SimTerminalElement);

