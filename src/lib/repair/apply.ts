/**
 * applyRepair(): carries out a plan through an OutputSink. Checkpoint data is streamed from the
 * input shards in chunks and verified on the way; nothing in the input is modified. A plan that
 * refuses is never applied.
 */
import CRC32 from 'crc-32';
import { findFile, type FileSet } from '../byte-source.ts';
import { writeCheckpointProgram } from './checkpoint-write.ts';
import { RepairError } from './errors.ts';
import type { ApplyOptions, OutputSink, RepairPlan, RepairResult } from './types.ts';

export async function applyRepair(files: FileSet, plan: RepairPlan, sink: OutputSink, options: ApplyOptions = {}): Promise<RepairResult> {
  if (plan.refused.length > 0) throw new RepairError(`the plan refuses: ${plan.refused[0]}`);
  if (!plan.program) throw new RepairError('the plan has nothing to write');
  const result: RepairResult = { files: [], verified: 0, cast: [] };
  const program = plan.program;
  if (program.type === 'checkpoint') {
    await writeCheckpointProgram(files, program, sink, options, result);
    return result;
  }
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  for (const built of await program.build()) {
    const out = await sink.open(built.path);
    let bytes = 0;
    for (const part of built.parts) {
      if (part instanceof Uint8Array) {
        await out.write(part);
        bytes += part.byteLength;
        continue;
      }
      const source = findFile(files, part.file);
      if (!source) throw new RepairError(`${part.file} is no longer in the file set`);
      let crc = 0;
      for (let at = 0; at < part.size; at += chunkSize) {
        if (options.signal?.aborted) throw options.signal.reason ?? new RepairError('the repair was cancelled');
        const length = Math.min(chunkSize, part.size - at);
        const chunk = await source.read(part.offset + at, length);
        if (chunk.byteLength !== length) throw new RepairError(`${part.file}: short read at byte ${part.offset + at}`);
        if (part.crc32 !== undefined) crc = CRC32.buf(chunk, crc);
        await out.write(chunk);
        bytes += length;
      }
      if (part.crc32 !== undefined && crc >>> 0 !== part.crc32) {
        throw new RepairError(
          `${part.file}: bytes ${part.offset}..${part.offset + part.size} fail their CRC-32: the member is damaged, and repair never copies what it cannot verify`,
        );
      }
    }
    await out.close();
    result.files.push({ path: built.path, bytes });
  }
  return result;
}
