// The messages that cross the three realms of a lab run, and strict parsers for each direction.
//
//   page (runner.ts) ──postMessage──▶ sandbox frame (sandbox-frame.js, opaque origin) ──▶ worker (sandbox-worker.ts)
//   page ◀── FrameMessage ──────────── frame ◀── WorkerMessage (relayed inside FrameMessage 'worker') ─── worker
//
// Every message that arrives from a less trusted realm goes through a parser here before it is used: anything
// that is not exactly one of the known shapes becomes `null` and is dropped. The worker runs learner code, so a
// learner can post anything at all to the frame; the parsers make sure such messages cannot confuse the page.
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
  | { t: 'ready' }
  | { t: 'started' }
  | { t: 'log'; level: LogLevel; text: string }
  | { t: 'truncated' }
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
    };

// ---- page → frame ------------------------------------------------------------------------------------------

export type PageToFrame =
  | { t: 'load'; src?: string; url?: string }
  | { t: 'run'; run: number; js: string; limits: OutputLimits; maxMessages: number }
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
    case 'started':
    case 'truncated':
      return hasOnly(v, ['t']) ? { t: v.t } : null;
    case 'log':
      if (!hasOnly(v, ['t', 'level', 'text']) || !isLogLevel(v.level) || !isText(v.text)) return null;
      return { t: 'log', level: v.level, text: v.text };
    case 'done': {
      if (!hasOnly(v, ['t', 'error', 'exports', 'skippedExports', 'durationMs', 'droppedLines'])) return null;
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
      return msg;
    }
    default:
      return null;
  }
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
export function parseRunRequest(v: unknown): RunRequest | null {
  if (!isRecord(v) || v.t !== 'run' || !hasOnly(v, ['t', 'js', 'limits'])) return null;
  if (typeof v.js !== 'string') return null;
  const limits = parseLimits(v.limits);
  return limits ? { t: 'run', js: v.js, limits } : null;
}
