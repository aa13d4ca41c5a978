/**
 * How deep a graph protobuf nests, counted the way TensorFlow's parser counts. Our decoders read
 * a non-recursive subset (AttrValue.func keeps only the function's name), so a GraphDef whose
 * attributes nest 100,000 levels deep decodes fine here; TensorFlow does not load it. Its
 * protobuf parser stops at 100 nested messages: TF 2.21 with protobuf 7.36 (upb, Python: how
 * tf.saved_model.load and GraphDef.ParseFromString read files) accepts a message at depth 100
 * (the root is depth 0) and fails at 101 with "Error parsing message with type
 * 'tensorflow.GraphDef': Exceeded upb_DecodeOptions_MaxDepth"; C++ protobuf's default recursion
 * limit is the same 100. Groups count as levels too (upb then says "Wire format was corrupt").
 *
 * The walk is iterative and follows only fields that hold messages (message-fields.ts, generated
 * from TensorFlow's own descriptors), so it costs one pass over the bytes at most and stops at
 * the first level past the limit. Malformed bytes end the walk quietly: the decoders report them.
 */
import { DecodeError } from '../../errors.ts';
import { WireType } from '../../binary/wire-types.ts';
import { MESSAGE_FIELDS } from './message-fields.ts';

/** The deepest message TensorFlow's protobuf parser accepts (the root message is depth 0). */
export const TF_PROTO_MAX_DEPTH = 100;

export interface TooDeep {
  /** The nesting depth reached (TF_PROTO_MAX_DEPTH + 1). */
  depth: number;
  /** Byte offset of the field that opens the level past the limit. */
  offset: number;
  /** Message types from the root down (groups as `group <field>`). */
  path: string[];
  /** True when a group (not a message field) went past the limit. */
  group: boolean;
}

interface Frame {
  type: string;
  end: number;
  /** For a group: its field number (it ends at the matching END_GROUP tag). */
  group: number | null;
}

/**
 * The first place `bytes`, read as `root`, nests deeper than `limit` levels; null when it never
 * does (or when the bytes stop making sense first).
 */
export function findTooDeep(bytes: Uint8Array, root: string, limit = TF_PROTO_MAX_DEPTH): TooDeep | null {
  const stack: Frame[] = [{ type: root, end: bytes.length, group: null }];
  let pos = 0;
  const varint = (): number | null => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) return null;
      const b = bytes[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    return null;
  };
  const tooDeep = (offset: number, group: boolean): TooDeep => ({
    depth: stack.length,
    offset,
    path: stack.map((f) => f.type),
    group,
  });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (pos >= frame.end) {
      if (frame.group !== null || pos > frame.end) return null; // a group must end with its tag
      stack.pop();
      continue;
    }
    const at = pos;
    const tag = varint();
    if (tag === null || tag > 0xffffffff) return null;
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) return null;
    switch (wire) {
      case WireType.VARINT:
        if (varint() === null) return null;
        break;
      case WireType.FIXED64:
        pos += 8;
        break;
      case WireType.FIXED32:
        pos += 4;
        break;
      case WireType.LEN: {
        const length = varint();
        if (length === null || length > frame.end - pos) return null;
        const child = MESSAGE_FIELDS[frame.type]?.[field];
        if (child === undefined) {
          pos += length;
          break;
        }
        stack.push({ type: child, end: pos + length, group: null });
        if (stack.length - 1 > limit) return tooDeep(at, false);
        break;
      }
      case 3: // START_GROUP: nested until the matching END_GROUP
        stack.push({ type: `group ${field}`, end: frame.end, group: field });
        if (stack.length - 1 > limit) return tooDeep(at, true);
        break;
      case 4: // END_GROUP
        if (frame.group !== field) return null;
        stack.pop();
        break;
      default:
        return null;
    }
  }
  return null;
}

/** A DecodeError saying TensorFlow would fail to parse `file` as `root`, or null when it nests within the limit. */
export function tooDeepForTensorFlow(file: string, bytes: Uint8Array, root: string): DecodeError | null {
  const found = findTooDeep(bytes, root);
  if (!found) return null;
  const names = found.path;
  const shown = names.length > 9 ? [...names.slice(0, 6), '…', ...names.slice(-3)] : names;
  const tfMessage = found.group ? 'Wire format was corrupt' : 'Exceeded upb_DecodeOptions_MaxDepth';
  return new DecodeError(
    file,
    `messages nest past depth ${TF_PROTO_MAX_DEPTH} (${shown.join(' > ')}): TensorFlow's protobuf parser stops at depth ${TF_PROTO_MAX_DEPTH}, so loading fails with "Error parsing message with type 'tensorflow.${root}': ${tfMessage}"`,
    {
      code: 'too_deep',
      offset: found.offset,
      hint: 'No TensorFlow writer nests this deep: the file is corrupted or was built by hand.',
    },
  );
}
