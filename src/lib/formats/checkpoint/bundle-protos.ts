/**
 * Plain, validated views of the protos a checkpoint stores: BundleHeaderProto, BundleEntryProto,
 * TensorShapeProto and TensorSliceProto. Decoding failures become DecodeErrors naming the key.
 */
import { DecodeError } from '../../errors.ts';
import { tensorflow } from '../../proto/index.ts';
import type { Shape } from '../../facts.ts';
import type { SliceExtent } from './slice-key.ts';
import { ByteReader } from '../../binary/byte-reader.ts';
import { WireType } from '../../binary/wire-types.ts';

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

const { VARINT, LEN, FIXED32 } = WireType;
const HEADER_WIRE: Record<number, number> = { 1: VARINT, 2: VARINT, 3: LEN };
const ENTRY_WIRE: Record<number, number> = {
  1: VARINT,
  2: LEN,
  3: VARINT,
  4: VARINT,
  5: VARINT,
  6: FIXED32,
  7: LEN,
};

/**
 * protobufjs's static decoders trust wire types, so bytes of another message can decode into
 * plausible garbage. Checks the top-level tags first; returns the first known field whose wire
 * type is wrong (or a structural problem), null when the message looks right.
 */
export function wireTypeMismatch(bytes: Uint8Array, expected: Record<number, number>, start = 0, end = bytes.byteLength): string | null {
  const r = new ByteReader(bytes, start, end);
  try {
    while (r.pos < r.end) {
      const { field, wire } = r.tag();
      const want = expected[field];
      if (want !== undefined && want !== wire) return `field ${field} has wire type ${wire}, expected ${want}`;
      r.skip(wire);
    }
    return null;
  } catch (error) {
    return message(error);
  }
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

/** Decodes `bytes[start, end)` (the whole array by default: a table value can be read in place). */
export function decodeBundleEntry(bytes: Uint8Array, file: string, key: string, start = 0, end = bytes.byteLength): BundleEntry {
  const mismatch = wireTypeMismatch(bytes, ENTRY_WIRE, start, end);
  if (mismatch !== null) throw new DecodeError(file, `entry "${key}" is not a BundleEntryProto (${mismatch})`);
  try {
    return readBundleEntry(bytes, start, end);
  } catch (error) {
    throw new DecodeError(file, `entry "${key}" is not a BundleEntryProto: ${message(error)}`, { cause: error });
  }
}

const NO_SLICES: SliceExtent[][] = [];

/**
 * BundleEntryProto straight from the wire (one per tensor, 100,000+ in a large index: the
 * protobufjs message, its shape and dim objects would triple the garbage). Same results as the
 * generated decoder: last value wins, unknown fields skipped, int64 signed.
 */
function readBundleEntry(bytes: Uint8Array, start: number, end: number): BundleEntry {
  const w = new ByteReader(bytes, start, end);
  const entry: BundleEntry = { dtype: 0, shape: [], unknown_rank: false, shard_id: 0, offset: 0, size: 0, crc32c: 0, slices: NO_SLICES };
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    switch (field) {
      case 1:
        entry.dtype = w.int32();
        break;
      case 2: {
        const [start, end] = w.span();
        readShape(bytes, start, end, entry);
        break;
      }
      case 3:
        entry.shard_id = w.int32();
        break;
      case 4:
        entry.offset = w.int64();
        break;
      case 5:
        entry.size = w.int64();
        break;
      case 6:
        entry.crc32c = w.fixed32();
        break;
      case 7: {
        const [start, end] = w.span();
        if (entry.slices === NO_SLICES) entry.slices = [];
        entry.slices.push(readSlice(bytes, start, end));
        break;
      }
      default:
        w.skip(wire);
    }
  }
  return entry;
}

/**
 * TensorShapeProto { repeated Dim dim = 2 { int64 size = 1; string name = 2; }; bool unknown_rank = 3; }.
 * A second occurrence merges into the first, as protobuf does for singular message fields.
 */
function readShape(bytes: Uint8Array, start: number, end: number, entry: BundleEntry): void {
  const w = new ByteReader(bytes, start, end);
  const dims = entry.shape as number[];
  let unknownRank = entry.unknown_rank;
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = Math.floor(tag / 8);
    if (field === 2) {
      w.expectWire(field, tag % 8, LEN, 'TensorShapeProto');
      const [s, e] = w.span();
      const dim = new ByteReader(bytes, s, e);
      let size = 0;
      while (dim.pos < dim.end) {
        const t = dim.varint();
        if (Math.floor(t / 8) === 1) {
          dim.expectWire(1, t % 8, VARINT, 'TensorShapeProto.Dim');
          size = dim.int64();
        } else dim.skip(t % 8);
      }
      dims.push(size);
    } else if (field === 3) {
      w.expectWire(field, tag % 8, VARINT, 'TensorShapeProto');
      unknownRank = w.varint() !== 0;
    } else {
      w.skip(tag % 8);
    }
  }
  entry.unknown_rank = unknownRank;
}

/** TensorSliceProto { repeated Extent extent = 1 { int64 start = 1; oneof { int64 length = 2; } } }. */
function readSlice(bytes: Uint8Array, start: number, end: number): SliceExtent[] {
  const w = new ByteReader(bytes, start, end);
  const extents: SliceExtent[] = [];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (Math.floor(tag / 8) !== 1) {
      w.skip(tag % 8);
      continue;
    }
    w.expectWire(1, tag % 8, LEN, 'TensorSliceProto');
    const [s, e] = w.span();
    const x = new ByteReader(bytes, s, e);
    let first = 0;
    let length: number | null = null;
    while (x.pos < x.end) {
      const t = x.varint();
      const f = Math.floor(t / 8);
      if (f === 1) {
        x.expectWire(1, t % 8, VARINT, 'TensorSliceProto.Extent');
        first = x.int64();
      } else if (f === 2) {
        x.expectWire(2, t % 8, VARINT, 'TensorSliceProto.Extent');
        length = x.int64();
      } else x.skip(t % 8);
    }
    extents.push(length === null ? { start: 0, length: null } : { start: first, length });
  }
  return extents;
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

/**
 * True when an entry's offset and size can be used as byte positions. They are int64 on the wire:
 * values beyond 2^53 (where a double can no longer count bytes one by one: `pos + 1 === pos`) or
 * negative are never used as positions, only reported.
 */
export function isByteRange(entry: Pick<BundleEntry, 'offset' | 'size'>): boolean {
  return isByteCount(entry.offset) && isByteCount(entry.size) && Number.isSafeInteger(entry.offset + entry.size);
}

/** Says why an entry's offset and size are no byte range (see isByteRange). */
export function byteRangeText(entry: Pick<BundleEntry, 'offset' | 'size'>): string {
  return `its index entry gives offset ${entry.offset} and size ${entry.size}, which is no byte range (negative, or beyond 2^53)`;
}

/** A non-negative safe integer: usable as a byte offset or length. */
export function isByteCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
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

/** What went wrong, for a message that names the file and entry itself. */
export function message(error: unknown): string {
  if (error instanceof DecodeError) return error.offset === null ? error.what : `${error.what} (byte ${error.offset})`;
  return error instanceof Error ? error.message : String(error);
}
