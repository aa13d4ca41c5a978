/**
 * Checksums on every core: crc32c_combine joins the crcs of consecutive pieces into the crc of the
 * whole (checked against crc-32's crc32c of the joined bytes, an independent implementation), and
 * verify with the CLI's worker-thread pool reports exactly what the one-thread path reports on a
 * TF-written checkpoint with one flipped byte, while the pool really computed the pieces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32cJs } from '../../../src/lib/binary/crc32c.ts';
import { crc32cCombine } from '../../../src/lib/binary/crc32c-combine.ts';
import { type Crc32cPool, lanePieces } from '../../../src/lib/binary/crc32c-pool.ts';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { nodeCrc32cPool } from '../../../src/node/crc32c-pool.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { pseudoRandomBytes as bytes } from '../../helpers/pseudo-random-bytes.ts';
import { badWithoutFile, writeFlippedCheckpoint } from './flipped-checkpoint.ts';

describe('crc32cCombine', () => {
  const data = bytes((1 << 20) + 77, 3);
  for (const cut of [0, 1, 2, 7, 8, 9, 4096, 65_537, 1 << 20, data.length]) {
    it(`joins the crcs of the first ${cut} bytes and the rest into the crc of all`, () => {
      const a = data.subarray(0, cut);
      const b = data.subarray(cut);
      expect(crc32cCombine(crc32cJs(0, a), crc32cJs(0, b), b.length)).toBe(crc32cJs(0, data));
    });
  }

  it('joins many pieces in order, and order matters', () => {
    const pieces = lanePieces(data, 7);
    expect(pieces).toHaveLength(7);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(data.length);
    const joined = pieces.reduce((crc, p) => crc32cCombine(crc, crc32cJs(0, p), p.length), 0);
    expect(joined).toBe(crc32cJs(0, data));
    const swapped = [pieces[1]!, pieces[0]!, ...pieces.slice(2)].reduce((crc, p) => crc32cCombine(crc, crc32cJs(0, p), p.length), 0);
    expect(swapped).not.toBe(joined);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'crc32c-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every read goes to the threads (minBytes 1), so the small tensors of a real checkpoint exercise it.
const pool = nodeCrc32cPool({ threads: 2, minBytes: 1 });
if (!pool) console.warn('crc32c-pool: the native crc32c did not load on this platform; the pool tests are skipped');

describe.skipIf(!pool)('verify with the worker-thread crc32c pool', () => {
  const checkpoint = writeFlippedCheckpoint(dir, 0x04);

  for (const chunkSize of [997, 65_536, 1 << 20]) {
    it(`reports what the one-thread path reports at ${chunkSize}-byte chunks`, async () => {
      const expected = await verifyCheckpoint(checkpoint.inMemory(), 'd/model.ckpt-1', { chunkSize, crc32c: crc32cJs });
      let pieces = 0;
      const counting: Crc32cPool = {
        ...pool!,
        crc32cOfPieces: (list) => {
          pieces += list.length;
          return pool!.crc32cOfPieces(list);
        },
      };
      const onDisk = await openPaths(checkpoint.paths);
      try {
        const report = await verifyCheckpoint(onDisk, 'model.ckpt-1', { chunkSize, pool: counting });
        expect(pieces).toBeGreaterThan(0);
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

describe.skipIf(!pool)('a pool whose threads fail', () => {
  it('answers every piece on the main thread instead, with the same crcs', async () => {
    const failing = nodeCrc32cPool({ threads: 2, minBytes: 1, modulePath: join(dir, 'no-such-module.cjs') })!;
    const buffer = failing.allocate(3 << 20);
    buffer.set(bytes(3 << 20, 9));
    const pieces = lanePieces(buffer, 3);
    const crcs = await failing.crc32cOfPieces(pieces);
    expect(crcs).toEqual(pieces.map((p) => crc32cJs(0, p)));
    // Later calls do not wait on the dead threads either.
    expect(await failing.crc32cOfPieces(pieces)).toEqual(crcs);
  });
});

describe.skipIf(!pool)('closing a pool', () => {
  it('ends its threads, and later pieces are still answered (on the main thread)', async () => {
    const closing = nodeCrc32cPool({ threads: 2, minBytes: 1 })!;
    const buffer = closing.allocate(1 << 20);
    buffer.set(bytes(1 << 20, 4));
    const pieces = lanePieces(buffer, 2);
    const expected = pieces.map((p) => crc32cJs(0, p));
    expect(await closing.crc32cOfPieces(pieces)).toEqual(expected);
    await closing.close();
    expect(await closing.crc32cOfPieces(pieces)).toEqual(expected);
  });
});
