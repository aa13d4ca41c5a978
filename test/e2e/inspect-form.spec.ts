/**
 * The Inspect page's form, as a newcomer meets it: a sample to try, no "Re-run" before anything
 * ran, the checkbox beside its label, a styled second-artifact picker; after a run, a change to
 * the form marks the result stale and re-runs it; a value that cannot be read is an error next to
 * its field, never a run that ignores it.
 */
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { open, sidewaysOverflow } from './support/newcomer.ts';

const BROKEN = resolve(import.meta.dirname, '../../public/samples/renamed-attribute/broken');
const files = ['checkpoint', 'ckpt-1.index', 'ckpt-1.data-00000-of-00001'].map((f) => resolve(BROKEN, f));

async function ready(page: Page) {
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  return checker;
}

for (const viewport of ['desktop', 'phone'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`before a run on ${viewport} (${theme}): a sample to try, no Re-run, the checkbox with its label, a styled picker`, async ({
      page,
    }, testInfo) => {
      await open(page, '/inspect/', viewport, theme);
      const checker = await ready(page);
      await expect(checker.getByRole('button', { name: 'Re-run' })).toBeHidden();
      // The checkbox sits right beside its label, on the same line.
      const box = (await checker.locator('input[name="verify"]').boundingBox())!;
      const label = (await checker.locator('.checker-verify span').boundingBox())!;
      expect(label.x - (box.x + box.width)).toBeGreaterThanOrEqual(0);
      expect(label.x - (box.x + box.width)).toBeLessThan(16);
      expect(Math.abs(label.y + label.height / 2 - (box.y + box.height / 2))).toBeLessThan(label.height / 2);
      // The second-artifact picker is a button like the site's other pickers, not the browser's default.
      const picker = checker.locator('label:has([data-expected-files])');
      const choose = checker.locator('label:has([data-files])');
      await expect(picker).toBeVisible();
      const style = (l: typeof picker) =>
        l.evaluate((e) => {
          const s = getComputedStyle(e);
          return [s.borderTopStyle, s.borderTopColor, s.borderRadius, s.paddingLeft, s.backgroundColor];
        });
      expect(await style(picker)).toEqual(await style(choose));
      expect(await checker.locator('[data-expected-files]').evaluate((i) => i.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
      await checker.locator('[data-expected-files]').setInputFiles(files[1]!);
      await expect(checker.locator('[data-expected-names]')).toHaveText('ckpt-1.index');
      await checker.getByRole('button', { name: 'Clear' }).click();
      await expect(checker.locator('[data-expected-names]')).toHaveText('none chosen');
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await checker.locator('form[data-context]').screenshot({ path: testInfo.outputPath(`form-${viewport}-${theme}.png`) });
    });
  }

  test(`the Inspect page offers a sample on ${viewport}: loaded with its inputs shown, findings in view`, async ({ page }, testInfo) => {
    await open(page, '/inspect/', viewport);
    const checker = await ready(page);
    await checker.getByRole('button', { name: /Try a sample/ }).click();
    await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(checker.locator('.finding[data-failure="variable-name-mismatch"]')).toHaveCount(1);
    await expect(checker.locator('.compare tr[data-status="renamed"]')).toHaveCount(2);
    await expect(checker.locator('[name="tf"]')).toHaveValue('2.21');
    await expect(checker.locator('[name="expected"]')).toHaveValue(/denselayer1/);
    await expect(checker.locator('[data-assumed]')).toBeVisible();
    await expect(checker.locator('.checker-results h3').first()).toBeInViewport();
    await expect(checker.getByRole('button', { name: 'Re-run' })).toBeVisible();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath(`inspect-sample-${viewport}.png`) });
  });
}

