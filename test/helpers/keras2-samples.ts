/**
 * Keras 2-era files TF 2.21 cannot write, made by the project's writers for the repair tests:
 *  - a tf.keras 2.15 legacy .h5 (Sequential: DepthwiseConv2D with groups=1, Reshape, LSTM with
 *    time_major=False, Dense; compiled with a TF 2.15 Adam config (jit_compile,
 *    is_legacy_optimizer) and loss "mse"): Keras 3.15 rejects groups, time_major, the optimizer
 *    arguments and the loss alias;
 *  - a tf.keras 2.15 .keras (Functional, saved under module keras.src.engine.functional, with
 *    batch_input_shape and a compile_config as tf.keras writes it): Keras 3.15 cannot import the module.
 * The configs carry the keys the compatibility table says tf.keras 2.15 writes for those classes
 * (scripts/data/tables/keras-compat.json, config_keys at release 2.15).
 */
import { dense, inputShapeOf, type LayerSpec, type ModelSpec, weightValues } from '../../src/lib/writers/keras.ts';

const glorot = { class_name: 'GlorotUniform', config: { seed: null } };
const zeros = { class_name: 'Zeros', config: {} };

function depthwise(name: string): LayerSpec {
  return {
    class_name: 'DepthwiseConv2D',
    name,
    config: {
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      groups: 1,
      activation: 'linear',
      use_bias: true,
      bias_initializer: zeros,
      bias_regularizer: null,
      activity_regularizer: null,
      bias_constraint: null,
      depth_multiplier: 1,
      depthwise_initializer: glorot,
      depthwise_regularizer: null,
      depthwise_constraint: null,
    },
    weights: [
      { name: 'depthwise_kernel', shape: [3, 3, 3, 1] },
      { name: 'bias', shape: [3] },
    ],
    output_shape: [6, 6, 3],
  };
}

function reshape(name: string, target: number[]): LayerSpec {
  return { class_name: 'Reshape', name, config: { target_shape: target }, weights: [], output_shape: target };
}

function lstm(name: string, input: number, units: number, timeMajor = false): LayerSpec {
  return {
    class_name: 'LSTM',
    name,
    config: {
      return_sequences: false,
      return_state: false,
      go_backwards: false,
      stateful: false,
      unroll: false,
      time_major: timeMajor,
      units,
      activation: 'tanh',
      recurrent_activation: 'sigmoid',
      use_bias: true,
      kernel_initializer: glorot,
      recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1.0, seed: null } },
      bias_initializer: zeros,
      unit_forget_bias: true,
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: 0.0,
      recurrent_dropout: 0.0,
      implementation: 2,
    },
    weights: [
      { name: 'lstm_cell/kernel', shape: [input, 4 * units] },
      { name: 'lstm_cell/recurrent_kernel', shape: [units, 4 * units] },
      { name: 'lstm_cell/bias', shape: [4 * units] },
    ],
    output_shape: [units],
  };
}

export const DEPTHWISE_LSTM_SPEC: ModelSpec = {
  kind: 'Sequential',
  name: 'sequential',
  input_shape: [8, 8, 3],
  keras_version: '2.15.0',
  layers: [depthwise('depthwise_conv2d'), reshape('reshape', [36, 3]), lstm('lstm', 3, 4), dense('dense', 4, 2)],
};

/** training_config as tf.keras 2.15 writes it for model.compile(optimizer="adam", loss="mse"). */
export const TF215_TRAINING_CONFIG = {
  loss: 'mse',
  metrics: null,
  weighted_metrics: null,
  loss_weights: null,
  optimizer_config: {
    class_name: 'Adam',
    config: {
      name: 'Adam',
      weight_decay: null,
      clipnorm: null,
      global_clipnorm: null,
      clipvalue: null,
      use_ema: false,
      ema_momentum: 0.99,
      ema_overwrite_frequency: null,
      jit_compile: true,
      is_legacy_optimizer: false,
      learning_rate: 0.0010000000474974513,
      beta_1: 0.9,
      beta_2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
    },
  },
};

export const FUNCTIONAL_SPEC: ModelSpec = {
  kind: 'Functional',
  name: 'model',
  input_shape: [4],
  input_name: 'input_1',
  keras_version: '2.15.0',
  layers: [dense('hidden', 4, 5), dense('out', 5, 2)],
};

/** compile_config as tf.keras 2.15 writes it into a .keras file for compile(optimizer="adam", loss="mse"). */
export const TF215_COMPILE_CONFIG = {
  optimizer: {
    module: 'keras.optimizers',
    class_name: 'Adam',
    config: TF215_TRAINING_CONFIG.optimizer_config.config,
    registered_name: null,
  },
  loss: 'mse',
  metrics: null,
  loss_weights: null,
  weighted_metrics: null,
  run_eagerly: null,
  steps_per_execution: null,
  jit_compile: null,
};

/** Every weight of a spec with the values the writer gives it, by layer name, in Keras order. */
export function specWeights(spec: ModelSpec): Record<string, number[][]> {
  const out: Record<string, number[][]> = {};
  spec.layers.forEach((layer, i) => {
    if (layer.weights.length === 0) return;
    out[layer.name] = layer.weights.map((w, v) =>
      weightValues(
        i,
        v,
        w.shape.reduce((a, b) => a * b, 1),
      ),
    );
  });
  return out;
}

export { inputShapeOf };
