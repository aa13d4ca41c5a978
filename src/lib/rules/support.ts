/** Small readings of ModelFacts and Context that several rules share. */
import type { Context } from '../context/types.ts';
import { parseRelease, type Release } from '../context/version.ts';
import { OBJECT_GRAPH_KEY, type ArtifactFact, type ModelFacts, type VariableFact } from '../facts.ts';
import { checkpointKeyAliases } from '../diff/aliases.ts';
import { valueKind } from '../diff/normalize.ts';
import { evidence, type Evidence } from './finding.ts';
import { formatBytes, shapeText } from '../units.ts';

export { formatBytes, shapeText };

export { OBJECT_GRAPH_KEY };

export function artifactsOf(facts: ModelFacts, ...formats: ArtifactFact['format'][]): ArtifactFact[] {
  return facts.artifacts.filter((a) => formats.includes(a.format));
}

/**
 * The saved values split by what they are, computed once per facts: a dozen rules ask, and a
 * checkpoint can hold 100,000+ values. Callers get shared arrays and must not change them.
 */
interface ValueSplit {
  /** facts.variables as it was split (a new or longer list is split again). */
  of: readonly VariableFact[];
  count: number;
  /** Real tensors: not the object-graph bookkeeping entry. */
  tensors: VariableFact[];
  model: VariableFact[];
  optimizer: VariableFact[];
}
const SPLITS = new WeakMap<ModelFacts, ValueSplit>();

function valueSplit(facts: ModelFacts): ValueSplit {
  const cached = SPLITS.get(facts);
  if (cached && cached.of === facts.variables && cached.count === facts.variables.length) return cached;
  const split: ValueSplit = { of: facts.variables, count: facts.variables.length, tensors: [], model: [], optimizer: [] };
  // A value is the model's when any path names it so (Keras 3 model kernels may be stored under
  // optimizer/_trainable_variables/N); only names that look like optimizer state need the other
  // paths, and the alias walk is skipped when there are none.
  let aliases: Map<string, string[]> | null = null;
  for (const v of facts.variables) {
    if (v.name === OBJECT_GRAPH_KEY) continue;
    split.tensors.push(v);
    let kind = valueKind(v.name);
    if (kind !== 'model') {
      aliases ??= checkpointKeyAliases(facts.object_graph);
      const others = (aliases.get(v.name) ?? []).map(valueKind);
      if (others.includes('model')) kind = 'model';
      else if (others.includes('optimizer')) kind = 'optimizer';
    }
    if (v.slot !== null || kind === 'optimizer') split.optimizer.push(v);
    else if (kind === 'model') split.model.push(v);
  }
  SPLITS.set(facts, split);
  return split;
}

/** Real tensors: not the object-graph bookkeeping entry. */
export function tensors(facts: ModelFacts): readonly VariableFact[] {
  return valueSplit(facts).tensors;
}

/** Model weights: values no path names as optimizer state or bookkeeping, and not slots. */
export function modelWeights(facts: ModelFacts): readonly VariableFact[] {
  return valueSplit(facts).model;
}

/** Optimizer slots and state. */
export function optimizerValues(facts: ModelFacts): readonly VariableFact[] {
  return valueSplit(facts).optimizer;
}

export function totalBytes(vars: readonly VariableFact[]): number {
  return vars.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
}

export function varEvidence(v: VariableFact, text?: string): Evidence {
  return evidence({
    file: v.file,
    key: v.name,
    bytes: v.offset !== null && v.bytes !== null ? `offset ${v.offset}, ${v.bytes} bytes` : v.bytes !== null ? `${v.bytes} bytes` : null,
    text: text ?? `${v.dtype} ${shapeText(v.shape)}`,
  });
}

export function runtimeTf(ctx: Context): Release | null {
  return parseRelease(ctx.runtime.tensorflow);
}

/** Which API family the reader's loader belongs to. */
export type LoaderKind =
  | 'keras_load_model'
  | 'keras_load_weights'
  | 'tf_saved_model_load'
  | 'checkpoint_restore'
  | 'tf1_saver'
  | 'tfsm_layer'
  | 'other'
  | null;

export function loaderKind(loader: string | null): LoaderKind {
  if (!loader) return null;
  const l = loader.replace(/\s+/g, '');
  if (/TFSMLayer/i.test(l)) return 'tfsm_layer';
  if (/load_model/.test(l) && !/saved_model/.test(l)) return 'keras_load_model';
  if (/load_weights/.test(l)) return 'keras_load_weights';
  if (/saved_model\.load|saved_model\.loader\.load|load_v2/.test(l)) return 'tf_saved_model_load';
  if (/Saver|init_from_checkpoint/.test(l)) return 'tf1_saver';
  if (/Checkpoint.*\.(restore|read)|\.restore\(|^restore$|CheckpointManager/.test(l)) return 'checkpoint_restore';
  return 'other';
}

export function kerasMajorStated(ctx: Context): 2 | 3 | null {
  const r = parseRelease(ctx.runtime.keras);
  if (r) return r.major >= 3 ? 3 : 2;
  // TF >= 2.16 ships Keras 3 as tf.keras unless TF_USE_LEGACY_KERAS is set.
  const tf = runtimeTf(ctx);
  if (tf && tf.major === 2) return tf.minor >= 16 ? 3 : 2;
  return null;
}

/**
 * Object-based (TF2) checkpoint: it has an object graph, or, when that entry could not be read
 * (a truncated shard), its keys still have the object-based form `<path>/.ATTRIBUTES/<name>`.
 */
export function isObjectBased(facts: ModelFacts): boolean {
  return facts.object_graph !== null || facts.variables.some((v) => v.name === OBJECT_GRAPH_KEY || v.name.includes('/.ATTRIBUTES/'));
}

/** The saved Keras model is a tf.keras (Keras 2) SavedModel: keras_metadata or Keras layers in a SavedModel. */
export function isKerasSavedModel(facts: ModelFacts): boolean {
  if (artifactsOf(facts, 'saved_model').length === 0) return false;
  return facts.layers.length > 0 || facts.artifacts.some((a) => a.files.some((f) => /keras_metadata\.pb$/.test(f)));
}
