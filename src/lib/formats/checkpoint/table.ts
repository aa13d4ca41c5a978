/**
 * Reader for TensorFlow's LevelDB-style immutable tables (tensorflow/core/lib/io/table*), the
 * container of a V2 checkpoint's `.index` and of V1 TensorSlice checkpoints.
 *
 *   [data block][trailer] ... [metaindex block][trailer] [index block][trailer] [footer: 48 bytes]
 *   trailer = compression type (1 byte: 0 none, 1 Snappy) + masked crc32c of block + type byte
 *   footer  = metaindex handle, index handle (varint offset + size each), zero padding to 40 bytes,
 *             magic 0xdb4775248b80fb57 (little-endian)
 *
 * Blocks are read one at a time through the ByteSource, their checksums verified like TF does
 * (ReadBlock always verifies), and entries are handed out as key bytes plus a view of the value.
 *
 * TF's TableBuilder writes each data block once, in file order, with keys strictly increasing
 * across the whole table and separator keys strictly increasing in the index. A table that breaks
 * this is damaged (or built to amplify: 501 index entries pointing at one data block decode as
 * 1,000,000 entries; blocks nested inside each other are read and checksummed quadratically), so
 * before any data block is read the index must list disjoint blocks in order with increasing
 * separators, and every key must be greater than the one before it. The total data read is then
 * at most the file's size, and the entry count at most what its bytes can hold.
 */
import { readExact, type ByteSource } from '../../byte-source.ts';
import { ReadAheadSource } from '../../read-ahead-source.ts';
import { DecodeError } from '../../errors.ts';
import { crc32cExtend, readFixed32, unmaskCrc } from '../../binary/crc32c.ts';
import { snappyUncompress } from '../../binary/snappy.ts';
import { ByteReader } from '../../binary/byte-reader.ts';
import { hex32 } from '../../binary/hex.ts';

export const FOOTER_SIZE = 48;
export const BLOCK_TRAILER_SIZE = 5;
export const TABLE_MAGIC_LO = 0x8b80fb57;
export const TABLE_MAGIC_HI = 0xdb477524;
export const NO_COMPRESSION = 0;
export const SNAPPY_COMPRESSION = 1;
/** No real index block comes near this; a larger declared (or decompressed) block is refused. */
export const MAX_BLOCK_BYTES = 256 * 1024 * 1024;

export interface BlockHandle {
  offset: number;
  size: number;
}

export interface Footer {
  metaindex: BlockHandle;
  index: BlockHandle;
}

export interface TableEntry {
  /** The full key (prefix compression undone); may be a view into the decoded block, like `value`. */
  key: Uint8Array;
  /** A view into the decoded block; copy it if it must outlive the block. */
  value: Uint8Array;
}

export interface RawBlock {
  contents: Uint8Array;
  compression: number;
}

/** True when the last 8 bytes are TF's table magic. */
export function hasTableMagic(tail: Uint8Array): boolean {
  const n = tail.byteLength;
  return n >= 8 && readFixed32(tail, n - 8) === TABLE_MAGIC_LO && readFixed32(tail, n - 4) === TABLE_MAGIC_HI;
}

/** Decodes a 48-byte footer that starts at `fileOffset` in `file`. */
export function decodeFooter(bytes: Uint8Array, file: string, fileOffset: number): Footer {
  if (bytes.byteLength !== FOOTER_SIZE) {
    throw new DecodeError(file, `table footer must be ${FOOTER_SIZE} bytes, got ${bytes.byteLength}`, { offset: fileOffset });
  }
  if (!hasTableMagic(bytes)) {
    throw new DecodeError(file, 'not a TensorFlow table: bad footer magic (expected 0xdb4775248b80fb57)', {
      offset: fileOffset + FOOTER_SIZE - 8,
      hint: 'The file is not a checkpoint index, or it is truncated or overwritten at the end.',
    });
  }
  const cursor = new ByteReader(bytes, 0, FOOTER_SIZE - 8, { file: file, base: fileOffset });
  const metaindex = { offset: cursor.varint('metaindex handle offset'), size: cursor.varint('metaindex handle size') };
  const index = { offset: cursor.varint('index handle offset'), size: cursor.varint('index handle size') };
  return { metaindex, index };
}

