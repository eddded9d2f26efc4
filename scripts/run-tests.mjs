// `npm test`: every test in one command.
//   1. make sure Chromium exists (scripts/ensure-chromium.sh)
//   2. unit tests (Vitest)          -> reports/vitest.json
//   3. production build (astro build); if it fails, count one failure and skip the browser tests
//   4. browser tests (Playwright)   -> reports/playwright.json
//   5. print "N passed, N failed" as the last line; exit non-zero on any failure or when no test ran.
// Run it through npm (`npm test`) so the Node from the `node` devDependency is first on PATH.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

function run(title, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n[test] ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const code = r.status ?? 1;
  console.log(`[test] ${title}: exit ${code} in ${secs}s`);
  return code === 0;
}

if (!run('check Chromium', 'bash', ['scripts/ensure-chromium.sh'])) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });
const reports = ['reports/vitest.json'];
let extraFailures = 0;

run('unit tests (vitest)', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json',
]);

if (run('build (astro build)', 'npm', ['run', 'build'])) {
  // Playwright's JSON report goes outside test-results/, which Playwright empties at start.
  run('browser tests (playwright)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/playwright.json',
  });
  reports.push('reports/playwright.json');
} else {
  console.log('[test] build failed: skipping the browser tests');
  extraFailures = 1;
}

console.log('');
const summary = spawnSync(process.execPath, ['scripts/test-summary.mjs', `--extra-failures=${extraFailures}`, ...reports], {
  stdio: 'inherit',
});
process.exit(summary.status ?? 1);
