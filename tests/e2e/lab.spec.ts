// The lab experience against the production build: a lab embedded in a chapter page (<Lab id="pod-ip-cross-node">),
// completed from the starter to every check passing in English and in Traditional Chinese; progress kept across
// reloads, exported, reset and imported back on the progress page; share links that show code without running it
// or overwriting the learner's own; errors at the learner's line; hints, the solution dialog and the keyboard; and
// no WCAG 2 A/AA violations in each state.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// A chapter page is heavy (several labs, figures, the editor) and axe takes seconds per pass on a small machine.
test.describe.configure({ timeout: 120_000 });

const LAB = 'pod-ip-cross-node';
const STORE = 'k8snet-labs:progress';
const DOCS = 'src/content/docs';
const SOLUTION = readFileSync(`src/content/labs/${LAB}/solution.ts`, 'utf8').trim();
const STARTER = readFileSync(`src/content/labs/${LAB}/starter.ts`, 'utf8').trim();

/** The English page that embeds the lab (a chapter page first), found in the sources so a renamed page still works. */
function labPage(): string {
  const files = (readdirSync(DOCS, { recursive: true }) as string[])
    .filter((f) => /\.mdx?$/.test(f) && !f.startsWith('zh-tw'))
    .sort((a, b) => Number(b.startsWith('chapters')) - Number(a.startsWith('chapters')));
  const file = files.find((f) => new RegExp(`<Lab\\s+id="${LAB}"`).test(readFileSync(join(DOCS, f), 'utf8')));
  if (!file) throw new Error(`no page embeds <Lab id="${LAB}" />`);
  return `/${relative('.', file).replace(/\\/g, '/').replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '')}/`.replace(/\/+/g, '/').toLowerCase();
}
const PAGES = { en: labPage(), 'zh-tw': `/zh-tw${labPage()}` } as const;
const PROGRESS = { en: '/progress/', 'zh-tw': '/zh-tw/progress/' } as const;

const T = {
  en: { check: 'Check', run: 'Run', open: 'Not completed yet', done: 'Completed', some: '2 of 4 checks pass.', all: 'All 4 checks pass. Lab complete!', expected: 'Expected', found: 'Found', hint: 'Show hint', showSolution: 'Show solution', confirm: 'Show the solution', keep: 'Keep trying', delivered: "client connects to web on port 80 by web's Pod IP" },
  'zh-tw': { check: '檢查', run: '執行', open: '尚未完成', done: '已完成', some: '4 項檢查中通過 2 項。', all: '4 項檢查全部通過。實驗完成！', expected: '預期', found: '實際', hint: '顯示提示', showSolution: '顯示解答', confirm: '顯示解答', keep: '繼續嘗試', delivered: 'client 用 web 的 Pod IP 連到 80 埠' },
} as const;
type Lang = keyof typeof T;

const lab = (page: Page) => page.locator(`lab-view[data-lab-id="${LAB}"]`);

/**
 * Scrolls to the lab, as a reader would: its script (and with it the saved progress it shows) loads when the lab
 * comes near the viewport (src/components/islands/lazy.ts).
 */
async function scrollToLab(page: Page): Promise<Locator> {
  const l = lab(page);
  await l.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => customElements.get('lab-view') !== undefined);
  return l;
}
const summary = (l: Locator) => l.locator('.lab-results-summary');
const checks = (l: Locator) => l.locator('.lab-checks > li');

