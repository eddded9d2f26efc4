// <lab-view>: the behaviour behind Lab.astro. Loaded when the lab comes near the viewport, or at once for a share
// link (components/islands/lazy.ts); what a Run needs beyond that (runner and sandbox, the views, the check runner)
// loads once the learner acts on the page, at an idle moment, or at the latest on the first Run or Check.
//
// - Check runs the code with the lab attached (src/lab/lab-run.ts): the worker runs the checks on the live
//   cluster and the results are listed here, ✓/✗ with the message and, on failure, expected and found. When every
//   check passes the lab is marked complete in the progress store (src/lab/progress.ts).
// - After any run, the last trace of the exported cluster is summarised (verdict, addresses, path, explanation in
//   the page's language) and drawn by the visualization components (topology with the path, trace table), loaded
//   on demand; the 'lab-exports' event carries the run's exports for anything else on the page.
// - Hints are revealed one at a time; the solution is behind a confirmation dialog; both are remembered.
// - Copy link puts the code in the URL fragment (src/lab/share.ts). Opening such a link shows the code in the cell
//   with a notice and never runs it; the saved code is kept until the learner edits or runs the shown code.
//
// Everything that comes from a run is written with textContent: learner code controls it.
//
// Not modelled: several labs sharing one cell, grading on a server.

import type { CellRunner } from '../code-cell/element';
// A lab always holds a code cell: its element comes with the lab's (a share link loads the lab before the cell
// is anywhere near the viewport, and the lab waits for the cell).
import '../code-cell/element';
import type { RunResult } from '../../lab/runner';
import type { CheckRunData, ExecCommand, LabRequest } from '../../lab/protocol';
import type { NotRunReason, PendingCheck } from '../../lab/lab-run';
import { isClusterExport, lastTrace } from '../../lab/lab-run-summary';
import { browserProgress, type Notice } from '../../lab/progress';
import { decodeShare, encodeShare, sharedLabId } from '../../lab/share';
import { fill } from '../code-cell/strings';
import { whenLearnerActs } from '../islands/intent';
import type { LabStrings, PageLang } from './strings';

/** What this element uses of <code-cell> (src/components/code-cell/element.ts). */
interface CodeCellApi extends HTMLElement {
  getCode(): string;
  showCode(code: string): void;
  restoreSaved(): void;
  readonly showingUnsaved: boolean;
  readonly isRunning: boolean;
  run(runner?: CellRunner, statusText?: string): Promise<RunResult | null>;
}

/** The modules that draw a run (topology, trace table, terminal); loaded once, on the first run or ahead of it. */
let views: Promise<[typeof import('../topology/dom'), typeof import('../trace/dom'), typeof import('../terminal/dom'), typeof import('../terminal/targets')]> | null = null;
function loadViews(): NonNullable<typeof views> {
  views ??= Promise.all([import('../topology/dom'), import('../trace/dom'), import('../terminal/dom'), import('../terminal/targets')]);
  views.catch(() => (views = null)); // a failed load is tried again on the next run
  return views;
}

/** Runs `f` when the browser is idle (within two seconds). */
function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(f, { timeout: 2000 });
  else setTimeout(f, 200);
}

/** Resolves after the next frame has painted. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

let prewarmed = false;
/**
 * Loads what the first Run and Check of a lab need (the views, the check runner) once the learner acts on the page,
 * at an idle moment: loading a module mid-Run costs a frame on a long page, and the first results would wait for it.
 * The code cell warms the runner and its sandbox the same way (code-cell/prewarm.ts).
 */
function prewarmLab(): void {
  if (prewarmed) return;
  prewarmed = true;
  void whenLearnerActs().then(() =>
    whenIdle(() => {
      loadViews().catch(() => {});
      import('../../lab/lab-run').catch(() => {});
    }),
  );
}

class LabViewElement extends HTMLElement {
  private t!: LabStrings;
  private labLang: PageLang = 'en';
  private labId = '';
  private pending: PendingCheck[] = [];
  private hintsTotal = 0;
  private hintsShown = 0;
  private cell: CodeCellApi | null = null;
  private readonly store = browserProgress();
  /** What the shared-code notice is about: code from a link or the solution. */
  private shown: 'link' | 'solution' | null = null;
  private trigger: HTMLElement | null = null;
  /** Counts runs, so views of an older run that load late are not shown. */
  private viewRun = 0;
  /** The terminal's session: the code of the run it belongs to, and the commands typed since. */
  private session: { code: string; commands: ExecCommand[] } | null = null;

