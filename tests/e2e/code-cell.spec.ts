// Code cells on the playground page (src/content/docs/guides/playground.mdx and its zh-tw twin), against the
// production build: lazy editor loading, running code, the time limit, error lines, sandbox isolation, output
// escaping, autosave, keyboard use and accessibility.
import { test, expect, type Page, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const PAGE = '/guides/playground/';
const KEY = (id: string) => `k8snet-labs:cell:${id}`;

const cell = (page: Page, id: string) => page.locator(`code-cell[data-cell-id="${id}"]`);
const output = (c: Locator) => c.getByTestId('cc-output');
const status = (c: Locator) => c.getByRole('status');

/** Puts `code` in the cell's saved edits (the old per-cell key, moved into the progress store on load) and reloads. */
async function withSavedCode(page: Page, id: string, code: string): Promise<Locator> {
  await page.goto(PAGE);
  await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [KEY(id), JSON.stringify({ v: 1, code })]);
  await page.reload();
  return cell(page, id);
}

async function run(c: Locator): Promise<void> {
  await c.getByRole('button', { name: 'Run' }).click();
  await expect(status(c)).toHaveText(/^(Done|Stopped|Not run)/, { timeout: 15_000 });
}

async function expectNoA11yViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

async function openEditor(page: Page, c: Locator): Promise<Locator> {
  await c.locator('.cc-editor').click();
  const editor = c.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  // Monaco types through an EditContext element in Chromium: click into the text, not the hidden textarea.
  await c.locator('.monaco-editor .view-lines').click();
  return editor;
}

test('first load ships no editor and no sandbox; static code is highlighted', async ({ page }) => {
  const urls: string[] = [];
  page.context().on('response', (r) => urls.push(r.url()));
  await page.goto(PAGE);
  await page.waitForLoadState('networkidle');
  expect(urls.filter((u) => /monaco|editor\.api|editor\.worker|ts\.worker|tsMode|runner|sandbox-worker|codicon/.test(u))).toEqual([]);
  const monacoCss = await page.evaluate(() =>
    [...document.styleSheets].some((s) => {
      try {
        return [...s.cssRules].some((r) => r.cssText.includes('.monaco-editor'));
      } catch {
        return false;
      }
    }),
  );
  expect(monacoCss).toBe(false);
  await expect(page.locator('iframe[data-lab-sandbox]')).toHaveCount(0);
  // Expressive Code's build-time highlighting: coloured spans inside the static block.
  await expect(cell(page, 'playground-hello').locator('.expressive-code pre span[style]').first()).toBeVisible();
});

test('Run prints console output, formatted like Node', async ({ page }) => {
  await page.goto(PAGE);
  const c = cell(page, 'playground-hello');
  // The lab UI listens for this event; `export default pod` arrives as plain data.
  const detail = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.addEventListener('cell-run', (e) => resolve((e as CustomEvent).detail), { once: true }),
      ),
  );
  await run(c);
  expect(await detail).toMatchObject({
    ok: true,
    timedOut: false,
    exports: { default: { name: 'web', ip: '10.244.1.2', ports: [80, 443] } },
    skippedExports: [],
  });
  await expect(output(c).locator('.cc-line')).toHaveText([
    'hello from the sandbox',
    "{ name: 'web', ip: '10.244.1.2', ports: [ 80, 443 ] }",
    'web listens on 2 ports',
  ]);
  await expect(status(c)).toHaveText(/^Done in \d+ ms$/);
  await expect(page.locator('iframe[data-lab-sandbox]')).toHaveAttribute('sandbox', 'allow-scripts');
});