/** axe on the lab (dialog included) or, with `whole`, the whole page. */
async function expectNoA11yViolations(page: Page, whole = false) {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  if (!whole) builder.include(`lab-view[data-lab-id="${LAB}"]`);
  const result = await builder.analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/** Replaces the code in the lab's editor (Monaco) with `code`, as one paste-like insertion. */
async function setCode(page: Page, l: Locator, code: string): Promise<void> {
  await l.locator('.cc-editor').click();
  await expect(l.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await l.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

async function check(l: Locator, lang: Lang): Promise<void> {
  await l.getByRole('button', { name: T[lang].check, exact: true }).click();
  await expect(summary(l)).not.toHaveText(/^(Checking…|檢查中…)$/, { timeout: 20_000 });
}

/** Stores progress directly in the store's format (version 2), as a returning learner would have it. */
async function seed(page: Page, entries: Record<string, unknown>): Promise<void> {
  await page.evaluate(([k, v]) => localStorage.setItem(k!, v!), [STORE, JSON.stringify({ v: 2, entries, notices: [] })]);
}

for (const lang of ['en', 'zh-tw'] as const) {
  test(`complete the lab from the starter to every check passing (${lang})`, async ({ page }) => {
    const t = T[lang];
    await page.goto(PAGES[lang]);
    const l = lab(page);
    await expect(l.locator('.lab-state')).toHaveText(t.open);
    // The same starter code in both languages, its comments in the page's (comments.zh-tw.yaml).
    await expect(l.locator('code-cell')).toContainText(lang === 'en' ? '// web: nginx listening on port 80, on node-1.' : '// web：聽 80 埠的 nginx，在 node-1 上。');

    // The starter runs but leaves client on web's node: two checks fail and say what they expected and found.
    await check(l, lang);
    await expect(summary(l)).toHaveText(t.some);
    await expect(checks(l)).toHaveCount(4);
    await expect(checks(l).first()).toContainText(t.delivered);
    const failing = l.locator('.lab-checks > li[data-pass="false"]');
    await expect(failing).toHaveCount(2);
    await expect(failing.first().locator('dt')).toHaveText([t.expected, t.found]);
    await expect(failing.first().locator('dd').last()).toContainText('node-1');
    await expect(l.locator('.lab-state')).toHaveText(t.open);
    // The last trace of the exported cluster, summarised in the page's language.
    await expect(l.locator('.lab-trace')).toBeVisible();
    await expect(l.locator('.lab-verdict')).toContainText('delivered');
    await expect(l.locator('.lab-path li')).toHaveText(['default/client eth0', 'node-1 cni0', 'default/web eth0']);
    await expect(l.locator('.lab-explain-text')).toContainText(lang === 'en' ? 'Request:' : '請求：');
    // The learner's own `console.log(t.explain())` speaks the page's language too.
    await expect(l.locator('.cc-output')).toContainText(lang === 'en' ? 'Request:' : '請求：');
    // The visualization components draw the run: topology with the path, the trace table, and a terminal into
    // the same cluster (each command reruns the code in the sandbox).
    await expect(l.locator('.lab-viz topology-view')).toBeVisible();
    await expect(l.locator('.lab-viz trace-view')).toBeAttached();
    const term = l.locator('.lab-viz sim-terminal');
    await term.locator('.term-target').selectOption('node/node-2');
    await term.locator('.term-input').fill('ip route');
    await term.locator('.term-input').press('Enter');
    await expect(term.locator('.term-log')).toContainText('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink', { timeout: 15_000 });

    await setCode(page, l, SOLUTION);
    await check(l, lang);
    await expect(summary(l)).toHaveText(t.all);
    await expect(l.locator('.lab-checks > li[data-pass="true"]')).toHaveCount(4);
    await expect(l.locator('.lab-state')).toHaveText(t.done);
    await expect(l.locator('.lab-path li')).toContainText(['node-2 flannel.1', 'node-1 flannel.1']);

    // Progress survives a reload: the badge, and the learner's code in the cell.
    await page.reload();
    await scrollToLab(page);
    await expect(lab(page).locator('.lab-state')).toHaveText(t.done);
    await expect(lab(page).locator('.cc-restored')).toBeVisible();
    await expect(lab(page).locator('.cc-plain')).toContainText("c.pod('client', { node: 'node-2' });");
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORE))!);
    expect(stored.entries[LAB]).toMatchObject({ completed: true, code: SOLUTION });

    // And the progress page counts it.
    await page.goto(PROGRESS[lang]);
    await expect(page.locator(`li[data-lab="${LAB}"] .lp-state`)).toHaveAttribute('data-state', 'done');
    await expectNoA11yViolations(page, true);
  });
}

