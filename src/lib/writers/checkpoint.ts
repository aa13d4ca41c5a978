/**
 * Writes a V2 checkpoint (tensor bundle) laid out as TensorFlow writes it: one
 * `<prefix>.data-NNNNN-of-MMMMM` per shard with tensors back to back (no padding, TF's default
 * alignment of 1), and `<prefix>.index`, a table whose "" key holds the BundleHeaderProto and
 * whose other keys (sorted bytewise) hold BundleEntryProtos with TF's masked crc32c.
 * String tensors use TF's layout and checksum rule (see formats/checkpoint/tensor-checksum.ts).
 * Used to make the site's sample checkpoints and to test the decoders.
 */
import { dtypeSize, dtypeValue } from '../dtypes.ts';
import { crc32cExtend, maskCrc } from '../binary/crc32c.ts';
import { OBJECT_GRAPH_KEY } from '../formats/checkpoint/object-graph.ts';
import { dataFileName, indexFileName } from '../formats/checkpoint/shard-files.ts';
import { encodeSliceKey, type SliceExtent } from '../formats/checkpoint/slice-key.ts';
import { tensorLayout } from '../formats/checkpoint/tensor-checksum.ts';
import { utf8Encode } from '../utf8.ts';
import { ByteSink } from '../binary/byte-sink.ts';
import { encodeBundleEntry, encodeBundleHeader, encodeObjectGraph, type EntryFields, type ObjectGraphSpec } from './checkpoint-protos.ts';
import { compareBytes, TableBuilder, type TableOptions } from './checkpoint-table.ts';

export type { ObjectGraphSpec } from './checkpoint-protos.ts';

/** Values of one stored tensor (or slice): raw bytes for fixed-size dtypes, elements otherwise. */
export interface TensorValues {
  /** Raw element bytes in the bundle's byte order (fixed-size dtypes). */
  data?: Uint8Array;
  /** Elements of string / resource tensors (resource: serialized ResourceHandleProto), or serialized variant elements. */
  strings?: readonly (string | Uint8Array)[];
  /** Data shard, default 0. */
  shard?: number;
}

export interface CheckpointSlice extends TensorValues {
  /** One extent per dimension; `length: null` takes the whole dimension. */
  extents: SliceExtent[];
}

export interface CheckpointTensor extends TensorValues {
  key: string;
  /** Facts dtype name: float32, int64, string, resource, ... */
  dtype: string;
  shape: number[];
  /** A partitioned variable: only these slices are stored, the full tensor's entry lists them. */
  slices?: CheckpointSlice[];
}

export interface WriteCheckpointOptions extends TableOptions {
  /** `variables/variables`, `ckpt-1`, ...: file names are `<prefix>.index` and `<prefix>.data-*`. */
  prefix: string;
  /** Default: 1 + the highest shard used. */
  numShards?: number;
  /** Stored as the `_CHECKPOINTABLE_OBJECT_GRAPH` string tensor, after the other tensors of its shard. */
  objectGraph?: ObjectGraphSpec;
  objectGraphShard?: number;
  /** Marks the header BIG; `data` must then already be big-endian. */
  bigEndian?: boolean;
}

interface Stored {
  key: Uint8Array;
  entry: EntryFields;
}

export function writeCheckpoint(tensors: readonly CheckpointTensor[], options: WriteCheckpointOptions): Record<string, Uint8Array> {
  const bigEndian = options.bigEndian ?? false;
  const used = tensors.flatMap((t) => (t.slices ? t.slices.map((s) => s.shard ?? 0) : [t.shard ?? 0]));
  if (options.objectGraph) used.push(options.objectGraphShard ?? 0);
  const numShards = options.numShards ?? used.reduce((max, s) => Math.max(max, s), 0) + 1;
  if (used.some((s) => !Number.isInteger(s) || s < 0 || s >= numShards))
    throw new Error(`a tensor uses a shard outside 0..${numShards - 1}`);

  const shards = Array.from({ length: numShards }, () => new ByteSink(1024));
  const stored: Stored[] = [];
  const seen = new Set<string>();
  const store = (key: Uint8Array, dtype: string, shape: readonly number[], values: TensorValues): void => {
    const shard = values.shard ?? 0;
    const sink = shards[shard]!;
    const offset = sink.length;
    const crc = writeValues(sink, dtype, shape, values, bigEndian);
    stored.push({
      key,
      entry: { dtype: dtypeValue(dtype), shape, shard_id: shard, offset, size: sink.length - offset, crc32c: maskCrc(crc) },
    });
  };

  for (const t of tensors) {
    if (t.key === '') throw new Error('the empty key is reserved for the bundle header');
    if (seen.has(t.key)) throw new Error(`duplicate checkpoint key ${t.key}`);
    seen.add(t.key);
    if (t.slices && t.slices.length > 0) {
      stored.push({
        key: utf8Encode(t.key),
        entry: { dtype: dtypeValue(t.dtype), shape: t.shape, slices: t.slices.map((s) => s.extents) },
      });
      for (const s of t.slices) store(encodeSliceKey(t.key, s.extents), t.dtype, sliceShape(t.shape, s.extents), s);
    } else {
      store(utf8Encode(t.key), t.dtype, t.shape, t);
    }
  }
  if (options.objectGraph) {
    if (seen.has(OBJECT_GRAPH_KEY)) throw new Error(`${OBJECT_GRAPH_KEY} is written from options.objectGraph; do not pass it as a tensor`);
    store(utf8Encode(OBJECT_GRAPH_KEY), 'string', [], {
      strings: [encodeObjectGraph(options.objectGraph)],
      shard: options.objectGraphShard ?? 0,
    });
  }

  stored.sort((a, b) => compareBytes(a.key, b.key));
  const table = new TableBuilder(options);
  table.add(new Uint8Array(0), encodeBundleHeader(numShards, bigEndian));
  for (const s of stored) table.add(s.key, encodeBundleEntry(s.entry));

  const files: Record<string, Uint8Array> = { [indexFileName(options.prefix)]: table.finish() };
  shards.forEach((sink, i) => {
    files[dataFileName(options.prefix, i, numShards)] = sink.toBytes();
  });
  return files;
}

