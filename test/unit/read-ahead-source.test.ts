/**
 * ReadAheadSource returns exactly the bytes of the file it wraps, for any read, while reads that
 * walk forward in small steps cost one read of the file per window.
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, type ByteSource } from '../../src/lib/byte-source.ts';
import { ReadAheadSource } from '../../src/lib/read-ahead-source.ts';
import { pseudoRandomBytes } from '../helpers/pseudo-random-bytes.ts';

class CountingSource implements ByteSource {
  reads = 0;
  constructor(private readonly inner: ByteSource) {}
  get path() {
    return this.inner.path;
  }
  get size() {
    return this.inner.size;
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    this.reads++;
    return this.inner.read(offset, length);
  }
}

describe('ReadAheadSource', () => {
  const bytes = pseudoRandomBytes(100_000, 7);

  it('gives the same bytes as the file for reads anywhere, of any size, up to and past its end', async () => {
    const ahead = new ReadAheadSource(new BytesSource('f', bytes), 4096);
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const offset = next() % (bytes.byteLength + 10);
      const length = next() % (i % 10 === 0 ? 20_000 : 3000);
      expect(await ahead.read(offset, length)).toEqual(bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)));
    }
  });

  it('serves forward steps from one read per window, and passes larger reads through', async () => {
    const counting = new CountingSource(new BytesSource('f', bytes));
    const ahead = new ReadAheadSource(counting, 10_000);
    for (let at = 0; at + 1000 <= bytes.byteLength; at += 1000) expect(await ahead.read(at, 1000)).toEqual(bytes.subarray(at, at + 1000));
    expect(counting.reads).toBe(10);
    await ahead.read(0, 50_000);
    expect(counting.reads).toBe(11);
  });
});
