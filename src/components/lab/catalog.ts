// Build time only (Lab.astro, Progress.astro): the labs under src/content/labs, read through Vite so a change to
// a lab file rebuilds the pages that use it, each validated once with the lab engine. A bad lab throws the
// engine's LabFormatError ("src/content/labs/x/lab.yaml: checks[2].trace.to: Required (line 14)"), which fails
// the build.
//
// Not modelled: labs outside src/content/labs.

import { parse } from 'yaml';
import { loadLab, type Lab } from '../../labs/load';
import { translateComments } from '../../labs/node/comments';
import type { Lang } from '../../labs/schema';
import { evaluateModule } from '../../labs/node/evaluate';
import * as k8snet from '../../sim/api';
import { transpile } from '../../lab/transpile';

/** `k8snet grade`'s default limit (src/labs/node/labs.ts DEFAULT_TIME_LIMIT_MS), for the code and the checks. */
export const DEFAULT_TIME_LIMIT_MS = 5000;

const files = import.meta.glob('../../content/labs/*/*.{yaml,ts}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface LabBundle {
  lab: Lab;
  dir: string;
  /** The starter and the solution in each language: the same code, comments from comments.zh-tw.yaml. */
  code: Record<Lang, { starter: string; solution: string }>;
  /** checks.ts compiled for the sandbox worker, when the lab has one. */
  checksJs?: string;
  timeoutMs: number;
}

const cache = new Map<string, LabBundle>();

function read(id: string, name: string): string | undefined {
  return files[`../../content/labs/${id}/${name}`];
}

/** Every lab folder that has a lab.yaml, sorted. */
export function labIds(): string[] {
  return [...new Set(Object.keys(files).filter((f) => f.endsWith('/lab.yaml')).map((f) => f.split('/')[4]!))].sort();
}

/** One lab, validated (cached for the build). Throws with the file and the problem. */
export function labBundle(id: string): LabBundle {
  const hit = cache.get(id);
  if (hit) return hit;
  const dir = `src/content/labs/${id}`;
  const yaml = read(id, 'lab.yaml');
  if (yaml === undefined) throw new Error(`<Lab id="${id}">: there is no ${dir}/lab.yaml (labs: ${labIds().join(', ') || 'none'})`);
  const starter = read(id, 'starter.ts');
  const solution = read(id, 'solution.ts');
  if (starter === undefined) throw new Error(`${dir}/starter.ts: missing (every lab needs the code the learner starts from)`);
  if (solution === undefined) throw new Error(`${dir}/solution.ts: missing (every lab needs a reference answer)`);
  const checksSource = read(id, 'checks.ts');
  let checks: Record<string, unknown> | undefined;
  let checksJs: string | undefined;
  if (checksSource !== undefined) {
    try {
      checks = evaluateModule(checksSource, { fileName: 'checks.ts', timeoutMs: DEFAULT_TIME_LIMIT_MS, modules: { k8snet } }).exports;
    } catch (e) {
      throw new Error(`${dir}/checks.ts: ${(e as Error).message}`);
    }
    const compiled = transpile(checksSource, 'ts');
    if (!compiled.ok) throw new Error(`${dir}/checks.ts: ${compiled.error.message}`);
    checksJs = compiled.js;
  }
  const lab = loadLab({ file: `${dir}/lab.yaml`, yaml, checks, folder: id });
  // Comments without a translation stay in English here; tests/labs/translations.test.ts refuses them.
  const zh = read(id, 'comments.zh-tw.yaml');
  const map = (zh === undefined ? {} : (parse(zh) ?? {})) as Record<string, string>;
  const code: LabBundle['code'] = {
    en: { starter, solution },
    'zh-tw': { starter: translateComments(starter, map).code, solution: translateComments(solution, map).code },
  };
  const bundle: LabBundle = { lab, dir, code, timeoutMs: lab.spec.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, ...(checksJs !== undefined ? { checksJs } : {}) };
  cache.set(id, bundle);
  return bundle;
}

/** The lab ids a page's source embeds with <Lab id="…">, in order. */
export function embeddedLabs(source: string): string[] {
  return [...source.matchAll(/<Lab\b[^>]*\bid=(?:"([^"]+)"|'([^']+)'|\{["'`]([^"'`]+)["'`]\})/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}
