/**
 * The Inspect page reading by address, in a real browser against a loopback server: nothing is
 * fetched until the reader submits the URL, then only that server is contacted; a server that
 * does not allow cross-origin reads is named as such, with the CLI command.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeCheckpoint } from '../../src/lib/writers/checkpoint.ts';
import { bytesFile, type RangeServer, startRangeServer } from '../helpers/range-server.ts';

/**
 * The page may connect only to https:// addresses (its CSP), so the server speaks TLS with a
 * certificate made for the test; the browser context accepts it (ignoreHTTPSErrors).
 */
function testCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'remote-e2e-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

test.use({ ignoreHTTPSErrors: true });

let server: RangeServer;
let tls: { key: string; cert: string };
test.beforeAll(() => {
  tls = testCertificate();
});
test.beforeEach(async ({ page }) => {
  server = await startRangeServer({ tls });
  // Console errors (a CSP violation, a blocked fetch) are printed, so a failure says why.
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[page] ${m.text()}`);
  });
  const written = writeCheckpoint(
    [
      { key: 'dense/kernel', dtype: 'float32', shape: [2, 3], data: new Uint8Array(24).fill(7) },
      { key: 'dense/bias', dtype: 'float32', shape: [3], data: new Uint8Array(12).fill(1) },
    ],
    { prefix: 'ckpt-3' },
  );
  for (const [name, bytes] of Object.entries(written)) server.files.set(`/run/${name}`, bytesFile(bytes));
});
test.afterEach(async () => {
  await server.close();
});

test('a checkpoint URL is read only when submitted, and only from its server', async ({ page }) => {
  server.cors = true;
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  const origin = new URL(page.url()).origin;
  const outside: string[] = [];
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin) outside.push(request.url());
  });
  const url = `${server.url}/run/ckpt-3`;
  await checker.locator('[data-url-form] input[name="url"]').fill(url);
  expect(server.log).toEqual([]); // typing fetches nothing
  await checker.getByRole('button', { name: 'Read from URL' }).click();
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.variables-totals')).toContainText('2 of 2 variables');
  await expect(checker.locator('[data-status]')).toContainText(
    `checkpoint data not verified here; to verify: tf-restore-doctor verify ${url}`,
  );
  expect(server.log.length).toBeGreaterThan(0);
  for (const request of outside) expect(new URL(request).origin).toBe(server.url);
});

test('a server that does not allow cross-origin reads is named, with the CLI command', async ({ page }) => {
  await page.goto('/inspect/');
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  const url = `${server.url}/run/ckpt-3`;
  await checker.locator('[data-url-form] input[name="url"]').fill(url);
  await checker.getByRole('button', { name: 'Read from URL' }).click();
  await expect(checker).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(checker.locator('[data-status]')).toHaveText(
    `This page cannot read ${url}.index: the server does not allow cross-origin reads (CORS) from this site, or it cannot be reached. Run this instead on a machine that can reach it: tf-restore-doctor inspect ${url}`,
  );
});
