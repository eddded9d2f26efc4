// The progress store (src/lab/progress.ts): one versioned document for code, completion and hints; version 1
// cell keys moved in; unreadable data kept as a copy with a notice, never dropped silently; export, import
// (validated, merge or replace), reset; storage failures reported, never thrown.
import { describe, expect, it } from 'vitest';
import {
  BACKUP_PREFIX,
  EXPORT_FORMAT,
  LEGACY_CELL_PREFIX,
  PROGRESS_KEY,
  ProgressStore,
  mergeEntry,
  parseExport,
  readDoc,
  type Backend,
  type Entry,
} from '../../src/lab/progress';

/** localStorage's behaviour, in memory: insertion order for key(i), optional quota in characters. */
class MemoryStorage implements Backend {
  readonly data = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length() {
    return this.data.size;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.data].reduce((n, [key, val]) => n + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + v.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

function setup(mem = new MemoryStorage()) {
  let t = 1_000;
  const store = new ProgressStore({ backend: () => mem, now: () => t });
  return { mem, store, tick: (ms = 1) => (t += ms), doc: () => JSON.parse(mem.getItem(PROGRESS_KEY) ?? 'null') };
}

const STARTER = "console.log('start');";

describe('code per cell', () => {
  it('saves, reads back and clears code; code equal to the starter is not kept', () => {
    const { store, doc } = setup();
    expect(store.code('a', STARTER)).toBeNull();
    expect(store.saveCode('a', STARTER, 'x = 1')).toBe(true);
    expect(store.code('a', STARTER)).toBe('x = 1');
    expect(doc()).toEqual({ v: 2, entries: { a: { code: 'x = 1', completed: false, hintsShown: 0, solutionShown: false, updatedAt: 1000 } }, notices: [] });
    store.saveCode('a', STARTER, STARTER);
    expect(store.code('a', STARTER)).toBeNull();
    // Nothing else was recorded for 'a', so the entry itself goes.
    expect(doc().entries).toEqual({});
  });

  it('clearing code keeps the rest of a lab\'s progress', () => {
    const { store } = setup();
    store.saveCode('lab-a', STARTER, 'mine');
    store.markCompleted('lab-a');
    store.clearCode('lab-a');
    expect(store.entry('lab-a')).toMatchObject({ completed: true });
    expect(store.entry('lab-a')?.code).toBeUndefined();
  });

  it('refuses ids that are not cell ids', () => {
    const { store, mem } = setup();
    expect(store.saveCode('../evil', STARTER, 'x')).toBe(false);
    expect(store.saveCode('', STARTER, 'x')).toBe(false);
    expect(mem.data.size).toBe(0);
  });
});

describe('lab progress', () => {
  it('records completion once, with the time of the first pass', () => {
    const { store, tick } = setup();
    store.markCompleted('lab-a');
    tick(500);
    store.markCompleted('lab-a');
    expect(store.entry('lab-a')).toMatchObject({ completed: true, completedAt: 1000, updatedAt: 1500 });
  });

  it('hints only grow', () => {
    const { store } = setup();
    store.showHints('lab-a', 2);
    store.showHints('lab-a', 1);
    expect(store.entry('lab-a')?.hintsShown).toBe(2);
    store.showHints('lab-a', 3);
    expect(store.entry('lab-a')?.hintsShown).toBe(3);
  });

  it('two stores on one storage (two tabs) do not undo each other\'s changes to different labs', () => {
    const mem = new MemoryStorage();
    const tab1 = setup(mem).store;
    const tab2 = setup(mem).store;
    tab1.markCompleted('lab-a');
    tab2.showHints('lab-b', 1);
    tab1.saveCode('lab-c', STARTER, 'c');
    expect(tab2.entry('lab-a')?.completed).toBe(true);
    expect(tab1.entry('lab-b')?.hintsShown).toBe(1);
    expect(tab2.code('lab-c', STARTER)).toBe('c');
  });

  it('tells subscribers about changes', () => {
    const { store } = setup();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.markCompleted('lab-a');
    store.showHints('lab-a', 1);
    off();
    store.markSolutionShown('lab-a');
    expect(calls).toBe(2);
  });
});

describe('migration from version 1 (one key per cell)', () => {
  it('moves the code of version 1 keys into the document and removes the keys', () => {
    const mem = new MemoryStorage();
    mem.setItem(`${LEGACY_CELL_PREFIX}playground-hello`, JSON.stringify({ v: 1, code: 'old edit' }));
    mem.setItem(`${LEGACY_CELL_PREFIX}pod-ip-cross-node`, JSON.stringify({ v: 1, code: 'lab edit' }));
    mem.setItem('unrelated', 'kept');
    const { store, doc } = setup(mem);
    const report = store.load();
    expect(report).toEqual({ notices: [], saved: true });
    expect(store.code('playground-hello', STARTER)).toBe('old edit');
    expect(store.code('pod-ip-cross-node', STARTER)).toBe('lab edit');
    expect(doc().entries['pod-ip-cross-node']).toEqual({ code: 'lab edit', completed: false, hintsShown: 0, solutionShown: false, updatedAt: 1000 });
    expect([...mem.data.keys()].sort()).toEqual([PROGRESS_KEY, 'unrelated']);
  });

  it('a version 1 key written after the move (a tab still running the old site) is the newest code', () => {
    const { store, mem } = setup();
    store.saveCode('a', STARTER, 'from the new store');
    store.markCompleted('a');
    mem.setItem(`${LEGACY_CELL_PREFIX}a`, JSON.stringify({ v: 1, code: 'from an old tab' }));
    expect(store.code('a', STARTER)).toBe('from an old tab');
    expect(store.entry('a')?.completed).toBe(true);
    expect(mem.getItem(`${LEGACY_CELL_PREFIX}a`)).toBeNull();
  });

  it('an unreadable version 1 key is copied aside with a notice, not dropped', () => {
    const mem = new MemoryStorage();
    mem.setItem(`${LEGACY_CELL_PREFIX}a`, '{not json');
    const { store } = setup(mem);
    const { notices } = store.load();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'legacy-unreadable', detail: `${LEGACY_CELL_PREFIX}a` });
    expect(mem.getItem(notices[0]!.backupKey)).toBe('{not json');
    expect(mem.getItem(`${LEGACY_CELL_PREFIX}a`)).toBeNull();
  });

  it('keeps the version 1 keys when the document cannot be written', () => {
    const mem = new MemoryStorage(80); // room for the legacy key, not for the document as well
    mem.setItem(`${LEGACY_CELL_PREFIX}a`, JSON.stringify({ v: 1, code: 'x' }));
    const { store } = setup(mem);
    expect(store.load().saved).toBe(false);
    expect(mem.getItem(`${LEGACY_CELL_PREFIX}a`)).not.toBeNull();
    // Still readable from where it is.
    expect(store.code('a', STARTER)).toBe('x');
  });
});

