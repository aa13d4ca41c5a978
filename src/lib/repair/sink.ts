/**
 * Output sinks. The CLI streams to a folder (src/node/output-sink.ts), the browser collects a zip
 * (src/browser/repair-zip.ts); this one keeps every file in memory, for tests and small outputs.
 */
import { concatBytes } from '../bytes.ts';
import type { OutputFile, OutputSink } from './types.ts';

export class MemorySink implements OutputSink {
  readonly files = new Map<string, Uint8Array>();
  /** Largest single write seen: lets tests check that data is streamed in chunks. */
  largestWrite = 0;

  async open(path: string): Promise<OutputFile> {
    if (this.files.has(path)) throw new Error(`${path} is written twice`);
    const chunks: Uint8Array[] = [];
    this.files.set(path, new Uint8Array(0));
    return {
      write: async (bytes) => {
        this.largestWrite = Math.max(this.largestWrite, bytes.byteLength);
        chunks.push(bytes.slice());
      },
      close: async () => {
        this.files.set(path, concatBytes(chunks));
      },
    };
  }
}
