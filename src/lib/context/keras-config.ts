/**
 * A Keras model config (model.to_json(), config.json of a .keras file, or the model_config of
 * an HDF5 file) as the expected model: its layers, and for the common built-in layers whose
 * weight shapes follow from the config and the build input shape (Dense, Conv1D/2D/3D,
 * Embedding, BatchNormalization, LayerNormalization), their weights as `<layer>/<weight>`.
 * Layers whose shapes cannot be derived still appear as layers; their weights are simply not
 * predicted (the diff then reports nothing about them rather than something wrong).
 */
import type { LayerFact } from '../facts.ts';
import { layersFromConfig } from '../keras-config/layers.ts';
import { isObject } from '../keras-config/json-shape.ts';
import { parsePythonJson } from '../keras-config/python-json.ts';
import type { ExpectedModel, ExpectedVariable } from './types.ts';

export class KerasConfigError extends Error {}

export function parseKerasConfig(json: string | unknown): ExpectedModel {
  let config: unknown = json;
  if (typeof json === 'string') {
    try {
      config = parsePythonJson(json);
    } catch (error) {
      throw new KerasConfigError(`not a Keras model config (JSON): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // .keras config.json and to_json() hold the model object; HDF5 model_config too.
  if (isObject(config) && isObject(config.model_config)) config = config.model_config;
  const facts = layersFromConfig(config);
  if (facts.length === 0) throw new KerasConfigError('no layers found: expected {"class_name": ..., "config": {"layers": [...]}}');
  const layers = facts.filter((l) => l.path !== '');
  return {
    source: 'config',
    layers: layers.map((l) => ({ name: l.name, class_name: l.class_name, params: null, output_shape: null })),
    variables: layers.flatMap(weightsOf),
  };
}

function lastDim(shape: unknown): number | null {
  if (!Array.isArray(shape)) return null;
  // Nested models record a list of shapes for multi-input layers; only single inputs are read.
  const last = shape[shape.length - 1];
  return typeof last === 'number' ? last : null;
}

function num(cfg: Record<string, unknown>, key: string): number | null {
  const v = cfg[key];
  return typeof v === 'number' ? v : null;
}

function kernelSize(cfg: Record<string, unknown>, rank: number): number[] | null {
  const k = cfg.kernel_size;
  if (typeof k === 'number') return Array(rank).fill(k) as number[];
  if (Array.isArray(k) && k.length === rank && k.every((d) => typeof d === 'number')) return k as number[];
  return null;
}

function dtypeOf(layer: LayerFact): string | null {
  const p = layer.dtype_policy;
  if (p === null) return null;
  // mixed_float16 keeps float32 variables.
  if (p.startsWith('mixed_')) return 'float32';
  return p;
}

function weightsOf(layer: LayerFact): ExpectedVariable[] {
  const cfg = isObject(layer.config) ? layer.config : {};
  const inDim = lastDim(layer.build_input_shape);
  const dtype = dtypeOf(layer);
  const w = (name: string, shape: number[]): ExpectedVariable => ({ name: `${layer.name}/${name}`, shape, dtype });
  const useBias = cfg.use_bias !== false;
  switch (layer.class_name) {
    case 'Dense': {
      const units = num(cfg, 'units');
      if (units === null || inDim === null) return [];
      return [w('kernel', [inDim, units]), ...(useBias ? [w('bias', [units])] : [])];
    }
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D': {
      const rank = Number(layer.class_name[4]);
      const filters = num(cfg, 'filters');
      const k = kernelSize(cfg, rank);
      if (filters === null || k === null || inDim === null || cfg.data_format === 'channels_first') return [];
      return [w('kernel', [...k, inDim, filters]), ...(useBias ? [w('bias', [filters])] : [])];
    }
    case 'Embedding': {
      const a = num(cfg, 'input_dim');
      const b = num(cfg, 'output_dim');
      return a === null || b === null ? [] : [w('embeddings', [a, b])];
    }
    case 'BatchNormalization': {
      if (inDim === null) return [];
      const out: ExpectedVariable[] = [];
      if (cfg.scale !== false) out.push(w('gamma', [inDim]));
      if (cfg.center !== false) out.push(w('beta', [inDim]));
      out.push(w('moving_mean', [inDim]), w('moving_variance', [inDim]));
      return out;
    }
    case 'LayerNormalization': {
      if (inDim === null) return [];
      const out: ExpectedVariable[] = [];
      if (cfg.scale !== false) out.push(w('gamma', [inDim]));
      if (cfg.center !== false) out.push(w('beta', [inDim]));
      return out;
    }
    default:
      return [];
  }
}