describe('recovery from unreadable data', () => {
  for (const [what, raw] of [
    ['not JSON', '{"v":2,"entries":'],
    ['JSON of the wrong shape', '[1,2,3]'],
    ['a document without entries', '{"v":2}'],
    ['an unknown old version', '{"v":0,"entries":{}}'],
  ] as const) {
    it(`${what}: copied to a backup key, a notice stored, the store usable again`, () => {
      const mem = new MemoryStorage();
      mem.setItem(PROGRESS_KEY, raw);
      const { store, doc } = setup(mem);
      const { notices, saved } = store.load();
      expect(saved).toBe(true);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.kind).toBe('corrupted');
      expect(notices[0]!.backupKey.startsWith(BACKUP_PREFIX)).toBe(true);
      expect(mem.getItem(notices[0]!.backupKey)).toBe(raw);
      // The notice stays (stored in the document) until dismissed; reading again makes no second copy.
      expect(store.load().notices).toHaveLength(1);
      expect(store.backups()).toHaveLength(1);
      expect(store.saveCode('a', STARTER, 'y')).toBe(true);
      expect(doc().notices).toHaveLength(1);
      store.dismissNotices();
      expect(store.load().notices).toEqual([]);
      expect(store.backups()).toHaveLength(1); // the copy stays until deleted on the progress page
    });
  }

  it('a document from a newer version is kept as a copy, not overwritten in place', () => {
    const mem = new MemoryStorage();
    const newer = JSON.stringify({ v: 3, labs: { x: { done: true } } });
    mem.setItem(PROGRESS_KEY, newer);
    const { store } = setup(mem);
    const [n] = store.load().notices;
    expect(n).toMatchObject({ kind: 'newer-version' });
    expect(mem.getItem(n!.backupKey)).toBe(newer);
  });

  it('bad entries are dropped from the document, the good ones kept, the original copied', () => {
    const mem = new MemoryStorage();
    const good: Entry = { completed: true, completedAt: 5, hintsShown: 1, solutionShown: false, updatedAt: 5 };
    const raw = JSON.stringify({ v: 2, entries: { good, bad: { completed: 'yes' }, 'no/slash': good }, notices: [] });
    mem.setItem(PROGRESS_KEY, raw);
    const { store } = setup(mem);
    const [n] = store.load().notices;
    expect(n).toMatchObject({ kind: 'bad-entries', detail: 'bad, no/slash' });
    expect(mem.getItem(n!.backupKey)).toBe(raw);
    expect(store.all()).toEqual({ good });
  });

  it('when even the copy cannot be stored, the unreadable data is left untouched and nothing overwrites it', () => {
    const raw = 'x'.repeat(60);
    const mem = new MemoryStorage(100);
    mem.setItem(PROGRESS_KEY, raw);
    const { store } = setup(mem);
    const report = store.load();
    expect(report.saved).toBe(false);
    expect(report.notices).toEqual([expect.objectContaining({ kind: 'corrupted', backupKey: '' })]);
    expect(store.markCompleted('a')).toBe(false);
    expect(store.writable).toBe(false);
    expect(mem.getItem(PROGRESS_KEY)).toBe(raw);
  });

  it('keeps at most ten backups, dropping the oldest', () => {
    const { store, mem, tick } = setup();
    for (let i = 0; i < 12; i++) {
      mem.setItem(PROGRESS_KEY, `broken ${i}`);
      store.load();
      tick(1000);
    }
    const keys = store.backups().map((b) => b.key);
    expect(keys).toHaveLength(10);
    expect(keys.map((k) => mem.getItem(k))).toEqual([...Array(10)].map((_, i) => `broken ${i + 2}`));
  });
});