  private q<T extends HTMLElement>(sel: string): T {
    return this.querySelector<T>(sel)!;
  }

  connectedCallback(): void {
    if (this.t) return;
    this.t = JSON.parse(this.dataset.strings ?? '{}') as LabStrings;
    this.labLang = this.dataset.lang === 'zh-tw' ? 'zh-tw' : 'en';
    this.labId = this.dataset.labId ?? '';
    this.pending = JSON.parse(this.dataset.pending ?? '[]') as PendingCheck[];
    this.hintsTotal = Number(this.dataset.hints) || 0;

    const report = this.store.load();
    this.showStoreNotices(report.notices, report.saved);
    this.restoreProgress();

    this.q('.lab-check').addEventListener('click', () => void this.check());
    this.q('.lab-share').addEventListener('click', () => void this.copyLink());
    this.q('.lab-hint-next').addEventListener('click', () => this.nextHint());
    this.q('.lab-solution-show').addEventListener('click', (e) => this.openDialog(e.currentTarget as HTMLElement));
    this.q('.lab-dialog-no').addEventListener('click', () => this.closeDialog());
    this.q('.lab-dialog-yes').addEventListener('click', () => {
      this.closeDialog();
      this.revealSolution(true);
    });
    this.q('.lab-dialog').addEventListener('close', () => this.restoreFocus());
    this.q('.lab-solution-use').addEventListener('click', () => this.useSolution());
    this.q('.lab-back-to-mine').addEventListener('click', () => this.backToMine());
    this.q('.lab-store-dismiss').addEventListener('click', () => {
      this.store.dismissNotices();
      this.q('.lab-store-notice').hidden = true;
    });
    this.addEventListener('cell-run', (e) => this.showRun((e as CustomEvent<RunResult>).detail));
    this.addEventListener('cell-adopt', () => this.adopted());
    this.addEventListener('cell-reset', () => this.hideShownNotice());
    this.store.subscribe(() => this.restoreProgress());

    prewarmLab();
    void customElements.whenDefined('code-cell').then(() => {
      this.cell = this.querySelector('code-cell') as CodeCellApi | null;
      void this.openSharedLink();
      // A link to the page the learner is on only changes the fragment: no reload.
      addEventListener('hashchange', () => void this.openSharedLink());
    });
  }

  // ---- progress ------------------------------------------------------------------------------------------

  private restoreProgress(): void {
    const e = this.store.entry(this.labId);
    this.setCompleted(e?.completed === true, e?.completedAt);
    const n = Math.min(this.hintsTotal, e?.hintsShown ?? 0);
    if (n > this.hintsShown) this.showHints(n, false);
    if (e?.solutionShown) this.revealSolution(false);
  }

  private setCompleted(done: boolean, at?: number): void {
    const badge = this.q('.lab-state');
    badge.dataset.state = done ? 'done' : 'open';
    this.q('.lab-state-text').textContent = done ? this.t.completed : this.t.notCompleted;
    if (done && at) badge.title = fill(this.t.completedOn, { date: new Date(at).toLocaleDateString(this.labLang === 'zh-tw' ? 'zh-TW' : 'en') });
    else badge.removeAttribute('title');
  }

  private showStoreNotices(notices: Notice[], saved: boolean): void {
    const box = this.q('.lab-store-notice');
    const text = !saved ? this.t.storeUnsaved : notices.length ? this.t.storeNotice : '';
    this.q('.lab-store-text').textContent = text;
    box.hidden = text === '';
    this.q('.lab-store-dismiss').hidden = notices.length === 0;
  }

  // ---- check ---------------------------------------------------------------------------------------------

  private labRequest(): LabRequest {
    const req: LabRequest = { spec: JSON.parse(this.dataset.spec ?? '{}') as Record<string, unknown>, lang: this.labLang };
    if (this.dataset.checksJs !== undefined) req.checksJs = this.dataset.checksJs;
    return req;
  }

  async check(): Promise<void> {
    const cell = this.cell;
    if (!cell || cell.isRunning) return;
    const lab = this.labRequest();
    const runner: CellRunner = async (code, opts) => (await import('../../lab/lab-run')).runLabChecks(code, opts, lab);
    const summary = this.q('.lab-results-summary');
    summary.dataset.state = '';
    summary.textContent = this.t.checking;
    this.q('.lab-checks').replaceChildren();
    const r = await cell.run(runner, this.t.checking);
    if (!r) {
      summary.textContent = this.t.resultsEmpty;
      return;
    }
    const { checkResults, notRunReason } = await import('../../lab/lab-run');
    const why = notRunReason(r);
    const run = checkResults(r, this.pending, why ? this.reasonText(why) : '');
    this.showChecks(run, why ? this.reasonText(why) : null);
    if (run.passed) {
      this.store.markCompleted(this.labId);
      const e = this.store.entry(this.labId);
      this.setCompleted(true, e?.completedAt ?? Date.now());
    }
  }

