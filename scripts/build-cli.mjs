// Bundles the tf-restore-doctor CLI (src/cli/doctor.ts) into plain JavaScript for Node 20+, so the
// installed command runs without TypeScript tooling. `--version`/`--help` live in the entry
// chunk; the library (and the 4 MB HDF5 engine) load only when a command needs them.
//
//   node scripts/build-cli.mjs            -> bin/tf-restore-doctor.mjs (+ bin/chunks/)
//   node scripts/build-cli.mjs --if-stale -> rebuild only when a source is newer than the bundle
//
// The guide links the CLI prints default to TF_RESTORE_DOCTOR_SITE as set at build time.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_ENV, siteAddress } from '../src/site/address.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CLI_ENTRY = join(ROOT, 'src/cli/doctor.ts');
export const BIN = join(ROOT, 'bin/tf-restore-doctor.mjs');

/** esbuild options shared by the package's bin and the browser sandbox's single-file copy. */
export function cliBuildOptions() {
  return {
    entryPoints: { 'tf-restore-doctor': CLI_ENTRY },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // A native addon is loaded from the user's node_modules at run time (an optional dependency), never bundled.
    external: ['@node-rs/crc32'],
    legalComments: 'linked',
    define: { __DEFAULT_SITE__: JSON.stringify(siteAddress(process.env[SITE_ENV])) },
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  };
}

export async function buildCli() {
  // Chunk names carry content hashes: without this, every build would leave the last one's behind (and npm pack would ship them).
  rmSync(join(ROOT, 'bin/chunks'), { recursive: true, force: true });
  const { metafile } = await build({
    ...cliBuildOptions(),
    outdir: join(ROOT, 'bin'),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    metafile: true,
  });
  writeFileSync(join(ROOT, 'bin/THIRD-PARTY-NOTICES.txt'), thirdPartyNotices(metafile));
}

/** The licenses of every package the bundle carries, as their own files state them. */
function thirdPartyNotices(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = join(ROOT, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text =
      file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    return `${name}@${pkg.version} (${pkg.license ?? 'see below'})\n\n${text}`;
  });
  return `tf-restore-doctor bundles these packages:\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  let built;
  try {
    built = statSync(BIN).mtimeMs;
  } catch {
    return true;
  }
  return Math.max(newestSource(join(ROOT, 'src/lib')), newestSource(join(ROOT, 'src/cli')), newestSource(join(ROOT, 'src/node'))) > built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || isStale()) await buildCli();
}
