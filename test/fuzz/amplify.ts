/**
 * Hostile files that amplify (issue 17): small inputs built so that a naive reader does work or
 * holds memory out of proportion to their size. One builder per class; each returns the files a
 * reader would drop. The fuzz harness takes the small versions as seeds (amplifySeeds); the class
 * test (amplify.test.ts) runs the full-size ones through the built CLI and the worker in child
 * processes and measures their time and peak memory.
 *
 *   index-repeated-blocks   an index block whose handles all point at one data block, or at
 *                           blocks nested inside each other, or at identical copies
 *   offset-above-2^53       BundleEntryProto offsets and sizes near 2^63 (and negative)
 *   missing-shards          a header claiming 99,999 shards over 60,000 entries, no shard files
 *   decompression           .tar.gz bombs; a .keras whose deflated weights inflate to 1 GiB
 *   non-finite-config       Keras configs full of NaN / Infinity (zip member and HDF5 attribute)
 *   deep-nesting            AttrValue.func nested 100,000 deep (TensorFlow's parser stops at 100)
 *   hdf5-many-attributes    one HDF5 object with 50,000 attributes
 *   terminal-escapes        variable, layer and file names carrying ESC, NUL, BEL and U+202E
 *
 * Classes that live only on a disk (a folder of 100,000 files, /dev/zero, a FIFO) are made by the
 * class test itself.
 */
import { gzipSync } from 'node:zlib';
import CRC32 from 'crc-32';
import { crc32cExtend, maskCrc } from '../../src/lib/binary/crc32c.ts';
import { ProtoWriter } from '../../src/lib/binary/protobuf-writer.ts';
import { buildHdf5 } from '../../src/lib/writers/keras-h5-bytes.ts';
import { encodeBundleEntry, encodeBundleHeader } from '../../src/lib/writers/checkpoint-protos.ts';
import { TableBuilder } from '../../src/lib/writers/checkpoint-table.ts';
import { writeCheckpoint } from '../../src/lib/writers/checkpoint.ts';
import { writeZip } from '../../src/lib/writers/keras.ts';
import { deepAttrGraphDef } from './hostile.ts';
import type { InputFile, Seed } from './seeds.ts';
import { concat, encodeFooter, encodeVarint } from './structure.ts';

const text = (s: string) => new TextEncoder().encode(s);

// ---------------------------------------------------------------- LevelDB tables by hand

/** One table block: entries written without prefix sharing, one restart point. */
export function tableBlock(entries: readonly (readonly [Uint8Array, Uint8Array])[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of entries) parts.push(encodeVarint(0), encodeVarint(key.length), encodeVarint(value.length), key, value);
  parts.push(new Uint8Array(4), Uint8Array.of(1, 0, 0, 0)); // restart array [0], count 1
  return concat(parts);
}

/** A block with its trailer: compression type 0 and the masked crc32c TF checks. */
function withTrailer(contents: Uint8Array): Uint8Array {
  const trailer = new Uint8Array(5);
  const crc = maskCrc(crc32cExtend(crc32cExtend(0, contents), Uint8Array.of(0)));
  new DataView(trailer.buffer).setUint32(1, crc, true);
  return concat([contents, trailer]);
}

function handleBytes(offset: number, size: number): Uint8Array {
  return concat([encodeVarint(offset), encodeVarint(size)]);
}

/**
 * A table whose data blocks are `blocks` laid out back to back, and whose index block lists
 * `index`: each entry a separator key and the number of the block it points at (a block may be
 * listed any number of times) or an explicit handle.
 */
export function tableWithIndex(
  blocks: readonly Uint8Array[],
  index: readonly { key: Uint8Array; block: number | { offset: number; size: number } }[],
): Uint8Array {
  const parts: Uint8Array[] = [];
  const handles: { offset: number; size: number }[] = [];
  let at = 0;
  for (const b of blocks) {
    handles.push({ offset: at, size: b.length });
    const framed = withTrailer(b);
    parts.push(framed);
    at += framed.length;
  }
  const metaindex = { offset: at, size: 8 };
  const meta = withTrailer(tableBlock([]));
  parts.push(meta);
  at += meta.length;
  const indexBlock = tableBlock(
    index.map((e) => {
      const h = typeof e.block === 'number' ? handles[e.block]! : e.block;
      return [e.key, handleBytes(h.offset, h.size)] as const;
    }),
  );
  parts.push(withTrailer(indexBlock));
  parts.push(encodeFooter(metaindex, { offset: at, size: indexBlock.length }));
  return concat(parts);
}

