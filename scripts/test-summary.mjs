// Reads Vitest and Playwright JSON reports and prints one plain line: "N passed, N failed, N skipped".
// Usage: node scripts/test-summary.mjs [--extra-failures=N] report.json...
// Exit code 1 if anything failed or no test passed at all.
import { readFileSync, existsSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

for (const arg of process.argv.slice(2)) {
  const extra = /^--extra-failures=(\d+)$/.exec(arg);
  if (extra) {
    failed += Number(extra[1]);
    continue;
  }
  if (!existsSync(arg)) {
    console.log(`missing report: ${arg}`);
    failed++;
    continue;
  }
  let r;
  try {
    r = JSON.parse(readFileSync(arg, 'utf8'));
  } catch (e) {
    console.log(`unreadable report: ${arg} (${e.message})`);
    failed++;
    continue;
  }
  if (r.stats) {
    // Playwright JSON reporter; a retried-then-passed test counts as "flaky", i.e. passed.
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
    for (const e of r.errors ?? []) {
      console.log('playwright error:', String(e.message ?? e).split('\n')[0]);
      failed++;
    }
  } else {
    // Vitest JSON reporter (Jest-compatible shape); a file that fails to load counts as one failure.
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
}

console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed > 0 || passed === 0 ? 1 : 0);
