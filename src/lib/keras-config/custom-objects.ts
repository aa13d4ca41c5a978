/**
 * Finds the objects a loader must be given (custom_objects / registration) because the Keras
 * version that saved them does not ship them: layer classes, and losses, metrics, optimizers,
 * activations, initializers, regularizers, constraints and dtype policies inside layer configs
 * and the training (compile) config. Lambda layers that carry marshalled Python bytecode are
 * reported too, with role `unsafe_lambda`: loading them runs that code (Keras 3 refuses unless
 * safe_mode=False). Works on LayerFacts alone, so keras_metadata layers of a SavedModel can be
 * checked the same way.
 */
import type { CustomObjectFact, LayerFact } from '../facts.ts';
import { isBuiltin, SERIALIZATION_MARKERS, type KerasMajor, type KerasRole } from './builtins.ts';
import { isObject, str, type JsonObject } from './json-shape.ts';

const MAX_DEPTH = 64;

/** Keys inside a layer config that hold other layers, which have their own LayerFacts. */
const CHILD_LAYER_KEYS = new Set(['layers', 'layer', 'backward_layer', 'forward_layer']);

/** Role of the object stored under `key`, or null when the key says nothing. */
function roleOfKey(key: string): KerasRole | null {
  if (key === 'activation' || key.endsWith('_activation')) return 'activation';
  if (key.endsWith('initializer')) return 'initializer';
  if (key.endsWith('regularizer')) return 'regularizer';
  if (key.endsWith('constraint')) return 'constraint';
  if (key === 'dtype' || key === 'dtype_policy') return 'dtype_policy';
  if (key === 'loss' || key === 'losses') return 'loss';
  if (key === 'metrics' || key === 'weighted_metrics' || key === 'metric') return 'metric';
  if (key === 'optimizer' || key === 'optimizer_config' || key === 'inner_optimizer') return 'optimizer';
  if (key === 'learning_rate' || key === 'lr') return 'learning_rate_schedule';
  return null;
}

/** Roles whose plain-string values are Keras identifiers (`"relu"`, `"mse"`). */
const STRING_ROLES = new Set<KerasRole>(['activation', 'initializer', 'regularizer', 'constraint', 'loss', 'metric', 'optimizer']);

interface Found {
  out: CustomObjectFact[];
  major: KerasMajor;
}

/**
 * Every object in `layers` (and in `trainingConfig`, the HDF5 training_config or the .keras
 * compile_config) that is not built into Keras `kerasMajor` (null: either version). The `where`
 * of each fact is `<layer path>` for a layer class, `<layer path>.config.<key>` inside a layer
 * (the root model's path is shown as `(model)`), and `<trainingLabel>.<key>` in the training config.
 */
export function findCustomObjects(
  layers: readonly LayerFact[],
  trainingConfig: unknown,
  kerasMajor: KerasMajor,
  trainingLabel = 'training_config',
): CustomObjectFact[] {
  const found: Found = { out: [], major: kerasMajor };
  for (const layer of layers) {
    const at = layer.path === '' ? '(model)' : layer.path;
    checkClass(found, layer.class_name, layer.registered_name, layer.module, 'layer', at);
    if (layer.class_name === 'Lambda' || isObject(layer.config)) checkLambda(found, layer, at);
    if (isObject(layer.config)) walkConfig(found, layer.config, `${at}.config`, null, 0);
  }
  if (isObject(trainingConfig)) walkConfig(found, trainingConfig, trainingLabel, null, 0);
  return found.out;
}

function checkClass(
  found: Found,
  className: string,
  registeredName: string | null,
  module: string | null,
  role: KerasRole,
  where: string,
): void {
  if (SERIALIZATION_MARKERS.has(className)) return;
  // Keras 2 writes a registered custom class as class_name 'Package>Name'.
  if (className.includes('>')) {
    found.out.push({ class_name: className.slice(className.lastIndexOf('>') + 1), registered_name: className, module, role, where });
    return;
  }
  const registeredCustom = registeredName?.includes('>');
  const foreignModule = module !== null && module !== 'builtins' && !/^(keras|tf_keras|tensorflow)(\.|$)/.test(module);
  if (registeredCustom || foreignModule || !isBuiltin(className, role, found.major)) {
    found.out.push({ class_name: className, registered_name: registeredName, module, role, where });
  }
}

