/**
 * Checksum verification of a V2 checkpoint, as TensorFlow would do on restore but for every
 * tensor: each data shard is streamed in chunks (8 MiB by default; never a whole-file buffer),
 * each tensor's crc32c is computed by TF's rule for its dtype (tensor-checksum.ts) and compared
 * with its BundleEntryProto. Missing and short shards are named by file.
 */
import { findFile, type ByteSource, type FileSet } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { readBundleIndex, type IndexedEntry } from './bundle-index.ts';
import { byteRangeText, elementCount, isByteRange } from './bundle-protos.ts';
import { type Crc32cExtend, unmaskCrc } from '../../binary/crc32c.ts';
import { dataFileName, indexFileName, MAX_LISTED_MISSING_SHARDS, moreMissingShards } from './shard-files.ts';
import { newTensorChecksum, RawChecksum, type TensorChecksum } from './tensor-checksum.ts';
import { type Crc32cPool, lanePieces } from '../../binary/crc32c-pool.ts';

export interface BadTensor {
  name: string;
  shard: number;
  file: string;
  offset: number;
  size: number;
  /** Unmasked crc32c from the index entry. */
  expected: number;
  /** Unmasked crc32c of the bytes, or null when they could not all be read. */
  actual: number | null;
  /** What else is wrong with the stored layout (string lengths, truncation), or null. */
  problem: string | null;
}

export interface VerifyReport {
  /** Tensors whose bytes were checked. */
  tensors: number;
  /** Bytes checked. */
  bytes: number;
  ok: boolean;
  /** Tensors that fail, the first MAX_LISTED_BAD of them (a shard of zeros fails every tensor in it). */
  bad: BadTensor[];
  /** How many tensors fail in all. */
  bad_count: number;
  /** Missing data shards by name: the first MAX_LISTED_MISSING_SHARDS, then one entry for the rest. */
  missing_shards: string[];
  /** How many data shards are missing in all. */
  missing_shard_count: number;
  short_shards: { file: string; size: number; needed: number }[];
}

/** The part of AbortSignal this needs (src/lib has no DOM types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface VerifyOptions {
  chunkSize?: number;
  signal?: AbortSignalLike;
  onProgress?: (done: number, total: number) => void;
  /** Shards streamed at once (remote shards: each is one stream of Range reads, and latency adds up). */
  concurrency?: number;
  /** The crc32c to use (default: the library's WebAssembly/JavaScript one). */
  crc32c?: Crc32cExtend;
  /** Threads for the crc32c of large tensors: each chunk of one is split across them. */
  pool?: Crc32cPool;
}

export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;
/** More declared shards than this is a corrupted header (the decoder says so); only these are looked for. */
const MAX_SHARDS = 100_000;

