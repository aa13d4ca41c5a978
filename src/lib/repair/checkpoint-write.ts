/**
 * Writes a checkpoint program: each output data shard is streamed, tensor after tensor, from the
 * input shards in chunks (never a whole shard in memory); every copied tensor is checked against
 * its input checksum on the way, and a cast tensor gets the checksum of its new bytes. The index
 * (one entry per tensor, sorted by key) is built last, as TensorFlow's BundleWriter does, with the
 * same table layout as the project's checkpoint writer.
 */
import { findFile, type FileSet } from '../byte-source.ts';
import { crc32cExtend, maskCrc, unmaskCrc } from '../binary/crc32c.ts';
import { ByteSink } from '../binary/byte-sink.ts';
import { elementCount } from '../formats/checkpoint/bundle-protos.ts';
import { dataFileName, indexFileName } from '../formats/checkpoint/shard-files.ts';
import { newTensorChecksum } from '../formats/checkpoint/tensor-checksum.ts';
import { utf8Encode } from '../utf8.ts';
import { encodeBundleEntry, encodeBundleHeader, type EntryFields } from '../writers/checkpoint-protos.ts';
import { compareBytes, TableBuilder } from '../writers/checkpoint-table.ts';
import { castChunk, ELEMENT_SIZE, emptyStats, floatDtypeOf } from './cast.ts';
import { RepairError } from './errors.ts';
import type { ApplyOptions, CastStats, CheckpointProgram, OutputFile, OutputSink, RepairResult, TensorOp } from './types.ts';

export const DEFAULT_COPY_CHUNK = 4 * 1024 * 1024;

export async function writeCheckpointProgram(
  files: FileSet,
  program: CheckpointProgram,
  sink: OutputSink,
  options: ApplyOptions,
  result: RepairResult,
): Promise<void> {
  const chunkSize = Math.max(64, Math.floor((options.chunkSize ?? DEFAULT_COPY_CHUNK) / 64) * 64);
  const total =
    program.tensors.reduce((n, t) => n + (t.source.kind === 'input' ? t.source.from.size : 0), 0) +
    program.copies.reduce((n, c) => n + (findFile(files, c.from)?.size ?? 0), 0);
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  const entries: { key: Uint8Array; entry: EntryFields }[] = [];
  const stats = new Map<string, CastStats>();

  for (let shard = 0; shard < program.numShards; shard++) {
    const path = dataFileName(program.prefix, shard, program.numShards);
    const out = await sink.open(path);
    let offset = 0;
    for (const t of program.tensors) {
      if (t.shard !== shard) continue;
      checkAbort(options);
      const written = await writeTensor(files, t, out, chunkSize, program.bigEndian, stats, progress, options);
      entries.push({
        key: utf8Encode(t.key),
        entry: { dtype: written.dtype, shape: written.shape, shard_id: shard, offset, size: written.size, crc32c: maskCrc(written.crc) },
      });
      offset += written.size;
      if (t.source.kind === 'input') result.verified++;
    }
    await out.close();
    result.files.push({ path, bytes: offset });
  }

  entries.sort((a, b) => compareBytes(a.key, b.key));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]!.key, entries[i]!.key) === 0) throw new RepairError(`two tensors would be written under one key`);
  }
  const table = new TableBuilder();
  table.add(new Uint8Array(0), encodeBundleHeader(program.numShards, program.bigEndian));
  for (const e of entries) table.add(e.key, encodeBundleEntry(e.entry));
  const index = table.finish();
  await writeWhole(sink, indexFileName(program.prefix), index);
  result.files.push({ path: indexFileName(program.prefix), bytes: index.byteLength });

  for (const c of program.copies) {
    const source = findFile(files, c.from);
    if (!source) throw new RepairError(`${c.from} is no longer in the file set`);
    const out = await sink.open(c.to);
    for (let at = 0; at < source.size; at += chunkSize) {
      checkAbort(options);
      const chunk = await source.read(at, Math.min(chunkSize, source.size - at));
      await out.write(chunk);
      progress(chunk.byteLength);
    }
    await out.close();
    result.files.push({ path: c.to, bytes: source.size });
  }
  if (program.stateFile !== null) {
    const bytes = utf8Encode(program.stateFile);
    const path = program.prefix.includes('/') ? `${program.prefix.slice(0, program.prefix.lastIndexOf('/'))}/checkpoint` : 'checkpoint';
    await writeWhole(sink, path, bytes);
    result.files.push({ path, bytes: bytes.byteLength });
  }
  for (const s of stats.values()) result.cast.push(s);
}

async function writeWhole(sink: OutputSink, path: string, bytes: Uint8Array): Promise<void> {
  const out = await sink.open(path);
  await out.write(bytes);
  await out.close();
}

