/**
 * Node's side of ByteSource: reads through a file handle, so a multi-gigabyte shard is read in
 * pieces, never whole. Used by the CLI, the tests and the benchmarks; src/lib never imports it.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { ByteSource, FileSet } from '../lib/byte-source.ts';

export class NodeFileSource implements ByteSource {
  readonly path: string;
  readonly size: number;
  readonly absolutePath: string;
  private handle: Promise<FileHandle> | null = null;

  constructor(absolutePath: string, path: string, size: number) {
    this.absolutePath = absolutePath;
    this.path = path;
    this.size = size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    this.handle ??= open(this.absolutePath, 'r');
    const fh = await this.handle;
    // Large reads (verify's chunks) skip zero-filling: the read overwrites every byte handed out,
    // and an 8 MiB memset per chunk on the main thread is time the checksum could have used.
    const out =
      end - offset >= 1 << 16 ? new Uint8Array(Buffer.allocUnsafeSlow(end - offset).buffer, 0, end - offset) : new Uint8Array(end - offset);
    let done = 0;
    while (done < out.byteLength) {
      const { bytesRead } = await fh.read(out, done, out.byteLength - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === out.byteLength ? out : out.subarray(0, done);
  }

  async close(): Promise<void> {
    if (this.handle) await (await this.handle).close();
    this.handle = null;
  }
}

/** Limits the walk so a path like `/` cannot make the CLI read a whole disk. */
const MAX_FILES = 20_000;
const MAX_DEPTH = 8;

/**
 * Opens paths as a FileSet. A directory contributes its files (recursively) under the
 * directory's own name; a file contributes itself. Relative paths use `/`.
 */
export async function openPaths(paths: readonly string[]): Promise<FileSet & { close(): Promise<void> }> {
  const files: NodeFileSource[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isDirectory()) {
      const rootName = basename(resolve(p)) || 'root';
      await walk(p, p, rootName, files, 0);
    } else {
      files.push(new NodeFileSource(p, basename(p), info.size));
    }
  }
  return {
    files,
    async close() {
      await Promise.all(files.map((f) => f.close()));
    },
  };
}

async function walk(root: string, dir: string, rootName: string, out: NodeFileSource[], depth: number): Promise<void> {
  if (depth > MAX_DEPTH) return;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (out.length >= MAX_FILES) return;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(root, full, rootName, out, depth + 1);
    } else if (entry.isFile()) {
      const info = await stat(full);
      const rel = relative(root, full).split(sep).join('/');
      out.push(new NodeFileSource(full, `${rootName}/${rel}`, info.size));
    }
  }
}
