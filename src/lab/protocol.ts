// The messages that cross the three realms of a lab run, and strict parsers for each direction.
//
//   page (runner.ts) ──postMessage──▶ sandbox frame (sandbox-frame.js, opaque origin) ──▶ worker (sandbox-worker.ts)
//   page ◀── FrameMessage ──────────── frame ◀── WorkerMessage (relayed inside FrameMessage 'worker') ─── worker
//
// Every message that arrives from a less trusted realm goes through a parser here before it is used: anything
// that is not exactly one of the known shapes becomes `null` and is dropped. The worker runs learner code, so a
// learner can post anything at all to the frame; the parsers make sure such messages cannot confuse the page.
//
// A run may carry a lab (`lab` in the run request): the worker then runs the lab's checks on the live exports of
// the learner's module after the code finishes, and answers with the check results in 'done'. The cluster the
// checks need is a live object, which cannot cross postMessage; the lab's spec (plain JSON, validated at build
// time) can.
//
// A run may instead carry terminal commands (`exec`): the worker runs the code, then the commands, in order, in
// the cluster it exported, and answers with the last command's output. Replaying the earlier commands each time
// gives a terminal session on a cluster that lives only as long as one run.
//
// Not modelled: versioning of the protocol (page, frame and worker always ship together in one build).

export type LogLevel = 'log' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['log', 'info', 'warn', 'error'];

export interface LogLine {
  level: LogLevel;
  text: string;
}

/** syntax: the code did not compile; runtime: it threw; internal: the sandbox itself failed. */
export type LabErrorKind = 'syntax' | 'runtime' | 'internal';

export interface LabError {
  kind: LabErrorKind;
  /** 1-based line in the learner's own source, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** The message without any position prefix, e.g. "boom" or "Unexpected token". */
  message: string;
}

export interface OutputLimits {
  /** Physical lines (a log call with embedded newlines counts each line). */
  maxLines: number;
  /** UTF-8 bytes of all log text. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: OutputLimits = { maxLines: 200, maxBytes: 100_000 };
export const DEFAULT_TIMEOUT_MS = 2000;

/** Longest single text field accepted from the worker; the output buffer caps totals well below this. */
export const MAX_TEXT = 200_000;

// ---- worker → frame → page -------------------------------------------------------------------------------

export type WorkerMessage =
  /** Set up (modules loaded, page APIs denied): a run can start. */
  | { t: 'ready' }
  /** Done warming the simulator up, as the frame asked (see WARM_REQUEST). */
  | { t: 'warm' }
  | { t: 'started' }
  | { t: 'log'; level: LogLevel; text: string }
  | { t: 'truncated' }
  /** The learner's code finished; the lab's checks start now (they get a time limit of their own). */
  | { t: 'checking' }
  | {
      t: 'done';
      error?: LabError;
      exports: Record<string, unknown>;
      /** Export names that were left out because they are not plain data (e.g. a class instance). */
      skippedExports: string[];
      /** Execution time measured inside the worker. */
      durationMs: number;
      /** Log lines the worker did not send because the output limit was reached. */
      droppedLines: number;
      /** The lab's check results, when the run carried a lab and the learner's code finished. */
      checks?: CheckRunData;
      /** The last command's output, when the run carried terminal commands and the code finished. */
      exec?: ExecOutput;
    };

/** A terminal command: where (node/NAME, pod/NS/NAME, a host) and the command line. */
export interface ExecCommand {
  target: string;
  line: string;
}

export interface ExecRequest {
  /** Earlier commands of the session first (replayed), the command to answer last. */
  commands: ExecCommand[];
}

export interface ExecOutput {
  stdout: string;
  stderr: string;
  code: number;
}

export const MAX_EXEC_COMMANDS = 200;

/** One check's result as the worker reports it (src/labs/types.ts CheckResult). */
export interface CheckResultData {
  id: string;
  pass: boolean;
  message: string;
  expected?: string;
  found?: string;
}

export interface CheckRunData {
  passed: boolean;
  results: CheckResultData[];
}

export type CheckLang = 'en' | 'zh-tw';

/** What a run needs to grade a lab: the validated lab.yaml as JSON, checks.ts compiled, the language. */
export interface LabRequest {
  /** The lab's spec (src/labs/schema.ts LabSpec), validated at build time. */
  spec: Record<string, unknown>;
  /** checks.ts, compiled like a cell, when the lab has one. */
  checksJs?: string;
  lang: CheckLang;
}

// ---- page → frame ------------------------------------------------------------------------------------------

export type PageToFrame =
  | { t: 'load'; src?: string; url?: string }
  | { t: 'run'; run: number; js: string; limits: OutputLimits; maxMessages: number; lab?: LabRequest; exec?: ExecRequest; pageLang?: CheckLang }
  | { t: 'kill'; run: number };

// ---- frame → page ------------------------------------------------------------------------------------------

export type FrameMessage =
  | { t: 'frame-ready' }
  | { t: 'loaded' }
  | { t: 'worker'; run: number; msg: unknown }
  | { t: 'worker-error'; run: number; message: string }
  | { t: 'flood'; run: number }
  | { t: 'killed'; run: number };

// ---- frame → worker ----------------------------------------------------------------------------------------

export interface RunRequest {
  t: 'run';
  js: string;
  limits: OutputLimits;
  lab?: LabRequest;
  exec?: ExecRequest;
  /** The page's language: what `explain()` without an argument speaks. */
  pageLang?: CheckLang;
}

// ---- parsers -----------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isRecord(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOnly(o: Obj, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function isText(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isPositiveInt(v: unknown): v is number {
  return isCount(v) && v > 0;
}

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

