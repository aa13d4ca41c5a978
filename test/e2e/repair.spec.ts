/**
 * Repair on the Inspect page: after a check, "Plan the repair" shows the plan and the download
 * button writes the repaired files, a zip for a checkpoint (several files), the file itself for a
 * .h5. The downloaded bytes must equal what the CLI writes for the same input (the zip is read
 * back by Python's zipfile, not by the library that wrote it), and no request leaves the page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { writeKerasLegacyH5 } from '../../src/lib/writers/keras.ts';
import { runCli } from '../helpers/cli.ts';
import { DEPTHWISE_LSTM_SPEC, TF215_TRAINING_CONFIG } from '../helpers/keras2-samples.ts';

const SAMPLE = resolve(import.meta.dirname, '../../public/samples/renamed-attribute');
const checkpointFiles = (side: string) => ['checkpoint', 'ckpt-1.index', 'ckpt-1.data-00000-of-00001'].map((f) => join(SAMPLE, side, f));
const scratch = mkdtempSync(join(tmpdir(), 'doctor-repair-e2e-'));

const ZIP_MEMBERS = `
import sys, zipfile, json, base64
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))
`;

/** Every member of a zip, read (CRC checked) by Python's zipfile. */
function zipMembers(path: string): Record<string, Buffer> {
  const json = JSON.parse(execFileSync('python3', ['-c', ZIP_MEMBERS, path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Record<
    string,
    string
  >;
  return Object.fromEntries(Object.entries(json).map(([name, b64]) => [name, Buffer.from(b64, 'base64')]));
}

/** Opens the Inspect page; from then on, every request to another origin is recorded in `outside`. */
async function openChecker(page: Page, outside: string[]) {
  await page.goto('/inspect/');
  await expect(page.locator('#inspect-checker')).toHaveAttribute('data-state', 'ready');
  const origin = new URL(page.url()).origin;
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin) outside.push(request.url());
  });
}

/** Plans the repair in the checker's Repair section, downloads it, returns the saved path and the name offered. */
async function planAndDownload(page: Page, expectedSummary: RegExp): Promise<{ path: string; name: string }> {
  const checker = page.locator('#inspect-checker');
  const form = checker.locator('[data-repair-form]');
  await form.getByRole('button', { name: 'Plan the repair' }).click();
  await expect(checker.locator('[data-repair-summary]')).toHaveText(expectedSummary, { timeout: 30_000 });
  const button = checker.locator('[data-repair-download]');
  await expect(button).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), button.click()]);
  // Downloads get their own folder: the offered name can be the input's (a repaired .h5 keeps its name).
  const path = join(mkdtempSync(join(scratch, 'download-')), download.suggestedFilename());
  await download.saveAs(path);
  await expect(checker.locator('[data-repair-saved]')).toContainText('written');
  return { path, name: download.suggestedFilename() };
}

