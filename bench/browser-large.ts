/**
 * The Inspect page on inputs TensorFlow wrote at size (issue 19): drop a 100,000-variable
 * checkpoint and time until its results are shown; drop a checkpoint of gigabytes with "verify"
 * on and time until every checksum is checked. Each case gets its own Chromium, so the page's
 * renderer (which also hosts the checker's workers) is the only new renderer process: its peak
 * resident memory is read from the kernel (/proc/<pid>/status, VmHWM) when the page is done.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { launchChromium, startPreview, stopServer } from './browser.ts';

export interface LargeCase {
  name: string;
  files: string[];
  verify: boolean;
  /** Bytes the case reads when verifying (for the throughput column). */
  bytes: number;
}

export interface LargeRun {
  name: string;
  ms: number[];
  rendererMiB: number[];
  status: string;
}

/** Renderer processes now running (Chromium marks them --type=renderer). */
function rendererPids(): Set<number> {
  const out = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('--type=renderer')) out.add(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Peak resident memory of a process in MiB (VmHWM), or 0 if it is gone. */
function peakMiB(pid: number): number {
  try {
    const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function measureInspectLarge(root: string, cases: LargeCase[], runs: number): Promise<LargeRun[]> {
  const { server, base } = await startPreview(root);
  try {
    const results: LargeRun[] = [];
    for (const c of cases) {
      const run: LargeRun = { name: c.name, ms: [], rendererMiB: [], status: '' };
      for (let i = 0; i < runs; i++) {
        const before = rendererPids();
        const browser = await launchChromium();
        try {
          const page = await browser.newPage();
          await page.goto(`${base}/inspect/`);
          await page.waitForSelector('#inspect-checker[data-state="ready"]');
          // A reader drops files once the page has loaded, by when the checker's worker has started.
          await page.waitForLoadState('networkidle');
          await page.locator('#inspect-checker [name="verify"]').setChecked(c.verify);
          const started = performance.now();
          await page.locator('#inspect-checker [data-files]').setInputFiles(c.files);
          await page.waitForSelector('#inspect-checker[data-state="done"], #inspect-checker[data-state="error"]', { timeout: 600_000 });
          // Shown: the results are laid out, not only in the DOM.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          run.ms.push(performance.now() - started);
          run.status = ((await page.locator('#inspect-checker [data-status]').textContent()) ?? '')
            .replace(/\s+/g, ' ')
            .trim()
            .slice(0, 120);
          const fresh = [...rendererPids()].filter((pid) => !before.has(pid));
          run.rendererMiB.push(Math.max(0, ...fresh.map(peakMiB)));
        } finally {
          await browser.close();
        }
      }
      results.push(run);
    }
    return results;
  } finally {
    await stopServer(server);
  }
}

/**
 * How fast Chromium hands a page a local file's bytes, with nothing else done to them: the same
 * reads verify makes (Blob.slice().arrayBuffer(), one at a time, in pieces of `chunkBytes`), in a
 * Web Worker as the checker reads. The ceiling for verifying in the page.
 */
export async function measureChromiumFileRead(file: string, bytes: number, chunkBytes: number, runs: number): Promise<number[]> {
  const rates: number[] = [];
  const browser = await launchChromium();
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      await page.setContent('<input type="file">');
      await page.locator('input').setInputFiles(file);
      rates.push(
        await page.evaluate(
          async ({ bytes, chunkBytes }) => {
            const source = `onmessage = async ({ data: { file, bytes, chunk } }) => {
              const t = performance.now(); let n = 0;
              for (let at = 0; at < bytes; at += chunk) n += (await file.slice(at, Math.min(at + chunk, bytes)).arrayBuffer()).byteLength;
              postMessage(n / 2 ** 20 / ((performance.now() - t) / 1000));
            };`;
            const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
            const file = (document.querySelector('input') as HTMLInputElement).files![0]!;
            return new Promise<number>((resolve) => {
              worker.onmessage = (e) => resolve(e.data as number);
              worker.postMessage({ file, bytes: Math.min(bytes, file.size), chunk: chunkBytes });
            });
          },
          { bytes, chunkBytes },
        ),
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return rates;
}
