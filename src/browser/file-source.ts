/**
 * The browser's side of ByteSource: reads go through `Blob.slice`, so a multi-gigabyte shard
 * dropped on the page is never loaded whole. Works in a Web Worker (File objects can be posted).
 */
import type { ByteSource, FileSet } from '../lib/byte-source.ts';

export class BrowserFileSource implements ByteSource {
  readonly path: string;
  readonly size: number;
  private readonly file: Blob;

  constructor(file: Blob, path: string) {
    this.file = file;
    this.path = path;
    this.size = file.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    return new Uint8Array(await this.file.slice(offset, end).arrayBuffer());
  }
}

/** A picked or dropped file with the path it had in its folder (webkitRelativePath or the drop walk). */
export interface PickedFile {
  file: Blob;
  path: string;
}

/** Normalises paths (`\` to `/`, no leading `/` or `./`) and builds the FileSet. */
export function browserFileSet(files: readonly PickedFile[]): FileSet {
  return {
    files: files.map(({ file, path }) => new BrowserFileSource(file, path.replace(/\\/g, '/').replace(/^\.?\/+/, ''))),
  };
}
