/**
 * "Try your own model" agrees with the cells above it: each of the page's samples is offered once,
 * loaded with the context its cell states (shown in the form, so the reader sees what was
 * assumed), and gives the cell's findings; a sample the page calls broken is never "No problems
 * found". The result is brought into view.
 */
import { expect, test, type Locator } from '@playwright/test';
import { FAILURE_IDS } from '../../src/lib/catalog.ts';
import { findingsOf, open, sidewaysOverflow } from './support/newcomer.ts';

const FIELDS = ['tf', 'keras', 'input_dtype', 'loader', 'host_memory', 'read_speed', 'expected'] as const;

async function runCell(cell: Locator): Promise<string[]> {
  await expect(cell).toHaveAttribute('data-state', 'ready');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  return findingsOf(cell.locator('[data-results]'));
}

async function loadSample(checker: Locator, button: Locator): Promise<string[]> {
  const before = Number((await checker.getAttribute('data-runs')) ?? 0);
  await button.click();
  await expect(checker).toHaveAttribute('data-runs', String(before + 1), { timeout: 30_000 });
  await expect(checker).toHaveAttribute('data-state', 'done');
  return findingsOf(checker.locator('[data-results]'));
}

for (const id of FAILURE_IDS) {
  test(`${id}: every sample the checker offers gives its cell's findings, with the cell's context in the form`, async ({ page }) => {
    test.setTimeout(120_000);
    await open(page, `/failures/${id}/`, 'desktop');
    const checker = page.locator('#try-checker');
    await expect(checker).toHaveAttribute('data-state', 'ready');
    const cells = page.locator('[data-cell]');
    const keys = await cells.evaluateAll((cs) => [
      ...new Set(cs.map((c) => `${(c as HTMLElement).dataset.scenario}/${(c as HTMLElement).dataset.side}`)),
    ]);
    const buttons = checker.locator('[data-samples] button');
    // One button per sample: no sample offered twice, no two buttons with the same name.
    const names = await buttons.allTextContents();
    expect(names).toHaveLength(keys.length);
    expect(new Set(names).size, names.join(' | ')).toBe(names.length);

    for (const key of keys) {
      const [scenario, side] = key.split('/') as [string, 'broken' | 'fixed'];
      const cell = cells.and(page.locator(`[data-scenario="${scenario}"][data-side="${side}"]`)).first();
      const fromCell = await runCell(cell);
      const several = new Set(keys.map((k) => k.split('/')[0])).size > 1;
      const button = checker.getByRole('button', {
        name: several ? `Load this page's ${side} sample (${scenario})` : `Load this page's ${side} sample`,
        exact: true,
      });
      await expect(button).toHaveCount(1);
      const fromChecker = await loadSample(checker, button);
      // The same answer as the cell: same findings, same order.
      expect(fromChecker, `${key}: checker vs cell`).toEqual(fromCell);
      const mine = fromChecker.filter((f) => f.startsWith(`${id} `));
      if (side === 'broken') {
        expect(mine.length, `${key}: the page's failure on its broken sample`).toBeGreaterThan(0);
        await expect(checker.locator('.finding-none')).toHaveCount(0);
      }
      // The form shows what was assumed: the cell's values, field by field.
      for (const name of FIELDS) {
        const want = (await cell.locator(`[name="${name}"]`).inputValue()).trim();
        await expect(checker.locator(`[name="${name}"]`), `${key}: ${name}`).toHaveValue(want);
      }
      await expect(checker.locator('[name="verify"]')).toBeChecked({ checked: (await cell.getAttribute('data-verify')) === 'true' });
      await expect(checker.locator('[data-assumed]')).toBeVisible();
      await expect(checker.locator('[data-assumed]')).toContainText(scenario);
    }
  });
}

for (const viewport of ['desktop', 'phone'] as const) {
  for (const [id, expectText] of [
    ['variable-name-mismatch', 'the expected model pasted below'],
    ['version-mismatch', 'TensorFlow 2.21'],
    ['restore-hang', 'read speed 1K/s'],
  ] as const) {
    test(`${id} on ${viewport}: the broken sample is loaded with its cell's context and its result comes into view`, async ({
      page,
    }, testInfo) => {
      await open(page, `/failures/${id}/`, viewport, viewport === 'phone' ? 'dark' : 'light');
      const checker = page.locator('#try-checker');
      await expect(checker).toHaveAttribute('data-state', 'ready');
      // Each sample the page's cells run is offered once (the version guide once showed its two twice).
      const samples = await page
        .locator('[data-cell]')
        .evaluateAll((cs) => new Set(cs.map((c) => `${(c as HTMLElement).dataset.scenario}/${(c as HTMLElement).dataset.side}`)).size);
      const names = await checker.locator('[data-samples] button').allTextContents();
      expect(names, names.join(' | ')).toHaveLength(samples);
      expect(new Set(names).size, names.join(' | ')).toBe(samples);
      await checker.locator('[data-samples] button').filter({ hasText: 'broken sample' }).first().click();
      await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      // Never "No problems found" for a sample the page calls broken.
      await expect(checker.locator(`.finding[data-failure="${id}"]`).first()).toBeVisible();
      await expect(checker.locator('.finding-none')).toHaveCount(0);
      await expect(checker.locator('p[data-status]')).toBeInViewport();
      await expect(checker.locator('.checker-results h3').first()).toBeInViewport();
      await expect(checker.locator('[data-assumed]')).toContainText(expectText);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`${id}-${viewport}-result.png`) });
      await checker.locator('[data-assumed]').scrollIntoViewIfNeeded();
      await checker.locator('form[data-context]').screenshot({ path: testInfo.outputPath(`${id}-${viewport}-form.png`) });
    });
  }
}
