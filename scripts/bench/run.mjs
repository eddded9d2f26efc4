// Runs a benchmark written in TypeScript: bundles it with esbuild (as a production build would, without
// tsx's keep-names helpers that add a call to every closure) and runs the bundle on this Node.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/bench/run.mjs <file.ts>');
  process.exit(1);
}
mkdirSync('node_modules/.cache/bench', { recursive: true });
const outfile = `node_modules/.cache/bench/${entry.replace(/[^a-z0-9]+/gi, '_')}.mjs`;
// CommonJS dependencies (yaml) call require(); give the ES module bundle one.
const banner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node22', outfile, banner, logLevel: 'warning' });
await import(pathToFileURL(outfile).href);
