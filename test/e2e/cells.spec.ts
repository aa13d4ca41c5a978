/**
 * What the cells show, on a phone and a desktop: a cell's `tf-restore-doctor` command wraps
 * between words, never inside a flag, and copies as a command sh can parse.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { FAILURE_IDS } from '../../src/lib/catalog.ts';
import { open, sidewaysOverflow } from './support/newcomer.ts';

for (const viewport of ['phone', 'desktop'] as const) {
  test(`cell commands wrap between words, never inside a flag (${viewport})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    let commands = 0;
    for (const id of FAILURE_IDS) {
      await open(page, `/failures/${id}/`, viewport);
      for (const block of await page.locator('[data-cell] .cli-command').all()) {
        commands++;
        // Every flag and short word is on one line.
        const split = await block
          .locator('.cli-word')
          .evaluateAll((words) =>
            words.filter((w) => new Set([...w.getClientRects()].map((r) => Math.round(r.top))).size > 1).map((w) => w.textContent),
          );
        expect(split, `${id}: words split across lines`).toEqual([]);
        // A line breaks only where a space is: each line (a laid-out row) starts with a whole word.
        const starts = await block.locator('.cli-flag').evaluateAll((flags) =>
          flags.map((f) => {
            const range = document.createRange();
            range.selectNodeContents(f);
            return range.getClientRects().length;
          }),
        );
        for (const n of starts) expect(n).toBe(1);
        // The block wraps inside itself: nothing sticks out of it or out of the page.
        expect(await block.locator('pre').evaluate((p) => p.scrollWidth - p.clientWidth)).toBeLessThanOrEqual(0);
        const text = (await block.locator('.copy button').getAttribute('data-code'))!.replace(/\u007f/g, '\n');
        expect(text.startsWith('tf-restore-doctor inspect ')).toBe(true);
        // What the copy button gives is a command sh can parse (loaders with quotes and parentheses are quoted).
        execFileSync('sh', ['-n', '-c', text]);
      }
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      if (id === 'unregistered-custom-object' || id === 'wrong-path-or-loader') {
        await page.locator('[data-cell] .cli-command').last().scrollIntoViewIfNeeded();
        await page.screenshot({ path: testInfo.outputPath(`command-${id}-${viewport}.png`) });
      }
    }
    expect(commands).toBeGreaterThan(20);
  });
}