describe('storage that does not work', () => {
  it('no storage at all: reads are empty, writes report false, nothing throws', () => {
    const store = new ProgressStore({
      backend: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    expect(store.load()).toEqual({ notices: [], saved: true });
    expect(store.code('a', STARTER)).toBeNull();
    expect(store.saveCode('a', STARTER, 'x')).toBe(false);
    expect(store.writable).toBe(false);
    expect(store.reset()).toBe(true);
    expect(store.backups()).toEqual([]);
  });

  it('a full quota: the write reports false', () => {
    const { store } = setup(new MemoryStorage(50));
    expect(store.saveCode('a', STARTER, 'x'.repeat(100))).toBe(false);
    expect(store.writable).toBe(false);
  });
});

describe('export and import', () => {
  const a: Entry = { code: 'mine', completed: false, hintsShown: 2, solutionShown: false, updatedAt: 100 };

  it('an export reads back as the same entries', () => {
    const { store } = setup();
    store.saveCode('lab-a', STARTER, 'mine');
    store.markCompleted('lab-b');
    const file = store.exportFile();
    expect(file).toMatchObject({ format: EXPORT_FORMAT, v: 2, exportedAt: new Date(1000).toISOString() });
    const r = parseExport(JSON.stringify(file));
    expect(r).toEqual({ ok: true, entries: store.all(), count: 2, completed: 1 });
  });

  it('refuses what is not an export, is newer, or has a damaged entry, saying which', () => {
    expect(parseExport('nope')).toEqual({ ok: false, reason: 'not-json' });
    expect(parseExport('{"v":2,"entries":{}}')).toEqual({ ok: false, reason: 'not-progress' });
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, v: 9, entries: {} }))).toEqual({ ok: false, reason: 'newer-version', detail: '9' });
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, v: 2, entries: { x: { ...a, hintsShown: -1 } } }))).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'x.hintsShown: must be a whole number from 0',
    });
    expect(parseExport(JSON.stringify({ format: EXPORT_FORMAT, v: 2, entries: { x: { ...a, code: 5 } } }))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('replace keeps only the file\'s progress', () => {
    const { store } = setup();
    store.markCompleted('here');
    store.importEntries({ there: a }, 'replace');
    expect(Object.keys(store.all())).toEqual(['there']);
  });

  it('merge keeps both: completion and hints only grow, the newer code wins', () => {
    const { store } = setup();
    store.saveCode('lab-a', STARTER, 'local, newer'); // updatedAt 1000 > the file's 100
    store.markCompleted('lab-a');
    store.importEntries({ 'lab-a': a, 'lab-b': { ...a, code: 'b' } }, 'merge');
    expect(store.entry('lab-a')).toEqual({ code: 'local, newer', completed: true, completedAt: 1000, hintsShown: 2, solutionShown: false, updatedAt: 1000 });
    expect(store.entry('lab-b')?.code).toBe('b');
  });

  it('mergeEntry takes the newer side\'s code, the earliest completion, the most hints', () => {
    const older: Entry = { code: 'old', completed: true, completedAt: 10, hintsShown: 3, solutionShown: true, updatedAt: 10 };
    const newer: Entry = { code: 'new', completed: false, hintsShown: 1, solutionShown: false, updatedAt: 20 };
    expect(mergeEntry(older, newer)).toEqual({ code: 'new', completed: true, completedAt: 10, hintsShown: 3, solutionShown: true, updatedAt: 20 });
    expect(mergeEntry(newer, older)).toEqual(mergeEntry(older, newer));
    // A newer side without code (reset to the starter there) keeps the other side's code rather than losing it.
    expect(mergeEntry(older, { ...newer, code: undefined } as Entry).code).toBe('old');
  });
});

describe('reset', () => {
  it('forgets the document and version 1 keys, keeps backups and unrelated keys', () => {
    const { store, mem } = setup();
    store.markCompleted('a');
    mem.setItem(`${BACKUP_PREFIX}x`, 'copy');
    mem.setItem('other-site-key', '1');
    expect(store.reset()).toBe(true);
    expect(store.all()).toEqual({});
    expect([...mem.data.keys()].sort()).toEqual([`${BACKUP_PREFIX}x`, 'other-site-key']);
  });
});

describe('readDoc', () => {
  it('ignores unknown fields of an entry and of the document', () => {
    const r = readDoc(JSON.stringify({ v: 2, entries: { a: { completed: false, hintsShown: 0, solutionShown: false, updatedAt: 1, extra: 1 } }, future: true }));
    expect(r).toEqual({ kind: 'ok', doc: { v: 2, entries: { a: { completed: false, hintsShown: 0, solutionShown: false, updatedAt: 1 } }, notices: [] }, badEntries: [] });
  });
});
