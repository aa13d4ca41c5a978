/**
 * The Keras compatibility queries (src/lib/keras-config/compat.ts) against what Keras 3.15 really
 * did: the table is built from the releases' sources by static analysis; the experiments in
 * scripts/data/keras-compat/experiments.json loaded each (class, key) pair with the installed
 * Keras 3.15.1 through the legacy .h5 loader and the .keras loader and recorded the outcome.
 * (For the two keys every layer writes, `dynamic` and `batch_input_shape`, the derived table
 * already takes the recorded outcome per class; every other key is judged from the sources.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_KERAS,
  isBuiltinAt,
  type ObjectKind,
  rejectedKeys,
  releaseLabel,
  removedAt,
  unimportableModule,
} from '../../../src/lib/keras-config/compat.ts';

interface Check {
  class: string;
  arg: string;
  keras_version: string;
  value: unknown;
  h5_path?: string;
  keras_v3_path?: string;
}

const experiments = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../scripts/data/keras-compat/experiments.json'), 'utf8'),
) as {
  candidate_checks: Check[];
};

describe('Keras compatibility queries', () => {
  it('agree with every outcome Keras 3.15.1 produced when it loaded the key', () => {
    let compared = 0;
    const disagreements: string[] = [];
    for (const c of experiments.candidate_checks) {
      const [kind, className] = c.class.split('/') as [ObjectKind, string];
      for (const [path, outcome] of [
        ['h5', c.h5_path],
        ['keras', c.keras_v3_path],
      ] as const) {
        if (outcome !== 'accepted' && outcome !== 'rejected') continue;
        compared++;
        const rejected = rejectedKeys(kind, className, { [c.arg]: c.value }, '3.15', path).length > 0;
        if (rejected !== (outcome === 'rejected')) disagreements.push(`${c.class}.${c.arg} on ${path}: Keras said ${outcome}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(500);
  });

  it('maps stated versions to releases', () => {
    expect(releaseLabel('3.15.1')).toBe('3.15');
    expect(releaseLabel('3.3')).toBe('3.3');
    expect(releaseLabel('2.15.0')).toBe('2.15');
    expect(releaseLabel('2.17')).toBe('tfk-2.17');
    expect(releaseLabel('1.2.2')).toBeNull();
    expect(CURRENT_KERAS).toBe('3.15');
  });

  it('knows classes Keras 3 removed, and does not call built-ins missing', () => {
    // DTypePolicy exists in Keras 3; the Keras 2 mixed-precision Policy class does not.
    expect(isBuiltinAt('dtype_policy', 'DTypePolicy', '3.15')).toBe(true);
    expect(isBuiltinAt('optimizer', 'RMSprop', '3.15')).toBe(true);
    expect(removedAt('dtype_policy', 'Policy', '3.15')).not.toBeNull();
    expect(removedAt('layer', 'Dense', '3.15')).toBeNull();
    // tf.keras 2.13-2.15 .keras files name Functional under keras.src.engine.functional.
    expect(unimportableModule('keras.src.engine.functional', 'Functional', '3.15')).toBe(true);
  });
});
