/**
 * Labs on disk, for Node (`k8snet grade`, the tests): finds the lab folders under src/content/labs, reads and
 * validates each one (its checks.ts evaluated like learner code), and grades a submission's source with the
 * same engine the page runs, under the lab's time limit.
 *
 *   const labs = nodeLabs();                                   // src/content/labs of this package
 *   labs.grade('pod-ip-cross-node', source, { lang: 'en', file: 'my.ts' });
 *
 * Not modelled: watching files for changes (each call reads the folder again).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8snet from '../../sim/api';
import { SimError } from '../../sim/core/errors';
import { loadLab, LabFormatError, type Lab } from '../load';
import { runChecks } from '../engine';
import type { Lang } from '../schema';
import type { CheckResult, CheckRun } from '../types';
import { evaluateModule, LearnerCodeError, type Evaluated } from './evaluate';

/** Default time limit for a learner's module, and again for the checks (a lab may set timeLimitMs). */
export const DEFAULT_TIME_LIMIT_MS = 5000;

/** This package's lab folders. */
export function defaultLabsRoot(): string {
  return fileURLToPath(new URL('../../content/labs/', import.meta.url));
}

export interface LabFiles {
  id: string;
  dir: string;
  yaml: string;
  starter: string;
  solution: string;
  checks?: string;
}

export interface GradeReport {
  lab: string;
  passed: boolean;
  results: CheckResult[];
  /** Present when the submission did not run (syntax error, exception, time limit): every check then fails. */
  error?: { kind: LearnerCodeError['kind']; message: string; line?: number };
}

export interface LabListing {
  id: string;
  chapter: string;
  kind: string;
  title: string;
}

export interface NodeLabsOptions {
  /** Folder holding one folder per lab (default: this package's src/content/labs). */
  root?: string;
  /** How file names start in messages (default "src/content/labs"). */
  displayRoot?: string;
}

/** The modules a learner's code (and a lab's checks.ts) may import. */
export const LEARNER_MODULES: Record<string, unknown> = { k8snet };

/** Runs a module's source and the lab's checks on it, each under the lab's time limit. */
export function gradeSource(lab: Lab, source: string, o: { lang?: Lang; file?: string } = {}): GradeReport {
  const timeoutMs = lab.spec.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const lang = o.lang ?? 'en';
  let mod: Evaluated;
  let run: CheckRun;
  try {
    mod = evaluateModule(source, { fileName: o.file ?? 'submission.ts', timeoutMs, modules: LEARNER_MODULES });
    run = mod.runLimited(() => runChecks(lab, mod.exports, { lang }));
  } catch (e) {
    if (!(e instanceof LearnerCodeError)) throw e;
    const error = { kind: e.kind, message: e.say(lang), ...(e.line !== undefined ? { line: e.line } : {}) };
    // Every check fails, with the reason the code did not run as what was found.
    const failed = runChecks(lab, {}, { lang }).results.map(({ id, message }) => ({ id, pass: false, message, found: error.message }));
    return { lab: lab.spec.id, passed: false, results: failed, error };
  }
  return { lab: lab.spec.id, ...run };
}

export function nodeLabs(opts: NodeLabsOptions = {}) {
  const root = resolve(opts.root ?? defaultLabsRoot());
  const display = opts.displayRoot ?? 'src/content/labs';

  const ids = (): string[] =>
    existsSync(root)
      ? readdirSync(root)
          .filter((d) => statSync(join(root, d)).isDirectory() && existsSync(join(root, d, 'lab.yaml')))
          .sort()
      : [];

  const files = (id: string): LabFiles => {
    const dir = join(root, id);
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const opt = (f: string) => (existsSync(join(dir, f)) ? read(f) : undefined);
    return { id, dir, yaml: read('lab.yaml'), starter: opt('starter.ts') ?? '', solution: opt('solution.ts') ?? '', checks: opt('checks.ts') };
  };

  const load = (id: string): Lab => {
    const f = files(id);
    const file = `${display}/${id}/lab.yaml`;
    let checks: Record<string, unknown> | undefined;
    if (f.checks !== undefined) {
      try {
        checks = evaluateModule(f.checks, { fileName: 'checks.ts', timeoutMs: DEFAULT_TIME_LIMIT_MS, modules: LEARNER_MODULES }).exports;
      } catch (e) {
        throw new LabFormatError(`${display}/${id}/checks.ts`, [(e as Error).message]);
      }
    }
    return loadLab({ file, yaml: f.yaml, checks, folder: id });
  };

  return {
    root,
    ids,
    files,
    load,
    gradeSource,
    /** Every lab, validated (throws LabFormatError for the first invalid one). */
    loadAll: (): Lab[] => ids().map(load),
    /** For `k8snet grade --list`. Invalid labs are reported as SimError so the command prints them. */
    list(): LabListing[] {
      return ids().map((id) => {
        const lab = asSimError(() => load(id));
        return { id, chapter: lab.spec.chapter, kind: lab.spec.kind, title: lab.spec.title.en };
      });
    },
    /** For `k8snet grade --lab ID FILE`. */
    grade(id: string, source: string, o: { lang?: Lang; file?: string } = {}): GradeReport {
      const known = ids();
      if (!known.includes(id)) throw new SimError('NOT_FOUND', `no lab "${id}" (labs: ${known.join(', ') || 'none'}); see k8snet grade --list`);
      return gradeSource(asSimError(() => load(id)), source, o);
    },
  };
}

export type NodeLabs = ReturnType<typeof nodeLabs>;

function asSimError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof LabFormatError) throw new SimError('BAD_CONFIG', `the lab is not valid:\n${e.message}`);
    throw e;
  }
}
