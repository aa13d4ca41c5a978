/**
 * The Content-Security-Policy: every page carries one that allows no other origin (the Inspect
 * page: any https:// address, for its URL field), and pages
 * (search, theme, checker, cells) run with no violation of it.
 */
import { expect, test } from '@playwright/test';

const PAGES = ['/', '/failures/', '/failures/variable-name-mismatch/', '/inspect/', '/triage/'];

for (const path of PAGES) {
  test(`${path} runs under its CSP without violations`, async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(path);
    const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).not.toMatch(/(^|\s)'unsafe-(eval|inline)'/);
    // The one outside origin is the opt-in Node sandbox's frame; no other directive names one.
    expect(
      csp!
        .split(';')
        .filter((d) => /https?:/.test(d))
        .map((d) => d.trim()),
    ).toEqual([
      // The Inspect page alone may connect to an https:// address the reader gives it.
      ...(path === '/inspect/' ? ["connect-src 'self' https:"] : []),
      'frame-src https://stackblitz.com',
    ]);
    // Use the page: open search, switch theme; on guides run a cell.
    await page.getByRole('button', { name: 'Search' }).first().click();
    await page.keyboard.press('Escape');
    await page.locator('starlight-theme-select select').first().selectOption('dark');
    const cell = page.locator('[data-cell]').first();
    if (await cell.count()) {
      await cell.getByRole('button', { name: 'Run' }).click();
      await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    }
    expect(violations).toEqual([]);
  });
}

test('an inline script injected into the page is blocked by the policy', async ({ page }) => {
  await page.goto('/inspect/');
  const ran = await page.evaluate(async () => {
    (window as unknown as { injected?: boolean }).injected = false;
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 100));
    return (window as unknown as { injected?: boolean }).injected;
  });
  expect(ran).toBe(false);
});