function sliceShape(full: readonly number[], extents: readonly SliceExtent[]): number[] {
  if (extents.length !== full.length) throw new Error(`a slice has ${extents.length} extents for a rank-${full.length} tensor`);
  return extents.map((e, d) => (e.length === null ? full[d]! : e.length));
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Appends the tensor's bytes in TF's layout and returns its (unmasked) entry crc32c. */
function writeValues(sink: ByteSink, dtype: string, shape: readonly number[], values: TensorValues, bigEndian: boolean): number {
  const layout = tensorLayout(dtypeValue(dtype));
  const count = elementCount(shape);
  if (layout === 'raw') {
    const data = values.data ?? new Uint8Array(0);
    const itemSize = dtypeSize(dtype);
    if (itemSize === null) throw new Error(`dtype ${dtype} has no fixed element size; pass strings`);
    if (data.byteLength !== count * itemSize)
      throw new Error(`${dtype} ${JSON.stringify(shape)} needs ${count * itemSize} bytes, got ${data.byteLength}`);
    sink.bytes(data);
    return crc32cExtend(0, data);
  }
  const elements = (values.strings ?? []).map((s) => (typeof s === 'string' ? utf8Encode(s) : s));
  if (elements.length !== count) throw new Error(`${dtype} ${JSON.stringify(shape)} needs ${count} elements, got ${elements.length}`);
  return layout === 'string' ? writeStrings(sink, elements, bigEndian) : writeVariants(sink, elements, bigEndian);
}

/** [varint64 lengths][masked crc32c of the lengths][bytes]: tensor_bundle.cc WriteStringTensor. */
function writeStrings(sink: ByteSink, elements: readonly Uint8Array[], bigEndian: boolean): number {
  let crc = 0;
  const width = new ByteSink(8);
  for (const e of elements) {
    sink.varint(e.byteLength);
    width.reset();
    fixedWidth(width, e.byteLength, e.byteLength <= 0xffffffff ? 4 : 8, bigEndian);
    crc = crc32cExtend(crc, width.view());
  }
  const lengthCrc = new ByteSink(4);
  if (bigEndian) lengthCrc.fixed32BigEndian(maskCrc(crc));
  else lengthCrc.fixed32(maskCrc(crc));
  sink.bytes(lengthCrc.view());
  crc = crc32cExtend(crc, lengthCrc.view());
  for (const e of elements) {
    sink.bytes(e);
    crc = crc32cExtend(crc, e);
  }
  return crc;
}

/** Per element [varint64 length][bytes][masked crc32c so far]: tensor_bundle.cc WriteVariantTensor. */
function writeVariants(sink: ByteSink, elements: readonly Uint8Array[], bigEndian: boolean): number {
  let crc = 0;
  const width = new ByteSink(8);
  for (const e of elements) {
    sink.varint(e.byteLength);
    width.reset();
    fixedWidth(width, e.byteLength, 8, bigEndian);
    crc = crc32cExtend(crc, width.view());
    sink.bytes(e);
    crc = crc32cExtend(crc, e);
    const check = new ByteSink(4).fixed32(maskCrc(crc)).view();
    sink.bytes(check);
    crc = crc32cExtend(crc, check);
  }
  return crc;
}

function fixedWidth(out: ByteSink, value: number, width: 4 | 8, bigEndian: boolean): void {
  const bytes: number[] = [];
  let v = value;
  for (let i = 0; i < width; i++) {
    bytes.push(v % 256);
    v = Math.floor(v / 256);
  }
  out.bytes(bigEndian ? bytes.reverse() : bytes);
}
