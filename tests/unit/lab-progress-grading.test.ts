// What decides that a lab is complete: the check results that come back from the sandbox (src/lab/protocol.ts
// parseCheckRun and the lab fields of the run messages) and how a run that gave no results becomes failed checks
// (src/lab/lab-run.ts). A result the page cannot trust must never mark a lab complete.
import { describe, expect, it, vi } from 'vitest';
import { MAX_EXEC_COMMANDS, parseCheckRun, parseRunRequest, parseWorkerMessage } from '../../src/lab/protocol';
import type { RunResult } from '../../src/lab/runner';

// lab-run.ts imports the runner, which imports Vite-only modules (?raw, ?worker); the functions tested here do not use it.
vi.mock('../../src/lab/runner', () => ({ runCell: vi.fn() }));
const { checkResults, notRunReason } = await import('../../src/lab/lab-run');

const pass = { id: 'a', pass: true, message: 'a holds' };
const fail = { id: 'b', pass: false, message: 'b holds', expected: 'x', found: 'y' };

describe('parseCheckRun', () => {
  it('accepts results whose `passed` agrees with them', () => {
    expect(parseCheckRun({ passed: true, results: [pass] })).toEqual({ passed: true, results: [pass] });
    expect(parseCheckRun({ passed: false, results: [pass, fail] })).toEqual({ passed: false, results: [pass, fail] });
  });

  it('refuses a `passed` that contradicts the results, and an empty list that claims a pass', () => {
    expect(parseCheckRun({ passed: true, results: [pass, fail] })).toBeNull();
    expect(parseCheckRun({ passed: false, results: [pass] })).toBeNull();
    expect(parseCheckRun({ passed: true, results: [] })).toBeNull();
  });

  it('refuses wrong types, extra fields and oversized text', () => {
    for (const bad of [
      null,
      { passed: true },
      { passed: 'yes', results: [pass] },
      { passed: true, results: [{ ...pass, html: '<b>' }] },
      { passed: true, results: [{ ...pass, pass: 1 }] },
      { passed: false, results: [{ ...fail, found: 5 }] },
      { passed: true, results: [{ ...pass, message: 'x'.repeat(20_001) }] },
      { passed: true, results: [pass], extra: 1 },
    ]) {
      expect(parseCheckRun(bad)).toBeNull();
    }
  });
});

describe('run messages with a lab', () => {
  const done = { t: 'done', exports: {}, skippedExports: [], durationMs: 1, droppedLines: 0 };
  const limits = { maxLines: 10, maxBytes: 100 };
  const lab = { spec: { id: 'x', checks: [] }, lang: 'zh-tw' };

  it('carry check results in done, and a checking message', () => {
    expect(parseWorkerMessage({ t: 'checking' })).toEqual({ t: 'checking' });
    expect(parseWorkerMessage({ ...done, checks: { passed: true, results: [pass] } })).toEqual({ ...done, checks: { passed: true, results: [pass] } });
    expect(parseWorkerMessage({ ...done, checks: { passed: true, results: [fail] } })).toBeNull();
  });

  it('a run request may carry a lab (spec, compiled checks, language), and nothing else', () => {
    expect(parseRunRequest({ t: 'run', js: 'x', limits, lab })).toEqual({ t: 'run', js: 'x', limits, lab });
    expect(parseRunRequest({ t: 'run', js: 'x', limits, lab: { ...lab, checksJs: 'exports.f = () => true' } })).toMatchObject({ lab: { checksJs: 'exports.f = () => true' } });
    expect(parseRunRequest({ t: 'run', js: 'x', limits, lab: { ...lab, lang: 'fr' } })).toBeNull();
    expect(parseRunRequest({ t: 'run', js: 'x', limits, lab: { spec: { id: 'x' }, lang: 'en' } })).toBeNull();
    expect(parseRunRequest({ t: 'run', js: 'x', limits, lab: { ...lab, more: 1 } })).toBeNull();
  });
});

