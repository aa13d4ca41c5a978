/**
 * The built site: every failure page is there, search finds a failure by a phrase of its error
 * message, the theme toggles to dark, pages are cross-origin isolated, and no internal link is broken.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { FAILURE_IDS, failureInfo } from '../../src/lib/catalog.ts';
import { firstPagesFound } from './support/site-search.ts';

const DIST = resolve(import.meta.dirname, '../../dist');

test('every failure id has its page, titled from the catalog, with the symptoms anchor', async ({ page }) => {
  for (const id of FAILURE_IDS) {
    const response = await page.goto(`/failures/${id}/`);
    expect(response?.status(), id).toBe(200);
    await expect(page.locator('h1')).toHaveText(failureInfo(id).title);
    await expect(page.locator('#symptoms')).toBeVisible();
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', new RegExp(failureInfo(id).title));
    // The link-preview card exists and is a PNG.
    const image = new URL((await page.locator('meta[property="og:image"]').getAttribute('content'))!);
    const card = await page.request.get(image.pathname);
    expect(card.status(), image.pathname).toBe(200);
    expect([...(await card.body()).subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  }
});

test('the failure index and the home page link every failure', async ({ page }) => {
  for (const path of ['/failures/', '/']) {
    await page.goto(path);
    for (const id of FAILURE_IDS) {
      await expect(page.locator(`main a[href="/failures/${id}/"]`).first(), `${path} → ${id}`).toBeVisible();
    }
  }
});

test('search finds each failure page by a phrase of its error message', async ({ page }) => {
  // A fresh page and a search per failure: more than the default minute on a loaded 2-core machine.
  test.setTimeout(240_000);
  for (const id of FAILURE_IDS) {
    // A fresh page per search, so no result list of the previous query can be read.
    await page.goto('/');
    // The literal start of the page's first symptom, as a reader would paste it.
    const html = readFileSync(join(DIST, 'failures', id, 'index.html'), 'utf8');
    const symptom = /<pre class="symptom-text"><code>([^<{]{12,})/.exec(html)![1]!.replace(/&#39;|&quot;|&amp;|&lt;|&gt;/g, ' ');
    const phrase = symptom.split(/\s+/).slice(0, 10).join(' ');
    const pages = await firstPagesFound(page, phrase);
    expect(pages, `"${phrase}"`).toContain(`/failures/${id}/`);
  }
});

test('the theme can be switched to dark and back to light', async ({ page }) => {
  await page.goto('/failures/dtype-mismatch/');
  const select = page.locator('starlight-theme-select select').first();
  await select.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await select.selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('pages are cross-origin isolated (needed by the WebContainer sandbox)', async ({ page }) => {
  await page.goto('/inspect/');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});

test('the layout works on a phone: no horizontal scrolling, menu button shown', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/failures/version-mismatch/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('button', { name: 'Menu' })).toBeVisible();
});

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}

test('no internal link or anchor in the built site is broken', async ({ page }) => {
  const pages = htmlFiles(DIST).map(
    (f) =>
      '/' +
      relative(DIST, f)
        .replace(/index\.html$/, '')
        .replace(/\\/g, '/'),
  );
  expect(pages.length).toBeGreaterThan(14);
  const broken: string[] = [];
  const ids = new Map<string, Set<string>>();
  const idsOf = async (path: string) => {
    if (!ids.has(path)) {
      await page.goto(path);
      ids.set(path, new Set(await page.locator('[id]').evaluateAll((els) => els.map((e) => e.id))));
    }
    return ids.get(path)!;
  };
  for (const from of pages.filter((p) => !p.endsWith('.html'))) {
    await page.goto(from);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const href of new Set(hrefs)) {
      if (/^(https?:|mailto:)/.test(href)) continue;
      const url = new URL(href, `http://x${from}`);
      const target = url.pathname;
      const file = target.endsWith('/') ? join(DIST, target, 'index.html') : join(DIST, target);
      let exists = false;
      try {
        exists = statSync(file).isFile();
      } catch {
        exists = false;
      }
      if (!exists) broken.push(`${from} → ${href}`);
      else if (url.hash.length > 1 && target.endsWith('/') && !(await idsOf(target)).has(decodeURIComponent(url.hash.slice(1)))) {
        broken.push(`${from} → ${href} (no such anchor)`);
      }
    }
  }
  expect(broken).toEqual([]);
  // The check itself must see links: every page links to the failure pages through the sidebar.
  expect(readFileSync(join(DIST, 'index.html'), 'utf8')).toContain('/failures/version-mismatch/');
});