test('export, reset and import restore progress', async ({ page }) => {
  await page.goto(PROGRESS.en);
  await seed(page, {
    [LAB]: { code: SOLUTION, completed: true, completedAt: 1, hintsShown: 2, solutionShown: false, updatedAt: 2 },
  });
  await page.reload();
  const row = page.locator(`li[data-lab="${LAB}"]`);
  await expect(row.locator('.lp-state')).toHaveText('Complete');
  await expectNoA11yViolations(page, true);
  await expect(row.locator('.lp-extra')).toHaveText('hints shown: 2');
  await expect(page.locator('.lp-summary')).toHaveText(/^1 of \d+ labs complete\.$/);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^k8snet-labs-progress-\d{4}-\d\d-\d\d\.json$/);
  const file = await download.path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported).toMatchObject({ format: 'k8snet-labs-progress', v: 2, entries: { [LAB]: { completed: true, code: SOLUTION } } });

  // Reset asks first; Cancel keeps everything.
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  const resetDialog = page.getByRole('dialog', { name: 'Reset all progress?' });
  await expect(resetDialog).toBeVisible();
  await expect(resetDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoA11yViolations(page, true);
  await page.keyboard.press('Escape');
  await expect(resetDialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Reset progress…' })).toBeFocused();
  await expect(row.locator('.lp-state')).toHaveText('Complete');
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await resetDialog.getByRole('button', { name: 'Reset everything' }).click();
  await expect(row.locator('.lp-state')).toHaveText('Not started');
  await expect(page.locator('.lp-status')).toHaveText('All progress was reset.');
  expect(await page.evaluate((k) => localStorage.getItem(k), STORE)).toBeNull();

  // A file that is not an export is refused, and nothing changes.
  const chooser1 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import progress…' }).click();
  await (await chooser1).setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.locator('.lp-status')).toHaveText('That file is not a progress export from this site: nothing was imported.');

  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import progress…' }).click();
  await (await chooser2).setFiles(file);
  const importDialog = page.getByRole('dialog', { name: 'Import progress' });
  await expect(importDialog).toContainText('1 saved labs and cells (1 complete)');
  await importDialog.getByRole('button', { name: 'Replace' }).click();
  await expect(page.locator('.lp-status')).toHaveText('Progress imported.');
  await expect(row.locator('.lp-state')).toHaveText('Complete');

  // The lab page shows the imported progress and code.
  await page.goto(PAGES.en);
  await scrollToLab(page);
  await expect(lab(page).locator('.lab-state')).toHaveText('Completed');
  await expect(lab(page).locator('.cc-plain')).toContainText("node: 'node-2'");
  await expect(lab(page).locator('.lab-hint:visible')).toHaveCount(2);
});

test('unreadable saved progress is kept as a copy and the learner is told', async ({ page }) => {
  await page.goto(PROGRESS.en);
  await page.evaluate((k) => localStorage.setItem(k, '{"v":2,"entries":{'), STORE);
  await page.goto(PAGES.en);
  await scrollToLab(page);
  await expect(lab(page).locator('.lab-store-notice')).toBeVisible();
  await expect(lab(page).locator('.lab-store-notice')).toContainText('A copy was kept');
  await page.goto(PROGRESS.en);
  await expect(page.locator('.lp-notices')).toContainText('could not be read');
  const backup = page.locator('.lp-backup-list li');
  await expect(backup).toHaveCount(1);
  const downloading = page.waitForEvent('download');
  await backup.getByRole('button', { name: /^Download/ }).click();
  expect(readFileSync(await (await downloading).path(), 'utf8')).toBe('{"v":2,"entries":{');
  await page.locator('.lp-notices').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('.lp-notices')).toBeEmpty();
});

test('a share link shows the code without running it or replacing the saved code', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const mine = `${STARTER}\n// my own attempt`;
  await page.goto(PAGES.en);
  await seed(page, { [LAB]: { code: mine, completed: false, hintsShown: 0, solutionShown: false, updatedAt: 1 } });
  await page.reload();
  const l = lab(page);
  await setCode(page, l, `${SOLUTION}\n// shared`);
  await l.getByRole('button', { name: 'Copy link' }).click();
  await expect(l.locator('.lab-share-status')).toHaveText('Link copied: it opens this lab with your code.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(new RegExp(`${PAGES.en}#code=${LAB}~d[A-Za-z0-9_-]+$`));

  // Another learner (a fresh browser profile) with code of their own opens the link.
  const other = await context.browser()!.newContext();
  const p2 = await other.newPage();
  await p2.goto(PROGRESS.en);
  await seed(p2, { [LAB]: { code: mine, completed: false, hintsShown: 0, solutionShown: false, updatedAt: 1 } });
  await p2.goto(link);
  const l2 = lab(p2);
  await expect(l2.locator('.lab-shared-notice')).toBeVisible();
  await expect(l2.locator('.lab-shared-text')).toHaveText(/^Code from a shared link — it runs only when you press Run\./);
  await expect(l2.locator('.cc-plain')).toContainText('// shared');
  // Nothing ran: no sandbox, no output, and the learner's saved code is untouched.
  await p2.waitForTimeout(500);
  await expect(p2.locator('iframe[data-lab-sandbox]')).toHaveCount(0);
  await expect(l2.getByTestId('cc-output')).toBeEmpty();
  const saved = async () => JSON.parse((await p2.evaluate((k) => localStorage.getItem(k), STORE))!).entries[LAB].code;
  expect(await saved()).toBe(mine);
  await expectNoA11yViolations(p2);

  // "Back to my code" puts the saved code back.
  await l2.getByRole('button', { name: 'Back to my code' }).click();
  await expect(l2.locator('.lab-shared-notice')).toBeHidden();
  await expect(l2.locator('.cc-plain')).toContainText('// my own attempt');
  expect(new URL(p2.url()).hash).toBe('');

  // Opened again (on the same page: only the fragment changes) and run, the shared code becomes the learner's.
  await p2.goto(link);
  await expect(l2.locator('.lab-shared-notice')).toBeVisible();
  await expect(l2.locator('.cc-plain')).toContainText('// shared');
  await l2.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(l2.locator('.cc-status')).toHaveText(/^Done/, { timeout: 20_000 });
  await expect(l2.locator('.lab-shared-notice')).toBeHidden();
  expect(await saved()).toBe(`${SOLUTION}\n// shared`);
  await other.close();
});

