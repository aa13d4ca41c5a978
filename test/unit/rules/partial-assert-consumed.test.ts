/**
 * Unused optimizer state is an error only when the loading code asks for assert_consumed(): TF
 * 2.21 raised AssertionError then (recorded in the sample manifest) and only logged otherwise.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVariableList } from '../../../src/lib/context/index.ts';
import { ctx, factsOf, run, sample, SAMPLES } from './load.ts';

interface Outcome {
  raised: boolean;
  exception: string | null;
  message: string | null;
  log: string;
}
const entry = (
  JSON.parse(readFileSync(resolve(SAMPLES, 'manifest.json'), 'utf8')) as { scenario: string; broken: { outcome: Outcome } }[]
).find((s) => s.scenario === 'optimizer-slots-left-unused')!;

// tf.train.list_variables of tf.train.Checkpoint(model=model).save(...) for the inference model
// (Sequential Input(8), Dense(4), Dense(1), no optimizer), printed by TF 2.21 / Keras 3.15.
const INFERENCE =
  "[('_CHECKPOINTABLE_OBJECT_GRAPH', []), ('model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [8, 4]), ('model/_functional/_operations/1/bias/.ATTRIBUTES/VARIABLE_VALUE', [4]), ('model/_functional/_operations/2/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [4, 1]), ('model/_functional/_operations/2/bias/.ATTRIBUTES/VARIABLE_VALUE', [1]), ('save_counter/.ATTRIBUTES/VARIABLE_VALUE', [])]";

describe('partial-restore and assert_consumed()', () => {
  it('names exactly the values TF logged as not found, as an error when assert_consumed() is called', async () => {
    expect(entry.broken.outcome.exception).toBe('AssertionError');
    const logged = new Set(
      [...entry.broken.outcome.log.matchAll(/could not be found in the restored object: \(root\)\.(\S+)/g)].map((m) =>
        m[1]!.replace(/\./g, '/'),
      ),
    );
    const facts = await factsOf(sample('optimizer-slots-left-unused', 'broken'));
    const expected = parseVariableList(INFERENCE);
    const strict = run(
      facts,
      ctx({ loader: 'tf.train.Checkpoint(model=model).restore(prefix).assert_consumed()', expected }),
      'partial-restore',
    );
    expect(strict.map((f) => f.severity)).toEqual(['error']);
    expect(strict[0]!.title).toMatch(new RegExp(`^${logged.size} saved`));
    expect(strict[0]!.detail).toContain('Unresolved object in checkpoint');
    // Without the assertion TF only logs: the finding stays informational.
    expect(
      run(facts, ctx({ loader: 'tf.train.Checkpoint(model=model).restore(prefix)', expected }), 'partial-restore').map((f) => f.severity),
    ).toEqual(['info']);
    expect(
      run(
        facts,
        ctx({ loader: 'tf.train.Checkpoint(model=model).restore(prefix).expect_partial().assert_existing_objects_matched()', expected }),
        'partial-restore',
      ),
    ).toEqual([]);
  });
});
