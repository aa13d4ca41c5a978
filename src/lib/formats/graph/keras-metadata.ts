/**
 * Keras layer metadata of a tf.keras SavedModel: keras_metadata.pb (SavedMetadata, TF 2.5+) or
 * the same JSON embedded in SavedUserObject.metadata (TF 2.0-2.5). Each node's JSON becomes a
 * LayerFact; the root node carries keras_version and backend.
 */
import { DecodeError } from '../../errors.ts';
import type { CustomObjectFact, LayerFact } from '../../facts.ts';
import { dtypePolicyName, findCustomObjects, kerasMajor, modelDtypePolicy, parsePythonJson } from '../../keras-config/index.ts';
import { tensorflow } from '../../proto/index.ts';
import { decodeProto } from './decode-proto.ts';

export interface KerasNodeMetadata {
  node_id: number;
  node_path: string;
  identifier: string;
  metadata: string;
}

export interface KerasFacts {
  layers: LayerFact[];
  keras_version: string | null;
  backend: string | null;
  /** The model-wide dtype policy (the root model's, else the one all layers share). */
  dtype_policy: string | null;
  /** Classes and functions the loading Keras does not ship (custom layers, models, losses, ...). */
  custom_objects: CustomObjectFact[];
  /** Node JSON that did not parse. */
  problems: DecodeError[];
}

/** Identifiers of Keras layers and models; metrics (`_tf_keras_metric`) are not layers here. */
const LAYER_IDENTIFIERS = new Set([
  '_tf_keras_layer',
  '_tf_keras_input_layer',
  '_tf_keras_rnn_layer',
  '_tf_keras_network',
  '_tf_keras_model',
  '_tf_keras_sequential',
]);

export function decodeKerasMetadataFile(file: string, bytes: Uint8Array): KerasNodeMetadata[] {
  const message = decodeProto(file, bytes, 'SavedMetadata (keras_metadata.pb)', (r) => tensorflow.KerasSavedMetadata.decode(r));
  return message.nodes.map((n) => ({
    node_id: n.node_id ?? 0,
    node_path: n.node_path ?? '',
    identifier: n.identifier ?? '',
    metadata: n.metadata ?? '',
  }));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function kerasFacts(file: string, nodes: readonly KerasNodeMetadata[]): KerasFacts {
  const out: KerasFacts = { layers: [], keras_version: null, backend: null, dtype_policy: null, custom_objects: [], problems: [] };
  const parsed = new Map<string, { node: KerasNodeMetadata; json: { [k: string]: Json } }>();
  for (const node of nodes) {
    if (!node.identifier.startsWith('_tf_keras_') || node.metadata === '') continue;
    let json: Json;
    try {
      json = parsePythonJson(node.metadata) as Json;
    } catch (error) {
      out.problems.push(
        new DecodeError(file, `Keras metadata of node ${node.node_id} (${node.node_path}) is not JSON: ${(error as Error).message}`),
      );
      continue;
    }
    json = unwrapMarkers(json, 0);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) continue;
    parsed.set(node.node_path, { node, json });
  }
  const root = parsed.get('root');
  if (root) {
    out.keras_version = str(root.json['keras_version']);
    out.backend = str(root.json['backend']);
    // The model itself comes first with path '', as in the layer facts of HDF5 / .keras configs.
    out.layers.push(layerFact('', str(root.json['name']) ?? 'root', root.json));
  }
  const nameOf = (path: string) => str(parsed.get(path)?.json['name']) ?? path.slice(path.lastIndexOf('.') + 1);
  for (const [path, { node, json }] of parsed) {
    if (path === 'root' || !LAYER_IDENTIFIERS.has(node.identifier)) continue;
    // Ancestors that are themselves Keras layers (not the root model) prefix the layer name.
    const parts = path.split('.');
    const prefix: string[] = [];
    for (let i = 2; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join('.');
      const a = parsed.get(ancestor);
      if (a && LAYER_IDENTIFIERS.has(a.node.identifier)) prefix.push(nameOf(ancestor));
    }
    const name = nameOf(path);
    out.layers.push(layerFact([...prefix, name].join('/'), name, json));
  }
  out.dtype_policy = modelDtypePolicy(out.layers);
  out.custom_objects = findCustomObjects(out.layers, root?.json['training_config'] ?? null, kerasMajor(out.keras_version));
  return out;
}

function layerFact(path: string, name: string, json: { [k: string]: Json }): LayerFact {
  const config = json['config'] ?? null;
  const configObj = config !== null && typeof config === 'object' && !Array.isArray(config) ? config : null;
  return {
    path,
    name,
    class_name: str(json['class_name']) ?? '',
    module: str(json['module']),
    registered_name: str(json['registered_name']),
    dtype_policy: dtypePolicyName(json['dtype'] ?? configObj?.['dtype'] ?? null),
    build_input_shape: json['build_input_shape'] ?? null,
    config,
  };
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

/** SavedModel metadata JSON nests deeper than this only when it is hostile. */
const MAX_JSON_DEPTH = 64;

/**
 * tf.keras' SavedModel metadata encodes tuples and TensorShapes as `{"class_name": "__tuple__" |
 * "TensorShape", "items": [...]}`; HDF5/.keras configs use plain lists. Unwrapped to lists so
 * layer configs read the same whatever file they came from.
 */
function unwrapMarkers(v: Json, depth: number): Json {
  if (depth > MAX_JSON_DEPTH || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => unwrapMarkers(x, depth + 1));
  const marker = v['class_name'];
  if ((marker === '__tuple__' || marker === 'TensorShape') && Array.isArray(v['items']) && Object.keys(v).length === 2) {
    return v['items'].map((x) => unwrapMarkers(x, depth + 1));
  }
  // fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapMarkers(x, depth + 1)]));
}
