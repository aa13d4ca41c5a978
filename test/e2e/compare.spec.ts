/**
 * Compare mode on the real renamed-attribute sample (TF 2.21): the broken checkpoint against the
 * one saved from the renamed model. The rename is found, the script is generated, and the
 * findings link to the variable-name-mismatch guide.
 */
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const SAMPLE = resolve(import.meta.dirname, '../../public/samples/renamed-attribute');
const files = (side: string) => ['checkpoint', 'ckpt-1.index', 'ckpt-1.data-00000-of-00001'].map((f) => join(SAMPLE, side, f));

test('a second artifact as the expected model: renamed entries highlighted, fix script, guide link', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-expected-files]').setInputFiles(files('fixed'));
  await checker.locator('[data-files]').setInputFiles(files('broken'));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const renamed = checker.locator('.compare tr[data-status="renamed"]');
  await expect(renamed).toHaveCount(2);
  await expect(renamed.first()).toContainText('dense_1');
  await expect(renamed.first()).toContainText('denselayer1');
  await expect(checker.locator('.compare tr[data-status="matched"]').first()).toContainText('head');
  await expect(checker.locator('.compare-scroll + .finding-fix')).toContainText('tf.train');
  const finding = checker.locator('.finding[data-failure="variable-name-mismatch"]');
  await expect(finding).toHaveCount(1);
  await finding.getByRole('link').click();
  await expect(page).toHaveURL(/\/failures\/variable-name-mismatch\/#fix$/);
});

test('pasted text as the expected model works the same way', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  // What tf.train.list_variables prints for the fixed checkpoint (TF 2.21).
  await checker
    .locator('textarea[name="expected"]')
    .fill(
      "[('model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [8, 4]), ('model/denselayer1/bias/.ATTRIBUTES/VARIABLE_VALUE', [4]), ('model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [4, 1]), ('model/head/bias/.ATTRIBUTES/VARIABLE_VALUE', [1])]",
    );
  await checker.locator('[data-files]').setInputFiles(files('broken'));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.compare tr[data-status="renamed"]')).toHaveCount(2);
});
