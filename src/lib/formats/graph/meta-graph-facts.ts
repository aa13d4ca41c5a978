/**
 * Facts from one decoded MetaGraphDef: tags, producer versions, graph and function-library ops,
 * signatures, collections, saver, asset file defs and TF1 variables (VariableDef collections).
 */
import { dtypeName } from '../../dtypes.ts';
import { DecodeError, RepeatedProblems } from '../../errors.ts';
import type { MetaGraphFact, SignatureFact, TensorSpecFact, VariableFact } from '../../facts.ts';
import { tensorflow } from '../../proto/index.ts';
import { decodeProto } from './decode-proto.ts';
import { graphFacts, VARIABLE_OPS, type GraphFacts } from './graph-facts.ts';
import { shapeOf } from './shapes.ts';

const SAVER_VERSION_NAMES: Record<number, string> = { 0: 'LEGACY', 1: 'V1', 2: 'V2' };

export interface MetaGraphFacts {
  meta: MetaGraphFact;
  graph: GraphFacts;
  signatures: SignatureFact[];
  /** AssetFileDef filenames (relative to assets/). */
  asset_files: string[];
  /** TF1 variables from the VariableDef collections, with dtype/shape from their graph nodes. */
  tf1_variables: Omit<VariableFact, 'file'>[];
  /** Collection entries that could not be decoded (the rest of the facts are still valid). */
  problems: DecodeError[];
}

export function metaGraphFacts(file: string, mg: tensorflow.MetaGraphDef.$Properties): MetaGraphFacts {
  const info = mg.meta_info_def;
  const graph = graphFacts(mg.graph_def, file);
  const collections = Object.keys(mg.collection_def ?? {}).sort();
  const saver = mg.saver_def
    ? {
        filename_tensor: mg.saver_def.filename_tensor_name || null,
        version: SAVER_VERSION_NAMES[mg.saver_def.version ?? 0] ?? `version_${mg.saver_def.version}`,
      }
    : null;
  const meta: MetaGraphFact = {
    file,
    tags: [...(info?.tags ?? [])],
    tensorflow_version: info?.tensorflow_version || null,
    tensorflow_git_version: info?.tensorflow_git_version || null,
    graph_def_producer: graph.producer,
    graph_def_min_consumer: graph.min_consumer,
    node_count: graph.node_count,
    function_count: graph.function_count,
    stripped_default_attrs: info?.stripped_default_attrs ?? false,
    collections,
    has_object_graph: mg.object_graph_def != null,
    saver,
  };
  const signatures = Object.entries(mg.signature_def ?? {})
    .map(
      ([key, sig]): SignatureFact => ({
        key,
        method: sig.method_name || null,
        inputs: tensorSpecs(sig.inputs),
        outputs: tensorSpecs(sig.outputs),
      }),
    )
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const asset_files = (mg.asset_file_def ?? []).map((a) => a.filename ?? '').filter((f) => f !== '');
  const problems: DecodeError[] = [];
  const tf1_variables = tf1Variables(file, mg, graph, problems);
  return { meta, graph, signatures, asset_files, tf1_variables, problems };
}

function tensorSpecs(map: Record<string, tensorflow.TensorInfo.$Properties> | null | undefined): TensorSpecFact[] {
  return Object.entries(map ?? {})
    .map(([name, info]) => ({
      name,
      tensor: info.name || info.coo_sparse?.values_tensor_name || null,
      dtype: dtypeName(info.dtype ?? 0),
      shape: shapeOf(info.tensor_shape),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * TF1 variables: the `variables` (global), `local_variables` and `model_variables` collections
 * hold serialized VariableDef protos. The checkpoint key is the variable node name (or the
 * SaveSliceInfo full name for partitioned variables).
 */
function tf1Variables(
  file: string,
  mg: tensorflow.MetaGraphDef.$Properties,
  graph: GraphFacts,
  problems: DecodeError[],
): Omit<VariableFact, 'file'>[] {
  const collections = mg.collection_def ?? {};
  const defs: tensorflow.VariableDef[] = [];
  const repeated = new RepeatedProblems(problems);
  for (const name of ['variables', 'trainable_variables', 'local_variables', 'model_variables']) {
    const values = collections[name]?.bytes_list?.value ?? [];
    for (const [i, bytes] of values.entries()) {
      try {
        const def = decodeProto(file, bytes, `VariableDef in collection '${name}'[${i}]`, (r) => tensorflow.VariableDef.decode(r));
        defs.push(def);
      } catch (error) {
        repeated.add(() => (error instanceof DecodeError ? error : new DecodeError(file, String(error))));
      }
    }
  }
  repeated.finish(file, 'VariableDefs that cannot be decoded');
  const out: Omit<VariableFact, 'file'>[] = [];
  const seen = new Set<string>();
  for (const def of defs) {
    const nodeName = def.variable_name.replace(/:\d+$/, '');
    const slice = def.save_slice_info_def;
    const sliceName = slice?.full_name || null;
    // Partitioned variables: one checkpoint key (the full name) for all parts, full shape.
    const key = sliceName ?? nodeName;
    if (seen.has(key)) continue;
    seen.add(key);
    const node = graph.variables.get(nodeName);
    out.push({
      name: key,
      dtype: node?.dtype ?? 'invalid',
      shape: sliceName ? (slice?.full_shape ?? []).map(Number) : (node?.shape ?? []),
      bytes: null,
      shard: null,
      offset: null,
      object_path: null,
      slot: null,
      sliced: sliceName !== null,
    });
  }
  // No VariableDef collections (e.g. a compat.v1 graph exported without them): the graph's
  // variable nodes are the variables; their node names are the checkpoint keys.
  if (defs.length === 0) {
    for (const node of graph.variables.values()) {
      out.push({
        name: node.name,
        dtype: node.dtype ?? 'invalid',
        shape: node.shape ?? [],
        bytes: null,
        shard: null,
        offset: null,
        object_path: null,
        slot: null,
        sliced: false,
      });
    }
  }
  return out;
}

/** True when the graph or object graph creates variables whose values live in variables/. */
export function hasVariables(mg: tensorflow.MetaGraphDef.$Properties, graph: GraphFacts): boolean {
  // Variable ops in the main graph or (TF2) inside functions, or variables in the object graph.
  if (graph.op_details.some((o) => VARIABLE_OPS.has(o.op))) return true;
  return (mg.object_graph_def?.nodes ?? []).some((n) => n.variable != null);
}
