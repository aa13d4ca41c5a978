/**
 * A minimal protobuf wire reader for the hot decode paths of a checkpoint (index entries, the
 * object graph), where going through protobufjs objects first would allocate every message
 * twice. Every read is bounds-checked against the message's end; errors are plain Errors that
 * the caller turns into a DecodeError naming the file.
 */
import { utf8Decode } from '../../utf8.ts';

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

/** A cursor over one message's bytes; every read is bounds-checked against `end`. */
export class Wire {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** Unsigned varint up to 2^53 (enough for tags and lengths). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error(`truncated varint at byte ${this.pos}`);
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** int32 as protobuf reads it: the low 32 bits of the varint, signed. */
  int32(): number {
    let low = 0;
    for (let i = 0, shift = 0; i < 10; i++, shift += 7) {
      if (this.pos >= this.end) throw new Error(`truncated varint at byte ${this.pos}`);
      const b = this.bytes[this.pos++]!;
      if (shift < 32) low |= (b & 0x7f) << shift;
      if (b < 0x80) return low | 0;
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** int64 as the generated decoders read it (two's complement, to the nearest double beyond 2^53). */
  int64(): number {
    let low = 0;
    let high = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error(`truncated varint at byte ${this.pos}`);
      const b = this.bytes[this.pos++]!;
      if (i < 4) low |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        low |= (b & 0x0f) << 28;
        high |= (b & 0x7f) >> 4;
      } else high |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) return (high | 0) * 0x100000000 + (low >>> 0);
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** Little-endian fixed32, unsigned. */
  fixed32(): number {
    if (this.end - this.pos < 4) throw new Error(`truncated fixed32 at byte ${this.pos}`);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A length-delimited field's [start, end), checked against what is left. */
  span(): [number, number] {
    const length = this.varint();
    if (length > this.end - this.pos)
      throw new Error(`a ${length}-byte field at byte ${this.pos} runs past its message's end (${this.end})`);
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  string(): string {
    const [start, end] = this.span();
    return decodeString(this.bytes, start, end);
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.advance(8);
    else if (wire === FIXED32) this.advance(4);
    else if (wire === LENGTH_DELIMITED) this.span();
    else throw new Error(`unsupported wire type ${wire} at byte ${this.pos}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new Error(`truncated field at byte ${this.pos}`);
    this.pos += n;
  }
}

/**
 * Strict UTF-8, as the generated decoders read strings, but through TextDecoder: flat strings
 * (protobufjs builds short strings a character at a time, and hashing those as Map keys costs more).
 */
function decodeString(bytes: Uint8Array, start: number, end: number): string {
  return start === end ? '' : utf8Decode(bytes.subarray(start, end), true);
}

export function expectWire(field: number, wire: number, want: number, message: string): void {
  if (wire !== want) throw new Error(`${message} field ${field} has wire type ${wire}, expected ${want}`);
}
