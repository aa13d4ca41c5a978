/**
 * Where the structure of a file is, so mutations can hit it: protobuf fields (as an editable
 * tree), LevelDB table blocks and footer, zip records, HDF5 superblock and object signatures.
 * These are the fuzzer's own small parsers: they never trust a length either, and give up
 * (return null) on anything they cannot follow.
 */

export function readVarint(buf: Uint8Array, pos: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
  return null;
}

export function encodeVarint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- protobuf

export interface PbNode {
  field: number;
  wire: number;
  /** Encoded value after the tag for VARINT/FIXED; payload for LEN when it is not parsed as a message. */
  raw: Uint8Array;
  /** LEN payload parsed as a message. */
  children: PbNode[] | null;
  /** Declared length written instead of the real one (a lie). */
  lengthOverride?: bigint;
}

/** Parses a whole buffer as a protobuf message, descending into LEN payloads that parse fully, up to `maxDepth`. */
export function parseProtobuf(buf: Uint8Array, maxDepth = 5, budget = { nodes: 20_000 }): PbNode[] | null {
  const nodes: PbNode[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (--budget.nodes < 0) return null;
    const tag = readVarint(buf, pos);
    if (!tag || tag.value > 0xffffffff) return null;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) return null;
    pos = tag.next;
    if (wire === 0) {
      const v = readVarint(buf, pos);
      if (!v) return null;
      nodes.push({ field, wire, raw: buf.subarray(pos, v.next), children: null });
      pos = v.next;
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (pos + n > buf.length) return null;
      nodes.push({ field, wire, raw: buf.subarray(pos, pos + n), children: null });
      pos += n;
    } else if (wire === 2) {
      const len = readVarint(buf, pos);
      if (!len || len.next + len.value > buf.length) return null;
      const payload = buf.subarray(len.next, len.next + len.value);
      const children = maxDepth > 0 && payload.length > 0 ? parseProtobuf(payload, maxDepth - 1, budget) : null;
      nodes.push({ field, wire, raw: payload, children });
      pos = len.next + len.value;
    } else return null;
  }
  return nodes;
}

export function serializeProtobuf(nodes: readonly PbNode[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const n of nodes) {
    parts.push(encodeVarint(n.field * 8 + n.wire));
    if (n.wire === 2) {
      const payload = n.children ? serializeProtobuf(n.children) : n.raw;
      parts.push(encodeVarint(n.lengthOverride ?? payload.length), payload);
    } else parts.push(n.raw);
  }
  return concat(parts);
}

/** Every node of the tree with the list that holds it. */
export function allNodes(nodes: PbNode[]): { node: PbNode; siblings: PbNode[] }[] {
  const out: { node: PbNode; siblings: PbNode[] }[] = [];
  const stack: PbNode[][] = [nodes];
  while (stack.length) {
    const list = stack.pop()!;
    for (const node of list) {
      out.push({ node, siblings: list });
      if (node.children) stack.push(node.children);
    }
  }
  return out;
}

/** One level of a nested chain: the field that holds the next level, after `prefix` (sibling fields written first). */
export interface NestLevel {
  field: number;
  prefix: Uint8Array;
}

/**
 * `levels` (outermost first) each holding the next as their last field, then `inner`. The bytes
 * are every level's header followed by `inner`, so they are built in O(depth), never re-copied.
 */
export function nestChain(levels: readonly NestLevel[], inner: Uint8Array): Uint8Array {
  const headers: Uint8Array[] = new Array(levels.length);
  let size = inner.length;
  for (let i = levels.length - 1; i >= 0; i--) {
    const { field, prefix } = levels[i]!;
    // The LEN payload of level i is its prefix, its child field's header, and everything inside.
    const tagAndLength = concat([encodeVarint(field * 8 + 2), encodeVarint(prefix.length + size)]);
    headers[i] = concat([tagAndLength, prefix]);
    size += headers[i]!.length;
  }
  return concat([...headers, inner]);
}

/** `depth` levels of `field { field { ... inner } }`. */
export function nestDeep(field: number, depth: number, inner: Uint8Array): Uint8Array {
  const level = { field, prefix: new Uint8Array(0) };
  return nestChain(
    Array.from({ length: depth }, () => level),
    inner,
  );
}

// ---------------------------------------------------------------- LevelDB table (checkpoint .index, V1 checkpoints)

export const TABLE_FOOTER = 48;
const TABLE_MAGIC = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb];

export interface Handle {
  offset: number;
  size: number;
}

export interface TableLayout {
  metaindex: Handle;
  index: Handle;
  data: Handle[];
  footerStart: number;
}

export function tableLayout(buf: Uint8Array): TableLayout | null {
  if (buf.length < TABLE_FOOTER) return null;
  const footerStart = buf.length - TABLE_FOOTER;
  for (let i = 0; i < 8; i++) if (buf[footerStart + 40 + i] !== TABLE_MAGIC[i]) return null;
  const handle = (pos: number): { h: Handle; next: number } | null => {
    const o = readVarint(buf, pos);
    const s = o && readVarint(buf, o.next);
    return o && s ? { h: { offset: o.value, size: s.value }, next: s.next } : null;
  };
  const meta = handle(footerStart);
  const index = meta && handle(meta.next);
  if (!meta || !index || index.h.offset + index.h.size + 5 > buf.length) return null;
  // Index block entries: shared, non_shared, value_len varints, key delta, value (a data block handle).
  const block = buf.subarray(index.h.offset, index.h.offset + index.h.size);
  if (block.length < 4) return null;
  const restarts = new DataView(block.buffer, block.byteOffset).getUint32(block.length - 4, true);
  const entriesEnd = block.length - 4 - restarts * 4;
  const data: Handle[] = [];
  let pos = 0;
  while (pos < entriesEnd && entriesEnd > 0) {
    const shared = readVarint(block, pos);
    const nonShared = shared && readVarint(block, shared.next);
    const valueLen = nonShared && readVarint(block, nonShared.next);
    if (!valueLen) return null;
    const valueAt = valueLen.next + nonShared.value;
    const o = readVarint(block, valueAt);
    const s = o && readVarint(block, o.next);
    if (!s) return null;
    data.push({ offset: o.value, size: s.value });
    pos = valueAt + valueLen.value;
  }
  // Only blocks that lie inside the file (with their 5-byte trailer) are offered to mutations.
  const inside = (h: Handle) => h.offset + h.size + 5 <= footerStart;
  return { metaindex: meta.h, index: index.h, data: data.filter(inside), footerStart };
}