export function parseLabError(v: unknown): LabError | null {
  if (!isRecord(v) || !hasOnly(v, ['kind', 'line', 'column', 'message'])) return null;
  if (v.kind !== 'syntax' && v.kind !== 'runtime' && v.kind !== 'internal') return null;
  if (!isText(v.message, 20_000)) return null;
  if (v.line !== undefined && !isPositiveInt(v.line)) return null;
  if (v.column !== undefined && !isPositiveInt(v.column)) return null;
  const e: LabError = { kind: v.kind, message: v.message };
  if (v.line !== undefined) e.line = v.line;
  if (v.column !== undefined) e.column = v.column;
  return e;
}

function parseLimits(v: unknown): OutputLimits | null {
  if (!isRecord(v) || !hasOnly(v, ['maxLines', 'maxBytes'])) return null;
  return isPositiveInt(v.maxLines) && isPositiveInt(v.maxBytes) ? { maxLines: v.maxLines, maxBytes: v.maxBytes } : null;
}

/** Messages the worker sends. Used by the page on everything the frame relays. */
export function parseWorkerMessage(v: unknown): WorkerMessage | null {
  if (!isRecord(v)) return null;
  switch (v.t) {
    case 'ready':
    case 'warm':
    case 'started':
    case 'truncated':
    case 'checking':
      return hasOnly(v, ['t']) ? { t: v.t } : null;
    case 'log':
      if (!hasOnly(v, ['t', 'level', 'text']) || !isLogLevel(v.level) || !isText(v.text)) return null;
      return { t: 'log', level: v.level, text: v.text };
    case 'done': {
      if (!hasOnly(v, ['t', 'error', 'exports', 'skippedExports', 'durationMs', 'droppedLines', 'checks', 'exec'])) return null;
      const error = v.error === undefined ? undefined : parseLabError(v.error);
      if (error === null) return null;
      if (!isRecord(v.exports)) return null;
      const skipped = v.skippedExports;
      if (!Array.isArray(skipped) || skipped.length > 1000 || !skipped.every((s) => isText(s, 1000))) return null;
      if (typeof v.durationMs !== 'number' || !(v.durationMs >= 0) || !isCount(v.droppedLines)) return null;
      const msg: WorkerMessage = {
        t: 'done',
        exports: v.exports,
        skippedExports: skipped as string[],
        durationMs: v.durationMs,
        droppedLines: v.droppedLines,
      };
      if (error) msg.error = error;
      if (v.checks !== undefined) {
        const checks = parseCheckRun(v.checks);
        if (!checks) return null;
        msg.checks = checks;
      }
      if (v.exec !== undefined) {
        const exec = parseExecOutput(v.exec);
        if (!exec) return null;
        msg.exec = exec;
      }
      return msg;
    }
    default:
      return null;
  }
}

const MAX_CHECKS = 500;
const MAX_CHECK_TEXT = 20_000;

function parseCheckResult(v: unknown): CheckResultData | null {
  if (!isRecord(v) || !hasOnly(v, ['id', 'pass', 'message', 'expected', 'found'])) return null;
  if (!isText(v.id, 200) || typeof v.pass !== 'boolean' || !isText(v.message, MAX_CHECK_TEXT)) return null;
  const r: CheckResultData = { id: v.id, pass: v.pass, message: v.message };
  for (const k of ['expected', 'found'] as const) {
    if (v[k] === undefined) continue;
    if (!isText(v[k], MAX_CHECK_TEXT)) return null;
    r[k] = v[k];
  }
  return r;
}

