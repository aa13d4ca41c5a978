/**
 * Reads the elements of a DT_STRING tensor from its stored bytes:
 *   [varint64 len0]..[varint64 lenN-1][4-byte masked crc32c of the lengths][bytes0]..[bytesN-1]
 * Element views point into `bytes`; nothing is sized by a length before it is checked against
 * the bytes that are really there.
 */
import { DecodeError } from '../../errors.ts';
import { ByteReader } from '../../binary/byte-reader.ts';

export function decodeStringTensor(bytes: Uint8Array, elements: number, file: string, base: number, what: string): Uint8Array[] {
  if (elements > bytes.byteLength) {
    throw new DecodeError(file, `${what}: ${elements} string lengths cannot fit in ${bytes.byteLength} bytes`, { offset: base });
  }
  const cursor = new ByteReader(bytes, 0, bytes.byteLength, { file, base });
  const lengths: number[] = [];
  for (let i = 0; i < elements; i++) lengths.push(cursor.varint(`${what} string length`));
  cursor.pos += 4; // checksum of the lengths (verified by verifyCheckpoint)
  const out: Uint8Array[] = [];
  for (const length of lengths) {
    if (length > bytes.byteLength - cursor.pos) {
      throw new DecodeError(file, `${what}: a ${length}-byte string runs past the tensor's ${bytes.byteLength} bytes`, {
        offset: base + Math.min(cursor.pos, bytes.byteLength),
      });
    }
    out.push(bytes.subarray(cursor.pos, cursor.pos + length));
    cursor.pos += length;
  }
  return out;
}
