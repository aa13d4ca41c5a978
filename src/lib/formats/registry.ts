/**
 * Every kind of file an artifact can be rooted at, with what it takes to handle it: how its
 * content is recognized, which names mean it when damage hides the content, the artifact format
 * it yields and its decoder. The map is typed by ArtifactKind, so adding a kind without all four
 * does not compile. Entries are tried in this order when sniffing.
 */
import { type ByteSource, type FileSet, requireFile } from '../byte-source.ts';
import type { ArtifactFormat, ModelFacts } from '../facts.ts';
import { isGzip, unpackTarGz } from './archive/tar-gz.ts';
import { decodeCheckpoint, decodeTensorSliceCheckpoint, sniffTable } from './checkpoint/index.ts';
import { decodeCheckpointReaderText, isCheckpointReaderText } from './checkpoint-text/index.ts';
import {
  decodeGraphDefFile,
  decodeMetaGraphFile,
  decodeSavedModel,
  type GraphProtoKind,
  sniffProtobuf,
  sniffTextProto,
} from './graph/index.ts';
import { decodeKerasH5, decodeKerasZip, sniffKeras } from './keras/index.ts';

export type ArtifactKind =
  | 'tar_gz' // an archive of artifacts (TF Hub modules): unpacked and inspected inside
  | 'hdf5' // Keras legacy .h5 or Keras 3 .weights.h5
  | 'zip' // Keras 3 .keras
  | 'bundle_index' // V2 checkpoint .index (LevelDB table with a BundleHeaderProto)
  | 'tensor_slices' // V1 checkpoint (LevelDB table of SavedTensorSlices)
  | 'saved_model'
  | 'meta_graph'
  | 'graph_def'
  | 'tensor_slices_text' // a V1 checkpoint written as text (TF's checkpoint-reader fuzz inputs)
  | 'saved_model_text'
  | 'meta_graph_text'
  | 'graph_def_text';

/** What a sniffer may look at: the file, its first bytes, and probes computed once. */
export interface Probe {
  source: ByteSource;
  head: Uint8Array;
  keras(): 'hdf5' | 'zip' | null;
  table(): Promise<'bundle' | 'tensor_slices' | null>;
  protobuf(): GraphProtoKind | null;
  /** The head as text, or null when it is binary. */
  text(): string | null;
  textProto(): GraphProtoKind | null;
}

/** Where an artifact is and what belongs to it (from sniffing). */
export interface ArtifactRoot {
  path: string;
  files: string[];
  /** For a SavedModel: the prefix of its variables checkpoint, when present. */
  variables_prefix: string | null;
}

export interface ArtifactHandler {
  /** The format the artifact is reported as (the Keras decoders refine keras_v3 / keras_h5). */
  format: ArtifactFormat;
  /** True when the content is this kind. */
  sniff(probe: Probe): boolean | Promise<boolean>;
  /** A file name that means this kind when damage hides the content, or null. */
  byName: RegExp | null;
  /** Decodes the artifact; archives hand their unpacked files to `inspectInner`. */
  decode(set: FileSet, root: ArtifactRoot, inspectInner: (inner: FileSet) => Promise<ModelFacts>): Promise<ModelFacts>;
}

function fileIn(set: FileSet, path: string): ByteSource {
  return requireFile(set, path, 'file vanished from the file set');
}

export const ARTIFACT_KINDS = {
  tar_gz: {
    format: 'unknown',
    sniff: (p) => isGzip(p.head),
    byName: null,
    decode: async (set, root, inspectInner) => inspectInner(await unpackTarGz(fileIn(set, root.path))),
  },
  hdf5: {
    format: 'keras_h5',
    sniff: (p) => p.keras() === 'hdf5',
    byName: /\.(h5|hdf5)$/,
    decode: (set, root) => decodeKerasH5(fileIn(set, root.path)),
  },
  zip: {
    format: 'keras_v3',
    sniff: (p) => p.keras() === 'zip',
    byName: /\.keras$/,
    decode: (set, root) => decodeKerasZip(fileIn(set, root.path)),
  },
  bundle_index: {
    format: 'checkpoint',
    sniff: async (p) => (await p.table()) === 'bundle',
    byName: /\.index$/,
    decode: (set, root) => decodeCheckpoint(set, root.path),
  },
  tensor_slices: {
    format: 'checkpoint_v1',
    sniff: async (p) => (await p.table()) === 'tensor_slices',
    byName: /-\d{5}-of-\d{5}$/,
    decode: (set, root) => decodeTensorSliceCheckpoint(set, root.path),
  },
  saved_model: {
    format: 'saved_model',
    sniff: (p) => p.protobuf() === 'saved_model',
    byName: /^saved_model\.pb$/,
    decode: (set, root) => decodeSavedModel(set, root.path, root.variables_prefix && `${root.variables_prefix}.index`),
  },
  meta_graph: {
    format: 'tf1_meta',
    sniff: (p) => p.protobuf() === 'meta_graph',
    byName: /\.meta$/,
    decode: (set, root) => decodeMetaGraphFile(set, root.path),
  },
  graph_def: {
    format: 'graph_def',
    sniff: (p) => p.protobuf() === 'graph_def',
    // saved_model.pb has its own entry; keras_metadata.pb and fingerprint.pb are companions.
    byName: /^(?!saved_model\.pb$|keras_metadata\.pb$|fingerprint\.pb$).*\.pb$/,
    decode: (set, root) => decodeGraphDefFile(set, root.path),
  },
  tensor_slices_text: {
    format: 'checkpoint_v1',
    sniff: (p) => {
      const text = p.text();
      return text !== null && isCheckpointReaderText(text);
    },
    byName: null,
    decode: (set, root) => decodeCheckpointReaderText(fileIn(set, root.path)),
  },
  saved_model_text: {
    format: 'saved_model',
    sniff: (p) => p.textProto() === 'saved_model',
    byName: /^saved_model\.pbtxt$/,
    decode: (set, root) => decodeSavedModel(set, root.path, root.variables_prefix && `${root.variables_prefix}.index`),
  },
  meta_graph_text: {
    format: 'tf1_meta',
    sniff: (p) => p.textProto() === 'meta_graph',
    byName: null,
    decode: (set, root) => decodeMetaGraphFile(set, root.path),
  },
  graph_def_text: {
    format: 'graph_def',
    sniff: (p) => p.textProto() === 'graph_def',
    byName: /^(?!saved_model\.pbtxt$).*\.pbtxt$/,
    decode: (set, root) => decodeGraphDefFile(set, root.path),
  },
} as const satisfies Record<ArtifactKind, ArtifactHandler>;

export const ARTIFACT_KIND_ORDER = Object.keys(ARTIFACT_KINDS) as ArtifactKind[];

export function isArtifactKind(kind: string): kind is ArtifactKind {
  return Object.hasOwn(ARTIFACT_KINDS, kind);
}

/** The probes a file's sniffing shares, each computed at most once. */
export function probeOf(source: ByteSource, head: Uint8Array, asText: (head: Uint8Array) => string | null): Probe {
  const text = once(() => asText(head));
  return {
    source,
    head,
    keras: once(() => sniffKeras(head)),
    table: once(() => sniffTable(source).catch(() => null)),
    protobuf: once(() => sniffProtobuf(head, source.size)),
    text,
    textProto: once(() => {
      const t = text();
      return t === null ? null : sniffTextProto(t);
    }),
  };
}

function once<T>(compute: () => T): () => T {
  let computed = false;
  let value: T;
  return () => {
    if (!computed) {
      value = compute();
      computed = true;
    }
    return value;
  };
}
