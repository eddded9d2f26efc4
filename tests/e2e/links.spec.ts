/**
 * No broken internal links: every href on every built page that points inside the site resolves to a built page
 * or file (run after `npm run build`, against dist/).
 */
import { test, expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(process.cwd(), 'dist');
const base = (process.env.BASE_PATH ?? '/').replace(/\/?$/, '/');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? htmlFiles(p) : p.endsWith('.html') ? [p] : [];
  });
}

function resolves(path: string): boolean {
  const rel = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\//, '');
  const target = join(DIST, decodeURIComponent(rel));
  return existsSync(target) && (statSync(target).isFile() || existsSync(join(target, 'index.html')));
}

test('every internal link on every page resolves', () => {
  const pages = htmlFiles(DIST);
  expect(pages.length).toBeGreaterThan(10);
  const broken: string[] = [];
  for (const page of pages) {
    const html = readFileSync(page, 'utf8');
    const pageUrl = '/' + page.slice(DIST.length + 1).replace(/index\.html$/, '');
    for (const m of html.matchAll(/href="([^"#?]+)(?:[#?][^"]*)?"/g)) {
      const href = m[1]!;
      if (/^[a-z]+:/i.test(href) || href.startsWith('//')) continue;
      const abs = href.startsWith('/') ? href : new URL(href, `http://x${pageUrl}`).pathname;
      if (!resolves(abs)) broken.push(`${pageUrl} → ${href}`);
    }
  }
  expect(broken).toEqual([]);
});
