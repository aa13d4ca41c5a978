#!/usr/bin/env node
// The tests compare our decoders with independent tools (Debian's `protoc` for protobuf files and
// `h5dump` for HDF5) and drive the built site in Chromium. Before `npm test` runs anything, make
// sure they are here: install the missing ones when this machine can (root with apt-get, as
// Playwright's own `install-deps` does), otherwise stop at once with one line naming them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const tools = [
  { what: 'protoc', debian: 'protobuf-compiler', present: () => onPath('protoc') },
  { what: 'h5dump', debian: 'hdf5-tools', present: () => onPath('h5dump') },
  { what: `Chromium at ${chromium}`, debian: 'chromium', present: () => existsSync(chromium) },
];

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = tools.filter((t) => !t.present());
if (missing.length === 0) process.exit(0);

const packages = missing.map((t) => t.debian);
const canInstall = process.getuid?.() === 0 && onPath('apt-get');
if (!canInstall) {
  const names = missing.map((t) => t.what).join(', ');
  console.error(
    `npm test needs ${names}: install them (Debian/Ubuntu: sudo apt-get install ${packages.join(' ')}; set CHROMIUM_PATH for a Chromium elsewhere) and run it again.`,
  );
  process.exit(1);
}

console.error(`npm test: installing ${packages.join(' ')} with apt-get`);
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error(`npm test: apt-get could not install ${packages.join(' ')}; install them by hand and run it again.`);
  process.exit(1);
}
const still = tools.filter((t) => !t.present());
if (still.length > 0) {
  console.error(`npm test: still missing after apt-get: ${still.map((t) => t.what).join(', ')}.`);
  process.exit(1);
}
