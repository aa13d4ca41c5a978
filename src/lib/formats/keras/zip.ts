/**
 * A zip reader over a ByteSource that reads only the central directory and the members asked
 * for, so a multi-gigabyte .keras is never loaded whole. Guards against hostile archives:
 * entry-count and directory-size limits, duplicate names, encrypted entries, a per-member size
 * limit checked against the declared size BEFORE anything is allocated, a compression-ratio
 * limit, inflation that stops as soon as the output passes the declared size, and a CRC-32
 * check of every member read.
 */
import { Inflate } from 'fflate';
import CRC32 from 'crc-32';
import { readExact, type ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { utf8Decode } from '../../utf8.ts';
import { hex32 } from '../../binary/hex.ts';

export const MAX_ZIP_ENTRIES = 100_000;
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Deflate cannot honestly exceed ~1032:1; beyond this ratio a member is treated as a zip bomb. */
export const MAX_COMPRESSION_RATIO = 1000;
const INFLATE_CHUNK = 16 * 1024;
/** The most deflate can expand: 258-byte matches from 2-bit codes, ~1032:1. */
const DEFLATE_MAX_RATIO = 1032;

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is reported as unsupported when read. */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
  /** Offset of this entry's central-directory record (for error messages). */
  centralOffset: number;
}

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
function u64(b: Uint8Array, o: number, file: string, what: string): number {
  const value = u32(b, o) + u32(b, o + 4) * 2 ** 32;
  if (!Number.isSafeInteger(value)) throw new DecodeError(file, `${what} is too large (${value})`, { offset: o });
  return value;
}

/** Reads and checks the central directory. */
/**
 * `duplicates`: when given, two entries of one name are reported there and the later one is kept,
 * as Python's zipfile (and Keras) reads it; without it they are refused.
 */
export async function readZipDirectory(source: ByteSource, duplicates?: DecodeError[]): Promise<ZipEntry[]> {
  const file = source.path;
  if (source.size < 22)
    throw new DecodeError(file, `zip archive too short (${source.size} bytes; the end record alone is 22)`, {
      code: 'truncated',
      offset: 0,
      hint: 'The file is truncated.',
    });
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = await readExact(source, tailStart, tailLength, 'zip end of central directory');
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new DecodeError(file, 'no zip end-of-central-directory record: the archive is truncated or not a zip', {
      code: 'truncated',
      offset: source.size,
      hint: 'A .keras file that was cut short (interrupted download or save) looks like this.',
    });
  }
  const eocdOffset = tailStart + eocd;
  const disk = u16(tail, eocd + 4);
  const cdDisk = u16(tail, eocd + 6);
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (disk !== 0 || cdDisk !== 0)
    throw new DecodeError(file, 'multi-part (spanned) zip archives are not supported', { code: 'unsupported', offset: eocdOffset });
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    ({ count, cdSize, cdOffset } = await readZip64End(source, eocdOffset));
  }
  if (count > MAX_ZIP_ENTRIES)
    throw new DecodeError(file, `zip declares ${count} entries, above the limit of ${MAX_ZIP_ENTRIES}`, {
      code: 'too_large',
      offset: eocdOffset,
    });
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES)
    throw new DecodeError(file, `zip central directory is ${cdSize} bytes, above the limit of ${MAX_CENTRAL_DIRECTORY_BYTES}`, {
      code: 'too_large',
      offset: eocdOffset,
    });
  if (cdOffset + cdSize > eocdOffset) {
    throw new DecodeError(
      file,
      `zip central directory (bytes ${cdOffset}..${cdOffset + cdSize}) runs past its end record at byte ${eocdOffset}`,
      { offset: eocdOffset, hint: 'The archive is truncated or damaged.' },
    );
  }
  const cd = await readExact(source, cdOffset, cdSize, 'zip central directory');
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    const at = cdOffset + p;
    if (p + 46 > cd.byteLength || u32(cd, p) !== CENTRAL_SIG) {
      throw new DecodeError(file, `zip central directory entry ${i} of ${count} is missing or damaged`, { offset: at });
    }
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    const crc32 = u32(cd, p + 16);
    let compressedSize = u32(cd, p + 20);
    let uncompressedSize = u32(cd, p + 24);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    let localHeaderOffset = u32(cd, p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.byteLength) throw new DecodeError(file, `zip central directory entry ${i} runs past the directory`, { offset: at });
    const name = utf8Decode(cd.subarray(p + 46, p + 46 + nameLength));
    // ZIP64 extra field: 64-bit values for whichever 32-bit fields are 0xFFFFFFFF, in this order.
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    for (let q = 0; q + 4 <= extra.byteLength; ) {
      const id = u16(extra, q);
      const size = u16(extra, q + 2);
      if (id === 0x0001) {
        let r = q + 4;
        const take = (): number => {
          if (r + 8 > q + 4 + size || r + 8 > extra.byteLength)
            throw new DecodeError(file, `zip64 extra field of "${name}" is too short`, { offset: at });
          const v = u64(extra, r, file, `zip64 size of "${name}"`);
          r += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      q += 4 + size;
    }
    if (names.has(name)) {
      const twice = new DecodeError(file, `zip has two entries named "${name}"`, {
        code: 'unsafe',
        offset: at,
        hint:
          "Different tools read different members: Python's zipfile, and so Keras, reads the last one (what is reported here), " +
          'other unzip tools the first. The archive was tampered with or badly rewritten; do not load it until you know which is right.',
      });
      if (!duplicates) throw twice;
      if (!duplicates.some((d) => d.what === twice.what)) duplicates.push(twice);
      entries.splice(
        entries.findIndex((e) => e.name === name),
        1,
      );
    }
    names.add(name);
    entries.push({
      name,
      method,
      flags,
      crc32,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
      encrypted: (flags & 1) !== 0,
      centralOffset: at,
    });
    p = end;
  }
  return entries;
}

