// The sandbox frame's relay (src/lab/sandbox-frame.js), run in Node against fake browser objects: it must only
// obey its parent, give each run its own worker, relay worker messages, and terminate a worker when the run is
// done, killed, or floods the page. Spare workers are started ahead of runs and each is used once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const source = readFileSync(join(import.meta.dirname, '../../src/lab/sandbox-frame.js'), 'utf8');

class FakeWorker {
  static made: FakeWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly opts: { type: string },
  ) {
    FakeWorker.made.push(this);
  }
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(data: unknown) {
    this.onmessage?.({ data });
  }
}

function setup() {
  FakeWorker.made = [];
  const toParent: unknown[] = [];
  const parent = { postMessage: (m: unknown) => toParent.push(m) };
  let listener: ((e: { source: unknown; origin: string; data: unknown }) => void) | null = null;
  const timers: (() => void)[] = [];
  const delays: number[] = [];
  const env = {
    parent,
    addEventListener: (type: string, fn: typeof listener) => {
      if (type === 'message') listener = fn;
    },
    Worker: FakeWorker,
    Blob: class {
      constructor(readonly parts: string[]) {}
    },
    URL: { createObjectURL: () => 'blob:null/fake' },
    setTimeout: (fn: () => void, ms = 0) => {
      delays.push(ms);
      return timers.push(fn);
    },
  };
  new Function(...Object.keys(env), source)(...Object.values(env));
  const fromParent = (data: unknown) => listener!({ source: parent, origin: 'http://page.test', data });
  const fromElsewhere = (data: unknown) => listener!({ source: {}, origin: 'http://evil.test', data });
  const flushTimers = () => timers.splice(0).forEach((f) => f());
  return { toParent, fromParent, fromElsewhere, flushTimers, delays };
}

const limits = { maxLines: 200, maxBytes: 100_000 };

