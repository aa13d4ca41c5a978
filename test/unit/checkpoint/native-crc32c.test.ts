/**
 * The CLI's native CRC32C (@node-rs/crc32, the CPU's CRC32 instruction) against the library's
 * JavaScript one (crc-32, an independent implementation) on views at every alignment, continued
 * over pieces, and against the checksums TensorFlow stored in a real checkpoint: verify must find
 * every tensor intact, and a flipped byte in one tensor must fail exactly that tensor with the
 * same actual crc either implementation computes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32cJs } from '../../../src/lib/binary/crc32c.ts';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { nativeCrc32c } from '../../../src/node/native-crc32c.ts';
import { fixturePath, openFixture } from '../../helpers/fixtures.ts';
import { pseudoRandomBytes as bytes } from '../../helpers/pseudo-random-bytes.ts';

const native = nativeCrc32c();
if (!native) console.warn('native-crc32c: @node-rs/crc32 did not load on this platform; these tests are skipped');

const CKPT = 't2t/tensor2tensor/test_data/transformer_test_ckpt';

describe.skipIf(!native)('native crc32c', () => {
  it('agrees with the JavaScript crc32c on views at every offset and length, from any starting crc', () => {
    const data = bytes((1 << 16) + 64);
    for (let offset = 0; offset < 9; offset++) {
      for (const length of [0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 4099, 1 << 16]) {
        const view = data.subarray(offset, offset + length);
        expect(native!(0x9abcdef0, view), `offset ${offset} length ${length}`).toBe(crc32cJs(0x9abcdef0, view));
      }
    }
  });

  it('continuing over pieces equals one pass', () => {
    const data = bytes(3 << 20, 5);
    let c = 0;
    for (let at = 0; at < data.byteLength; at += 100_003) c = native!(c, data.subarray(at, at + 100_003));
    expect(c).toBe(crc32cJs(0, data));
  });

  it("finds every tensor of a TF-written checkpoint intact by TensorFlow's own stored checksums", async () => {
    const set = await openFixture(CKPT);
    try {
      const report = await verifyCheckpoint(set, 'transformer_test_ckpt/model.ckpt-1', { chunkSize: 65536, crc32c: native! });
      expect(report.ok).toBe(true);
      expect(report.tensors).toBe(250);
    } finally {
      await set.close();
    }
  });

  it('fails exactly the tensor whose byte was flipped, with the crc the JavaScript path computes', async () => {
    const dir = fixturePath(CKPT);
    const names = ['model.ckpt-1.index', 'model.ckpt-1.data-00000-of-00002', 'model.ckpt-1.data-00001-of-00002'];
    const contents = names.map((n) => new Uint8Array(readFileSync(join(dir, n))));
    const shard = contents[2]!;
    const at = Math.floor(shard.byteLength / 2);
    shard[at] = shard[at]! ^ 0x01;
    const set = () => fileSet(names.map((n, i) => new BytesSource(`ckpt/${n}`, contents[i]!)));
    const viaNative = await verifyCheckpoint(set(), 'ckpt/model.ckpt-1', { chunkSize: 65536, crc32c: native! });
    const viaJs = await verifyCheckpoint(set(), 'ckpt/model.ckpt-1', { chunkSize: 65536, crc32c: crc32cJs });
    expect(viaNative.bad_count).toBe(1);
    const bad = viaNative.bad[0]!;
    expect(bad.offset <= at && at < bad.offset + bad.size).toBe(true);
    expect(bad.actual).not.toBe(bad.expected);
    expect(viaJs.bad).toEqual(viaNative.bad);
  });
});
