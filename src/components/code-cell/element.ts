// <code-cell>: the behaviour behind CodeCell.astro. This file is the only part loaded with the page; the editor
// (monaco-setup.ts, several MB) loads on the first click or focus inside the code, and the runner (src/lab/
// runner.ts with sucrase, ~200 KB) on the first Run or editor activation.
//
// Output is built with textContent only: nothing a cell prints is ever parsed as HTML.
// Edits are saved per cell id in localStorage (debounced) and restored on the next visit, with a note.
//
// Not modelled: running checks for a lab (the lab UI will read RunResult.exports), several editors sharing code.

import type { EditorHandle } from './monaco-setup';
import type { RunResult } from '../../lab/runner';
import { browserStore, clearEdit, debounce, loadEdit, saveEdit, type Debounced } from '../../lab/storage';
import { fill, type CellStrings } from './strings';

const SAVE_DELAY_MS = 400;

class CodeCellElement extends HTMLElement {
  private t!: CellStrings;
  private starter = '';
  private code = '';
  private editor: EditorHandle | null = null;
  private loading: Promise<EditorHandle | null> | null = null;
  private running = false;
  private saver!: Debounced<string>;
  private readonly store = browserStore();

  private get cellId(): string {
    return this.dataset.cellId ?? '';
  }

  private q<T extends HTMLElement>(sel: string): T {
    return this.querySelector<T>(sel)!;
  }

