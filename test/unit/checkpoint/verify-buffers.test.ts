/**
 * Verify streams a shard through two reused buffers where the source can read into one (the
 * Node file source). The reports must equal those of plain reads (a fresh buffer per chunk, the
 * in-memory source) on a TF-written checkpoint with one flipped byte, at chunk sizes that cut
 * tensors anywhere, so a buffer overwritten before its checksum was taken would show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { badWithoutFile, writeFlippedCheckpoint } from './flipped-checkpoint.ts';

const dir = mkdtempSync(join(tmpdir(), 'verify-buffers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verify with reused read buffers', () => {
  const checkpoint = writeFlippedCheckpoint(dir, 0x80);

  for (const chunkSize of [997, 65_536, 1 << 20]) {
    it(`reports the same as fresh buffers at ${chunkSize}-byte chunks`, async () => {
      const expected = await verifyCheckpoint(checkpoint.inMemory(), 'd/model.ckpt-1', { chunkSize });
      const onDisk = await openPaths(checkpoint.paths);
      try {
        expect(onDisk.files.every((f) => typeof f.readInto === 'function')).toBe(true);
        const report = await verifyCheckpoint(onDisk, 'model.ckpt-1', { chunkSize });
        expect(expected.bad_count).toBe(1);
        expect(report.tensors).toBe(expected.tensors);
        expect(report.bytes).toBe(expected.bytes);
        expect(badWithoutFile(report)).toEqual(badWithoutFile(expected));
      } finally {
        await onDisk.close();
      }
    });
  }
});