test('broken code: the error is shown at its line and every check fails with the reason', async ({ page }) => {
  await page.goto(PAGES.en);
  const l = lab(page);
  const lines = STARTER.split('\n');
  const at = lines.findIndex((x) => x.startsWith("c.pod('client'")) + 1;
  lines.splice(at, 0, 'undefinedHelper();'); // right after the line that creates client
  await setCode(page, l, lines.join('\n'));
  await check(l, 'en');
  await expect(l.getByTestId('cc-output').locator('.cc-error')).toHaveText(`line ${at + 1}: ReferenceError: undefinedHelper is not defined`);
  await expect(summary(l)).toHaveText(`The checks did not run: the code stopped with an error (line ${at + 1}). Fix it and press Check again. ReferenceError: undefinedHelper is not defined`);
  await expect(l.locator('.lab-checks > li[data-pass="false"]')).toHaveCount(4);
  await expect(l.locator('.lab-trace')).toBeHidden();

  // A syntax error: nothing runs, the line is named.
  await setCode(page, l, "import { cluster } from 'k8snet';\nconst c = cluster(;\nexport default c;");
  await check(l, 'en');
  await expect(l.getByTestId('cc-output').locator('.cc-error')).toHaveText(/^line 2: syntax error: /);
  await expect(summary(l)).toHaveText(/^The checks did not run: the code has a syntax error \(line 2\)\./);
  await expect(l.locator('.lab-state')).toHaveText('Not completed yet');
});

for (const lang of ['en', 'zh-tw'] as const) {
  test(`hints, the solution dialog and keyboard use; no WCAG 2 A/AA violations in any state (${lang})`, async ({ page }) => {
    const t = T[lang];
    await page.goto(PAGES[lang]);
    const l = lab(page);
    await expectNoA11yViolations(page, true); // initial: the whole chapter page

    // Hints one at a time, by keyboard.
    const next = l.getByRole('button', { name: new RegExp(`^${t.hint}`) });
    await expect(next).toHaveText(lang === 'en' ? 'Show hint 1 of 3' : '顯示提示 1／3');
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(l.locator('.lab-hint:visible')).toHaveCount(1);
    await expect(next).toHaveText(lang === 'en' ? 'Show hint 2 of 3' : '顯示提示 2／3');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(l.locator('.lab-hint:visible')).toHaveCount(3);
    await expect(next).toBeHidden();
    await expect(l.locator('.lab-hint').nth(2)).toBeFocused(); // focus is not lost when the button goes
    await expectNoA11yViolations(page); // hints shown

    // After Check.
    await check(l, lang);
    await expectNoA11yViolations(page);

    // The solution sits behind a confirmation dialog that holds focus and gives it back.
    const show = l.getByRole('button', { name: t.showSolution, exact: true });
    await show.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: t.keep })).toBeFocused();
    await expectNoA11yViolations(page); // dialog open
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(show).toBeFocused();
    await expect(l.locator('.lab-solution-body')).toBeHidden();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: t.confirm, exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(l.locator('.lab-solution-body')).toBeVisible();
    await expect(l.locator('.lab-solution-body')).toBeFocused();
    await expect(l.locator('.lab-solution-body')).toContainText("c.pod('client', { node: 'node-2' });");
    await expectNoA11yViolations(page); // solution shown

    // Remembered after a reload.
    await page.reload();
    await scrollToLab(page);
    await expect(lab(page).locator('.lab-hint:visible')).toHaveCount(3);
    await expect(lab(page).locator('.lab-solution-body')).toBeVisible();

    // Putting the solution in the editor does not save it until the learner edits or runs it.
    await lab(page).getByRole('button', { name: lang === 'en' ? 'Put the solution in the editor' : '把解答放進編輯器' }).click();
    await expect(lab(page).locator('.lab-shared-notice')).toBeVisible();
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORE))!);
    expect(stored.entries[LAB].code).toBeUndefined();
    expect(stored.entries[LAB]).toMatchObject({ hintsShown: 3, solutionShown: true });
  });
}

test('dark theme and a 390 px screen: no violations, nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(PAGES.en);
  await page.evaluate(() => {
    localStorage.setItem('starlight-theme', 'dark');
  });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const l = lab(page);
  await check(l, 'en');
  await expectNoA11yViolations(page);
  const overflow = await l.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