/** A lab's check results. `passed` must agree with the results: it is what marks a lab complete. */
export function parseCheckRun(v: unknown): CheckRunData | null {
  if (!isRecord(v) || !hasOnly(v, ['passed', 'results'])) return null;
  if (typeof v.passed !== 'boolean' || !Array.isArray(v.results) || v.results.length > MAX_CHECKS) return null;
  const results: CheckResultData[] = [];
  for (const r of v.results) {
    const parsed = parseCheckResult(r);
    if (!parsed) return null;
    results.push(parsed);
  }
  if (v.passed !== (results.length > 0 && results.every((r) => r.pass))) return null;
  return { passed: v.passed, results };
}

export function parseExecOutput(v: unknown): ExecOutput | null {
  if (!isRecord(v) || !hasOnly(v, ['stdout', 'stderr', 'code'])) return null;
  if (!isText(v.stdout) || !isText(v.stderr) || !Number.isSafeInteger(v.code)) return null;
  return { stdout: v.stdout, stderr: v.stderr, code: v.code as number };
}

function parseExecRequest(v: unknown): ExecRequest | null {
  if (!isRecord(v) || !hasOnly(v, ['commands']) || !Array.isArray(v.commands)) return null;
  if (v.commands.length === 0 || v.commands.length > MAX_EXEC_COMMANDS) return null;
  const commands: ExecCommand[] = [];
  for (const c of v.commands) {
    if (!isRecord(c) || !hasOnly(c, ['target', 'line']) || !isText(c.target, 300) || !isText(c.line, 10_000)) return null;
    commands.push({ target: c.target, line: c.line });
  }
  return { commands };
}

function parseLabRequest(v: unknown): LabRequest | null {
  if (!isRecord(v) || !hasOnly(v, ['spec', 'checksJs', 'lang'])) return null;
  if (!isRecord(v.spec) || !Array.isArray(v.spec.checks)) return null;
  if (v.lang !== 'en' && v.lang !== 'zh-tw') return null;
  if (v.checksJs !== undefined && typeof v.checksJs !== 'string') return null;
  const lab: LabRequest = { spec: v.spec, lang: v.lang };
  if (v.checksJs !== undefined) lab.checksJs = v.checksJs;
  return lab;
}

/** Messages the sandbox frame sends to the page. `msg` inside 'worker' is still unparsed. */
export function parseFrameMessage(v: unknown): FrameMessage | null {
  if (!isRecord(v)) return null;
  switch (v.t) {
    case 'frame-ready':
    case 'loaded':
      return hasOnly(v, ['t']) ? { t: v.t } : null;
    case 'worker':
      return hasOnly(v, ['t', 'run', 'msg']) && isCount(v.run) ? { t: 'worker', run: v.run, msg: v.msg } : null;
    case 'worker-error':
      return hasOnly(v, ['t', 'run', 'message']) && isCount(v.run) && isText(v.message, 20_000)
        ? { t: 'worker-error', run: v.run, message: v.message }
        : null;
    case 'flood':
    case 'killed':
      return hasOnly(v, ['t', 'run']) && isCount(v.run) ? { t: v.t, run: v.run } : null;
    default:
      return null;
  }
}

/** The one message a worker accepts (it comes from the frame, but a worker trusts nothing). */
/**
 * The frame's request to a spare worker that said 'ready': warm the simulator up (warm-up.ts) and say 'warm'. A
 * worker that gets a run first never warms up: the learner is waiting, and a cold run is quicker than a warm-up.
 */
export const WARM_REQUEST = { t: 'warm' } as const;

export function isWarmRequest(v: unknown): boolean {
  return isRecord(v) && v.t === 'warm' && hasOnly(v, ['t']);
}

export function parseRunRequest(v: unknown): RunRequest | null {
  if (!isRecord(v) || v.t !== 'run' || !hasOnly(v, ['t', 'js', 'limits', 'lab', 'exec', 'pageLang'])) return null;
  if (v.pageLang !== undefined && v.pageLang !== 'en' && v.pageLang !== 'zh-tw') return null;
  if (typeof v.js !== 'string') return null;
  const limits = parseLimits(v.limits);
  if (!limits) return null;
  const req: RunRequest = { t: 'run', js: v.js, limits };
  if (v.pageLang !== undefined) req.pageLang = v.pageLang;
  if (v.lab !== undefined) {
    const lab = parseLabRequest(v.lab);
    if (!lab) return null;
    req.lab = lab;
  }
  if (v.exec !== undefined) {
    const exec = parseExecRequest(v.exec);
    if (!exec) return null;
    req.exec = exec;
  }
  return req;
}
