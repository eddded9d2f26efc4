// The learner's progress, in one versioned JSON document in localStorage: per lab (or code cell, by its id) the
// code when it differs from the starter, whether the lab is complete, how many hints were shown, whether the
// solution was shown, and when it last changed. Code cells, labs and the progress page all read and write it here.
//
//   localStorage['k8snet-labs:progress'] = { v: 2, entries: { 'pod-ip-cross-node': { code, completed, … } }, notices: [] }
//
// Versions. Version 1 was the code cell's own format: one key per cell, 'k8snet-labs:cell:<id>' = { v: 1, code }
// (src/lab/storage.ts). Reading the store moves any such keys into the document and removes them, so edits saved
// by the site before this store existed (or by a tab still running the old site) are not lost.
//
// Nothing is lost silently. Data this module cannot read (not JSON, a wrong shape, a version newer than this code
// knows, an entry with a bad field) is copied as it was under 'k8snet-labs:backup:<time>' before the document is
// rebuilt without it, and a notice is stored in the document until the learner dismisses it; the progress page
// lists the backups for download. Storage that is missing or full means "not saved", reported, never thrown.
//
// Every change reads the document again and writes it back at once, so two tabs working on different labs do not
// undo each other's changes (the last write for the same lab wins).
//
// Not modelled: syncing between devices, expiry of old entries, a size limit per document (the quota is the limit).

import { safeStore, type SafeStore } from './storage';

export const PROGRESS_KEY = 'k8snet-labs:progress';
export const BACKUP_PREFIX = 'k8snet-labs:backup:';
/** The version 1 per-cell keys (src/lab/storage.ts cellKey). */
export const LEGACY_CELL_PREFIX = 'k8snet-labs:cell:';
export const PROGRESS_VERSION = 2;
/** What an exported file says it is. */
export const EXPORT_FORMAT = 'k8snet-labs-progress';

const MAX_CODE = 200_000;
const MAX_HINTS = 1000;
const MAX_NOTICES = 20;
const MAX_BACKUPS = 10;
/** Lab and cell ids (CodeCell.astro's rule). */
const ID = /^[A-Za-z0-9][\w.-]{0,199}$/;

export interface Entry {
  /** The learner's code, when it differs from the starter. */
  code?: string;
  completed: boolean;
  /** When every check first passed (ms since the epoch). */
  completedAt?: number;
  /** Hints revealed so far (the first n). */
  hintsShown: number;
  solutionShown: boolean;
  /** Last change (ms since the epoch). */
  updatedAt: number;
}

export type NoticeKind = 'corrupted' | 'newer-version' | 'bad-entries' | 'legacy-unreadable';

export interface Notice {
  kind: NoticeKind;
  /** Where the unreadable data was copied; '' when it could not be (it is then left where it was, untouched). */
  backupKey: string;
  at: number;
  /** Entry ids that were dropped (bad-entries), or the legacy key (legacy-unreadable). */
  detail?: string;
}

export interface ProgressDoc {
  v: typeof PROGRESS_VERSION;
  entries: Record<string, Entry>;
  notices: Notice[];
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  v: typeof PROGRESS_VERSION;
  exportedAt: string;
  entries: Record<string, Entry>;
}

