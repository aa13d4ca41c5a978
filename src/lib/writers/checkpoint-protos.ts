/**
 * Protobuf encoding of the checkpoint messages the writer emits, with C++ proto3
 * serialization's choices (field-number order, default scalars omitted, present sub-messages
 * written even when empty) so our bytes match TensorFlow's. Field numbers: tensor_bundle.proto,
 * tensor_shape.proto, tensor_slice.proto, trackable_object_graph.proto.
 */
import type { SliceExtent } from '../formats/checkpoint/slice-key.ts';
import { utf8Encode } from '../utf8.ts';
import { ByteSink } from './checkpoint-bytes.ts';

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

class Proto {
  readonly sink = new ByteSink(64);
  private tag(field: number, wire: number): void {
    this.sink.varint((field << 3) | wire);
  }
  /** Omitted when zero, as proto3 does for scalars. */
  varint(field: number, value: number | bigint): this {
    if (value === 0 || value === 0n) return this;
    this.tag(field, VARINT);
    this.sink.varint(value);
    return this;
  }
  /** Written even when zero (oneof members have presence). */
  varintAlways(field: number, value: number): this {
    this.tag(field, VARINT);
    this.sink.varint(value);
    return this;
  }
  fixed32(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, FIXED32);
    this.sink.fixed32(value);
    return this;
  }
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.sink.varint(value.byteLength);
    this.sink.bytes(value);
    return this;
  }
  string(field: number, value: string): this {
    return value === '' ? this : this.bytes(field, utf8Encode(value));
  }
  message(field: number, value: Proto): this {
    return this.bytes(field, value.sink.view());
  }
  finish(): Uint8Array {
    return this.sink.toBytes();
  }
}

export function encodeBundleHeader(numShards: number, bigEndian: boolean): Uint8Array {
  const version = new Proto().varint(1, 1); // producer = kTensorBundleVersion; min_consumer 0
  return new Proto()
    .varint(1, numShards)
    .varint(2, bigEndian ? 1 : 0)
    .message(3, version)
    .finish();
}

export interface EntryFields {
  dtype: number;
  shape: readonly number[];
  shard_id?: number;
  offset?: number;
  size?: number;
  /** Masked. */
  crc32c?: number;
  slices?: readonly (readonly SliceExtent[])[];
}

export function encodeBundleEntry(e: EntryFields): Uint8Array {
  const p = new Proto().varint(1, e.dtype).message(2, shapeProto(e.shape));
  p.varint(3, e.shard_id ?? 0)
    .varint(4, e.offset ?? 0)
    .varint(5, e.size ?? 0)
    .fixed32(6, e.crc32c ?? 0);
  for (const slice of e.slices ?? []) p.message(7, sliceProto(slice));
  return p.finish();
}

function shapeProto(shape: readonly number[]): Proto {
  const p = new Proto();
  for (const d of shape) p.message(2, new Proto().varint(1, d));
  return p;
}

function sliceProto(extents: readonly SliceExtent[]): Proto {
  const p = new Proto();
  for (const e of extents) {
    const x = new Proto();
    if (e.length !== null) x.varint(1, e.start).varintAlways(2, e.length);
    p.message(1, x);
  }
  return p;
}

export interface ObjectGraphSpec {
  nodes: {
    children?: { node_id: number; local_name: string }[];
    attributes?: { name: string; full_name?: string; checkpoint_key: string }[];
    slot_variables?: { original_variable_node_id: number; slot_name: string; slot_variable_node_id: number }[];
    registered_saver?: { name: string; object_name: string };
  }[];
}

export function encodeObjectGraph(graph: ObjectGraphSpec): Uint8Array {
  const g = new Proto();
  for (const node of graph.nodes) {
    const n = new Proto();
    for (const c of node.children ?? []) n.message(1, new Proto().varint(1, c.node_id).string(2, c.local_name));
    for (const a of node.attributes ?? [])
      n.message(
        2,
        new Proto()
          .string(1, a.name)
          .string(2, a.full_name ?? '')
          .string(3, a.checkpoint_key),
      );
    for (const s of node.slot_variables ?? []) {
      n.message(3, new Proto().varint(1, s.original_variable_node_id).string(2, s.slot_name).varint(3, s.slot_variable_node_id));
    }
    if (node.registered_saver) n.message(4, new Proto().string(1, node.registered_saver.name).string(2, node.registered_saver.object_name));
    g.message(1, n);
  }
  return g.finish();
}
