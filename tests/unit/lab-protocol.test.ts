// Message validation between page, sandbox frame and worker: exactly the known shapes pass, everything else
// (wrong types, extra fields, out-of-range numbers, non-objects) is dropped as null.
import { describe, expect, it } from 'vitest';
import { isWarmRequest, parseFrameMessage, parseLabError, parseRunRequest, parseWorkerMessage, WARM_REQUEST } from '../../src/lab/protocol';

const done = { t: 'done', exports: { default: { a: 1 } }, skippedExports: [], durationMs: 3.5, droppedLines: 0 };

describe('parseWorkerMessage', () => {
  it('accepts each well-formed message', () => {
    expect(parseWorkerMessage({ t: 'ready' })).toEqual({ t: 'ready' });
    expect(parseWorkerMessage({ t: 'started' })).toEqual({ t: 'started' });
    expect(parseWorkerMessage({ t: 'truncated' })).toEqual({ t: 'truncated' });
    expect(parseWorkerMessage({ t: 'log', level: 'warn', text: 'hi' })).toEqual({ t: 'log', level: 'warn', text: 'hi' });
    expect(parseWorkerMessage(done)).toEqual(done);
    const withError = { ...done, error: { kind: 'runtime', line: 3, column: 7, message: 'boom' } };
    expect(parseWorkerMessage(withError)).toEqual(withError);
  });

  it('rejects non-objects, unknown types and extra fields', () => {
    for (const bad of [null, undefined, 'log', 42, [], { t: 'nope' }, { t: 'ready', extra: 1 }, { t: 'log', level: 'log', text: 'x', html: '<b>' }]) {
      expect(parseWorkerMessage(bad)).toBeNull();
    }
  });

  it('rejects a log with an unknown level or non-string text', () => {
    expect(parseWorkerMessage({ t: 'log', level: 'debug', text: 'x' })).toBeNull();
    expect(parseWorkerMessage({ t: 'log', level: 'log', text: 5 })).toBeNull();
    expect(parseWorkerMessage({ t: 'log', level: 'log', text: 'x'.repeat(200_001) })).toBeNull();
  });

  it('rejects a done message with a malformed error, exports or counters', () => {
    expect(parseWorkerMessage({ ...done, error: { kind: 'oops', message: 'x' } })).toBeNull();
    expect(parseWorkerMessage({ ...done, error: { kind: 'runtime', message: 'x', line: 0 } })).toBeNull();
    expect(parseWorkerMessage({ ...done, error: { kind: 'runtime', message: 'x', line: 1.5 } })).toBeNull();
    expect(parseWorkerMessage({ ...done, exports: null })).toBeNull();
    expect(parseWorkerMessage({ ...done, exports: [] })).toBeNull();
    expect(parseWorkerMessage({ ...done, skippedExports: [1] })).toBeNull();
    expect(parseWorkerMessage({ ...done, durationMs: -1 })).toBeNull();
    expect(parseWorkerMessage({ ...done, durationMs: Number.NaN })).toBeNull();
    expect(parseWorkerMessage({ ...done, droppedLines: -1 })).toBeNull();
  });
});

describe('parseFrameMessage', () => {
  it('accepts the frame messages and leaves the relayed worker message unparsed', () => {
    expect(parseFrameMessage({ t: 'frame-ready' })).toEqual({ t: 'frame-ready' });
    expect(parseFrameMessage({ t: 'loaded' })).toEqual({ t: 'loaded' });
    expect(parseFrameMessage({ t: 'worker', run: 3, msg: { anything: true } })).toEqual({ t: 'worker', run: 3, msg: { anything: true } });
    expect(parseFrameMessage({ t: 'worker-error', run: 1, message: 'x' })).toEqual({ t: 'worker-error', run: 1, message: 'x' });
    expect(parseFrameMessage({ t: 'flood', run: 2 })).toEqual({ t: 'flood', run: 2 });
    expect(parseFrameMessage({ t: 'killed', run: 2 })).toEqual({ t: 'killed', run: 2 });
  });

  it('rejects bad run ids and shapes', () => {
    expect(parseFrameMessage({ t: 'worker', run: -1, msg: {} })).toBeNull();
    expect(parseFrameMessage({ t: 'worker', run: '1', msg: {} })).toBeNull();
    expect(parseFrameMessage({ t: 'flood' })).toBeNull();
    expect(parseFrameMessage({ t: 'loaded', run: 1 })).toBeNull();
    expect(parseFrameMessage({ t: 'worker-error', run: 1, message: {} })).toBeNull();
  });
});

describe('parseRunRequest and parseLabError', () => {
  it('accepts a run request with positive integer limits only', () => {
    const ok = { t: 'run', js: 'x', limits: { maxLines: 200, maxBytes: 100_000 } };
    expect(parseRunRequest(ok)).toEqual(ok);
    expect(parseRunRequest({ ...ok, limits: { maxLines: 0, maxBytes: 1 } })).toBeNull();
    expect(parseRunRequest({ ...ok, js: 1 })).toBeNull();
    expect(parseRunRequest({ ...ok, extra: 1 })).toBeNull();
  });

  it("carries the page's language, en or zh-tw only", () => {
    const ok = { t: 'run', js: 'x', limits: { maxLines: 200, maxBytes: 100_000 } };
    expect(parseRunRequest({ ...ok, pageLang: 'zh-tw' })).toEqual({ ...ok, pageLang: 'zh-tw' });
    expect(parseRunRequest({ ...ok, pageLang: 'fr' })).toBeNull();
  });

  it('keeps only the known error fields', () => {
    expect(parseLabError({ kind: 'syntax', message: 'm' })).toEqual({ kind: 'syntax', message: 'm' });
    expect(parseLabError({ kind: 'syntax', message: 'm', stack: 's' })).toBeNull();
  });
});

describe('the warm-up request', () => {
  it('is recognised only in its exact form, and is not a run', () => {
    expect(isWarmRequest(WARM_REQUEST)).toBe(true);
    expect(isWarmRequest({ t: 'warm', js: 'x' })).toBe(false);
    expect(isWarmRequest({ t: 'run' })).toBe(false);
    expect(isWarmRequest('warm')).toBe(false);
    expect(parseRunRequest(WARM_REQUEST)).toBeNull();
    expect(parseWorkerMessage({ t: 'warm' })).toEqual({ t: 'warm' });
    expect(parseWorkerMessage({ t: 'warm', extra: 1 })).toBeNull();
  });
});
