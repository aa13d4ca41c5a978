/** Keyboard only: reach the file picker, pick a model, reach the first finding's guide link and follow it. */
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const CKPT = resolve(import.meta.dirname, '../../public/samples/renamed-attribute/broken');

async function tabUntil(page: Page, matches: () => Promise<boolean>, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await matches()) return;
  }
  throw new Error('never reached by Tab');
}

test('the checker works from the keyboard alone', async ({ page }) => {
  await page.goto('/inspect/');
  await expect(page.locator('#inspect-checker')).toHaveAttribute('data-state', 'ready');
  await tabUntil(page, () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.matches('[data-files]') ?? false));
  // The focused picker is visibly marked (its label draws the focus ring).
  const outline = await page.locator('label:has([data-files])').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  // Space activates a focused file input (as it does a button) and opens the file dialog.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(['checkpoint', 'ckpt-1.index', 'ckpt-1.data-00000-of-00001'].map((f) => resolve(CKPT, f)));
  await expect(page.locator('#inspect-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  // Fill the expected names from the keyboard and re-run with Enter on the button.
  await page.locator('textarea[name="expected"]').focus();
  await page.keyboard.insertText(
    "[('model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [8, 4]), ('model/denselayer1/bias/.ATTRIBUTES/VARIABLE_VALUE', [4]), ('model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [4, 1]), ('model/head/bias/.ATTRIBUTES/VARIABLE_VALUE', [1])]",
  );
  await tabUntil(page, () => page.evaluate(() => document.activeElement?.textContent === 'Re-run'));
  await page.keyboard.press('Enter');
  const link = page.locator('.finding[data-failure="variable-name-mismatch"] a');
  await expect(link).toBeVisible({ timeout: 30_000 });
  await tabUntil(page, () => link.evaluate((a) => a === document.activeElement), 200);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/failures\/variable-name-mismatch\//);
});
