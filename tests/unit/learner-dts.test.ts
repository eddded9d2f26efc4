// The declarations Monaco gets for 'k8snet' (scripts/gen-learner-dts.mjs): generated from src/sim/api, they
// declare every export of the API, type-check on their own, keep the JSDoc, and are enough to type-check every
// code cell the site ships (lab starters and solutions, chapter and guide cells, the API's own header example)
// the way the editor does: strict, lib esnext + webworker, 'k8snet' resolved to the generated text only.
// Mistakes a learner makes get an error that names them.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { generateLearnerDts, INTERNAL_PREFIX, LEARNER_MODULE } from '../../scripts/gen-learner-dts.mjs';

const ROOT = resolve(__dirname, '../..');
const API = join(ROOT, 'src/sim/api/index.ts');
const DTS = '/k8snet-learner-api.d.ts';

// What monaco-setup.ts gives the TypeScript worker, plus skipLibCheck off so the generated file is checked too.
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  ignoreDeprecations: '6.0', // Node10 is what the editor sets (Monaco's worker runs TypeScript 5.9)
  lib: ['lib.esnext.d.ts', 'lib.webworker.d.ts'],
  types: [],
  skipLibCheck: false,
};

interface Cell {
  name: string;
  code: string;
}

/** TypeScript code cells of the site: lab starters and solutions, and `<CodeCell code={`…`}>` in the docs. */
function siteCells(): Cell[] {
  const labsDir = join(ROOT, 'src/content/labs');
  const labs = readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => ['starter.ts', 'solution.ts'].map((f) => ({ name: `labs/${d.name}/${f}`, code: readFileSync(join(labsDir, d.name, f), 'utf8') })));
  const docsDir = join(ROOT, 'src/content/docs');
  const pages = (readdirSync(docsDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.mdx')).sort();
  const docs = pages.flatMap((page) => mdxCells(readFileSync(join(docsDir, page), 'utf8')).map((c) => ({ ...c, name: `docs/${page}#${c.name}` })));
  return [...labs, ...docs];
}

/** The cells of one MDX page: each `<CodeCell … code={`…`} />` whose lang is not 'js'. */
function mdxCells(mdx: string): Cell[] {
  const cells: Cell[] = [];
  for (const m of mdx.matchAll(/<CodeCell\b/g)) {
    const rest = mdx.slice(m.index);
    const open = rest.indexOf('code={`');
    const close = rest.indexOf('/>');
    if (open < 0 || (close >= 0 && close < open)) continue; // code passed another way (a variable)
    let i = open + 'code={`'.length;
    let code = '';
    for (; rest[i] !== '`'; i++) {
      if (i >= rest.length) throw new Error('unterminated code={`…`} in an MDX page');
      if (rest[i] === '\\') code += rest[++i]; // \` \$ \\ in the template literal
      else if (rest[i] === '$' && rest[i + 1] === '{') throw new Error('a CodeCell code template with ${…} interpolation: this test reads it as plain text');
      else code += rest[i];
    }
    const attrs = rest.slice(0, open) + rest.slice(i, rest.indexOf('/>', i));
    if (/\blang="js"/.test(attrs)) continue;
    cells.push({ name: /\bid="([^"]+)"/.exec(attrs)?.[1] ?? `cell-${cells.length + 1}`, code });
  }
  return cells;
}

/** The example in src/sim/api/index.ts's header comment (the indented lines of its first comment). */
function headerExample(): string {
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(API, 'utf8'))![1]!;
  return comment
    .split('\n')
    .filter((l) => /^ \* {3}/.test(l))
    .map((l) => l.replace(/^ \* {3}/, ''))
    .join('\n');
}

let dts = '';
let emitDiagnostics: string[] = [];

beforeAll(async () => {
  const r = await generateLearnerDts();
  dts = r.dts;
  emitDiagnostics = r.diagnostics;
}, 180_000);