test('a change to the form after a run marks the result stale, then re-runs it', async ({ page }, testInfo) => {
  await page.goto('/inspect/');
  const checker = await ready(page);
  await checker.getByRole('button', { name: /Try a sample/ }).click();
  await expect(checker).toHaveAttribute('data-runs', '1', { timeout: 30_000 });
  await expect(checker.locator('.compare')).toBeVisible();
  // Drop the expected model: the compare table no longer applies.
  await checker.locator('[name="expected"]').fill('');
  await expect(checker).toHaveAttribute('data-stale', 'true');
  await expect(checker.locator('[data-stale-note]')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('stale.png') });
  await expect(checker).toHaveAttribute('data-runs', '2', { timeout: 30_000 });
  await expect(checker).not.toHaveAttribute('data-stale', 'true');
  await expect(checker.locator('[data-stale-note]')).toHaveCount(0);
  await expect(checker.locator('.compare')).toHaveCount(0);
  // Several quick changes make one re-run, after the reader stops typing.
  await checker.locator('[name="tf"]').pressSequentially('2.9', { delay: 50 });
  await expect(checker).toHaveAttribute('data-runs', '3', { timeout: 30_000 });
  await page.waitForTimeout(1500);
  await expect(checker).toHaveAttribute('data-runs', '3');
  // Unticking verification re-runs too.
  await checker.getByLabel('Verify checksums of checkpoint data').uncheck();
  await expect(checker).toHaveAttribute('data-runs', '4', { timeout: 30_000 });
});

for (const viewport of ['desktop', 'phone'] as const) {
  test(`an unreadable version is an error beside its field, not a run (${viewport})`, async ({ page }, testInfo) => {
    await open(page, '/inspect/', viewport);
    const checker = await ready(page);
    const tf = checker.locator('[name="tf"]');
    const error = checker.locator('.field:has([name="tf"]) .field-error');

    // Before any run: picking files with an unreadable version does not run.
    await tf.fill('two point fifteen');
    await checker.locator('[data-files]').setInputFiles(files);
    await expect(checker).toHaveAttribute('data-state', 'invalid');
    await expect(error).toBeVisible();
    await expect(error).toContainText('two point fifteen');
    await expect(tf).toHaveAttribute('aria-invalid', 'true');
    await expect(tf).toBeFocused();
    await expect(checker.locator('.finding-none')).toHaveCount(0);
    await expect(checker.locator('.checker-results > *')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath(`version-error-${viewport}.png`) });

    // Fixed: the check runs and the note goes.
    await tf.fill('2.15');
    await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(error).toHaveCount(0);
    await expect(tf).not.toHaveAttribute('aria-invalid', 'true');

    // After a run: no new run, and the old result is marked as being for the previous inputs,
    // so its "No problems found" is not read as the answer for "two point fifteen".
    const runs = await checker.getAttribute('data-runs');
    await tf.fill('two point fifteen');
    await expect(checker).toHaveAttribute('data-state', 'invalid', { timeout: 10_000 });
    await expect(error).toBeVisible();
    await expect(checker).toHaveAttribute('data-stale', 'true');
    await expect(checker.locator('p[data-status]')).toContainText('cannot be read');
    await expect(checker.locator('[data-stale-note]')).toBeVisible();
    await expect(checker.locator('[data-stale-note]')).toContainText('previous inputs');
    await expect(checker.locator('.checker-results.is-stale .finding-none')).toHaveCount(await checker.locator('.finding-none').count());
    await page.waitForTimeout(1500);
    await expect(checker).toHaveAttribute('data-runs', runs!);
    await page.screenshot({ path: testInfo.outputPath(`version-error-after-run-${viewport}.png`) });
  });
}

test('Ctrl+Enter in the form runs the check again', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = await ready(page);
  await checker.locator('[data-files]').setInputFiles(files);
  await expect(checker).toHaveAttribute('data-runs', '1', { timeout: 30_000 });
  await checker.locator('[name="expected"]').focus();
  await page.keyboard.press('Control+Enter');
  await expect(checker).toHaveAttribute('data-runs', '2', { timeout: 30_000 });
});
