/**
 * writeSavedModel: saved_model.pb (+ keras_metadata.pb, fingerprint.pb) for a described model,
 * with whatever producer versions the sample needs (older or newer than any TF that loads it).
 * Field numbers follow TensorFlow's public schema (saved_model.proto, meta_graph.proto,
 * graph.proto, node_def.proto, attr_value.proto, function.proto, saved_object_graph.proto,
 * fingerprint.proto, Keras saved_metadata.proto). Returns file name -> bytes, relative to the
 * SavedModel directory; variables/ is the checkpoint writer's job.
 */
import { dtypeValue } from '../dtypes.ts';
import type { Shape } from '../facts.ts';
import { ProtoWriter } from '../binary/protobuf-writer.ts';

/** A dtype by its facts name (`float32`, `int64`, `resource`, `float32_ref` for ref types). */
export type DtypeName = string;

export type AttrSpec =
  | { s: string }
  | { i: number }
  | { f: number }
  | { b: boolean }
  | { type: DtypeName }
  | { shape: Shape | null }
  | { tensor: { dtype: DtypeName; shape: Shape; content?: Uint8Array } }
  | { func: string }
  | { list: { s?: string[]; i?: number[]; type?: DtypeName[]; shape?: (Shape | null)[] } };

export interface NodeSpec {
  name: string;
  op: string;
  inputs?: string[];
  device?: string;
  attrs?: Record<string, AttrSpec>;
}

export interface FunctionSpecDef {
  /** FunctionDef.signature.name */
  name: string;
  nodes: NodeSpec[];
}

export interface TensorSpecSpec {
  /** Key in the signature's inputs/outputs map. */
  name: string;
  /** Graph tensor name, e.g. `serving_default_x:0`. */
  tensor: string;
  dtype: DtypeName;
  /** -1 unknown dimension; null unknown rank. */
  shape: Shape | null;
}

export interface SignatureSpec {
  key: string;
  method?: string;
  inputs: TensorSpecSpec[];
  outputs: TensorSpecSpec[];
}

/** A TF1 variable: written as VariableDef into the `variables` (and `trainable_variables`) collections. */
export interface VariableDefSpec {
  /** Node name of the variable op (the checkpoint key); `:0` is appended for the tensor. */
  name: string;
  trainable?: boolean;
  is_resource?: boolean;
}

export type ObjectSpec = (
  | { kind: 'user_object'; identifier: string; metadata?: string; version?: { producer: number; min_consumer: number } }
  | { kind: 'variable'; dtype: DtypeName; shape: Shape | null; trainable?: boolean; name?: string }
  | { kind: 'function'; concrete_functions: string[] }
  | { kind: 'bare_concrete_function'; concrete_function_name: string; argument_keywords?: string[] }
  | { kind: 'constant'; operation: string }
  | { kind: 'asset'; asset_file_def_index: number }
  | { kind: 'resource'; device?: string }
  | { kind: 'captured_tensor'; name: string; concrete_function: string }
) & {
  children?: { name: string; id: number }[];
  slot_variables?: { original_variable_id: number; slot_name: string; slot_variable_id: number }[];
  registered_name?: string;
};

export interface MetaGraphSpec {
  tags: string[];
  /** Written verbatim (any string, including `b'v1.13.1-...'`-style oddities). */
  tensorflow_version?: string;
  tensorflow_git_version?: string;
  stripped_default_attrs?: boolean;
  /** GraphDef.versions; omitted when producer is undefined. */
  producer?: number;
  min_consumer?: number;
  nodes: NodeSpec[];
  functions?: FunctionSpecDef[];
  saver?: { filename_tensor: string; save_tensor: string; restore_op: string; version?: 'LEGACY' | 'V1' | 'V2'; sharded?: boolean };
  /** Extra collections: node names, or raw bytes values. */
  collections?: Record<string, { node_list?: string[]; bytes_list?: Uint8Array[] }>;
  variables?: VariableDefSpec[];
  signatures?: SignatureSpec[];
  /** AssetFileDef filenames (relative to assets/), bound to `asset_path_<i>:0` tensors. */
  asset_files?: string[];
  /** SavedObjectGraph nodes (node 0 is the root); omitted for TF1-style graphs. */
  objects?: ObjectSpec[];
  /** Names of concrete functions listed in SavedObjectGraph.concrete_functions. */
  concrete_functions?: string[];
}

