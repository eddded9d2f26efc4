// Runs a learner's cell from the page: transpile, hand the JavaScript to the sandbox, enforce the time limit,
// collect the output, and answer with one RunResult. No UI here.
//
// Isolation (see sandbox-frame.js and sandbox-worker.ts):
//   page ──▶ <iframe sandbox="allow-scripts" srcdoc> (opaque origin; CSP: no network, scripts inline/blob only)
//          └─▶ one classic Worker per run, from a blob URL of the bundled sandbox worker (inherits the CSP)
// The opaque origin keeps learner code away from the page's DOM, cookies and storage; the CSP blocks network
// access, including from workers the learner code might start; the worker additionally shadows those APIs
// with clear errors. The page starts the time limit when the worker says 'started' and, when it runs out, has
// the frame terminate the worker: an endless loop burns one worker thread, never the page's main thread.
//
// Why a worker inside the frame rather than code in the frame itself: a sandboxed frame may share the page's
// thread (it does in Firefox and Safari), so `while (true) {}` there would freeze the page before any timer
// could remove the frame. Why classic workers: Chromium rejects module workers from blob URLs in an
// opaque-origin frame (tested), and a URL-loaded worker would be cross-origin to the frame.
//
// A run may carry a lab (RunOptions.lab): the worker then runs the lab's checks after the code, on the live
// exported cluster, and the result comes back in RunResult.checks. The checks get the same time limit again,
// counted from the worker's 'checking' message.
//
// Not modelled: running two cells' code in one realm (each run is fresh).

import frameScript from './sandbox-frame.js?raw';
import workerUrl from './sandbox-worker.ts?worker&url';
import { OutputBuffer } from './output';
import {
  DEFAULT_LIMITS,
  DEFAULT_TIMEOUT_MS,
  parseFrameMessage,
  parseWorkerMessage,
  type CheckLang,
  type CheckRunData,
  type ExecOutput,
  type ExecRequest,
  type FrameMessage,
  type LabError,
  type LabRequest,
  type LogLine,
  type OutputLimits,
  type PageToFrame,
} from './protocol';
import { transpile, type CellLang, type TranspileResult } from './transpile';

export interface RunOptions {
  lang?: CellLang;
  /** Hard limit on the cell's run time; the worker is terminated when it runs out. */
  timeoutMs?: number;
  limits?: Partial<OutputLimits>;
  /** Called for every kept console line as it arrives. */
  onLog?: (line: LogLine) => void;
  /** Grade a lab: run its checks on the code's exports, inside the sandbox. */
  lab?: LabRequest;
  /** Terminal commands to run in the exported cluster after the code (the lab's terminal). */
  exec?: ExecRequest;
}

export interface RunResult {
  /** true when the cell compiled, finished in time and did not throw. */
  ok: boolean;
  logs: LogLine[];
  error?: LabError;
  timedOut: boolean;
  /** The cell's exports that are plain data (or toJSON() results), by export name ('default' for export default). */
  exports: Record<string, unknown>;
  /** Exports left out because they are not plain data. */
  skippedExports: string[];
  /** Run time of the cell's code (0 when it did not compile). */
  durationMs: number;
  /** true when output was cut at the line or byte limit. */
  truncated: boolean;
  /** Lines not shown because of the limit (approximate once truncated: one per console call). */
  droppedLines: number;
  timeoutMs: number;
  limits: OutputLimits;
  /** The lab's check results, when the run carried a lab and the code finished without an error. */
  checks?: CheckRunData;
  /** true when the time limit ran out while the lab's checks ran (the code itself finished). */
  checksTimedOut?: boolean;
  /** The last terminal command's output, when the run carried commands and the code finished. */
  exec?: ExecOutput;
}

/** How long a new worker may take to load before the sandbox counts as broken. */
const STARTUP_MS = 15_000;

// default-src 'none' also covers img/style/font/frame; workers may come from blob: only; connect-src 'none' blocks
// fetch, XHR, WebSocket, EventSource. 'unsafe-eval' is needed by the AsyncFunction constructor that compiles a cell.
const CSP_BUILD =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'; base-uri 'none'; form-action 'none'";
// `astro dev` serves the worker as an unbundled ES module that imports other dev-server URLs, which a blob worker
// in an opaque origin cannot load. In dev only, the frame therefore keeps the page's origin (allow-same-origin)
// and loads the worker by URL; production builds always use the opaque origin.
const CSP_DEV =
  "default-src 'none'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; worker-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'";

