/**
 * Runs a learner's TypeScript module in Node, as the page's sandbox runs a cell: sucrase erases the types and
 * turns `import … from 'k8snet'` into `require('k8snet')`, and the code runs as the body of an async function
 * (top-level await allowed) that receives require, module, exports and console.
 *
 * It runs in a fresh vm context with a time limit. `microtaskMode: 'afterEvaluate'` runs the promise jobs of the
 * module inside the same limit, so both `while (true) {}` and an endless async loop are stopped; `runLimited`
 * gives the same limit to later calls (the checks), which may run the learner's functions too. A vm context is
 * not a security boundary: this grades a learner's own code on their own machine (the page uses a sandboxed
 * frame and Worker instead).
 *
 * sucrase keeps every statement on its line, so stack lines are the learner's lines.
 *
 * Not modelled: timers (setTimeout is not defined in the context, as no lab needs one), imports other than the
 * modules handed in.
 */
import vm from 'node:vm';
import { transform } from 'sucrase';
import type { Lang } from '../schema';
import { say } from '../words';

export type LearnerErrorKind = 'syntax' | 'runtime' | 'timeout' | 'pending';

/** The learner's code did not compile, threw, ran out of time, or never finished. */
export class LearnerCodeError extends Error {
  readonly kind: LearnerErrorKind;
  readonly line?: number;
  /** The error's own text (syntax, runtime), without the line. */
  readonly detail: string;
  /** The time limit, for 'timeout'. */
  readonly timeoutMs?: number;
  constructor(kind: LearnerErrorKind, detail: string, opts: { line?: number; timeoutMs?: number } = {}) {
    super(opts.line !== undefined ? `line ${opts.line}: ${detail}` : detail);
    this.name = 'LearnerCodeError';
    this.kind = kind;
    this.detail = detail;
    if (opts.line !== undefined) this.line = opts.line;
    if (opts.timeoutMs !== undefined) this.timeoutMs = opts.timeoutMs;
  }

  /** The error in the learner's language (the JavaScript or simulator text itself stays as it was). */
  say(lang: Lang): string {
    const at = this.line !== undefined ? say(lang, 'atLine', { n: this.line }) : '';
    switch (this.kind) {
      case 'syntax':
        return say(lang, 'codeSyntax', { at, v: this.detail });
      case 'runtime':
        return say(lang, 'codeRuntime', { at, v: this.detail });
      case 'timeout':
        return say(lang, 'codeTimeout', { ms: this.timeoutMs });
      case 'pending':
        return say(lang, 'codePending');
    }
  }
}

export interface EvaluateOptions {
  /** Name in messages and stack traces, e.g. "solution.ts" or the submitted file's name. */
  fileName: string;
  timeoutMs: number;
  /** What `require(name)` (an import) returns. */
  modules: Record<string, unknown>;
}

export interface Evaluated {
  exports: Record<string, unknown>;
  /** What the code printed (console.*), capped. */
  logs: string[];
  /** Runs `fn` under the same time limit, inside the module's context (for checks that call learner code). */
  runLimited<T>(fn: () => T): T;
}

const MAX_LOGS = 1000;

function messageOf(e: unknown): string {
  if (e && typeof e === 'object' && typeof (e as Error).message === 'string') {
    const name = typeof (e as Error).name === 'string' ? (e as Error).name : 'Error';
    return name === 'SimError' || name === 'Error' ? (e as Error).message : `${name}: ${(e as Error).message}`;
  }
  return String(e);
}

/** The first frame in the learner's file: the line that threw, or that called into the simulator which threw. */
function lineOf(e: unknown, fileName: string): number | undefined {
  const stack = e && typeof e === 'object' ? String((e as Error).stack ?? '') : '';
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+):\\d+`).exec(stack);
  return m ? Number(m[1]) : undefined;
}

function asModule(ns: unknown): unknown {
  if (typeof ns !== 'object' || ns === null || (ns as { __esModule?: unknown }).__esModule) return ns;
  // sucrase's default-import helper treats objects without __esModule as CommonJS ({ default: ns }).
  return Object.freeze(Object.assign(Object.create(null), ns, { __esModule: true }));
}

export function evaluateModule(source: string, opts: EvaluateOptions): Evaluated {
  let js: string;
  try {
    js = transform(source.replace(/\r\n?/g, '\n'), { transforms: ['typescript', 'imports'], disableESTransforms: true, filePath: 'cell.ts' }).code;
  } catch (e) {
    const loc = (e as { loc?: { line?: number } }).loc;
    throw new LearnerCodeError('syntax', messageOf(e).replace(/^Error transforming [^:]*:\s*/, '').replace(/\s*\(\d+:\d+\)\s*$/, ''), { line: loc?.line });
  }

  const logs: string[] = [];
  const log = (...args: unknown[]) => {
    if (logs.length < MAX_LOGS) logs.push(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
  };
  const console = { log, info: log, warn: log, error: log, debug: log };
  const modules = Object.fromEntries(Object.entries(opts.modules).map(([k, v]) => [k, asModule(v)]));
  const require = (name: string) => {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    throw new Error(`Cannot import '${name}' here (available: ${Object.keys(modules).join(', ')})`);
  };
  const module = { exports: {} as Record<string, unknown> };

  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  // The promise callbacks are made inside the context, so its promise jobs run before runInContext returns
  // (jobs of callbacks from this realm would wait for Node's own queue). The wrapper takes line 0, so the
  // learner's line N is line N in stack traces.
  const wrapper =
    '(function (require, module, exports, console, state) { return (async function () {\n' +
    js +
    '\n})().then(() => { state.done = true; }, (error) => { state.done = true; state.failed = true; state.error = error; }); })';
  const script = new vm.Script(wrapper, { filename: opts.fileName, lineOffset: -1 });
  const fn = script.runInContext(context) as (...a: unknown[]) => unknown;

  const limited = (run: () => void): void => {
    const holder = context as { __run?: () => void };
    holder.__run = run;
    try {
      vm.runInContext('__run()', context, { timeout: opts.timeoutMs });
    } finally {
      delete holder.__run;
    }
  };

  const state: { done: boolean; failed?: boolean; error?: unknown } = { done: false };
  try {
    limited(() => {
      fn(require, module, module.exports, console, state);
    });
  } catch (e) {
    if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new LearnerCodeError('timeout', `ran longer than ${opts.timeoutMs} ms and was stopped (an endless loop?)`, { timeoutMs: opts.timeoutMs });
    throw new LearnerCodeError('runtime', messageOf(e), { line: lineOf(e, opts.fileName) });
  }
  if (!state.done) throw new LearnerCodeError('pending', 'still waiting for something that never finishes (an await that never resolves?)');
  if (state.failed) throw new LearnerCodeError('runtime', messageOf(state.error), { line: lineOf(state.error, opts.fileName) });

  const exports = { ...module.exports };
  delete exports.__esModule;
  return {
    exports,
    logs,
    runLimited<T>(run: () => T): T {
      const out: { value?: T } = {};
      try {
        limited(() => {
          out.value = run();
        });
      } catch (e) {
        if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new LearnerCodeError('timeout', `the checks ran longer than ${opts.timeoutMs} ms and were stopped`, { timeoutMs: opts.timeoutMs });
        throw e;
      }
      return out.value as T;
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
