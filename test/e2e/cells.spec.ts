/**
 * What the cells show and the checker lists, on a phone: a cell's `tf-restore-doctor` command
 * wraps between words, never inside a flag, and copies as a command sh can parse; a variable name
 * too long for its column can still be read in full.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FAILURE_IDS } from '../../src/lib/catalog.ts';
import { writeCheckpoint } from '../../src/lib/writers/checkpoint.ts';
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

test('a long variable name can be read in full on a phone (title, and the row opens)', async ({ page }, testInfo) => {
  const dir = mkdtempSync(join(tmpdir(), 'long-names-'));
  const long = `model/${'encoder_block_with_a_very_long_name/'.repeat(4)}attention/query/kernel/.ATTRIBUTES/VARIABLE_VALUE`;
  const written = writeCheckpoint(
    [
      { key: long, dtype: 'float32', shape: [2, 2], data: new Uint8Array(16) },
      { key: 'model/head/bias/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'float32', shape: [1], data: new Uint8Array(4) },
    ],
    { prefix: 'ckpt-1' },
  );
  const paths = Object.entries(written).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
  await open(page, '/inspect/', 'phone', 'dark');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-files]').setInputFiles(paths);
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const name = checker.locator('.vt-name-button', { hasText: 'encoder_block' });
  await name.scrollIntoViewIfNeeded();
  // Cut in the table...
  expect(await name.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
  // ...named in full on hover...
  expect((await name.getAttribute('title'))?.split('\n')[0]).toBe(long);
  // ...and in full under the table on a tap (or Enter).
  await name.click();
  const detail = checker.locator('[data-variable-detail]');
  await expect(detail).toBeVisible();
  await expect(detail.locator('.vt-detail-name')).toHaveText(long);
  await expect(name).toHaveAttribute('aria-expanded', 'true');
  const box = (await detail.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await detail.screenshot({ path: testInfo.outputPath('long-name.png') });
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toBeHidden();
  // From the keyboard: Enter on the focused name opens it.
  await checker.locator('.vt-name-button', { hasText: 'encoder_block' }).focus();
  await page.keyboard.press('Enter');
  await expect(detail).toBeVisible();
});