export function frameSrcdoc(dev: boolean): string {
  const csp = dev ? CSP_DEV : CSP_BUILD;
  const script = frameScript.replace(/<\/(script)/gi, '<\\/$1');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${script}</script></head><body></body></html>`;
}

type Handler = (m: FrameMessage) => void;

class Sandbox {
  private frame: HTMLIFrameElement | null = null;
  private ready: Promise<void> | null = null;
  private readonly handlers = new Map<number, Handler>();
  private seq = 0;
  private readonly onMessage = (e: MessageEvent) => this.receive(e);

  constructor(private readonly dev: boolean) {}

  start(): Promise<void> {
    if (!this.ready) {
      this.ready = this.open().catch((err) => {
        this.destroy();
        throw err;
      });
    }
    return this.ready;
  }

  private open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', this.dev ? 'allow-scripts allow-same-origin' : 'allow-scripts');
      frame.setAttribute('title', 'Sandbox that runs code cells');
      frame.setAttribute('aria-hidden', 'true');
      frame.setAttribute('tabindex', '-1');
      frame.dataset.labSandbox = '';
      frame.hidden = true;
      frame.srcdoc = frameSrcdoc(this.dev);
      this.frame = frame;
      const timer = setTimeout(() => reject(new Error('the sandbox did not start')), STARTUP_MS);
      const source = this.dev
        ? Promise.resolve<PageToFrame>({ t: 'load', url: new URL(workerUrl, location.href).href })
        : fetch(workerUrl).then(async (r) => {
            if (!r.ok) throw new Error(`could not load the sandbox worker (HTTP ${r.status})`);
            return { t: 'load', src: await r.text() } satisfies PageToFrame;
          });
      source.catch((err: unknown) => {
        clearTimeout(timer);
        reject(err);
      });
      this.handlers.set(-1, (m) => {
        if (m.t === 'frame-ready') source.then((load) => this.post(load), () => {});
        else if (m.t === 'loaded') {
          clearTimeout(timer);
          this.handlers.delete(-1);
          resolve();
        }
      });
      addEventListener('message', this.onMessage);
      document.body.append(frame);
    });
  }

  private receive(e: MessageEvent): void {
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    if (!this.dev && e.origin !== 'null') return;
    const m = parseFrameMessage(e.data);
    if (!m) return;
    const id = m.t === 'frame-ready' || m.t === 'loaded' ? -1 : m.run;
    this.handlers.get(id)?.(m);
  }

  private post(m: PageToFrame): void {
    this.frame?.contentWindow?.postMessage(m, '*'); // an opaque origin cannot be named as a target origin
  }

  destroy(): void {
    removeEventListener('message', this.onMessage);
    this.frame?.remove();
    this.frame = null;
    this.ready = null;
    const pending = [...this.handlers.entries()];
    this.handlers.clear();
    for (const [id, h] of pending) if (id >= 0) h({ t: 'worker-error', run: id, message: 'the sandbox was reset' });
  }

  async run(js: string, timeoutMs: number, limits: OutputLimits, onLog?: (l: LogLine) => void, lab?: LabRequest, exec?: ExecRequest, pageLang?: CheckLang): Promise<RunResult> {
    await this.start();
    const id = ++this.seq;
    return new Promise<RunResult>((resolve) => {
      const out = new OutputBuffer(limits);
      let truncated = false;
      let droppedLines = 0;
      let t0 = 0;
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      let checking = false;
      const armKillTimer = () => {
        clearTimeout(killTimer);
        killTimer = setTimeout(() => {
          this.post({ t: 'kill', run: id });
          settle({ timedOut: true, durationMs: performance.now() - t0 });
        }, timeoutMs);
      };
      const startTimer = setTimeout(() => {
        settle({ error: { kind: 'internal', message: 'the sandbox did not start the code' } });
        this.destroy(); // a fresh frame for the next run
      }, STARTUP_MS);

      const settle = (r: { error?: LabError; timedOut?: boolean; exports?: Record<string, unknown>; skipped?: string[]; durationMs?: number; checks?: CheckRunData; exec?: ExecOutput }) => {
        clearTimeout(startTimer);
        clearTimeout(killTimer);
        this.handlers.delete(id);
        const timedOut = r.timedOut ?? false;
        resolve({
          ok: !r.error && !timedOut,
          logs: out.lines,
          ...(r.error ? { error: r.error } : {}),
          timedOut,
          exports: r.exports ?? {},
          skippedExports: r.skipped ?? [],
          durationMs: r.durationMs ?? (t0 ? performance.now() - t0 : 0),
          truncated: truncated || out.truncated,
          droppedLines: droppedLines + out.droppedLines,
          timeoutMs,
          limits,
          ...(r.checks ? { checks: r.checks } : {}),
          ...(r.exec ? { exec: r.exec } : {}),
          ...(timedOut && checking ? { checksTimedOut: true } : {}),
        });
      };

      this.handlers.set(id, (m) => {
        switch (m.t) {
          case 'worker': {
            const w = parseWorkerMessage(m.msg);
            if (!w) return; // not one of ours: ignore
            switch (w.t) {
              case 'started':
                clearTimeout(startTimer);
                t0 = performance.now();
                armKillTimer();
                return;
              case 'checking':
                if (!lab || checking || !t0) return; // only once, only after 'started', only when checks were asked for
                checking = true;
                armKillTimer();
                return;
              case 'log': {
                const kept = out.push(w.level, w.text);
                if (kept) onLog?.(kept);
                return;
              }
              case 'truncated':
                truncated = true;
                return;
              case 'done':
                droppedLines = w.droppedLines;
                settle({ error: w.error, exports: w.exports, skipped: w.skippedExports, durationMs: w.durationMs, checks: lab ? w.checks : undefined, exec: exec ? w.exec : undefined });
                return;
              case 'ready':
              case 'warm': // a spare that was still warming up when this run took it
                return;
            }
            return;
          }
          case 'worker-error':
            settle({ error: { kind: 'runtime', message: m.message } });
            return;
          case 'flood':
            truncated = true;
            settle({ error: { kind: 'runtime', message: 'stopped: the code sent too many messages' } });
            return;
          case 'killed':
          case 'frame-ready':
          case 'loaded':
            return;
        }
      });
      this.post({ t: 'run', run: id, js, limits, maxMessages: limits.maxLines + 10, ...(lab ? { lab } : {}), ...(exec ? { exec } : {}), ...(pageLang ? { pageLang } : {}) });
    });
  }
}

let shared: Sandbox | null = null;
function sandbox(): Sandbox {
  shared ??= new Sandbox(import.meta.env.DEV);
  return shared;
}

let transpilerWarm = false;

/**
 * Creates the sandbox frame and its warm workers ahead of the first Run (when a learner starts editing, or acts
 * on a page with a code cell near the viewport), and compiles the transpiler once, so the first Run does not pay
 * for any of it.
 */
export function warmUp(): void {
  sandbox().start().catch(() => {});
  if (!transpilerWarm) {
    transpilerWarm = true;
    transpile("import { cluster } from 'k8snet';\nconst n: number = 1;\nexport default { n };\n");
  }
}

/**
 * The last few transpiled cells, by language and source: running unchanged code again (Run twice, Check after
 * Run, every terminal command of a lab, which reruns the session's code) skips sucrase, 10-15 ms of main thread.
 */
const compiledCache = new Map<string, TranspileResult>();
const COMPILED_CACHE_SIZE = 8;

function compile(source: string, lang: CellLang): TranspileResult {
  const key = `${lang}\n${source}`;
  const hit = compiledCache.get(key);
  if (hit) {
    compiledCache.delete(key); // most recently used last
    compiledCache.set(key, hit);
    return hit;
  }
  const r = transpile(source, lang);
  compiledCache.set(key, r);
  if (compiledCache.size > COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value!);
  return r;
}

/** The page's language (Starlight sets <html lang>), for what the learner's code prints in words. */
function pageLanguage(): CheckLang {
  return typeof document !== 'undefined' && document.documentElement.lang.toLowerCase().startsWith('zh') ? 'zh-tw' : 'en';
}

export async function runCell(source: string, opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limits: OutputLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const compiled = compile(source, opts.lang ?? 'ts');
  if (!compiled.ok) {
    return {
      ok: false,
      logs: [],
      error: compiled.error,
      timedOut: false,
      exports: {},
      skippedExports: [],
      durationMs: 0,
      truncated: false,
      droppedLines: 0,
      timeoutMs,
      limits,
    };
  }
  try {
    return await sandbox().run(compiled.js, timeoutMs, limits, opts.onLog, opts.lab, opts.exec, pageLanguage());
  } catch (err) {
    return {
      ok: false,
      logs: [],
      error: { kind: 'internal', message: err instanceof Error ? err.message : String(err) },
      timedOut: false,
      exports: {},
      skippedExports: [],
      durationMs: 0,
      truncated: false,
      droppedLines: 0,
      timeoutMs,
      limits,
    };
  }
}
