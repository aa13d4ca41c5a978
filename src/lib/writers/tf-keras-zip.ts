/**
 * A `.keras` file as tf.keras 2.13-2.15 writes it (keras/src/saving/saving_lib.py of those
 * releases), which TF 2.21 / Keras 3 cannot write: metadata.json with keras_version 2.15.0;
 * config.json from the new-style serializer over Keras 2 configs, so every object carries
 * `module` / `registered_name` but the configs are Keras 2's (`batch_input_shape`, list-style
 * `inbound_nodes`, Keras 2 initializers), the model saved under `keras.src.engine.functional` /
 * `keras.src.engine.sequential`; model.weights.h5 laid out as saving_lib lays it out
 * (`layers/<snake_case class name>/vars/<i>`, the same layout Keras 3 kept).
 */
import { utf8Encode } from '../utf8.ts';
import { keras2ModelConfig } from './keras-config.ts';
import { inputShapeOf, type ModelSpec } from './keras-model-spec.ts';
import { writeKerasWeightsH5 } from './keras.ts';
import { writeZip, type ZipMemberSpec } from './keras-zip-bytes.ts';

type Json = Record<string, unknown>;

const INITIALIZER_KEYS = /_(initializer)$/;
const REGULARIZER_KEYS = /_(regularizer)$/;
const CONSTRAINT_KEYS = /_(constraint)$/;

function withModule(value: unknown, module: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Json;
  if (typeof v.class_name !== 'string') return value;
  return { module, class_name: v.class_name, config: v.config ?? {}, registered_name: null };
}

export interface TfKerasZipOptions {
  /** compile_config as tf.keras writes it (optimizer/loss objects with modules), or none. */
  compile_config?: Json | null;
  keras_version?: string;
  date_saved?: string;
}

export function tfKerasConfig(spec: ModelSpec, options: TfKerasZipOptions = {}): Json {
  const legacy = keras2ModelConfig(spec);
  const inner = legacy.config as Json;
  const layers = (inner.layers as Json[]).map((l, i) => {
    const config = { ...(l.config as Json) };
    for (const key of Object.keys(config)) {
      if (INITIALIZER_KEYS.test(key)) config[key] = withModule(config[key], 'keras.initializers');
      else if (REGULARIZER_KEYS.test(key)) config[key] = withModule(config[key], 'keras.regularizers');
      else if (CONSTRAINT_KEYS.test(key)) config[key] = withModule(config[key], 'keras.constraints');
    }
    const className = String(l.class_name);
    const custom = className.includes('>');
    const entry: Json = {
      module: custom ? null : 'keras.layers',
      class_name: custom ? className.split('>')[1] : className,
      config,
      registered_name: custom ? className : null,
    };
    const layerIndex = spec.kind === 'Functional' ? i - 1 : i - 1;
    if (className !== 'InputLayer' && layerIndex >= 0) entry.build_config = { input_shape: [null, ...inputShapeOf(spec, layerIndex)] };
    if ('name' in l) entry.name = l.name;
    if ('inbound_nodes' in l) entry.inbound_nodes = l.inbound_nodes;
    return entry;
  });
  const functional = spec.kind === 'Functional';
  const out: Json = {
    // Sequential is exported (keras.Sequential), so it is saved under `keras`; Functional is not.
    module: functional ? 'keras.src.engine.functional' : 'keras',
    class_name: functional ? 'Functional' : 'Sequential',
    config: { ...inner, layers },
    registered_name: functional ? 'Functional' : null,
    build_config: { input_shape: [null, ...spec.input_shape] },
  };
  if (options.compile_config) out.compile_config = options.compile_config;
  return out;
}

export async function writeTfKerasZip(spec: ModelSpec, options: TfKerasZipOptions = {}): Promise<Uint8Array> {
  const metadata = { keras_version: options.keras_version ?? '2.15.0', date_saved: options.date_saved ?? '2024-01-01@00:00:00' };
  const members: ZipMemberSpec[] = [
    { name: 'metadata.json', data: utf8Encode(JSON.stringify(metadata)) },
    { name: 'config.json', data: utf8Encode(JSON.stringify(tfKerasConfig(spec, options))) },
    { name: 'model.weights.h5', data: await writeKerasWeightsH5(spec) },
  ];
  return writeZip(members);
}
