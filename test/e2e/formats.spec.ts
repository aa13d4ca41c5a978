/**
 * Format reference pages: each has a live decoder that reads its sample in the browser and shows
 * the format the page is about, with the facts a reader should look at.
 */
import { expect, test } from '@playwright/test';

const PAGES: [path: string, format: string, shows: string][] = [
  ['/formats/saved-model/', 'saved_model', '.signatures'],
  ['/formats/tf2-checkpoint/', 'checkpoint', '.object-tree'],
  ['/formats/keras-v3/', 'keras_v3', '.layers'],
  ['/formats/keras-h5/', 'keras_h5', '.layers'],
  ['/formats/tf1-meta/', 'tf1_meta', '.variables-totals'],
];

for (const [path, format, shows] of PAGES) {
  test(`${path} decodes its sample live`, async ({ page }) => {
    await page.goto(path);
    const checker = page.locator('[data-checker]').first();
    await expect(checker).toHaveAttribute('data-state', 'ready');
    await checker.locator('[data-samples] button').first().click();
    await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(checker.locator('.artifacts')).toContainText(format);
    await expect(checker.locator(shows).first()).toBeVisible();
    await expect(checker.locator('.artifact-problem')).toHaveCount(0);
  });
}

test('the object tree builds a node’s children when the reader opens it', async ({ page }) => {
  await page.goto('/formats/tf2-checkpoint/');
  const checker = page.locator('[data-checker]').first();
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-samples] button').first().click();
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  // Pin the first closed node (the selector itself would move on to the next closed one once it opens).
  await checker
    .locator('.object-tree details:not([open])')
    .first()
    .evaluate((d) => d.setAttribute('data-test-node', ''));
  const closed = checker.locator('.object-tree details[data-test-node]');
  await expect(closed.locator(':scope > ul > li')).toHaveCount(0);
  await closed.locator(':scope > summary').click();
  await expect(closed.locator(':scope > ul > li').first()).toBeVisible();
});
