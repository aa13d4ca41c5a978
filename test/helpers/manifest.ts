/**
 * The fixtures' MANIFEST.md (test/fixtures), read as a list of artifacts. Its columns were written by
 * whoever collected the files (from TensorFlow's own tools), so they are evidence independent of
 * our decoders: format, producer, node counts, dataset and entry counts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIXTURES } from './fixtures.ts';

export interface ManifestRow {
  path: string;
  format: string;
  producer: string;
  notes: string;
  files: { name: string; bytes: number }[];
}

export function manifestRows(): ManifestRow[] {
  const text = readFileSync(resolve(FIXTURES, 'MANIFEST.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `') && line.includes('<br>'))
    .map((line) => {
      const cols = line.split(' | ');
      const files = [...cols[cols.length - 1]!.matchAll(/`([^`]+)` \(([\d,]+) B\)/g)].map((m) => ({
        name: m[1]!,
        bytes: Number(m[2]!.replace(/,/g, '')),
      }));
      return { path: cols[0]!.slice(3, -1), format: cols[3]!, producer: cols[4]!, notes: cols[5]!, files };
    });
}
