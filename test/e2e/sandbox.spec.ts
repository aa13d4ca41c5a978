/**
 * The Node sandbox is opt-in and says plainly when it cannot start; here there is no network,
 * so WebContainer's boot never answers: the timeout must turn that into a message, and the cell
 * must keep working. The bundle it would mount is the real CLI (checked by running it in Node).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');

test('offline, the sandbox reports it could not start and the worker cell still runs', async ({ page }) => {
  await page.addInitScript(() => {
    (globalThis as { __SANDBOX_TIMEOUT_MS?: number }).__SANDBOX_TIMEOUT_MS = 3000;
  });
  await page.goto('/failures/variable-name-mismatch/');
  const cell = page.locator('[data-cell]').first();
  await expect(cell).toHaveAttribute('data-state', 'ready');
  await cell.locator('[data-sandbox] summary').click();
  await cell.getByRole('button', { name: 'Run in the sandbox' }).click();
  await expect(cell).toHaveAttribute('data-sandbox', 'unavailable', { timeout: 15_000 });
  await expect(cell.locator('[data-sandbox-status]')).toContainText(/did not start|offline|not cross-origin isolated|failed to start/);
  await expect(cell.locator('[data-sandbox-status]')).toContainText('still runs here');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
});

test('the CLI bundle the sandbox mounts runs the same inspect as the CLI', () => {
  const out = execFileSync(
    process.execPath,
    [resolve(ROOT, 'dist/sandbox/doctor.mjs'), 'inspect', resolve(ROOT, 'public/samples/renamed-attribute/broken'), '--json'],
    { encoding: 'utf8' },
  );
  const facts = JSON.parse(out);
  expect(facts.artifacts.map((a: { format: string }) => a.format)).toEqual(['checkpoint']);
  expect(facts.facts.variables.some((v: { name: string }) => v.name.includes('dense_1'))).toBe(true);
});
