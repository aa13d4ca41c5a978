/**
 * Browser benchmark: in Chromium (Debian's /usr/bin/chromium, as the e2e tests use), open the
 * built Inspect page, hand the checker a fixture through its file input (the same path a drop
 * takes after the drop walk), and time until the first finding (or the "no problems" line) is
 * on screen. A fresh page per run, so the worker starts cold each time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { type Browser, chromium } from '@playwright/test';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`astro preview did not answer at ${url}`);
}

export interface BrowserRun {
  fixture: string;
  ms: number[];
  firstFinding: string;
}

/** Serves the built site with `astro preview` on a free port, once it answers; end it with stopServer. */
export async function startPreview(root: string): Promise<{ server: ChildProcess; base: string }> {
  const port = await freePort();
  const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(`${base}/inspect/`, server, 60_000);
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return { server, base };
}

/** Debian's Chromium (as the e2e tests use), headless, without the background work that adds noise. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function measureBrowser(root: string, fixtures: { name: string; files: string[] }[], runs: number): Promise<BrowserRun[]> {
  const { server, base } = await startPreview(root);
  const browser = await launchChromium();
  try {
    const results: BrowserRun[] = [];
    for (const fixture of fixtures) {
      const times: number[] = [];
      let firstFinding = '';
      for (let i = 0; i < runs; i++) {
        const page = await browser.newPage();
        await page.goto(`${base}/inspect/`);
        await page.waitForSelector('#inspect-checker[data-state="ready"]');
        const input = page.locator('#inspect-checker [data-files]');
        const started = performance.now();
        await input.setInputFiles(fixture.files);
        const first = await page.waitForSelector('#inspect-checker .findings > li, #inspect-checker .finding-none', { timeout: 60_000 });
        times.push(performance.now() - started);
        firstFinding = ((await first.textContent()) ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
        await page.close();
      }
      results.push({ fixture: fixture.name, ms: times, firstFinding });
    }
    return results;
  } finally {
    await browser.close();
    await stopServer(server);
  }
}

/**
 * Stops an `astro preview` started here and waits until it has exited: Astro refuses to start a
 * second preview of the same project while one runs, and the next benchmark starts its own.
 */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (!server.pid || server.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}
