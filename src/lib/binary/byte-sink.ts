/** A growable byte buffer for the writers (tables, data shards and protobuf messages are built in memory). */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.byteLength) return;
    let size = this.buf.byteLength * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): this {
    this.reserve(1);
    this.buf[this.length++] = b & 0xff;
    return this;
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Unsigned varint; negative values use the 10-byte two's complement form (int64 fields). */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff) {
      let v = value;
      while (v >= 0x80) {
        this.byte((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      return this.byte(v);
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    return this.byte(Number(v));
  }

  fixed32(value: number): this {
    this.reserve(4);
    const v = value >>> 0;
    this.buf[this.length++] = v & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = (v >>> 16) & 0xff;
    this.buf[this.length++] = (v >>> 24) & 0xff;
    return this;
  }

  fixed32BigEndian(value: number): this {
    const v = value >>> 0;
    return this.byte(v >>> 24)
      .byte(v >>> 16)
      .byte(v >>> 8)
      .byte(v);
  }

  /** The bytes written so far (a view; copy before writing more if it must stay stable). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}
