/**
 * The t2t checkpoint TensorFlow wrote, with one byte of its second data shard flipped, in memory
 * and written to a folder: verify tests compare the report of one reading path with another's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BytesSource, type FileSet, fileSet } from '../../../src/lib/byte-source.ts';
import type { VerifyReport } from '../../../src/lib/formats/checkpoint/index.ts';
import { fixturePath } from '../../helpers/fixtures.ts';

const SRC = fixturePath('t2t/tensor2tensor/test_data/transformer_test_ckpt');
export const NAMES = ['model.ckpt-1.index', 'model.ckpt-1.data-00000-of-00002', 'model.ckpt-1.data-00001-of-00002'];

/** Flips `mask` into the byte a third of the way into the second shard and writes the files to `dir`. */
export function writeFlippedCheckpoint(dir: string, mask: number): { paths: string[]; inMemory: () => FileSet } {
  const contents = NAMES.map((n) => new Uint8Array(readFileSync(join(SRC, n))));
  const shard = contents[2]!;
  const flipped = Math.floor(shard.byteLength / 3);
  shard[flipped] = shard[flipped]! ^ mask;
  for (const [i, n] of NAMES.entries()) writeFileSync(join(dir, n), contents[i]!);
  return {
    paths: NAMES.map((n) => join(dir, n)),
    // Under `d/`, so its prefix is d/model.ckpt-1.
    inMemory: () => fileSet(NAMES.map((n, i) => new BytesSource(`d/${n}`, contents[i]!))),
  };
}

/** The failed tensors without their file path, which differs between the two file sets. */
export function badWithoutFile(report: VerifyReport): Omit<VerifyReport['bad'][number], 'file'>[] {
  return report.bad.map(({ file: _file, ...rest }) => rest);
}