const FLOAT = 1;
const ZEROS4_CRC = maskCrc(crc32cExtend(0, new Uint8Array(4)));

function key(i: number, prefix = 'v'): Uint8Array {
  return text(`${prefix}${String(i).padStart(6, '0')}`);
}

/** The first data block: the bundle header alone (the "" key). */
function headerBlock(numShards = 1): Uint8Array {
  return tableBlock([[new Uint8Array(0), encodeBundleHeader(numShards, false)]]);
}

/** A data block of `count` float32[1] entries, keys v000000, v000001, ... */
function bundleBlock(count: number): Uint8Array {
  const value = encodeBundleEntry({ dtype: FLOAT, shape: [1], shard_id: 0, offset: 0, size: 4, crc32c: ZEROS4_CRC });
  return tableBlock(Array.from({ length: count }, (_, i) => [key(i), value] as const));
}

/** The index's data shard: one float32 zero, which every entry points at. */
const SHARD = { path: 'ckpt.data-00000-of-00001', bytes: new Uint8Array(4) };

/**
 * 501 index entries (separators increasing, as a real index has) that all point at the same data
 * block of 2,000 entries: 53 KB that a reader trusting the index decodes as 1,000,000 tensors.
 */
export function indexRepeatedBlocks(handles = 501, entries = 2_000): InputFile[] {
  const index = [{ key: text('a'), block: 0 }, ...Array.from({ length: handles - 1 }, (_, i) => ({ key: key(i, 'w'), block: 1 }))];
  return [{ path: 'ckpt.index', bytes: tableWithIndex([headerBlock(), bundleBlock(entries)], index) }, SHARD];
}

/**
 * Distinct copies of one data block (each handle its own bytes, none overlapping): the keys go
 * back to the start at every block, which a table never does.
 */
export function indexKeysRepeatAcrossBlocks(copies = 8, entries = 2_000): InputFile[] {
  const block = bundleBlock(entries);
  const blocks = [headerBlock(), ...Array.from({ length: copies }, () => block)];
  const index = blocks.map((_, i) => ({ key: i === 0 ? text('a') : key(i, 'w'), block: i }));
  return [{ path: 'ckpt.index', bytes: tableWithIndex(blocks, index) }, SHARD];
}

/**
 * Data blocks nested inside each other: block k holds one entry whose value is a valid
 * BundleEntryProto carrying block k-1 (with its trailer) in an unknown field, so every handle is a
 * block with a good checksum, keys increase, and the handles overlap. Trusted, `levels` blocks
 * of up to the file's size are read and checksummed: quadratic in the file size (40,000 levels:
 * 1 MB read as 20 GB).
 */
export function indexNestedBlocks(levels = 2_000): InputFile[] {
  const entry = encodeBundleEntry({ dtype: FLOAT, shape: [1], shard_id: 0, offset: 0, size: 4, crc32c: ZEROS4_CRC });
  let inner = withTrailer(
    tableBlock([
      [new Uint8Array(0), encodeBundleHeader(1, false)],
      [key(0), entry],
    ]),
  );
  const handles: { offset: number; size: number }[] = [{ offset: 0, size: inner.length - 5 }];
  for (let k = 1; k < levels; k++) {
    const name = key(k, 'x');
    // The value: the entry's own fields, then field 15 (unknown, skipped) holding the inner block.
    const value = concat([entry, encodeVarint((15 << 3) | 2), encodeVarint(inner.length)]);
    const head = concat([encodeVarint(0), encodeVarint(name.length), encodeVarint(value.length + inner.length), name, value]);
    const contents = concat([head, inner, new Uint8Array(4), Uint8Array.of(1, 0, 0, 0)]);
    for (const h of handles) h.offset += head.length;
    handles.push({ offset: 0, size: contents.length });
    inner = withTrailer(contents);
  }
  const index = handles.map((h, i) => ({ key: key(i, 'y'), block: h }));
  return [{ path: 'ckpt.index', bytes: tableWithIndex([inner.subarray(0, inner.length - 5)], index) }, SHARD];
}

// ---------------------------------------------------------------- 64-bit offsets and sizes

