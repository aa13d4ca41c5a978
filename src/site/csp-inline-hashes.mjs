// Astro writes each page's Content-Security-Policy <meta> with hashes of the scripts and styles
// it bundles, but not of `is:inline` scripts (Starlight's theme and sidebar scripts) nor of
// style attributes. After the build this integration hashes those too and adds them to the
// page's policy, so the site runs under a strict policy without 'unsafe-inline'.
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/;
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g;
const STYLE_ATTRIBUTE = /\sstyle="([^"]*)"/g;

export function cspInlineHashes() {
  return {
    name: 'csp-inline-hashes',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        let pages = 0;
        for (const file of await htmlFiles(root)) {
          const html = await readFile(file, 'utf8');
          const meta = META.exec(html);
          if (!meta) continue;
          const scripts = [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1]).filter((body) => body.trim() !== '');
          const styles = [...html.matchAll(STYLE_ATTRIBUTE)].map((m) => decodeEntities(m[1]));
          const policy = withHashes(withHashes(meta[2], 'script-src', scripts.map(hash), false), 'style-src', styles.map(hash), true);
          await writeFile(file, html.replace(META, `$1${policy}$3`));
          pages++;
        }
        logger.info(`hashed inline scripts and style attributes into the CSP of ${pages} pages`);
      },
    },
  };
}

function hash(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Adds hashes to one directive; style attributes also need 'unsafe-hashes' for hashes to apply to them. */
function withHashes(policy, directive, hashes, attributes) {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return policy;
  return policy.replace(new RegExp(`(${directive} [^;]*)`), (current) => {
    const present = new Set(current.split(/\s+/));
    const extra = unique.filter((h) => !present.has(h));
    if (attributes && !present.has("'unsafe-hashes'")) extra.unshift("'unsafe-hashes'");
    return `${current} ${extra.join(' ')}`.trim();
  });
}

function decodeEntities(text) {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(full)));
    else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out;
}