  private reasonText(why: NotRunReason): string {
    const t = this.t;
    switch (why.kind) {
      case 'syntax':
        return why.line ? fill(t.notRunSyntax, { line: why.line }) + ` ${why.message}` : `${why.message}`;
      case 'runtime': {
        const at = why.line ? (this.labLang === 'zh-tw' ? `（第 ${why.line} 行）` : ` (line ${why.line})`) : '';
        return `${fill(t.notRunError, { at })} ${why.message}`;
      }
      case 'timeout':
        return fill(t.notRunTimeout, { limit: why.limit });
      case 'checks-timeout':
        return fill(t.checksTimeout, { limit: why.limit });
      case 'internal':
        return fill(t.notRunInternal, { message: why.message });
    }
  }

  private showChecks(run: CheckRunData, notRun: string | null): void {
    const t = this.t;
    const total = run.results.length;
    const passed = run.results.filter((r) => r.pass).length;
    const summary = this.q('.lab-results-summary');
    summary.dataset.state = run.passed ? 'pass' : 'fail';
    summary.textContent = notRun ? fill(t.notRun, { why: notRun }) : fill(run.passed ? t.allPass : t.somePass, { passed, total });
    const list = this.q('.lab-checks');
    list.replaceChildren(
      ...run.results.map((r) => {
        const li = document.createElement('li');
        li.dataset.pass = String(r.pass);
        li.dataset.checkId = r.id;
        const icon = document.createElement('span');
        icon.className = 'lab-check-icon';
        icon.setAttribute('aria-hidden', 'true');
        icon.textContent = r.pass ? '✓' : '✗';
        const msg = document.createElement('p');
        msg.className = 'lab-check-message';
        const label = document.createElement('span');
        label.className = 'sr-only';
        label.textContent = `${r.pass ? t.passLabel : t.failLabel}: `;
        msg.append(label, r.message);
        li.append(icon, msg);
        // When the code did not run, the reason is in the summary above; repeating it per check is noise.
        if (!r.pass && !notRun && (r.expected !== undefined || r.found !== undefined)) {
          const dl = document.createElement('dl');
          for (const [k, v] of [
            [t.expected, r.expected],
            [t.found, r.found],
          ] as const) {
            if (v === undefined) continue;
            const dt = document.createElement('dt');
            dt.textContent = k;
            const dd = document.createElement('dd');
            dd.textContent = v;
            dl.append(dt, dd);
          }
          li.append(dl);
        }
        return li;
      }),
    );
  }

  // ---- run results ---------------------------------------------------------------------------------------

  private showRun(r: RunResult): void {
    const exported = r.exports.default;
    // The terminal talks to the cluster of this run: a new session, on the code that was just run.
    this.session = this.cell ? { code: this.cell.getCode(), commands: [] } : null;
    this.dispatchEvent(new CustomEvent('lab-exports', { detail: { labId: this.labId, exports: r.exports, result: r }, bubbles: true }));
    const section = this.q('.lab-trace');
    const noCluster = this.q('.lab-no-cluster');
    const s = r.error || r.timedOut ? null : lastTrace(exported, this.labLang);
    section.hidden = s === null;
    if (!s) this.q('.lab-viz').replaceChildren();
    noCluster.hidden = s !== null || !!r.error || r.timedOut || exported !== undefined;
    if (!s) return;
    const t = this.t;
    this.q('.lab-trace-route').textContent = fill(t.traceFrom, { from: s.from, to: s.to, protocol: s.protocol });
    const verdict = this.q('.lab-verdict');
    verdict.dataset.verdict = s.verdict;
    verdict.textContent = fill(t.verdictLine, { verdict: s.reason && s.reason !== 'OK' ? `${s.verdict} (${s.reason})` : s.verdict });
    const facts = this.q('.lab-trace-facts');
    facts.replaceChildren();
    for (const [k, v] of [
      [t.sourceSeen, s.sourceSeen],
      [t.dnat, s.dnat],
      [t.deliveredTo, s.deliveredTo],
    ] as const) {
      if (!v) continue;
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      facts.append(dt, dd);
    }
    const path = this.q('.lab-path');
    path.replaceChildren(
      ...s.path.map((p) => {
        const li = document.createElement('li');
        li.textContent = p;
        return li;
      }),
    );
    this.q('.lab-path-wrap').hidden = s.path.length === 0;
    this.q('.lab-explain-text').textContent = s.explain;
    this.q('.lab-explain').hidden = s.explain === '';
    void this.showViews(exported);
  }