/** localStorage's shape, including enumeration (needed for legacy keys and backups). */
export interface Backend {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

type Obj = Record<string, unknown>;

function isRecord(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function emptyDoc(): ProgressDoc {
  return { v: PROGRESS_VERSION, entries: {}, notices: [] };
}

/** Why an entry is not valid, or null when it is. Unknown fields are allowed (and dropped by `cleanEntry`). */
export function entryProblem(id: string, v: unknown): string | null {
  if (!ID.test(id)) return `"${id}" is not a lab or cell id`;
  if (!isRecord(v)) return `${id}: not an object`;
  if (v.code !== undefined && (typeof v.code !== 'string' || v.code.length > MAX_CODE)) return `${id}.code: must be text (at most ${MAX_CODE} characters)`;
  if (typeof v.completed !== 'boolean') return `${id}.completed: must be true or false`;
  if (v.completedAt !== undefined && !isTime(v.completedAt)) return `${id}.completedAt: must be a time`;
  if (!Number.isSafeInteger(v.hintsShown) || (v.hintsShown as number) < 0 || (v.hintsShown as number) > MAX_HINTS) return `${id}.hintsShown: must be a whole number from 0`;
  if (typeof v.solutionShown !== 'boolean') return `${id}.solutionShown: must be true or false`;
  if (!isTime(v.updatedAt)) return `${id}.updatedAt: must be a time`;
  return null;
}

function cleanEntry(v: Obj): Entry {
  const e: Entry = { completed: v.completed as boolean, hintsShown: v.hintsShown as number, solutionShown: v.solutionShown as boolean, updatedAt: v.updatedAt as number };
  if (typeof v.code === 'string') e.code = v.code;
  if (isTime(v.completedAt)) e.completedAt = v.completedAt;
  return e;
}

function parseNotice(v: unknown): Notice | null {
  if (!isRecord(v)) return null;
  const kinds: NoticeKind[] = ['corrupted', 'newer-version', 'bad-entries', 'legacy-unreadable'];
  if (!kinds.includes(v.kind as NoticeKind) || typeof v.backupKey !== 'string' || !isTime(v.at)) return null;
  const n: Notice = { kind: v.kind as NoticeKind, backupKey: v.backupKey, at: v.at };
  if (typeof v.detail === 'string') n.detail = v.detail.slice(0, 2000);
  return n;
}

function isEmptyEntry(e: Entry): boolean {
  return e.code === undefined && !e.completed && e.hintsShown === 0 && !e.solutionShown;
}

export type ReadOutcome =
  | { kind: 'ok'; doc: ProgressDoc; badEntries: string[] }
  | { kind: 'absent' }
  | { kind: 'corrupted' }
  | { kind: 'newer-version'; version: number };

/** Parses the stored document. Bad entries are left out and named; the caller backs up the raw text. */
export function readDoc(raw: string | null): ReadOutcome {
  if (raw === null) return { kind: 'absent' };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { kind: 'corrupted' };
  }
  if (!isRecord(v) || !Number.isSafeInteger(v.v)) return { kind: 'corrupted' };
  if ((v.v as number) > PROGRESS_VERSION) return { kind: 'newer-version', version: v.v as number };
  if (v.v !== PROGRESS_VERSION || !isRecord(v.entries)) return { kind: 'corrupted' };
  const doc = emptyDoc();
  const badEntries: string[] = [];
  for (const [id, e] of Object.entries(v.entries)) {
    if (entryProblem(id, e) === null) doc.entries[id] = cleanEntry(e as Obj);
    else badEntries.push(id);
  }
  if (Array.isArray(v.notices)) for (const n of v.notices) {
    const p = parseNotice(n);
    if (p) doc.notices.push(p);
  }
  return { kind: 'ok', doc, badEntries };
}

/** The code of a version 1 cell key ({ v: 1, code }), or null when it is not one. */
export function readLegacyCell(raw: string): string | null {
  try {
    const v: unknown = JSON.parse(raw);
    if (isRecord(v) && v.v === 1 && typeof v.code === 'string' && v.code.length <= MAX_CODE) return v.code;
  } catch {
    /* unreadable */
  }
  return null;
}

export type ImportResult =
  | { ok: true; entries: Record<string, Entry>; count: number; completed: number }
  | { ok: false; reason: 'not-json' | 'not-progress' | 'newer-version' | 'invalid'; detail?: string };

/** Validates an exported file. Every entry must be valid: a file with a bad entry is refused as a whole. */
export function parseExport(text: string): ImportResult {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (!isRecord(v) || v.format !== EXPORT_FORMAT || !Number.isSafeInteger(v.v) || !isRecord(v.entries)) return { ok: false, reason: 'not-progress' };
  if ((v.v as number) > PROGRESS_VERSION) return { ok: false, reason: 'newer-version', detail: String(v.v) };
  if ((v.v as number) < PROGRESS_VERSION) return { ok: false, reason: 'not-progress' };
  const entries: Record<string, Entry> = {};
  for (const [id, e] of Object.entries(v.entries)) {
    const problem = entryProblem(id, e);
    if (problem) return { ok: false, reason: 'invalid', detail: problem };
    entries[id] = cleanEntry(e as Obj);
  }
  const list = Object.values(entries);
  return { ok: true, entries, count: list.length, completed: list.filter((e) => e.completed).length };
}

/** One lab's progress merged from two sources: completion and hints only grow, the newer code wins. */
export function mergeEntry(a: Entry | undefined, b: Entry): Entry {
  if (!a) return { ...b };
  const newer = b.updatedAt > a.updatedAt ? b : a;
  const out: Entry = {
    completed: a.completed || b.completed,
    hintsShown: Math.max(a.hintsShown, b.hintsShown),
    solutionShown: a.solutionShown || b.solutionShown,
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
  const code = newer.code ?? (newer === b ? a.code : b.code);
  if (code !== undefined) out.code = code;
  const times = [a.completedAt, b.completedAt].filter((t): t is number => t !== undefined);
  if (times.length) out.completedAt = Math.min(...times);
  return out;
}

export interface ProgressStoreOptions {
  backend?: () => Backend | null | undefined;
  now?: () => number;
}

export interface LoadReport {
  /** Notices stored and not yet dismissed (including any raised by this load). */
  notices: Notice[];
  /** false when a needed write (migration, recovery) could not be stored. */
  saved: boolean;
}

/** The store over a backend (the browser's localStorage by default). */
export class ProgressStore {
  private readonly safe: SafeStore;
  private readonly backend: () => Backend | null;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  private lastWriteOk = true;

  constructor(opts: ProgressStoreOptions = {}) {
    const get = opts.backend ?? (() => globalThis.localStorage as Backend | undefined);
    this.backend = () => {
      try {
        return get() ?? null;
      } catch {
        return null;
      }
    };
    this.safe = safeStore(this.backend);
    this.now = opts.now ?? (() => Date.now());
  }

  /** false when the last write failed (no storage, quota full). */
  get writable(): boolean {
    return this.lastWriteOk;
  }

  private keys(prefix: string): string[] {
    const out: string[] = [];
    try {
      const b = this.backend();
      if (!b) return out;
      for (let i = 0; i < b.length; i++) {
        const k = b.key(i);
        if (k !== null && k.startsWith(prefix)) out.push(k);
      }
    } catch {
      /* no storage */
    }
    return out.sort();
  }

  /** Copies unreadable data aside; null when even that cannot be stored (then nothing may overwrite it). */
  private backup(raw: string, label: string): string | null {
    // Keep the newest MAX_BACKUPS: older ones go first when there are too many.
    const existing = this.keys(BACKUP_PREFIX);
    for (const k of existing.slice(0, Math.max(0, existing.length - MAX_BACKUPS + 1))) this.safe.remove(k);
    const stamp = new Date(this.now()).toISOString();
    let key = `${BACKUP_PREFIX}${stamp}:${label}`;
    for (let n = 2; this.safe.read(key) !== null; n++) key = `${BACKUP_PREFIX}${stamp}:${label}-${n}`;
    return this.safe.write(key, raw) ? key : null;
  }

  private write(doc: ProgressDoc): boolean {
    const ok = this.safe.write(PROGRESS_KEY, JSON.stringify(doc));
    this.lastWriteOk = ok;
    return ok;
  }

  /**
   * Reads the document, moving version 1 cell keys in and backing up whatever cannot be read. Writes back only
   * when something changed. Never throws.
   */
  private readAll(): { doc: ProgressDoc; saved: boolean; locked: boolean } {
    const raw = this.safe.read(PROGRESS_KEY);
    const r = readDoc(raw);
    let doc: ProgressDoc;
    let changed = false;
    // true when unreadable data could not be copied aside: then the stored document must not be overwritten.
    let locked = false;
    const at = this.now();
    if (r.kind === 'ok') {
      doc = r.doc;
      if (r.badEntries.length) {
        const key = this.backup(raw!, 'entries');
        // Without a copy (storage full) the notice still shows, with no backup key, and nothing is overwritten.
        doc.notices.push({ kind: 'bad-entries', backupKey: key ?? '', at, detail: r.badEntries.join(', ') });
        if (!key) locked = true;
        changed = true;
      }
    } else {
      doc = emptyDoc();
      if (r.kind !== 'absent') {
        const key = this.backup(raw!, r.kind === 'newer-version' ? `v${r.version}` : 'corrupted');
        doc.notices.push({ kind: r.kind, backupKey: key ?? '', at });
        if (!key) locked = true;
        changed = true;
      }
    }
    // Version 1: one key per cell. A key that is still there was written after the last move (an old tab), so
    // it is the newest code for that cell.
    const legacy = this.keys(LEGACY_CELL_PREFIX);
    const movable: string[] = [];
    for (const k of legacy) {
      const id = k.slice(LEGACY_CELL_PREFIX.length);
      const value = this.safe.read(k);
      const code = value === null ? null : readLegacyCell(value);
      if (code !== null && ID.test(id)) {
        const e = doc.entries[id] ?? { completed: false, hintsShown: 0, solutionShown: false, updatedAt: at };
        doc.entries[id] = { ...e, code, updatedAt: at };
        movable.push(k);
      } else if (value !== null) {
        const key = this.backup(value, 'cell');
        if (key) {
          doc.notices.push({ kind: 'legacy-unreadable', backupKey: key, at, detail: k });
          movable.push(k);
        }
      }
      changed = true;
    }
    if (doc.notices.length > MAX_NOTICES) doc.notices = doc.notices.slice(-MAX_NOTICES);
    let saved = !locked;
    if (changed && !locked) {
      saved = this.write(doc);
      // Remove the version 1 keys only once their code (or a copy) is safely stored.
      if (saved) for (const k of movable) this.safe.remove(k);
    }
    return { doc, saved, locked };
  }

  /** Reads (and if needed migrates or recovers) the store; the page shows the notices it returns. */
  load(): LoadReport {
    const { doc, saved } = this.readAll();
    this.lastWriteOk = saved;
    return { notices: doc.notices, saved };
  }

  /** Every entry, by id. */
  all(): Record<string, Entry> {
    return this.readAll().doc.entries;
  }

  entry(id: string): Entry | undefined {
    return this.readAll().doc.entries[id];
  }

  private update(id: string, change: (e: Entry) => Entry): boolean {
    if (!ID.test(id)) return false;
    const { doc, locked } = this.readAll();
    if (locked) return (this.lastWriteOk = false);
    const before = doc.entries[id] ?? { completed: false, hintsShown: 0, solutionShown: false, updatedAt: 0 };
    const after = { ...change({ ...before }), updatedAt: this.now() };
    if (isEmptyEntry(after)) delete doc.entries[id];
    else doc.entries[id] = after;
    const ok = this.write(doc);
    this.emit();
    return ok;
  }

  /** The saved code for a cell, or null when there is none or it equals the starter. */
  code(id: string, starter: string): string | null {
    const code = this.entry(id)?.code;
    return code !== undefined && code !== starter ? code : null;
  }

  /** Saves a cell's code; code equal to the starter removes it. false when it could not be stored. */
  saveCode(id: string, starter: string, code: string): boolean {
    if (code.length > MAX_CODE) return false;
    return this.update(id, (e) => {
      if (code === starter) delete e.code;
      else e.code = code;
      return e;
    });
  }

  clearCode(id: string): boolean {
    return this.update(id, (e) => {
      delete e.code;
      return e;
    });
  }

  markCompleted(id: string): boolean {
    return this.update(id, (e) => ({ ...e, completed: true, completedAt: e.completedAt ?? this.now() }));
  }

  /** Hints only grow: showing hint 2 after a reload that showed 3 keeps 3. */
  showHints(id: string, count: number): boolean {
    return this.update(id, (e) => ({ ...e, hintsShown: Math.min(MAX_HINTS, Math.max(e.hintsShown, Math.floor(count))) }));
  }

  markSolutionShown(id: string): boolean {
    return this.update(id, (e) => ({ ...e, solutionShown: true }));
  }

  /** The whole store as a file to download. */
  exportFile(): ExportFile {
    return { format: EXPORT_FORMAT, v: PROGRESS_VERSION, exportedAt: new Date(this.now()).toISOString(), entries: this.all() };
  }

  /** Imports validated entries: 'merge' keeps what is here and adds to it, 'replace' starts from the file alone. */
  importEntries(entries: Record<string, Entry>, mode: 'merge' | 'replace'): boolean {
    const { doc, locked } = this.readAll();
    if (locked) return (this.lastWriteOk = false);
    if (mode === 'replace') doc.entries = {};
    for (const [id, e] of Object.entries(entries)) doc.entries[id] = mode === 'merge' ? mergeEntry(doc.entries[id], e) : { ...e };
    const ok = this.write(doc);
    this.emit();
    return ok;
  }

  /** Forgets all progress (backups of unreadable data stay until deleted on the progress page). */
  reset(): boolean {
    for (const k of this.keys(LEGACY_CELL_PREFIX)) this.safe.remove(k);
    this.safe.remove(PROGRESS_KEY);
    const ok = this.safe.read(PROGRESS_KEY) === null;
    this.lastWriteOk = ok;
    this.emit();
    return ok;
  }

  dismissNotices(): boolean {
    const { doc, locked } = this.readAll();
    if (locked || !doc.notices.length) return !locked;
    doc.notices = [];
    const ok = this.write(doc);
    this.emit();
    return ok;
  }

  /** Copies of unreadable data, newest last. */
  backups(): { key: string; size: number }[] {
    return this.keys(BACKUP_PREFIX).map((key) => ({ key, size: this.safe.read(key)?.length ?? 0 }));
  }

  readBackup(key: string): string | null {
    return key.startsWith(BACKUP_PREFIX) ? this.safe.read(key) : null;
  }

  deleteBackup(key: string): void {
    if (key.startsWith(BACKUP_PREFIX)) this.safe.remove(key);
    this.emit();
  }

  /** Called after every change made through this store, and when another tab changes it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lets changes from other tabs reach the subscribers (browser only). */
  watchOtherTabs(target: Pick<Window, 'addEventListener'> = globalThis as unknown as Window): void {
    target.addEventListener('storage', (e: StorageEvent) => {
      if (e.key === null || e.key === PROGRESS_KEY || e.key.startsWith(LEGACY_CELL_PREFIX)) this.emit();
    });
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (err) {
        console.error('progress listener failed', err);
      }
    }
  }
}

let shared: ProgressStore | null = null;

/** The page's store over localStorage (one per page, shared by every cell and lab on it). */
export function browserProgress(): ProgressStore {
  if (!shared) {
    shared = new ProgressStore();
    if (typeof addEventListener === 'function') shared.watchOtherTabs();
  }
  return shared;
}
