/**
 * Node's side of repair's OutputSink: files written into a folder, each streamed through a file
 * handle into `<name>.partial` and renamed into place by `commit()` once everything is written, so
 * a repair that stops half-way leaves nothing that looks usable (`discard()` removes the partial
 * files) and never destroys a file that was there. A file is never put over an existing one unless
 * overwriting was allowed, and never over a file of the input (compared by real path), whatever
 * was allowed.
 */
import { mkdir, open, realpath, rename, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { OutputFile, OutputSink } from '../lib/repair/types.ts';

export class DirectorySink implements OutputSink {
  readonly root: string;
  /** Final paths, in the order written. */
  readonly written: string[] = [];
  private readonly created: string[] = [];

  constructor(
    root: string,
    private readonly options: { overwrite: boolean; protect: ReadonlySet<string> },
  ) {
    this.root = resolve(root);
  }

  async open(path: string): Promise<OutputFile> {
    const target = resolve(this.root, ...path.split('/'));
    const rel = relative(this.root, target);
    if (rel.startsWith('..') || rel === '' || rel.split(sep).includes('..')) throw new Error(`${path}: not inside the output folder`);
    await this.mkdirs(dirname(target));
    const real = await realpath(target).catch(() => null);
    if (real && this.options.protect.has(real)) throw new Error(`${target} is one of the input files: repair never writes over its input`);
    if (real && !this.options.overwrite) throw new Error(`${target} already exists (--force writes over it)`);
    if (this.written.includes(target)) throw new Error(`${path} is written twice`);
    const handle: FileHandle = await open(`${target}.partial`, 'wx');
    this.written.push(target);
    return {
      write: async (bytes) => {
        let done = 0;
        while (done < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done);
          done += bytesWritten;
        }
      },
      close: () => handle.close(),
    };
  }

  private async mkdirs(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let d = dir; ; d = dirname(d)) {
      const exists = await realpath(d).catch(() => null);
      if (exists) break;
      missing.unshift(d);
      if (dirname(d) === d) break;
    }
    for (const d of missing) {
      await mkdir(d);
      this.created.push(d);
    }
  }

  /** Moves every file into place (checking again that none is an input file). */
  async commit(): Promise<void> {
    for (const target of this.written) {
      const real = await realpath(target).catch(() => null);
      if (real && this.options.protect.has(real))
        throw new Error(`${target} is one of the input files: repair never writes over its input`);
      await rename(`${target}.partial`, target);
    }
  }

  /** Removes the partial files and every folder created (deepest first). */
  async discard(): Promise<void> {
    for (const f of this.written) await rm(`${f}.partial`, { force: true });
    for (const d of [...this.created].reverse()) await rmdir(d).catch(() => undefined);
  }
}

/** Real paths of files, for the sink's protection. */
export async function realPaths(paths: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const p of paths) {
    const real = await realpath(p).catch(() => null);
    if (real) out.add(real);
  }
  return out;
}
