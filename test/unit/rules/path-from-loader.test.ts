/**
 * A reader who pastes the loading call states the path inside it: the wrong-path rule reads it
 * from there when no path is stated apart (the guides' notebook cells have only a loader field).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathGiven } from '../../../src/lib/rules/wrong-path-or-loader/index.ts';
import { ctx, factsOf, run, sample, SAMPLES } from './load.ts';

const manifest = JSON.parse(readFileSync(resolve(SAMPLES, 'manifest.json'), 'utf8')) as {
  scenario: string;
  broken: { load_code: string; outcome: { raised: boolean; observed: Record<string, unknown> } };
}[];

describe('the path inside a pasted loader call', () => {
  it('is the first quoted argument; a separately stated path wins', () => {
    expect(pathGiven(ctx({ loader: 'tf.train.Checkpoint(model=model).restore("run/ckpt-1.index")' }))).toBe('run/ckpt-1.index');
    expect(pathGiven(ctx({ loader: "keras.models.load_model('m.keras', custom_objects={'Block': Block})" }))).toBe('m.keras');
    expect(pathGiven(ctx({ loader: 'model.load_weights(path)' }))).toBeNull();
    expect(pathGiven(ctx({ loader: 'x.restore("a")', path_given: 'b' }))).toBe('b');
  });

  it('a .index path in the pasted restore call fires on the sample TF restored nothing from; the prefix does not', async () => {
    const m = manifest.find((s) => s.scenario === 'index-file-as-prefix')!;
    // What TF 2.21 really did with the .index path: no exception, a name-based status, nothing restored.
    expect(m.broken.load_code).toContain('restore("broken/ckpt-1.index")');
    expect(m.broken.outcome.raised).toBe(false);
    expect(m.broken.outcome.observed.kernel_restored).toBe(false);
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader: 'tf.train.Checkpoint(model=model).restore("broken/ckpt-1.index")' }),
      'wrong-path-or-loader',
    );
    expect(broken.map((f) => f.title)).toEqual(['The path names a checkpoint file (.index), not its prefix']);
    const fixed = run(
      await factsOf(sample(m.scenario, 'fixed')),
      ctx({ loader: 'tf.train.Checkpoint(model=model).restore("fixed/ckpt-1")' }),
      'wrong-path-or-loader',
    );
    expect(fixed).toEqual([]);
  });
});