test('an endless loop is stopped at the limit and the page stays responsive', async ({ page }) => {
  await page.goto(PAGE);
  const forever = cell(page, 'playground-forever');
  const hello = cell(page, 'playground-hello');
  await hello.getByRole('button', { name: 'Run' }).click(); // sandbox warm, so the timing below is the loop's
  await expect(status(hello)).toHaveText(/^Done/);

  const started = Date.now();
  await forever.getByRole('button', { name: 'Run' }).click();
  await expect(output(forever)).toContainText('starting a loop that never ends…');
  // While the loop spins, the page still answers: another cell runs to completion.
  await hello.getByRole('button', { name: 'Run' }).click();
  await expect(status(hello)).toHaveText(/^Done/, { timeout: 1500 });
  expect(Date.now() - started).toBeLessThan(2000);

  await expect(status(forever)).toHaveText('Stopped: exceeded 2000 ms', { timeout: 4000 });
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(2000);
  expect(elapsed).toBeLessThan(3500);
  await expect(output(forever).locator('.cc-line')).toHaveText(['starting a loop that never ends…', 'Stopped: exceeded 2000 ms']);
  // The next run gets a fresh worker and works.
  await run(hello);
  await expect(output(hello)).toContainText('hello from the sandbox');
});

test('a thrown error is reported at the learner line (line 3)', async ({ page }) => {
  await page.goto(PAGE);
  const c = cell(page, 'playground-error');
  await run(c);
  await expect(output(c).locator('.cc-line')).toHaveText(['about to look up port 8080', 'line 3: port 8080 is not in 80, 443']);
  await expect(output(c).locator('.cc-error')).toHaveCount(1);
  await expect(status(c)).toHaveText(/^Stopped with an error after \d+ ms$/);
});

test('a runtime TypeError deep in a function keeps its line and its type', async ({ page }) => {
  const code = ['type Pod = { name: string };', '', 'function first(pods: Pod[]) {', '  return pods[0]!.name.toUpperCase();', '}', 'first([]);'].join('\n');
  const c = await withSavedCode(page, 'playground-error', code);
  await run(c);
  await expect(output(c).locator('.cc-error')).toHaveText(/^line 4: TypeError: Cannot read properties of undefined/);
});

test('a syntax error is reported with its line, and nothing runs', async ({ page }) => {
  const c = await withSavedCode(page, 'playground-hello', "console.log('before');\nconst x = ;\nconsole.log('after');");
  await expect(c.locator('.cc-restored')).toBeVisible();
  await run(c);
  await expect(output(c).locator('.cc-line')).toHaveText(['line 2: syntax error: Unexpected token']);
  await expect(status(c)).toHaveText('Not run: the code has a syntax error');
});

test('learner code cannot reach the page, its cookies and storage, or the network', async ({ page }) => {
  await page.goto(PAGE);
  await page.evaluate(() => {
    document.cookie = 'session=s3cret; path=/';
    localStorage.setItem('secret', 'hunter2');
    (window as unknown as { pageSecret: string }).pageSecret = 'p4ge';
  });
  const probes = [
    'document.cookie',
    "localStorage.getItem('secret')",
    'sessionStorage.length',
    'parent.document.title',
    'window.pageSecret',
    'top.location.href',
    "fetch('/')",
    "new XMLHttpRequest()",
    "new WebSocket('ws://127.0.0.1:1/')",
    "importScripts('/x.js')",
    "indexedDB.open('x')",
    "new Worker('data:,1')",
  ];
  const code = [
    'console.log(self.origin);',
    ...probes.map((p) => `try { console.log('LEAK', String(${p})); } catch (e) { console.log(e.message); }`),
    'const c = document.cookie;',
  ].join('\n');
  const c = await withSavedCode(page, 'playground-hello', code);
  await run(c);
  const text = await output(c).innerText();
  expect(text).not.toContain('LEAK');
  expect(text).not.toMatch(/s3cret|hunter2|p4ge/);
  const lines = await output(c).locator('.cc-line').allTextContents();
  expect(lines[0]).toBe('null'); // opaque origin
  expect(lines.slice(1, 7)).toEqual(
    ['document', 'localStorage', 'sessionStorage', 'parent', 'window', 'top'].map(
      (n) => `${n}: the page is not available in labs: your code runs in a sandbox, away from the page and its storage`,
    ),
  );
  expect(lines.slice(7, 13)).toEqual(
    ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'indexedDB', 'Worker'].map(
      (n) => `${n}: network and storage are not available in labs`,
    ),
  );
  // Uncaught, it is an error on the learner's line (line 14 of the cell).
  expect(lines.at(-1)).toBe(
    'line 14: document: the page is not available in labs: your code runs in a sandbox, away from the page and its storage',
  );
});