  /**
   * The visualization components for the run's cluster: the topology with the last trace's path, and the trace
   * table, linked so stepping through the hops lights up the picture. Loaded on the first run that has a trace.
   * The exports come from learner code: a shape the views cannot draw leaves them out, nothing more.
   */
  private async showViews(exported: unknown): Promise<void> {
    const slot = this.q('.lab-viz');
    const run = ++this.viewRun;
    if (!isClusterExport(exported)) {
      slot.replaceChildren();
      return;
    }
    const traces = exported.traces as unknown[];
    const last = traces[traces.length - 1] as { path?: unknown } | undefined;
    try {
      const [{ renderTopologyView }, { renderTraceView }, { renderTerminal }, { targetsFromTopology }] = await loadViews();
      // The run's output, checks and summary paint first; the views (hundreds of elements) in the frame after.
      await afterPaint();
      if (run !== this.viewRun) return; // a newer run is being shown
      const link = `lab-${this.labId}`;
      const topo = document.createElement('div');
      const trace = document.createElement('div');
      topo.className = 'lab-viz-topology';
      trace.className = 'lab-viz-trace';
      const path = Array.isArray(last?.path) ? (last.path.filter((p) => typeof p === 'string') as string[]) : undefined;
      renderTopologyView(topo, exported.topology as Parameters<typeof renderTopologyView>[1], {
        lang: this.labLang,
        link,
        hideNamespaces: ['kube-system'],
        ...(path ? { path } : {}),
      });
      // The table is long (every hop, every decision): behind a disclosure, so the check results stay in reach.
      const table = document.createElement('details');
      table.className = 'lab-viz-table';
      const summary = document.createElement('summary');
      summary.textContent = this.t.traceTable;
      table.append(summary, trace);
      if (last) {
        // The largest view: built when the learner opens it (the summary's click comes before the details open)
        // or at the next idle moment, whichever is first, so it never delays the run's own results.
        let built = false;
        const build = () => {
          if (built || run !== this.viewRun) return;
          built = true;
          renderTraceView(trace, last as Parameters<typeof renderTraceView>[1], this.labLang, { link });
        };
        summary.addEventListener('click', build);
        whenIdle(build);
      }
      const term = document.createElement('div');
      term.className = 'lab-viz-terminal';
      renderTerminal(term, {
        lang: this.labLang,
        targets: targetsFromTopology(exported.topology as Parameters<typeof targetsFromTopology>[0], this.labLang),
        title: this.t.terminal,
        exec: (target, line) => this.terminalCommand(target, line),
      });
      slot.replaceChildren(topo, term, ...(last ? [table] : []));
    } catch (err) {
      console.warn('lab: the trace views could not show this run', err);
      if (run === this.viewRun) slot.replaceChildren();
    }
  }

  /** One terminal command, in a fresh sandbox run of the session's code with the earlier commands replayed. */
  private async terminalCommand(target: string, line: string): Promise<{ stdout: string; stderr: string; code: number }> {
    const session = this.session;
    if (!session) return { stdout: '', stderr: `${this.t.noCluster}\n`, code: 1 };
    const { runLabCommand } = await import('../../lab/lab-run');
    const timeoutMs = Number(this.querySelector<HTMLElement>('code-cell')?.dataset.timeout) || 5000;
    const commands = [...session.commands, { target, line }].slice(-200);
    const out = await runLabCommand(session.code, commands, timeoutMs);
    if (session === this.session) session.commands = commands;
    return out;
  }

  // ---- hints ---------------------------------------------------------------------------------------------

  private showHints(n: number, focusNew: boolean): void {
    const items = [...this.querySelectorAll<HTMLElement>('.lab-hint')];
    items.forEach((li, i) => (li.hidden = i >= n));
    this.hintsShown = n;
    const next = this.q<HTMLButtonElement>('.lab-hint-next');
    const done = n >= this.hintsTotal;
    const hadFocus = document.activeElement === next;
    next.hidden = done;
    this.q('.lab-hint-done').hidden = !done || this.hintsTotal === 0;
    if (!done) next.textContent = fill(this.t.showHint, { n: n + 1, total: this.hintsTotal });
    // The button disappears after the last hint: focus goes to that hint instead of the page's top.
    if (done && (focusNew || hadFocus) && n > 0) items[n - 1]?.focus();
  }

