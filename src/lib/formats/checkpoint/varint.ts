/**
 * Varint reading over a byte view, as LevelDB tables and tensor bundles encode lengths and
 * offsets. Values are plain numbers: anything above 2^53 cannot be a real size or offset, so it
 * is reported as an error rather than silently rounded.
 */
import { DecodeError } from '../../errors.ts';

/** A read position inside `bytes`; `base` is where `bytes` starts in `file` (for error offsets). */
export class ByteCursor {
  pos: number;
  readonly bytes: Uint8Array;
  readonly end: number;
  readonly file: string;
  readonly base: number;

  constructor(bytes: Uint8Array, file: string, base: number, pos = 0, end = bytes.byteLength) {
    this.bytes = bytes;
    this.file = file;
    this.base = base;
    this.pos = pos;
    this.end = end;
  }

  /** Unsigned varint up to 64 bits; fails past `end` or above Number.MAX_SAFE_INTEGER. */
  varint(what: string): number {
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) {
        throw new DecodeError(this.file, `${what}: varint runs past the end of its block`, { offset: this.base + start });
      }
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(value)) {
          throw new DecodeError(this.file, `${what}: varint value ${value} is too large to be a size or offset`, {
            offset: this.base + start,
          });
        }
        return value;
      }
      scale *= 128;
    }
    throw new DecodeError(this.file, `${what}: varint longer than 10 bytes`, { offset: this.base + start });
  }
}

/** Appends the varint encoding of a non-negative safe integer. */
export function pushVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint value out of range: ${value}`);
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}
