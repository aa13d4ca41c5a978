/**
 * Output sinks. The CLI streams to a folder (src/node/output-sink.ts), the browser collects a zip
 * (src/browser/zip-sink.ts); this one keeps every file in memory, for tests and small outputs.
 */
import { concatBytes } from '../bytes.ts';
import type { OutputFile, OutputSink } from './types.ts';

export class MemorySink implements OutputSink {
  readonly files = new Map<string, Uint8Array>();
  /** Size of every write, per file: lets tests check that data is streamed in chunks. */
  readonly writes = new Map<string, number[]>();

  async open(path: string): Promise<OutputFile> {
    if (this.files.has(path)) throw new Error(`${path} is written twice`);
    const chunks: Uint8Array[] = [];
    const sizes: number[] = [];
    this.files.set(path, new Uint8Array(0));
    this.writes.set(path, sizes);
    return {
      write: async (bytes) => {
        sizes.push(bytes.byteLength);
        chunks.push(bytes.slice());
      },
      close: async () => {
        this.files.set(path, concatBytes(chunks));
      },
    };
  }
}
