/**
 * The check engine: a lab's checks run against the exports of the learner's module (`export default c` and any
 * named exports), giving one result per check with the lab's message in the asked language and, on failure,
 * what was expected and what was found. Pure, so the page's lab Worker and `k8snet grade` run the same code.
 *
 * Each check runs on its own: a check that throws (a Pod the learner removed, a TypeScript check's bug) fails
 * with the error as what was found, and the others still run. Traces asking the same question share one run.
 *
 * Not modelled: time limits (the caller runs this where it can stop it: the lab Worker, or src/labs/node's vm).
 */
import { SimError } from '../sim/core/errors';
import type { LabCluster } from '../sim/api';
import { evaluateExec, evaluateRoute, evaluateRule } from './check-node';
import { evaluateObject } from './check-object';
import { evaluateExport } from './check-export';
import { evaluateTrace, runTrace, type TraceCache } from './check-trace';
import type { Lab } from './load';
import type { Outcome } from './outcome';
import { CheckProblem } from './refs';
import type { CheckSpec, Lang, RouteExpect, TraceExpect } from './schema';
import type { CheckResult, CheckRun, TsCheckResult } from './types';
import { fill, say } from './words';

export interface RunOptions {
  lang?: Lang;
}

/** The learner's default export, when it is a cluster (checked by shape: it may come from another realm). */
export function clusterOf(exports: Record<string, unknown>): LabCluster | undefined {
  const d = exports.default as Partial<LabCluster> | undefined | null;
  return d && typeof d === 'object' && typeof d.trace === 'function' && typeof d.exec === 'function' && 'model' in d ? (d as LabCluster) : undefined;
}

function needsCluster(c: CheckSpec): boolean {
  return c.trace !== undefined || c.route !== undefined || c.rule !== undefined || c.object !== undefined || c.exec !== undefined || c.export?.equalsPath !== undefined;
}

function tsOutcome(r: TsCheckResult): Outcome {
  if (typeof r === 'boolean') return { pass: r };
  return { pass: r.pass === true, expected: r.expected, found: r.found, values: r.values };
}

function evaluate(check: CheckSpec, lab: Lab, exports: Record<string, unknown>, cluster: LabCluster | undefined, cache: TraceCache, lang: Lang): Outcome {
  if (needsCluster(check) && !cluster) return { pass: false, found: say(lang, 'noCluster') };
  if (check.trace) return evaluateTrace(runTrace(cluster!, cache, check.trace), check.expect as TraceExpect, cluster!.model, lang);
  if (check.route) return evaluateRoute(cluster!, check.route, check.expect as RouteExpect, lang);
  if (check.rule) return evaluateRule(cluster!, check.rule, lang);
  if (check.exec) return evaluateExec(cluster!, check.exec, lang);
  if (check.object) return evaluateObject(check.object, cluster!.model, lang);
  if (check.export) {
    const p = check.export.equalsPath;
    return evaluateExport(check.export, exports, lang, p ? () => runTrace(cluster!, cache, p) : undefined);
  }
  if (check.ts !== undefined) {
    const fn = lab.tsChecks[check.ts];
    if (!fn) throw new Error(`checks.ts has no function ${check.ts}`);
    return tsOutcome(fn({ cluster, exports, lang }));
  }
  throw new Error(`check ${check.id} has nothing to check`);
}

function errorText(e: unknown, lang: Lang): string {
  if (e instanceof CheckProblem) return e.text[lang];
  if (e instanceof SimError) return e.message;
  if (e instanceof Error) return say(lang, 'threw', { error: `${e.name}: ${e.message}` });
  return say(lang, 'threw', { error: String(e) });
}

/** Runs every check of the lab. `exports` are the learner module's exports ('default' = the cluster). */
export function runChecks(lab: Lab, exports: Record<string, unknown>, opts: RunOptions = {}): CheckRun {
  const lang = opts.lang ?? 'en';
  const cluster = clusterOf(exports);
  const cache: TraceCache = new Map();
  const results: CheckResult[] = lab.spec.checks.map((check) => {
    let o: Outcome;
    try {
      o = evaluate(check, lab, exports, cluster, cache, lang);
    } catch (e) {
      o = { pass: false, found: errorText(e, lang) };
    }
    const values: Record<string, string> = { ...o.values, id: check.id, expected: o.expected ?? '', found: o.found ?? '' };
    const result: CheckResult = { id: check.id, pass: o.pass, message: fill(check.message[lang], values, '—') };
    if (!o.pass) {
      if (o.expected !== undefined) result.expected = o.expected;
      if (o.found !== undefined) result.found = o.found;
    }
    return result;
  });
  return { passed: results.every((r) => r.pass), results };
}
