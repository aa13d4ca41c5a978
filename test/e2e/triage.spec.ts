/**
 * The triage box: each real example traceback, pasted on the home page, lands on its guide;
 * Ctrl+Enter submits, the answer comes into view, and its links look like the site's links.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { open } from './support/newcomer.ts';

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

test('the answer shows the lines that decided it, the guide section of the cause, and the runner-up when close', async ({ page }) => {
  await page.goto('/triage/');
  const form = page.locator('#triage-page');
  await expect(form).toHaveAttribute('data-state', 'ready');
  const raw = readFileSync(join(DIR, '39-fork-hang.txt'), 'utf8');
  const text = raw
    .split('\n')
    .filter((l) => !/^# (expected-|source:)/.test(l))
    .join('\n');
  await form.locator('textarea').fill(text);
  await form.getByRole('button', { name: 'Find the cause' }).click();
  const answer = form.locator('.triage-answer');
  await expect(answer).toHaveAttribute('data-answer', 'failure');
  await expect(answer).toHaveAttribute('data-failure', 'restore-hang');
  // Every deciding line is the pasted line with that number.
  const pasted = text.split('\n');
  const deciding = answer.locator('.triage-deciding li');
  expect(await deciding.count()).toBeGreaterThan(0);
  for (const li of await deciding.all()) {
    const n = Number(await li.getAttribute('data-line'));
    await expect(li.locator('code')).toHaveText(pasted[n - 1]!.trim());
  }
  // The guide link goes to the fork paragraph of the hang guide's mechanism section.
  // The rendered answer is accessible too (long pasted lines wrap, links are named).
  const audit = await new AxeBuilder({ page }).include('#triage-page').analyze();
  expect(audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  const guide = answer.locator('.triage-guide-link');
  await expect(guide).toHaveAttribute('href', '/failures/restore-hang/#mechanism:~:text=fork()%20after%20TensorFlow%20started');
  await guide.click();
  await expect(page).toHaveURL(/\/failures\/restore-hang\/#mechanism/);
  await expect(page.locator('#mechanism')).toBeVisible();

  await page.goto('/triage/');
  await expect(form).toHaveAttribute('data-state', 'ready');
  await form.locator('textarea').fill("ValueError: Layer 'conv2d_1' expected 2 variables, but received 0 variables during loading.");
  await form.getByRole('button', { name: 'Find the cause' }).click();
  await expect(form.locator('.triage-answer')).toHaveAttribute('data-confident', 'false');
  await expect(form.locator('.triage-runner-up')).toHaveAttribute('data-failure', 'version-mismatch');
});

test('answers that are not a failure: the model.restore page, a finished restore, nothing matched', async ({ page }) => {
  await page.goto('/triage/');
  const form = page.locator('#triage-page');
  await expect(form).toHaveAttribute('data-state', 'ready');
  const ask = async (text: string, runs: number): Promise<void> => {
    await form.locator('textarea').fill(text);
    await form.getByRole('button', { name: 'Find the cause' }).click();
    await expect(form).toHaveAttribute('data-runs', String(runs));
  };
  await ask("AttributeError: 'Sequential' object has no attribute 'restore'", 1);
  await expect(form.locator('.triage-answer')).toHaveAttribute('data-answer', 'page');
  await expect(form.locator('.triage-answer a').first()).toHaveAttribute('href', '/questions/model-restore/');

  await ask(
    'INFO:tensorflow:Restoring parameters from /models/model.ckpt-4000\nINFO:tensorflow:Running local_init_op.\nINFO:tensorflow:Done running local_init_op.',
    2,
  );
  await expect(form.locator('.triage-answer')).toHaveAttribute('data-answer', 'restore-finished');
  await expect(form.locator('.triage-answer')).toContainText('not the problem');
  await expect(form.locator('.triage-deciding li').last()).toHaveAttribute('data-line', '3');

  await ask('The predictions are all the same after I reload my model.h5', 3);
  await expect(form.locator('.triage-answer')).toHaveAttribute('data-answer', 'nothing');
  await expect(form.locator('.triage-drop li')).toHaveText(['the .h5 / .hdf5 file']);
  await expect(form.locator('.triage-answer .triage-check')).toHaveAttribute('href', '/inspect/');
});

for (const viewport of ['desktop', 'phone'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`Ctrl+Enter finds the cause, the answer scrolls into view, its links look like the site's (${viewport}, ${theme})`, async ({
      page,
    }, testInfo) => {
      const raw = readFileSync(join(DIR, '04-graphdef-min-consumer.txt'), 'utf8');
      await open(page, '/triage/', viewport, theme);
      const form = page.locator('#triage-page');
      await expect(form).toHaveAttribute('data-state', 'ready');
      // A long paste: the answer starts below the fold.
      await form.locator('textarea').evaluate((t) => {
        (t as HTMLTextAreaElement).rows = 40;
      });
      await form.locator('textarea').fill(
        raw
          .split('\n')
          .filter((l) => !/^# (expected-|source:)/.test(l))
          .join('\n'),
      );
      await form.locator('textarea').press('Control+Enter');
      await expect(form).toHaveAttribute('data-runs', '1');
      const first = form.locator('.triage-answer');
      await expect(first).toBeInViewport();
      // Links in the answer have the colour of the page's own links.
      const [answer, site] = await page.evaluate(() => {
        const color = (a: Element) => getComputedStyle(a).color;
        // A link in the page's prose, as the site styles it.
        const prose = document.createElement('a');
        prose.href = '/failures/';
        prose.textContent = 'a link';
        document.querySelector('.sl-markdown-content')?.append(prose);
        const site = color(prose);
        prose.remove();
        return [color(document.querySelector('.triage-answer a')!), site];
      });
      expect(site).not.toBeNull();
      expect(answer).toBe(site);
      expect(
        await form
          .locator('.triage-check')
          .first()
          .evaluate((a) => getComputedStyle(a).color),
      ).toBe(site);
      expect(
        await first
          .locator('a')
          .first()
          .evaluate((a) => getComputedStyle(a).textDecorationLine),
      ).toContain('underline');
      await page.screenshot({ path: testInfo.outputPath(`triage-${viewport}-${theme}.png`) });
    });
  }
}
