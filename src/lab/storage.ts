// Saves a learner's edits per code cell in localStorage, and never lets storage trouble break a lab.
//
// Every access is wrapped: reading `localStorage` itself throws in some privacy modes and sandboxed contexts,
// setItem throws when the quota is full, and stored values can be anything another version of the site (or the
// learner) left there. Failures mean "nothing saved", never an exception.
//
// Not modelled: syncing edits between tabs (the last tab to save wins), expiry of old edits.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SafeStore {
  read(key: string): string | null;
  /** false when the value could not be stored (no storage, quota full). */
  write(key: string, value: string): boolean;
  remove(key: string): void;
}

export function safeStore(getStore: () => KeyValueStore | null | undefined): SafeStore {
  const store = (): KeyValueStore | null => {
    try {
      return getStore() ?? null;
    } catch {
      return null; // e.g. SecurityError when storage is disabled
    }
  };
  return {
    read(key) {
      try {
        return store()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    write(key, value) {
      try {
        const s = store();
        if (!s) return false;
        s.setItem(key, value);
        return true;
      } catch {
        return false; // QuotaExceededError and friends
      }
    },
    remove(key) {
      try {
        store()?.removeItem(key);
      } catch {
        /* nothing to do */
      }
    },
  };
}

/** The browser's localStorage behind the safe wrapper. */
export function browserStore(): SafeStore {
  return safeStore(() => globalThis.localStorage);
}

const PREFIX = 'k8snet-labs:cell:';
const VERSION = 1;

export function cellKey(cellId: string): string {
  return PREFIX + cellId;
}

/** The saved edit for a cell, or null if there is none, it is unreadable, or it equals the starter code. */
export function loadEdit(store: SafeStore, cellId: string, starter: string): string | null {
  const raw = store.read(cellKey(cellId));
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'object' && v !== null && (v as { v?: unknown }).v === VERSION) {
      const code = (v as { code?: unknown }).code;
      if (typeof code === 'string' && code !== starter) return code;
    }
  } catch {
    /* not ours or corrupted: treat as absent */
  }
  return null;
}

/** Stores the edit; an edit equal to the starter removes the entry instead. */
export function saveEdit(store: SafeStore, cellId: string, starter: string, code: string): boolean {
  if (code === starter) {
    store.remove(cellKey(cellId));
    return true;
  }
  return store.write(cellKey(cellId), JSON.stringify({ v: VERSION, code }));
}

export function clearEdit(store: SafeStore, cellId: string): void {
  store.remove(cellKey(cellId));
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Debounced<T> {
  /** Remember `value` and save it once `delayMs` pass without another call. */
  schedule(value: T): void;
  /** Save a pending value now (page hide, Run). */
  flush(): void;
  /** Forget a pending value (Reset). */
  cancel(): void;
}

export function debounce<T>(save: (value: T) => void, delayMs: number, timers: Timers = realTimers): Debounced<T> {
  let pending: { value: T } | null = null;
  let handle: unknown = null;
  const stop = () => {
    if (handle !== null) timers.clear(handle);
    handle = null;
  };
  const flush = () => {
    stop();
    if (pending) {
      const { value } = pending;
      pending = null;
      save(value);
    }
  };
  return {
    schedule(value) {
      pending = { value };
      stop();
      handle = timers.set(flush, delayMs);
    },
    flush,
    cancel() {
      stop();
      pending = null;
    },
  };
}
