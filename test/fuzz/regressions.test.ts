/**
 * The regression corpus: every input the fuzzer (or a review of a fix it prompted) found to
 * break an invariant, kept small and committed under test/fuzz/regressions/. Each must now hold
 * every invariant and produce the specific problem its entry names. Inputs are rebuilt from
 * code by make-regressions.ts; this test also checks the committed bytes still match that code.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../src/lib/byte-source.ts';
import { inspect } from '../../src/lib/inspect.ts';
import { checkCase, INVARIANTS } from './invariants.ts';
import { buildRegressions } from './make-regressions.ts';

interface Entry {
  name: string;
  files: string[];
  found_by: string;
  bug: string;
  fixed_in: string;
  expect_problem: string;
  /** When the bug was an allocation: the most ArrayBuffer memory inspect may add. */
  max_array_buffer_growth?: number;
  /** When the bug was in parsing a config: the config's layers must reach the facts. */
  min_layers?: number;
}

const DIR = join(import.meta.dirname, 'regressions');
const entries = JSON.parse(readFileSync(join(DIR, 'regressions.json'), 'utf8')) as Entry[];

describe('fuzz regression corpus', () => {
  it('keeps every input small (< 64 KiB each, < 2 MiB in all)', () => {
    const sizes = entries.flatMap((e) => e.files.map((f) => statSync(join(DIR, f)).size));
    for (const size of sizes) expect(size).toBeLessThan(64 * 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(2 * 1024 * 1024);
  });

  it('committed inputs are exactly what make-regressions.ts builds', async () => {
    const built = await buildRegressions();
    const listed = entries.flatMap((e) => e.files).sort();
    expect(Object.keys(built).sort()).toEqual(listed);
    // HDF5 files differ from build to build (h5wasm stamps them); the others are byte-exact.
    for (const name of listed.filter((n) => !n.endsWith('.h5')))
      expect(Buffer.compare(readFileSync(join(DIR, name)), Buffer.from(built[name]!)), name).toBe(0);
  });

  for (const entry of entries) {
    it(`${entry.name}: holds every invariant and reports the damage`, async () => {
      const files = entry.files.map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(join(DIR, f))) }));
      const before = process.memoryUsage().arrayBuffers;
      const { facts } = await inspect(fileSet(files.map((f) => new BytesSource(f.path, f.bytes))));
      if (entry.max_array_buffer_growth !== undefined)
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(entry.max_array_buffer_growth);
      expect(facts.problems.map((p) => p.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(entry.expect_problem))]),
      );
      if (entry.min_layers !== undefined) expect(facts.layers.length).toBeGreaterThanOrEqual(entry.min_layers);
      expect(() => JSON.stringify(facts)).not.toThrow();
      // Then the invariants, with every decoder called directly too.
      const report = await checkCase(files);
      expect(report.violations, `invariants: ${INVARIANTS.join('; ')}`).toEqual([]);
      expect(() => structuredClone(JSON.parse(JSON.stringify(facts)))).not.toThrow();
    });
  }
});
