/**
 * The short fuzz run that is part of `npm test`: a fixed seed and a bounded count, so CI runs the
 * same cases every time. Prints how many cases ran and which invariants held; fails on any
 * violation, listing the case numbers (reproduce one with `npm run fuzz -- --seed 20261122
 * --case N`). Every unmutated seed (fixtures, writer-made files, hostile constructions) runs
 * first, then structure-aware mutations of them.
 */
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../fuzz/cases.ts';
import { checkCase, INVARIANTS } from '../fuzz/invariants.ts';
import { formatSummary, runCases } from '../fuzz/run.ts';
import { structuralBoundaries } from '../fuzz/structure.ts';

const RUN_SEED = 20261122;
const CASES = 2500;

describe('fuzz (short run)', () => {
  it(`${CASES} cases with seed ${RUN_SEED} hold every invariant`, async () => {
    const seeds = await loadSeeds();
    const summary = await runCases({ runSeed: RUN_SEED, count: CASES });
    console.log(formatSummary(summary));
    expect(summary.cases).toBe(CASES);
    // The run covers every seed unmutated, and mutates well beyond them.
    expect(summary.cases).toBeGreaterThan(seeds.length * 5);
    expect(Object.keys(summary.mutations).length).toBeGreaterThan(30);
    expect(summary.failures.map((f) => `case ${f.index}: ${f.violations.map((v) => v.invariant).join(', ')}`)).toEqual([]);
    for (const inv of INVARIANTS) expect(summary.held[inv], inv).toBe(CASES);
  }, 120_000);

  it('truncation at every structural boundary of one artifact per format holds every invariant', async () => {
    const seeds = await loadSeeds();
    const targets: [string, RegExp][] = [
      ['writer:checkpoint-multi-block-snappy', /\.index$/],
      ['writer:saved-model-cyclic', /saved_model\.pb$/],
      ['writer:saved-model-cyclic', /variables\.index$/],
      ['writer:keras-zip-unsafe-members', /\.keras$/],
      ['writer:keras-legacy-h5', /\.h5$/],
      ['writer:meta-graph', /\.meta$/],
      ['writer:checkpoint-cyclic-object-graph', /\.data-00000-of-00002$/],
      // Real files too: TF 2.14's SavedModel and its Snappy index, a Keras 3 .keras, a Keras 2.3 HDF5.
      [
        'fixture:tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123',
        /saved_model\.pb$/,
      ],
      [
        'fixture:tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123',
        /variables\.index$/,
      ],
      ['fixture:keras/model.keras', /\.keras$/],
      ['fixture:dl4j-test-resources/src/main/resources/modelimport/keras/examples/custom_loss.h5', /\.h5$/],
    ];
    let cases = 0;
    const failures: string[] = [];
    for (const [name, pattern] of targets) {
      const seed = seeds.find((s) => s.name === name)!;
      const target = seed.files.find((f) => pattern.test(f.path))!;
      const cuts = structuralBoundaries(target.bytes);
      // Data shards have no structure of their own: cut at every tensor's end instead (every 4 bytes here).
      const points = cuts.length > 0 ? cuts : Array.from({ length: Math.floor(target.bytes.length / 4) }, (_, i) => i * 4);
      expect(points.length, `${name} ${target.path}`).toBeGreaterThan(3);
      for (const at of points) {
        const files = seed.files.map((f) => (f === target ? { path: f.path, bytes: f.bytes.slice(0, at) } : f));
        const report = await checkCase(files, undefined, { claimedBefore: seed.claimed });
        cases++;
        for (const v of report.violations) failures.push(`${target.path} cut at ${at}: ${v.invariant}: ${v.detail.split('\n')[0]}`);
      }
    }
    console.log(`truncation at every boundary: ${cases} cases over ${targets.length} files, ${failures.length} violations`);
    expect(failures).toEqual([]);
  }, 120_000);
});
