// Turns a learner's TypeScript (or JavaScript) cell into a CommonJS-style script body for the sandbox worker.
//
// sucrase with the 'typescript' and 'imports' transforms: types are erased and `import … from 'k8snet'` becomes
// `require('k8snet')`, so the worker can hand modules in through a `require` parameter. sucrase keeps every
// statement on its original line (its helpers go on line 1, blank lines stand in for erased declarations), so a
// line number in the output is the learner's line number; tests/unit/lab-transpile.test.ts checks this on every
// construct a cell is likely to use. disableESTransforms leaves modern syntax (?., ??, class fields) alone, which
// also avoids extra helper code.
//
// There is no type checking here: Monaco's TypeScript worker shows type errors while the learner types.
//
// Not modelled: JSX, decorators, source maps (not needed while lines are preserved).

import { transform } from 'sucrase';
import type { LabError } from './protocol';

export type CellLang = 'ts' | 'js';

export type TranspileResult = { ok: true; js: string } | { ok: false; error: LabError };

/** sucrase wraps parse errors as "Error transforming cell.ts: Unexpected token (2:11)"; the UI shows the line
 * in its own words, so both the prefix and the "(line:column)" suffix go. */
const PREFIX = /^Error transforming [^:]*:\s*/;
const POSITION_SUFFIX = /\s*\(\d+:\d+\)\s*$/;

export function transpile(source: string, lang: CellLang = 'ts'): TranspileResult {
  const code = source.replace(/\r\n?/g, '\n');
  try {
    const out = transform(code, {
      transforms: lang === 'ts' ? ['typescript', 'imports'] : ['imports'],
      disableESTransforms: true,
      // 'cell.ts' makes sucrase parse TypeScript in .ts mode (no JSX, `<T>x` casts allowed).
      filePath: lang === 'ts' ? 'cell.ts' : 'cell.js',
    });
    return { ok: true, js: out.code };
  } catch (e) {
    return { ok: false, error: syntaxError(e) };
  }
}

function syntaxError(e: unknown): LabError {
  const message = e instanceof Error ? e.message.replace(PREFIX, '').replace(POSITION_SUFFIX, '') : String(e);
  const loc = (e as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  const error: LabError = { kind: 'syntax', message: message || 'Syntax error' };
  if (loc && typeof loc.line === 'number' && loc.line >= 1) error.line = loc.line;
  // sucrase's loc.column is already 1-based: `const b = ;` reports column 11 for the ';' at offset 10.
  if (loc && typeof loc.column === 'number' && loc.column >= 1) error.column = loc.column;
  return error;
}
