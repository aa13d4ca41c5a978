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
import { firstPagesFound } from './support/site-search.ts';

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
  test.setTimeout(240_000);
  await page.goto('/');
  // What a reader pastes has real values where the template has {placeholders}: search the rest.
  // Pagefind ranks by words, so a message of common words ("No variables to save") can lose to
  // guides that use those words more; searched as a phrase (in quotes, as Pagefind allows) it must
  // then come first. Both queries are tried; the one that finds the page is recorded.
  const queries = CATALOG.map((m) => {
    const pieces = m.template.split(/\{[^}]*\}/).map((p) => p.replace(/^[\s:"'(]+|[\s:"'(),.]+$/g, ''));
    const phrase = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
    return { id: m.id, failure: m.failure!, words: m.template.replace(/\{[^}]*\}/g, ' '), phrase: `"${phrase}"` };
  });
  const found = await page.evaluate(async (list) => {
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    await pagefind.init();
    const top = async (query: string) => {
      const search = await pagefind.search(query);
      const urls: string[] = [];
      for (const result of search.results.slice(0, 12)) urls.push((await result.data()).url);
      return [...new Set(urls.map((u) => u.split('#')[0]!))].slice(0, 3);
    };
    const out: { id: string; failure: string; words: string[]; phrase: string[] }[] = [];
    for (const { id, failure, words, phrase } of list) out.push({ id, failure, words: await top(words), phrase: await top(phrase) });
    return out;
  }, queries);
  const page_ = (f: { failure: string }) => `/failures/${f.failure}/`;
  const byWords = found.filter((f) => f.words.includes(page_(f)));
  const byPhrase = found.filter((f) => !f.words.includes(page_(f)) && f.phrase.includes(page_(f)));
  for (const f of byPhrase) console.info(`${f.id}: found only as a quoted phrase (words gave ${f.words.join(', ')})`);
  console.info(
    `catalog messages whose page is in the first three results: ${byWords.length} by words, ${byPhrase.length} more as a phrase, of ${found.length}`,
  );
  const missed = found
    .filter((f) => !f.words.includes(page_(f)) && !f.phrase.includes(page_(f)))
    .map((f) => `${f.id} → ${page_(f)} not in the first three: ${f.words.join(', ')} / as a phrase: ${f.phrase.join(', ')}`);
  expect(missed).toEqual([]);
  // Phrase search is the fallback, not the rule: nearly every message is found by its words alone.
  expect(byWords.length).toBeGreaterThanOrEqual(found.length - 5);
  expect(found).toHaveLength(CATALOG.length);
});

test('the search box finds a guide from a pasted raw error', async ({ page }, testInfo) => {
  for (const [text, id] of [
    ['OSError: Unable to synchronously open file (file signature not found)', 'corrupted-checkpoint'],
    ['DataLossError: not an sstable (bad magic number)', 'corrupted-checkpoint'],
    ['Unsuccessful TensorSliceReader constructor: Failed to find any matching files for /srv/run1/ckpt-9', 'wrong-path-or-loader'],
  ] as const) {
    await page.goto('/');
    const pages = await firstPagesFound(page, text);
    expect(pages, text).toContain(`/failures/${id}/`);
    await page.screenshot({ path: testInfo.outputPath(`search-${id}.png`) });
  }
});
