// The editor knows the learner API: the declarations of 'k8snet' generated at build time
// (scripts/gen-learner-dts.mjs) reach Monaco's TypeScript worker, so a wrong call is underlined with the
// compiler's message, fixing it clears the mark, and `c.` offers LabCluster's methods. Run against the
// production build, on the playground page's first cell (the text typed here replaces its code).
import { test, expect, type Locator, type Page } from '@playwright/test';

const PAGE = '/guides/playground/';

async function openEditor(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  const c = page.locator('code-cell[data-cell-id="playground-hello"]');
  await c.locator('.cc-editor').click();
  await expect(c.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  // Monaco types through an EditContext element in Chromium: click into the text, not the hidden textarea.
  await c.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  return c;
}

test('a wrong call is marked with the type error; fixing it clears the mark', async ({ page }) => {
  const c = await openEditor(page);
  // insertText: no auto-closed quotes or brackets, the text arrives as written.
  await page.keyboard.insertText(["import { cluster } from 'k8snet';", "const c = cluster({ cni: 'calico' });", 'export default c;'].join('\n'));

  // The TypeScript worker starts with the editor; its first diagnostics can take a while on a slow machine.
  const squiggle = c.locator('.squiggly-error');
  await expect(squiggle).toHaveCount(1, { timeout: 45_000 });
  // On line 2, under 'calico' (the mark starts after `const c = cluster({ cni: `).
  const line2 = c.locator('.view-line').nth(1);
  const [mark, line] = [await squiggle.boundingBox(), await line2.boundingBox()];
  expect(mark && line && Math.abs(mark.y + mark.height / 2 - (line.y + line.height / 2))).toBeLessThan(line!.height / 2);

  // The mark is a decoration under the text layer: point at it rather than hover the element.
  await page.mouse.move(mark!.x + mark!.width / 2, mark!.y + mark!.height / 2);
  await expect(page.locator('.monaco-hover').filter({ hasText: 'calico' })).toContainText(`Type '"calico"' is not assignable to type 'CniChoice`, { timeout: 15_000 });

  // Fix it (select the line's text and retype it): a valid program has no mark at all.
  await page.keyboard.press('Escape');
  await c.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(["import { cluster } from 'k8snet';", "const c = cluster({ cni: 'flannel-host-gw' });", "c.node('node-1');", 'export default c;'].join('\n'));
  await expect(squiggle).toHaveCount(0, { timeout: 30_000 });
});

test('`c.` suggests the methods of LabCluster, with their docs', async ({ page }) => {
  const c = await openEditor(page);
  await page.keyboard.insertText(["import { cluster } from 'k8snet';", 'const c = cluster();', ''].join('\n'));
  await page.keyboard.type('c.');
  const suggest = page.locator('.suggest-widget');
  await expect(suggest).toBeVisible({ timeout: 45_000 });
  // Alphabetical: the first rows are LabCluster's, not the generic word-based suggestions of an untyped module.
  await expect(suggest.locator('.monaco-list-row').first()).toContainText('apply', { timeout: 30_000 });
  await page.keyboard.type('tra');
  const trace = suggest.locator('.monaco-list-row', { hasText: /^trace/ });
  await expect(trace).toBeVisible();
  await expect(trace).toHaveClass(/focused/);
  // The focused entry's docs (from the JSDoc in src/sim/api/index.ts), shown when the details pane is open.
  await page.keyboard.press('ControlOrMeta+Space');
  await expect(page.locator('.suggest-details')).toContainText('Sends one connection (or ping)', { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await expect(c.locator('.view-lines')).toContainText('c.trace');
});
