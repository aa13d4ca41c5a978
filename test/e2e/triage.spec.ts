/** The triage box: each real example traceback, pasted on the home page, lands on its guide. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const DIR = resolve(import.meta.dirname, '../data/tracebacks');

test('pasting real tracebacks leads to the right failure page', async ({ page }) => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
  expect(files.length).toBeGreaterThan(20);
  let right = 0;
  await page.goto('/');
  const form = page.locator('#home-triage');
  await expect(form).toHaveAttribute('data-state', 'ready');
  let runs = 0;
  for (const file of files) {
    const raw = readFileSync(join(DIR, file), 'utf8');
    const expected = /# expected-failure: (\S+)/.exec(raw)![1]!;
    const text = raw
      .split('\n')
      .filter((l) => !/^# (expected-|source:)/.test(l))
      .join('\n');
    await form.locator('textarea').fill(text);
    await form.getByRole('button', { name: 'Find the cause' }).click();
    await expect(form).toHaveAttribute('data-runs', String(++runs));
    const first = form.locator('.triage-matches li').first();
    await expect(first).toBeVisible();
    if ((await first.getAttribute('data-failure')) === expected) right++;
  }
  expect(right / files.length).toBeGreaterThanOrEqual(0.9);

  // Following the first link lands on the guide's symptoms.
  await form.locator('.triage-matches li a').first().click();
  await expect(page).toHaveURL(/\/failures\/[a-z0-9-]+\/#symptoms$/);
  await expect(page.locator('#symptoms')).toBeVisible();
});

test('from a traceback to a pre-filled checker', async ({ page }) => {
  const raw = readFileSync(join(DIR, '04-graphdef-min-consumer.txt'), 'utf8');
  await page.goto('/triage/');
  const form = page.locator('#triage-page');
  await expect(form).toHaveAttribute('data-state', 'ready');
  await form.locator('textarea').fill(
    raw
      .split('\n')
      .filter((l) => !/^# (expected-|source:)/.test(l))
      .join('\n'),
  );
  await form.getByRole('button', { name: 'Find the cause' }).click();
  await form.locator('.triage-check').first().click();
  await expect(page).toHaveURL(/\/inspect\/\?failure=version-mismatch/);
  // The message names the running TensorFlow ("... for TensorFlow X"): it is pre-filled.
  const running = /for TensorFlow ([\w.-]+?)\.\s/.exec(raw)![1]!;
  await expect(page.locator('#inspect-checker input[name="tf"]')).toHaveValue(running);
  await expect(page.locator('.checker-prefill')).toContainText('Version mismatch');
});
