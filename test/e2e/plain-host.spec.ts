/**
 * The built site on a host that sends no special headers (GitHub Pages sends no COOP/COEP): the
 * checker, its worker and the HDF5 engine still work; only the optional Node sandbox needs
 * cross-origin isolation. Served here by a bare static file server over dist/.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const DIST = resolve(import.meta.dirname, '../../dist');
const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

let server: Server;
let base: string;

test.beforeAll(async () => {
  server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    let file = join(DIST, path);
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('without COOP/COEP the checker reads a Keras .h5 and the page has its icon', async ({ page }) => {
  await page.goto(`${base}/inspect/`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const checker = page.locator('#inspect-checker');
  await expect(checker).toHaveAttribute('data-state', 'ready');
  await checker.locator('[data-files]').setInputFiles(join(FIXTURES, 'frugally-deep/keras_export/lstm.h5'));
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(checker.locator('.artifacts')).toContainText('Keras 2.2.5');

  const icon = await page.locator('link[rel~="icon"]').first().getAttribute('href');
  expect(icon).toBe('/favicon.svg');
  const response = await page.request.get(`${base}${icon}`);
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain('<svg');
});
