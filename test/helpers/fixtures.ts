/** Where the real-world fixtures live (test/fixtures, see its MANIFEST.md), and a way to open them as a FileSet. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPaths } from '../../src/node/file-source.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');

if (!existsSync(FIXTURES)) {
  throw new Error(`The fixtures are missing: expected them at ${FIXTURES}.`);
}

export function fixturePath(rel: string): string {
  return resolve(FIXTURES, rel);
}

export async function openFixture(...rel: string[]) {
  return openPaths(rel.map(fixturePath));
}
