/**
 * Verify streams a shard through two reused buffers where the source can read into one (the
 * Node file source). The reports must equal those of plain reads (a fresh buffer per chunk, the
 * in-memory source) on a TF-written checkpoint with one flipped byte, at chunk sizes that cut
 * tensors anywhere, so a buffer overwritten before its checksum was taken would show.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { fixturePath } from '../../helpers/fixtures.ts';

const SRC = fixturePath('t2t/tensor2tensor/test_data/transformer_test_ckpt');
const NAMES = ['model.ckpt-1.index', 'model.ckpt-1.data-00000-of-00002', 'model.ckpt-1.data-00001-of-00002'];
const dir = mkdtempSync(join(tmpdir(), 'verify-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verify with reused read buffers', () => {
  const contents = NAMES.map((n) => new Uint8Array(readFileSync(join(SRC, n))));
  const shard = contents[2]!;
  const flipped = Math.floor(shard.byteLength / 3);
  shard[flipped] = shard[flipped]! ^ 0x80;
  for (const [i, n] of NAMES.entries()) {
    if (i === 0) continue;
    writeFileSync(join(dir, n), contents[i]!);
  }
  writeFileSync(join(dir, NAMES[0]!), contents[0]!);

  for (const chunkSize of [997, 65_536, 1 << 20]) {
    it(`reports the same as fresh buffers at ${chunkSize}-byte chunks`, async () => {
      const inMemory = fileSet(NAMES.map((n, i) => new BytesSource(`d/${n}`, contents[i]!)));
      const expected = await verifyCheckpoint(inMemory, 'd/model.ckpt-1', { chunkSize });
      const onDisk = await openPaths(NAMES.map((n) => join(dir, n)));
      try {
        expect(onDisk.files.every((f) => typeof f.readInto === 'function')).toBe(true);
        const report = await verifyCheckpoint(onDisk, 'model.ckpt-1', { chunkSize });
        expect(expected.bad_count).toBe(1);
        expect(report.tensors).toBe(expected.tensors);
        expect(report.bytes).toBe(expected.bytes);
        expect(report.bad.map(({ file: _file, ...rest }) => rest)).toEqual(expected.bad.map(({ file: _file, ...rest }) => rest));
      } finally {
        await onDisk.close();
      }
    });
  }
});
