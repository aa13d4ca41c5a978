/** Searching the site as a reader does: the search box, then the pages its first results link. */
import { expect, type Page } from '@playwright/test';

/**
 * Types `text` into the site's search box and returns the first three pages found (a page's
 * sections are listed under it, so each page counts once). Pagefind's interface draws each result
 * as a placeholder first and fills in its link when that page's data arrives, in any order, so the
 * list is read only once no placeholder is left: reading it at the first visible link can miss a
 * higher-ranked page whose data came later.
 */
export async function firstPagesFound(page: Page, text: string): Promise<string[]> {
  await page.getByRole('button', { name: 'Search' }).first().click();
  await page.getByRole('search', { name: 'Search this site' }).getByRole('textbox').fill(text);
  const area = page.locator('.pagefind-ui__results-area');
  await expect(area.locator('.pagefind-ui__result-link').first()).toBeVisible({ timeout: 15_000 });
  await expect(area.locator('.pagefind-ui__loading')).toHaveCount(0, { timeout: 15_000 });
  const links = area.locator('.pagefind-ui__result-link');
  return links.evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!.split('#')[0]))].slice(0, 3));
}
