// <lab-progress>: the progress page (Progress.astro). Fills in each lab's state from the progress store and keeps
// it current (other tabs included); exports the store as a JSON file, imports one back (validated, then merged or
// replacing after a confirmation), resets it (after a confirmation), and lists copies of data the store could not
// read, for download.
//
// Not modelled: choosing which labs to import from a file (a file is taken whole).

import { browserProgress, parseExport, type Entry, type ImportResult } from '../../lab/progress';
import { fill } from '../code-cell/strings';
import type { ProgressStrings } from './strings';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

class LabProgressElement extends HTMLElement {
  private t!: ProgressStrings;
  private readonly store = browserProgress();
  private pendingImport: Record<string, Entry> | null = null;
  private trigger: HTMLElement | null = null;

  private q<T extends HTMLElement>(sel: string): T {
    return this.querySelector<T>(sel)!;
  }

  connectedCallback(): void {
    if (this.t) return;
    this.t = JSON.parse(this.dataset.strings ?? '{}') as ProgressStrings;
    this.q('.lp-export').addEventListener('click', () => this.exportProgress());
    const file = this.q<HTMLInputElement>('.lp-file');
    this.q('.lp-import').addEventListener('click', (e) => {
      this.trigger = e.currentTarget as HTMLElement;
      file.value = '';
      file.click();
    });
    file.addEventListener('change', () => void this.readImport(file));
    this.q('.lp-import-merge').addEventListener('click', () => this.applyImport('merge'));
    this.q('.lp-import-replace').addEventListener('click', () => this.applyImport('replace'));
    this.q('.lp-import-cancel').addEventListener('click', () => this.q<HTMLDialogElement>('.lp-import-dialog').close());
    this.q('.lp-reset').addEventListener('click', (e) => {
      this.trigger = e.currentTarget as HTMLElement;
      this.q<HTMLDialogElement>('.lp-reset-dialog').showModal();
    });
    this.q('.lp-reset-cancel').addEventListener('click', () => this.q<HTMLDialogElement>('.lp-reset-dialog').close());
    this.q('.lp-reset-yes').addEventListener('click', () => {
      const ok = this.store.reset();
      this.q<HTMLDialogElement>('.lp-reset-dialog').close();
      this.setStatus(ok ? this.t.resetDone : this.t.importFailed);
    });
    for (const d of this.querySelectorAll<HTMLDialogElement>('dialog')) {
      d.addEventListener('close', () => {
        this.pendingImport = null;
        this.trigger?.focus();
        this.trigger = null;
      });
    }
    this.store.subscribe(() => this.render());
    const report = this.store.load();
    this.renderNotices(report.saved);
    this.render();
  }

  private setStatus(text: string): void {
    this.q('.lp-status').textContent = text;
  }

  private render(): void {
    const t = this.t;
    const entries = this.store.all();
    const rows = [...this.querySelectorAll<HTMLElement>('li[data-lab]')];
    let done = 0;
    for (const row of rows) {
      const e = entries[row.dataset.lab!];
      const state = e?.completed ? 'done' : e && (e.code !== undefined || e.hintsShown > 0 || e.solutionShown) ? 'started' : 'none';
      if (state === 'done') done++;
      const badge = row.querySelector<HTMLElement>('.lp-state')!;
      badge.dataset.state = state;
      badge.querySelector('.lp-state-text')!.textContent = state === 'done' ? t.done : state === 'started' ? t.inProgress : t.notDone;
      const extra: string[] = [];
      if (e && e.hintsShown > 0) extra.push(fill(t.hintsUsed, { n: e.hintsShown }));
      if (e?.solutionShown) extra.push(t.solutionSeen);
      row.querySelector('.lp-extra')!.textContent = extra.join(' · ');
    }
    for (const section of this.querySelectorAll<HTMLElement>('.lp-chapter')) {
      const labs = [...section.querySelectorAll<HTMLElement>('li[data-lab]')];
      const n = labs.filter((li) => li.querySelector<HTMLElement>('.lp-state')!.dataset.state === 'done').length;
      section.querySelector('.lp-chapter-count')!.textContent = fill(t.labsDone, { done: n, total: labs.length });
    }
    this.q('.lp-summary').textContent = fill(t.summary, { done, total: rows.length });
    this.renderBackups();
  }

