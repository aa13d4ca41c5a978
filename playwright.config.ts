import { defineConfig } from '@playwright/test';

// Browser tests run against the built site (`astro build` first, then `astro preview`), in
// Debian's Chromium: the tests never download a browser.
// E2E_PORT lets two test runs share a machine.
const PORT = Number(process.env.E2E_PORT ?? 4329);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  // The site is built for the address it is tested at (share links use the site's address).
  webServer: {
    command: `npx astro build && npx astro preview --host 127.0.0.1 --port ${PORT}`,
    env: { TF_RESTORE_DOCTOR_SITE: `http://127.0.0.1:${PORT}` },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 300_000,
  },
});