function checkAbort(options: ApplyOptions): void {
  if (options.signal?.aborted) throw options.signal.reason ?? new RepairError('the repair was cancelled');
}

interface Written {
  dtype: number;
  shape: number[];
  size: number;
  /** Unmasked crc32c of the written tensor, by TF's rule for its dtype. */
  crc: number;
}

async function writeTensor(
  files: FileSet,
  t: TensorOp,
  out: OutputFile,
  chunkSize: number,
  bigEndian: boolean,
  stats: Map<string, CastStats>,
  progress: (n: number) => void,
  options: ApplyOptions,
): Promise<Written> {
  if (t.source.kind === 'bytes') {
    const strings = t.source.strings;
    const bytes = strings ? encodeStringTensor(strings, bigEndian) : (t.source.data ?? new Uint8Array(0));
    const check = newTensorChecksum(t.source.dtype, strings ? strings.length : (elementCount(t.source.shape) ?? 0), bigEndian);
    check.update(bytes);
    await out.write(bytes);
    return { dtype: t.source.dtype, shape: t.source.shape, size: bytes.byteLength, crc: check.finish().crc };
  }
  const { from, castTo } = t.source;
  const source = findFile(files, from.file);
  if (!source) throw new RepairError(`${from.file} is not in the file set (it holds "${t.key}")`);
  if (from.offset + from.size > source.size) {
    throw new RepairError(
      `${from.file} ends at byte ${source.size}, inside the tensor for "${t.key}" (bytes ${from.offset}..${from.offset + from.size}): its data is not there to copy`,
    );
  }
  const elements = elementCount(from.shape);
  if (elements === null) throw new RepairError(`"${t.key}" has an invalid shape ${JSON.stringify(from.shape)}`);
  const check = newTensorChecksum(from.dtype, elements, from.bigEndian);
  const fromFloat = floatDtypeOf(from.dtype);
  const toFloat = castTo === null ? null : floatDtypeOf(castTo);
  const casting = toFloat !== null && fromFloat !== null && toFloat !== fromFloat;
  let outCrc = 0;
  let outSize = 0;
  let stat: CastStats | null = null;
  if (casting) {
    const name = `${fromFloat}>${toFloat}`;
    stat = stats.get(name) ?? emptyStats(fromFloat!, toFloat!);
    stats.set(name, stat);
    stat.tensors++;
  }
  // Chunks of whole elements, so a cast never splits one.
  const step = casting ? Math.max(ELEMENT_SIZE[fromFloat!], chunkSize - (chunkSize % ELEMENT_SIZE[fromFloat!])) : chunkSize;
  for (let at = 0; at < from.size; at += step) {
    checkAbort(options);
    const length = Math.min(step, from.size - at);
    const chunk = await source.read(from.offset + at, length);
    if (chunk.byteLength !== length) throw new RepairError(`${from.file}: short read at byte ${from.offset + at}`);
    check.update(chunk);
    const bytes = casting ? castChunk(chunk, fromFloat!, toFloat!, from.bigEndian, stat!) : chunk;
    outCrc = casting ? crc32cExtend(outCrc, bytes) : outCrc;
    outSize += bytes.byteLength;
    await out.write(bytes);
    progress(length);
  }
  const { crc, problem } = check.finish();
  const expected = unmaskCrc(from.crc32c);
  if (crc !== expected || problem !== null) {
    throw new RepairError(
      `"${t.key}" in ${from.file} (bytes ${from.offset}..${from.offset + from.size}) does not match its checksum${problem ? ` (${problem})` : ''}: its data is damaged, and repair never writes values it cannot verify`,
    );
  }
  if (casting) return { dtype: castTo!, shape: from.shape, size: outSize, crc: outCrc };
  return { dtype: from.dtype, shape: from.shape, size: outSize, crc };
}

/** DT_STRING layout: varint64 lengths, masked crc32c of the lengths (fixed-width), then the bytes. */
export function encodeStringTensor(strings: readonly Uint8Array[], bigEndian: boolean): Uint8Array {
  const sink = new ByteSink(64);
  let crc = 0;
  for (const s of strings) {
    sink.varint(s.byteLength);
    const width = s.byteLength <= 0xffffffff ? 4 : 8;
    const fixed = new Uint8Array(width);
    let v = s.byteLength;
    for (let i = 0; i < width; i++) {
      fixed[bigEndian ? width - 1 - i : i] = v % 256;
      v = Math.floor(v / 256);
    }
    crc = crc32cExtend(crc, fixed);
  }
  const masked = maskCrc(crc);
  if (bigEndian) sink.fixed32BigEndian(masked);
  else sink.fixed32(masked);
  for (const s of strings) sink.bytes(s);
  return sink.toBytes();
}
