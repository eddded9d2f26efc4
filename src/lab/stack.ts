// Finds the learner's line in a runtime error's stack trace.
//
// The worker compiles the cell with the AsyncFunction constructor and appends `//# sourceURL=<CELL_FILE>`, so
// engines name the cell's frames after CELL_FILE: V8 "at f (your-code.ts:5:7)", SpiderMonkey/JavaScriptCore
// "f@your-code.ts:5:7". Without the name V8 writes "<anonymous>:5:7" and SpiderMonkey "… > AsyncFunction:5:7";
// those are accepted as fallbacks. The constructor puts a header ("async function anonymous(require,…\n) {\n")
// before the body, so line numbers are shifted by a few lines; the worker measures that shift once with a probe
// (`measureHeaderLines`) instead of assuming an engine's header layout.
//
// The first matching frame is the innermost call inside the learner's code, i.e. the learner line that threw or
// that called into the simulator which threw: exactly the line a learner should look at.
//
// Not modelled: stacks of errors thrown from timers or unawaited promises after the cell finished.

export const CELL_FILE = 'your-code.ts';

const NAMED = /(?:^|[\s(@])your-code\.ts:(\d+):(\d+)/m;
const FALLBACKS = [/<anonymous>:(\d+):(\d+)/, /> (?:Async)?Function:(\d+):(\d+)/];

export interface Position {
  line: number;
  column: number;
}

/** Raw (unshifted) position of the first cell frame in `stack`, or undefined. */
export function firstCellFrame(stack: string): Position | undefined {
  for (const re of [NAMED, ...FALLBACKS]) {
    const m = re.exec(stack);
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return undefined;
}

/**
 * Learner position for an error stack, given how many header lines the engine put before the body.
 * Returns undefined when no cell frame is found or the line falls outside the learner's source.
 */
export function learnerPosition(stack: string, headerLines: number, sourceLines: number): Position | undefined {
  const raw = firstCellFrame(stack);
  if (!raw) return undefined;
  const line = raw.line - headerLines;
  if (line < 1 || line > sourceLines) return undefined;
  return { line, column: raw.column };
}

/**
 * Header lines the engine adds in front of a function body: the raw line of an error thrown on the body's
 * first line, minus one. `probeStack` is the stack of `new AsyncFunction(...params, 'throw new Error()' + tag)`.
 */
export function measureHeaderLines(probeStack: string): number {
  const raw = firstCellFrame(probeStack);
  return raw ? Math.max(0, raw.line - 1) : 2; // 2: the layout V8 and SpiderMonkey use today
}
