/**
 * The short fuzz run that is part of `npm test`: a fixed seed and a bounded count, so CI runs the
 * same cases every time. Prints how many cases ran and which invariants held; fails on any
 * violation, listing the case numbers (reproduce one with `npm run fuzz -- --seed 20261122
 * --case N`). Every unmutated seed (fixtures, writer-made files, hostile constructions) runs
 * first, then structure-aware mutations of them.
 */
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../fuzz/cases.ts';
import { INVARIANTS } from '../fuzz/invariants.ts';
import { formatSummary, runCases } from '../fuzz/run.ts';

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
});
