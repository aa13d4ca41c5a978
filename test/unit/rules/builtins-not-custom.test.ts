/**
 * A built-in Keras class is never called a custom object, whichever Keras the reader states: a
 * Keras 3.15 .keras file (DTypePolicy in every layer) judged for tf.keras 2.15 is a version
 * mismatch, and the custom-object finding names only the class the sample really defines.
 */
import { describe, expect, it } from 'vitest';
import { isKnownClass } from '../../../src/lib/keras-config/compat.ts';
import { ctx, factsOf, run, sample } from './load.ts';

describe('built-ins are not custom objects', () => {
  it.each(['2.15', '2.12', '3.0'])('Keras 3.15 .keras judged for Keras %s', async (keras) => {
    const facts = await factsOf(`${sample('unregistered-custom-layer', 'broken')}/model.keras`);
    const c = ctx({ keras, loader: 'keras.models.load_model' });
    const named = run(facts, c, 'unregistered-custom-object').flatMap((f) => f.evidence.map((e) => e.text ?? ''));
    // The sample's scripts define ScaledDense (scripts/samples); everything else in it ships with Keras.
    expect(
      named.some((n) => n.includes('ScaledDense')),
      named.join(', '),
    ).toBe(true);
    expect(named.filter((n) => isKnownClass('layer', n) || isKnownClass('dtype_policy', n) || isKnownClass('initializer', n))).toEqual([]);
    expect(named.join(' ')).not.toContain('DTypePolicy');
  });
});