describe('sandbox frame relay', () => {
  it('announces itself, loads a worker bundle as a classic blob worker and keeps a spare warm', () => {
    const f = setup();
    expect(f.toParent).toEqual([{ t: 'frame-ready' }]);
    f.fromParent({ t: 'load', src: 'worker code' });
    expect(f.toParent.at(-1)).toEqual({ t: 'loaded' });
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.url).toBe('blob:null/fake');
    expect(FakeWorker.made[0]!.opts.type).toBe('classic');
  });

  it('ignores messages that do not come from its parent', () => {
    const f = setup();
    f.fromElsewhere({ t: 'load', src: 'evil' });
    expect(FakeWorker.made).toHaveLength(0);
    f.fromParent({ t: 'load', src: 'ok' });
    f.fromElsewhere({ t: 'run', run: 1, js: 'x', limits, maxMessages: 10 });
    expect(FakeWorker.made[0]!.posted).toEqual([]);
  });

  it('runs each cell in its own worker, relays its messages, and terminates it on done', () => {
    const f = setup();
    f.fromParent({ t: 'load', src: 'w' });
    f.fromParent({ t: 'run', run: 1, js: 'console.log(1)', limits, maxMessages: 10 });
    const w1 = FakeWorker.made[0]!;
    expect(w1.posted).toEqual([{ t: 'run', js: 'console.log(1)', limits }]);
    w1.emit({ t: 'started' });
    w1.emit({ t: 'log', level: 'log', text: '1' });
    w1.emit({ t: 'done', exports: {} });
    expect(f.toParent.slice(-3)).toEqual([
      { t: 'worker', run: 1, msg: { t: 'started' } },
      { t: 'worker', run: 1, msg: { t: 'log', level: 'log', text: '1' } },
      { t: 'worker', run: 1, msg: { t: 'done', exports: {} } },
    ]);
    expect(w1.terminated).toBe(true);
    f.flushTimers(); // a new spare after the run
    f.fromParent({ t: 'run', run: 2, js: 'y', limits, maxMessages: 10 });
    const w2 = FakeWorker.made[1]!;
    expect(w2).not.toBe(w1);
    expect(w2.posted).toHaveLength(1);
  });

  it('kill terminates the run and confirms; unknown runs are ignored', () => {
    const f = setup();
    f.fromParent({ t: 'load', src: 'w' });
    f.fromParent({ t: 'run', run: 7, js: 'while(true){}', limits, maxMessages: 10 });
    f.fromParent({ t: 'kill', run: 7 });
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(f.toParent.at(-1)).toEqual({ t: 'killed', run: 7 });
    const before = f.toParent.length;
    f.fromParent({ t: 'kill', run: 99 });
    expect(f.toParent.length).toBe(before);
  });

  it('stops a worker that floods the page with messages', () => {
    const f = setup();
    f.fromParent({ t: 'load', src: 'w' });
    f.fromParent({ t: 'run', run: 3, js: 'x', limits, maxMessages: 5 });
    const w = FakeWorker.made[0]!;
    for (let i = 0; i < 50; i++) w.emit({ t: 'log', level: 'log', text: String(i) });
    expect(w.terminated).toBe(true);
    const relayed = f.toParent.filter((m) => (m as { t: string }).t === 'worker');
    expect(relayed).toHaveLength(5);
    expect(f.toParent.at(-1)).toEqual({ t: 'flood', run: 3 });
  });

  it('reports a worker that fails to start as worker-error', () => {
    const f = setup();
    f.fromParent({ t: 'load', src: 'w' });
    f.fromParent({ t: 'run', run: 4, js: 'x', limits, maxMessages: 5 });
    let prevented = false;
    FakeWorker.made[0]!.onerror!({ message: 'SyntaxError: Unexpected token export', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(f.toParent.at(-1)).toEqual({ t: 'worker-error', run: 4, message: 'SyntaxError: Unexpected token export' });
  });

  it('keeps two spares, warming one at a time, and gives a run a warm one first', () => {
    const f = setup();
    f.fromParent({ t: 'load', src: 'w' });
    expect(FakeWorker.made).toHaveLength(1); // the second waits until the first is warm
    const warm = (w: FakeWorker) => {
      w.emit({ t: 'ready' });
      expect(w.posted).toEqual([{ t: 'warm' }]); // asked to warm up once it is set up
      w.emit({ t: 'warm' });
    };
    FakeWorker.made[0]!.emit({ t: 'ready' });
    expect(FakeWorker.made).toHaveLength(1); // ready is not warm yet
    FakeWorker.made[0]!.emit({ t: 'warm' });
    expect(FakeWorker.made).toHaveLength(2);
    warm(FakeWorker.made[1]!);
    expect(FakeWorker.made).toHaveLength(2); // two is enough
    // The warm-up messages are the frame's business, not the page's.
    expect(f.toParent.filter((m) => (m as { t: string }).t === 'worker')).toEqual([]);

    f.fromParent({ t: 'run', run: 1, js: 'a', limits, maxMessages: 10 });
    expect(FakeWorker.made[0]!.posted).toEqual([{ t: 'warm' }, { t: 'run', js: 'a', limits }]);
    FakeWorker.made[0]!.emit({ t: 'done', exports: {} });
    // Right after a run, with a warm spare left, the replacement waits a while: the next run gets the warm one.
    expect(f.delays.at(-1)).toBeGreaterThanOrEqual(1000);
    f.fromParent({ t: 'run', run: 2, js: 'b', limits, maxMessages: 10 });
    expect(FakeWorker.made[1]!.posted).toEqual([{ t: 'warm' }, { t: 'run', js: 'b', limits }]);
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.emit({ t: 'done', exports: {} });
    // None left: the replacement is due at once, and the next run takes it.
    expect(f.delays.at(-1)).toBe(0);
    f.flushTimers();
    expect(FakeWorker.made).toHaveLength(3);
    // It is not set up yet: the run goes first and the worker never warms up (a late 'ready' changes nothing).
    f.fromParent({ t: 'run', run: 3, js: 'c', limits, maxMessages: 10 });
    FakeWorker.made[2]!.emit({ t: 'ready' });
    expect(FakeWorker.made[2]!.posted).toEqual([{ t: 'run', js: 'c', limits }]);
  });

  it('prefers a warm spare over an older one still starting, and drops a spare that fails to start', () => {
    const f = setup();
    f.fromParent({ t: 'load', src: 'w' });
    const first = FakeWorker.made[0]!;
    first.emit({ t: 'ready' });
    first.emit({ t: 'warm' });
    const second = FakeWorker.made[1]!; // starting
    f.fromParent({ t: 'run', run: 1, js: 'a', limits, maxMessages: 10 });
    expect(first.posted).toEqual([{ t: 'warm' }, { t: 'run', js: 'a', limits }]);
    expect(second.posted).toHaveLength(0);
    let prevented = false;
    second.onerror!({ message: 'boom', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(second.terminated).toBe(true);
    // The next run does not get the broken spare: a worker of its own.
    f.fromParent({ t: 'run', run: 2, js: 'b', limits, maxMessages: 10 });
    expect(second.posted).toHaveLength(0);
    expect(FakeWorker.made.at(-1)!.posted).toEqual([{ t: 'run', js: 'b', limits }]);
    expect(FakeWorker.made.at(-1)).not.toBe(first);
  });

  it('contains nothing that would end the inline <script> early', () => {
    expect(source).not.toMatch(/<\/script/i);
  });
});