export async function verifyCheckpoint(files: FileSet, prefix: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const indexPath = indexFileName(prefix);
  const index = findFile(files, indexPath);
  if (!index) throw new DecodeError(indexPath, 'the checkpoint index file is not in the file set', { code: 'missing_file' });
  const bundle = await readBundleIndex(index);
  const numShards = bundle.header.num_shards;
  const bigEndian = bundle.header.endianness === 'big';

  const report: VerifyReport = {
    tensors: 0,
    bytes: 0,
    ok: true,
    bad: [],
    bad_count: 0,
    missing_shards: [],
    missing_shard_count: 0,
    short_shards: [],
  };
  const byShard = new Map<number, IndexedEntry[]>();
  for (const e of bundle.entries) {
    if (e.entry.slices.length > 0) continue; // a partitioned tensor's own entry holds no bytes
    const list = byShard.get(e.entry.shard_id) ?? [];
    list.push(e);
    byShard.set(e.entry.shard_id, list);
  }
  // The first missing shards by name, the rest counted in one entry (as the decoder lists them).
  for (let i = 0; i < numShards && i < MAX_SHARDS; i++) {
    if (findFile(files, dataFileName(prefix, i, numShards))) continue;
    report.missing_shard_count++;
    if (report.missing_shards.length < MAX_LISTED_MISSING_SHARDS) report.missing_shards.push(dataFileName(prefix, i, numShards));
  }
  const more = report.missing_shard_count - report.missing_shards.length;
  if (more > 0) report.missing_shards.push(moreMissingShards(prefix, numShards, more));

  const shardIds = [...byShard.keys()].sort((a, b) => a - b);
  let total = 0;
  for (const id of shardIds) {
    if (findFile(files, dataFileName(prefix, id, numShards)))
      for (const e of byShard.get(id)!) if (isByteRange(e.entry)) total += e.entry.size;
  }
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  const verifyOne = async (id: number): Promise<void> => {
    const entries = byShard.get(id)!;
    const file = dataFileName(prefix, id, numShards);
    const shard = id >= 0 && id < numShards ? findFile(files, file) : null;
    if (!shard) {
      if (id < 0 || id >= numShards) {
        for (const e of entries) addBad(report, badOf(e, file, null, `shard ${id} is outside the header's ${numShards} shard(s)`));
      }
      return;
    }
    // Offsets and sizes are int64: a range that is no byte position is reported, never streamed to.
    const readable: IndexedEntry[] = [];
    let needed = 0;
    for (const e of entries) {
      if (isByteRange(e.entry)) {
        readable.push(e);
        needed = Math.max(needed, e.entry.offset + e.entry.size);
      } else {
        report.tensors++;
        addBad(report, badOf(e, file, null, `${byteRangeText(e.entry)}; the shard has ${shard.size} bytes`));
      }
    }
    if (shard.size < needed) report.short_shards.push({ file, size: shard.size, needed });
    await verifyShard(shard, readable, chunkSize, bigEndian, report, options, progress);
  };
  // Each shard is streamed once, start to end; with concurrency > 1 several shards at a time.
  let nextShard = 0;
  const worker = async () => {
    while (nextShard < shardIds.length) await verifyOne(shardIds[nextShard++]!);
  };
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency ?? 1), shardIds.length));
  await Promise.all(Array.from({ length: workers }, worker));
  // Shards finish in any order when run together: list failures by place, as a serial run does.
  if (workers > 1) report.bad.sort((a, b) => a.shard - b.shard || a.offset - b.offset);
  report.ok = report.bad_count === 0 && report.missing_shard_count === 0 && report.short_shards.length === 0;
  return report;
}

interface Active {
  e: IndexedEntry;
  end: number;
  checksum: TensorChecksum;
}

