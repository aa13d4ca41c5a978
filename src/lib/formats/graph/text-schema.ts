/**
 * The text-format names and field numbers of the proto subset the graph decoders read (same
 * numbers as src/lib/proto/{meta_graph,graph,saver,saved_object_graph,...}.proto). Text fields
 * not listed here are ignored, exactly like unknown fields in the binary decoders.
 */
export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool' | 'dtype' | 'saver_version';
export interface FieldSpec {
  no: number;
  type: ScalarType | { msg: string };
}
export type MessageSpec = Record<string, FieldSpec>;

const m = (msg: string) => ({ msg });
const mapOf = (value: FieldSpec['type'], key: ScalarType = 'string'): MessageSpec => ({
  key: { no: 1, type: key },
  value: { no: 2, type: value },
});

export const TEXT_SCHEMA: Record<string, MessageSpec> = {
  SavedModel: { saved_model_schema_version: { no: 1, type: 'int64' }, meta_graphs: { no: 2, type: m('MetaGraphDef') } },
  MetaGraphDef: {
    meta_info_def: { no: 1, type: m('MetaInfoDef') },
    graph_def: { no: 2, type: m('GraphDef') },
    saver_def: { no: 3, type: m('SaverDef') },
    collection_def: { no: 4, type: m('CollectionDefEntry') },
    signature_def: { no: 5, type: m('SignatureDefEntry') },
    asset_file_def: { no: 6, type: m('AssetFileDef') },
    object_graph_def: { no: 7, type: m('SavedObjectGraph') },
  },
  MetaInfoDef: {
    meta_graph_version: { no: 1, type: 'string' },
    tags: { no: 4, type: 'string' },
    tensorflow_version: { no: 5, type: 'string' },
    tensorflow_git_version: { no: 6, type: 'string' },
    stripped_default_attrs: { no: 7, type: 'bool' },
  },
  GraphDef: {
    node: { no: 1, type: m('NodeDef') },
    library: { no: 2, type: m('FunctionDefLibrary') },
    version: { no: 3, type: 'int32' },
    versions: { no: 4, type: m('VersionDef') },
  },
  VersionDef: { producer: { no: 1, type: 'int32' }, min_consumer: { no: 2, type: 'int32' }, bad_consumers: { no: 3, type: 'int32' } },
  NodeDef: { name: { no: 1, type: 'string' }, op: { no: 2, type: 'string' }, attr: { no: 5, type: m('AttrEntry') } },
  AttrEntry: mapOf(m('AttrValue')),
  AttrValue: {
    s: { no: 2, type: 'bytes' },
    i: { no: 3, type: 'int64' },
    b: { no: 5, type: 'bool' },
    type: { no: 6, type: 'dtype' },
    shape: { no: 7, type: m('TensorShapeProto') },
    placeholder: { no: 9, type: 'string' },
    func: { no: 10, type: m('NameAttrList') },
    // Present but never read: kept so `attr { key: "value" value { tensor {...} } }` still
    // records the attr (an empty AttrValue), like the binary decoder does.
    list: { no: 1, type: m('Ignored') },
    f: { no: 4, type: m('Ignored') },
    tensor: { no: 8, type: m('Ignored') },
  },
  Ignored: {},
  NameAttrList: { name: { no: 1, type: 'string' } },
  TensorShapeProto: { dim: { no: 2, type: m('Dim') }, unknown_rank: { no: 3, type: 'bool' } },
  Dim: { size: { no: 1, type: 'int64' }, name: { no: 2, type: 'string' } },
  FunctionDefLibrary: { function: { no: 1, type: m('FunctionDef') } },
  FunctionDef: { signature: { no: 1, type: m('OpDef') }, node_def: { no: 3, type: m('NodeDef') } },
  OpDef: { name: { no: 1, type: 'string' } },
  SaverDef: {
    filename_tensor_name: { no: 1, type: 'string' },
    save_tensor_name: { no: 2, type: 'string' },
    restore_op_name: { no: 3, type: 'string' },
    max_to_keep: { no: 4, type: 'int32' },
    sharded: { no: 5, type: 'bool' },
    version: { no: 7, type: 'saver_version' },
  },
  CollectionDefEntry: mapOf(m('CollectionDef')),
  CollectionDef: {
    node_list: { no: 1, type: m('NodeList') },
    bytes_list: { no: 2, type: m('BytesList') },
    int64_list: { no: 3, type: m('Ignored') },
    float_list: { no: 4, type: m('Ignored') },
    any_list: { no: 5, type: m('Ignored') },
  },
  NodeList: { value: { no: 1, type: 'string' } },
  BytesList: { value: { no: 1, type: 'bytes' } },
  SignatureDefEntry: mapOf(m('SignatureDef')),
  SignatureDef: {
    inputs: { no: 1, type: m('TensorInfoEntry') },
    outputs: { no: 2, type: m('TensorInfoEntry') },
    method_name: { no: 3, type: 'string' },
  },
  TensorInfoEntry: mapOf(m('TensorInfo')),
  TensorInfo: {
    name: { no: 1, type: 'string' },
    dtype: { no: 2, type: 'dtype' },
    tensor_shape: { no: 3, type: m('TensorShapeProto') },
    coo_sparse: { no: 4, type: m('CooSparse') },
  },
  CooSparse: { values_tensor_name: { no: 1, type: 'string' } },
  AssetFileDef: { tensor_info: { no: 1, type: m('TensorInfo') }, filename: { no: 2, type: 'string' } },
  SavedObjectGraph: { nodes: { no: 1, type: m('SavedObject') }, concrete_functions: { no: 2, type: m('ConcreteFunctionEntry') } },
  ConcreteFunctionEntry: mapOf(m('SavedConcreteFunction')),
  SavedConcreteFunction: { bound_inputs: { no: 2, type: 'int32' } },
  SavedObject: {
    children: { no: 1, type: m('ChildReference') },
    slot_variables: { no: 3, type: m('SlotReference') },
    user_object: { no: 4, type: m('SavedUserObject') },
    asset: { no: 5, type: m('SavedAsset') },
    function: { no: 6, type: m('SavedFunction') },
    variable: { no: 7, type: m('SavedVariable') },
    bare_concrete_function: { no: 8, type: m('SavedBareConcreteFunction') },
    constant: { no: 9, type: m('SavedConstant') },
    resource: { no: 10, type: m('SavedResource') },
    captured_tensor: { no: 12, type: m('CapturedTensor') },
    registered_name: { no: 13, type: 'string' },
  },
  ChildReference: { node_id: { no: 1, type: 'int32' }, local_name: { no: 2, type: 'string' } },
  SlotReference: {
    original_variable_node_id: { no: 1, type: 'int32' },
    slot_name: { no: 2, type: 'string' },
    slot_variable_node_id: { no: 3, type: 'int32' },
  },
  SavedUserObject: {
    identifier: { no: 1, type: 'string' },
    version: { no: 2, type: m('VersionDef') },
    metadata: { no: 3, type: 'string' },
  },
  SavedAsset: { asset_file_def_index: { no: 1, type: 'int32' } },
  SavedFunction: { concrete_functions: { no: 1, type: 'string' } },
  SavedBareConcreteFunction: { concrete_function_name: { no: 1, type: 'string' } },
  SavedConstant: { operation: { no: 1, type: 'string' } },
  SavedVariable: {
    dtype: { no: 1, type: 'dtype' },
    shape: { no: 2, type: m('TensorShapeProto') },
    trainable: { no: 3, type: 'bool' },
    name: { no: 6, type: 'string' },
  },
  SavedResource: { device: { no: 1, type: 'string' } },
  CapturedTensor: { name: { no: 1, type: 'string' }, concrete_function: { no: 2, type: 'string' } },
};
