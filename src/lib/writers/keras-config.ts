/**
 * Model configs for the sample writers, in the two shapes Keras writes:
 *  - Keras 3 (config.json of .keras): every object {module, class_name, config, registered_name},
 *    layers with build_config, Functional layers with name/inbound_nodes (__keras_tensor__).
 *  - Keras 2 (model_config of tf.keras .h5): {class_name, config}; registered custom classes as
 *    class_name 'Package>Name'; dtype policies {class_name: 'Policy', config: {name}}.
 * Field sets follow files written by Keras 3.15.1 and tf.keras 2.11-2.13 (test/fixtures).
 */
import { inputShapeOf, type LayerSpec, type ModelSpec } from './keras-model-spec.ts';

type Json = Record<string, unknown>;

function batch(shape: readonly (number | null)[]): (number | null)[] {
  return [null, ...shape];
}

function keras3Policy(name: string): Json {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null };
}

function keras3Initializer(className: string): Json {
  return {
    module: 'keras.initializers',
    class_name: className,
    config: className === 'Zeros' ? {} : { seed: null },
    registered_name: null,
  };
}

function withInitializers(layer: LayerSpec, k3: boolean): Json {
  const config: Json = { ...(layer.config ?? {}) };
  if (layer.class_name === 'Dense' || layer.class_name === 'Conv2D') {
    config.kernel_initializer = k3 ? keras3Initializer('GlorotUniform') : { class_name: 'GlorotUniform', config: { seed: null } };
    config.bias_initializer = k3 ? keras3Initializer('Zeros') : { class_name: 'Zeros', config: {} };
    for (const key of ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'])
      config[key] = null;
  }
  return config;
}

function policyOf(spec: ModelSpec, layer: LayerSpec): string {
  return layer.dtype_policy ?? spec.dtype_policy ?? 'float32';
}

export function keras3ModelConfig(spec: ModelSpec): Json {
  const inputName = spec.input_name ?? 'input_layer';
  const inputLayer: Json = {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: { batch_shape: batch(spec.input_shape), dtype: 'float32', sparse: false, ragged: false, name: inputName, optional: false },
    registered_name: null,
  };
  const layers: Json[] = spec.layers.map((layer, i) => {
    const builtin = layer.registered_name == null && layer.module !== null;
    const entry: Json = {
      module: layer.module === undefined ? (builtin ? 'keras.layers' : null) : layer.module,
      class_name: layer.class_name,
      config: { name: layer.name, trainable: true, dtype: keras3Policy(policyOf(spec, layer)), ...withInitializers(layer, true) },
      registered_name: layer.registered_name === undefined ? null : layer.registered_name,
      build_config: { input_shape: batch(inputShapeOf(spec, i)) },
    };
    if (spec.kind === 'Functional') {
      const from = i === 0 ? inputName : spec.layers[i - 1]!.name;
      entry.name = layer.name;
      entry.inbound_nodes = [
        {
          args: [
            {
              class_name: '__keras_tensor__',
              config: { shape: batch(inputShapeOf(spec, i)), dtype: 'float32', keras_history: [from, 0, 0] },
            },
          ],
          kwargs: {},
        },
      ];
    }
    return entry;
  });
  const modelPolicy = keras3Policy(spec.dtype_policy ?? 'float32');
  const compile = spec.compile
    ? {
        compile_config: {
          optimizer: spec.compile.optimizer,
          loss: spec.compile.loss,
          loss_weights: null,
          metrics: spec.compile.metrics ?? null,
          weighted_metrics: null,
          run_eagerly: false,
          steps_per_execution: 1,
          jit_compile: false,
        },
      }
    : {};
  if (spec.kind === 'Sequential') {
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: spec.name,
        trainable: true,
        dtype: modelPolicy,
        layers: [inputLayer, ...layers],
        build_input_shape: batch(spec.input_shape),
      },
      registered_name: null,
      build_config: { input_shape: batch(spec.input_shape) },
      ...compile,
    };
  }
  const last = spec.layers[spec.layers.length - 1];
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: spec.name,
      trainable: true,
      layers: [{ ...inputLayer, name: inputName, inbound_nodes: [] }, ...layers],
      input_layers: [inputName, 0, 0],
      output_layers: [last ? last.name : inputName, 0, 0],
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    ...compile,
  };
}

function keras2Policy(name: string): unknown {
  // tf.keras writes a plain dtype string unless a mixed policy is set.
  return name.startsWith('mixed_') ? { class_name: 'Policy', config: { name } } : name;
}

export function keras2ModelConfig(spec: ModelSpec): Json {
  const inputName = spec.input_name ?? 'input_1';
  const inputLayer: Json = {
    class_name: 'InputLayer',
    config: { batch_input_shape: batch(spec.input_shape), dtype: 'float32', sparse: false, ragged: false, name: inputName },
  };
  const layers: Json[] = spec.layers.map((layer, i) => {
    const className = layer.registered_name ?? layer.class_name;
    const entry: Json = {
      class_name: className,
      config: { name: layer.name, trainable: true, dtype: keras2Policy(policyOf(spec, layer)), ...withInitializers(layer, false) },
    };
    if (spec.kind === 'Functional') {
      entry.name = layer.name;
      entry.inbound_nodes = [[[i === 0 ? inputName : spec.layers[i - 1]!.name, 0, 0, {}]]];
    }
    return entry;
  });
  if (spec.kind === 'Sequential') {
    return { class_name: 'Sequential', config: { name: spec.name, layers: [inputLayer, ...layers] } };
  }
  const last = spec.layers[spec.layers.length - 1];
  return {
    class_name: 'Functional',
    config: {
      name: spec.name,
      trainable: true,
      layers: [{ ...inputLayer, name: inputName, inbound_nodes: [] }, ...layers],
      input_layers: [[inputName, 0, 0]],
      output_layers: [[last ? last.name : inputName, 0, 0]],
    },
  };
}

export function keras2TrainingConfig(spec: ModelSpec): Json {
  const c = spec.compile!;
  return {
    loss: c.loss,
    metrics: c.metrics ?? null,
    weighted_metrics: null,
    loss_weights: null,
    optimizer_config: { class_name: capitalize(c.optimizer), config: { name: capitalize(c.optimizer), learning_rate: 0.001 } },
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
