/**
 * diagnose() over real fixtures from test/fixtures: findings are well formed and sorted,
 * and the rules that need no reader context say what the files alone show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_IDS, failureUrl, isFailureId } from '../../../src/lib/catalog.ts';
import { diagnose } from '../../../src/lib/rules/index.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { ctx, factsOf, run } from './load.ts';

const FIXTURES = [
  'tf2onnx/tests/models/regression/checkpoint',
  'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123',
  'tf-decision-forests/tensorflow_decision_forests/test_data/model/saved_model_adult_rf',
  'dl4j-test-resources/src/main/resources/modelimport/keras/examples/custom_loss.h5',
  'hls4ml/example-models/keras/QKERAS_3layer.h5',
  'tf-keras/tf_keras/mixed_precision/testdata/lso_ckpt_tf2.2',
  't2t/tensor2tensor/test_data/transformer_test_ckpt',
  'tensorboard/tensorboard/functionaltests/testdata',
  'keras/model.keras',
];

describe('diagnose on real fixtures', () => {
  it.each(FIXTURES)('%s: well-formed findings, errors first, catalog order within a severity', async (rel) => {
    const facts = await factsOf(fixturePath(rel));
    const findings = diagnose(facts, ctx({ tf: '2.21', keras: '3.15', loader: 'keras.models.load_model' }));
    const rank = { error: 0, warning: 1, info: 2 } as const;
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1]!;
      const b = findings[i]!;
      expect(
        rank[a.severity] < rank[b.severity] ||
          (rank[a.severity] === rank[b.severity] && FAILURE_IDS.indexOf(a.failure) <= FAILURE_IDS.indexOf(b.failure)),
      ).toBe(true);
    }
    for (const f of findings) {
      expect(isFailureId(f.failure)).toBe(true);
      expect([
        failureUrl(f.failure),
        ...['symptoms', 'mechanism', 'confirm', 'fix', 'verify', 'try', 'prevent'].map((s) => `${failureUrl(f.failure)}#${s}`),
      ]).toContain(f.url);
      expect(f.title.length).toBeGreaterThan(0);
      expect(f.evidence.length).toBeGreaterThan(0);
    }
  });

  it('QKeras layers in an HDF5 model are custom objects for Keras 3, named with a snippet', async () => {
    const rel = 'hls4ml/example-models/keras/QKERAS_3layer.h5';
    expect(readFileSync(fixturePath(rel)).includes(Buffer.from('QDense'))).toBe(true);
    const found = run(
      await factsOf(fixturePath(rel)),
      ctx({ keras: '3.15', loader: 'keras.models.load_model' }),
      'unregistered-custom-object',
    );
    expect(found[0]?.title).toMatch(/QDense/);
    expect(found[0]?.fix).toMatch(/"QDense": QDense/);
  });

  it('a TF 1.11 Saver checkpoint restored by tf.train.Checkpoint: name-based, no object graph in the index', async () => {
    const dir = fixturePath('tf2onnx/tests/models/regression/checkpoint');
    expect(readFileSync(join(dir, 'model.index')).includes(Buffer.from('_CHECKPOINTABLE_OBJECT_GRAPH'))).toBe(false);
    const facts = await factsOf(dir);
    expect(run(facts, ctx({ loader: 'tf.train.Checkpoint.restore' }), 'tf1-tf2-checkpoint')[0]?.severity).toBe('error');
    expect(run(facts, ctx({ loader: 'tf.compat.v1.train.Saver.restore' }), 'tf1-tf2-checkpoint')).toEqual([]);
  });
});
