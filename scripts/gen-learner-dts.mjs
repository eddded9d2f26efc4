// Declarations of the learner API (the module 'k8snet' = src/sim/api/index.ts) as one text for Monaco's
// typescriptDefaults.addExtraLib, so code cells get completions, hover docs and type errors.
//
// Generated at build time, never committed: a Vite plugin (learnerDtsPlugin, registered in astro.config.mjs)
// serves the text as the module 'virtual:k8snet.d.ts?raw', which src/lab/learner-dts.ts imports. A committed
// copy would need a staleness test and a regeneration step after every change to the simulator's types; built
// on demand it cannot go stale, and it costs about as much as one `tsc` run (a few seconds) per build.
// `?raw` keeps it typed as a string through vite/client's `*?raw` declaration, with no shim of our own.
//
// How: (1) the TypeScript compiler emits .d.ts files (in memory) for the entry and everything it imports, with
// the options of src/sim/tsconfig.json; (2) a second program over those .d.ts files walks the entry's
// statements, resolves every name they use with the type checker, and keeps only the top-level declarations
// reached that way (a file's other exports are left out); (3) each file that keeps something becomes one
// `declare module 'k8snet/internal/<path>'` block, its imports rewritten to point straight at the file that
// declares each name (so barrel index files drop out), and the entry becomes `declare module 'k8snet'`.
// JSDoc stays (the comment right before a declaration, and members' comments), so hovers show the docs;
// file header comments are dropped.
//
//   node scripts/gen-learner-dts.mjs [OUT.d.ts]   prints the text (or writes it), with its size, for a look
//
// Not modelled: namespace imports (`import * as x`), `export =`, default exports, and `typeof import(…)` in
// the emitted declarations (the generator throws, naming the file, if the simulator starts using one).

import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The module name learner code imports. */
export const LEARNER_MODULE = 'k8snet';
/** Prefix of the helper modules that hold the types the API refers to (not meant to be imported by learners). */
export const INTERNAL_PREFIX = `${LEARNER_MODULE}/internal/`;
/** The id code imports to get the text (a string, typed by vite/client's `*?raw`). */
export const VIRTUAL_ID = 'virtual:k8snet.d.ts?raw';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIM = 'src/sim';
const ENTRY = 'src/sim/api/index.ts';
// The emitted .d.ts files live under this made-up directory, so module resolution in the second program can
// only find them, never the .ts sources next to which tsc would place them.
const VROOT = '/__k8snet_dts__';

/**
 * Builds the declarations text.
 * @param {string} [root] project root (default: this checkout)
 * @returns {Promise<{ dts: string, sources: string[], diagnostics: string[] }>} the text; the source files it was
 *   made from (to watch); declaration-emit problems, as "file:line: message" (the text is still produced).
 */
