/**
 * Keras 2 -> Keras 3 config translation, driven by the compatibility table built from the Keras
 * sources (src/lib/data/keras-compat.json, scripts/data/keras-compat/README.md): for each class,
 * the constructor arguments a Keras 2 release writes that the target Keras 3 rejects, on the path
 * the file takes (`h5`: legacy .h5, through Keras 3's legacy loader; `keras`: a .keras file,
 * through serialization_lib), the modules Keras 3 cannot import, and the classes it no longer has.
 *
 * What a rejected argument becomes:
 *  - translated where Keras 3 has the same meaning under another spelling: `batch_input_shape`
 *    (InputLayer `batch_shape`, other layers `input_shape`, as Keras 3's own legacy loader does),
 *    a one-element `axis` list, optimizer `lr` -> `learning_rate`, a dtype policy object -> its
 *    name, loss `reduction: "auto"` -> `"sum_over_batch_size"`, a loss or metric alias Keras 3
 *    cannot look up -> its full name;
 *  - dropped when its saved value is what Keras 3 does anyway (`groups: 1`, `time_major: false`,
 *    `jit_compile`, `implementation`, ...): the loaded model computes the same function;
 *  - dropped with a warning when its value changes behaviour Keras 3 no longer has (a
 *    time-major RNN): the plan says what changes.
 * Custom classes and Lambda functions cannot be carried over: they become manual steps with the
 * exact snippet the reader completes. Classes with no Keras 3 counterpart refuse the repair.
 */
import compat from '../data/keras-compat.json' with { type: 'json' };
import { CURRENT_KERAS, inRanges as inTableRanges } from '../keras-config/compat.ts';
import { isObject, type JsonObject } from '../keras-config/json-shape.ts';
import type { ManualStep, RepairItem } from './types.ts';

type Ranges = [string, string][];

interface ArgRule {
  written_by: Ranges;
  h5: Ranges;
  keras: Ranges;
  last_accepted: string | null;
  conditional: boolean;
  error: string | null;
}

interface Table {
  releases: string[];
  args: Record<string, Record<string, ArgRule>>;
  removed: { class: string; last_keras2: string; keras3_present: Ranges; keras3_legacy_lookup: Ranges; status: string }[];
  keras_file_modules: { module: string; classes: Record<string, Ranges>; fails: Ranges }[];
  present: Record<string, Ranges>;
}

const TABLE = compat as unknown as Table;
export const NEWEST_KERAS3 = CURRENT_KERAS;

export type KerasPath = 'h5' | 'keras';

/** `3.15.1` -> `3.15`; null when it is not a Keras 3 release the table knows. */
export function kerasRelease(version: string | null | undefined): { release: string; note: string | null } | { refused: string } {
  if (!version) return { release: NEWEST_KERAS3, note: null };
  const m = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return { refused: `--keras ${version}: expected a version like 3.15` };
  if (m[1] !== '3')
    return { refused: `--keras ${version}: repair rewrites Keras 2 files for Keras 3; tf.keras ${version} loads them as saved` };
  const label = `3.${m[2] ?? '0'}`;
  if (TABLE.releases.includes(label)) return { release: label, note: null };
  return {
    release: NEWEST_KERAS3,
    note: `Keras ${version} is newer than the compatibility table (up to ${NEWEST_KERAS3}); the file is rewritten for ${NEWEST_KERAS3}`,
  };
}

/** The table's own range test; a rule without ranges covers no release. */
function inRanges(release: string, ranges: Ranges | undefined): boolean {
  return ranges !== undefined && inTableRanges(release, ranges);
}

/**
 * Values that make a rejected argument a no-op in Keras 3: dropping it keeps what the model
 * computes. An argument not listed here is dropped with a warning that behaviour may change.
 */