describe('terminal commands in a run (the lab\'s terminal)', () => {
  const limits = { maxLines: 10, maxBytes: 100 };
  const done = { t: 'done', exports: {}, skippedExports: [], durationMs: 1, droppedLines: 0 };
  const cmd = { target: 'node/node-1', line: 'ip route' };

  it('a run request carries the session\'s commands, at least one and not too many', () => {
    expect(parseRunRequest({ t: 'run', js: 'x', limits, exec: { commands: [cmd] } })).toEqual({ t: 'run', js: 'x', limits, exec: { commands: [cmd] } });
    expect(parseRunRequest({ t: 'run', js: 'x', limits, exec: { commands: [] } })).toBeNull();
    expect(parseRunRequest({ t: 'run', js: 'x', limits, exec: { commands: Array(MAX_EXEC_COMMANDS + 1).fill(cmd) } })).toBeNull();
    expect(parseRunRequest({ t: 'run', js: 'x', limits, exec: { commands: [{ ...cmd, shell: true }] } })).toBeNull();
    expect(parseRunRequest({ t: 'run', js: 'x', limits, exec: { commands: [{ target: 1, line: 'x' }] } })).toBeNull();
  });

  it('done carries the last command\'s output', () => {
    const exec = { stdout: 'default via 192.168.56.1 dev eth0\n', stderr: '', code: 0 };
    expect(parseWorkerMessage({ ...done, exec })).toEqual({ ...done, exec });
    expect(parseWorkerMessage({ ...done, exec: { ...exec, code: 0.5 } })).toBeNull();
    expect(parseWorkerMessage({ ...done, exec: { ...exec, html: '<b>' } })).toBeNull();
  });
});

function result(over: Partial<RunResult>): RunResult {
  return {
    ok: true,
    logs: [],
    timedOut: false,
    exports: {},
    skippedExports: [],
    durationMs: 1,
    truncated: false,
    droppedLines: 0,
    timeoutMs: 5000,
    limits: { maxLines: 200, maxBytes: 100_000 },
    ...over,
  };
}

describe('checkResults / notRunReason', () => {
  const pending = [
    { id: 'a', message: 'a holds' },
    { id: 'b', message: 'b holds' },
  ];

  it('passes the worker\'s results through when the code ran', () => {
    const r = result({ checks: { passed: false, results: [pass, fail] } });
    expect(notRunReason(r)).toBeNull();
    expect(checkResults(r, pending, '')).toEqual({ passed: false, results: [pass, fail] });
  });

  it('fails every check with the reason when the code did not run', () => {
    const syntax = result({ ok: false, error: { kind: 'syntax', line: 3, message: 'Unexpected token' } });
    expect(notRunReason(syntax)).toEqual({ kind: 'syntax', line: 3, message: 'Unexpected token' });
    expect(checkResults(syntax, pending, 'why')).toEqual({
      passed: false,
      results: [
        { id: 'a', pass: false, message: 'a holds', found: 'why' },
        { id: 'b', pass: false, message: 'b holds', found: 'why' },
      ],
    });
    expect(notRunReason(result({ ok: false, error: { kind: 'runtime', message: 'boom' } }))).toEqual({ kind: 'runtime', message: 'boom' });
    expect(notRunReason(result({ ok: false, error: { kind: 'internal', message: 'x' } }))).toEqual({ kind: 'internal', message: 'x' });
  });

  it('tells a time limit in the code from one in the checks', () => {
    expect(notRunReason(result({ ok: false, timedOut: true }))).toEqual({ kind: 'timeout', limit: 5000 });
    expect(notRunReason(result({ ok: false, timedOut: true, checksTimedOut: true }))).toEqual({ kind: 'checks-timeout', limit: 5000 });
  });

  it('a run that finished without results (it carried no lab) is not a pass', () => {
    const r = result({});
    expect(notRunReason(r)).toEqual({ kind: 'internal', message: 'no check results came back' });
    expect(checkResults(r, pending, 'x').passed).toBe(false);
  });

  it('results next to an error are not trusted', () => {
    const r = result({ ok: false, error: { kind: 'runtime', message: 'boom' }, checks: { passed: true, results: [pass] } });
    expect(checkResults(r, pending, 'boom').passed).toBe(false);
  });
});
