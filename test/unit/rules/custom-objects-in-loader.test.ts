/**
 * unregistered-custom-object reads the names a pasted loader call passes in custom_objects=
 * (or a custom_object_scope dict), so the fixed half of the real Keras 3.15 sample, loaded as
 * its manifest's load_code loads it, has no finding while the bare call on the broken half does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namesInLoaderCall } from '../../../src/lib/rules/unregistered-custom-object.ts';
import { ctx, factsOf, run, sample, SAMPLES } from './load.ts';

const manifest = JSON.parse(readFileSync(resolve(SAMPLES, 'manifest.json'), 'utf8')) as { scenario: string; fixed: { load_code: string } }[];
const scenario = 'unregistered-custom-layer';

describe('custom objects named in the loader call', () => {
  it('reads the keys of custom_objects={...} and custom_object_scope({...})', () => {
    expect(namesInLoaderCall('keras.models.load_model(p, custom_objects={"ScaledDense": ScaledDense, \'samples>Gate\': Gate})')).toEqual(['ScaledDense', 'samples>Gate']);
    expect(namesInLoaderCall('with keras.saving.custom_object_scope({"my_loss": my_loss}): keras.models.load_model(p)')).toEqual(['my_loss']);
    expect(namesInLoaderCall('keras.models.load_model(p)')).toEqual([]);
    expect(namesInLoaderCall(null)).toEqual([]);
    // An unclosed dict in a hostile paste is bounded and yields nothing.
    expect(namesInLoaderCall(`custom_objects={${'"a": a, '.repeat(50_000)}`)).toEqual([]);
  });

  it("the sample's own fixed load call silences the finding; the bare call on the broken half fires", async () => {
    const call = /keras\.models\.load_model\([^\n]*custom_objects=\{[^\n]*\}\)/.exec(manifest.find((m) => m.scenario === scenario)!.fixed.load_code)![0];
    const fixed = run(await factsOf(sample(scenario, 'fixed')), ctx({ keras: '3.15', loader: call }), 'unregistered-custom-object');
    expect(fixed).toEqual([]);
    const broken = run(await factsOf(sample(scenario, 'broken')), ctx({ keras: '3.15', loader: 'keras.models.load_model' }), 'unregistered-custom-object');
    expect(broken.map((f) => f.severity)).toEqual(['error']);
  });
});