const NEUTRAL: Record<string, (value: unknown) => boolean> = {
  groups: (v) => v === 1 || v === null,
  time_major: (v) => v === false || v === null,
  dynamic: (v) => v === false || v === null,
  num_constants: (v) => v === 0 || v === null,
  noise_shape: (v) => v === null,
  trainable: () => true, // only rejected on weightless layers (SpatialDropout, Discretization)
  causal: (v) => v === false || v === null,
  renorm: (v) => v === false || v === null,
  renorm_clipping: (v) => v === null,
  renorm_momentum: () => true,
  virtual_batch_size: (v) => v === null,
  adjustment: (v) => v === null,
  fused: () => true, // an implementation choice
  implementation: () => true, // an implementation choice (cuDNN kernels are chosen automatically)
  input_length: () => true, // a shape hint only
  sparse: (v) => v === false || v === null,
  ragged: (v) => v === false || v === null,
  query_shape: () => true, // build shapes; Keras 3 builds from the inputs
  key_shape: () => true,
  value_shape: () => true,
  kernel_initializer: () => true, // SeparableConv: inherited from Conv, never used (it has depthwise_/pointwise_ ones)
  kernel_regularizer: (v) => v === null,
  kernel_constraint: (v) => v === null,
  rng_type: (v) => v === null,
  jit_compile: () => true, // XLA compilation of the update step: speed, not results
  is_legacy_optimizer: (v) => v === false || v === null,
  fn: () => true, // the function a loss wrapper calls is given by its class in Keras 3
  type_spec: () => true,
  mask_module: (v) => v === null,
  mask_type: () => true,
  output_shape_module: (v) => v === null,
  function_type: () => true,
  output_shape_type: () => true,
  module: () => true,
};

/** Loss and metric names Keras 3 cannot look up in a legacy training config, and what it calls them. */
const ALIASES: Record<string, string> = {
  mse: 'mean_squared_error',
  MSE: 'mean_squared_error',
  mae: 'mean_absolute_error',
  MAE: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  MAPE: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  MSLE: 'mean_squared_logarithmic_error',
  kld: 'kl_divergence',
  KLD: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  logcosh: 'log_cosh',
};

/** Keras 3 modules by kind, for objects whose saved module it cannot import. */
const KIND_MODULE: Record<string, string> = {
  layer: 'keras.layers',
  initializer: 'keras.initializers',
  regularizer: 'keras.regularizers',
  constraint: 'keras.constraints',
  optimizer: 'keras.optimizers',
  loss: 'keras.losses',
  metric: 'keras.metrics',
};

const MODEL_MODULE: Record<string, { module: string; registered_name: string | null }> = {
  Functional: { module: 'keras.src.models.functional', registered_name: 'Functional' },
  Sequential: { module: 'keras', registered_name: null },
  Model: { module: 'keras', registered_name: null },
};

export interface CustomLayer {
  /** Where in the config. */
  where: string;
  class_name: string;
  registered_name: string | null;
  layer_name: string | null;
  config: JsonObject;
}

export interface LambdaLayer {
  where: string;
  layer_name: string;
  /** The name the rewritten config gives the function (the reader supplies it). */
  function_name: string;
  arguments: unknown;
}

export interface Translation {
  changes: RepairItem[];
  /** Changes that alter what the model computes or how it is fed. */
  behaviour: string[];
  customs: CustomLayer[];
  lambdas: LambdaLayer[];
  refused: string[];
  manual: ManualStep[];
}

export function emptyTranslation(): Translation {
  return { changes: [], behaviour: [], customs: [], lambdas: [], refused: [], manual: [] };
}

interface Walk {
  path: KerasPath;
  release: string;
  out: Translation;
}

/** Rewrites a model config in place (pass a copy). */
export function translateModelConfig(
  config: unknown,
  path: KerasPath,
  release: string,
  out: Translation = emptyTranslation(),
): Translation {
  const walk: Walk = { path, release, out };
  if (!isObject(config)) {
    out.refused.push('the model config is not a JSON object');
    return out;
  }
  visitModel(config, 'model_config', walk, true);
  return out;
}

function visitModel(obj: JsonObject, where: string, walk: Walk, top: boolean): void {
  const className = typeof obj.class_name === 'string' ? obj.class_name : null;
  fixModule(obj, 'model', where, walk);
  if (className === 'Sequential' && Array.isArray(obj.config)) {
    // Keras <= 2.2 saved a Sequential model's config as the bare list of its layers.
    obj.config = { name: 'sequential', layers: obj.config };
    walk.out.changes.push({
      from: `${where}.config = [layers]`,
      to: '{"name": "sequential", "layers": [...]}',
      note: 'Keras <= 2.2 wrote a Sequential config as a bare list; Keras 3 reads a dict',
    });
  }
  const config = isObject(obj.config) ? obj.config : null;
  if (!config) {
    if (top) walk.out.refused.push(`${where} has no config`);
    return;
  }
  fixDtype(config, `${where}.config`, walk);
  const layers = Array.isArray(config.layers) ? config.layers : [];
  if (className === 'Sequential') sequentialInput(config, where, walk);
  layers.forEach((layer, i) => {
    if (isObject(layer)) visitLayer(layer, `${where}.config.layers[${i}]`, walk);
  });
}

