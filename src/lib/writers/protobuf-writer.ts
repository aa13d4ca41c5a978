/**
 * A minimal protobuf wire encoder for the writers (the generated code is decode-only). Fields
 * are appended in call order; nested messages are encoded first and copied in with their length.
 */
interface Utf8Encoder {
  encode(text: string): Uint8Array;
}
// No DOM types in src/lib: TextEncoder is reached through globalThis.
const encoder = new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();

export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.byteLength;
  }

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private tag(field: number, wire: number): void {
    this.varint(BigInt(field) * 8n + BigInt(wire));
  }

  /** int32/int64/uint64/enum/bool; negative values take ten bytes, as protobuf does. */
  uint(field: number, value: number | bigint | boolean): this {
    this.tag(field, 0);
    this.varint(typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value));
    return this;
  }

  /** Like `uint` but omitted when zero/false (proto3 default). */
  uintIfSet(field: number, value: number | bigint | boolean | null | undefined): this {
    if (value === null || value === undefined || value === 0 || value === 0n || value === false) return this;
    return this.uint(field, value);
  }

  fixed64(field: number, value: bigint): this {
    this.tag(field, 1);
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    this.push(out);
    return this;
  }

  fixed32(field: number, value: number): this {
    this.tag(field, 5);
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value >>> 0, true);
    this.push(out);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, value, true);
    this.push(out);
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, value, true);
    this.push(out);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(BigInt(value.byteLength));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** Omitted when empty (proto3 default). */
  stringIfSet(field: number, value: string | null | undefined): this {
    return value ? this.string(field, value) : this;
  }

  message(field: number, inner: ProtoWriter | ((w: ProtoWriter) => void)): this {
    const w = inner instanceof ProtoWriter ? inner : new ProtoWriter();
    if (!(inner instanceof ProtoWriter)) inner(w);
    return this.bytes(field, w.finish());
  }

  /** A map<string, V> entry: key = 1, value = 2. */
  mapEntry(field: number, key: string, value: (w: ProtoWriter) => void): this {
    return this.message(field, (e) => e.string(1, key).message(2, value));
  }

  finish(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    this.chunks = [out];
    return out;
  }
}
