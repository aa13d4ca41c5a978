/**
 * ModelFacts: one format-independent description of what was saved.
 *
 * Every decoder contributes to it; the rules, the diff, the browser views and the CLI read only
 * this. Field names are snake_case because this object is also the `facts` member of the CLI's
 * `--json` output, a documented contract (README "CLI").
 */
import type { DecodeError } from './errors.ts';

/** The checkpoint entry that holds a TF2 checkpoint's object graph (TrackableObjectGraph). */
export const OBJECT_GRAPH_KEY = '_CHECKPOINTABLE_OBJECT_GRAPH';

/** Artifact formats, sniffed by content (a `.keras` name on HDF5 bytes is `keras_h5`). */
export const ARTIFACT_FORMATS = [
  'checkpoint', // TF2 tensor bundle (V2): <prefix>.index + <prefix>.data-NNNNN-of-MMMMM
  'checkpoint_v1', // TF 0.x/1.x TensorSlice table (SavedTensorSlices)
  'saved_model', // saved_model.pb / saved_model.pbtxt (+ variables/, assets/, ...)
  'keras_v3', // .keras zip (metadata.json, config.json, model.weights.h5) or Keras 3 .weights.h5
  'keras_h5', // legacy Keras HDF5, whole model or weights only
  'tf1_meta', // MetaGraphDef file (.meta)
  'graph_def', // frozen GraphDef (.pb / .pbtxt)
  'unknown', // an archive whose members are reported on their own
] as const;

export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];

export interface ArtifactFact {
  /** Where the artifact lives in the file set: a prefix, a directory, or a file path. */
  path: string;
  format: ArtifactFormat;
  /** The files that belong to it. */
  files: string[];
  /** One line for people: "TF2 checkpoint, 12 tensors in 1 shard, object-based". */
  summary: string;
  /** False when the artifact could not be decoded at all (its problems say why). */
  readable: boolean;
}

/** A companion file that should be there and is not. */
export interface MissingFact {
  path: string;
  /** Which artifact expects it and why. */
  why: string;
  /** What the reader should add. */
  fix: string;
}

/** Versions written by whoever saved the artifact. Strings are verbatim; null when absent. */
export interface ProducerFact {
  tensorflow: string | null;
  tensorflow_git: string | null;
  keras: string | null;
  backend: string | null;
  graph_def_producer: number | null;
  graph_def_min_consumer: number | null;
  /** e.g. h5py for HDF5 files, when recorded; saved_model_schema_version, ... */
  other: Record<string, string>;
}

export type Shape = number[]; // -1 for an unknown dimension

export interface VariableFact {
  /** Checkpoint key (`dense/kernel/.ATTRIBUTES/VARIABLE_VALUE`) or HDF5 dataset path. */
  name: string;
  /** TF dtype name, lower-case without `DT_`: float32, int64, string, resource, ... */
  dtype: string;
  shape: Shape;
  /** Bytes stored for this tensor (null when unknown). */
  bytes: number | null;
  /** Data shard index (checkpoints) or null. */
  shard: number | null;
  /** Offset within the data shard (checkpoints) or null. */
  offset: number | null;
  /** Dotted object path from the object graph (`model.layer_with_weights-0.kernel`), when known. */
  object_path: string | null;
  /** For optimizer slot variables: which variable and which slot (`m`, `v`, `momentum`). */
  slot: { variable: string; slot: string } | null;
  /** Partitioned variables (BundleEntryProto.slices) are reported, not stitched. */
  sliced: boolean;
  /** File the value lives in. */
  file: string;
}

/** One node of a TrackableObjectGraph (checkpoint) or SavedObjectGraph (SavedModel). */
export interface ObjectNodeFact {
  id: number;
  /** user_object, variable, function, bare_concrete_function, asset, constant, resource, ... (SavedModel only). */
  kind: string | null;
  /** SavedUserObject.identifier, e.g. `_tf_keras_layer`, `_generic_user_object`. */
  identifier: string | null;
  registered_name: string | null;
  children: { name: string; id: number }[];
  /** Checkpointed values of this object: local name (VARIABLE_VALUE) and full checkpoint key. */
  attributes: { name: string; checkpoint_key: string; full_name: string | null }[];
  slot_variables: { original_variable_id: number; slot_name: string; slot_variable_id: number }[];
  /** Variable metadata from a SavedObjectGraph. */
  variable: { dtype: string; shape: Shape | null; trainable: boolean; name: string | null } | null;
}

export interface LayerFact {
  /** Path within the model (`model/dense_1`, or the layer name at top level). */
  path: string;
  name: string;
  class_name: string;
  module: string | null;
  registered_name: string | null;
  dtype_policy: string | null;
  build_input_shape: unknown;
  /** The layer's config as saved (JSON), kept for rules that compare units, filters, ... */
  config: unknown;
}

export interface CustomObjectFact {
  class_name: string;
  registered_name: string | null;
  module: string | null;
  /** Layer, loss, metric, activation, ... when known. */
  role: string | null;
  /** Where it was found: a config path such as `config.layers[2]`. */
  where: string;
}

export interface OpFact {
  op: string;
  /** Nodes using it, in the main graph and in functions. */
  count: number;
  /** Attr names set on those nodes (union). */
  attrs: string[];
  /** Function library entries that use it ('' = the main graph). */
  functions: string[];
  /**
   * The files whose graph has these nodes (`saved_model.pb`, a `.meta`, a frozen `.pb`): what a
   * finding about the op cites, never a companion such as fingerprint.pb.
   */
  files: string[];
}

