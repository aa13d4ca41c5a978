/**
 * The one reader of binary structure: varints, fixed-width little-endian integers and protobuf
 * wire fields, every read bounds-checked against the end of the region being read. LevelDB
 * tables, tensor bundle entries, object graphs, fingerprints and the sniffers all read through
 * it. A failure is a DecodeError naming the file and the absolute byte offset.
 */
import { DecodeError } from '../errors.ts';
import { utf8Decode } from '../utf8.ts';
import { WireType } from './wire-types.ts';

export interface ReaderContext {
  /** The file the bytes come from, for error messages. */
  file: string;
  /** Where `bytes[0]` sits in that file, so errors give absolute offsets. */
  base: number;
}

/** One field of a protobuf message, as the wire has it. */
export interface WireField {
  field: number;
  wire: number;
  /** Offset of the tag within the buffer. */
  offset: number;
  /** VARINT / FIXED values (exact, unsigned 64-bit); LEN: the payload length. */
  value: bigint;
  /** LEN fields: where the payload starts and ends. */
  start: number;
  end: number;
}

/** Bytes whose file the caller names when it wraps the error: messages say only what and where. */
const NO_FILE: ReaderContext = { file: '', base: 0 };

export class ByteReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.byteLength,
    readonly context: ReaderContext = NO_FILE,
  ) {
    this.pos = start;
  }

  /** A reader over [start, end) of the same bytes, with the same file context. */
  sub(start: number, end: number): ByteReader {
    return new ByteReader(this.bytes, start, end, this.context);
  }

  fail(what: string, at = this.pos): never {
    throw new DecodeError(this.context.file, what, { offset: this.context.base + at });
  }

  /** Unsigned varint that must be a size, offset, count or tag: at most 2^53 - 1. */
  varint(what = 'varint'): number {
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail(`${what}: varint runs past the end of the data`, start);
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(value)) this.fail(`${what}: varint value ${value} is too large to be a size or offset`, start);
        return value;
      }
      scale *= 128;
    }
    return this.fail(`${what}: varint longer than 10 bytes`, start);
  }

  /** Unsigned 64-bit varint, exact. */
  varint64(what = 'varint'): bigint {
    const start = this.pos;
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail(`${what}: varint runs past the end of the data`, start);
      const b = this.bytes[this.pos++]!;
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, value);
      shift += 7n;
    }
    return this.fail(`${what}: varint longer than 10 bytes`, start);
  }

  /** int32 as protobuf reads it: the low 32 bits of the varint, signed. */
  int32(what = 'int32'): number {
    const start = this.pos;
    let low = 0;
    for (let i = 0, shift = 0; i < 10; i++, shift += 7) {
      if (this.pos >= this.end) this.fail(`${what}: varint runs past the end of the data`, start);
      const b = this.bytes[this.pos++]!;
      if (shift < 32) low |= (b & 0x7f) << shift;
      if (b < 0x80) return low | 0;
    }
    return this.fail(`${what}: varint longer than 10 bytes`, start);
  }

  /** int64 as the generated decoders read it (two's complement, to the nearest double beyond 2^53). */
  int64(what = 'int64'): number {
    const start = this.pos;
    let low = 0;
    let high = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail(`${what}: varint runs past the end of the data`, start);
      const b = this.bytes[this.pos++]!;
      if (i < 4) low |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        low |= (b & 0x0f) << 28;
        high |= (b & 0x7f) >> 4;
      } else high |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) return (high | 0) * 0x100000000 + (low >>> 0);
    }
    return this.fail(`${what}: varint longer than 10 bytes`, start);
  }

  /** Little-endian fixed32, unsigned. */
  fixed32(what = 'fixed32'): number {
    if (this.end - this.pos < 4) this.fail(`${what} runs past the end of the data`);
    const value = readU32(this.bytes, this.pos);
    this.pos += 4;
    return value;
  }

  /** Little-endian fixed64, unsigned and exact. */
  fixed64(what = 'fixed64'): bigint {
    if (this.end - this.pos < 8) this.fail(`${what} runs past the end of the data`);
    const value = readU64(this.bytes, this.pos);
    this.pos += 8;
    return value;
  }

  /** A length-delimited field's [start, end), checked against what is left. */
  span(what = 'field'): [number, number] {
    const at = this.pos;
    const length = this.varint(what);
    if (length > this.end - this.pos) {
      this.fail(`${what} declares ${length} bytes but only ${this.end - this.pos} remain: it runs past the end of the data`, at);
    }
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  /** A length-delimited field as strict UTF-8 (as the generated decoders read strings). */
  string(what = 'string'): string {
    const [start, end] = this.span(what);
    return start === end ? '' : utf8Decode(this.bytes.subarray(start, end), true);
  }

  /** Skips one field's value of the given wire type. */
  skip(wire: number): void {
    if (wire === WireType.VARINT) this.skipVarint();
    else if (wire === WireType.FIXED64) this.advance(8);
    else if (wire === WireType.FIXED32) this.advance(4);
    else if (wire === WireType.LEN) this.span();
    else this.fail(`unsupported wire type ${wire}`);
  }

  /** A protobuf tag: field number and wire type. Field 0 and tags above 32 bits are damage. */
  tag(message = 'message'): { field: number; wire: number } {
    const at = this.pos;
    const tag = this.varint(`${message} tag`);
    if (tag > 0xffffffff) this.fail(`${message}: tag does not fit 32 bits`, at);
    const field = Math.floor(tag / 8);
    if (field === 0) this.fail(`${message}: field number 0`, at);
    return { field, wire: tag % 8 };
  }

  /** Iterates the fields of one message in [pos, end), checking every length first. */
  *fields(message = 'message'): Generator<WireField> {
    while (this.pos < this.end) {
      const offset = this.pos;
      const { field, wire } = this.tag(message);
      switch (wire) {
        case WireType.VARINT: {
          const value = this.varint64(`${message} field ${field}`);
          yield { field, wire, offset, value, start: this.pos, end: this.pos };
          break;
        }
        case WireType.FIXED64:
        case WireType.FIXED32: {
          const value = wire === WireType.FIXED64 ? this.fixed64(`fixed64 field ${field}`) : BigInt(this.fixed32(`fixed32 field ${field}`));
          yield { field, wire, offset, value, start: this.pos, end: this.pos };
          break;
        }
        case WireType.LEN: {
          const [start, end] = this.span(`${message} field ${field}`);
          yield { field, wire, offset, value: BigInt(end - start), start, end };
          break;
        }
        default:
          // Groups (3/4) are not used by any TensorFlow proto; treat them as corruption.
          this.fail(`${message}: unsupported wire type ${wire} for field ${field}`, offset);
      }
    }
  }

  /** Fails unless a field has the wire type its schema gives it. */
  expectWire(field: number, wire: number, want: number, message: string): void {
    if (wire !== want) this.fail(`${message} field ${field} has wire type ${wire}, expected ${want}`);
  }

  private skipVarint(): void {
    const start = this.pos;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('varint runs past the end of the data', start);
      if (this.bytes[this.pos++]! < 0x80) return;
    }
    this.fail('varint longer than 10 bytes', start);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) this.fail('a fixed-width field runs past the end of the data');
    this.pos += n;
  }
}

/** Little-endian unsigned 32-bit integer at `offset` (the caller checked the bounds). */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

/** Little-endian unsigned 64-bit integer at `offset`, exact (the caller checked the bounds). */
export function readU64(bytes: Uint8Array, offset: number): bigint {
  return (BigInt(readU32(bytes, offset + 4)) << 32n) | BigInt(readU32(bytes, offset));
}
