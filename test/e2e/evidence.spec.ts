/**
 * A finding's evidence names the file its fact came from. A SavedModel's ops, attrs and GraphDef
 * versions are read from saved_model.pb; the checker once cited fingerprint.pb (a companion that
 * holds only hashes) because it sorts first among the directory's .pb files.
 */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { open, sidewaysOverflow } from './support/newcomer.ts';

// Written by TF 2.21: DisableCopyOnRead and VarHandleOp.debug_name are unknown to TF 2.5.
const SAVED_MODEL = resolve(import.meta.dirname, '../../public/samples/savedmodel-dir-into-keras3-load-model/broken/regressor_savedmodel');

for (const [viewport, theme] of [
  ['desktop', 'light'],
  ['phone', 'dark'],
] as const) {
  test(`SavedModel findings cite saved_model.pb, never fingerprint.pb (${viewport}, ${theme})`, async ({ page }, testInfo) => {
    await open(page, '/inspect/', viewport, theme);
    const checker = page.locator('#inspect-checker');
    await expect(checker).toHaveAttribute('data-state', 'ready');
    await checker.locator('[name="tf"]').fill('2.5');
    await checker.locator('[name="loader"]').fill('tf.saved_model.load');
    await checker.locator('[data-folder]').setInputFiles(SAVED_MODEL);
    await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    // The folder holds fingerprint.pb: the checker read it as part of the SavedModel.
    await expect(checker.locator('.artifacts')).toContainText('saved_model');
    const findings = checker.locator('.finding[data-failure="version-mismatch"]');
    await expect(findings.filter({ hasText: 'DisableCopyOnRead' })).not.toHaveCount(0);
    await expect(findings.filter({ hasText: 'debug_name' })).not.toHaveCount(0);
    await expect(findings.filter({ hasText: 'GraphDef producer' })).not.toHaveCount(0);
    const cited = await findings.locator('.finding-evidence code').allTextContents();
    expect(cited.length).toBeGreaterThanOrEqual(3);
    for (const where of cited) expect(where).toMatch(/(^|\/)saved_model\.pb · /);
    await expect(checker.locator('ol.findings')).not.toContainText('fingerprint.pb');
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await findings.first().scrollIntoViewIfNeeded();
    await findings.first().screenshot({ path: testInfo.outputPath(`evidence-${viewport}-${theme}.png`) });
  });
}