async function readZip64End(source: ByteSource, eocdOffset: number): Promise<{ count: number; cdSize: number; cdOffset: number }> {
  const file = source.path;
  if (eocdOffset < 20) throw new DecodeError(file, 'zip64 end locator missing', { offset: eocdOffset });
  const locator = await readExact(source, eocdOffset - 20, 20, 'zip64 end locator');
  if (u32(locator, 0) !== ZIP64_LOCATOR_SIG) throw new DecodeError(file, 'zip64 end locator missing', { offset: eocdOffset - 20 });
  const endOffset = u64(locator, 8, file, 'zip64 end record offset');
  const end = await readExact(source, endOffset, 56, 'zip64 end record');
  if (u32(end, 0) !== ZIP64_EOCD_SIG) throw new DecodeError(file, 'zip64 end record signature is wrong', { offset: endOffset });
  return {
    count: u64(end, 32, file, 'zip64 entry count'),
    cdSize: u64(end, 40, file, 'zip64 central directory size'),
    cdOffset: u64(end, 48, file, 'zip64 central directory offset'),
  };
}

/**
 * Reads one member, refusing it when its declared size is above `limit` (checked before any
 * allocation), when it is encrypted, compressed with an unsupported method, inflates past its
 * declared size, or fails its CRC-32.
 */
