/**
 * Repair's output for a download: each file streamed into a zip (stored, as Keras and TensorFlow
 * data compress poorly) with fflate, the zip kept as Blob parts. A repair that writes one file
 * (a .h5, a .keras) is handed back as that file, not zipped.
 */
import { Zip, ZipPassThrough } from 'fflate';
import type { OutputFile, OutputSink } from '../lib/repair/types.ts';

export class ZipSink implements OutputSink {
  private readonly parts: Uint8Array[] = [];
  private readonly files: { path: string; chunks: Uint8Array[] }[] = [];
  private error: Error | null = null;

  constructor(private readonly folder: string) {}

  async open(path: string): Promise<OutputFile> {
    const entry = { path, chunks: [] as Uint8Array[] };
    this.files.push(entry);
    return {
      write: async (bytes) => {
        entry.chunks.push(bytes.slice());
      },
      close: async () => undefined,
    };
  }

  /** The download: the only file as it is, or every file in `<folder>/` inside a zip. */
  finish(): { name: string; blob: Blob } {
    if (this.files.length === 1) {
      const only = this.files[0]!;
      return { name: only.path.split('/').pop()!, blob: new Blob(only.chunks as BlobPart[]) };
    }
    const zip = new Zip((err, chunk) => {
      if (err) this.error = err;
      else this.parts.push(chunk);
    });
    for (const f of this.files) {
      const member = new ZipPassThrough(`${this.folder}/${f.path}`);
      zip.add(member);
      if (f.chunks.length === 0) member.push(new Uint8Array(0), true);
      for (let i = 0; i < f.chunks.length; i++) member.push(f.chunks[i]!, i === f.chunks.length - 1);
      f.chunks.length = 0;
    }
    zip.end();
    if (this.error) throw this.error;
    return { name: `${this.folder}.zip`, blob: new Blob(this.parts as BlobPart[], { type: 'application/zip' }) };
  }
}