test('renamed variables (TF 2.21 checkpoint): the plan renames 2 keys, the zip holds what the CLI writes, byte for byte', async ({
  page,
}) => {
  const outside: string[] = [];
  await openChecker(page, outside);
  const checker = page.locator('#inspect-checker');
  await checker.locator('[data-expected-files]').setInputFiles(checkpointFiles('fixed'));
  await checker.locator('[data-files]').setInputFiles(checkpointFiles('broken'));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const { path, name } = await planAndDownload(page, /rename 2 keys/);
  expect(name).toMatch(/-repaired\.zip$/);

  const cliOut = join(scratch, 'cli-renamed');
  const cli = await runCli(['repair', join(SAMPLE, 'broken'), '--expect', join(SAMPLE, 'fixed'), '--out', cliOut]);
  expect(cli.code).toBe(0);
  const members = zipMembers(path);
  const folder = name.replace(/\.zip$/, '');
  const written = readdirSync(cliOut).sort();
  expect(Object.keys(members).sort()).toEqual(written.map((f) => `${folder}/${f}`));
  for (const f of written) expect(members[`${folder}/${f}`]!.equals(readFileSync(join(cliOut, f))), f).toBe(true);
  expect(outside).toEqual([]);
  // The Repair section with its plan shown passes the same axe audit as the site's pages.
  const audit = await new AxeBuilder({ page }).include('section[aria-labelledby="inspect-checker-repair"]').analyze();
  expect(audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  expect(audit.passes.length).toBeGreaterThan(0);
});

test('a tf.keras 2.15 legacy .h5 (project writer): the repaired .h5 downloads as itself, the same bytes the CLI writes', async ({
  page,
}) => {
  const h5 = join(scratch, 'old_model.h5');
  writeFileSync(h5, await writeKerasLegacyH5(DEPTHWISE_LSTM_SPEC, { training_config: TF215_TRAINING_CONFIG }));
  const outside: string[] = [];
  await openChecker(page, outside);
  const checker = page.locator('#inspect-checker');
  await checker.locator('[data-files]').setInputFiles(h5);
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const { path, name } = await planAndDownload(page, /./);
  await expect(checker.locator('[data-repair-plan]')).toContainText('groups');
  expect(name).toBe('old_model.h5');

  const cliOut = join(scratch, 'cli-h5');
  expect((await runCli(['repair', h5, '--out', cliOut])).code).toBe(0);
  const downloaded = readFileSync(path);
  expect(downloaded.equals(readFileSync(join(cliOut, 'old_model.h5')))).toBe(true);
  expect(downloaded.equals(readFileSync(h5))).toBe(false);
  expect(outside).toEqual([]);
});

test('damaged data (TF 2.21 flipped-byte sample): nothing is downloaded, the damaged tensor is named', async ({ page }) => {
  await openChecker(page, []);
  const checker = page.locator('#inspect-checker');
  const dir = resolve(import.meta.dirname, '../../public/samples/flipped-byte-data-shard/broken');
  await checker.locator('[data-files]').setInputFiles(readdirSync(dir).map((f) => join(dir, f)));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await checker.getByLabel('Drop optimizer state').check();
  await checker.locator('[data-repair-form]').getByRole('button', { name: 'Plan the repair' }).click();
  await expect(checker.locator('[data-repair-summary]')).toBeVisible({ timeout: 30_000 });
  let downloads = 0;
  page.on('download', () => downloads++);
  await checker.locator('[data-repair-download]').click();
  await expect(checker.locator('[data-repair-status]')).toContainText(/Nothing written: .*does not match its checksum/, {
    timeout: 30_000,
  });
  expect(downloads).toBe(0);
});

test('the guides offer repair: the command on the broken sample, the broken cell repairs it (same bytes as the CLI), then the load on the repaired copy', async ({
  page,
}) => {
  await page.goto('/failures/partial-restore/');
  const recipe = page.locator('[data-repair-recipe="optimizer-slots-left-unused"]');
  await expect(recipe).toContainText(
    'npm run -s doctor -- repair public/samples/optimizer-slots-left-unused/broken/ --drop-optimizer --out repaired/',
  );
  await expect(recipe).toContainText('tf.train.latest_checkpoint("repaired")');
  // The broken sample's notebook cell offers the repair itself: run, plan, download.
  const cell = page.locator('#cell-optimizer-slots-left-unused-broken');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await cell.getByLabel('Drop optimizer state').check();
  await cell.getByRole('button', { name: 'Plan the repair' }).click();
  await expect(cell.locator('[data-repair-summary]')).toContainText(/drop 10 /, { timeout: 30_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    cell.locator('[data-repair-download]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('ckpt-1-repaired.zip');
  const zip = join(mkdtempSync(join(scratch, 'cell-')), download.suggestedFilename());
  await download.saveAs(zip);
  const cliOut = join(scratch, 'cli-cell');
  const sampleDir = resolve(import.meta.dirname, '../../public/samples/optimizer-slots-left-unused/broken');
  expect((await runCli(['repair', sampleDir, '--drop-optimizer', '--out', cliOut])).code).toBe(0);
  const members = zipMembers(zip);
  const written = readdirSync(cliOut).sort();
  expect(Object.keys(members).sort()).toEqual(written.map((f) => `ckpt-1-repaired/${f}`));
  for (const f of written) expect(members[`ckpt-1-repaired/${f}`]!.equals(readFileSync(join(cliOut, f))), f).toBe(true);
  await recipe.getByRole('link', { name: 'Try your own model' }).click();
  await expect(page).toHaveURL(/#try$/);
  for (const guide of ['variable-name-mismatch', 'tf1-tf2-checkpoint', 'dtype-mismatch', 'wrong-path-or-loader', 'version-mismatch']) {
    await page.goto(`/failures/${guide}/`);
    await expect(page.locator('#repair'), guide).toBeVisible();
  }
});
