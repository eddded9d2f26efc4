// The sandbox worker: runs one learner cell, once, and reports what happened.
//
// It is bundled (with the learner modules) into one classic script and started by the sandbox frame from a blob
// URL, so it runs with the frame's opaque origin and inherits the frame's Content-Security-Policy (no network).
// Chromium refuses module workers from blob URLs in an opaque-origin frame, hence: no top-level await, no
// import.meta here or in anything this file imports.
//
// On top of the origin and CSP barriers it shadows the page, network and storage APIs with getters that throw a
// clear message, hides postMessage from learner code, and replaces console so output is formatted, capped and
// streamed line by line (a cell stopped by the time limit still shows what it printed before).
//
// For a lab (the run request carries one), the lab's checks run here too, after the learner's code: they need the
// live cluster the code exported, which cannot leave this realm. The exports are copied for the page first, so
// the traces the checks run do not show up as the learner's own.
//
// A spare worker (started by the frame ahead of runs) is asked to warm the simulator up once it is ready
// (warm-up.ts), so a learner's code meets compiled simulator code instead of paying for the compilation itself;
// a worker whose first message is a run skips that.
//
// Not modelled: anything that runs after the cell's top-level code settles (the frame terminates the worker on
// 'done', so pending timers never fire).

import { plainExports } from './exports';
import { formatArgs, formatValue } from './format';
import { loadLearnerModules } from './learner-modules';
import { OutputBuffer } from './output';
import { isWarmRequest, parseRunRequest, type CheckRunData, type ExecOutput, type ExecRequest, type LabError, type LabRequest, type LogLevel, type RunRequest, type WorkerMessage } from './protocol';
import { clusterOf, runChecks } from '../labs/engine';
import { runShell } from '../sim/cli/shell';
import type { Lab } from '../labs/load';
import type { LabSpec } from '../labs/schema';
import { CELL_FILE, learnerPosition, measureHeaderLines } from './stack';
import { warmUpSimulator } from './warm-up';
import * as k8snet from '../sim/api';

type CellFunction = (...args: unknown[]) => Promise<unknown>;
type AsyncFunctionCtor = new (...params: string[]) => CellFunction;

const g = globalThis as unknown as Record<string, unknown> & {
  postMessage(m: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
};
const post = g.postMessage.bind(g) as (m: WorkerMessage) => void;
// Captured before learner code runs, so a cell that overwrites performance.now cannot break the report.
const now = performance.now.bind(performance);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFunctionCtor;
const PARAMS = ['require', 'module', 'exports', 'console'];
const TAG = `\n//# sourceURL=${CELL_FILE}`;

// V8 keeps 10 frames by default; a learner call that fails deep inside the simulator needs more to still reach
// the learner's own frame.
(Error as unknown as { stackTraceLimit?: number }).stackTraceLimit = 200;

const NETWORK = 'network and storage are not available in labs';
const PAGE = 'the page is not available in labs: your code runs in a sandbox, away from the page and its storage';
const DENIED: ReadonlyArray<readonly [string, string]> = [
  ...['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts',
    'indexedDB', 'caches', 'Worker', 'SharedWorker', 'BroadcastChannel', 'cookieStore'].map((n) => [n, NETWORK] as const),
  ...['document', 'window', 'parent', 'top', 'opener', 'frames', 'localStorage', 'sessionStorage'].map((n) => [n, PAGE] as const),
  ['postMessage', 'postMessage is not available in labs: print with console.log'],
  ['close', 'close() is not available in labs'],
];

/** Replaces `name` on the global object and wherever it is defined on its prototype chain with a throwing getter. */
function deny(name: string, why: string): void {
  const fail = (): never => {
    throw new Error(`${name}: ${why}`);
  };
  const desc = { get: fail, set: fail, enumerable: false, configurable: false };
  for (let o: object | null = Object.getPrototypeOf(g); o; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) {
      try {
        Object.defineProperty(o, name, desc);
      } catch {
        /* non-configurable: the own property below still shadows it */
      }
    }
  }
  try {
    Object.defineProperty(g, name, desc);
  } catch {
    /* an engine-locked global; the origin and CSP barriers still hold */
  }
}

function asRequireable(ns: unknown): unknown {
  if (typeof ns !== 'object' || ns === null || (ns as { __esModule?: unknown }).__esModule) return ns;
  // sucrase's default-import helper treats objects without __esModule as CommonJS ({ default: ns }).
  return Object.freeze(Object.assign(Object.create(null), ns, { __esModule: true }));
}

interface Setup {
  modules: Record<string, unknown>;
  headerLines: number;
}