/** A language service over one cell (`/cell.ts`) and the declarations: the editor's view of the cell. */
function service(code: string): ts.LanguageService {
  const version = String(++services);
  const files = new Map([
    ['/cell.ts', code],
    [DTS, dts],
  ]);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => OPTIONS,
    getScriptFileNames: () => ['/cell.ts', DTS],
    getScriptVersion: (f) => (f === '/cell.ts' ? version : '1'), // the registry caches parsed files by name and version
    getScriptSnapshot: (f) => {
      const text = files.get(f) ?? ts.sys.readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/',
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => files.has(f) || ts.sys.fileExists(f),
    readFile: (f) => files.get(f) ?? ts.sys.readFile(f),
  };
  return ts.createLanguageService(host, registry);
}
// Shares parsed lib files between the services.
const registry = ts.createDocumentRegistry();
let services = 0;

function format(d: ts.Diagnostic): string {
  const where = d.file ? `${d.file.fileName === DTS ? 'k8snet.d.ts' : 'cell'}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
  return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
}

/** Every diagnostic of the cell (syntax, types, options), and of the declarations when `withDts`. */
function diagnose(code: string, withDts = false): string[] {
  const ls = service(code);
  const files = withDts ? ['/cell.ts', DTS] : ['/cell.ts'];
  return [
    ...ls.getCompilerOptionsDiagnostics(),
    ...files.flatMap((f) => [...ls.getSyntacticDiagnostics(f), ...ls.getSemanticDiagnostics(f)]),
  ].map(format);
}

describe('the generated declarations of k8snet', () => {
  it('are produced without declaration-emit problems', () => {
    expect(emitDiagnostics).toEqual([]);
    expect(dts).toContain(`declare module '${LEARNER_MODULE}' {`);
  });

  it('type-check on their own (strict, no skipLibCheck)', () => {
    expect(diagnose(`import * as k from '${LEARNER_MODULE}';\nexport default k;`, true)).toEqual([]);
  });

  it('declare exactly what src/sim/api/index.ts exports', () => {
    const source = ts.createProgram([API], { ...OPTIONS, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true });
    const sc = source.getTypeChecker();
    // Exports marked @internal (for the lab runtime, not learner code) are left out of the declarations.
    const internal = (s: ts.Symbol) => {
      const target = s.flags & ts.SymbolFlags.Alias ? sc.getAliasedSymbol(s) : s;
      return (target.declarations ?? []).some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal'));
    };
    const expected = sc.getExportsOfModule(sc.getSymbolAtLocation(source.getSourceFile(API)!)!).filter((s) => !internal(s)).map((s) => s.name).sort();
    const program = service('').getProgram()!;
    const c = program.getTypeChecker();
    const mod = c.getAmbientModules().find((m) => m.name === `"${LEARNER_MODULE}"`)!;
    expect(c.getExportsOfModule(mod).map((s) => s.name).sort()).toEqual(expected);
    // the ones the labs cannot do without
    expect(expected).toEqual(expect.arrayContaining(['cluster', 'fromManifests', 'LabCluster', 'SimError', 'TraceView', 'ClusterOptions']));
  });

  it('stay small: only declarations the API reaches, imports rewritten, no file headers', () => {
    // About 28 KB today (LabCluster.model, the whole simulator's Cluster type, is @internal and left out). The
    // bound is there to notice a new export that drags in much more; raise it knowingly.
    expect(dts.length).toBeLessThan(60_000);
    expect(dts).not.toMatch(/^\s*import .* from '\.{1,2}\//m); // every import rewritten to a module name
    expect(dts).not.toMatch(/\bimport\(["']\.{1,2}\//);
    // A file's header comment (followed by its imports) is not a declaration's doc: the entry's is left out.
    expect(dts).not.toContain("The learner API: what a lab's code cell imports");
    for (const m of dts.matchAll(/^declare module '([^']+)'/gm)) expect(m[1] === LEARNER_MODULE || m[1]!.startsWith(INTERNAL_PREFIX), m[1]).toBe(true);
  });

  it('keep the JSDoc: hover and completion show the docs', () => {
    const code = `import { cluster } from 'k8snet';\nconst c = cluster();\nc.trace('a', 'b').explain();\n`;
    const ls = service(code);
    const hover = ls.getQuickInfoAtPosition('/cell.ts', code.indexOf('cluster()'))!;
    expect(ts.displayPartsToString(hover.documentation)).toBe('A new cluster to describe in code.');
    const at = code.indexOf('trace(');
    const completions = ls.getCompletionsAtPosition('/cell.ts', at, {})!;
    const names = completions.entries.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['trace', 'explore', 'exec', 'pod', 'service', 'toYaml']));
    expect(names).not.toContain('b'); // private members stay private
    const details = ls.getCompletionEntryDetails('/cell.ts', at, 'trace', {}, undefined, undefined, undefined)!;
    expect(ts.displayPartsToString(details.documentation)).toMatch(/^Sends one connection \(or ping\)/);
    const explain = ls.getQuickInfoAtPosition('/cell.ts', code.indexOf('explain'))!;
    expect(ts.displayPartsToString(explain.documentation)).toMatch(/^The trace in plain words/);
  });
});

describe('every TypeScript code cell of the site type-checks against them', () => {
  const cells = siteCells();

  it('finds the cells: lab starters and solutions, and the docs', () => {
    expect(cells.filter((c) => c.name.startsWith('labs/')).length).toBeGreaterThanOrEqual(2 * 19);
    expect(cells.some((c) => c.name.includes('chapters/01-ip-per-pod.mdx'))).toBe(true);
    expect(cells.some((c) => c.name.includes('zh-tw/'))).toBe(true);
  });

  it('the example in the header of src/sim/api/index.ts', () => {
    const example = headerExample();
    expect(example).toMatch(/^import \{ cluster \} from 'k8snet';\n[\s\S]*export default c;$/);
    expect(diagnose(example)).toEqual([]);
  });

  it.each(cells.map((c) => [c.name, c.code] as const))('%s', (_name, code) => {
    expect(diagnose(code)).toEqual([]);
  });
});

describe('a learner mistake gets an error that names it', () => {
  const wrong = (body: string) => diagnose(`import { cluster, fromManifests } from 'k8snet';\nconst c = cluster();\n${body}\nexport default c;\n`);

  it('a CNI the simulator does not have', () => {
    expect(wrong(`cluster({ cni: 'calico' });`)).toEqual([`cell:3: Type '"calico"' is not assignable to type 'CniChoice | undefined'.`]);
  });

  it('a method that does not exist, with the near miss suggested', () => {
    expect(wrong(`c.tracert('pod/default/a', 'pod/default/b');`)).toEqual([
      `cell:3: Property 'tracert' does not exist on type 'LabCluster'. Did you mean 'trace'?`,
    ]);
  });

  it('a misspelt option deep in a Pod', () => {
    const d = wrong(`c.pod('web', { node: 'node-1', containers: [{ name: 'nginx', port: [80] }] });`);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^cell:3: Object literal may only specify known properties, .*'port'/);
  });

  it('a wrong argument type, and a missing argument', () => {
    expect(wrong(`fromManifests(42);`)).toEqual([`cell:3: Argument of type 'number' is not assignable to parameter of type 'string'.`]);
    expect(wrong(`c.exec('node/node-1');`)).toEqual([`cell:3: Expected 2 arguments, but got 1.`]);
  });

  it('a name the module does not export', () => {
    const d = diagnose(`import { clusters } from 'k8snet';\nclusters();`);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^cell:1: .*"k8snet".* has no exported member (named )?'clusters'\. Did you mean 'cluster'\?$/);
  });

  it('the page is not there in a cell (worker globals only)', () => {
    const d = diagnose(`document.title = 'x';`);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^cell:1: Cannot find name 'document'\./);
  });
});