export async function readFooter(source: ByteSource): Promise<Footer> {
  if (source.size < FOOTER_SIZE) {
    throw new DecodeError(source.path, `${source.size} bytes is too short for a table (the footer alone is ${FOOTER_SIZE} bytes)`, {
      code: 'truncated',
      offset: 0,
      hint: 'The file is empty or truncated.',
    });
  }
  const at = source.size - FOOTER_SIZE;
  return decodeFooter(await readExact(source, at, FOOTER_SIZE, 'table footer'), source.path, at);
}

/** Reads a block and its trailer, verifies the masked crc32c, and returns the raw contents. */
export async function readRawBlock(source: ByteSource, handle: BlockHandle, what: string): Promise<RawBlock> {
  const limit = source.size - FOOTER_SIZE;
  if (handle.size > MAX_BLOCK_BYTES || handle.offset + handle.size + BLOCK_TRAILER_SIZE > limit) {
    throw new DecodeError(
      source.path,
      `${what} handle (offset ${handle.offset}, size ${handle.size}) points outside the table's ${limit} block bytes`,
      {
        offset: handle.offset,
        hint: 'The table is truncated or corrupted.',
      },
    );
  }
  const bytes = await readExact(source, handle.offset, handle.size + BLOCK_TRAILER_SIZE, what);
  const n = handle.size;
  const stored = unmaskCrc(readFixed32(bytes, n + 1));
  const actual = crc32cExtend(0, bytes.subarray(0, n + 1));
  if (stored !== actual) {
    throw new DecodeError(source.path, `${what}: block checksum mismatch (stored crc32c ${hex32(stored)}, computed ${hex32(actual)})`, {
      code: 'checksum',
      offset: handle.offset,
      hint: 'The file is corrupted (bit rot, an interrupted copy, or a modified file).',
    });
  }
  return { contents: bytes.subarray(0, n), compression: bytes[n]! };
}

/** Reads, verifies and decompresses a block. */
export async function readBlock(source: ByteSource, handle: BlockHandle, what: string): Promise<RawBlock> {
  const raw = await readRawBlock(source, handle, what);
  if (raw.compression === NO_COMPRESSION) return raw;
  if (raw.compression === SNAPPY_COMPRESSION) {
    try {
      // Snappy expands at most ~21x (a 3-byte copy tag yields 64 bytes), so a declared
      // uncompressed length beyond that is a lie and is refused before allocating.
      const limit = Math.min(MAX_BLOCK_BYTES, raw.contents.byteLength * 22 + 32);
      return { contents: snappyUncompress(raw.contents, limit), compression: raw.compression };
    } catch (error) {
      throw new DecodeError(
        source.path,
        `${what}: corrupted Snappy block contents (${error instanceof Error ? error.message : String(error)})`,
        {
          offset: handle.offset,
          cause: error,
        },
      );
    }
  }
  throw new DecodeError(source.path, `${what}: unknown block compression type ${raw.compression} (TF writes 0 = none or 1 = Snappy)`, {
    offset: handle.offset + handle.size,
  });
}

/**
 * The entries of one decoded block. `blockOffset` is the block's file offset, used in errors
 * (for a compressed block, offsets inside it refer to the decompressed bytes).
 */