const ready: Promise<Setup> = (async () => {
  const loaded = await loadLearnerModules();
  const modules: Record<string, unknown> = Object.create(null);
  for (const [name, ns] of Object.entries(loaded)) modules[name] = asRequireable(ns);
  let headerLines = 2;
  try {
    await new AsyncFunction(...PARAMS, `throw new Error('probe')${TAG}`)();
  } catch (e) {
    headerLines = measureHeaderLines(String((e as Error).stack ?? ''));
  }
  for (const [name, why] of DENIED) deny(name, why);
  return { modules, headerLines };
})();

const BUILTIN_ERRORS = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/** The learner-facing error for a thrown value: built-in error types keep their name, others just the message. */
function runtimeError(thrown: unknown, setup: Setup, sourceLines: number): LabError {
  let message: string;
  let stack = '';
  try {
    if (thrown instanceof Error) {
      const name = String(thrown.name);
      message = BUILTIN_ERRORS.has(name) ? `${name}: ${thrown.message}` : String(thrown.message) || name;
      stack = String(thrown.stack ?? '');
    } else {
      message = formatValue(thrown);
    }
  } catch {
    message = 'an error that could not be printed';
  }
  const error: LabError = { kind: 'runtime', message };
  const pos = learnerPosition(stack, setup.headerLines, sourceLines);
  if (pos) {
    error.line = pos.line;
    error.column = pos.column;
  }
  return error;
}

function makeConsole(emit: (level: LogLevel, args: unknown[]) => void, group: { indent: string }) {
  const counts = new Map<string, number>();
  return Object.freeze({
    log: (...a: unknown[]) => emit('log', a),
    info: (...a: unknown[]) => emit('info', a),
    warn: (...a: unknown[]) => emit('warn', a),
    error: (...a: unknown[]) => emit('error', a),
    debug: (...a: unknown[]) => emit('log', a),
    trace: (...a: unknown[]) => emit('log', a),
    dir: (v: unknown) => emit('log', [v]),
    table: (v: unknown) => emit('log', [v]),
    assert: (cond: unknown, ...a: unknown[]) => {
      if (!cond) emit('error', a.length ? ['Assertion failed:', ...a] : ['Assertion failed']);
    },
    count: (label: unknown = 'default') => {
      const k = String(label);
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      emit('log', [`${k}: ${n}`]);
    },
    group: (...a: unknown[]) => {
      if (a.length) emit('log', a);
      group.indent += '  ';
    },
    groupCollapsed: (...a: unknown[]) => {
      if (a.length) emit('log', a);
      group.indent += '  ';
    },
    groupEnd: () => {
      group.indent = group.indent.slice(2);
    },
  });
}

