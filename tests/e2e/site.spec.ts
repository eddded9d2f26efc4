import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const locales = [
  { path: '/', lang: 'en', title: 'K8s Networking Labs', startHere: 'Start here' },
  { path: '/zh-tw/', lang: 'zh-TW', title: '實作 Kubernetes 網路', startHere: '從這裡開始' },
] as const;

async function expectNoA11yViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

for (const l of locales) {
  test.describe(`landing page (${l.lang})`, () => {
    test('loads with the right language and heading', async ({ page }) => {
      await page.goto(l.path);
      await expect(page.locator('html')).toHaveAttribute('lang', l.lang);
      await expect(page.getByRole('heading', { level: 1, name: l.title })).toBeVisible();
      await expect(page.locator('pre code').filter({ hasText: "import { cluster } from 'k8snet'" })).toBeVisible();
    });

    test('hero action leads to the start-here page', async ({ page }) => {
      await page.goto(l.path);
      await page.getByRole('link', { name: l.startHere }).first().click();
      await expect(page).toHaveURL(new RegExp(`${l.path}guides/start-here/$`));
      await expect(page.getByRole('heading', { level: 1, name: l.startHere })).toBeVisible();
    });

    for (const path of [l.path, `${l.path}guides/start-here/`]) {
      test(`no WCAG 2 A/AA violations on ${path}`, async ({ page }) => {
        await page.goto(path);
        await expectNoA11yViolations(page);
      });
    }
  });
}

test('language switcher goes from English to Traditional Chinese', async ({ page }) => {
  await page.goto('/guides/start-here/');
  const select = page.locator('starlight-lang-select select').first();
  await expect(select).toBeVisible();
  await select.selectOption({ label: '繁體中文' });
  await expect(page).toHaveURL(/\/zh-tw\/guides\/start-here\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
});

test('theme toggle switches between light and dark, and dark mode stays accessible', async ({ page }) => {
  await page.goto('/');
  const select = page.locator('starlight-theme-select select').first();
  await expect(select).toBeVisible();
  await select.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectNoA11yViolations(page);
});
