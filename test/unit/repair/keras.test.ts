/**
 * Keras 2 -> Keras 3 repairs on writer-made tf.keras 2.15 files and real Keras 2 fixtures, checked
 * with h5dump (HDF5) and Python's zipfile (zips), not with the repair's own readers: the configs
 * no longer carry what Keras 3 rejects, the weight datasets have the same values, the weights
 * member of a .keras is the same bytes.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { writeKerasLegacyH5 } from '../../../src/lib/writers/keras.ts';
import { writeTfKerasZip } from '../../../src/lib/writers/tf-keras-zip.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { DEPTHWISE_LSTM_SPEC, FUNCTIONAL_SPEC, TF215_COMPILE_CONFIG, TF215_TRAINING_CONFIG } from '../../helpers/keras2-samples.ts';
import { h5dumpDatasets, h5dumpStringAttr, h5dumpValues, pythonZipList, pythonZipRead, tempFile } from '../keras/evidence.ts';
import { repairFiles } from './helpers.ts';

function unescapeH5dump(text: string): string {
  return text.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
}

describe('legacy .h5 (tf.keras 2.15, writer-made)', () => {
  it('drops groups=1 and time_major=false, fixes the TF 2.15 optimizer and the "mse" alias; datasets untouched', async () => {
    const bytes = await writeKerasLegacyH5(DEPTHWISE_LSTM_SPEC, { training_config: TF215_TRAINING_CONFIG });
    const files = fileSet([new BytesSource('model.h5', bytes)]);
    const { plan, sink } = await repairFiles([], {}, { files });
    expect(plan.refused).toEqual([]);
    expect(plan.steps.map((s) => s.kind)).toEqual(['keras2-to-keras3']);
    expect(plan.warnings).toEqual([]);
    const froms = plan.steps[0]!.items.map((i) => i.from);
    expect(froms).toEqual(
      expect.arrayContaining([
        'model_config.config.layers[1].config.groups = 1',
        'model_config.config.layers[3].config.time_major = false',
        'training_config.optimizer.config.jit_compile = true',
        'training_config.optimizer.config.is_legacy_optimizer = false',
        'training_config.loss = "mse"',
      ]),
    );
    const inFile = tempFile('in.h5', bytes);
    const outFile = tempFile('out.h5', sink.files.get('model.h5')!);
    const config = JSON.parse(unescapeH5dump(h5dumpStringAttr(outFile, 'model_config')!)) as {
      config: { layers: { config: Record<string, unknown> }[] };
    };
    expect(config.config.layers[1]!.config).not.toHaveProperty('groups');
    expect(config.config.layers[3]!.config).not.toHaveProperty('time_major');
    const training = JSON.parse(unescapeH5dump(h5dumpStringAttr(outFile, 'training_config')!)) as {
      loss: string;
      optimizer_config: { config: Record<string, unknown> };
    };
    expect(training.loss).toBe('mean_squared_error');
    expect(training.optimizer_config.config).not.toHaveProperty('jit_compile');
    expect(h5dumpDatasets(outFile)).toEqual(h5dumpDatasets(inFile));
    for (const d of h5dumpDatasets(inFile)) expect(h5dumpValues(outFile, d.path), d.path).toEqual(h5dumpValues(inFile, d.path));
  });

  it('a Keras 2.1.3 file with a Lambda: the bytecode is replaced by a function name, with the snippet to supply it', async () => {
    const { plan } = await repairFiles([
      fixturePath('dl4j-test-resources/src/main/resources/modelimport/keras/weights/space_to_depth_simple_tensorflow_2.h5'),
    ]);
    expect(plan.refused).toEqual([]);
    expect(plan.manual).toHaveLength(1);
    expect(plan.manual[0]!.snippet).toMatch(/^def space_to_depth_x2_fn\(x\):/);
    expect(plan.load).toContain('custom_objects={"space_to_depth_x2_fn": space_to_depth_x2_fn}');
  });

  it('a custom layer is left to the reader with a class skeleton built from the file; nothing else to rewrite', async () => {
    const { plan } = await repairFiles([
      resolve(import.meta.dirname, '../../../public/writer-samples/tf-keras-2.15-h5-custom-layer/broken/model.h5'),
    ]);
    expect(plan.refused.join(' ')).toMatch(/nothing to rewrite/);
    const snippet = plan.manual[0]!.snippet;
    expect(snippet).toContain('@keras.saving.register_keras_serializable(package="MyPkg")');
    expect(snippet).toContain('class MyLayer(keras.layers.Layer):');
    expect(snippet).toContain('self.w = self.add_weight(shape=(5, 3), dtype="float32", name="w")');
  });

  it('refuses what no rewrite can express: an RNN fed its initial state as extra inputs (Keras 2.2.5, frugally-deep)', async () => {
    const { plan } = await repairFiles([fixturePath('frugally-deep/keras_export/lstm.h5')]);
    expect(plan.refused.join(' ')).toMatch(/initial state as extra inputs/);
    expect(plan.program).toBeNull();
  });

  it('refuses a truncated .h5 (TF 2.21 sample): a damaged file is never rewritten', async () => {
    const { plan } = await repairFiles([resolve(import.meta.dirname, '../../../public/samples/truncated-h5/broken/model.h5')], {
      dropOptimizer: true,
    });
    expect(plan.refused.join(' ')).toMatch(/cannot be read|damaged/);
    expect(plan.program).toBeNull();
  });

  it('refuses Keras 1 files (another weight layout)', async () => {
    const { plan } = await repairFiles([
      fixturePath('dl4j-test-resources/src/main/resources/modelimport/keras/examples/simple_lstm/simple_lstm_tf_keras_1_model.h5'),
    ]);
    expect(plan.refused.join(' ')).toMatch(/Keras 1/);
  });
});

describe('.keras (tf.keras 2.15, writer-made)', () => {
  it('replaces keras.src.engine.functional, translates batch_input_shape; model.weights.h5 is the same bytes', async () => {
    const bytes = await writeTfKerasZip(FUNCTIONAL_SPEC, { compile_config: TF215_COMPILE_CONFIG });
    const files = fileSet([new BytesSource('model.keras', bytes)]);
    const { plan, sink } = await repairFiles([], {}, { files });
    expect(plan.refused).toEqual([]);
    const inFile = tempFile('in.keras', bytes);
    const outFile = tempFile('out.keras', sink.files.get('model.keras')!);
    expect(pythonZipList(outFile).map((m) => m.name)).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    expect(pythonZipRead(outFile, 'model.weights.h5').equals(pythonZipRead(inFile, 'model.weights.h5'))).toBe(true);
    expect(pythonZipRead(outFile, 'metadata.json').equals(pythonZipRead(inFile, 'metadata.json'))).toBe(true);
    const config = JSON.parse(pythonZipRead(outFile, 'config.json').toString('utf8')) as {
      module: string;
      registered_name: string;
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
      compile_config: Record<string, unknown>;
    };
    expect(config.module).toBe('keras.src.models.functional');
    expect(config.registered_name).toBe('Functional');
    expect(config.config.layers[0]!.config).toMatchObject({ batch_shape: [null, 4] });
    expect(config.config.layers[0]!.config).not.toHaveProperty('batch_input_shape');
    expect(config.compile_config).not.toHaveProperty('steps_per_execution');
  });

  it('--drop-optimizer also leaves out compile_config, and gives the compile() to run', async () => {
    const bytes = await writeTfKerasZip(FUNCTIONAL_SPEC, { compile_config: TF215_COMPILE_CONFIG });
    const { plan, sink } = await repairFiles([], { dropOptimizer: true }, { files: fileSet([new BytesSource('model.keras', bytes)]) });
    expect(plan.manual.map((m) => m.snippet)).toContain(
      'model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0010000000474974513), loss="mean_squared_error", metrics=None)',
    );
    const config = JSON.parse(pythonZipRead(tempFile('d.keras', sink.files.get('model.keras')!), 'config.json').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(config).not.toHaveProperty('compile_config');
  });

  it('--keras 2.15 is refused: repair targets Keras 3', async () => {
    const bytes = await writeTfKerasZip(FUNCTIONAL_SPEC);
    const { plan } = await repairFiles([], { keras: '2.15' }, { files: fileSet([new BytesSource('model.keras', bytes)]) });
    expect(plan.refused.join(' ')).toMatch(/Keras 3/);
  });
});