function rawEntry(fields: { shard?: number; offset: bigint; size: bigint }): Uint8Array {
  const shape = new ProtoWriter().message(2, new ProtoWriter().uint(1, 1));
  return new ProtoWriter()
    .uint(1, FLOAT)
    .message(2, shape)
    .uintIfSet(3, fields.shard ?? 0)
    .uint(4, fields.offset)
    .uint(5, fields.size)
    .fixed32(6, ZEROS4_CRC)
    .finish();
}

/**
 * A 4-byte shard whose index puts tensors at offsets and sizes near 2^63, negative (int64 -1) and
 * past 2^53, where a double cannot count bytes one by one (`pos + 1 === pos`).
 */
export function offsetsAbove2p53(): InputFile[] {
  const table = new TableBuilder();
  table.add(new Uint8Array(0), encodeBundleHeader(1, false));
  const cases: [string, bigint, bigint][] = [
    ['a_offset_near_2p63', 0x7fff_ffff_ffff_ff00n, 4n],
    ['b_size_near_2p63', 0n, 0x7fff_ffff_ffff_fff0n],
    ['c_offset_negative', 0xffff_ffff_ffff_ffffn, 4n],
    ['d_offset_2p53', 2n ** 53n, 4n],
    ['e_ok', 0n, 4n],
  ];
  for (const [name, offset, size] of cases) table.add(text(name), rawEntry({ offset, size }));
  return [{ path: 'ckpt.index', bytes: table.finish() }, SHARD];
}

// ---------------------------------------------------------------- missing shards

/** A header declaring `shards` data shards over `entries` tensors (spread across them), no shard files. */
export function missingShards(shards = 99_999, entries = 60_000): InputFile[] {
  const table = new TableBuilder();
  table.add(new Uint8Array(0), encodeBundleHeader(shards, false));
  for (let i = 0; i < entries; i++) {
    table.add(key(i), encodeBundleEntry({ dtype: FLOAT, shape: [1], shard_id: i % shards, offset: 0, size: 4, crc32c: ZEROS4_CRC }));
  }
  return [{ path: 'ckpt.index', bytes: table.finish() }];
}

// ---------------------------------------------------------------- decompression

const MiB = 1024 * 1024;

function tarHeader(name: string, size: number): Uint8Array {
  const h = new Uint8Array(512);
  h.set(text(name).subarray(0, 100), 0);
  h.set(text('0000644\0'), 100);
  h.set(text('0000000\0'), 108);
  h.set(text('0000000\0'), 116);
  h.set(text(`${size.toString(8).padStart(11, '0')}\0`), 124);
  h.set(text('00000000000\0'), 136);
  h[156] = 0x30;
  h.set(text('ustar\0'), 257);
  h.set(text('00'), 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(text(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  return h;
}

export interface TarMember {
  name: string;
  /** Bytes of content, or a size of zeros. */
  data: Uint8Array | number;
}

/** A run of zeros, or bytes as given. */
type Segment = Uint8Array | { zeros: number };

/** The tar stream of `members` and its end-of-archive blocks, with zero runs left as runs. */
function tarSegments(members: readonly TarMember[], trailingZeros = 0): Segment[] {
  const out: Segment[] = [];
  for (const m of members) {
    const size = typeof m.data === 'number' ? m.data : m.data.length;
    out.push(tarHeader(m.name, size));
    out.push(typeof m.data === 'number' ? { zeros: m.data } : m.data);
    if (size % 512) out.push({ zeros: 512 - (size % 512) });
  }
  out.push({ zeros: 1024 + trailingZeros });
  return out;
}

/**
 * Raw deflate (zlib, level 9) of segments, fast for long zero runs: each 1 MiB piece is flushed to
 * a byte boundary, and once a zero piece compresses to the same bytes as the one before it (the
 * window is all zeros then, so every later one would too), those bytes are repeated instead of
 * compressing gigabytes. Returns the stream, the CRC-32 and the size of what it inflates to.
 */
export async function deflateSegments(segments: readonly Segment[]): Promise<{ packed: Uint8Array; crc: number; size: number }> {
  const zlib = await import('node:zlib');
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const flushed = (piece: Uint8Array): Promise<Buffer> =>
    new Promise((resolve) => {
      const from = out.length;
      deflate.write(piece);
      deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(out.splice(from))));
    });
  const parts: Buffer[] = [];
  const zeroPiece = new Uint8Array(MiB);
  // CRC-32 of a value extended by 1 MiB of zeros is affine in the value: computed once per bit.
  const base = zlib.crc32(zeroPiece, 0);
  const columns = Array.from({ length: 32 }, (_, bit) => (zlib.crc32(zeroPiece, 2 ** bit) ^ base) >>> 0);
  const extendByZeroPiece = (value: number): number => {
    let out = base;
    for (let bit = 0; bit < 32; bit++) if ((value >>> bit) & 1) out ^= columns[bit]!;
    return out >>> 0;
  };
  let crc = 0;
  let size = 0;
  for (const seg of segments) {
    if (seg instanceof Uint8Array) {
      parts.push(await flushed(seg));
      crc = zlib.crc32(seg, crc);
      size += seg.length;
      continue;
    }
    let previous: Buffer | null = null;
    let steady = false;
    for (let left = seg.zeros; left > 0; ) {
      const n = Math.min(MiB, left);
      const piece = n === MiB ? zeroPiece : zeroPiece.subarray(0, n);
      if (steady && n === MiB) parts.push(previous!);
      else {
        const packed = await flushed(piece);
        steady = n === MiB && previous !== null && packed.equals(previous);
        previous = packed;
        parts.push(packed);
      }
      crc = n === MiB ? extendByZeroPiece(crc) : zlib.crc32(piece, crc);
      size += n;
      left -= n;
    }
  }
  const tail = new Promise<Buffer>((resolve) => deflate.on('end', () => resolve(Buffer.concat(out))));
  deflate.end();
  parts.push(await tail);
  return { packed: new Uint8Array(Buffer.concat(parts)), crc: crc >>> 0, size };
}

/** gzip framing around a raw deflate stream. */
async function gzipSegments(segments: readonly Segment[]): Promise<Uint8Array> {
  const { packed, crc, size } = await deflateSegments(segments);
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, crc, true);
  new DataView(trailer.buffer).setUint32(4, size % 2 ** 32, true);
  return concat([Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3), packed, trailer]);
}

