/**
 * A zip laid out as parts: members made in memory (stored, like Keras writes them) and members
 * copied from the input archive as they are (their compressed bytes, method and CRC-32 kept), so
 * a large `model.weights.h5` is streamed from the input, never inflated or held. No ZIP64: an
 * archive or member of 4 GiB or more is refused.
 */
import CRC32 from 'crc-32';
import { readExact, type ByteSource } from '../byte-source.ts';
import type { ZipEntry } from '../formats/keras/zip.ts';
import { utf8Encode } from '../utf8.ts';
import type { BuiltFile } from './types.ts';

export type ZipPart = { kind: 'new'; name: string; data: Uint8Array } | { kind: 'copy'; entry: ZipEntry };

const LIMIT = 0xffffffff;
/** 1980-01-01 00:00, what Python's zipfile writes for writestr without a date. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface Member {
  name: Uint8Array;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  data: Uint8Array | { file: string; offset: number; size: number; crc32?: number };
}

/** Where a member's compressed bytes start: after its local header, whose lengths may differ from the directory's. */
export async function memberDataOffset(source: ByteSource, entry: ZipEntry): Promise<number> {
  const local = await readExact(source, entry.localHeaderOffset, 30, `zip member "${entry.name}" local header`);
  const nameLength = local[26]! | (local[27]! << 8);
  const extraLength = local[28]! | (local[29]! << 8);
  return entry.localHeaderOffset + 30 + nameLength + extraLength;
}

export async function buildZip(path: string, source: ByteSource, parts: readonly ZipPart[]): Promise<BuiltFile> {
  const members: Member[] = [];
  let offset = 0;
  const out: BuiltFile = { path, parts: [] };
  for (const p of parts) {
    let m: Member;
    if (p.kind === 'new') {
      m = {
        name: utf8Encode(p.name),
        method: 0,
        crc: CRC32.buf(p.data) >>> 0,
        compressed: p.data.byteLength,
        size: p.data.byteLength,
        offset,
        data: p.data,
      };
    } else {
      const e = p.entry;
      if (e.encrypted) throw new Error(`zip member "${e.name}" is encrypted`);
      m = {
        name: utf8Encode(e.name),
        method: e.method,
        crc: e.crc32,
        compressed: e.compressedSize,
        size: e.uncompressedSize,
        offset,
        // A stored member's CRC-32 is over these very bytes: checked while they are copied.
        data: {
          file: source.path,
          offset: await memberDataOffset(source, e),
          size: e.compressedSize,
          ...(e.method === 0 ? { crc32: e.crc32 } : {}),
        },
      };
    }
    if (m.compressed >= LIMIT || m.size >= LIMIT || offset >= LIMIT)
      throw new Error(`the archive would pass 4 GiB at "${p.kind === 'new' ? p.name : p.entry.name}": ZIP64 is not written`);
    const header = localHeader(m);
    out.parts.push(header, m.data);
    offset += header.byteLength + m.compressed;
    members.push(m);
  }
  const cdStart = offset;
  for (const m of members) {
    const record = centralRecord(m);
    out.parts.push(record);
    offset += record.byteLength;
  }
  if (offset >= LIMIT) throw new Error('the archive would pass 4 GiB: ZIP64 is not written');
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, members.length, true);
  v.setUint16(10, members.length, true);
  v.setUint32(12, offset - cdStart, true);
  v.setUint32(16, cdStart, true);
  out.parts.push(end);
  return out;
}

const UTF8_FLAG = 0x800;

function localHeader(m: Member): Uint8Array {
  const b = new Uint8Array(30 + m.name.byteLength);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, UTF8_FLAG, true);
  v.setUint16(8, m.method, true);
  v.setUint16(10, DOS_TIME, true);
  v.setUint16(12, DOS_DATE, true);
  v.setUint32(14, m.crc, true);
  v.setUint32(18, m.compressed, true);
  v.setUint32(22, m.size, true);
  v.setUint16(26, m.name.byteLength, true);
  b.set(m.name, 30);
  return b;
}

function centralRecord(m: Member): Uint8Array {
  const b = new Uint8Array(46 + m.name.byteLength);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, (3 << 8) | 20, true);
  v.setUint16(6, 20, true);
  v.setUint16(8, UTF8_FLAG, true);
  v.setUint16(10, m.method, true);
  v.setUint16(12, DOS_TIME, true);
  v.setUint16(14, DOS_DATE, true);
  v.setUint32(16, m.crc, true);
  v.setUint32(20, m.compressed, true);
  v.setUint32(24, m.size, true);
  v.setUint16(28, m.name.byteLength, true);
  v.setUint32(38, (0o644 << 16) >>> 0, true);
  v.setUint32(42, m.offset, true);
  b.set(m.name, 46);
  return b;
}
