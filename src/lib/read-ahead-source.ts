/**
 * A ByteSource that reads ahead: a read that fits is served from one larger read of what
 * follows it. Readers that walk a file in many small, increasing steps (the data blocks of an
 * index table: ~250 KB each) pay one round trip per window instead of one per step, which in the
 * browser, where every Blob read is a trip to another process, is most of the wait.
 */
import type { ByteSource } from './byte-source.ts';

export class ReadAheadSource implements ByteSource {
  readonly path: string;
  readonly size: number;
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly windowBytes: number,
  ) {
    this.path = source.path;
    this.size = source.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (length > this.windowBytes) return this.source.read(offset, length);
    const end = Math.min(this.size, offset + length);
    if (offset < this.windowStart || end > this.windowStart + this.window.byteLength) {
      this.window = await this.source.read(offset, Math.min(this.windowBytes, this.size - offset));
      this.windowStart = offset;
    }
    const from = offset - this.windowStart;
    return this.window.subarray(from, Math.min(from + (end - offset), this.window.byteLength));
  }
}
