/**
 * Graph-side TensorFlow formats: SavedModel (binary and text), TF1 MetaGraphDef (.meta), frozen
 * GraphDef (.pb / .pbtxt), keras_metadata.pb and fingerprint.pb.
 *
 * Facts conventions (beyond facts.ts):
 * - producer.other: `saved_model_schema_version` (only when the field is present),
 *   `graph_def_version` (legacy GraphDef.version), `fingerprint.<field>` for fingerprint.pb
 *   (uint64 hashes as exact decimal strings; `fingerprint.producer`, `fingerprint.uuid`).
 * - A frozen GraphDef's placeholders are the inputs of a pseudo-signature keyed `graph_inputs`.
 * - facts.variables holds TF1 variables for `.meta` files only: the VariableDef collections
 *   (or, without them, the graph's variable ops), named by checkpoint key, dtype/shape from the
 *   variable node, `file` = the .meta, bytes/shard/offset null (the values are in the
 *   checkpoint). A SavedModel's variables are the checkpoint decoder's, and its object graph's.
 * - facts.signatures: the union over MetaGraphs (first wins on a repeated key). The concrete
 *   function count of a SavedObjectGraph is in the artifact summary.
 * - facts.layers (tf.keras SavedModels): the model first with path '', then every layer node of
 *   keras_metadata.pb (or of the JSON embedded in SavedUserObject.metadata); metrics excluded.
 * - facts.assets: `assets/...` and `assets.extra/...` paths relative to the SavedModel.
 */
export { sniffProtobuf, sniffTextProto, type GraphProtoKind } from './sniff.ts';
export { decodeSavedModel } from './saved-model.ts';
export { decodeMetaGraphFile } from './meta-graph-file.ts';
export { decodeGraphDefFile, GRAPH_INPUTS_KEY } from './graph-def-file.ts';
export { decodeFingerprint, type FingerprintFacts } from './fingerprint.ts';
export { parseTextProto, type TextMessage, type TextField, type TextScalar } from './text-format.ts';
