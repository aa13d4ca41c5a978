/**
 * Samples TensorFlow 2.21 cannot write, made by the project's writers and laid out as the real
 * fixtures are: a tf.keras 2.15 legacy .h5 (keras_version "2.15.0", `model_weights/<layer>/<layer>/w:0`)
 * with a custom layer registered as `MyPkg>MyLayer`, saved uncompiled (no training_config). Writes the same file as broken and fixed;
 * record_writer_samples.py then loads each with real Keras 3.15 and writes the manifest.
 *
 *   npx tsx scripts/samples/make-writer-samples.ts && .venv-tf/bin/python scripts/samples/record_writer_samples.py
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { customLayer, dense, writeKerasLegacyH5, type ModelSpec } from '../../src/lib/writers/keras.ts';

const ROOT = resolve(import.meta.dirname, '../../public/writer-samples/tf-keras-2.15-h5-custom-layer');

export const SPEC: ModelSpec = {
  kind: 'Sequential',
  name: 'regressor',
  input_shape: [4],
  keras_version: '2.15.0',
  layers: [dense('dense', 4, 5), customLayer('scale', 5, 3, 'MyLayer', 'MyPkg>MyLayer'), dense('head', 3, 1)],
};

const bytes = await writeKerasLegacyH5(SPEC);
for (const side of ['broken', 'fixed']) {
  mkdirSync(resolve(ROOT, side), { recursive: true });
  writeFileSync(resolve(ROOT, side, 'model.h5'), bytes);
}
console.log(`${ROOT}/{broken,fixed}/model.h5 (${bytes.byteLength} bytes)`);
