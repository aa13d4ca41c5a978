/**
 * Search finds the raw error: every message the triage's error catalog (src/lib/data/errors.json)
 * maps to a failure is on that failure's page verbatim (rendered from the catalog at build time,
 * folded under the symptoms), and searching the site's Pagefind index for it finds that page
 * among the first three. Read from the catalog when the test runs, so new messages are covered.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { FAILURE_IDS, isFailureId } from '../../src/lib/catalog.ts';

interface CatalogMessage {
  id: string;
  failure?: string;
  template: string;
}
const CATALOG = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../src/lib/data/errors.json'), 'utf8')) as { messages: CatalogMessage[] }
).messages.filter((m) => typeof m.failure === 'string' && isFailureId(m.failure) && m.template);

test('every catalog message is on its failure page, verbatim', async ({ page }) => {
  expect(CATALOG.length).toBeGreaterThan(100);
  for (const id of FAILURE_IDS) {
    const mine = CATALOG.filter((m) => m.failure === id);
    await page.goto(`/failures/${id}/`);
    const list = page.locator(`[data-symptoms-catalog="${id}"]`);
    // Folded: closed until the reader opens it; inside the symptoms step.
    await expect(list).toHaveCount(mine.length > 0 ? 1 : 0);
    if (mine.length === 0) continue;
    expect(await list.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(
      await page.evaluate(() => {
        const symptoms = document.getElementById('symptoms')!;
        const next = document.getElementById('mechanism')!;
        const list = document.querySelector('[data-symptoms-catalog]')!;
        return (
          Boolean(symptoms.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING) &&
          Boolean(list.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING)
        );
      }),
    ).toBe(true);
    const shown = await list
      .locator('li[data-message-id]')
      .evaluateAll((items) =>
        Object.fromEntries(items.map((li) => [(li as HTMLElement).dataset.messageId!, li.querySelector('code')!.textContent!])),
      );
    for (const m of mine) expect(shown[m.id], `${id}: ${m.id}`).toBe(m.template);
  }
});

test('searching the site for each catalog message finds its failure page', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  // What a reader pastes has real values where the template has {placeholders}: search the rest.
  const queries = CATALOG.map((m) => ({ id: m.id, failure: m.failure!, query: m.template.replace(/\{[^}]*\}/g, ' ') }));
  const found = await page.evaluate(async (list) => {
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    await pagefind.init();
    const out: { id: string; failure: string; pages: string[] }[] = [];
    for (const { id, failure, query } of list) {
      const search = await pagefind.search(query);
      const urls: string[] = [];
      for (const result of search.results.slice(0, 12)) urls.push((await result.data()).url);
      out.push({ id, failure, pages: [...new Set(urls.map((u) => u.split('#')[0]!))] });
    }
    return out;
  }, queries);
  const missed = found
    .filter(({ failure, pages }) => !pages.slice(0, 3).includes(`/failures/${failure}/`))
    .map(({ id, failure, pages }) => `${id} → /failures/${failure}/ not in the first three: ${pages.slice(0, 3).join(', ')}`);
  expect(missed).toEqual([]);
  expect(found).toHaveLength(CATALOG.length);
});

test('the search box finds a guide from a pasted raw error', async ({ page }, testInfo) => {
  for (const [text, id] of [
    ['OSError: Unable to synchronously open file (file signature not found)', 'corrupted-checkpoint'],
    ['DataLossError: not an sstable (bad magic number)', 'corrupted-checkpoint'],
    ['Unsuccessful TensorSliceReader constructor: Failed to find any matching files for /srv/run1/ckpt-9', 'wrong-path-or-loader'],
  ] as const) {
    await page.goto('/');
    await page.getByRole('button', { name: 'Search' }).first().click();
    const input = page.getByRole('search', { name: 'Search this site' }).getByRole('textbox');
    await input.fill(text);
    const results = page.locator('.pagefind-ui__result-link');
    await expect(results.first()).toBeVisible({ timeout: 15_000 });
    const pages = await results.evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!.split('#')[0]))].slice(0, 3));
    expect(pages, text).toContain(`/failures/${id}/`);
    await page.screenshot({ path: testInfo.outputPath(`search-${id}.png`) });
  }
});