test('the sandbox frame itself blocks network, storage and page access (no shadowing involved)', async ({ page, baseURL }) => {
  // Uses the real frame (its srcdoc, with its CSP and sandbox flags) but a probe worker instead of the lab
  // worker, so the API shadows do not hide anything: what is blocked here is blocked by the opaque origin and
  // the CSP. The control run strips the CSP to show the probe does detect network access when it is possible.
  await page.goto(PAGE);
  await run(cell(page, 'playground-hello')); // creates the sandbox frame
  const srcdoc = await page.locator('iframe[data-lab-sandbox]').getAttribute('srcdoc');
  expect(srcdoc).toContain("connect-src 'none'");
  // The page cannot look into the frame either: it is cross-origin.
  expect(await page.evaluate(() => {
    try {
      return String((document.querySelector('iframe[data-lab-sandbox]') as HTMLIFrameElement).contentDocument);
    } catch (e) {
      return `blocked: ${(e as Error).name}`;
    }
  })).toBe('null');

  const probeWorker = `
    onmessage = async (e) => {
      const url = e.data.js;
      const out = { origin: self.origin };
      try { const r = await fetch(url, { mode: 'no-cors' }); out.fetch = 'reached ' + r.type; } catch { out.fetch = 'blocked'; }
      try {
        const n = new Worker(URL.createObjectURL(new Blob(["fetch(" + JSON.stringify(url) + ", { mode: 'no-cors' }).then(() => postMessage('reached'), () => postMessage('blocked'))"])));
        out.nestedFetch = await new Promise((res) => { n.onmessage = (m) => res(m.data); n.onerror = () => res('worker error'); });
      } catch (err) { out.nestedFetch = 'no worker'; }
      out.indexedDB = await new Promise((res) => { try { const q = indexedDB.open('x'); q.onsuccess = () => res('opened'); q.onerror = () => res('denied'); } catch { res('denied'); } });
      postMessage({ t: 'probe', out });
    };`;
  const probe = (doc: string) =>
    page.evaluate(
      ([doc, src, url]) =>
        new Promise<unknown>((resolve) => {
          const f = document.createElement('iframe');
          f.setAttribute('sandbox', 'allow-scripts');
          f.srcdoc = doc!;
          addEventListener('message', (e) => {
            if (e.source !== f.contentWindow) return;
            const m = e.data;
            if (m.t === 'frame-ready') f.contentWindow!.postMessage({ t: 'load', src }, '*');
            else if (m.t === 'loaded')
              f.contentWindow!.postMessage({ t: 'run', run: 1, js: url, limits: { maxLines: 10, maxBytes: 1000 }, maxMessages: 10 }, '*');
            else if (m.t === 'worker' && m.msg?.t === 'probe') resolve(m.msg.out);
          });
          document.body.append(f);
        }),
      [doc, probeWorker, new URL('/favicon.svg?probe', baseURL).href],
    );
  expect(await probe(srcdoc!)).toEqual({ origin: 'null', fetch: 'blocked', nestedFetch: 'blocked', indexedDB: 'denied' });
  const withoutCsp = srcdoc!.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  expect(await probe(withoutCsp)).toMatchObject({ fetch: 'reached opaque', nestedFetch: 'reached' });
});

