// The storage wrapper must turn every storage failure into "nothing saved", and saved edits round-trip.
import { describe, expect, it } from 'vitest';
import { cellKey, clearEdit, debounce, loadEdit, safeStore, saveEdit, type KeyValueStore, type Timers } from '../../src/lab/storage';

class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

class BrokenStore implements KeyValueStore {
  getItem(): string | null {
    throw new DOMException('denied', 'SecurityError');
  }
  setItem(): void {
    throw new DOMException('full', 'QuotaExceededError');
  }
  removeItem(): void {
    throw new DOMException('denied', 'SecurityError');
  }
}

describe('safeStore', () => {
  it('passes through a working store', () => {
    const mem = new MemoryStore();
    const s = safeStore(() => mem);
    expect(s.write('k', 'v')).toBe(true);
    expect(s.read('k')).toBe('v');
    s.remove('k');
    expect(s.read('k')).toBeNull();
  });

  it('never throws when every call throws (private mode, quota)', () => {
    const s = safeStore(() => new BrokenStore());
    expect(s.read('k')).toBeNull();
    expect(s.write('k', 'v')).toBe(false);
    expect(() => s.remove('k')).not.toThrow();
  });

  it('never throws when reaching the store itself throws, or there is none', () => {
    const throwing = safeStore(() => {
      throw new DOMException('no storage', 'SecurityError');
    });
    expect(throwing.read('k')).toBeNull();
    expect(throwing.write('k', 'v')).toBe(false);
    const none = safeStore(() => undefined);
    expect(none.read('k')).toBeNull();
    expect(none.write('k', 'v')).toBe(false);
  });
});

describe('saveEdit / loadEdit', () => {
  const starter = "console.log('hi');";

  it('round-trips an edit per cell id', () => {
    const mem = new MemoryStore();
    const s = safeStore(() => mem);
    expect(saveEdit(s, 'a', starter, 'console.log(1);')).toBe(true);
    saveEdit(s, 'b', starter, 'console.log(2);');
    expect(loadEdit(s, 'a', starter)).toBe('console.log(1);');
    expect(loadEdit(s, 'b', starter)).toBe('console.log(2);');
    expect(loadEdit(s, 'c', starter)).toBeNull();
  });

  it('an edit back to the starter removes the entry', () => {
    const mem = new MemoryStore();
    const s = safeStore(() => mem);
    saveEdit(s, 'a', starter, 'x');
    saveEdit(s, 'a', starter, starter);
    expect(mem.data.has(cellKey('a'))).toBe(false);
  });

  it('ignores corrupted or foreign values', () => {
    const mem = new MemoryStore();
    const s = safeStore(() => mem);
    for (const raw of ['not json', '42', 'null', '{"v":2,"code":"x"}', '{"v":1,"code":5}', '{"v":1}']) {
      mem.setItem(cellKey('a'), raw);
      expect(loadEdit(s, 'a', starter)).toBeNull();
    }
  });

  it('clearEdit forgets the edit', () => {
    const mem = new MemoryStore();
    const s = safeStore(() => mem);
    saveEdit(s, 'a', starter, 'x');
    expect(loadEdit(s, 'a', starter)).toBe('x');
    clearEdit(s, 'a');
    expect(loadEdit(s, 'a', starter)).toBeNull();
  });
});

describe('debounce', () => {
  function fakeTimers() {
    let next = 1;
    const pending = new Map<number, () => void>();
    const timers: Timers = {
      set: (fn) => {
        pending.set(next, fn);
        return next++;
      },
      clear: (h) => void pending.delete(h as number),
    };
    const fire = () => {
      const fns = [...pending.values()];
      pending.clear();
      fns.forEach((f) => f());
    };
    return { timers, fire, pending };
  }

  it('saves only the last value once the delay passes', () => {
    const saved: string[] = [];
    const { timers, fire, pending } = fakeTimers();
    const d = debounce((v: string) => saved.push(v), 400, timers);
    d.schedule('a');
    d.schedule('ab');
    d.schedule('abc');
    expect(pending.size).toBe(1);
    expect(saved).toEqual([]);
    fire();
    expect(saved).toEqual(['abc']);
  });

  it('flush saves now, cancel forgets', () => {
    const saved: string[] = [];
    const { timers, pending } = fakeTimers();
    const d = debounce((v: string) => saved.push(v), 400, timers);
    d.schedule('x');
    d.flush();
    expect(saved).toEqual(['x']);
    expect(pending.size).toBe(0);
    d.flush();
    expect(saved).toEqual(['x']);
    d.schedule('y');
    d.cancel();
    d.flush();
    expect(saved).toEqual(['x']);
  });
});
