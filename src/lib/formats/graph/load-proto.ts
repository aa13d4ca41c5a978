/**
 * Reads a graph protobuf file whole (binary or text format) and returns its binary form, so
 * text twins go through the same generated decoders as binary files.
 */
import { readAll, type ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { sniffProtobuf, sniffTextProto, type GraphProtoKind } from './sniff.ts';
import { tooDeepForTensorFlow } from './proto-depth.ts';
import { parseTextProto } from './text-format.ts';
import { textToBinary } from './text-to-binary.ts';
import { utf8Decode } from '../../utf8.ts';

/** Protobuf's own ceiling for one serialized message. */
export const BINARY_LIMIT = 2 ** 31 - 1;
/** Text protos are parsed into a tree first: keep them smaller. */
export const TEXT_LIMIT = 256 * 1024 * 1024;

const KIND_NAMES: Record<GraphProtoKind, string> = { saved_model: 'SavedModel', meta_graph: 'MetaGraphDef', graph_def: 'GraphDef' };
const ROOT_TYPES: Record<GraphProtoKind, string> = { saved_model: 'SavedModel', meta_graph: 'MetaGraphDef', graph_def: 'GraphDef' };

export interface LoadedProto {
  bytes: Uint8Array;
  text: boolean;
}

export async function loadGraphProto(source: ByteSource, expected: GraphProtoKind): Promise<LoadedProto> {
  const bytes = await readAll(source, BINARY_LIMIT, KIND_NAMES[expected]);
  const head = bytes.subarray(0, 65536);
  const binaryKind = sniffProtobuf(head, bytes.byteLength);
  if (binaryKind === expected) return binary(source, bytes, expected);
  // Only the head is decoded to decide; the whole file only once it looks like text.
  const textKind = sniffTextProto(utf8Decode(bytes.subarray(0, 4096), false));
  if (textKind === expected || (textKind === null && binaryKind === null && /\.pbtxt$/i.test(source.path))) {
    if (bytes.byteLength > TEXT_LIMIT) {
      throw new DecodeError(
        source.path,
        `text ${KIND_NAMES[expected]} is ${bytes.byteLength} bytes, above the ${TEXT_LIMIT}-byte limit for text protos`,
        { code: 'too_large' },
      );
    }
    const text = utf8OrNull(bytes);
    if (text === null) throw new DecodeError(source.path, 'text proto is not valid UTF-8', { hint: 'The file is binary or corrupted.' });
    const tree = parseTextProto(source.path, text);
    return { bytes: textToBinary(source.path, tree, ROOT_TYPES[expected]), text: true };
  }
  const other = binaryKind ?? textKind;
  if (other !== null) {
    throw new DecodeError(source.path, `this is a ${KIND_NAMES[other]}, not a ${KIND_NAMES[expected]}`, {
      code: 'wrong_format',
      offset: 0,
      hint:
        other === 'saved_model'
          ? 'Open the SavedModel directory instead.'
          : other === 'meta_graph'
            ? 'Open it as a .meta file.'
            : 'Open it as a frozen graph.',
    });
  }
  // Nothing recognisable: decode as binary anyway so the error names the offset where it breaks.
  return binary(source, bytes, expected);
}

/**
 * Binary bytes, refused when they nest deeper than TensorFlow's parser goes: our subset would
 * decode them, TensorFlow would not load them (proto-depth.ts).
 */
function binary(source: ByteSource, bytes: Uint8Array, expected: GraphProtoKind): LoadedProto {
  const deep = tooDeepForTensorFlow(source.path, bytes, ROOT_TYPES[expected]);
  if (deep) throw deep;
  return { bytes, text: false };
}

function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return utf8Decode(bytes, true);
  } catch {
    return null;
  }
}