  private renderNotices(saved: boolean): void {
    const t = this.t;
    const box = this.q('.lp-notices');
    const notices = this.store.load().notices;
    const lines: string[] = [];
    if (!saved) lines.push(t.storeUnsaved);
    for (const n of notices) lines.push(`${fill(t.notices[n.kind], { detail: n.detail ?? '' })}${n.backupKey ? '' : ` ${t.noBackupNotice}`}`);
    if (!lines.length) {
      box.replaceChildren();
      return;
    }
    const div = document.createElement('div');
    div.className = 'lp-notice';
    const text = document.createElement('div');
    for (const line of lines) {
      const p = document.createElement('p');
      p.textContent = line;
      text.append(p);
    }
    div.append(text);
    if (notices.length) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'lp-btn';
      b.textContent = t.dismiss;
      b.addEventListener('click', () => {
        this.store.dismissNotices();
        this.renderNotices(this.store.writable);
      });
      div.append(b);
    }
    box.replaceChildren(div);
  }

  private renderBackups(): void {
    const t = this.t;
    const backups = this.store.backups();
    const section = this.q('.lp-backups');
    section.hidden = backups.length === 0;
    this.q('.lp-backup-list').replaceChildren(
      ...backups.map((b) => {
        const li = document.createElement('li');
        const code = document.createElement('code');
        code.textContent = b.key;
        const size = document.createElement('span');
        size.textContent = `(${b.size} B)`;
        const dl = document.createElement('button');
        dl.type = 'button';
        dl.className = 'lp-btn';
        dl.textContent = t.download;
        dl.setAttribute('aria-label', `${t.download} ${b.key}`);
        dl.addEventListener('click', () => {
          const raw = this.store.readBackup(b.key);
          if (raw !== null) download(`${b.key.replace(/[^\w.-]+/g, '_')}.txt`, raw);
        });
        const del = document.createElement('button');
        del.type = 'button';
        del.className = 'lp-btn';
        del.textContent = t.delete;
        del.setAttribute('aria-label', `${t.delete} ${b.key}`);
        del.addEventListener('click', () => this.store.deleteBackup(b.key));
        li.append(code, ' ', size, ' ', dl, ' ', del);
        return li;
      }),
    );
  }

  private exportProgress(): void {
    const file = this.store.exportFile();
    const name = `k8snet-labs-progress-${file.exportedAt.slice(0, 10)}.json`;
    download(name, JSON.stringify(file, null, 2));
    this.setStatus(fill(this.t.exported, { file: name }));
  }

  private async readImport(input: HTMLInputElement): Promise<void> {
    const f = input.files?.[0];
    if (!f) return;
    let r: ImportResult;
    try {
      r = f.size > 20_000_000 ? { ok: false, reason: 'not-progress' } : parseExport(await f.text());
    } catch {
      r = { ok: false, reason: 'not-json' };
    }
    const t = this.t;
    if (!r.ok) {
      const msg = { 'not-json': t.importNotJson, 'not-progress': t.importNotProgress, 'newer-version': t.importNewer, invalid: t.importInvalid }[r.reason];
      this.setStatus(fill(msg, { detail: r.detail ?? '' }));
      this.trigger?.focus();
      return;
    }
    this.q('#lp-import-body').textContent = fill(t.importBody, { count: r.count, completed: r.completed });
    this.q<HTMLDialogElement>('.lp-import-dialog').showModal();
    this.pendingImport = r.entries; // after showModal: a 'close' from an earlier dialog would clear it
  }

  private applyImport(mode: 'merge' | 'replace'): void {
    const entries = this.pendingImport;
    this.q<HTMLDialogElement>('.lp-import-dialog').close();
    if (!entries) return;
    const ok = this.store.importEntries(entries, mode);
    this.setStatus(ok ? this.t.imported : this.t.importFailed);
  }
}

if (!customElements.get('lab-progress')) customElements.define('lab-progress', LabProgressElement);
