// The lab views on the demo page (src/content/docs/guides/components.mdx and its zh-tw twin), against the
// production build: the trace table and its step-through linked to the topology picture, the terminal answering
// from the simulated cluster, quiz feedback, keyboard-only use, and WCAG 2 A/AA in light and dark themes.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const locales = [
  {
    lang: 'en',
    path: '/guides/components/',
    next: 'Next hop',
    prev: 'Previous hop',
    request: 'Request: 6 hops',
    status3: 'Request, hop 3 of 6: node-2 ← cni0',
    wrong: /^Not quite/,
    right: /^Correct\./,
    partial: /^Partly right: 1 right answer is missing/,
    check: 'Check',
    runOn: 'Run on',
    answer: 'Your answer',
    words: 'The trace in words',
  },
  {
    lang: 'zh-TW',
    path: '/zh-tw/guides/components/',
    next: '下一站',
    prev: '上一站',
    request: '請求：6 站',
    status3: '請求，第 3 站（共 6 站）：node-2 ← cni0',
    wrong: /^還不對/,
    right: /^答對了。/,
    partial: /^部分正確：少選了 1 個正確答案/,
    check: '檢查',
    runOn: '執行於',
    answer: '你的答案',
    words: '用文字描述這次追蹤',
  },
] as const;

const ISLANDS = ['trace-view', 'topology-view', 'sim-terminal', 'quiz-view'] as const;

async function open(page: Page, path: string, theme: 'light' | 'dark' = 'dark') {
  await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  await page.goto(path);
  // Each view's script loads as the view comes near the viewport (src/components/islands/lazy.ts): pass them all.
  for (const tag of ISLANDS) await page.locator(tag).first().scrollIntoViewIfNeeded();
  await page.waitForFunction((tags) => tags.every((n) => customElements.get(n)), ISLANDS);
  await page.evaluate(() => scrollTo(0, 0));
}

async function expectNoA11yViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