export interface KerasMetadataNodeSpec {
  node_id: number;
  node_path: string;
  identifier: string;
  /** Serialized as JSON when not already a string. */
  metadata: unknown;
}

export interface FingerprintSpec {
  saved_model_checksum?: bigint;
  graph_def_program_hash?: bigint;
  signature_def_hash?: bigint;
  saved_object_graph_hash?: bigint;
  checkpoint_hash?: bigint;
  /** FingerprintDef.version.producer (1 in every TF so far). */
  producer?: number;
  /** Field order: TF 2.12 writes ascending (1..6), TF 2.14+ descending (6..1). */
  order?: 'ascending' | 'descending';
}

export interface SavedModelSpec {
  /** SavedModel.saved_model_schema_version; 1 by default, null to omit it (TF1 Hub modules). */
  schema_version?: number | null;
  meta_graphs: MetaGraphSpec[];
  keras_metadata?: KerasMetadataNodeSpec[];
  fingerprint?: FingerprintSpec;
}

const SAVER_VERSIONS = { LEGACY: 0, V1: 1, V2: 2 } as const;

export function writeSavedModel(spec: SavedModelSpec): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const w = new ProtoWriter();
  const schema = spec.schema_version === undefined ? 1 : spec.schema_version;
  if (schema !== null) w.uint(1, schema);
  for (const mg of spec.meta_graphs) w.message(2, (m) => writeMetaGraph(m, mg));
  out.set('saved_model.pb', w.finish());
  if (spec.keras_metadata) out.set('keras_metadata.pb', writeKerasMetadata(spec.keras_metadata));
  if (spec.fingerprint) out.set('fingerprint.pb', writeFingerprint(spec.fingerprint));
  return out;
}

/** A MetaGraphDef alone: the bytes of a TF1 `.meta` file. */
function writeMetaGraph(w: ProtoWriter, mg: MetaGraphSpec): void {
  w.message(1, (info) => {
    for (const tag of mg.tags) info.string(4, tag);
    info.stringIfSet(5, mg.tensorflow_version);
    info.stringIfSet(6, mg.tensorflow_git_version);
    info.uintIfSet(7, mg.stripped_default_attrs);
  });
  w.message(2, (g) => writeGraphDef(g, mg.nodes, mg.functions ?? [], mg.producer, mg.min_consumer));
  if (mg.saver) {
    const s = mg.saver;
    w.message(3, (sv) => {
      sv.string(1, s.filename_tensor).string(2, s.save_tensor).string(3, s.restore_op);
      sv.uint(4, 5).uintIfSet(5, s.sharded);
      sv.uint(7, SAVER_VERSIONS[s.version ?? 'V2']);
    });
  }
  const collections = { ...(mg.collections ?? {}) };
  if (mg.variables?.length) {
    collections['variables'] = { bytes_list: mg.variables.map(encodeVariableDef) };
    const trainable = mg.variables.filter((v) => v.trainable !== false);
    if (trainable.length) collections['trainable_variables'] = { bytes_list: trainable.map(encodeVariableDef) };
  }
  for (const key of Object.keys(collections).sort()) {
    const c = collections[key]!;
    w.mapEntry(4, key, (cd) => {
      if (c.node_list) {
        cd.message(1, (l) => {
          for (const v of c.node_list!) l.string(1, v);
        });
      } else {
        cd.message(2, (l) => {
          for (const v of c.bytes_list ?? []) l.bytes(1, v);
        });
      }
    });
  }
  for (const sig of mg.signatures ?? []) {
    w.mapEntry(5, sig.key, (sd) => {
      for (const t of sig.inputs) sd.mapEntry(1, t.name, (ti) => writeTensorInfo(ti, t));
      for (const t of sig.outputs) sd.mapEntry(2, t.name, (ti) => writeTensorInfo(ti, t));
      sd.stringIfSet(3, sig.method);
    });
  }
  (mg.asset_files ?? []).forEach((file, i) => {
    w.message(6, (a) => {
      a.message(1, (ti) => writeTensorInfo(ti, { name: '', tensor: `asset_path_${i}:0`, dtype: 'string', shape: [] }));
      a.string(2, file);
    });
  });
  if (mg.objects) {
    const objects = mg.objects;
    w.message(7, (og) => {
      for (const o of objects) og.message(1, (n) => writeSavedObject(n, o));
      for (const name of mg.concrete_functions ?? []) og.mapEntry(2, name, () => {});
    });
  }
}

