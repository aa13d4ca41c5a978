/**
 * A bounds-checked protobuf wire reader for the few places the generated decoders do not fit:
 * uint64 values that must stay exact (fingerprint hashes), and sniffing a file's structure
 * from its first bytes. Every length is checked against the bytes available before use.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export interface WireField {
  field: number;
  wire: number;
  /** Offset of the tag within the buffer. */
  offset: number;
  /** VARINT / FIXED values. */
  value: bigint;
  /** LEN fields: where the payload starts and ends. */
  start: number;
  end: number;
}

export class WireError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'WireError';
    this.offset = offset;
  }
}

/** Reads a varint at `pos`; returns the value and the position after it. */
export function readVarint(buf: Uint8Array, pos: number, end: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = pos; i < end && i < pos + 10; i++) {
    const byte = buf[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: i + 1 };
    shift += 7n;
  }
  throw new WireError(pos + 10 <= end ? 'varint longer than 10 bytes' : 'varint runs past the end of the data', pos);
}

/** Iterates the fields of one message in buf[start, end), checking every length first. */
export function* wireFields(buf: Uint8Array, start: number, end: number): Generator<WireField> {
  let pos = start;
  while (pos < end) {
    const offset = pos;
    const tag = readVarint(buf, pos, end);
    pos = tag.next;
    if (tag.value > 0xffffffffn) throw new WireError('tag does not fit 32 bits', offset);
    const field = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (field === 0) throw new WireError('field number 0', offset);
    switch (wire) {
      case WIRE_VARINT: {
        const v = readVarint(buf, pos, end);
        pos = v.next;
        yield { field, wire, offset, value: v.value, start: pos, end: pos };
        break;
      }
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const size = wire === WIRE_FIXED64 ? 8 : 4;
        if (pos + size > end) throw new WireError(`fixed${size * 8} field ${field} runs past the end of the data`, offset);
        let value = 0n;
        for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(buf[pos + i]!);
        pos += size;
        yield { field, wire, offset, value, start: pos, end: pos };
        break;
      }
      case WIRE_LEN: {
        const len = readVarint(buf, pos, end);
        pos = len.next;
        const payloadEnd = pos + Number(len.value);
        if (len.value > BigInt(Number.MAX_SAFE_INTEGER) || payloadEnd > end) {
          throw new WireError(`field ${field} declares ${len.value} bytes but only ${end - pos} remain`, offset);
        }
        yield { field, wire, offset, value: len.value, start: pos, end: payloadEnd };
        pos = payloadEnd;
        break;
      }
      default:
        // Groups (3/4) are not used by any TensorFlow proto; treat them as corruption.
        throw new WireError(`unsupported wire type ${wire} for field ${field}`, offset);
    }
  }
}