function run(setup: Setup, req: RunRequest): void {
  // explain() without an argument speaks the page's language.
  k8snet.setExplainLanguage(req.pageLang ?? 'en');
  const out = new OutputBuffer(req.limits);
  const group = { indent: '' };
  let announcedTruncation = false;
  const emit = (level: LogLevel, args: unknown[]) => {
    if (out.truncated) {
      out.push(level, ''); // only counts the dropped line
      return;
    }
    let text = formatArgs(args);
    if (group.indent) text = text.replace(/^/gm, group.indent);
    const kept = out.push(level, text);
    if (kept) post({ t: 'log', level: kept.level, text: kept.text });
    if (out.truncated && !announcedTruncation) {
      announcedTruncation = true;
      post({ t: 'truncated' });
    }
  };
  const con = makeConsole(emit, group);
  // The simulator's own console calls (if any) land in the same output.
  Object.defineProperty(g, 'console', { value: con, writable: false, configurable: true });

  const require = (name: unknown) => {
    if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(setup.modules, name)) return setup.modules[name];
    const have = Object.keys(setup.modules);
    throw new Error(
      have.length
        ? `Cannot import '${String(name)}': a lab can import ${have.map((n) => `'${n}'`).join(', ')}`
        : `Cannot import '${String(name)}': no modules are available in this lab yet`,
    );
  };
  const exportsObj: Record<string, unknown> = {};
  const moduleObj = { exports: exportsObj };
  const sourceLines = req.js.split('\n').length;
  const finish = (error: LabError | undefined, t0: number) => {
    const durationMs = now() - t0;
    const { exports, skipped } = error ? { exports: {}, skipped: [] } : plainExports(exportsObj);
    const msg: WorkerMessage = { t: 'done', exports, skippedExports: skipped, durationMs, droppedLines: out.droppedLines };
    if (error) msg.error = error;
    if (!error && req.lab) {
      post({ t: 'checking' }); // the page restarts the time limit: the checks get one of their own
      try {
        msg.checks = grade(req.lab, require, exportsObj);
      } catch (e) {
        msg.error = { kind: 'internal', message: `The checks failed to run: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    if (!error && req.exec) msg.exec = terminal(req.exec, exportsObj);
    try {
      post(msg);
    } catch {
      post({ ...msg, exports: {}, skippedExports: Object.keys(exports) });
    }
  };

  let fn: CellFunction;
  try {
    fn = new AsyncFunction(...PARAMS, req.js + TAG);
  } catch (e) {
    // The engine found a problem sucrase let through (e.g. a duplicate `let`); it gives no position.
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    finish({ kind: 'syntax', message }, now());
    return;
  }
  post({ t: 'started' });
  const t0 = now();
  fn(require, moduleObj, exportsObj, con).then(
    () => finish(undefined, t0),
    (e: unknown) => finish(runtimeError(e, setup, sourceLines), t0),
  );
}

/**
 * Runs the lab's checks on the live exports of the learner's module. checks.ts (compiled on the page) is
 * evaluated here like a cell, with the same modules; its exported functions become the lab's TypeScript checks.
 */
function grade(lab: LabRequest, require: (name: unknown) => unknown, moduleExports: Record<string, unknown>): CheckRunData {
  const tsChecks: Lab['tsChecks'] = {};
  if (lab.checksJs !== undefined) {
    const checksExports: Record<string, unknown> = {};
    const evaluate = new Function('require', 'module', 'exports', lab.checksJs) as (...a: unknown[]) => void;
    evaluate(require, { exports: checksExports }, checksExports);
    for (const [name, fn] of Object.entries(checksExports)) if (typeof fn === 'function') tsChecks[name] = fn as Lab['tsChecks'][string];
  }
  const exports: Record<string, unknown> = {};
  for (const k of Object.keys(moduleExports)) if (k !== '__esModule') exports[k] = moduleExports[k];
  const run = runChecks({ spec: lab.spec as unknown as LabSpec, tsChecks, file: 'lab.yaml' }, exports, { lang: lab.lang });
  // Only the fields the protocol carries: a check's result object could hold anything a TypeScript check returned.
  const results = run.results.map((r) => {
    const o: CheckRunData['results'][number] = { id: String(r.id), pass: r.pass === true, message: String(r.message) };
    if (r.expected !== undefined) o.expected = String(r.expected);
    if (r.found !== undefined) o.found = String(r.found);
    return o;
  });
  return { passed: results.length > 0 && results.every((r) => r.pass), results };
}

const MAX_EXEC_TEXT = 100_000;

/** Runs terminal commands in the exported cluster, in order; answers with the last one's output. */
function terminal(exec: ExecRequest, moduleExports: Record<string, unknown>): ExecOutput {
  const cluster = clusterOf(moduleExports);
  if (!cluster) return { stdout: '', stderr: 'The code exports no cluster: end it with `export default c`.\n', code: 1 };
  let out: ExecOutput = { stdout: '', stderr: '', code: 0 };
  for (const c of exec.commands) {
    try {
      const r = runShell(cluster.model, c.target, c.line);
      out = { stdout: String(r.stdout), stderr: String(r.stderr), code: Number.isSafeInteger(r.code) ? r.code : 1 };
    } catch (e) {
      out = { stdout: '', stderr: `${e instanceof Error ? e.message : String(e)}\n`, code: 1 };
    }
  }
  const cap = (s: string) => (s.length > MAX_EXEC_TEXT ? `${s.slice(0, MAX_EXEC_TEXT)}\n… (output cut)\n` : s);
  return { stdout: cap(out.stdout), stderr: cap(out.stderr), code: out.code };
}

let taken = false;
let warming = false;
g.onmessage = (e) => {
  if (isWarmRequest(e.data)) {
    if (taken || warming) return;
    warming = true;
    ready.then(
      () => {
        try {
          warmUpSimulator(k8snet); // in the realm as the learner's code will find it: the page APIs already denied
        } finally {
          post({ t: 'warm' }); // warm or not, this worker is as ready as it gets
        }
      },
      () => {}, // the failure is reported on the first run
    );
    return;
  }
  const req = parseRunRequest(e.data);
  if (!req || taken) return;
  taken = true; // one cell per worker: every run starts from a fresh global
  ready.then(
    (setup) => run(setup, req),
    (err: unknown) =>
      post({
        t: 'done',
        error: { kind: 'internal', message: `The lab modules failed to load: ${err instanceof Error ? err.message : String(err)}` },
        exports: {},
        skippedExports: [],
        durationMs: 0,
        droppedLines: 0,
      }),
  );
};
ready.then(
  () => post({ t: 'ready' }),
  () => post({ t: 'ready' }), // the failure is reported on the first run
);
