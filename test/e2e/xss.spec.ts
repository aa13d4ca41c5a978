/** Names inside a model file are shown as text, never as markup: no element, no script runs. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { HOSTILE_CLASS, HOSTILE_LAYER, writeHostileKeras } from './support/hostile-model.ts';

test('a model whose layer and class names are HTML renders them as text', async ({ page }) => {
  const file = join(mkdtempSync(join(tmpdir(), 'xss-')), 'hostile.keras');
  await writeHostileKeras(file);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-files]').setInputFiles(file);
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const results = checker.locator('[data-results]');
  // The custom class is reported, its name shown literally.
  await expect(results).toContainText(HOSTILE_CLASS);
  // The layer name appears in the variables as text.
  await expect(results).toContainText(HOSTILE_LAYER.slice(0, 12));
  expect(await results.locator('img, script, b').count()).toBe(0);
  await results.hover();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
});