export interface TensorSpecFact {
  /** Input/output key in the signature. */
  name: string;
  /** Graph tensor name (`serving_default_x:0`), when recorded. */
  tensor: string | null;
  dtype: string;
  /** null: unknown rank. -1: unknown dimension. */
  shape: Shape | null;
}

export interface SignatureFact {
  key: string;
  method: string | null;
  inputs: TensorSpecFact[];
  outputs: TensorSpecFact[];
}

export interface MetaGraphFact {
  /** The file this MetaGraphDef was read from (saved_model.pb, a .meta): what findings about it cite. */
  file: string;
  tags: string[];
  tensorflow_version: string | null;
  tensorflow_git_version: string | null;
  graph_def_producer: number | null;
  graph_def_min_consumer: number | null;
  node_count: number;
  function_count: number;
  stripped_default_attrs: boolean;
  collections: string[];
  has_object_graph: boolean;
  saver: { filename_tensor: string | null; version: string | null } | null;
}

export interface CheckpointStateFact {
  file: string;
  model_checkpoint_path: string | null;
  all_model_checkpoint_paths: string[];
}

export interface OptimizerFact {
  class_name: string | null;
  /** Number of slot variables (Adam m/v, momentum, ...). */
  slot_count: number;
  /** Checkpoint keys of optimizer-owned values (iterations, learning rate, slots). */
  variables: string[];
  /** The optimizer's saved Keras config (compile_config / training_config), when the file has one. */
  config: unknown;
}

export interface ModelFacts {
  artifacts: ArtifactFact[];
  missing: MissingFact[];
  producer: ProducerFact;
  variables: VariableFact[];
  /** Object graph when the artifact has one (TF2 checkpoints, SavedModels); null otherwise. */
  object_graph: ObjectNodeFact[] | null;
  layers: LayerFact[];
  custom_objects: CustomObjectFact[];
  /** Sorted op types of the graph and every library function. */
  ops: string[];
  op_details: OpFact[];
  signatures: SignatureFact[];
  meta_graphs: MetaGraphFact[];
  assets: string[];
  /** Model-wide dtype policy (`mixed_float16`, ...) when one is set. */
  dtype_policy: string | null;
  optimizer: OptimizerFact | null;
  checkpoint_state: CheckpointStateFact | null;
  /** Files that look like an interrupted save (`*.tempstate*`, `*_temp*` directories). */
  leftovers: string[];
  /** Things that could not be read; the rest of the facts are still valid. */
  problems: DecodeError[];
}

export function emptyProducer(): ProducerFact {
  return {
    tensorflow: null,
    tensorflow_git: null,
    keras: null,
    backend: null,
    graph_def_producer: null,
    graph_def_min_consumer: null,
    other: {},
  };
}

export function emptyFacts(): ModelFacts {
  return {
    artifacts: [],
    missing: [],
    producer: emptyProducer(),
    variables: [],
    object_graph: null,
    layers: [],
    custom_objects: [],
    ops: [],
    op_details: [],
    signatures: [],
    meta_graphs: [],
    assets: [],
    dtype_policy: null,
    optimizer: null,
    checkpoint_state: null,
    leftovers: [],
    problems: [],
  };
}

/** Merges facts from several artifacts of one file set; the first non-null producer value wins. */
export function mergeFacts(parts: readonly ModelFacts[]): ModelFacts {
  const out = emptyFacts();
  for (const part of parts) {
    append(out.artifacts, part.artifacts);
    append(out.missing, part.missing);
    const p = out.producer;
    const q = part.producer;
    p.tensorflow ??= q.tensorflow;
    p.tensorflow_git ??= q.tensorflow_git;
    p.keras ??= q.keras;
    p.backend ??= q.backend;
    p.graph_def_producer ??= q.graph_def_producer;
    p.graph_def_min_consumer ??= q.graph_def_min_consumer;
    p.other = { ...q.other, ...p.other };
    append(out.variables, part.variables);
    if (part.object_graph) out.object_graph ??= part.object_graph;
    append(out.layers, part.layers);
    append(out.custom_objects, part.custom_objects);
    append(out.op_details, part.op_details);
    append(out.signatures, part.signatures);
    append(out.meta_graphs, part.meta_graphs);
    append(out.assets, part.assets);
    out.dtype_policy ??= part.dtype_policy;
    out.optimizer ??= part.optimizer;
    out.checkpoint_state ??= part.checkpoint_state;
    append(out.leftovers, part.leftovers);
    append(out.problems, part.problems);
  }
  out.op_details = mergeOps(out.op_details);
  out.ops = out.op_details.map((o) => o.op);
  return out;
}

/**
 * Appends in a loop: `push(...items)` passes every item as an argument and overflows the stack
 * for arrays of ~100,000 (a checkpoint with that many variables).
 */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function mergeOps(ops: readonly OpFact[]): OpFact[] {
  const byOp = new Map<string, OpFact>();
  for (const o of ops) {
    const seen = byOp.get(o.op);
    if (!seen) {
      byOp.set(o.op, { op: o.op, count: o.count, attrs: [...o.attrs], functions: [...o.functions], files: [...o.files] });
      continue;
    }
    seen.count += o.count;
    seen.attrs = [...new Set([...seen.attrs, ...o.attrs])].sort();
    seen.functions = [...new Set([...seen.functions, ...o.functions])].sort();
    seen.files = [...new Set([...seen.files, ...o.files])].sort();
  }
  return [...byOp.values()].sort((a, b) => (a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
}