for (const l of locales) {
  test.describe(`lab views (${l.lang})`, () => {
    test('the trace table renders every hop of the request, reply and ACK', async ({ page }) => {
      await open(page, l.path);
      await expect(page.locator('html')).toHaveAttribute('lang', l.lang);
      const tv = page.locator('trace-view');
      await expect(tv.locator('.tv-verdict-delivered')).toBeVisible();
      await expect(tv.getByRole('table', { name: l.request })).toBeVisible();
      const request = tv.locator('section[data-leg="request"] tr.tv-hop');
      await expect(request).toHaveCount(6);
      await expect(request.nth(0)).toContainText('default/client');
      await expect(request.nth(1)).toContainText('cni0');
      await expect(request.nth(1)).toContainText(/-A KUBE-SEP-\w+ .*-j DNAT --to-destination 10\.244\.0\.3:8080/);
      await expect(request.nth(2)).toContainText('udp/8472');
      await expect(request.nth(5)).toContainText('default/web');
      await expect(tv.locator('section[data-leg="reply"] tr.tv-hop')).toHaveCount(6);
      await expect(tv.locator('details.tv-ack tr.tv-hop')).toHaveCount(6);
      // A rule row opens to show the chain walk.
      const rule = request.nth(1).locator('details').first();
      await rule.locator('summary').click();
      await expect(rule.locator('.tv-detail pre')).toContainText('PREROUTING #1: -A PREROUTING');
    });

    test('Next hop moves the highlight and the topology highlights the same devices', async ({ page }) => {
      await open(page, l.path);
      const tv = page.locator('trace-view');
      const topo = page.locator('topology-view');
      const rows = tv.locator('tr[data-step]');
      const next = tv.getByRole('button', { name: l.next });
      const prev = tv.getByRole('button', { name: l.prev });
      await expect(prev).toBeDisabled();
      await next.click();
      await expect(rows.nth(0)).toHaveAttribute('aria-current', 'step');
      await expect(topo.locator('.is-selected')).toHaveAttribute('data-item', 'pod:default/client');
      await next.click();
      await next.click();
      await expect(rows.nth(2)).toHaveAttribute('aria-current', 'step');
      await expect(rows.nth(0)).not.toHaveAttribute('aria-current', 'step');
      await expect(tv.getByRole('status')).toHaveText(l.status3);
      // Hop 3 is node-2 forwarding from cni0 through flannel.1 and out of eth0.
      await expect(topo).toHaveAttribute('data-selected', 'dev:node-2:cni0 dev:node-2:flannel.1 dev:node-2:eth0');
      await expect(topo.locator('[data-item="dev:node-2:flannel.1"]')).toHaveClass(/is-selected/);
      await prev.click();
      await expect(rows.nth(1)).toHaveAttribute('aria-current', 'step');
      await expect(topo.locator('[data-item="dev:node-2:cni0"]')).toHaveClass(/is-selected/);
      await expect(topo.locator('[data-item="dev:node-2:flannel.1"]')).not.toHaveClass(/is-selected/);
      // The traced path is drawn with numbered arrows.
      await expect(topo.locator('.topo-badge')).toHaveCount(8);
      await expect(topo.locator('.topo-item.is-path')).toHaveCount(8);
    });

    test('the terminal answers ip route with the real route lines, keeps history and clears', async ({ page }) => {
      await open(page, l.path);
      const term = page.locator('sim-terminal');
      await term.getByLabel(l.runOn).selectOption('node/node-1');
      await expect(term.locator('.term-ps1')).toHaveText('root@node-1:~#');
      const input = term.getByRole('textbox');
      await input.fill('ip route');
      await input.press('Enter');
      const log = term.getByRole('log');
      // node-1: default via the node network's gateway, its own Pod CIDR on cni0, node-2's through flannel.1.
      await expect(log).toContainText('default via 192.168.56.1 dev eth0', { timeout: 15_000 });
      await expect(log).toContainText('10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1');
      await expect(log).toContainText('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
      await term.getByLabel(l.runOn).selectOption('pod/default/client');
      await expect(term.locator('.term-ps1')).toHaveText('/ #');
      await input.fill('ip route');
      await input.press('Enter');
      await expect(log).toContainText('default via 10.244.1.1 dev eth0');
      await input.press('ArrowUp');
      await expect(input).toHaveValue('ip route');
      await input.press('ArrowDown');
      await expect(input).toHaveValue('');
      await input.fill('nosuchcommand');
      await input.press('Enter');
      await expect(log.locator('.term-err').last()).not.toBeEmpty();
      await input.press('Control+l');
      await expect(log.locator('div')).toHaveCount(0);
    });

    test('the quiz gives right, wrong and partly-right feedback', async ({ page }) => {
      await open(page, l.path);
      const quiz = page.locator('quiz-view');
      const q1 = quiz.locator('form[data-qid="dnat-where"]');
      await q1.locator('input[value="n1-pre"]').check();
      await q1.getByRole('button', { name: l.check }).click();
      await expect(q1.getByRole('status')).toHaveText(l.wrong);
      await q1.locator('input[value="n2-pre"]').check();
      await q1.getByRole('button', { name: l.check }).click();
      await expect(q1.getByRole('status')).toHaveText(l.right);
      const q2 = quiz.locator('form[data-qid="node2-devices"]');
      await q2.locator('input[value="cni0"]').check();
      await q2.locator('input[value="flannel"]').check();
      await q2.getByRole('button', { name: l.check }).click();
      await expect(q2.getByRole('status')).toHaveText(l.partial);
      const q3 = quiz.locator('form[data-qid="vxlan-port"]');
      await q3.getByLabel(l.answer).fill(' 4789 ');
      await q3.getByLabel(l.answer).press('Enter');
      await expect(q3.getByRole('status')).toHaveText(l.wrong);
      await expect(q3.getByLabel(l.answer)).toHaveAttribute('aria-invalid', 'true');
      await q3.getByLabel(l.answer).fill('UDP/8472');
      await q3.getByLabel(l.answer).press('Enter');
      await expect(q3.getByRole('status')).toHaveText(l.right);
    });

    test('works with the keyboard alone', async ({ page }) => {
      await open(page, l.path);
      const tv = page.locator('trace-view');
      // From the explanation's disclosure, Tab reaches Next hop (Previous hop is disabled at first).
      await tv.locator('.tv-words summary').focus();
      await page.keyboard.press('Tab');
      await expect(tv.getByRole('button', { name: l.next })).toBeFocused();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      await expect(tv.locator('tr[data-step="1"]')).toHaveAttribute('aria-current', 'step');
      await expect(page.locator('topology-view [data-item="dev:node-2:cni0"]')).toHaveClass(/is-selected/);
      // Terminal: choose the target and type, all from the keyboard; Tab leaves the command line.
      const term = page.locator('sim-terminal');
      await term.getByLabel(l.runOn).focus();
      await page.keyboard.press('End');
      await expect(term.getByLabel(l.runOn)).not.toHaveValue('node/node-1');
      for (let i = 0; i < 4 && !(await term.getByRole('textbox').evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      await expect(term.getByRole('textbox')).toBeFocused();
      await page.keyboard.type('hostname');
      await page.keyboard.press('Enter');
      await expect(term.locator('.term-out').last()).toHaveText('client', { timeout: 15_000 });
      await page.keyboard.press('Tab');
      await expect(term.getByRole('textbox')).not.toBeFocused();
      // Quiz: arrow keys pick a radio, Tab reaches Check, Enter submits.
      const q1 = page.locator('quiz-view form[data-qid="dnat-where"]');
      await q1.locator('input').first().focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await expect(q1.getByRole('button', { name: l.check })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(q1.getByRole('status')).toHaveText(l.right);
      // A rule row opens with Enter.
      const summary = tv.locator('tr[data-step="1"] details summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      await expect(tv.locator('tr[data-step="1"] details').first()).toHaveAttribute('open', '');
    });

    for (const theme of ['light', 'dark'] as const) {
      test(`no WCAG 2 A/AA violations (${theme}), also after using the views`, async ({ page }) => {
        await open(page, l.path, theme);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expectNoA11yViolations(page);
        await page.locator('trace-view').getByRole('button', { name: l.next }).click();
        await page.locator('trace-view .tv-words summary').click();
        const term = page.locator('sim-terminal');
        await term.getByRole('textbox').fill('ip route');
        await term.getByRole('textbox').press('Enter');
        await term.getByRole('textbox').fill('nosuchcommand');
        await term.getByRole('textbox').press('Enter');
        await expect(term.locator('.term-err')).not.toHaveCount(0, { timeout: 15_000 });
        const q1 = page.locator('quiz-view form[data-qid="dnat-where"]');
        await q1.locator('input[value="web"]').check();
        await q1.getByRole('button', { name: l.check }).click();
        const q3 = page.locator('quiz-view form[data-qid="vxlan-port"]');
        await q3.getByLabel(l.answer).fill('8472');
        await q3.getByLabel(l.answer).press('Enter');
        await expect(q3.getByRole('status')).toHaveText(l.right);
        await expectNoA11yViolations(page);
      });
    }
  });
}

test('the trace explanation is there as text, and figures have text alternatives', async ({ page }) => {
  await open(page, '/guides/components/');
  const words = page.locator('trace-view .tv-words');
  await words.locator('summary').click();
  await expect(words).toContainText('1. in default/client: route to');
  await expect(words).toContainText('Result: delivered');
  await expect(page.locator('topology-view .topo-alt')).toContainText('Pod default/web at 10.244.0.3');
  await expect(page.locator('topology-view .topo-alt li').last()).toHaveText(/^Highlighted path: default\/client eth0, then node-2 cni0, then /);
  await expect(page.getByRole('img', { name: 'Pod to a ClusterIP Service' })).toHaveCount(1);
  await expect(page.getByRole('img', { name: /^Cluster topology: 2 nodes, 2 Pods, flannel VXLAN$/ })).toBeVisible();
});

test('narrow screens: the packet paths switch to a column and nothing scrolls the page sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '/guides/components/');
  await expect(page.locator('.pp-row').first()).toBeHidden();
  await expect(page.locator('.pp-column').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the views build in the browser from a cluster toJSON(), linked among themselves only', async ({ page }) => {
  await open(page, '/guides/components/');
  const rt = page.locator('runtime-views');
  await rt.getByRole('button', { name: 'Build the views in the browser' }).click();
  await expect(rt.getByRole('status').first()).toHaveText('Done.', { timeout: 15_000 });
  const tv = rt.locator('trace-view');
  await expect(tv.locator('section[data-leg="request"] tr.tv-hop')).toHaveCount(6);
  await expect(rt.locator('topology-view .topo-badge')).toHaveCount(8);
  await tv.getByRole('button', { name: 'Next hop' }).click();
  await expect(rt.locator('topology-view')).toHaveAttribute('data-selected', 'pod:default/client');
  // The build-time views on the page follow their own link only.
  await expect(page.locator('topology-view').first().locator('.is-selected')).toHaveCount(0);
  const term = rt.locator('sim-terminal');
  await expect(term.locator('.term-ps1')).toHaveText('root@node-1:~#');
  await term.getByRole('textbox').fill('ip route');
  await term.getByRole('textbox').press('Enter');
  await expect(term.getByRole('log')).toContainText('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink', { timeout: 15_000 });
  await expectNoA11yViolations(page);
});

test('a view loads its script only when it comes near; a click or a Check made while it loads is not lost', async ({ page }) => {
  await page.goto('/guides/components/');
  await page.waitForLoadState('networkidle');
  // The quiz and the trace table are more than a screen down: nothing of theirs ran yet.
  expect(await page.evaluate(() => [customElements.get('quiz-view'), customElements.get('trace-view')].map(Boolean))).toEqual([false, false]);
  // Hold every script requested from here on, so the clicks below land before the views' scripts have run.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/*.js', async (route) => {
    await gate;
    await route.continue();
  });
  const tv = page.locator('trace-view');
  await tv.getByRole('button', { name: 'Next hop' }).click();
  const q1 = page.locator('quiz-view form[data-qid="dnat-where"]');
  await q1.locator('input[value="n2-pre"]').check();
  await q1.getByRole('button', { name: 'Check' }).click();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => [customElements.get('quiz-view'), customElements.get('trace-view')].map(Boolean))).toEqual([false, false]);
  expect(new URL(page.url()).search).toBe(''); // the quiz form was not sent to the server
  await expect(q1.getByRole('status')).toHaveText('');
  await expect(tv.locator('tr[aria-current="step"]')).toHaveCount(0);
  release();
  // Once defined, the elements do what was asked of them, once.
  await expect(q1.getByRole('status')).toHaveText(/^Correct\./);
  await expect(tv.locator('tr[data-step="0"]')).toHaveAttribute('aria-current', 'step');
  await expect(tv.locator('tr[aria-current="step"]')).toHaveCount(1);
});
