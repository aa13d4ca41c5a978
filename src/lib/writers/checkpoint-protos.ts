/**
 * Protobuf encoding of the checkpoint messages the writer emits, with C++ proto3
 * serialization's choices (field-number order, default scalars omitted, present sub-messages
 * written even when empty) so our bytes match TensorFlow's. Field numbers: tensor_bundle.proto,
 * tensor_shape.proto, tensor_slice.proto, trackable_object_graph.proto.
 */
import type { SliceExtent } from '../formats/checkpoint/slice-key.ts';
import { ProtoWriter } from '../binary/protobuf-writer.ts';

export function encodeBundleHeader(numShards: number, bigEndian: boolean): Uint8Array {
  const version = new ProtoWriter().uintIfSet(1, 1); // producer = kTensorBundleVersion; min_consumer 0
  return new ProtoWriter()
    .uintIfSet(1, numShards)
    .uintIfSet(2, bigEndian ? 1 : 0)
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
  const p = new ProtoWriter().uintIfSet(1, e.dtype).message(2, shapeProto(e.shape));
  p.uintIfSet(3, e.shard_id ?? 0)
    .uintIfSet(4, e.offset ?? 0)
    .uintIfSet(5, e.size ?? 0)
    .fixed32IfSet(6, e.crc32c);
  for (const slice of e.slices ?? []) p.message(7, sliceProto(slice));
  return p.finish();
}

function shapeProto(shape: readonly number[]): ProtoWriter {
  const p = new ProtoWriter();
  for (const d of shape) p.message(2, new ProtoWriter().uintIfSet(1, d));
  return p;
}

function sliceProto(extents: readonly SliceExtent[]): ProtoWriter {
  const p = new ProtoWriter();
  for (const e of extents) {
    const x = new ProtoWriter();
    if (e.length !== null) x.uintIfSet(1, e.start).uint(2, e.length);
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
  const g = new ProtoWriter();
  for (const node of graph.nodes) {
    const n = new ProtoWriter();
    for (const c of node.children ?? []) n.message(1, new ProtoWriter().uintIfSet(1, c.node_id).stringIfSet(2, c.local_name));
    for (const a of node.attributes ?? [])
      n.message(
        2,
        new ProtoWriter()
          .stringIfSet(1, a.name)
          .stringIfSet(2, a.full_name ?? '')
          .stringIfSet(3, a.checkpoint_key),
      );
    for (const s of node.slot_variables ?? []) {
      n.message(
        3,
        new ProtoWriter().uintIfSet(1, s.original_variable_node_id).stringIfSet(2, s.slot_name).uintIfSet(3, s.slot_variable_node_id),
      );
    }
    if (node.registered_saver)
      n.message(4, new ProtoWriter().stringIfSet(1, node.registered_saver.name).stringIfSet(2, node.registered_saver.object_name));
    g.message(1, n);
  }
  return g.finish();
}
