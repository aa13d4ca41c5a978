/**
 * Sample Keras files from a ModelSpec, laid out the way the real writers lay them out:
 *  - writeKerasZip: Keras 3 `.keras` (metadata.json, config.json, model.weights.h5; STORED
 *    members, like Keras 3.15),
 *  - writeKerasWeightsH5: Keras 3 `.weights.h5` (layers/<auto name>/vars/<i>, vars),
 *  - writeKerasLegacyH5: tf.keras 2.x HDF5 whole model (root attrs backend, keras_version,
 *    model_config, training_config; model_weights/<layer>/<layer>/<var>:0 with layer_names and
 *    weight_names) — files that TF 2.21 / Keras 3 no longer write.
 * Broken samples come from the same code with options (a custom layer without registration,
 * a float64 policy, lying zip sizes, ...).
 */
import type { File as H5File } from 'h5wasm';
import { utf8Encode } from '../utf8.ts';
import { buildHdf5, ensureGroup } from './keras-h5-bytes.ts';
import { keras2ModelConfig, keras2TrainingConfig, keras3ModelConfig } from './keras-config.ts';
import { autoNames, variableDtype, weightValues, type ModelSpec } from './keras-model-spec.ts';
import { writeZip, type ZipMemberSpec } from './keras-zip-bytes.ts';

export * from './keras-model-spec.ts';
export { writeZip } from './keras-zip-bytes.ts';

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function typedValues(values: number[], dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}

function layerPolicy(spec: ModelSpec, i: number): string {
  return spec.layers[i]!.dtype_policy ?? spec.dtype_policy ?? 'float32';
}

/** Keras 3 weights layout into an open HDF5 file. */
function writeV3Weights(file: H5File, spec: ModelSpec): void {
  const includeInput = spec.kind === 'Functional';
  const classes = [...(includeInput ? ['InputLayer'] : []), ...spec.layers.map((l) => l.class_name)];
  const names = autoNames(classes);
  ensureGroup(file, 'layers');
  if (includeInput) ensureGroup(file, `layers/${names[0]}/vars`).create_attribute('name', spec.input_name ?? 'input_layer');
  spec.layers.forEach((layer, i) => {
    const dir = `layers/${names[i + (includeInput ? 1 : 0)]}/vars`;
    const vars = ensureGroup(file, dir);
    vars.create_attribute('name', layer.name);
    const dtype = variableDtype(layerPolicy(spec, i));
    layer.weights.forEach((w, v) => {
      vars.create_dataset({
        name: String(v),
        data: typedValues(weightValues(i, v, elementCount(w.shape)), dtype),
        shape: w.shape,
        dtype: dtype === 'float64' ? '<d' : '<f',
      });
    });
  });
  ensureGroup(file, 'vars').create_attribute('name', spec.name);
}

export function writeKerasWeightsH5(spec: ModelSpec): Promise<Uint8Array> {
  return buildHdf5((file) => writeV3Weights(file, spec));
}

export interface KerasZipOptions {
  /** ISO-like `YYYY-MM-DD@HH:MM:SS`; fixed by default so samples are reproducible. */
  date_saved?: string;
  /** Extra members (assets, or an unsafe pickle for a broken sample). */
  extra_members?: ZipMemberSpec[];
  /** Drop a member (e.g. model.weights.h5) for a broken sample. */
  omit?: string[];
}

export async function writeKerasZip(spec: ModelSpec, options: KerasZipOptions = {}): Promise<Uint8Array> {
  const metadata = { keras_version: spec.keras_version ?? '3.15.1', date_saved: options.date_saved ?? '2026-01-01@00:00:00' };
  const weights = await writeKerasWeightsH5(spec);
  const members: ZipMemberSpec[] = [
    { name: 'metadata.json', data: utf8Encode(JSON.stringify(metadata)) },
    { name: 'config.json', data: utf8Encode(JSON.stringify(keras3ModelConfig(spec))) },
    { name: 'model.weights.h5', data: weights },
    ...(options.extra_members ?? []),
  ].filter((m) => !(options.omit ?? []).includes(m.name));
  return writeZip(members);
}

export interface LegacyH5Options {
  /** h5py 2 style fixed-length strings for layer_names/weight_names (Keras <= 2.10). */
  fixed_length_names?: boolean;
  /** The training_config attribute as written (default: a minimal one from spec.compile). */
  training_config?: unknown;
}

/** tf.keras 2.x whole-model HDF5 (default keras_version 2.15.0). */
export function writeKerasLegacyH5(spec: ModelSpec, options: LegacyH5Options = {}): Promise<Uint8Array> {
  const version = spec.keras_version ?? '2.15.0';
  return buildHdf5((file) => {
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('keras_version', version);
    file.create_attribute('model_config', JSON.stringify(keras2ModelConfig(spec)));
    if (options.training_config !== undefined) file.create_attribute('training_config', JSON.stringify(options.training_config));
    else if (spec.compile) file.create_attribute('training_config', JSON.stringify(keras2TrainingConfig(spec)));
    const weights = ensureGroup(file, 'model_weights');
    const inputName = spec.input_name ?? 'input_1';
    // tf.keras Sequential models do not list their InputLayer; Functional models do.
    const layerNames = [...(spec.kind === 'Functional' ? [inputName] : []), ...spec.layers.map((l) => l.name)];
    const strings = (names: string[]) => {
      const width = Math.max(1, ...names.map((n) => utf8Encode(n).byteLength));
      return options.fixed_length_names ? { data: names, dtype: `A${width}` } : { data: names, dtype: null };
    };
    const ln = strings(layerNames);
    weights.create_attribute('backend', 'tensorflow');
    weights.create_attribute('keras_version', version);
    weights.create_attribute('layer_names', ln.data, [layerNames.length], ln.dtype);
    if (spec.kind === 'Functional')
      ensureGroup(file, `model_weights/${inputName}`).create_attribute('weight_names', new Float64Array(0), [0], '<d');
    spec.layers.forEach((layer, i) => {
      const group = ensureGroup(file, `model_weights/${layer.name}`);
      const weightNames = layer.weights.map((w) => `${layer.name}/${w.name}:0`);
      const wn = strings(weightNames);
      // h5py stores an empty name list as an empty float64 array.
      if (weightNames.length) group.create_attribute('weight_names', wn.data, [weightNames.length], wn.dtype);
      else group.create_attribute('weight_names', new Float64Array(0), [0], '<d');
      const dtype = variableDtype(layerPolicy(spec, i));
      layer.weights.forEach((w, v) => {
        // A weight name may have a path of its own (an LSTM's `lstm_cell/kernel`).
        const slash = w.name.lastIndexOf('/');
        const inner = ensureGroup(file, `model_weights/${layer.name}/${layer.name}${slash < 0 ? '' : `/${w.name.slice(0, slash)}`}`);
        inner.create_dataset({
          name: `${w.name.slice(slash + 1)}:0`,
          data: typedValues(weightValues(i, v, elementCount(w.shape)), dtype),
          shape: w.shape,
          dtype: dtype === 'float64' ? '<d' : '<f',
        });
      });
    });
    ensureGroup(file, 'model_weights/top_level_model_weights').create_attribute('weight_names', new Float64Array(0), [0], '<d');
  });
}
