/**
 * Every guide in the built site: the seven step anchors are there, and each live cell runs in
 * the browser on its sample: the broken sample shows the page's failure, the fixed twin does not.
 */
import { expect, test } from '@playwright/test';
import { FAILURE_IDS, GUIDE_STEPS } from '../../src/lib/catalog.ts';

for (const id of FAILURE_IDS) {
  test(`${id}: steps and live cells`, async ({ page }) => {
    await page.goto(`/failures/${id}/`);
    const cells = page.locator('[data-cell]');
    const count = await cells.count();
    // Every guide confirms on a broken sample and verifies on its fixed twin.
    expect(await page.locator('[data-cell][id$="-broken"]').count(), 'broken cells').toBeGreaterThan(0);
    expect(await page.locator('[data-cell][id$="-fixed"]').count(), 'fixed cells').toBeGreaterThan(0);
    for (const step of GUIDE_STEPS) await expect(page.locator(`[id="${step}"]`), `#${step}`).toHaveCount(1);
    for (let i = 0; i < count; i++) {
      const cell = cells.nth(i);
      await expect(cell).toHaveAttribute('data-state', 'ready');
      await cell.getByRole('button', { name: 'Run' }).click();
      await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      const side = (await cell.getAttribute('id'))!.endsWith('-broken') ? 'broken' : 'fixed';
      await expect(cell, `${await cell.getAttribute('id')}`).toHaveAttribute('data-found', side === 'broken' ? 'true' : 'false');
    }
  });
}

test("a guide's checker starts from the page's samples", async ({ page }) => {
  await page.goto('/failures/variable-name-mismatch/');
  const checker = page.locator('#try-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.getByRole('button', { name: "Load this page's broken sample", exact: true }).click();
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.artifacts')).toContainText('checkpoint');
});