test('output that looks like HTML is shown as text', async ({ page }) => {
  const code = [
    "console.log('<img src=x onerror=\"window.__xss = 1\">');",
    "console.error('<b>bold</b> & <script>window.__xss = 2</script>');",
    "throw new Error('<img src=y onerror=\"window.__xss = 3\">');",
  ].join('\n');
  const c = await withSavedCode(page, 'playground-hello', code);
  await run(c);
  await expect(output(c).locator('.cc-line')).toHaveText([
    '<img src=x onerror="window.__xss = 1">',
    '<b>bold</b> & <script>window.__xss = 2</script>',
    'line 3: <img src=y onerror="window.__xss = 3">',
  ]);
  await expect(output(c).locator('img, b, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('output is capped at 200 lines with a note', async ({ page }) => {
  const c = await withSavedCode(page, 'playground-hello', 'for (let i = 0; i < 100000; i++) console.log(`line ${i}`);');
  await run(c);
  await expect(output(c).locator('.cc-log')).toHaveCount(200);
  await expect(output(c).locator('.cc-note')).toHaveText(/^Output truncated at 200 lines \/ 100 KB \(\d+ more lines not shown\)\.$/);
  await expect(status(c)).toHaveText(/^Done/);
});

test('editing in the editor is saved and restored after a reload; Reset brings the starter back', async ({ page }) => {
  await page.goto(PAGE);
  const c = cell(page, 'playground-hello');
  await openEditor(page, c);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText("const edited = 'yes';\nconsole.log('edited:', edited);");
  await page.keyboard.press('ControlOrMeta+Enter'); // runs from inside the editor
  await expect(output(c)).toHaveText('edited: yes');
  // Saved in the progress store (src/lab/progress.ts), which replaced the per-cell keys.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('k8snet-labs:progress'))).toContain('edited:');

  await page.reload();
  const again = cell(page, 'playground-hello');
  await expect(again.locator('.cc-restored')).toBeVisible();
  await expect(again.locator('.cc-editor')).toContainText("const edited = 'yes';");
  await run(again);
  await expect(output(again)).toHaveText('edited: yes');

  await again.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(again.locator('.cc-restored')).toBeHidden();
  await expect(again.locator('.cc-editor')).toContainText("const pod = { name: 'web'");
  expect(await page.evaluate(() => localStorage.getItem('k8snet-labs:progress'))).not.toContain('edited:');
  await run(again);
  await expect(output(again)).toContainText('hello from the sandbox');
});

test('keyboard: Tab reaches the code, Esc then Tab leaves the editor for the Run button', async ({ page }) => {
  await page.goto(PAGE);
  const c = cell(page, 'playground-hello');
  await c.locator('.cc-editor').focus(); // the static block is the cell's first focus stop
  await expect(c.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(c.locator('.monaco-editor .native-edit-context, .monaco-editor textarea').first()).toBeFocused();
  await page.keyboard.press('Tab'); // inside the editor, Tab indents
  await expect(c.locator('.monaco-editor .native-edit-context, .monaco-editor textarea').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(c.getByRole('button', { name: 'Run' })).toBeFocused();
  // Ctrl/Cmd+Enter also runs from anywhere else in the cell.
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(output(c)).toContainText('hello from the sandbox');
});

test('no WCAG 2 A/AA violations: static, after runs, with the editor open, in dark mode', async ({ page }) => {
  await page.goto(PAGE);
  await expectNoA11yViolations(page);
  await run(cell(page, 'playground-hello'));
  await run(cell(page, 'playground-error'));
  await expectNoA11yViolations(page);
  await openEditor(page, cell(page, 'playground-hello'));
  await expectNoA11yViolations(page);
  await page.locator('starlight-theme-select select').first().selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectNoA11yViolations(page);
});

test('zh-tw: the cell speaks Traditional Chinese and runs', async ({ page }) => {
  await page.goto(`/zh-tw${PAGE}`);
  const c = cell(page, 'playground-error');
  await c.getByRole('button', { name: '執行' }).click();
  await expect(output(c).locator('.cc-error')).toHaveText('第 3 行：port 8080 is not in 80, 443');
  await expect(status(c)).toHaveText(/^發生錯誤而停止，耗時 \d+ 毫秒$/);
  await expectNoA11yViolations(page);
});
