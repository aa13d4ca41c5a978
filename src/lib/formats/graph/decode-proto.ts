/**
 * Runs a generated protobufjs decoder over bytes and turns whatever it throws (index out of
 * range, invalid UTF-8, max depth exceeded, stack overflow) into a DecodeError that names the
 * file, the message type and the byte offset the reader had reached.
 */
import $protobuf from 'protobufjs/minimal.js';
import { DecodeError } from '../../errors.ts';
import '../../proto/index.ts'; // configures int64 -> number before any decode

export function decodeProto<T>(file: string, bytes: Uint8Array, type: string, decode: (reader: $protobuf.Reader) => T): T {
  const reader = $protobuf.Reader.create(bytes);
  try {
    const message = decode(reader);
    if (reader.pos !== bytes.byteLength) {
      throw new DecodeError(file, `${type}: decoding stopped at byte ${reader.pos} of ${bytes.byteLength}`, { offset: reader.pos });
    }
    return message;
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const deep = /depth|call stack/i.test(message);
    throw new DecodeError(file, `${type} cannot be decoded: ${message}`, {
      code: deep ? 'too_deep' : 'malformed',
      offset: reader.pos,
      hint: deep
        ? 'The file nests messages deeper than any TensorFlow file does: it is corrupted or hostile.'
        : `The file is truncated, corrupted, or not a ${type}.`,
      cause: error,
    });
  }
}
