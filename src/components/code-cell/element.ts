// <code-cell>: the behaviour behind CodeCell.astro. This module loads when the cell comes near the viewport
// (islands/lazy.ts); the editor (monaco-setup.ts, several MB) loads on the first click or focus inside the code,
// and the runner (src/lab/runner.ts with sucrase, ~200 KB) with its sandbox once the learner acts on the page
// and the browser is idle (prewarm.ts), at the latest on the first Run or editor activation.
//
// Output is built with textContent only: nothing a cell prints is ever parsed as HTML.
// Edits are saved per cell id in the progress store (src/lab/progress.ts, debounced) and restored on the next
// visit, with a note.
//
// For a lab (src/components/lab/element.ts) the cell also offers: getCode(), showCode() to put code in the cell
// without saving it (a shared link, the solution) until the learner edits or runs it ('cell-adopt' then fires),
// and run(runner) to run the code another way (Check: the code plus the lab's checks).
//
// Not modelled: several editors sharing code.

import type { EditorHandle } from './monaco-setup';
import type { RunOptions, RunResult } from '../../lab/runner';
import { browserProgress } from '../../lab/progress';
import { debounce, type Debounced } from '../../lab/storage';
import { fill, type CellStrings } from './strings';
import { prewarmRunner } from './prewarm';

const SAVE_DELAY_MS = 400;

/** Runs a cell's code: runCell by default; a lab's Check runs the code and its checks. */
export type CellRunner = (code: string, opts: RunOptions) => Promise<RunResult>;

class CodeCellElement extends HTMLElement {
  private t!: CellStrings;
  private starter = '';
  private code = '';
  private editor: EditorHandle | null = null;
  private loading: Promise<EditorHandle | null> | null = null;
  private running = false;
  private saver!: Debounced<string>;
  private readonly store = browserProgress();
  /** Code shown by showCode() and not saved yet: it becomes the learner's on the first edit or run. */
  private unadopted = false;
  /** Set while showCode() replaces the editor's text, so that change is not taken for an edit. */
  private replacing = false;

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
    this.saver = debounce((code) => this.store.saveCode(this.cellId, this.starter, code), SAVE_DELAY_MS);

    const restored = this.store.code(this.cellId, this.starter);
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
    // Focus may have reached the code before this element was defined (islands/lazy.ts loads it on focus).
    if (host.contains(document.activeElement)) activate();
    prewarmRunner();
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
            if (this.replacing) return;
            this.adopt();
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
    this.store.clearCode(this.cellId);
    this.unadopted = false;
    this.replaceCode(this.starter);
    this.q('.cc-restored').hidden = true;
    this.setStatus(this.t.resetDone);
    this.dispatchEvent(new CustomEvent('cell-reset', { bubbles: true }));
  }

  /** The code in the cell now (the editor's text once it is loaded). */
  getCode(): string {
    return this.currentCode();
  }

  /** The starting code the page was built with. */
  getStarter(): string {
    return this.starter;
  }

  private replaceCode(code: string): void {
    this.code = code;
    if (this.editor) {
      this.replacing = true;
      try {
        this.editor.replaceAll(code); // one undoable edit: Ctrl+Z brings the previous text back
      } finally {
        this.replacing = false;
      }
    } else this.showPlain(code === this.starter ? null : code); // the starter keeps its build-time highlighting
  }

  /**
   * Shows `code` without saving it: the saved code stays as it was until the learner edits or runs (then the
   * shown code is saved and 'cell-adopt' fires). Used for shared links and the lab's solution.
   */
  showCode(code: string): void {
    this.saver.cancel();
    this.replaceCode(code);
    this.unadopted = true;
    this.q('.cc-restored').hidden = true;
  }

  /** Puts the saved code (or the starter) back, dropping code shown by showCode(). */
  restoreSaved(): void {
    this.saver.cancel();
    this.unadopted = false;
    this.replaceCode(this.store.code(this.cellId, this.starter) ?? this.starter);
  }

  /** Code shown by showCode() that has not been edited or run yet. */
  get showingUnsaved(): boolean {
    return this.unadopted;
  }

  private adopt(): void {
    if (!this.unadopted) return;
    this.unadopted = false;
    this.dispatchEvent(new CustomEvent('cell-adopt', { bubbles: true }));
  }


  private line(text: string, cls: string): HTMLElement {
    const div = document.createElement('div');
    div.className = `cc-line ${cls}`;
    div.textContent = text; // never innerHTML: output is learner-controlled
    return div;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Runs the code (with `runner`, runCell by default) and shows its output. Resolves with the result, or null
   * when a run was already going or the runner failed. Running saves the code, shown code included.
   */
  async run(runner?: CellRunner, statusText?: string): Promise<RunResult | null> {
    if (this.running) return null;
    this.running = true;
    const out = this.q<HTMLElement>('.cc-output');
    const buttons = [...this.querySelectorAll<HTMLButtonElement>('.cc-bar button')];
    for (const b of buttons) if (b.dataset.busy !== undefined) b.setAttribute('aria-disabled', 'true');
    const runButton = this.q<HTMLButtonElement>('.cc-run');
    runButton.setAttribute('aria-disabled', 'true');
    out.replaceChildren();
    this.setStatus(statusText ?? this.t.running);
    const code = this.currentCode();
    if (this.unadopted) {
      this.store.saveCode(this.cellId, this.starter, code);
      this.adopt();
    }
    this.saver.flush();
    let result: RunResult | null = null;
    try {
      const exec: CellRunner = runner ?? (await import('../../lab/runner')).runCell;
      result = await exec(code, {
        lang: this.dataset.lang === 'js' ? 'js' : 'ts',
        timeoutMs: Number(this.dataset.timeout) || 2000,
        onLog: (l) => out.append(this.line(l.text, `cc-${l.level}`)),
      });
    } catch (err) {
      out.append(this.line(fill(this.t.error, { message: String(err) }), 'cc-error'));
      this.setStatus('');
    }
    if (result) this.render(result, out);
    this.running = false;
    runButton.removeAttribute('aria-disabled');
    for (const b of buttons) if (b.dataset.busy !== undefined) b.removeAttribute('aria-disabled');
    return result;
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
