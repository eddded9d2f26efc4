// Check for a lab: runs the learner's code in the sandbox with the lab attached, so the worker runs the lab's
// checks on the live exported cluster (src/lab/sandbox-worker.ts), and turns every way a run can end into one
// list of check results: when the code did not compile, threw or ran out of time, every check fails with that
// reason as what was found (as `k8snet grade` reports it).
//
// The lab's terminal goes through here too (runLabCommand): each command reruns the code of the last run and
// replays the session's earlier commands, so a command sees the cluster the views show, with the earlier
// commands' changes.
//
// Not modelled: partial results when the checks themselves run out of time (the worker is stopped, so none
// come back).

import { runCell, type RunOptions, type RunResult } from './runner';
import type { CheckRunData, ExecCommand, ExecOutput, LabRequest } from './protocol';

/** A check's message before it ran (built at build time from the engine with no exports). */
export interface PendingCheck {
  id: string;
  message: string;
}

/** Runs `code` and the lab's checks. The result's `checks` is set when the code finished. */
export function runLabChecks(code: string, opts: RunOptions, lab: LabRequest): Promise<RunResult> {
  return runCell(code, { ...opts, lab });
}

/** The check results of a run, or every check failed with `why` (the reason the checks could not run). */
export function checkResults(r: RunResult, pending: readonly PendingCheck[], why: string): CheckRunData {
  if (r.checks && !r.error && !r.timedOut) return r.checks;
  return { passed: false, results: pending.map((p) => ({ id: p.id, pass: false, message: p.message, found: why })) };
}

export type NotRunReason =
  | { kind: 'syntax'; line?: number; message: string }
  | { kind: 'runtime'; line?: number; message: string }
  | { kind: 'timeout'; limit: number }
  | { kind: 'checks-timeout'; limit: number }
  | { kind: 'internal'; message: string };

/** Why a run gave no check results, or null when it did. */
export function notRunReason(r: RunResult): NotRunReason | null {
  if (r.timedOut) return { kind: r.checksTimedOut ? 'checks-timeout' : 'timeout', limit: r.timeoutMs };
  if (r.error) {
    const e = r.error;
    if (e.kind === 'internal') return { kind: 'internal', message: e.message };
    return { kind: e.kind, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}) };
  }
  if (!r.checks) return { kind: 'internal', message: 'no check results came back' };
  return null;
}

/**
 * Runs the terminal command `commands[last]` in the cluster `code` exports, after replaying the earlier ones.
 * Never throws: a code that fails, or runs out of time, becomes the command's error output.
 */
export async function runLabCommand(code: string, commands: readonly ExecCommand[], timeoutMs: number): Promise<ExecOutput> {
  const r = await runCell(code, { timeoutMs, exec: { commands: [...commands] } });
  if (r.exec) return r.exec;
  const why = r.timedOut
    ? `the lab's code ran longer than ${r.timeoutMs} ms`
    : r.error
      ? `the lab's code stopped: ${r.error.line ? `line ${r.error.line}: ` : ''}${r.error.message}`
      : 'no answer from the sandbox';
  return { stdout: '', stderr: `${why}\n`, code: 1 };
}