export function* blockEntries(block: Uint8Array, file: string, blockOffset: number, what: string): Generator<TableEntry> {
  const size = block.byteLength;
  if (size < 4) throw new DecodeError(file, `${what}: ${size}-byte block is too short for its restart count`, { offset: blockOffset });
  const numRestarts = readFixed32(block, size - 4);
  if (numRestarts > (size - 4) / 4) {
    throw new DecodeError(file, `${what}: restart count ${numRestarts} does not fit the ${size}-byte block`, {
      offset: blockOffset + size - 4,
    });
  }
  const dataEnd = size - 4 - numRestarts * 4;
  const cursor = new ByteReader(block, 0, dataEnd, { file: file, base: blockOffset });
  const entryWhat = `${what} entry`;
  let previous: Uint8Array = new Uint8Array(0);
  while (cursor.pos < dataEnd) {
    const entryStart = cursor.pos;
    const shared = cursor.varint(entryWhat);
    const nonShared = cursor.varint(entryWhat);
    const valueLength = cursor.varint(entryWhat);
    if (shared > previous.byteLength || nonShared + valueLength > dataEnd - cursor.pos) {
      throw new DecodeError(
        file,
        `${what}: bad entry (shared ${shared}, non-shared ${nonShared}, value ${valueLength} bytes) in a ${dataEnd}-byte block`,
        {
          offset: blockOffset + entryStart,
        },
      );
    }
    // A key that shares nothing with the previous one is a view into the block (no copy).
    let key: Uint8Array;
    if (shared === 0) {
      key = block.subarray(cursor.pos, cursor.pos + nonShared);
    } else {
      key = new Uint8Array(shared + nonShared);
      key.set(previous.subarray(0, shared), 0);
      key.set(block.subarray(cursor.pos, cursor.pos + nonShared), shared);
    }
    cursor.pos += nonShared;
    const value = block.subarray(cursor.pos, cursor.pos + valueLength);
    cursor.pos += valueLength;
    previous = key;
    yield { key, value };
  }
}

/**
 * Receives one entry from scanBlock: the key is `key[0, keyLength)` in a scratch buffer that the
 * next entry overwrites; the value is `block[valueStart, valueEnd)`. Copy what must outlive the call.
 */
export type EntryVisitor = (key: Uint8Array, keyLength: number, block: Uint8Array, valueStart: number, valueEnd: number) => void;

/** The reusable key buffer of scanBlock; it grows (bounded by the block's own size), never per entry. */
export class KeyScratch {
  bytes = new Uint8Array(256);
}

/**
 * The entries of one decoded block without allocating per entry (a 100,000-entry index would
 * otherwise make a key array, a value view and an entry object for each): same checks and
 * errors as blockEntries.
 */
export function scanBlock(
  block: Uint8Array,
  file: string,
  blockOffset: number,
  what: string,
  scratch: KeyScratch,
  visit: EntryVisitor,
): void {
  const size = block.byteLength;
  if (size < 4) throw new DecodeError(file, `${what}: ${size}-byte block is too short for its restart count`, { offset: blockOffset });
  const numRestarts = readFixed32(block, size - 4);
  if (numRestarts > (size - 4) / 4) {
    throw new DecodeError(file, `${what}: restart count ${numRestarts} does not fit the ${size}-byte block`, {
      offset: blockOffset + size - 4,
    });
  }
  const dataEnd = size - 4 - numRestarts * 4;
  const cursor = new ByteReader(block, 0, dataEnd, { file: file, base: blockOffset });
  const entryWhat = `${what} entry`;
  let keyLength = 0;
  while (cursor.pos < dataEnd) {
    const entryStart = cursor.pos;
    const shared = cursor.varint(entryWhat);
    const nonShared = cursor.varint(entryWhat);
    const valueLength = cursor.varint(entryWhat);
    if (shared > keyLength || nonShared + valueLength > dataEnd - cursor.pos) {
      throw new DecodeError(
        file,
        `${what}: bad entry (shared ${shared}, non-shared ${nonShared}, value ${valueLength} bytes) in a ${dataEnd}-byte block`,
        {
          offset: blockOffset + entryStart,
        },
      );
    }
    keyLength = shared + nonShared;
    if (keyLength > scratch.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(keyLength, 2 * scratch.bytes.byteLength));
      grown.set(scratch.bytes.subarray(0, shared));
      scratch.bytes = grown;
    }
    const key = scratch.bytes;
    for (let i = 0, from = cursor.pos; i < nonShared; i++) key[shared + i] = block[from + i]!;
    cursor.pos += nonShared;
    visit(key, keyLength, block, cursor.pos, cursor.pos + valueLength);
    cursor.pos += valueLength;
  }
}

export interface IndexEntry {
  /** Separator key: >= every key in the block, < every key in the next one. */
  key: Uint8Array;
  handle: BlockHandle;
}