/** A .tar.gz of members (sizes of zeros are never held inflated). */
export function tarGz(members: readonly TarMember[], trailingZeros = 0): Promise<Uint8Array> {
  return gzipSegments(tarSegments(members, trailingZeros));
}

/** Tar bombs: one member declaring more than the limit; many members each under it; padding after the end. */
export async function tarGzBombs(scale: 'small' | 'full'): Promise<Record<string, Uint8Array>> {
  const total = scale === 'full' ? 1536 * MiB : 160 * MiB;
  const per = 16 * MiB;
  return {
    'one-member.tar.gz': await tarGz([{ name: 'model/saved_model.pb', data: total }]),
    'many-members.tar.gz': await tarGz(
      Array.from({ length: Math.ceil(total / per) }, (_, i) => ({ name: `model/variables/part-${i}.bin`, data: per })),
    ),
    'padded.tar.gz': await tarGz([{ name: 'model/README', data: text('a tiny archive\n') }], total),
  };
}

/** The tar header alone of a member declaring 2 GiB (its data cut off): refused from the header. */
export function tarGzDeclaresHuge(): Uint8Array {
  return gzipSync(concat([tarHeader('model/saved_model.pb', 2 * 1024 * MiB), new Uint8Array(4096)]));
}

/** A zip of members given already deflated (the bomb's data is never held inflated). */
function zipOfPacked(members: readonly { name: string; packed: Uint8Array; method: 0 | 8; crc: number; size: number }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = text(m.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint16(8, m.method, true);
    lv.setUint16(12, 0x21, true);
    lv.setUint32(14, m.crc, true);
    lv.setUint32(18, m.packed.length, true);
    lv.setUint32(22, m.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const record = new Uint8Array(46 + name.length);
    const cv = new DataView(record.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, (3 << 8) | 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint16(10, m.method, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, m.crc, true);
    cv.setUint32(20, m.packed.length, true);
    cv.setUint32(24, m.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    record.set(name, 46);
    parts.push(local, m.packed);
    central.push(record);
    offset += local.length + m.packed.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

const METADATA = text(JSON.stringify({ keras_version: '3.15.1', date_saved: '2026-01-01@00:00:00' }));
const SMALL_CONFIG = text(
  '{"class_name":"Sequential","config":{"name":"m","layers":[{"class_name":"Dense","config":{"name":"d","units":2}}]}}',
);

/** Deterministic incompressible bytes. */
function noise(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * A .keras whose model.weights.h5 is deflated and inflates to `weightBytes` (default 1 GiB) at
 * `ratio`:1 (default 757:1, under the 1000:1 zip-bomb ratio): zeros, then incompressible bytes
 * sized so the packed member reaches size / ratio. 1 GiB at 757:1 is a 1.4 MB file.
 */
export async function kerasWeightsBomb(weightBytes = 1024 * MiB, ratio = 757): Promise<Uint8Array> {
  const zerosPacked = Math.ceil(weightBytes / 1030);
  const tailBytes = Math.max(0, Math.floor(weightBytes / ratio) - zerosPacked);
  const { packed, crc } = await deflateSegments([{ zeros: weightBytes - tailBytes }, noise(tailBytes)]);
  return zipOfPacked([
    { name: 'metadata.json', packed: METADATA, method: 0, crc: CRC32.buf(METADATA) >>> 0, size: METADATA.length },
    { name: 'config.json', packed: SMALL_CONFIG, method: 0, crc: CRC32.buf(SMALL_CONFIG) >>> 0, size: SMALL_CONFIG.length },
    { name: 'model.weights.h5', packed, method: 8, crc, size: weightBytes },
  ]);
}

// ---------------------------------------------------------------- non-finite configs

/** A Keras config whose one layer carries `count` non-finite floats (NaN, Infinity, -Infinity in turn). */
export function nonFiniteConfig(count: number): string {
  const values = ['NaN', 'Infinity', '-Infinity'];
  const list: string[] = [];
  for (let i = 0; i < count; i++) list.push(values[i % 3]!);
  return `{"class_name":"Sequential","config":{"name":"m","layers":[{"class_name":"Dense","config":{"name":"d","units":2,"clipnorm":Infinity,"values":[${list.join(',')}],"note":"NaN in a string stays"}}]}}`;
}

/** A .keras whose config.json holds `count` non-finite floats, deflated. */
export function kerasNonFiniteConfig(count: number): Uint8Array {
  return writeZip([
    { name: 'metadata.json', data: METADATA },
    { name: 'config.json', data: text(nonFiniteConfig(count)), method: 8 },
  ]);
}

/** A legacy .h5 whose model_config attribute holds `count` non-finite floats. */
export function h5NonFiniteConfig(count: number): Promise<Uint8Array> {
  return buildHdf5((file) => {
    file.create_attribute('keras_version', '2.15.0');
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('model_config', nonFiniteConfig(count));
    file.create_group('model_weights');
  });
}

// ---------------------------------------------------------------- deep nesting

/**
 * A GraphDef whose deepest message sits at exactly `depth` levels (the GraphDef is level 0):
 * node > attr entry > AttrValue > func (NameAttrList) > attr entry > AttrValue > ... cut at `depth`.
 * TensorFlow parses depth 100 and refuses 101.
 */
export function graphDefNestedTo(depth: number): Uint8Array {
  const fields = [1, 5, 2];
  while (fields.length < depth) fields.push(10, 2, 2);
  let inner: Uint8Array = new Uint8Array(0);
  for (const field of fields.slice(0, depth).reverse()) inner = concat([encodeVarint(field * 8 + 2), encodeVarint(inner.length), inner]);
  return inner;
}

/** saved_model.pb whose graph nests to `depth` levels counted from the SavedModel (SavedModel > MetaGraphDef > GraphDef > ...). */
export function savedModelNestedTo(depth: number): Uint8Array {
  const graph = graphDefNestedTo(depth - 2);
  const meta = concat([encodeVarint((2 << 3) | 2), encodeVarint(graph.length), graph]);
  return concat([encodeVarint((2 << 3) | 2), encodeVarint(meta.length), meta]);
}

// ---------------------------------------------------------------- HDF5 with many attributes

/** A legacy .h5 whose model_weights group carries `count` attributes (HDF5 dense attribute storage). */
export function h5ManyAttributes(count: number): Promise<Uint8Array> {
  return buildHdf5((file) => {
    file.create_attribute('keras_version', '2.15.0');
    file.create_attribute('backend', 'tensorflow');
    const weights = file.create_group('model_weights');
    weights.create_attribute('layer_names', ['dense']);
    for (let i = 0; i < count; i++) weights.create_attribute(`a${i}`, i);
    file.create_group('model_weights/dense').create_attribute('weight_names', ['dense/kernel:0']);
  });
}

// ---------------------------------------------------------------- terminal escapes

/** Names that would drive a terminal: clear screen, set the title, ring the bell, NUL, reverse the text. */
export const HOSTILE_NAME_PARTS = ['\u001b[2J', '\u001b]0;pwned\u0007', '\u0007', '\u0000', '\u202e', '\u009b31m'];
export const HOSTILE_NAME = `evil${HOSTILE_NAME_PARTS.join('')}name`;

/** A checkpoint whose tensor names carry the escapes; its shard is missing so the names reach stderr-like problem lines too. */
export function checkpointWithHostileNames(): InputFile[] {
  const files = writeCheckpoint(
    [
      { key: `${HOSTILE_NAME}/kernel`, dtype: 'float32', shape: [1], data: new Uint8Array(4) },
      { key: `layer\u001b[31m/bias`, dtype: 'float32', shape: [1], data: new Uint8Array(4), shard: 1 },
    ],
    { prefix: 'ckpt' },
  );
  return Object.entries(files)
    .filter(([name]) => !name.endsWith('00001-of-00002'))
    .map(([path, bytes]) => ({ path, bytes }));
}

/** A .keras whose layer names carry the escapes. */
export function kerasWithHostileNames(): Uint8Array {
  const config = JSON.stringify({
    class_name: 'Sequential',
    config: { name: `model${HOSTILE_NAME}`, layers: [{ class_name: `Evil${HOSTILE_NAME}Layer`, config: { name: HOSTILE_NAME } }] },
  });
  return writeZip([
    { name: 'metadata.json', data: METADATA },
    { name: 'config.json', data: text(config) },
  ]);
}

// ---------------------------------------------------------------- seeds for the fuzz harness

/** Small versions of every class, as fuzz seeds: mutations of them must hold the invariants too. */
export async function amplifySeeds(): Promise<Seed[]> {
  const bombs = await tarGzBombs('small');
  return [
    { name: 'amplify:index-repeated-blocks', files: indexRepeatedBlocks(64, 500) },
    { name: 'amplify:index-keys-repeat-across-blocks', files: indexKeysRepeatAcrossBlocks(3, 200) },
    { name: 'amplify:index-nested-blocks', files: indexNestedBlocks(50) },
    { name: 'amplify:offsets-above-2p53', files: offsetsAbove2p53() },
    { name: 'amplify:missing-shards', files: missingShards(99_999, 500) },
    { name: 'amplify:tar-gz-declares-huge', files: [{ path: 'module.tar.gz', bytes: tarGzDeclaresHuge() }] },
    // Not many-members: every copy of it costs inflating the whole 64 MiB floor of the limit (by
    // design, ~0.3 s; seconds on a loaded machine, past the fuzz run's 5 s per case); the class
    // test runs it at full size instead.
    { name: 'amplify:tar-gz-one-member', files: [{ path: 'module.tar.gz', bytes: bombs['one-member.tar.gz']! }] },
    { name: 'amplify:tar-gz-padded', files: [{ path: 'module.tar.gz', bytes: bombs['padded.tar.gz']! }] },
    { name: 'amplify:keras-weights-bomb', files: [{ path: 'bomb.keras', bytes: await kerasWeightsBomb(200 * MiB) }] },
    { name: 'amplify:keras-non-finite-config', files: [{ path: 'nan.keras', bytes: kerasNonFiniteConfig(20_000) }] },
    { name: 'amplify:h5-non-finite-config', files: [{ path: 'nan.h5', bytes: await h5NonFiniteConfig(20_000) }] },
    { name: 'amplify:graph-def-attr-nested-101', files: [{ path: 'deep.pb', bytes: deepAttrGraphDef(33) }] },
    { name: 'amplify:h5-many-attributes', files: [{ path: 'attrs.h5', bytes: await h5ManyAttributes(2_000) }] },
    { name: 'amplify:checkpoint-hostile-names', files: checkpointWithHostileNames() },
    { name: 'amplify:keras-hostile-names', files: [{ path: 'names.keras', bytes: kerasWithHostileNames() }] },
  ];
}
