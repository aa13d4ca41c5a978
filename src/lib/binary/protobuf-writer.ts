/**
 * The one protobuf wire encoder (the generated code is decode-only): the writers use it, and the
 * text-format reader uses it to turn a parsed .pbtxt into the binary the decoders read. Fields
 * are written in call order; a nested message is encoded first and copied in with its length.
 * The `IfSet` variants leave out proto3 defaults, as TensorFlow's C++ serializer does.
 */
import { utf8Encode } from '../utf8.ts';
import { ByteSink } from './byte-sink.ts';
import { WireType } from './wire-types.ts';

export class ProtoWriter {
  private readonly sink = new ByteSink(64);

  private tag(field: number, wire: number): void {
    this.sink.varint(field * 8 + wire);
  }

  /** int32/int64/uint64/enum/bool; negative values take ten bytes, as protobuf does. */
  uint(field: number, value: number | bigint | boolean): this {
    this.tag(field, WireType.VARINT);
    this.sink.varint(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    return this;
  }

  /** Like `uint` but omitted when zero/false (proto3 default). */
  uintIfSet(field: number, value: number | bigint | boolean | null | undefined): this {
    if (value === null || value === undefined || value === 0 || value === 0n || value === false) return this;
    return this.uint(field, value);
  }

  fixed64(field: number, value: bigint): this {
    this.tag(field, WireType.FIXED64);
    const v = BigInt.asUintN(64, value);
    this.sink.fixed32(Number(v & 0xffffffffn)).fixed32(Number(v >> 32n));
    return this;
  }

  fixed32(field: number, value: number): this {
    this.tag(field, WireType.FIXED32);
    this.sink.fixed32(value);
    return this;
  }

  /** Like `fixed32` but omitted when zero (proto3 default). */
  fixed32IfSet(field: number, value: number | null | undefined): this {
    return value ? this.fixed32(field, value) : this;
  }

  float(field: number, value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, value, true);
    this.tag(field, WireType.FIXED32);
    this.sink.bytes(out);
    return this;
  }

  double(field: number, value: number): this {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, value, true);
    this.tag(field, WireType.FIXED64);
    this.sink.bytes(out);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LEN);
    this.sink.varint(value.byteLength);
    this.sink.bytes(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8Encode(value));
  }

  /** Omitted when empty (proto3 default). */
  stringIfSet(field: number, value: string | null | undefined): this {
    return value ? this.string(field, value) : this;
  }

  /** A nested message, given as a writer or built by a callback (written even when empty). */
  message(field: number, inner: ProtoWriter | ((w: ProtoWriter) => void)): this {
    const w = inner instanceof ProtoWriter ? inner : new ProtoWriter();
    if (!(inner instanceof ProtoWriter)) inner(w);
    return this.bytes(field, w.sink.view());
  }

  /** A map<string, V> entry: key = 1, value = 2. */
  mapEntry(field: number, key: string, value: (w: ProtoWriter) => void): this {
    return this.message(field, (e) => e.string(1, key).message(2, value));
  }

  /** Bytes that are already one or more encoded fields (tag included), copied as they are. */
  raw(encoded: Uint8Array): this {
    this.sink.bytes(encoded);
    return this;
  }

  finish(): Uint8Array {
    return this.sink.toBytes();
  }
}
