// Site-level checks that need no browser: both locales have the same pages, and the
// test summary script counts reports the way CI expects.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const docs = join(import.meta.dirname, '../../src/content/docs');

function pages(dir: string, skip?: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (full === skip) continue;
    if (statSync(full).isDirectory()) out.push(...pages(full, skip));
    else if (/\.mdx?$/.test(name)) out.push(relative(docs, full));
  }
  return out;
}

describe('content', () => {
  it('every English page has a zh-tw translation and vice versa', () => {
    const zhRoot = join(docs, 'zh-tw');
    const en = pages(docs, zhRoot).sort();
    const zh = pages(zhRoot).map((p) => relative('zh-tw', p)).sort();
    expect(en.length).toBeGreaterThan(0);
    expect(zh).toEqual(en);
  });
});

describe('scripts/test-summary.mjs', () => {
  const script = join(import.meta.dirname, '../../scripts/test-summary.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  const vitest = join(dir, 'vitest.json');
  const pw = join(dir, 'playwright.json');
  writeFileSync(vitest, JSON.stringify({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 1 }));
  writeFileSync(pw, JSON.stringify({ stats: { expected: 3, flaky: 1, unexpected: 0, skipped: 0 }, errors: [] }));

  function summary(...args: string[]): { last: string; code: number } {
    try {
      const out = execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' });
      return { last: out.trim().split('\n').at(-1)!, code: 0 };
    } catch (e) {
      const err = e as { stdout: string; status: number };
      return { last: err.stdout.trim().split('\n').at(-1)!, code: err.status };
    }
  }

  it('adds up both reports and exits 0', () => {
    expect(summary(vitest, pw)).toEqual({ last: '9 passed, 0 failed, 1 skipped', code: 0 });
  });

  it('fails on a missing report or an extra failure', () => {
    expect(summary(vitest, join(dir, 'nope.json'))).toEqual({ last: '5 passed, 1 failed, 1 skipped', code: 1 });
    expect(summary('--extra-failures=1', vitest)).toEqual({ last: '5 passed, 1 failed, 1 skipped', code: 1 });
  });
});
