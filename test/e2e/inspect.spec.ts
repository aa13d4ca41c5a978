/**
 * The checker in a real browser: real fixtures go in through the file inputs, the worker decodes
 * them, and the page shows the format, the variables and the findings; nothing leaves the page.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeCheckpoint } from '../../src/lib/writers/checkpoint.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const TF2_SAVED_MODEL = join(
  FIXTURES,
  'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123',
);

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

test('a SavedModel folder: both artifacts, its variables, and no request leaves the page', async ({ page }) => {
  const outside: string[] = [];
  await openChecker(page, outside);
  await page.locator('#inspect-checker [data-folder]').setInputFiles(TF2_SAVED_MODEL);
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const artifacts = checker.locator('.artifacts');
  await expect(artifacts).toContainText('saved_model');
  await expect(artifacts).toContainText('checkpoint');
  await expect(artifacts).toContainText('TF 2.14.0');
  // The manifest lists 4 bundle entries, one of them the object graph: 3 variables.
  await expect(checker.locator('.variables-totals')).toContainText('3 of 3 variables');
  await expect(checker.locator('.signatures')).toContainText('serving_default');
  expect(outside).toEqual([]);
});

test('a flat selection of SavedModel files pairs the companions by name and content', async ({ page }) => {
  await openChecker(page, []);
  const files = ['saved_model.pb', 'variables/variables.index', 'variables/variables.data-00000-of-00001'].map((f) =>
    join(TF2_SAVED_MODEL, f),
  );
  await page.locator('#inspect-checker [data-files]').setInputFiles(files);
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.artifacts')).toContainText('saved_model');
  await expect(checker.locator('.variables-totals')).toContainText('3 of 3 variables');
  // The variables were paired; only the asset the graph names (not picked here) is reported missing.
  await expect(checker.locator('.artifact-missing')).toHaveCount(1);
  await expect(checker.locator('.artifact-missing')).toContainText('assets/foo.txt');
});

test('an index without its data shard: the missing companion is named', async ({ page }) => {
  await openChecker(page, []);
  await page
    .locator('#inspect-checker [data-files]')
    .setInputFiles(join(FIXTURES, 'tf2onnx/tests/models/regression/checkpoint/model.index'));
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.artifact-missing')).toContainText('model.data-0000');
});

test('a legacy Keras .h5 decodes in the browser (HDF5 through WebAssembly)', async ({ page }) => {
  await openChecker(page, []);
  const file = join(FIXTURES, 'dl4j-test-resources/src/main/resources/modelimport/keras/examples/custom_loss.h5');
  await page.locator('#inspect-checker [data-files]').setInputFiles(file);
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.artifacts')).toContainText('keras_h5');
  await expect(checker.locator('.versions')).toContainText('2.3.1');
  // MANIFEST: 3 datasets (float32).
  await expect(checker.locator('.variables-totals')).toContainText('3 of 3 variables');
  expect(statSync(file).size).toBeGreaterThan(0);
});

test('the Inspect page with a real fixture loaded (screenshot saved as a test artifact)', async ({ page }, testInfo) => {
  await openChecker(page, []);
  await page.locator('#inspect-checker [data-folder]').setInputFiles(TF2_SAVED_MODEL);
  await expect(page.locator('#inspect-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('inspect-saved-model.png'), fullPage: true });
  expect(readdirSync(testInfo.outputDir)).toContain('inspect-saved-model.png');
});

test('files dropped on the drop zone are checked like picked ones', async ({ page }) => {
  await openChecker(page, []);
  const files = ['saved_model.pb', 'variables/variables.index', 'variables/variables.data-00000-of-00001'].map((f) => ({
    name: f.split('/').pop()!,
    b64: readFileSync(join(TF2_SAVED_MODEL, f)).toString('base64'),
  }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of list) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    return dt;
  }, files);
  await page.locator('#inspect-checker [data-drop]').dispatchEvent('drop', { dataTransfer: transfer });
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.artifacts')).toContainText('saved_model');
  await expect(checker.locator('.variables-totals')).toContainText('3 of 3 variables');
});

test('100,000 variables: the table keeps a few rows in the page, scrolls, sorts and filters', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'many-'));
  const tensors = Array.from({ length: 100_000 }, (_, i) => ({
    key: `model/block_${Math.floor(i / 100)}/layer_${i}/kernel/.ATTRIBUTES/VARIABLE_VALUE`,
    dtype: 'float32',
    shape: [1],
    data: new Uint8Array(4),
  }));
  const written = writeCheckpoint(tensors, { prefix: 'ckpt-1' });
  const paths = Object.entries(written).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
  await openChecker(page, []);
  await page.locator('#inspect-checker input[name="verify"]').uncheck();
  await page.locator('#inspect-checker [data-files]').setInputFiles(paths);
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(checker.locator('.variables-totals')).toContainText('100000 of 100000 variables');
  const rows = checker.locator('.vt-body .vt-row');
  expect(await rows.count()).toBeLessThan(40);
  // Scroll to the end: the last rows are drawn, still only a handful in the page.
  await checker.locator('.vt-viewport').evaluate((v) => v.scrollTo(0, v.scrollHeight));
  await expect(rows.last()).toContainText('layer_99999/');
  expect(await rows.count()).toBeLessThan(40);
  // Filter down to one variable.
  await checker.locator('.variables-filter').fill('layer_4242/');
  await expect(checker.locator('.variables-totals')).toContainText('1 of 100000 variables');
  await expect(rows).toHaveCount(1);
});
