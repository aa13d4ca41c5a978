/**
 * Link-preview cards (1200×630 PNG) for each failure page, so a link pasted in chat unfurls with
 * the failure's name and cause. Rendered once with Debian's Chromium and committed under
 * public/og/; re-run after a title or summary changes:
 *
 *   npx tsx scripts/og/make-cards.ts
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import yaml from 'js-yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = resolve(ROOT, 'public/og');
const GUIDES = resolve(ROOT, 'src/content/failures');

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function card(title: string, summary: string, id: string): string {
  return `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; width: 1200px; height: 630px; display: flex; flex-direction: column; justify-content: space-between;
      box-sizing: border-box; padding: 72px; background: #17181c; color: #f3f4f6; font-family: 'DejaVu Sans', sans-serif; }
    .site { font-size: 30px; color: #8fb3ff; letter-spacing: 0.02em; }
    h1 { font-size: 76px; margin: 0 0 28px; line-height: 1.05; }
    p { font-size: 36px; margin: 0; color: #c9ccd3; line-height: 1.3; }
    .id { font-family: 'DejaVu Sans Mono', monospace; font-size: 28px; color: #9aa0aa; }
  </style><div class="site">TF Restore Doctor</div><div><h1>${escapeXml(title)}</h1><p>${escapeXml(summary)}</p></div><div class="id">/failures/${escapeXml(id)}/</div>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
mkdirSync(OUT, { recursive: true });
for (const file of readdirSync(GUIDES).filter((f) => f.endsWith('.mdx'))) {
  const fm = yaml.load(/^---\n([\s\S]*?)\n---/.exec(readFileSync(resolve(GUIDES, file), 'utf8'))![1]!) as {
    id: string;
    title: string;
    summary: string;
  };
  await page.setContent(card(fm.title, fm.summary, fm.id));
  await page.screenshot({ path: resolve(OUT, `${fm.id}.png`) });
  console.log(`public/og/${fm.id}.png`);
}
await browser.close();
