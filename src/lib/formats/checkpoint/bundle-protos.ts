/**
 * Plain, validated views of the protos a checkpoint stores: BundleHeaderProto, BundleEntryProto,
 * TensorShapeProto and TensorSliceProto. Decoding failures become DecodeErrors naming the key.
 */
import { DecodeError } from '../../errors.ts';
import { tensorflow } from '../../proto/index.ts';
import type { Shape } from '../../facts.ts';
import type { SliceExtent } from './slice-key.ts';

export interface BundleHeader {
  num_shards: number;
  endianness: 'little' | 'big';
  version: { producer: number; min_consumer: number; bad_consumers: number[] } | null;
}

export interface BundleEntry {
  dtype: number;
  shape: Shape;
  /** True when the shape was absent or marked unknown_rank. */
  unknown_rank: boolean;
  shard_id: number;
  offset: number;
  size: number;
  /** Masked crc32c as stored. */
  crc32c: number;
  slices: SliceExtent[][];
}

/**
 * int64 fields are typed `number | Long` by the generated code; at run time they are numbers
 * (proto/int64-as-number.ts). The Long branch only guards against that setting being lost.
 */
export function int64(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'low' in value && 'high' in value) {
    const { low, high } = value as { low: number; high: number };
    return high * 0x100000000 + (low >>> 0);
  }
  return 0;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;
const HEADER_WIRE: Record<number, number> = { 1: VARINT, 2: VARINT, 3: LENGTH_DELIMITED };
const ENTRY_WIRE: Record<number, number> = { 1: VARINT, 2: LENGTH_DELIMITED, 3: VARINT, 4: VARINT, 5: VARINT, 6: FIXED32, 7: LENGTH_DELIMITED };

/**
 * protobufjs's static decoders trust wire types, so bytes of another message can decode into
 * plausible garbage. Checks the top-level tags first; returns the first known field whose wire
 * type is wrong (or a structural problem), null when the message looks right.
 */
export function wireTypeMismatch(bytes: Uint8Array, expected: Record<number, number>): string | null {
  let pos = 0;
  const varint = (): number | null => {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 10 && pos < bytes.byteLength; i++) {
      const b = bytes[pos++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
    return null;
  };
  while (pos < bytes.byteLength) {
    const tag = varint();
    if (tag === null) return 'truncated tag';
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    const want = expected[field];
    if (want !== undefined && want !== wire) return `field ${field} has wire type ${wire}, expected ${want}`;
    if (wire === VARINT) {
      if (varint() === null) return `field ${field}: truncated varint`;
    } else if (wire === FIXED64) pos += 8;
    else if (wire === FIXED32) pos += 4;
    else if (wire === LENGTH_DELIMITED) {
      const n = varint();
      if (n === null || n > bytes.byteLength - pos) return `field ${field}: length runs past the end`;
      pos += n;
    } else return `field ${field} has unsupported wire type ${wire}`;
  }
  return pos === bytes.byteLength ? null : 'the last field runs past the end';
}

export function decodeBundleHeader(bytes: Uint8Array, file: string): BundleHeader {
  const mismatch = wireTypeMismatch(bytes, HEADER_WIRE);
  if (mismatch !== null) {
    const v1 = bytes[0] === 0x0a;
    throw new DecodeError(file, `the header entry ("" key) is not a BundleHeaderProto (${mismatch})`, {
      hint: v1 ? 'It looks like SavedTensorSlices: this is a V1 (TensorSlice) checkpoint, not a V2 .index file.' : null,
    });
  }
  let h: tensorflow.BundleHeaderProto;
  try {
    h = tensorflow.BundleHeaderProto.decode(bytes);
  } catch (error) {
    throw new DecodeError(file, `the header entry ("" key) is not a BundleHeaderProto: ${message(error)}`, { cause: error });
  }
  const v = h.version;
  return {
    num_shards: h.num_shards,
    endianness: h.endianness === 1 ? 'big' : 'little',
    version: v ? { producer: v.producer ?? 0, min_consumer: v.min_consumer ?? 0, bad_consumers: [...(v.bad_consumers ?? [])] } : null,
  };
}

export function decodeBundleEntry(bytes: Uint8Array, file: string, key: string): BundleEntry {
  const mismatch = wireTypeMismatch(bytes, ENTRY_WIRE);
  if (mismatch !== null) throw new DecodeError(file, `entry "${key}" is not a BundleEntryProto (${mismatch})`);
  let e: tensorflow.BundleEntryProto;
  try {
    e = tensorflow.BundleEntryProto.decode(bytes);
  } catch (error) {
    throw new DecodeError(file, `entry "${key}" is not a BundleEntryProto: ${message(error)}`, { cause: error });
  }
  const shape = shapeOf(e.shape);
  return {
    dtype: e.dtype,
    shape: shape.dims,
    unknown_rank: shape.unknownRank,
    shard_id: e.shard_id,
    offset: int64(e.offset),
    size: int64(e.size),
    crc32c: e.crc32c >>> 0,
    slices: (e.slices ?? []).map(sliceExtents),
  };
}

export function shapeOf(shape: tensorflow.TensorShapeProto.$Properties | null | undefined): { dims: Shape; unknownRank: boolean } {
  if (!shape) return { dims: [], unknownRank: false };
  return { dims: (shape.dim ?? []).map((d) => int64(d.size)), unknownRank: shape.unknown_rank === true };
}

export function sliceExtents(slice: tensorflow.TensorSliceProto.$Properties): SliceExtent[] {
  return (slice.extent ?? []).map((e) =>
    e.length === null || e.length === undefined ? { start: 0, length: null } : { start: int64(e.start), length: int64(e.length) },
  );
}

/** Number of elements of a shape; null when a dimension is negative or the product is unsafe. */
export function elementCount(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return null;
    n *= d;
    if (!Number.isSafeInteger(n)) return null;
  }
  return n;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