/** A function referenced by name (string identifier or Keras 3 `{class_name: 'function'}`). */
function checkFunctionName(
  found: Found,
  name: string,
  role: KerasRole,
  module: string | null,
  registeredName: string | null,
  where: string,
): void {
  if (name === '' || isBuiltin(name, role, found.major, true)) return;
  found.out.push({ class_name: name, registered_name: registeredName, module, role, where });
}

function walkConfig(found: Found, value: unknown, where: string, role: KerasRole | null, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walkConfig(found, item, `${where}[${i}]`, role, depth + 1);
    return;
  }
  if (typeof value === 'string') {
    if (role !== null && STRING_ROLES.has(role)) checkFunctionName(found, value, role, null, null, where);
    return;
  }
  if (!isObject(value)) return;
  const className = str(value.class_name);
  if (className !== null && depth > 0) {
    checkObject(found, value, className, role, where);
    if (isObject(value.config)) walkConfig(found, value.config, `${where}.config`, null, depth + 1);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (depth === 0 && CHILD_LAYER_KEYS.has(key) && where.endsWith('.config')) continue;
    // A per-output mapping ({output_name: 'mse'}) keeps the role of its parent key.
    walkConfig(found, child, `${where}.${key}`, roleOfKey(key) ?? role, depth + 1);
  }
}

function checkObject(found: Found, value: JsonObject, className: string, role: KerasRole | null, where: string): void {
  const module = str(value.module);
  const registeredName = str(value.registered_name);
  if (className === 'function') {
    // Keras 3 serializes a function as {class_name: 'function', config: '<name>'}.
    const name = str(value.config) ?? '';
    const fnRole = role ?? 'activation';
    const foreign = module !== null && module !== 'builtins' && !/^(keras|tf_keras|tensorflow)(\.|$)/.test(module);
    if (foreign) found.out.push({ class_name: name, registered_name: registeredName, module, role: fnRole, where });
    else checkFunctionName(found, name, fnRole, module, registeredName, where);
    return;
  }
  if (className === '__lambda__') {
    found.out.push({ class_name: 'lambda', registered_name: null, module, role: 'unsafe_lambda', where });
    return;
  }
  if (role !== null) {
    checkClass(found, className, registeredName, module, role, where);
    return;
  }
  // Unknown key: built into any role of this version is good enough.
  const roles: KerasRole[] = [
    'layer',
    'loss',
    'metric',
    'optimizer',
    'learning_rate_schedule',
    'activation',
    'initializer',
    'regularizer',
    'constraint',
    'dtype_policy',
  ];
  if (SERIALIZATION_MARKERS.has(className)) return;
  if (roles.some((r) => isBuiltin(className, r, found.major)) && !className.includes('>') && !(registeredName ?? '').includes('>')) return;
  // Not built in under any role: reported with role null (the key did not say what it is).
  const before = found.out.length;
  checkClass(found, className, registeredName, module, 'layer', where);
  for (const fact of found.out.slice(before)) fact.role = null;
}

/**
 * Keras 2 Lambda layers store `function` as [base64 marshal, defaults, closure] (Python 3) or
 * raw marshal bytes (Python 2) with function_type 'lambda'; the same holds for output_shape.
 * A function_type of 'function' names a Python function the loader must provide.
 */
function checkLambda(found: Found, layer: LayerFact, at: string): void {
  if (!isObject(layer.config)) return;
  const cfg = layer.config;
  for (const key of ['function', 'output_shape', 'mask']) {
    const kind = str(cfg[`${key}_type`]);
    const value = cfg[key];
    if (kind === 'lambda' && value != null) {
      found.out.push({
        class_name: layer.class_name,
        registered_name: null,
        module: str(cfg[`module`]),
        role: 'unsafe_lambda',
        where: `${at}.config.${key}`,
      });
    } else if (kind === 'function' && typeof value === 'string' && key === 'function') {
      found.out.push({ class_name: value, registered_name: null, module: str(cfg.module), role: 'function', where: `${at}.config.${key}` });
    }
  }
}