/** A frozen GraphDef file's bytes. */
export function writeGraphDefBytes(
  nodes: NodeSpec[],
  functions: FunctionSpecDef[] = [],
  producer?: number,
  minConsumer?: number,
): Uint8Array {
  const w = new ProtoWriter();
  writeGraphDef(w, nodes, functions, producer, minConsumer);
  return w.finish();
}

/** A TF1 `.meta` file's bytes. */
export function writeMetaGraphBytes(mg: MetaGraphSpec): Uint8Array {
  const w = new ProtoWriter();
  writeMetaGraph(w, mg);
  return w.finish();
}

function writeGraphDef(g: ProtoWriter, nodes: NodeSpec[], functions: FunctionSpecDef[], producer?: number, minConsumer?: number): void {
  for (const node of nodes) g.message(1, (n) => writeNode(n, node));
  if (functions.length) {
    g.message(2, (lib) => {
      for (const fn of functions) {
        lib.message(1, (f) => {
          f.message(1, (sig) => sig.string(1, fn.name));
          for (const node of fn.nodes) f.message(3, (n) => writeNode(n, node));
        });
      }
    });
  }
  if (producer !== undefined) g.message(4, (v) => v.uintIfSet(1, producer).uintIfSet(2, minConsumer ?? 0));
}

function writeNode(n: ProtoWriter, node: NodeSpec): void {
  n.string(1, node.name).string(2, node.op);
  for (const input of node.inputs ?? []) n.string(3, input);
  n.stringIfSet(4, node.device);
  for (const key of Object.keys(node.attrs ?? {}).sort()) {
    const attr = node.attrs![key]!;
    n.mapEntry(5, key, (a) => writeAttr(a, attr));
  }
}

function dtypeEnum(name: DtypeName): number {
  return name.endsWith('_ref') ? dtypeValue(name.slice(0, -4)) + 100 : dtypeValue(name);
}

function writeShape(w: ProtoWriter, shape: Shape | null): void {
  if (shape === null) {
    w.uint(3, true);
    return;
  }
  for (const d of shape) w.message(2, (dim) => dim.uintIfSet(1, d));
}

function writeAttr(a: ProtoWriter, attr: AttrSpec): void {
  if ('s' in attr) a.string(2, attr.s);
  else if ('i' in attr) a.uint(3, attr.i);
  else if ('f' in attr) a.float(4, attr.f);
  else if ('b' in attr) a.uint(5, attr.b);
  else if ('type' in attr) a.uint(6, dtypeEnum(attr.type));
  else if ('shape' in attr) a.message(7, (s) => writeShape(s, attr.shape));
  else if ('tensor' in attr) {
    const t = attr.tensor;
    a.message(8, (tp) => {
      tp.uint(1, dtypeEnum(t.dtype));
      tp.message(2, (s) => writeShape(s, t.shape));
      if (t.content) tp.bytes(4, t.content);
    });
  } else if ('func' in attr) a.message(10, (f) => f.string(1, attr.func));
  else if ('list' in attr) {
    const l = attr.list;
    a.message(1, (lv) => {
      for (const s of l.s ?? []) lv.string(2, s);
      for (const i of l.i ?? []) lv.uint(3, i);
      for (const t of l.type ?? []) lv.uint(6, dtypeEnum(t));
      for (const sh of l.shape ?? []) lv.message(7, (s) => writeShape(s, sh));
    });
  }
}