export async function readZipMember(source: ByteSource, entry: ZipEntry, limit: number, limitWhat = 'for reading it'): Promise<Uint8Array> {
  const file = source.path;
  const where = `zip member "${entry.name}"`;
  if (entry.encrypted)
    throw new DecodeError(file, `${where} is encrypted`, {
      code: 'unsupported',
      offset: entry.centralOffset,
      hint: 'Keras never encrypts members; re-save the model.',
    });
  if (entry.method !== 0 && entry.method !== 8) {
    throw new DecodeError(file, `${where} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`, {
      code: 'unsupported',
      offset: entry.centralOffset,
    });
  }
  if (entry.method === 8 && entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > entry.compressedSize * MAX_COMPRESSION_RATIO) {
    throw new DecodeError(
      file,
      `${where} would expand ${entry.compressedSize} bytes to ${entry.uncompressedSize} (more than ${MAX_COMPRESSION_RATIO}:1): treated as a zip bomb`,
      { offset: entry.centralOffset },
    );
  }
  // Then the limit for what the member is for (a deflated member can pass the ratio and still be too large).
  if (entry.uncompressedSize > limit) {
    throw new DecodeError(file, `${where} declares ${entry.uncompressedSize} bytes, above the ${limit}-byte limit ${limitWhat}`, {
      code: 'too_large',
      offset: entry.centralOffset,
    });
  }
  const local = await readExact(source, entry.localHeaderOffset, 30, `${where} local header`);
  if (u32(local, 0) !== LOCAL_SIG)
    throw new DecodeError(file, `${where}: local header signature is wrong`, {
      offset: entry.localHeaderOffset,
      hint: 'The archive is damaged.',
    });
  const nameLength = u16(local, 26);
  const extraLength = u16(local, 28);
  const localName = utf8Decode(await readExact(source, entry.localHeaderOffset + 30, nameLength, `${where} local name`));
  if (localName !== entry.name) {
    throw new DecodeError(file, `${where}: local header names it "${localName}"`, {
      offset: entry.localHeaderOffset,
      hint: 'The directory and the data disagree: the archive was tampered with or damaged.',
    });
  }
  const dataOffset = entry.localHeaderOffset + 30 + nameLength + extraLength;
  const packed = await readExact(source, dataOffset, entry.compressedSize, `${where} data`);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw new DecodeError(file, `${where} is stored but its sizes differ (${entry.compressedSize} vs ${entry.uncompressedSize})`, {
        offset: entry.centralOffset,
      });
    }
    data = packed;
  } else {
    data = inflateBounded(file, where, packed, entry.uncompressedSize, dataOffset);
  }
  const crc = CRC32.buf(data) >>> 0;
  if (crc !== entry.crc32) {
    throw new DecodeError(file, `${where} fails its CRC-32 check (stored ${hex32(entry.crc32)}, computed ${hex32(crc)})`, {
      code: 'checksum',
      offset: dataOffset,
      hint: 'The member is corrupted.',
    });
  }
  return data;
}

/** Inflates into a buffer of the declared size and stops as soon as the output would pass it. */
function inflateBounded(file: string, where: string, packed: Uint8Array, declared: number, offset: number): Uint8Array {
  const out = new Uint8Array(declared);
  let filled = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (filled + chunk.byteLength > declared) {
      throw new DecodeError(file, `${where} inflates past its declared ${declared} bytes`, {
        code: 'too_large',
        offset,
        hint: 'The size in the zip directory is false: a damaged or hostile archive.',
      });
    }
    out.set(chunk, filled);
    filled += chunk.byteLength;
    if (final) done = true;
  });
  try {
    // Deflate expands at most ~1032:1, and fflate hands over all it inflated from one push at
    // once: pushing no more than (room left / 1032) + 512 bytes keeps every output chunk within
    // the declared size (plus at most ~0.5 MB), so a member that lies cannot make it allocate more.
    for (let i = 0; i < packed.byteLength; ) {
      const step = Math.min(INFLATE_CHUNK, Math.floor(Math.max(0, declared - filled) / DEFLATE_MAX_RATIO) + 512);
      const end = Math.min(packed.byteLength, i + step);
      inflater.push(packed.subarray(i, end), end === packed.byteLength);
      i = end;
    }
    if (packed.byteLength === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(file, `${where} cannot be inflated: ${error instanceof Error ? error.message : String(error)}`, {
      offset,
      cause: error,
    });
  }
  if (!done || filled !== declared) {
    throw new DecodeError(file, `${where} inflated to ${filled} bytes, but the directory declares ${declared}`, {
      offset,
      hint: 'The member is truncated or damaged.',
    });
  }
  return out;
}