/** A footer pointing at the given handles, padded and with the magic, as TF writes it. */
export function encodeFooter(
  metaindex: { offset: number | bigint; size: number | bigint },
  index: { offset: number | bigint; size: number | bigint },
): Uint8Array {
  const handles = concat([
    encodeVarint(metaindex.offset),
    encodeVarint(metaindex.size),
    encodeVarint(index.offset),
    encodeVarint(index.size),
  ]);
  const out = new Uint8Array(TABLE_FOOTER);
  out.set(handles.subarray(0, 40));
  out.set(TABLE_MAGIC, 40);
  return out;
}

export function tableBoundaries(t: TableLayout): number[] {
  const out = [t.footerStart];
  for (const h of [t.metaindex, t.index, ...t.data]) out.push(h.offset, h.offset + h.size, h.offset + h.size + 1, h.offset + h.size + 5);
  return out;
}

// ---------------------------------------------------------------- zip

export interface ZipRecordLayout {
  eocd: number;
  centralStart: number;
  /** Offsets of central directory headers. */
  central: number[];
  /** Offsets of local headers. */
  local: number[];
}

export function zipLayout(buf: Uint8Array): ZipRecordLayout | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const centralStart = view.getUint32(eocd + 16, true);
  const central: number[] = [];
  const local: number[] = [];
  let at = centralStart;
  for (let i = 0; i < count && at + 46 <= eocd; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    central.push(at);
    const lh = view.getUint32(at + 42, true);
    if (lh + 30 <= buf.length) local.push(lh);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { eocd, centralStart, central, local };
}

export function zipBoundaries(z: ZipRecordLayout): number[] {
  return [z.eocd, z.centralStart, ...z.central, ...z.local, ...z.local.map((l) => l + 30)];
}

// ---------------------------------------------------------------- HDF5

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const HDF5_STRUCTURES = ['OHDR', 'OCHK', 'TREE', 'HEAP', 'SNOD', 'GCOL', 'FRHP', 'FHDB', 'BTHD', 'BTLF', 'FSHD'];

export function isHdf5(buf: Uint8Array): boolean {
  return HDF5_SIGNATURE.every((b, i) => buf[i] === b);
}

/** Offsets of HDF5 structure signatures (object headers, B-trees, heaps, symbol nodes). */
export function hdf5Structures(buf: Uint8Array, limit = 4000): number[] {
  const out: number[] = [];
  const sigs = HDF5_STRUCTURES.map((s) => [...s].map((c) => c.charCodeAt(0)));
  for (let i = 0; i + 4 <= buf.length && out.length < limit; i++) {
    if (sigs.some((s) => s[0] === buf[i] && s[1] === buf[i + 1] && s[2] === buf[i + 2] && s[3] === buf[i + 3])) out.push(i);
  }
  return out;
}

export function hdf5Boundaries(buf: Uint8Array): number[] {
  return [8, 9, 24, 48, 56, 96, 512, 800, 1024, 2048, 4096, ...hdf5Structures(buf)].filter((b) => b < buf.length);
}

// ---------------------------------------------------------------- every boundary

/** Start and end offsets of protobuf fields, descending into LEN payloads that parse fully, up to `maxDepth`. */
export function protobufBoundaries(buf: Uint8Array, maxDepth = 2, base = 0, out: number[] = []): number[] {
  if (out.length > 5000) return out;
  let pos = 0;
  while (pos < buf.length) {
    out.push(base + pos);
    const tag = readVarint(buf, pos);
    if (!tag) return out;
    const wire = tag.value % 8;
    pos = tag.next;
    if (wire === 0) {
      const v = readVarint(buf, pos);
      if (!v) return out;
      pos = v.next;
    } else if (wire === 1 || wire === 5) pos += wire === 1 ? 8 : 4;
    else if (wire === 2) {
      const len = readVarint(buf, pos);
      if (!len || len.next + len.value > buf.length) return out;
      out.push(base + len.next);
      const payload = buf.subarray(len.next, len.next + len.value);
      if (maxDepth > 0 && payload.length > 0 && parseProtobuf(payload, 0)) protobufBoundaries(payload, maxDepth - 1, base + len.next, out);
      pos = len.next + len.value;
    } else return out;
  }
  out.push(base + pos);
  return out;
}

/** Every structural boundary this file has, by whatever structure it is (sorted, unique, inside the file). */
export function structuralBoundaries(bytes: Uint8Array): number[] {
  let found: number[] = [];
  const table = tableLayout(bytes);
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b ? zipLayout(bytes) : null;
  if (isHdf5(bytes)) found = hdf5Boundaries(bytes);
  else if (zip) found = zipBoundaries(zip);
  else if (table) found = tableBoundaries(table);
  else if (parseProtobuf(bytes, 0)) found = protobufBoundaries(bytes);
  return [...new Set(found.filter((b) => b > 0 && b < bytes.length))].sort((a, b) => a - b);
}