function isModelClass(name: string): boolean {
  return name === 'Sequential' || name === 'Functional' || name === 'Model';
}

/** Custom classes: saved under a registered name `Package>Name`, or a class Keras 3 does not have. */
function isCustom(obj: JsonObject, kind: string, walk: Walk): boolean {
  const name = typeof obj.class_name === 'string' ? obj.class_name : '';
  if (name.includes('>')) return true;
  if (typeof obj.registered_name === 'string' && obj.registered_name.includes('>')) return true;
  if (obj.module === null && walk.path === 'keras') return true;
  const known = TABLE.present[`${kind}/${name}`];
  return !known && !TABLE.removed.some((r) => r.class === `${kind}/${name}`) && !isModelClass(name);
}

function visitLayer(obj: JsonObject, where: string, walk: Walk): void {
  const name = typeof obj.class_name === 'string' ? obj.class_name : '';
  const config = isObject(obj.config) ? obj.config : null;
  if (!config) return;
  const layerName = typeof config.name === 'string' ? config.name : null;
  if (isModelClass(name) && Array.isArray(config.layers)) {
    visitModel(obj, where, walk, false);
    return;
  }
  const removed = TABLE.removed.find(
    (r) => r.class === `layer/${name}` && !inRanges(walk.release, r.keras3_present) && !inRanges(walk.release, r.keras3_legacy_lookup),
  );
  if (removed) {
    walk.out.refused.push(
      `layer "${layerName ?? name}" (${where}) is a ${name}, which Keras ${walk.release} does not have (${removed.status})${name === 'TFOpLambda' || name === 'SlicingOpLambda' ? ': it is a raw tf.* call inside a functional model; rebuild that part in code (keras.ops) and load the weights into it by layer name' : ''}`,
    );
    return;
  }
  if (isCustom(obj, 'layer', walk)) {
    walk.out.customs.push({
      where,
      class_name: name,
      registered_name: typeof obj.registered_name === 'string' ? obj.registered_name : name.includes('>') ? name : null,
      layer_name: layerName,
      config,
    });
    return;
  }
  fixModule(obj, 'layer', where, walk);
  fixDtype(config, `${where}.config`, walk);
  if (name === 'Lambda') lambdaLayer(config, where, layerName ?? 'lambda', walk);
  nestedObjects(config, where, walk);
  if (RNN_CLASSES.has(name) && Array.isArray(obj.inbound_nodes)) {
    const extra = obj.inbound_nodes.some((node) => Array.isArray(node) && node.length > 1);
    if (extra) {
      walk.out.refused.push(
        `layer "${layerName ?? where}" (${name}) is called with its initial state as extra inputs, as Keras 2 allowed; Keras 3 takes it only as initial_state=..., which a rewrite of the saved config cannot express: rebuild this model in code and load the weights into it`,
      );
    }
  }
  rejectedArgs(config, 'layer', name, where, walk, name === 'InputLayer');
  for (const key of ['layer', 'cell', 'forward_layer', 'backward_layer']) {
    const nested = config[key];
    if (isObject(nested)) nestedLayer(nested, `${where}.config.${key}`, walk);
  }
  if (Array.isArray(config.cells)) {
    config.cells.forEach((c, i) => {
      if (isObject(c)) nestedLayer(c, `${where}.config.cells[${i}]`, walk);
    });
  }
}

const RNN_CLASSES = new Set(['LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional', 'ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D']);

