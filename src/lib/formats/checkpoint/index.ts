/**
 * TensorFlow checkpoints: V2 tensor bundles (`<prefix>.index` + `<prefix>.data-*`), V1
 * TensorSlice tables, their checksums, and the `checkpoint` state file.
 */
export { sniffTable } from './sniff.ts';
export { decodeCheckpoint } from './bundle.ts';
export { decodeTensorSliceCheckpoint } from './tensor-slices.ts';
export {
  verifyCheckpoint,
  DEFAULT_CHUNK_SIZE,
  type VerifyReport,
  type VerifyOptions,
  type BadTensor,
  type AbortSignalLike,
} from './verify.ts';
export { parseCheckpointState } from './checkpoint-state.ts';
export { OBJECT_GRAPH_KEY } from './object-graph.ts';
export { dataFileName, indexFileName } from './shard-files.ts';
