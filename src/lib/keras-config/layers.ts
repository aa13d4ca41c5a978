/**
 * Flattens a Keras model config (Keras 1, 2 and 3 shapes) into LayerFacts: the model itself,
 * every layer, the layers of nested models and the layers inside wrappers (Bidirectional,
 * TimeDistributed). Shapes handled:
 *   Keras 1 / early 2 Sequential  {class_name: 'Sequential', config: [layer, ...]}
 *   Sequential / Functional       {class_name, config: {name, layers: [...]}}
 *   Keras 3                       adds module / registered_name / build_config per object
 *   wrappers                      config.layer (and Bidirectional config.backward_layer)
 */
import type { LayerFact } from '../facts.ts';
import { isObject, str, type JsonObject } from './json-shape.ts';

/** Nesting deeper than this is treated as hostile input, not a model. */
const MAX_DEPTH = 64;
const MAX_LAYERS = 100_000;

/**
 * `config` is a whole model config (or a bare layer list). The model itself is the first fact,
 * with path `where` ('' by default: the root); its layers follow with paths `<layer name>`, and
 * layers of nested models or wrappers `<outer>/<inner>`. Anything that is not a layer object is
 * skipped.
 */
export function layersFromConfig(config: unknown, where = ''): LayerFact[] {
  const out: LayerFact[] = [];
  if (Array.isArray(config)) {
    walkLayerList(config, where, out, 0);
  } else if (isObject(config)) {
    visitLayer(config, where, true, out, 0);
  }
  return out;
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}/${name}`;
}

function visitLayer(entry: JsonObject, path: string, isRoot: boolean, out: LayerFact[], depth: number): void {
  if (depth > MAX_DEPTH || out.length >= MAX_LAYERS) return;
  const className = str(entry.class_name);
  if (className === null) return;
  const config = entry.config;
  const cfg: JsonObject = isObject(config) ? config : {};
  const name = str(cfg.name) ?? str(entry.name) ?? '';
  const myPath = isRoot ? path : join(path, name);
  out.push({
    path: myPath,
    name,
    class_name: className,
    module: str(entry.module),
    registered_name: str(entry.registered_name),
    dtype_policy: dtypePolicyName(cfg.dtype),
    build_input_shape: buildInputShape(entry, cfg),
    config: config ?? null,
  });
  // Children: a Keras 1 Sequential keeps its layers as the config list itself.
  if (Array.isArray(config)) walkLayerList(config, myPath, out, depth + 1);
  if (Array.isArray(cfg.layers)) walkLayerList(cfg.layers, myPath, out, depth + 1);
  for (const key of ['layer', 'backward_layer', 'forward_layer']) {
    const inner = cfg[key];
    if (isObject(inner)) visitLayer(inner, myPath, false, out, depth + 1);
  }
}

function walkLayerList(list: unknown[], prefix: string, out: LayerFact[], depth: number): void {
  for (const item of list) {
    if (isObject(item)) visitLayer(item, prefix, false, out, depth);
  }
}

function buildInputShape(entry: JsonObject, cfg: JsonObject): unknown {
  const buildConfig = entry.build_config;
  if (isObject(buildConfig) && buildConfig.input_shape !== undefined) return buildConfig.input_shape;
  for (const key of ['build_input_shape', 'batch_input_shape', 'batch_shape']) {
    if (cfg[key] !== undefined) return cfg[key];
  }
  return null;
}

/**
 * A dtype or dtype policy as saved: `"float32"`, Keras 2 `{class_name: 'Policy', config: {name}}`,
 * Keras 3 `{module: 'keras', class_name: 'DTypePolicy', config: {name}}`. Returns its name.
 */
export function dtypePolicyName(dtype: unknown): string | null {
  if (typeof dtype === 'string') return dtype;
  if (isObject(dtype) && isObject(dtype.config)) return str(dtype.config.name);
  return null;
}

/**
 * The model-wide policy: the root model's own policy when it records one, else the policy all
 * layers agree on (Keras 2 configs store it per layer only); null when they disagree or none is set.
 */
export function modelDtypePolicy(layers: readonly LayerFact[]): string | null {
  const root = layers[0];
  if (root && root.dtype_policy !== null) return root.dtype_policy;
  const seen = new Set(layers.filter((l) => l.class_name !== 'InputLayer' && l.dtype_policy !== null).map((l) => l.dtype_policy));
  return seen.size === 1 ? [...seen][0]! : null;
}
