/** Share: the checker's link opens the guide at its step, showing the summary, with no names unless ticked. */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const CKPT = resolve(import.meta.dirname, '../fixtures/t2t/tensor2tensor/test_data/transformer_test_ckpt');

test('a shared link round-trips to the failure page and shows the findings', async ({ page }) => {
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

  await page.goto(plain);
  const box = page.locator('[data-shared-summary]');
  await expect(box).toBeVisible();
  await expect(box).toContainText('A teammate checked their model');
  await expect(box.locator('li').first()).toContainText(/error|warning|info/);
  await expect(page.locator('#fix')).toBeInViewport();
});

test('a failure page opened normally shows no shared summary', async ({ page }) => {
  await page.goto('/failures/partial-restore/');
  await expect(page.locator('[data-shared-summary]')).toBeHidden();
});
