/** Where the shared real-world fixtures live, and a way to open them as a FileSet. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPaths } from '../../src/node/file-source.ts';

export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures');

if (!existsSync(FIXTURES)) {
  throw new Error(`The shared fixtures are missing: expected them at ${FIXTURES} (a checkout of shared/ beside this repository).`);
}

export function fixturePath(rel: string): string {
  return resolve(FIXTURES, rel);
}

export async function openFixture(...rel: string[]) {
  return openPaths(rel.map(fixturePath));
}
