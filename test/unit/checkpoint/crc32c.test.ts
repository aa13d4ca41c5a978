/**
 * CRC32C: the WebAssembly slicing-by-16 path against the published check value, against the
 * JavaScript implementation (crc-32, an independent library) at every alignment and length
 * around the 16-byte steps and the 1 MiB copy pieces, and against the checksums TensorFlow itself
 * stored for a real checkpoint's tensors (verify must find them all intact).
 */
import { describe, expect, it } from 'vitest';
import { crc32cWasm } from '../../../src/lib/binary/crc32c-wasm.ts';
import { crc32c, crc32cExtend, crc32cJs } from '../../../src/lib/binary/crc32c.ts';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { openFixture } from '../../helpers/fixtures.ts';
import { pseudoRandomBytes as bytes } from '../../helpers/pseudo-random-bytes.ts';

describe('crc32c', () => {
  it('gives the standard check value 0xe3069283 for "123456789" on both paths', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32cWasm(0, check)).toBe(0xe3069283);
    expect(crc32cJs(0, check)).toBe(0xe3069283);
  });

  it('WebAssembly and JavaScript agree at every offset and length around the step and piece sizes', () => {
    const data = bytes((1 << 20) + 4096);
    for (let offset = 0; offset < 9; offset++) {
      for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 511, 512, 513, 4099, (1 << 20) - 1, 1 << 20, (1 << 20) + 3]) {
        const view = data.subarray(offset, offset + length);
        expect(crc32cWasm(0x12345678, view), `offset ${offset} length ${length}`).toBe(crc32cJs(0x12345678, view));
      }
    }
  });

  it('continuing over pieces equals one pass, whichever path each piece takes', () => {
    const data = bytes(3 << 20, 7);
    let c = 0;
    for (let at = 0; at < data.byteLength; at += 100_003) c = crc32cExtend(c, data.subarray(at, at + 100_003));
    expect(c).toBe(crc32cJs(0, data));
    expect(crc32c(data)).toBe(c);
  });

  it('verifies a real TF checkpoint whose shard has tensors above the WebAssembly threshold', async () => {
    const set = await openFixture('t2t/tensor2tensor/test_data/transformer_test_ckpt');
    try {
      const report = await verifyCheckpoint(set, 'transformer_test_ckpt/model.ckpt-1', { chunkSize: 65536 });
      expect(report.ok).toBe(true);
      expect(report.tensors).toBe(250);
    } finally {
      await set.close();
    }
  });
});