  private nextHint(): void {
    const n = Math.min(this.hintsTotal, this.hintsShown + 1);
    this.showHints(n, false);
    this.store.showHints(this.labId, n);
  }

  // ---- solution ------------------------------------------------------------------------------------------

  private openDialog(trigger: HTMLElement): void {
    this.trigger = trigger;
    const dialog = this.q<HTMLDialogElement>('.lab-dialog');
    dialog.showModal(); // modal: focus moves in (to the autofocus button), Esc closes, the page is inert
  }

  private closeDialog(): void {
    this.q<HTMLDialogElement>('.lab-dialog').close();
  }

  private restoreFocus(): void {
    const body = this.q('.lab-solution-body');
    // After "show", the trigger is gone: focus the solution itself; after "keep trying", back to the trigger.
    if (!body.hidden) body.focus();
    else this.trigger?.focus();
    this.trigger = null;
  }

  private revealSolution(record: boolean): void {
    // The highlighted solution is kept in a <template> until now (Lab.astro): it only costs when someone reads it.
    const code = this.querySelector<HTMLTemplateElement>('template.lab-solution-code');
    code?.replaceWith(document.importNode(code.content, true));
    this.q('.lab-solution-body').hidden = false;
    this.q('.lab-solution-show').hidden = true;
    if (record) this.store.markSolutionShown(this.labId);
  }

  private useSolution(): void {
    if (!this.cell) return;
    this.cell.showCode(this.dataset.solution ?? '');
    this.showShownNotice('solution');
  }

  // ---- code shown without saving (shared links, the solution) -------------------------------------------

  private showShownNotice(kind: 'link' | 'solution', text?: string): void {
    this.shown = kind;
    this.q('.lab-shared-notice').hidden = false;
    this.q('.lab-shared-text').textContent = text ?? (kind === 'link' ? this.t.sharedNotice : this.t.solutionInEditor);
    this.q('.lab-back-to-mine').hidden = false;
  }

  private hideShownNotice(): void {
    this.shown = null;
    this.q('.lab-shared-notice').hidden = true;
    this.q('.lab-shared-text').textContent = '';
    if (sharedLabId(location.hash) === this.labId) history.replaceState(history.state, '', location.pathname + location.search);
  }

  /** The learner edited or ran the shown code: it is theirs now (the cell saved it). */
  private adopted(): void {
    if (this.shown) this.hideShownNotice();
  }

  private backToMine(): void {
    this.cell?.restoreSaved();
    this.hideShownNotice();
    this.q<HTMLElement>('.lab-check').focus();
  }

  private async openSharedLink(): Promise<void> {
    if (!this.cell || sharedLabId(location.hash) !== this.labId) return;
    const r = await decodeShare(location.hash);
    if (!r) return;
    this.scrollIntoView({ block: 'start' });
    if (!r.ok) {
      this.q('.lab-shared-notice').hidden = false;
      this.q('.lab-shared-text').textContent = r.reason === 'unsupported' ? this.t.sharedUnsupported : this.t.sharedBad;
      this.q('.lab-back-to-mine').hidden = true;
      return;
    }
    if (r.shared.code === this.cell.getCode()) {
      history.replaceState(history.state, '', location.pathname + location.search);
      return;
    }
    this.cell.showCode(r.shared.code);
    this.showShownNotice('link');
  }

  private async copyLink(): Promise<void> {
    const status = this.q('.lab-share-status');
    const fallback = this.q('.lab-share-fallback');
    const code = this.cell?.getCode() ?? '';
    let fragment: string;
    try {
      fragment = await encodeShare(this.labId, code);
    } catch {
      status.textContent = this.t.linkTooLong;
      return;
    }
    const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
    try {
      await navigator.clipboard.writeText(url);
      fallback.hidden = true;
      status.textContent = this.t.linkCopied;
    } catch {
      // No clipboard access (permissions, insecure context): show the link to copy by hand.
      const input = this.q<HTMLInputElement>('.lab-share-input');
      input.value = url;
      fallback.hidden = false;
      status.textContent = '';
      input.focus();
      input.select();
    }
  }
}

if (!customElements.get('lab-view')) customElements.define('lab-view', LabViewElement);
