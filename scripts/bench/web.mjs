// Web performance figures for the built site, printed as a Markdown table next to their targets:
// first-load JavaScript of a chapter page against a plain Starlight page (raw and gzipped), whether any editor
// code loads before interaction, first click on a code cell to a visible Monaco editor, Run to rendered results
// for every lab on the chapter pages (first and second Run), and Lighthouse scores for the landing page and a chapter.
//
// How the figures are taken:
// - First load: a fresh context loads the page at the top, no input, until the network is quiet. Island scripts
//   load as their islands come near the viewport (src/components/islands/lazy.ts), so an extra row, for
//   information, scrolls the chapter to its end (still no input) and counts everything then loaded.
// - Run → results: like a learner, the bench scrolls the lab into view, moves the pointer onto Run, reads for
//   DWELL_MS (the runner and its sandbox warm up meanwhile: src/components/code-cell/prewarm.ts), then clicks
//   Run, and again right after the results. Timed in the page from the click to the `cell-run` event plus the
//   next frame. One more row, for information, clicks Run on a page that was only loaded (nothing warm).
//
//   npm run bench:web [-- --no-build]
//
// Builds (unless --no-build and dist/ exists), serves dist/ with `astro preview`, drives Debian's Chromium
// ($CHROMIUM_PATH or /usr/bin/chromium) with Playwright, and always stops the preview server.
// Not measured: a cold network (everything is served from localhost), zh-tw pages, mobile emulation.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const PORT = 4460;
const BASE = `http://127.0.0.1:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const CHAPTER = '/chapters/04-services/';
const PLAIN = '/guides/start-here/';
const LANDING = '/';
const EDITOR_URL = /monaco|editor\.api|ts\.worker/;
const TARGET = { jsRatio: 1.2, runMs: 150, lighthouse: 95 };
/** How long the learner looks at a lab before pressing Run (reading its instructions takes longer). */
const DWELL_MS = 3000;
/** Lighthouse runs per page: its scores move by several points from run to run on a shared machine. */
const LH_RUNS = 3;

let preview = null;

function stopPreview() {
  if (!preview || preview.exitCode !== null) return;
  try {
    process.kill(-preview.pid, 'SIGTERM'); // the whole group: npx → astro
  } catch {
    /* already gone */
  }
  preview = null;
}
process.on('exit', stopPreview);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopPreview(); process.exit(130); });

const log = (msg) => process.stderr.write(`bench:web: ${msg}\n`);

function build() {
  const noBuild = process.argv.includes('--no-build');
  if (noBuild && existsSync('dist/index.html')) return log('--no-build: using the existing dist/');
  if (noBuild) log('--no-build given but dist/ is missing: building');
  log('npm run build');
  const r = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

async function answers(url) {
  try {
    const r = await fetch(url);
    return r.ok;
  } catch {
    return false;
  }
}

async function startPreview() {
  if (await answers(`${BASE}/`)) throw new Error(`something already answers on port ${PORT}; stop it first`);
  preview = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--ignore-lock'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  preview.stderr.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (preview.exitCode !== null) throw new Error(`astro preview exited (${preview.exitCode}): ${stderr.trim()}`);
    if (await answers(`${BASE}/`)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('astro preview did not answer within 60 s');
}

/** Loads `path` and waits for the network to go quiet; a missing page (dist/ rebuilt meanwhile?) is an error. */
async function open(page, path) {
  const r = await page.goto(BASE + path, { waitUntil: 'networkidle' });
  if (!r?.ok()) throw new Error(`${path}: HTTP ${r?.status()} (was dist/ rebuilt during the run?)`);
}

/**
 * Loads `path` in a fresh context; returns the JavaScript it fetched (raw and gzipped bytes) and every URL. With
 * `scroll`, then scrolls to the end of the page a screen at a time (programmatically: no input events) and counts
 * what that loaded too.
 */
async function firstLoad(browser, path, { scroll = false } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls = [];
  const bodies = [];
  page.on('response', (r) => {
    urls.push(r.url());
    const type = r.headers()['content-type'] ?? '';
    if (/javascript/.test(type) || /\.m?js(\?|$)/.test(r.url())) bodies.push(r.body().catch(() => Buffer.alloc(0)));
  });
  await open(page, path);
  if (scroll) {
    for (let y = 0; ; ) {
      const { top, end } = await page.evaluate(() => {
        scrollBy(0, innerHeight);
        return { top: scrollY, end: scrollY + innerHeight >= document.documentElement.scrollHeight - 1 };
      });
      await page.waitForTimeout(150);
      if (end || top === y) break;
      y = top;
    }
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
  }
  const buffers = await Promise.all(bodies);
  await context.close();
  return {
    files: buffers.length,
    raw: buffers.reduce((n, b) => n + b.length, 0),
    gzip: buffers.reduce((n, b) => n + (b.length ? gzipSync(b).length : 0), 0),
    urls,
  };
}

/** First click on the first code cell's editor of `path` to a visible `.monaco-editor`, timed in the page. */
async function editorOpen(browser, path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, path);
  const target = page.locator('code-cell .cc-editor').first();
  await target.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const el = document.querySelector('code-cell .cc-editor');
    const cell = el.closest('code-cell');
    window.__bench = new Promise((resolve) => {
      let t0 = null;
      el.addEventListener('pointerdown', () => (t0 ??= performance.now()), { capture: true, once: true });
      const tick = () => {
        const ed = cell.querySelector('.monaco-editor');
        const box = ed?.getBoundingClientRect();
        if (t0 !== null && box && box.width > 0 && box.height > 0 && getComputedStyle(ed).visibility !== 'hidden') {
          resolve(performance.now() - t0);
        } else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  });
  await target.click();
  const ms = await Promise.race([
    page.evaluate(() => window.__bench),
    new Promise((_, reject) => setTimeout(() => reject(new Error('no visible .monaco-editor after 30 s')), 30_000)),
  ]);
  await context.close();
  return { ms };
}

/** The English chapter pages with the lab ids they embed, read from the sources. */
function chapterLabs() {
  const dir = 'src/content/docs/chapters';
  return readdirSync(dir)
    .filter((f) => /\.mdx?$/.test(f))
    .sort()
    .map((f) => ({
      path: `/chapters/${f.replace(/\.mdx?$/, '').toLowerCase()}/`,
      labs: [...readFileSync(join(dir, f), 'utf8').matchAll(/<Lab\s+id="([^"]+)"/g)].map((m) => m[1]),
    }))
    .filter((c) => c.labs.length > 0);
}

/**
 * Clicks the lab's Run button twice on a fresh page: time from the click to the `cell-run` event (output written,
 * lab results updated) plus the next frame. With `dwell`, first scrolls the lab into view, moves the pointer onto
 * Run and waits that long, as a learner reading the lab would; without, clicks right after the page loaded.
 */
async function labRuns(browser, path, id, dwell = DWELL_MS) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, path);
  const run = page.locator(`lab-view[data-lab-id="${id}"] code-cell .cc-run`);
  if (dwell > 0) {
    await run.scrollIntoViewIfNeeded();
    await run.hover();
    await page.waitForTimeout(dwell);
  }
  const once = async () => {
    await page.evaluate((labId) => {
      const l = document.querySelector(`lab-view[data-lab-id="${labId}"]`);
      const btn = l.querySelector('code-cell .cc-run');
      window.__bench = new Promise((resolve) => {
        let t0 = null;
        btn.addEventListener('click', () => (t0 = performance.now()), { capture: true, once: true });
        l.addEventListener(
          'cell-run',
          () =>
            requestAnimationFrame(() =>
              setTimeout(() => {
                const out = l.querySelector('code-cell .cc-output');
                resolve({
                  ms: performance.now() - t0,
                  lines: out.querySelectorAll('.cc-line').length,
                  status: l.querySelector('code-cell .cc-status').textContent,
                });
              }),
            ),
          { once: true },
        );
      });
    }, id);
    await run.click();
    return Promise.race([
      page.evaluate(() => window.__bench),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`lab ${id}: no results 20 s after Run`)), 20_000)),
    ]);
  };
  const first = await once();
  const second = await once();
  await context.close();
  return { first, second };
}

function lighthouse(path) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-web-lh-'));
  const out = join(dir, 'report.json');
  try {
    const r = spawnSync(
      'npx',
      [
        'lighthouse', BASE + path, '--quiet',
        '--only-categories=performance,accessibility,best-practices,seo',
        '--output=json', `--output-path=${out}`,
        `--chrome-flags=--headless=new ${CHROME_FLAGS.join(' ')}`,
      ],
      { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0 || !existsSync(out)) throw new Error(`lighthouse ${path} failed (exit ${r.status}): ${(r.stderr ?? '').trim().slice(-500)}`);
    const c = JSON.parse(readFileSync(out, 'utf8')).categories;
    const score = (k) => (c[k]?.score == null ? NaN : Math.round(c[k].score * 100));
    return { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices'), seo: score('seo') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n) => `${n.toFixed(0)} ms`;
const ok = (b) => (b ? 'yes' : '**no**');

async function main() {
  const load0 = loadavg();
  build();
  log(`starting astro preview on ${BASE}`);
  await startPreview();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
  const rows = [];
  try {
    log(`first load: ${CHAPTER} and ${PLAIN}`);
    const chapter = await firstLoad(browser, CHAPTER);
    const plain = await firstLoad(browser, PLAIN);
    const scrolled = await firstLoad(browser, CHAPTER, { scroll: true });
    const runnerEarly = scrolled.urls.filter((u) => /runner|sandbox-worker/.test(u));
    const editorEarly = chapter.urls.filter((u) => EDITOR_URL.test(u));
    log('editor open');
    const editor = await editorOpen(browser, CHAPTER);
    const labs = chapterLabs();
    const coldLab = labs.find((c) => c.path === CHAPTER)?.labs[0];
    let cold = null;
    if (coldLab) {
      log(`lab ${coldLab}, Run right after the page loaded`);
      cold = await labRuns(browser, CHAPTER, coldLab, 0);
    }
    const runs = [];
    for (const c of labs) {
      for (const id of c.labs) {
        log(`lab ${id}`);
        runs.push({ id, path: c.path, ...(await labRuns(browser, c.path, id)) });
      }
    }
    await browser.close();
    log(`lighthouse ${LANDING} and ${CHAPTER}, ${LH_RUNS} runs each (about 15 s a run)`);
    const lhRuns = (path) => Array.from({ length: LH_RUNS }, () => lighthouse(path));
    const lh = { [LANDING]: lhRuns(LANDING), [CHAPTER]: lhRuns(CHAPTER) };

    const ratioRaw = chapter.raw / plain.raw;
    const ratioGz = chapter.gzip / plain.gzip;
    rows.push(['Editor code (monaco / editor.api / ts.worker) before interaction', editorEarly.length ? `${editorEarly.length} request(s): ${editorEarly.join(', ')}` : 'none', 'none', ok(editorEarly.length === 0)]);
    rows.push([`First-load JS, chapter ${CHAPTER} (${chapter.files} files)`, `${kb(chapter.raw)} raw / ${kb(chapter.gzip)} gzip`, '', '']);
    rows.push([`First-load JS, plain page ${PLAIN} (${plain.files} files)`, `${kb(plain.raw)} raw / ${kb(plain.gzip)} gzip`, '', '']);
    rows.push(['Chapter ÷ plain first-load JS', `${ratioRaw.toFixed(2)}× raw / ${ratioGz.toFixed(2)}× gzip`, `≤ ${TARGET.jsRatio.toFixed(2)}×`, ok(ratioRaw <= TARGET.jsRatio && ratioGz <= TARGET.jsRatio)]);
    rows.push([`JS after scrolling ${CHAPTER} to its end, no input (${scrolled.files} files; for information)`, `${kb(scrolled.raw)} raw / ${kb(scrolled.gzip)} gzip; runner or sandbox: ${runnerEarly.length ? 'loaded' : 'none'}`, '', '']);
    rows.push([`First click on a code cell (${CHAPTER}) → visible .monaco-editor`, ms(editor.ms), '', '']);
    for (const r of runs) {
      const detail = (x) => `${ms(x.ms)} (${x.lines} line${x.lines === 1 ? '' : 's'}; “${x.status}”)`;
      rows.push([`Run → results, lab ${r.id} (${r.path}): first / second Run`, `${detail(r.first)} / ${detail(r.second)}`, `< ${TARGET.runMs} ms`, ok(r.first.ms < TARGET.runMs && r.second.ms < TARGET.runMs)]);
    }
    if (cold) {
      const detail = (x) => `${ms(x.ms)} (“${x.status}”)`;
      rows.push([`Run → results, lab ${coldLab}, clicked right after the page loaded (nothing warm; for information): first / second Run`, `${detail(cold.first)} / ${detail(cold.second)}`, '', '']);
    }
    const firsts = runs.map((r) => r.first.ms).sort((a, b) => a - b);
    const seconds = runs.map((r) => r.second.ms).sort((a, b) => a - b);
    const median = (xs) => xs[Math.floor((xs.length - 1) / 2)];
    rows.push([`Run → results, all ${runs.length} labs: median / max (first Run)`, `${ms(median(firsts))} / ${ms(firsts.at(-1))}`, `< ${TARGET.runMs} ms`, ok(firsts.at(-1) < TARGET.runMs)]);
    rows.push([`Run → results, all ${runs.length} labs: median / max (second Run)`, `${ms(median(seconds))} / ${ms(seconds.at(-1))}`, `< ${TARGET.runMs} ms`, ok(seconds.at(-1) < TARGET.runMs)]);
    for (const [path, runs] of Object.entries(lh)) {
      // Median of the runs per category; the performance score's range shows how much it moved.
      const medians = Object.keys(runs[0]).map((k) => median(runs.map((r) => r[k]).sort((a, b) => a - b)));
      const perf = runs.map((r) => r.performance).sort((a, b) => a - b);
      rows.push([
        `Lighthouse ${path} (performance / accessibility / best-practices / seo), median of ${runs.length} runs`,
        `${medians.join(' / ')} (performance ${perf[0]}–${perf.at(-1)})`,
        `≥ ${TARGET.lighthouse} each`,
        ok(medians.every((v) => v >= TARGET.lighthouse)),
      ]);
    }
  } finally {
    if (browser.isConnected()) await browser.close();
    stopPreview();
  }
  const load1 = loadavg();
  rows.push(['Machine load average (1 / 5 / 15 min) at start → end', `${load0.map((x) => x.toFixed(1)).join(' / ')} → ${load1.map((x) => x.toFixed(1)).join(' / ')} on ${availableParallelism()} cores`, '', '']);
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  console.log('| Metric | Value | Target | Met |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.map(esc).join(' | ')} |`);
}

main().catch((err) => {
  stopPreview();
  console.error(`bench:web: ${err?.stack ?? err}`);
  process.exitCode = 1;
});
