/**
 * Every Keras HDF5 fixture decodes, and what the decoder reports matches h5dump: the set of
 * datasets with their shapes and types, the keras_version/backend root attributes, the layer
 * names of the weights group, and the layers of model_config parsed here from h5dump's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BytesSource } from '../../../src/lib/byte-source.ts';
import { decodeKerasH5 } from '../../../src/lib/formats/keras/index.ts';
import { fixturePath, openFixture } from '../../helpers/fixtures.ts';
import { fixturesBySignature, h5dumpDatasets, h5dumpStringArrayAttr, h5dumpStringAttr } from './evidence.ts';

const { hdf5 } = fixturesBySignature();

async function decode(rel: string) {
  const set = await openFixture(rel);
  try {
    return await decodeKerasH5(set.files[0]!);
  } finally {
    await set.close();
  }
}

/** (name, class_name) of the top-level layers, read straight from the config JSON. */
function topLevelLayers(config: unknown): { name: string; class_name: string }[] {
  const c = config as { config: unknown };
  const list = Array.isArray(c.config) ? c.config : ((c.config as { layers?: unknown[] }).layers ?? []);
  return (list as { class_name: string; name?: string; config: { name?: string } }[]).map((l) => ({
    name: l.config?.name ?? l.name ?? '',
    class_name: l.class_name,
  }));
}

