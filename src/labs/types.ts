/**
 * What the check engine hands back, and what a lab's TypeScript checks (checks.ts) receive and return.
 *
 * Not modelled: partial credit (a check passes or fails), check weights.
 */
import type { LabCluster } from '../sim/api';
import type { Lang } from './schema';

export interface CheckResult {
  id: string;
  pass: boolean;
  /** The lab's message for this check, in the asked language, placeholders filled in. */
  message: string;
  /** What the check wanted, in the asked language (present when the check failed). */
  expected?: string;
  /** What the learner's cluster or module gave (present when the check failed). */
  found?: string;
}

export interface CheckRun {
  passed: boolean;
  results: CheckResult[];
}

/** What a function in checks.ts receives. */
export interface TsCheckContext {
  /** The learner's `export default` (undefined when it is not a cluster). */
  cluster: LabCluster | undefined;
  /** Every export of the learner's module, by name ('default' included). */
  exports: Record<string, unknown>;
  lang: Lang;
}

/** What a function in checks.ts returns: a boolean, or a verdict with what was expected and found. */
export type TsCheckResult =
  | boolean
  | {
      pass: boolean;
      expected?: string;
      found?: string;
      /** Extra {placeholders} for the check's message. */
      values?: Record<string, string>;
    };

export type TsCheck = (ctx: TsCheckContext) => TsCheckResult;
