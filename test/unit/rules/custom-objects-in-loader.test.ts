/**
 * unregistered-custom-object reads the names a pasted loader call passes in custom_objects=
 * (or a custom_object_scope dict), matched as Keras 3 matches them: by the saved registered_name.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namesInLoaderCall } from '../../../src/lib/rules/unregistered-custom-object/index.ts';
import { ctx, factsOf, run, sample, SAMPLES } from './load.ts';

interface Side {
  outcome: { observed: { saved_layer: { registered_name: string } } };
}
const manifest = JSON.parse(readFileSync(resolve(SAMPLES, 'manifest.json'), 'utf8')) as { scenario: string; broken: Side; fixed: Side }[];
const scenario = 'unregistered-custom-layer';

describe('custom objects named in the loader call', () => {
  it('reads the keys of custom_objects={...} and custom_object_scope({...})', () => {
    expect(namesInLoaderCall('keras.models.load_model(p, custom_objects={"ScaledDense": ScaledDense, \'samples>Gate\': Gate})')).toEqual([
      'ScaledDense',
      'samples>Gate',
    ]);
    expect(namesInLoaderCall('with keras.saving.custom_object_scope({"my_loss": my_loss}): keras.models.load_model(p)')).toEqual([
      'my_loss',
    ]);
    expect(namesInLoaderCall('keras.models.load_model(p)')).toEqual([]);
    expect(namesInLoaderCall(null)).toEqual([]);
    // An unclosed dict in a hostile paste is bounded and yields nothing.
    expect(namesInLoaderCall(`custom_objects={${'"a": a, '.repeat(50_000)}`)).toEqual([]);
  });

  it('a key equal to the saved registered_name silences the finding; the bare class name does not', async () => {
    // Python's view of the saved config (zipfile + json in the sample script), not our decoder.
    const entry = manifest.find((m) => m.scenario === scenario)!;
    const registered = entry.fixed.outcome.observed.saved_layer.registered_name; // "samples>ScaledDense"
    const facts = await factsOf(sample(scenario, 'fixed'));
    const call = (key: string) => `keras.models.load_model("fixed/model.keras", custom_objects={${JSON.stringify(key)}: ScaledDense})`;
    expect(run(facts, ctx({ keras: '3.15', loader: call(registered) }), 'unregistered-custom-object')).toEqual([]);
    // Keras 3.15 raised "Could not locate class" for {"ScaledDense": ScaledDense} on this file
    // when the class was not also registered: lookup is by registered_name.
    expect(run(facts, ctx({ keras: '3.15', loader: call('ScaledDense') }), 'unregistered-custom-object')).toHaveLength(1);
    // The broken half was saved unregistered: its registered_name is the bare class name.
    expect(entry.broken.outcome.observed.saved_layer.registered_name).toBe('ScaledDense');
    const broken = await factsOf(sample(scenario, 'broken'));
    expect(run(broken, ctx({ keras: '3.15', loader: call('ScaledDense') }), 'unregistered-custom-object')).toEqual([]);
    expect(
      run(broken, ctx({ keras: '3.15', loader: 'keras.models.load_model' }), 'unregistered-custom-object').map((f) => f.severity),
    ).toEqual(['error']);
  });
});