/** Initializers (and regularizers, constraints) saved inside a layer config. */
function nestedObjects(config: JsonObject, where: string, walk: Walk): void {
  for (const [key, value] of Object.entries(config)) {
    if (!/_(initializer|regularizer|constraint)$/.test(key) || !isObject(value) || !isObject(value.config)) continue;
    const inner = value.config;
    if ('dtype' in inner) {
      // tf.keras 1.x initializers carried a dtype; Keras 3 initializers take it when called.
      delete inner.dtype;
      walk.out.changes.push({
        from: `${where}.config.${key}.config.dtype`,
        to: null,
        note: 'Keras 3 initializers take the dtype when called, not in their config',
      });
    }
  }
}

/** Sub-layers of wrappers and RNNs go through serialization_lib even in a legacy file: they need a module. */
function nestedLayer(obj: JsonObject, where: string, walk: Walk): void {
  const name = typeof obj.class_name === 'string' ? obj.class_name : '';
  const rule = TABLE.args['layer/Bidirectional']?.["<nested layer config without 'module'>"];
  if (!('module' in obj) && !isCustom(obj, 'layer', walk) && (walk.path === 'keras' || inRanges(walk.release, rule?.h5))) {
    obj.module = 'keras.layers';
    obj.registered_name = null;
    walk.out.changes.push({
      from: `${where}`,
      to: `${where}.module = "keras.layers"`,
      note: `nested ${name} config gets the module Keras 3 deserializes it from`,
    });
  }
  // Nested configs are not rewritten by Keras 3's legacy loader: translate as for a .keras file.
  visitLayer(obj, where, { ...walk, path: 'keras' });
}

function fixModule(obj: JsonObject, kind: string, where: string, walk: Walk): void {
  if (walk.path !== 'keras' || typeof obj.module !== 'string') return;
  const name = typeof obj.class_name === 'string' ? obj.class_name : '';
  const module = obj.module;
  const failing =
    TABLE.keras_file_modules.some((m) => m.module === module && Object.hasOwn(m.classes, name) && inRanges(walk.release, m.fails)) ||
    /^(tf_keras|keras\.src\.engine|keras\.engine)(\.|$)/.test(module);
  if (!failing) return;
  const model = MODEL_MODULE[name];
  const next = model ? model.module : KIND_MODULE[kind];
  if (!next) return;
  obj.module = next;
  if (model) obj.registered_name = model.registered_name;
  walk.out.changes.push({ from: `${where}.module = "${module}"`, to: `"${next}"`, note: `Keras ${walk.release} cannot import ${module}` });
}

function fixDtype(config: JsonObject, where: string, walk: Walk): void {
  const dtype = config.dtype;
  if (!isObject(dtype)) return;
  const cls = typeof dtype.class_name === 'string' ? dtype.class_name : '';
  const inner = isObject(dtype.config) ? dtype.config : null;
  const name = inner && typeof inner.name === 'string' ? inner.name : null;
  if (name === null) return;
  // Keras 2's Policy object: Keras 3 has no class of that name and reads it as a bare string.
  if (cls === 'Policy' || cls === 'PolicyV1' || (walk.path === 'h5' && !('module' in dtype))) {
    config.dtype = name;
    walk.out.changes.push({
      from: `${where}.dtype = ${cls}(${JSON.stringify(name)})`,
      to: JSON.stringify(name),
      note: 'Keras 3 names dtype policies by their name',
    });
  }
}

/**
 * Keras 3 Sequential configs start with an InputLayer; a Keras 2 one may carry the shape on its
 * first layer as batch_input_shape. Keras 3's legacy loader turns that into `input_shape` with the
 * batch dimension still in it, and builds a model one dimension too deep ("Kernel shape must
 * have the same length as input"): an InputLayer with batch_shape says it exactly.
 */
function sequentialInput(config: JsonObject, where: string, walk: Walk): void {
  const layers = Array.isArray(config.layers) ? config.layers : [];
  const first = layers[0];
  if (!isObject(first) || first.class_name === 'InputLayer') return;
  const fc = isObject(first.config) ? first.config : null;
  const shape = fc?.batch_input_shape;
  if (!Array.isArray(shape)) return;
  const input: JsonObject = {
    class_name: 'InputLayer',
    config: {
      batch_shape: shape,
      dtype: typeof fc?.dtype === 'string' ? fc.dtype : 'float32',
      sparse: false,
      name: `${String(fc?.name ?? 'input')}_input`,
    },
  };
  if (walk.path === 'keras') {
    input.module = 'keras.layers';
    input.registered_name = null;
  }
  layers.unshift(input);
  delete fc!.batch_input_shape;
  walk.out.changes.push({
    from: `${where}.config.layers[0].batch_input_shape`,
    to: `an InputLayer with batch_shape ${JSON.stringify(shape)}`,
    note: 'Keras 3 Sequential models take their input shape from an InputLayer',
  });
}