  connectedCallback(): void {
    if (this.t) return; // moved in the DOM, already set up
    this.t = JSON.parse(this.dataset.strings ?? '{}') as CellStrings;
    this.starter = this.dataset.code ?? '';
    this.code = this.starter;
    this.saver = debounce((code) => saveEdit(this.store, this.cellId, this.starter, code), SAVE_DELAY_MS);

    const restored = loadEdit(this.store, this.cellId, this.starter);
    if (restored !== null) {
      this.code = restored;
      this.showPlain(restored);
      this.q('.cc-restored').hidden = false;
    }

    const host = this.q<HTMLElement>('.cc-editor');
    const activate = () => void this.activate();
    host.addEventListener('pointerdown', activate, { once: true });
    host.addEventListener('focusin', activate, { once: true });
    this.q('.cc-run').addEventListener('click', () => void this.run());
    this.q('.cc-reset').addEventListener('click', () => this.reset());
    this.q('.cc-restored-reset').addEventListener('click', () => this.reset());
    this.addEventListener('keydown', (e) => {
      // Inside the editor Monaco handles Ctrl/Cmd+Enter itself; this covers the static code and the buttons.
      const inEditor = e.target instanceof Element && e.target.closest('.cc-monaco') !== null;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !inEditor) {
        e.preventDefault();
        void this.run();
      }
    });
    addEventListener('pagehide', () => this.saver.flush());
  }

  /**
   * Static code without highlighting, shown instead of the highlighted starter for restored edits until the
   * editor loads. The highlighted block is hidden, never removed: the first Expressive Code block on a page
   * carries the <link> to its stylesheet, and removing it would unstyle every other cell.
   */
  private showPlain(code: string | null): void {
    const plain = this.q<HTMLElement>('.cc-plain');
    if (code !== null) plain.querySelector('code')!.textContent = code;
    plain.hidden = code === null;
    this.q<HTMLElement>('.cc-static').hidden = code !== null;
  }

  private currentCode(): string {
    return this.editor ? this.editor.getValue() : this.code;
  }

  activate(): Promise<EditorHandle | null> {
    if (!this.loading) {
      const host = this.q<HTMLElement>('.cc-editor');
      const mount = this.q<HTMLElement>('.cc-monaco');
      host.style.minHeight = `${host.offsetHeight}px`; // no jump while Monaco loads
      this.setStatus(this.t.loadingEditor);
      void import('../../lab/runner').then((m) => m.warmUp()); // sandbox ready by the first Run
      this.loading = import('./monaco-setup')
        .then((m) => {
          // Swap in the same task as creating the editor: no frame paints the empty mount.
          this.q<HTMLElement>('.cc-static').hidden = true;
          this.q<HTMLElement>('.cc-plain').hidden = true;
          mount.hidden = false;
          const editor = m.createEditor(mount, {
            code: this.currentCode(),
            lang: this.dataset.lang === 'js' ? 'js' : 'ts',
            ariaLabel: `${this.t.editorLabel}. ${this.t.hint}`,
            onRun: () => void this.run(),
          });
          host.style.minHeight = '';
          // Monaco's own input is the focus stop and carries the label from here on.
          host.removeAttribute('role');
          host.removeAttribute('aria-label');
          host.removeAttribute('aria-describedby');
          host.removeAttribute('tabindex');
          editor.onChange((code) => {
            this.code = code;
            this.saver.schedule(code);
          });
          this.editor = editor;
          if (!this.running) this.setStatus('');
          if (this.contains(document.activeElement) || document.activeElement === document.body) editor.focus();
          return editor;
        })
        .catch((err: unknown) => {
          console.error('code cell: the editor failed to load', err);
          mount.hidden = true;
          host.style.minHeight = '';
          this.showPlain(this.code === this.starter ? null : this.code);
          this.setStatus(this.t.editorFailed);
          return null;
        });
    }
    return this.loading;
  }

  private setStatus(text: string): void {
    this.q('.cc-status').textContent = text;
  }

  reset(): void {
    this.saver.cancel();
    clearEdit(this.store, this.cellId);
    this.code = this.starter;
    if (this.editor) this.editor.replaceAll(this.starter);
    else this.showPlain(null); // back to the build-time highlighted starter
    this.q('.cc-restored').hidden = true;
    this.setStatus(this.t.resetDone);
  }


  private line(text: string, cls: string): HTMLElement {
    const div = document.createElement('div');
    div.className = `cc-line ${cls}`;
    div.textContent = text; // never innerHTML: output is learner-controlled
    return div;
  }

  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const out = this.q<HTMLElement>('.cc-output');
    const runButton = this.q<HTMLButtonElement>('.cc-run');
    runButton.setAttribute('aria-disabled', 'true');
    out.replaceChildren();
    this.setStatus(this.t.running);
    this.saver.flush();
    const code = this.currentCode();
    let result: RunResult;
    try {
      const { runCell } = await import('../../lab/runner');
      result = await runCell(code, {
        lang: this.dataset.lang === 'js' ? 'js' : 'ts',
        timeoutMs: Number(this.dataset.timeout) || 2000,
        onLog: (l) => out.append(this.line(l.text, `cc-${l.level}`)),
      });
    } catch (err) {
      out.append(this.line(fill(this.t.error, { message: String(err) }), 'cc-error'));
      this.setStatus('');
      this.running = false;
      runButton.removeAttribute('aria-disabled');
      return;
    }
    this.render(result, out);
    this.running = false;
    runButton.removeAttribute('aria-disabled');
  }

  private render(r: RunResult, out: HTMLElement): void {
    const t = this.t;
    if (r.truncated) {
      out.append(
        this.line(
          fill(t.truncated, { lines: r.limits.maxLines, kb: Math.round(r.limits.maxBytes / 1000), dropped: r.droppedLines }),
          'cc-note',
        ),
      );
    }
    if (r.error) {
      const e = r.error;
      const template =
        e.kind === 'syntax' ? (e.line ? t.syntaxErrorAt : t.syntaxError) : e.line ? t.errorAt : t.error;
      out.append(this.line(fill(template, { line: e.line ?? '', message: e.message }), 'cc-error'));
    }
    // r.skippedExports is not shown: `export default cluster` is the normal way to hand a lab its cluster, and the
    // lab UI (not a note under every run) decides what to say about exports.
    if (r.timedOut) out.append(this.line(fill(t.timedOut, { limit: r.timeoutMs }), 'cc-error'));
    if (!out.hasChildNodes()) out.append(this.line(t.noOutput, 'cc-note'));
    const ms = Math.round(r.durationMs);
    this.setStatus(
      r.timedOut
        ? fill(t.timedOut, { limit: r.timeoutMs })
        : r.error?.kind === 'syntax'
          ? t.notRun
          : r.error
            ? fill(t.failed, { ms })
            : fill(t.done, { ms }),
    );
    this.dispatchEvent(new CustomEvent('cell-run', { detail: r, bubbles: true }));
  }
}

if (!customElements.get('code-cell')) customElements.define('code-cell', CodeCellElement);