async function verifyShard(
  shard: ByteSource,
  entries: IndexedEntry[],
  chunkSize: number,
  bigEndian: boolean,
  report: VerifyReport,
  { signal, crc32c, pool: anyPool }: VerifyOptions,
  progress: (n: number) => void,
): Promise<void> {
  // The pool's threads read chunks in its shared buffers, which only a source that reads into a
  // given buffer can fill.
  const pool = shard.readInto ? anyPool : undefined;
  const sorted = [...entries].sort((a, b) => a.entry.offset - b.entry.offset);
  let next = 0;
  let active: Active[] = [];
  let pos = 0;
  const finishOne = (a: Active, complete: boolean) => {
    const { crc, problem } = a.checksum.finish();
    const expected = unmaskCrc(a.e.entry.crc32c);
    report.tensors++;
    report.bytes += a.e.entry.size;
    if (!complete) addBad(report, badOf(a.e, shard.path, null, `the shard ends at byte ${shard.size}, inside this tensor`));
    else if (crc !== expected || problem !== null) addBad(report, badOf(a.e, shard.path, crc, problem));
  };

  // One chunk is read ahead: while this chunk's crc32c is computed, the next one is already being
  // read (file reads complete off the main thread), so a shard costs about max(read, crc), not the sum.
  let ahead: { pos: number; length: number; bytes: Promise<Uint8Array> } | null = null;
  const reader = chunkReader(shard, chunkSize, pool);
  const readChunk = async (at: number, length: number): Promise<Uint8Array> => {
    const pending: { pos: number; length: number; bytes: Promise<Uint8Array> } | null = ahead;
    ahead = null;
    if (pending === null) return reader(at, length);
    if (pending.pos === at && pending.length === length) return pending.bytes;
    // A read-ahead that is not used must land before its buffer is handed out again.
    await pending.bytes.catch(() => undefined);
    return reader(at, length);
  };

  while (next < sorted.length || active.length > 0) {
    if (signal?.aborted) throw signal.reason ?? new Error('checkpoint verification was cancelled');
    // Skip gaps: nothing is read between tensors.
    if (active.length === 0) pos = Math.max(pos, sorted[next]!.entry.offset);
    const chunkEnd = Math.min(pos + chunkSize, shard.size);
    while (next < sorted.length && sorted[next]!.entry.offset < Math.max(chunkEnd, pos + 1)) {
      const e = sorted[next++]!;
      const elements = elementCount(e.entry.shape);
      if (elements === null) {
        report.tensors++;
        addBad(report, badOf(e, shard.path, null, `invalid shape ${JSON.stringify(e.entry.shape)}`));
        continue;
      }
      active.push({ e, end: e.entry.offset + e.entry.size, checksum: newTensorChecksum(e.entry.dtype, elements, bigEndian, crc32c) });
    }
    if (pos >= shard.size) {
      // Everything still open lies (partly) past the end of the file.
      for (const a of active) finishOne(a, a.end <= shard.size);
      for (const a of active) progress(a.e.entry.size);
      active = [];
      continue;
    }
    const chunk = await readChunk(pos, chunkEnd - pos);
    if (chunk.byteLength !== chunkEnd - pos)
      throw new DecodeError(shard.path, `short read (${chunk.byteLength} of ${chunkEnd - pos} bytes)`, { code: 'truncated', offset: pos });
    // Where the next iteration will read: straight on while a tensor continues, else the next tensor's start.
    const continuing = active.some((a) => a.end > chunkEnd);
    const nextPos = continuing ? chunkEnd : next < sorted.length ? Math.max(chunkEnd, sorted[next]!.entry.offset) : shard.size;
    if (nextPos < shard.size) {
      const length = Math.min(nextPos + chunkSize, shard.size) - nextPos;
      ahead = { pos: nextPos, length, bytes: reader(nextPos, length) };
      ahead.bytes.catch(() => {}); // a failed read-ahead surfaces when (and if) it is used
      // A source may start its I/O only after an await of its own (the Node file source awaits its
      // handle first); let those microtasks run before the synchronous checksum below, or the
      // read-ahead would not start until the checksum is done and nothing would overlap.
      for (let tick = 0; tick < 4; tick++) await undefined;
    }
    const still: Active[] = [];
    const pooled: { checksum: RawChecksum; pieces: Uint8Array[] }[] = [];
    for (const a of active) {
      const from = Math.max(a.e.entry.offset, pos);
      const to = Math.min(a.end, chunkEnd);
      if (to <= from) continue;
      const bytes = chunk.subarray(from - pos, to - pos);
      if (pool && a.checksum instanceof RawChecksum && bytes.length >= pool.minBytes)
        pooled.push({ checksum: a.checksum, pieces: lanePieces(bytes, pool.lanes) });
      else a.checksum.update(bytes);
    }
    if (pooled.length > 0) {
      // One round trip for the chunk: every piece of every large tensor in it, on all threads.
      const crcs = await pool!.crc32cOfPieces(pooled.flatMap((p) => p.pieces));
      let at = 0;
      for (const { checksum, pieces } of pooled) for (const piece of pieces) checksum.append(crcs[at++]!, piece.length);
    }
    for (const a of active) {
      if (a.end <= chunkEnd) {
        finishOne(a, true);
        progress(a.e.entry.size);
      } else {
        still.push(a);
      }
    }
    active = still;
    pos = chunkEnd;
  }
}

/**
 * Reads chunks of at most `chunkSize` bytes. Where the source can read into a buffer, two buffers
 * are used in turn (the chunk being checksummed and the one being read ahead), so streaming a
 * shard allocates nothing per chunk; a chunk is valid until the next-but-one read.
 */
function chunkReader(shard: ByteSource, chunkSize: number, pool?: Crc32cPool): (at: number, length: number) => Promise<Uint8Array> {
  if (!shard.readInto) return (at, length) => shard.read(at, length);
  const size = Math.min(chunkSize, shard.size);
  const buffers: Uint8Array[] = [];
  let turn = 0;
  return async (at, length) => {
    const i = turn;
    turn ^= 1;
    // In the pool's shared memory when there is one, so its threads read the chunk where it lies.
    buffers[i] ??= pool ? pool.allocate(size) : new Uint8Array(size);
    const target = buffers[i]!.subarray(0, Math.min(length, size));
    const n = await shard.readInto!(at, target);
    return target.subarray(0, n);
  };
}

/** Failed tensors listed one by one; every one is counted. */
export const MAX_LISTED_BAD = 1_000;

function addBad(report: VerifyReport, bad: BadTensor): void {
  if (report.bad_count++ < MAX_LISTED_BAD) report.bad.push(bad);
}

function badOf(e: IndexedEntry, file: string, actual: number | null, problem: string | null): BadTensor {
  return {
    name: e.key,
    shard: e.entry.shard_id,
    file,
    offset: e.entry.offset,
    size: e.entry.size,
    expected: unmaskCrc(e.entry.crc32c),
    actual,
    problem,
  };
}
