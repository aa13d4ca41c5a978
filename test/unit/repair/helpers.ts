/** Runs the library's check -> plan -> apply on files on disk, writing into memory, and reads back what was written. */
import { resolve } from 'node:path';
import { BytesSource, type FileSet, fileSet } from '../../../src/lib/byte-source.ts';
import { check, type ExpectedInput } from '../../../src/lib/check.ts';
import { readBundleIndex } from '../../../src/lib/formats/checkpoint/bundle-index.ts';
import { applyRepair, MemorySink, planRepair, type RepairAsk, type RepairPlan, type RepairResult } from '../../../src/lib/repair/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';

export const SAMPLES = resolve(import.meta.dirname, '../../../public/samples');
export const sample = (name: string, side = 'broken') => resolve(SAMPLES, name, side);

export interface Repaired {
  plan: RepairPlan;
  result: RepairResult | null;
  sink: MemorySink;
  /** The written files as a file set named like a folder `out/`. */
  output: FileSet;
}

export async function repairFiles(
  paths: string[],
  ask: RepairAsk = {},
  options: { expect?: string | ExpectedInput; chunkSize?: number; verify?: boolean; files?: FileSet } = {},
): Promise<Repaired> {
  const files = options.files ?? (await openPaths(paths));
  const expectedFiles = typeof options.expect === 'string' ? await openPaths([options.expect]) : null;
  const expected: ExpectedInput | null = expectedFiles
    ? { kind: 'files', files: expectedFiles }
    : typeof options.expect === 'object'
      ? options.expect
      : null;
  try {
    const result = await check({ files, expected, options: { verify: options.verify ?? true } });
    const plan = await planRepair(files, result, ask, { outLabel: 'out' });
    const sink = new MemorySink();
    let written: RepairResult | null = null;
    if (plan.refused.length === 0 && plan.program) written = await applyRepair(files, plan, sink, { chunkSize: options.chunkSize ?? 64 });
    const output = fileSet([...sink.files].map(([path, bytes]) => new BytesSource(`out/${path}`, bytes)));
    return { plan, result: written, sink, output };
  } finally {
    if (!options.files) await (files as FileSet & { close(): Promise<void> }).close();
    await expectedFiles?.close();
  }
}

/** Every tensor of a checkpoint: key -> its stored bytes (read through the index, as TF's reader does). */
export async function tensorBytes(
  files: FileSet,
  prefix: string,
): Promise<Map<string, { dtype: number; shape: number[]; bytes: Uint8Array }>> {
  const index = files.files.find((f) => f.path === `${prefix}.index`);
  if (!index) throw new Error(`${prefix}.index not in ${files.files.map((f) => f.path).join(', ')}`);
  const bundle = await readBundleIndex(index);
  const out = new Map<string, { dtype: number; shape: number[]; bytes: Uint8Array }>();
  const n = bundle.header.num_shards;
  for (const e of bundle.entries) {
    const shard = files.files.find(
      (f) => f.path === `${prefix}.data-${String(e.entry.shard_id).padStart(5, '0')}-of-${String(n).padStart(5, '0')}`,
    );
    if (!shard) throw new Error(`shard ${e.entry.shard_id} of ${prefix} missing`);
    out.set(e.key, { dtype: e.entry.dtype, shape: e.entry.shape, bytes: (await shard.read(e.entry.offset, e.entry.size)).slice() });
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}
