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
 * int64 fields the message omits come from the generated prototype, which protobufjs fills
 * with a Long object when the `long` package is present; decoded values are plain numbers.
 */
export function int64(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'low' in value && 'high' in value) {
    const { low, high } = value as { low: number; high: number };
    return high * 0x100000000 + (low >>> 0);
  }
  return 0;
}

export function decodeBundleHeader(bytes: Uint8Array, file: string): BundleHeader {
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