function writeTensorInfo(ti: ProtoWriter, t: TensorSpecSpec): void {
  ti.string(1, t.tensor);
  ti.uint(2, dtypeEnum(t.dtype));
  ti.message(3, (s) => writeShape(s, t.shape));
}

export function encodeVariableDef(v: VariableDefSpec): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, `${v.name}:0`);
  w.string(2, `${v.name}/Assign`);
  w.string(3, `${v.name}/read:0`);
  w.uintIfSet(5, v.is_resource);
  w.string(6, `${v.name}/Initializer/zeros:0`);
  w.uintIfSet(7, v.trainable !== false);
  return w.finish();
}

function writeSavedObject(n: ProtoWriter, o: ObjectSpec): void {
  for (const c of o.children ?? []) n.message(1, (r) => r.uintIfSet(1, c.id).string(2, c.name));
  for (const s of o.slot_variables ?? []) {
    n.message(3, (r) => r.uintIfSet(1, s.original_variable_id).string(2, s.slot_name).uintIfSet(3, s.slot_variable_id));
  }
  switch (o.kind) {
    case 'user_object':
      n.message(4, (u) => {
        u.string(1, o.identifier);
        const v = o.version ?? { producer: 1, min_consumer: 1 };
        u.message(2, (vd) => vd.uintIfSet(1, v.producer).uintIfSet(2, v.min_consumer));
        u.stringIfSet(3, o.metadata);
      });
      break;
    case 'asset':
      n.message(5, (a) => a.uintIfSet(1, o.asset_file_def_index));
      break;
    case 'function':
      n.message(6, (f) => {
        for (const c of o.concrete_functions) f.string(1, c);
      });
      break;
    case 'variable':
      n.message(7, (v) => {
        v.uint(1, dtypeEnum(o.dtype));
        v.message(2, (s) => writeShape(s, o.shape));
        v.uintIfSet(3, o.trainable ?? true);
        v.stringIfSet(6, o.name);
      });
      break;
    case 'bare_concrete_function':
      n.message(8, (b) => {
        b.string(1, o.concrete_function_name);
        for (const k of o.argument_keywords ?? []) b.string(2, k);
      });
      break;
    case 'constant':
      n.message(9, (c) => c.string(1, o.operation));
      break;
    case 'resource':
      n.message(10, (r) => r.stringIfSet(1, o.device));
      break;
    case 'captured_tensor':
      n.message(12, (c) => c.string(1, o.name).string(2, o.concrete_function));
      break;
  }
  n.stringIfSet(13, o.registered_name);
}

function writeKerasMetadata(nodes: KerasMetadataNodeSpec[]): Uint8Array {
  const w = new ProtoWriter();
  for (const node of nodes) {
    w.message(1, (n) => {
      n.uintIfSet(2, node.node_id);
      n.string(3, node.node_path);
      n.string(4, node.identifier);
      n.string(5, typeof node.metadata === 'string' ? node.metadata : JSON.stringify(node.metadata));
      n.message(6, (v) => v.uint(1, 1).uint(2, 1));
    });
  }
  return w.finish();
}

function writeFingerprint(fp: FingerprintSpec): Uint8Array {
  const fields: [number, (w: ProtoWriter) => void][] = [];
  const hashes: [number, bigint | undefined][] = [
    [1, fp.saved_model_checksum],
    [2, fp.graph_def_program_hash],
    [3, fp.signature_def_hash],
    [4, fp.saved_object_graph_hash],
    [5, fp.checkpoint_hash],
  ];
  for (const [no, value] of hashes) if (value !== undefined) fields.push([no, (w) => w.uint(no, value)]);
  fields.push([6, (w) => w.message(6, (v) => v.uint(1, fp.producer ?? 1))]);
  if (fp.order === 'descending') fields.reverse();
  const w = new ProtoWriter();
  for (const [, write] of fields) write(w);
  return w.finish();
}
