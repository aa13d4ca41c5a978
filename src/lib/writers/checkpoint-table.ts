/**
 * Builds TensorFlow's LevelDB-style table (tensorflow/core/lib/io/table_builder.cc,
 * block_builder.cc, format.cc) the way TF does: prefix-compressed keys with a restart point
 * every 16 entries (every entry in the index block), a block flushed once its size estimate
 * reaches `blockSize` (TF: 256 KiB) or before an entry of twice that size, shortest separator
 * keys in the index, an empty metaindex block, and Snappy only when it saves at least 12.5 %.
 */
import { crc32cExtend, maskCrc } from '../binary/crc32c.ts';
import { snappyCompress } from '../binary/snappy.ts';
import { ByteSink } from '../binary/byte-sink.ts';

export interface TableOptions {
  /** Target uncompressed data block size; TF's default is 262144. */
  blockSize?: number;
  blockRestartInterval?: number;
  compression?: 'none' | 'snappy';
}

export const DEFAULT_BLOCK_SIZE = 256 * 1024;
const MAGIC_LO = 0x8b80fb57;
const MAGIC_HI = 0xdb477524;

class BlockBuilder {
  readonly out = new ByteSink();
  private restarts: number[] = [0];
  private counter = 0;
  private lastKey: Uint8Array = new Uint8Array(0);

  constructor(private readonly restartInterval: number) {}

  get empty(): boolean {
    return this.out.length === 0;
  }

  sizeEstimate(): number {
    return this.out.length + this.restarts.length * 4 + 4;
  }

  add(key: Uint8Array, value: Uint8Array): void {
    let shared = 0;
    if (this.counter < this.restartInterval) {
      const max = Math.min(key.byteLength, this.lastKey.byteLength);
      while (shared < max && key[shared] === this.lastKey[shared]) shared++;
    } else {
      this.restarts.push(this.out.length);
      this.counter = 0;
    }
    this.out
      .varint(shared)
      .varint(key.byteLength - shared)
      .varint(value.byteLength);
    this.out.bytes(key.subarray(shared)).bytes(value);
    this.lastKey = key;
    this.counter++;
  }

  finish(): Uint8Array {
    for (const r of this.restarts) this.out.fixed32(r);
    this.out.fixed32(this.restarts.length);
    return this.out.toBytes();
  }

  reset(): void {
    this.out.reset();
    this.restarts = [0];
    this.counter = 0;
    this.lastKey = new Uint8Array(0);
  }
}

export class TableBuilder {
  private readonly file = new ByteSink(4096);
  private readonly data: BlockBuilder;
  private readonly index = new BlockBuilder(1);
  private readonly blockSize: number;
  private readonly snappy: boolean;
  private lastKey: Uint8Array | null = null;
  private pendingHandle: { offset: number; size: number } | null = null;

  constructor(options: TableOptions = {}) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.snappy = options.compression === 'snappy';
    this.data = new BlockBuilder(options.blockRestartInterval ?? 16);
  }

  /** Keys must arrive in strictly increasing byte order. */
  add(key: Uint8Array, value: Uint8Array): void {
    if (this.lastKey !== null) {
      if (compareBytes(key, this.lastKey) <= 0) throw new Error('table keys must be added in strictly increasing order');
      if (key.byteLength + value.byteLength >= 2 * this.blockSize) this.flush();
    }
    if (this.pendingHandle) {
      this.index.add(shortestSeparator(this.lastKey!, key), encodeHandle(this.pendingHandle));
      this.pendingHandle = null;
    }
    this.lastKey = key;
    this.data.add(key, value);
    if (this.data.sizeEstimate() >= this.blockSize) this.flush();
  }

  private flush(): void {
    if (this.data.empty) return;
    this.pendingHandle = this.writeBlock(this.data);
  }

  private writeBlock(block: BlockBuilder): { offset: number; size: number } {
    const raw = block.finish();
    block.reset();
    let contents = raw;
    let type = 0;
    if (this.snappy) {
      const compressed = snappyCompress(raw);
      if (compressed.byteLength < raw.byteLength - Math.floor(raw.byteLength / 8)) {
        contents = compressed;
        type = 1;
      }
    }
    const handle = { offset: this.file.length, size: contents.byteLength };
    this.file.bytes(contents).byte(type);
    const crc = crc32cExtend(crc32cExtend(0, contents), Uint8Array.of(type));
    this.file.fixed32(maskCrc(crc));
    return handle;
  }

  finish(): Uint8Array {
    this.flush();
    const metaindex = this.writeBlock(new BlockBuilder(16));
    if (this.pendingHandle) {
      this.index.add(shortSuccessor(this.lastKey!), encodeHandle(this.pendingHandle));
      this.pendingHandle = null;
    }
    const index = this.writeBlock(this.index);
    const footer = new ByteSink(48);
    footer.varint(metaindex.offset).varint(metaindex.size).varint(index.offset).varint(index.size);
    while (footer.length < 40) footer.byte(0);
    footer.fixed32(MAGIC_LO).fixed32(MAGIC_HI);
    this.file.bytes(footer.view());
    return this.file.toBytes();
  }
}

function encodeHandle(h: { offset: number; size: number }): Uint8Array {
  return new ByteSink(20).varint(h.offset).varint(h.size).toBytes();
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.byteLength - b.byteLength;
}

/** A short key in [start, limit): TF's FindShortestSeparator. */
function shortestSeparator(start: Uint8Array, limit: Uint8Array): Uint8Array {
  const min = Math.min(start.byteLength, limit.byteLength);
  let i = 0;
  while (i < min && start[i] === limit[i]) i++;
  if (i >= min) return start;
  const diff = start[i]!;
  if (diff < 0xff && diff + 1 < limit[i]!) {
    const out = start.slice(0, i + 1);
    out[i] = diff + 1;
    return out;
  }
  return start;
}

/** A short key >= `key`: TF's FindShortSuccessor. */
function shortSuccessor(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.byteLength; i++) {
    if (key[i] !== 0xff) {
      const out = key.slice(0, i + 1);
      out[i] = key[i]! + 1;
      return out;
    }
  }
  return key;
}
