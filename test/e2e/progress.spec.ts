/**
 * Long work in the browser: verifying a large checkpoint shows progress and elapsed time, and
 * Cancel stops it; the checker is usable again afterwards.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeCheckpoint } from '../../src/lib/writers/checkpoint.ts';

/** A checkpoint of 32 float32 tensors of 8 MiB each (256 MiB), made by the project's writer. */
function bigCheckpoint(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'big-ckpt-'));
  const tensors = Array.from({ length: 32 }, (_, i) => {
    const data = new Uint8Array(8 * 1024 * 1024);
    for (let j = 0; j < data.length; j += 4096) data[j] = (i + j) & 0xff;
    return { key: `layer_${i}/kernel`, dtype: 'float32', shape: [2048, 1024], data };
  });
  const files = writeCheckpoint(tensors, { prefix: 'ckpt-1' });
  return Object.entries(files).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
}

test('verification of a 256 MiB checkpoint shows progress and can be cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  const files = bigCheckpoint();
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-files]').setInputFiles(files);
  const progress = checker.locator('[data-progress]');
  await expect(progress).toBeVisible();
  await expect(checker.locator('[data-status]')).toContainText(/Verifying .* s$/, { timeout: 20_000 });
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(0);
  await checker.getByRole('button', { name: 'Cancel' }).click();
  await expect(checker).toHaveAttribute('data-state', 'error', { timeout: 10_000 });
  await expect(checker.locator('[data-status]')).toHaveText('Cancelled.');
  await expect(progress).toBeHidden();

  // Usable again: without checksums the same files decode at once.
  await checker.locator('input[name="verify"]').uncheck();
  await checker.getByRole('button', { name: 'Re-run' }).click();
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.variables-totals')).toContainText('32 of 32 variables');
});