/** Compares byte strings as TF's BytewiseComparator does. */
export function compareKeys(a: Uint8Array, aLength: number, b: Uint8Array, bLength: number): number {
  const n = Math.min(aLength, bLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return aLength - bLength;
}

const DAMAGED_INDEX_HINT =
  'TensorFlow writes every data block once, in order, with keys that only increase: the index is corrupted (or was built by hand).';

/**
 * Checks what TF's writer guarantees about an index block before any data block is read: the
 * separator keys strictly increase, and the blocks lie inside the file, in order, without
 * repeating or overlapping. Throws a DecodeError with the evidence otherwise.
 */
export function checkIndex(file: string, footer: Footer, index: readonly IndexEntry[], fileSize: number): void {
  const blocksEnd = fileSize - FOOTER_SIZE;
  let previousEnd = 0;
  let firstBad = -1;
  let repeated = 0;
  let overlapping = 0;
  const starts = new Map<number, number>();
  for (let i = 0; i < index.length; i++) {
    const { offset, size } = index[i]!.handle;
    if (offset + size + BLOCK_TRAILER_SIZE > blocksEnd) {
      throw new DecodeError(
        file,
        `index block: data block ${i} (offset ${offset}, size ${size}) points outside the table's ${blocksEnd} block bytes`,
        { offset: footer.index.offset, hint: DAMAGED_INDEX_HINT },
      );
    }
    if (i > 0) {
      const prev = index[i - 1]!.key;
      const key = index[i]!.key;
      if (compareKeys(key, key.byteLength, prev, prev.byteLength) <= 0) {
        throw new DecodeError(
          file,
          `index block: separator key of data block ${i} (${keyText(key)}) is not greater than that of block ${i - 1} (${keyText(prev)})`,
          { offset: footer.index.offset, hint: DAMAGED_INDEX_HINT },
        );
      }
    }
    if (offset < previousEnd) {
      if (firstBad < 0) firstBad = i;
      if (starts.has(offset)) repeated++;
      else overlapping++;
    } else {
      previousEnd = offset + size + BLOCK_TRAILER_SIZE;
    }
    if (!starts.has(offset)) starts.set(offset, i);
  }
  if (firstBad >= 0) {
    const { offset, size } = index[firstBad]!.handle;
    const same = starts.get(offset);
    const where =
      same !== undefined && same !== firstBad
        ? `is data block ${same} again (offset ${offset}, size ${size})`
        : `(offset ${offset}, size ${size}) overlaps a block listed before it`;
    throw new DecodeError(
      file,
      `index block: data block handles repeat or overlap: block ${firstBad} ${where}; ${repeated + overlapping} of the ${index.length} handles point into blocks listed before them (${repeated} repeat one, ${overlapping} overlap one)${repeated > 0 ? `: ${starts.size} distinct blocks listed ${index.length} times` : ''}`,
      { offset: footer.index.offset, hint: DAMAGED_INDEX_HINT },
    );
  }
}

/** A key for a message: printable ASCII as is, anything else escaped, long keys cut. */
export function keyText(key: Uint8Array, length = key.byteLength): string {
  let out = '"';
  for (let i = 0; i < Math.min(length, 64); i++) {
    const b = key[i]!;
    out += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}${length > 64 ? '...' : ''}"`;
}

/** Data blocks are read in order (checkIndex has made sure they do not overlap) in reads of this size. */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/** An opened table: footer and index read, data blocks read on demand. */
export class Table {
  readonly source: ByteSource;
  readonly footer: Footer;
  readonly index: readonly IndexEntry[];
  readonly indexCompression: number;
  /** Compression type of each data block read so far, by block number. */
  readonly dataBlockCompression: number[] = [];

  private constructor(source: ByteSource, footer: Footer, index: IndexEntry[], indexCompression: number) {
    this.source = source;
    this.footer = footer;
    this.index = index;
    this.indexCompression = indexCompression;
  }

  static async open(source: ByteSource): Promise<Table> {
    const footer = await readFooter(source);
    const block = await readBlock(source, footer.index, 'index block');
    const index: IndexEntry[] = [];
    for (const entry of blockEntries(block.contents, source.path, footer.index.offset, 'index block')) {
      const cursor = new ByteReader(entry.value, 0, entry.value.byteLength, { file: source.path, base: footer.index.offset });
      index.push({ key: entry.key, handle: { offset: cursor.varint('block handle offset'), size: cursor.varint('block handle size') } });
    }
    return new Table(source, footer, index, block.compression);
  }

  private checked = false;

  /** Checks the index once, before the first data block is read in key order (checkIndex). */
  private checkIndexOnce(): void {
    if (this.checked) return;
    checkIndex(this.source.path, this.footer, this.index, this.source.size);
    this.checked = true;
  }

  /** Decoded contents of data block `i` (read through `source` when walking in order). */
  async dataBlock(i: number, source: ByteSource = this.source): Promise<Uint8Array> {
    const handle = this.index[i]!.handle;
    const block = await readBlock(source, handle, `data block ${i}`);
    this.dataBlockCompression[i] = block.compression;
    return block.contents;
  }

  /** Every entry in key order, one data block in memory at a time. */
  async *entries(): AsyncGenerator<TableEntry> {
    for await (const block of this.blocks()) yield* block;
  }

  /**
   * The data blocks in order, each as a synchronous iterator over its entries. Iterating these
   * costs one await per block instead of one per entry (an index of 100,000 entries has ~30 blocks).
   */
  async *blocks(): AsyncGenerator<Iterable<TableEntry>> {
    this.checkIndexOnce();
    const order = new KeyOrder(this.source.path);
    const ahead = new ReadAheadSource(this.source, READ_AHEAD_BYTES);
    for (let i = 0; i < this.index.length; i++) {
      const contents = await this.dataBlock(i, ahead);
      const what = `data block ${i}`;
      const offset = this.index[i]!.handle.offset;
      yield (function* () {
        for (const entry of blockEntries(contents, order.file, offset, what)) {
          order.next(entry.key, entry.key.byteLength, what, offset);
          yield entry;
        }
      })();
    }
  }

  /** Every entry in key order through scanBlock: one await per block, no allocation per entry. */
  async forEachEntry(visit: EntryVisitor): Promise<void> {
    this.checkIndexOnce();
    const scratch = new KeyScratch();
    const order = new KeyOrder(this.source.path);
    const ahead = new ReadAheadSource(this.source, READ_AHEAD_BYTES);
    for (let i = 0; i < this.index.length; i++) {
      const contents = await this.dataBlock(i, ahead);
      const what = `data block ${i}`;
      const offset = this.index[i]!.handle.offset;
      scanBlock(contents, this.source.path, offset, what, scratch, (key, keyLength, block, valueStart, valueEnd) => {
        order.next(key, keyLength, what, offset);
        visit(key, keyLength, block, valueStart, valueEnd);
      });
    }
  }

  /** The first entry, or null for an empty table (for sniffing: reads only the first data block). */
  async first(): Promise<TableEntry | null> {
    if (this.index.length === 0) return null;
    const contents = await this.dataBlock(0);
    for (const entry of blockEntries(contents, this.source.path, this.index[0]!.handle.offset, 'data block 0')) return entry;
    return null;
  }
}

/** Requires every key of a table to be greater than the one before it (TF's writer guarantees it). */
class KeyOrder {
  private previous = new Uint8Array(256);
  private previousLength = -1;
  private count = 0;

  constructor(readonly file: string) {}

  next(key: Uint8Array, keyLength: number, what: string, blockOffset: number): void {
    if (this.previousLength >= 0 && compareKeys(key, keyLength, this.previous, this.previousLength) <= 0) {
      const same = compareKeys(key, keyLength, this.previous, this.previousLength) === 0;
      throw new DecodeError(
        this.file,
        `${what}: table entry ${this.count} has key ${keyText(key, keyLength)}, ${same ? 'the same as' : 'smaller than'} the key before it (${keyText(this.previous, this.previousLength)}): keys in a table strictly increase, so entries are repeated or out of order`,
        { offset: blockOffset, hint: DAMAGED_INDEX_HINT },
      );
    }
    if (keyLength > this.previous.byteLength) this.previous = new Uint8Array(Math.max(keyLength, 2 * this.previous.byteLength));
    this.previous.set(keyLength === key.byteLength ? key : key.subarray(0, keyLength));
    this.previousLength = keyLength;
    this.count++;
  }
}