/**
 * Arguments Keras 3 still accepts but only to warn that it ignores them: dropped so the load is
 * quiet when their value changes nothing, with a warning when it did.
 */
const IGNORED_WITH_WARNING: Record<string, Record<string, { neutral: (v: unknown) => boolean; lost: (v: unknown) => string }>> = {
  optimizer: {
    decay: {
      neutral: (v) => v === 0 || v === null,
      lost: (v) =>
        `the optimizer's learning-rate decay (decay=${JSON.stringify(v)}) does not exist in Keras 3 (it ignores it): to keep it, compile with learning_rate=keras.optimizers.schedules.InverseTimeDecay(<learning rate>, decay_steps=1, decay_rate=${JSON.stringify(v)})`,
    },
  },
  'layer/Embedding': { input_length: { neutral: () => true, lost: () => '' } },
};

function rejectedArgs(config: JsonObject, kind: string, className: string, where: string, walk: Walk, isInput: boolean): void {
  const rules = TABLE.args[`${kind}/${className}`] ?? {};
  const ignored = IGNORED_WITH_WARNING[kind] ?? IGNORED_WITH_WARNING[`${kind}/${className}`] ?? {};
  for (const key of Object.keys(config)) {
    const quiet = ignored[key];
    if (quiet) {
      const value = config[key];
      delete config[key];
      const neutral = quiet.neutral(value);
      walk.out.changes.push({
        from: `${where}.config.${key} = ${JSON.stringify(value)}`,
        to: null,
        note: neutral
          ? `Keras ${walk.release} ignores it with a warning; with this value it changes nothing`
          : `Keras ${walk.release} ignores it`,
      });
      if (!neutral) walk.out.behaviour.push(quiet.lost(value));
      continue;
    }
    const rule = rules[key];
    const rejected = rule ? inRanges(walk.release, walk.path === 'h5' ? rule.h5 : rule.keras) : false;
    if (key === 'batch_input_shape' && walk.path === 'keras') {
      const value = config.batch_input_shape;
      delete config.batch_input_shape;
      if (isInput) config.batch_shape = value;
      else config.input_shape = value;
      walk.out.changes.push({
        from: `${where}.config.batch_input_shape`,
        to: isInput ? 'batch_shape' : 'input_shape',
        note: 'as Keras 3 reads it in a legacy file',
      });
      continue;
    }
    if (key === 'axis' && walk.path === 'keras' && Array.isArray(config.axis) && config.axis.length === 1) {
      config.axis = Number(config.axis[0]);
      walk.out.changes.push({
        from: `${where}.config.axis = [${config.axis}]`,
        to: String(config.axis),
        note: 'as Keras 3 reads it in a legacy file',
      });
      continue;
    }
    if (!rejected) continue;
    const value = config[key];
    delete config[key];
    const neutral = NEUTRAL[key]?.(value) ?? false;
    const shown = JSON.stringify(value) ?? 'null';
    walk.out.changes.push({
      from: `${where}.config.${key} = ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
      to: null,
      note: neutral ? `Keras ${walk.release} rejects it; with this value it changes nothing` : `Keras ${walk.release} rejects it`,
    });
    if (!neutral) {
      walk.out.behaviour.push(
        key === 'time_major'
          ? `${className} "${String(config.name ?? where)}" was time-major (time_major=${shown}): Keras 3 RNNs are batch-major, so feed it (batch, time, features) instead of (time, batch, features)`
          : `${className} "${String(config.name ?? where)}": ${key}=${shown} is dropped (Keras ${walk.release} has no such argument); check that the loaded layer behaves as intended`,
      );
    }
  }
}

function lambdaLayer(config: JsonObject, where: string, layerName: string, walk: Walk): void {
  const fn = config.function;
  const bytecode = Array.isArray(fn) || (isObject(fn) && fn.class_name === '__lambda__') || config.function_type === 'lambda';
  if (!bytecode) return;
  const functionName = `${layerName.replace(/\W/g, '_')}_fn`;
  // A function by registered name, as Keras 3 serializes a named function: resolved from the
  // loading code's custom_objects (a bare string would be resolved early by Keras 3's legacy
  // loader, and its Lambda.from_config then refuses the function object).
  config.function = { module: null, class_name: 'function', config: functionName, registered_name: functionName };
  for (const key of ['function_type', 'module', 'output_shape_type', 'output_shape_module']) delete config[key];
  if (Array.isArray(config.output_shape) && config.output_shape.length === 3 && typeof config.output_shape[0] === 'string') {
    // A function for the output shape: marshalled bytecode as well; Keras 3 infers the shape.
    config.output_shape = null;
  }
  walk.out.lambdas.push({ where, layer_name: layerName, function_name: functionName, arguments: config.arguments ?? null });
  walk.out.changes.push({
    from: `${where}.config.function (Python bytecode)`,
    to: `"${functionName}"`,
    note: 'the function is supplied by the loading code (custom_objects); bytecode is never carried over',
  });
}

/** Rewrites a legacy training_config (or a .keras compile_config) in place. */
export function translateTrainingConfig(config: unknown, path: KerasPath, release: string, where: string, out: Translation): void {
  if (!isObject(config)) return;
  const walk: Walk = { path, release, out };
  const optimizer = isObject(config.optimizer_config) ? config.optimizer_config : isObject(config.optimizer) ? config.optimizer : null;
  if (optimizer && typeof optimizer.class_name === 'string') {
    const cls = optimizer.class_name;
    const oc = isObject(optimizer.config) ? optimizer.config : null;
    fixModule(optimizer, 'optimizer', `${where}.optimizer`, walk);
    if (oc) {
      if ('lr' in oc) {
        if (!('learning_rate' in oc)) oc.learning_rate = oc.lr;
        delete oc.lr;
        out.changes.push({ from: `${where}.optimizer.config.lr`, to: 'learning_rate', note: 'the same argument under its Keras 3 name' });
      }
      rejectedArgs(oc, 'optimizer', cls, `${where}.optimizer`, walk, false);
    }
  }
  if (path === 'keras') {
    // tf.keras writes every compile() argument, None for the ones not given; Keras 3's compile()
    // has real defaults for these (False, 1, "auto") and takes None literally.
    for (const key of ['run_eagerly', 'steps_per_execution', 'jit_compile']) {
      if (key in config && config[key] === null) {
        delete config[key];
        out.changes.push({
          from: `${where}.${key} = null`,
          to: null,
          note: 'None meant "the default" in tf.keras; Keras 3 applies its default',
        });
      }
    }
  }
  for (const key of ['loss', 'metrics', 'weighted_metrics']) {
    if (key in config) config[key] = lossOrMetric(config[key], `${where}.${key}`, key === 'loss' ? 'loss' : 'metric', walk);
  }
}

function lossOrMetric(value: unknown, where: string, kind: string, walk: Walk): unknown {
  if (typeof value === 'string') {
    const full = ALIASES[value];
    if (!full) return value;
    walk.out.changes.push({
      from: `${where} = "${value}"`,
      to: `"${full}"`,
      note: `Keras ${walk.release} cannot look up the alias "${value}" in a saved config`,
    });
    return full;
  }
  if (Array.isArray(value)) return value.map((v, i) => lossOrMetric(v, `${where}[${i}]`, kind, walk));
  if (!isObject(value)) return value;
  if (typeof value.class_name === 'string' && isObject(value.config)) {
    const c = value.config;
    if (c.reduction === 'auto') {
      c.reduction = 'sum_over_batch_size';
      walk.out.changes.push({
        from: `${where}.config.reduction = "auto"`,
        to: '"sum_over_batch_size"',
        note: 'what "auto" meant in Keras 2 outside a distribution strategy',
      });
    }
    rejectedArgs(c, kind, value.class_name, where, walk, false);
    fixModule(value, kind, where, walk);
    return value;
  }
  // A dict of outputs -> loss.
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = lossOrMetric(v, `${where}.${k}`, kind, walk);
  return out;
}
