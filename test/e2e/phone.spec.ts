/** Readable on a phone: no page in the site scrolls sideways at 375 px, guides with cells included. */
import { expect, test } from '@playwright/test';
import { FAILURE_IDS } from '../../src/lib/catalog.ts';

const PAGES = ['/', '/failures/', '/inspect/', '/triage/', ...FAILURE_IDS.map((id) => `/failures/${id}/`)];

test('no horizontal scrolling at 375 px', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const wide: string[] = [];
  for (const path of PAGES) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) wide.push(`${path} (+${overflow}px)`);
  }
  expect(wide).toEqual([]);
});