export async function generateLearnerDts(root = ROOT) {
  const ts = (await import('typescript')).default; // loaded only when the text is needed, not with the config
  const simDir = join(root, SIM);
  const entry = join(root, ENTRY);

  // (1) Emit .d.ts for the entry's import closure, with the simulator's own compiler options.
  const cfgPath = join(simDir, 'tsconfig.json');
  const cfg = ts.readConfigFile(cfgPath, ts.sys.readFile);
  if (cfg.error) throw new Error(ts.flattenDiagnosticMessageText(cfg.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, simDir, undefined, cfgPath);
  const emitOptions = {
    ...parsed.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    removeComments: false,
    stripInternal: true,
    rootDir: simDir,
    outDir: VROOT,
  };
  const program = ts.createProgram([entry], emitOptions);
  /** @type {Map<string, string>} .d.ts path (under VROOT) → text */
  const emitted = new Map();
  const emit = program.emit(undefined, (name, text) => emitted.set(name, text), undefined, true);
  const diagnostics = [...program.getSyntacticDiagnostics(), ...emit.diagnostics].map((d) => formatDiagnostic(ts, d, root));
  const sources = program
    .getSourceFiles()
    .map((f) => f.fileName)
    .filter((f) => !program.isSourceFileDefaultLibrary(program.getSourceFile(f)) && !f.includes('/node_modules/'));

  // (2) A program over the emitted declarations only.
  const dtsOptions = {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.esnext.d.ts'],
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(dtsOptions, true);
  const inVroot = (f) => f.startsWith(`${VROOT}/`);
  const baseGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError) =>
    inVroot(f) ? (emitted.has(f) ? ts.createSourceFile(f, emitted.get(f), lang, true) : undefined) : baseGetSourceFile(f, lang, onError);
  const baseFileExists = host.fileExists.bind(host);
  host.fileExists = (f) => (inVroot(f) ? emitted.has(f) : baseFileExists(f));
  const baseReadFile = host.readFile.bind(host);
  host.readFile = (f) => (inVroot(f) ? emitted.get(f) : baseReadFile(f));
  const baseDirectoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => (inVroot(`${d}/`) ? [...emitted.keys()].some((k) => k.startsWith(`${d}/`)) : (baseDirectoryExists?.(d) ?? true));
  const entryDts = `${VROOT}/${relative(simDir, entry).replace(/\.ts$/, '.d.ts')}`;
  if (!emitted.has(entryDts)) throw new Error(`gen-learner-dts: tsc emitted no declarations for ${ENTRY}`);
  const dtsProgram = ts.createProgram([entryDts], dtsOptions, host);
  const checker = dtsProgram.getTypeChecker();

  const ours = (sf) => inVroot(sf.fileName);
  const moduleName = (sf) =>
    sf.fileName === entryDts ? LEARNER_MODULE : INTERNAL_PREFIX + relative(VROOT, sf.fileName).replace(/\.d\.ts$/, '');
  const where = (node) => `${relative(VROOT, node.getSourceFile().fileName)}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const unsupported = (node, what) => {
    throw new Error(`gen-learner-dts: ${what} in the declarations of ${where(node)} is not supported; write the type out or import it by name`);
  };
  const aliased = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const topStatement = (node) => {
    while (node.parent && !ts.isSourceFile(node.parent)) node = node.parent;
    return node;
  };

  /** @type {Map<import('typescript').SourceFile, Set<import('typescript').Statement>>} */
  const kept = new Map();
  /** Per file: local import name → where it comes from now. */
  const imports = new Map();
  /** Per file: text edits (import types rewritten, `declare` dropped). */
  const edits = new Map();
  /** Specifiers of local `export { … }` lists that some import goes through (the rest of such a list is dropped). */
  const keptExportSpecifiers = new Set();
  const queue = [];
  const bucket = (map, sf, make) => map.get(sf) ?? map.set(sf, make()).get(sf);

  const need = (stmt) => {
    const set = bucket(kept, stmt.getSourceFile(), () => new Set());
    if (!set.has(stmt)) {
      set.add(stmt);
      queue.push(stmt);
    }
  };
  const needSymbol = (s) => {
    for (const d of s.declarations ?? []) if (ours(d.getSourceFile())) need(topStatement(d));
  };

  /** Where a declared symbol can be imported from: its own file, under the name that file exports it as. */
  const publicRef = (target, at) => {
    const decl = (target.declarations ?? []).find((d) => ours(d.getSourceFile()));
    if (!decl) return undefined; // a lib type (Map, Record …): global, nothing to import
    const sf = decl.getSourceFile();
    const mod = checker.getSymbolAtLocation(sf);
    for (const e of mod ? checker.getExportsOfModule(mod) : []) {
      if (e === target) return { module: moduleName(sf), name: e.name };
      const spec = e.declarations?.find((d) => ts.isExportSpecifier(d) && d.getSourceFile() === sf && !d.parent.parent.moduleSpecifier);
      if (spec && aliased(e) === target) {
        keptExportSpecifiers.add(spec);
        return { module: moduleName(sf), name: e.name };
      }
    }
    return unsupported(at, `a reference to ${target.name}, which ${relative(VROOT, sf.fileName)} does not export`);
  };

  const visit = (node) => {
    const sf = node.getSourceFile();
    if (ts.isImportTypeNode(node)) {
      if (node.isTypeOf || !node.qualifier) unsupported(node, '`typeof import(…)` or a bare `import(…)` type');
      let left = node.qualifier;
      while (ts.isQualifiedName(left)) left = left.left;
      const mod = checker.getSymbolAtLocation(node.argument.literal);
      const exp = mod && checker.getExportsOfModule(mod).find((e) => e.name === left.text);
      if (!exp) unsupported(node, `import("${node.argument.literal.text}").${left.text}`);
      const target = aliased(exp);
      needSymbol(target);
      const ref = publicRef(target, node);
      const list = bucket(edits, sf, () => []);
      list.push({ start: node.argument.literal.getStart(), end: node.argument.literal.end, text: `'${ref.module}'` });
      if (ref.name !== left.text) list.push({ start: left.getStart(), end: left.end, text: ref.name });
      node.typeArguments?.forEach(visit);
      return;
    }
    if (ts.isExportSpecifier(node) && !node.parent.parent.moduleSpecifier) {
      // `export { X }` of an imported X: the local name is the import, not the exported alias.
      visit(node.propertyName ?? node.name);
      return;
    }
    if (ts.isIdentifier(node)) {
      const s = ts.isExportSpecifier(node.parent) ? checker.getExportSpecifierLocalTargetSymbol(node.parent) : checker.getSymbolAtLocation(node);
      if (s) {
        const importDecl = s.flags & ts.SymbolFlags.Alias ? s.declarations?.find((d) => d.getSourceFile() === sf) : undefined;
        if (importDecl && ts.isNamespaceImport(importDecl)) unsupported(importDecl, '`import * as`');
        if (importDecl && (ts.isImportSpecifier(importDecl) || ts.isImportClause(importDecl))) {
          if (ts.isImportClause(importDecl)) unsupported(importDecl, 'a default import');
          const target = aliased(s);
          needSymbol(target);
          const ref = publicRef(target, node);
          if (ref) bucket(imports, sf, () => new Map()).set(importDecl.name.text, ref);
        } else {
          needSymbol(aliased(s));
        }
      }
    }
    ts.forEachChild(node, visit);
  };

  // The entry is kept whole: every statement but its imports (rewritten from what is used) and `export {}`.
  const entrySf = dtsProgram.getSourceFile(entryDts);
  for (const stmt of entrySf.statements) {
    if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier) unsupported(stmt, 're-exporting from another module (`export … from`)');
    if (ts.isExportAssignment(stmt)) unsupported(stmt, '`export =` or `export default`');
    if (!ts.isImportDeclaration(stmt)) need(stmt);
  }
  while (queue.length) {
    const stmt = queue.shift();
    if (ts.isExportDeclaration(stmt) && stmt.getSourceFile() !== entrySf) continue; // local export lists: only the specifiers used
    if (ts.isImportDeclaration(stmt)) continue;
    for (const m of stmt.modifiers ?? []) {
      if (m.kind === ts.SyntaxKind.DeclareKeyword) {
        // `declare` is not allowed (and not needed) inside `declare module '…' { }`.
        bucket(edits, stmt.getSourceFile(), () => []).push({ start: m.getStart(), end: m.end + 1, text: '' });
      }
    }
    visit(stmt);
  }

  // (3) Print: the entry first, then the helper modules in path order.
  const files = [...kept.keys()].sort((a, b) => (a === entrySf ? -1 : b === entrySf ? 1 : a.fileName.localeCompare(b.fileName)));
  const blocks = files.map((sf) => {
    const lines = [];
    const byModule = new Map();
    for (const [local, ref] of imports.get(sf) ?? []) bucket(byModule, ref.module, () => []).push(ref.name === local ? local : `${ref.name} as ${local}`);
    for (const [mod, names] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) lines.push(`import { ${names.sort().join(', ')} } from '${mod}';`);
    const fileEdits = (edits.get(sf) ?? []).sort((a, b) => b.start - a.start);
    for (const stmt of sf.statements) {
      if (!kept.get(sf).has(stmt) && !(ts.isExportDeclaration(stmt) && stmt.exportClause?.elements?.some((e) => keptExportSpecifiers.has(e)))) continue;
      if (ts.isExportDeclaration(stmt) && (!stmt.exportClause || (ts.isNamedExports(stmt.exportClause) && stmt.exportClause.elements.length === 0))) continue; // `export {};`
      if (ts.isExportDeclaration(stmt) && sf !== entrySf) {
        const specs = stmt.exportClause.elements.filter((e) => keptExportSpecifiers.has(e)).map((e) => e.getText());
        lines.push(`export ${stmt.isTypeOnly ? 'type ' : ''}{ ${specs.join(', ')} };`);
        continue;
      }
      const start = docStart(ts, sf, stmt, program.getSourceFile(join(simDir, relative(VROOT, sf.fileName).replace(/\.d\.ts$/, '.ts')))?.text);
      let text = sf.text.slice(start, stmt.end);
      for (const e of fileEdits) if (e.start >= start && e.end <= stmt.end) text = text.slice(0, e.start - start) + e.text + text.slice(e.end - start);
      lines.push(text);
    }
    return `declare module '${moduleName(sf)}' {\n${lines.map((l) => indent(l)).join('\n')}\n}\n`;
  });
  const header = `// Declarations of '${LEARNER_MODULE}', generated from ${ENTRY} by scripts/gen-learner-dts.mjs. ` +
    `The '${INTERNAL_PREFIX}…' modules hold the types it refers to; code cells import '${LEARNER_MODULE}' only.\n`;
  return { dts: header + blocks.join(''), sources, diagnostics };
}

/** Where a statement's text starts: at its own JSDoc comment if it has one, else at the statement. */
function docStart(ts, sf, stmt, sourceText) {
  const comments = ts.getLeadingCommentRanges(sf.text, stmt.pos) ?? [];
  const doc = comments.at(-1);
  if (!doc || !sf.text.startsWith('/**', doc.pos)) return stmt.getStart();
  // The comment that opens the file is the file's header (what the module does, "Not modelled: …") when the
  // source has a blank line or an import after it; tsc's .d.ts drops both, so the source decides.
  if (doc.pos === 0 && sourceText !== undefined) {
    const header = ts.getLeadingCommentRanges(sourceText, 0)?.[0];
    if (header && /^[ \t]*\r?\n([ \t]*\r?\n|\s*import\b)/.test(sourceText.slice(header.end))) return stmt.getStart();
  }
  return doc.pos;
}

function indent(text) {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

function formatDiagnostic(ts, d, root) {
  const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file) return msg;
  const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
  return `${relative(root, d.file.fileName)}:${line}: ${msg}`;
}

/**
 * Vite plugin: `import dts from 'virtual:k8snet.d.ts?raw'` gives the declarations text. Generated on first
 * import (only the lazily loaded editor chunk imports it) and again after a change to any file it was made from.
 */
export function learnerDtsPlugin() {
  const RESOLVED = '\0k8snet-learner.d.ts';
  /** @type {Promise<{ dts: string, sources: string[], diagnostics: string[] }> | undefined} */
  let pending;
  let sources = new Set();
  return {
    name: 'k8snet-learner-dts',
    enforce: 'pre',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      pending ??= generateLearnerDts();
      const r = await pending;
      sources = new Set(r.sources);
      for (const f of r.sources) this.addWatchFile(f);
      for (const d of r.diagnostics) this.warn(`learner API declarations: ${d}`);
      return `export default ${JSON.stringify(r.dts)};`;
    },
    watchChange(id) {
      if (sources.has(id)) pending = undefined;
    },
  };
}

// CLI: print (or write) the text and its size.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await generateLearnerDts();
  for (const d of r.diagnostics) console.error(`warning: ${d}`);
  const out = process.argv[2];
  if (out) writeFileSync(out, r.dts);
  else process.stdout.write(r.dts);
  const bytes = Buffer.byteLength(r.dts);
  console.error(`${bytes} bytes, ${gzipSync(r.dts).length} gzipped, from ${r.sources.length} source files`);
}
