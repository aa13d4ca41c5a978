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

test("a guide's text says what its cells show: each quoted verdict line is the next cell's verdict", async ({ page }) => {
  test.setTimeout(120_000);
  let claims = 0;
  for (const id of FAILURE_IDS) {
    await page.goto(`/failures/${id}/`);
    // Verdict lines quoted in the prose (`restore-hang: found (1)`), with the cell each one introduces.
    const quoted = await page.evaluate((failure) => {
      const pattern = new RegExp(`^${failure}: (found \\(\\d+\\)|not found)$`);
      const cells = [...document.querySelectorAll('[data-cell]')];
      return [...document.querySelectorAll('.sl-markdown-content p code')]
        .filter((c) => !c.closest('[data-cell], .expressive-code') && pattern.test(c.textContent ?? ''))
        .map((c) => {
          const next = cells.find((cell) => c.compareDocumentPosition(cell) & Node.DOCUMENT_POSITION_FOLLOWING);
          const severities = [...(c.closest('p')?.querySelectorAll('strong') ?? [])]
            .map((s) => s.textContent ?? '')
            .filter((s) => ['info', 'warning', 'error'].includes(s));
          return { text: c.textContent!, cell: next?.id ?? null, severities };
        });
    }, id);
    for (const claim of quoted) {
      claims++;
      expect(claim.cell, `${id}: "${claim.text}" introduces no cell`).not.toBeNull();
      const cell = page.locator(`[id="${claim.cell}"]`);
      await expect(cell).toHaveAttribute('data-state', 'ready');
      await cell.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      await expect(cell.locator('p[data-status] strong'), `${id}: the text says ${claim.text}`).toHaveText(claim.text);
      // The severity the text names is the one the cell shows for this failure.
      for (const severity of claim.severities)
        await expect(cell.locator(`.finding-${severity}[data-failure="${id}"]`), `${id}: the text calls it ${severity}`).not.toHaveCount(0);
    }
  }
  // The restore-hang guide quotes its cell's verdict; the test must have read at least that one.
  expect(claims).toBeGreaterThan(0);
});
