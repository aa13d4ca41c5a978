/**
 * Compare mode on the real renamed-attribute sample (TF 2.21): the broken checkpoint against the
 * one saved from the renamed model. The rename is found, the script is generated, and the
 * findings link to the variable-name-mismatch guide. On a phone the results never widen the page,
 * and the script is a code block like the site's others (frame, copy button, wrapping).
 */
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { lineCount, open, sidewaysOverflow } from './support/newcomer.ts';

const SAMPLE = resolve(import.meta.dirname, '../../public/samples/renamed-attribute');
const files = (side: string) => ['checkpoint', 'ckpt-1.index', 'ckpt-1.data-00000-of-00001'].map((f) => join(SAMPLE, side, f));

test('a second artifact as the expected model: renamed entries highlighted, fix script, guide link', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-expected-files]').setInputFiles(files('fixed'));
  await checker.locator('[data-files]').setInputFiles(files('broken'));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const renamed = checker.locator('.compare tr[data-status="renamed"]');
  await expect(renamed).toHaveCount(2);
  await expect(renamed.first()).toContainText('dense_1');
  await expect(renamed.first()).toContainText('denselayer1');
  await expect(checker.locator('.compare tr[data-status="matched"]').first()).toContainText('head');
  await expect(checker.locator('.compare-scroll + .finding-fix')).toContainText('tf.train');
  const finding = checker.locator('.finding[data-failure="variable-name-mismatch"]');
  await expect(finding).toHaveCount(1);
  await finding.getByRole('link').click();
  await expect(page).toHaveURL(/\/failures\/variable-name-mismatch\/#fix$/);
});

test('pasted text as the expected model works the same way', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  // What tf.train.list_variables prints for the fixed checkpoint (TF 2.21).
  await checker
    .locator('textarea[name="expected"]')
    .fill(
      "[('model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [8, 4]), ('model/denselayer1/bias/.ATTRIBUTES/VARIABLE_VALUE', [4]), ('model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [4, 1]), ('model/head/bias/.ATTRIBUTES/VARIABLE_VALUE', [1])]",
    );
  await checker.locator('[data-files]').setInputFiles(files('broken'));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.compare tr[data-status="renamed"]')).toHaveCount(2);
});

for (const viewport of ['phone', 'desktop'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`compare on ${viewport} (${theme}): the page keeps its width, statuses stay whole, the rename script is a code block`, async ({
      page,
      context,
    }, testInfo) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await open(page, '/inspect/', viewport, theme);
      const checker = page.locator('#inspect-checker');
      await expect(checker).toHaveAttribute('data-state', 'ready');
      await checker.locator('[data-expected-files]').setInputFiles(files('fixed'));
      await checker.locator('[data-files]').setInputFiles(files('broken'));
      await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      await expect(checker.locator('.compare tr[data-status="renamed"]')).toHaveCount(2);

      // Nothing widens the page; the header's search and menu stay on screen.
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await expect(page.getByRole('button', { name: 'Search' }).first()).toBeInViewport({ ratio: 1 });
      if (viewport === 'phone') await expect(page.getByRole('button', { name: 'Menu' })).toBeInViewport({ ratio: 1 });

      // Each status is one word on one line.
      for (const cell of await checker.locator('.compare td.compare-status').all()) expect(await lineCount(cell)).toBe(1);
      expect(await lineCount(checker.locator('.compare th.compare-status'))).toBe(1);

      // The rename script looks like the site's other code blocks: same frame, font and colours,
      // a copy button, and its lines wrap inside the block.
      const script = checker.locator('.rename-script .expressive-code');
      await script.scrollIntoViewIfNeeded();
      await expect(script.locator('.copy button')).toBeVisible();
      const [scriptStyle, builtStyle] = await page.evaluate(() => {
        const style = (pre: Element) => {
          const s = getComputedStyle(pre);
          return { font: s.fontFamily, bg: s.backgroundColor, color: s.color, border: `${s.borderLeftStyle} ${s.borderLeftColor}` };
        };
        return [
          style(document.querySelector('.rename-script .expressive-code pre')!),
          style(document.querySelector('.checker > [hidden] .expressive-code pre')!),
        ];
      });
      expect(scriptStyle).toEqual(builtStyle);
      expect(scriptStyle.font).toMatch(/mono/i);
      const box = (await script.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual((page.viewportSize()?.width ?? 0) + 0.5);
      const pre = script.locator('pre');
      expect(await pre.evaluate((p) => p.scrollWidth - p.clientWidth)).toBeLessThanOrEqual(0);
      await script.locator('.copy button').click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('import tensorflow as tf');
      expect(copied).toContain('"model/dense_1/bias/.ATTRIBUTES/VARIABLE_VALUE": "model/denselayer1/bias/.ATTRIBUTES/VARIABLE_VALUE"');
      expect(copied.split('\n').length).toBeGreaterThan(10);
      await checker.locator('[id$="-compare"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`compare-${viewport}-${theme}.png`), fullPage: true });
    });
  }
}