describe('Keras HDF5 fixtures', () => {
  it('finds the HDF5 fixtures listed in MANIFEST.md', () => {
    expect(hdf5.length).toBeGreaterThanOrEqual(25);
  });

  for (const rel of hdf5) {
    it(`decodes ${rel}`, async () => {
      const file = fixturePath(rel);
      const facts = await decode(rel);
      expect(facts.problems.map((p) => p.message)).toEqual([]);
      expect(facts.artifacts).toHaveLength(1);
      expect(facts.artifacts[0]!.format).toBe('keras_h5');

      // Datasets: same paths, shapes and types as h5dump sees.
      const dumped = h5dumpDatasets(file);
      const byName = new Map(facts.variables.map((v) => [v.name, v]));
      expect([...byName.keys()].sort()).toEqual(dumped.map((d) => d.path).sort());
      for (const d of dumped) {
        const v = byName.get(d.path)!;
        expect(v.shape, d.path).toEqual(d.shape);
        expect(v.dtype, d.path).toBe(d.dtype);
        expect(v.bytes).toBe(
          d.shape.reduce((a, b) => a * b, 1) * ({ float32: 4, float64: 8, int64: 8, int8: 1 } as Record<string, number>)[d.dtype]!,
        );
      }

      // Root attributes.
      const whole = h5dumpStringAttr(file, '/model_config') !== null;
      const version = h5dumpStringAttr(file, '/keras_version') ?? (whole ? h5dumpStringAttr(file, '/model_weights/keras_version') : null);
      expect(facts.producer.keras).toBe(version);
      expect(facts.producer.backend).toBe(
        h5dumpStringAttr(file, '/backend') ?? (whole ? h5dumpStringAttr(file, '/model_weights/backend') : null),
      );

      // Weight groups in layer_names order: every listed layer's datasets come first, in order.
      const layerNames = h5dumpStringArrayAttr(file, whole ? '/model_weights/layer_names' : '/layer_names')!;
      expect(layerNames.length).toBeGreaterThan(0);
      expect(facts.artifacts[0]!.summary).toContain(`${layerNames.length} layer`);

      // Layers: the top-level layers of model_config, parsed here from h5dump's text.
      const configText = h5dumpStringAttr(file, '/model_config');
      if (configText === null) {
        expect(facts.layers).toEqual([]);
      } else {
        const config = JSON.parse(configText) as { class_name: string };
        expect(facts.layers[0]!.class_name).toBe(config.class_name);
        for (const layer of topLevelLayers(config)) {
          expect(facts.layers.find((l) => l.path === layer.name)?.class_name, layer.name).toBe(layer.class_name);
        }
      }
    });
  }

  it('reports whole-model files with their optimizer from training_config', async () => {
    const rel = 'hls4ml/example-models/keras/KERAS_lstm_model_weights.h5';
    const facts = await decode(rel);
    const training = JSON.parse(h5dumpStringAttr(fixturePath(rel), '/training_config')!) as { optimizer_config: { class_name: string } };
    expect(facts.optimizer?.class_name).toBe(training.optimizer_config.class_name);
    const optimizerSets = h5dumpDatasets(fixturePath(rel)).filter((d) => d.path.startsWith('optimizer_weights/'));
    expect([...facts.optimizer!.variables].sort()).toEqual(optimizerSets.map((d) => d.path).sort());
    // Adam in Keras 2.1.3: iterations is a scalar counter, every other value is a per-weight slot.
    expect(facts.optimizer!.slot_count).toBe(optimizerSets.filter((d) => d.shape.length > 0).length);
  });

  it('reads h5py 2 fixed-length and h5py 3 variable-length layer_names alike', async () => {
    for (const rel of ['hls4ml/example-models/keras/KERAS_3layer_weights.h5', 'hls4ml/example-prjs/prelu/prelu_weights.h5']) {
      const facts = await decode(rel);
      const names = h5dumpStringArrayAttr(fixturePath(rel), '/layer_names')!;
      expect(facts.artifacts[0]!.summary).toContain(`${names.length} layer`);
      expect(facts.producer.other.keras_file_layout).toBe('legacy_h5_weights_only');
    }
  });

  it('keeps Theano dataset names without :0 and Keras 1 files without backend', async () => {
    const theano = await decode('dl4j-test-resources/src/main/resources/modelimport/keras/weights/dense_theano_2.h5');
    expect(theano.producer.backend).toBe('theano');
    expect(theano.variables.every((v) => !v.name.endsWith(':0'))).toBe(true);
    const keras1 = await decode(
      'dl4j-test-resources/src/main/resources/modelimport/keras/examples/simple_lstm/simple_lstm_tf_keras_1_model.h5',
    );
    expect(keras1.producer.keras).toBe('1.2.2');
    expect(keras1.producer.backend).toBeNull();
  });

  it('flags the marshalled bytecode of a Lambda layer without running it', async () => {
    const rel = 'dl4j-test-resources/src/main/resources/modelimport/keras/weights/space_to_depth_simple_tensorflow_2.h5';
    const config = JSON.parse(h5dumpStringAttr(fixturePath(rel), '/model_config')!) as {
      config: { class_name: string; config: { name: string; function_type: string } }[];
    };
    const lambda = config.config.find((l) => l.class_name === 'Lambda')!;
    expect(lambda.config.function_type).toBe('lambda');
    const facts = await decode(rel);
    const unsafe = facts.custom_objects.filter((c) => c.role === 'unsafe_lambda');
    expect(unsafe.map((c) => c.where)).toContain(`${lambda.config.name}.config.function`);
  });

  it('names the custom layers of a QKeras model', async () => {
    const q = await decode('hls4ml/example-models/keras/QKERAS_3layer.h5');
    const qConfig = h5dumpStringAttr(fixturePath('hls4ml/example-models/keras/QKERAS_3layer.h5'), '/model_config')!;
    const qClasses = new Set(
      topLevelLayers(JSON.parse(qConfig))
        .map((l) => l.class_name)
        .filter((c) => c.startsWith('Q')),
    );
    expect(qClasses.size).toBeGreaterThan(0);
    for (const c of qClasses) expect(q.custom_objects.some((o) => o.class_name === c && o.role === 'layer')).toBe(true);
    // Built-in layers of the same model are not reported.
    expect(q.custom_objects.some((o) => o.class_name === 'InputLayer' || o.class_name === 'Activation')).toBe(false);
  });

  it('treats HDF5 bytes named .keras as keras_h5 (content decides, not the name)', async () => {
    const rel = 'hls4ml/example-prjs/relu/relu.h5';
    const facts = await decodeKerasH5(new BytesSource('model.keras', new Uint8Array(readFileSync(fixturePath(rel)))));
    expect(facts.artifacts[0]).toMatchObject({ path: 'model.keras', format: 'keras_h5' });
    expect(facts.producer.keras).toBe(h5dumpStringAttr(fixturePath(rel), '/keras_version'));
  });
});
