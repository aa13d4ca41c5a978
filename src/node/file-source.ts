/**
 * Node's side of ByteSource: reads through file handles, so a multi-gigabyte shard is read in
 * pieces, never whole. Used by the CLI, the tests and the benchmarks; src/lib never imports it.
 *
 * Hostile selections are bounded here:
 *  - a folder is walked to at most MAX_FILES files (and MAX_WALK_ENTRIES directory entries
 *    counted, MAX_DEPTH levels deep, symbolic links not followed); what was left out is counted
 *    and handed to the library, which says "too many files (N), looked at the first M";
 *  - file handles come from a pool of at most MAX_OPEN_HANDLES, closed least recently used
 *    first, so a folder of 100,000 files never runs out of descriptors (EMFILE);
 *  - every handle is opened without blocking and checked to be a regular file before it is
 *    read: a path swapped for a FIFO or a device after it was listed is refused, never read.
 */
import { constants, type Dirent } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { type ByteSource, type FileSet, MAX_FILES } from '../lib/byte-source.ts';
import { DecodeError } from '../lib/errors.ts';

/** Open descriptors one file set may hold at once. */
export const MAX_OPEN_HANDLES = 64;
/** Directory entries counted while walking, kept or not: the walk's time bound. */
export const MAX_WALK_ENTRIES = 1_000_000;
/** Levels below a given folder that are walked. */
export const MAX_DEPTH = 8;

/** Opens `path` for reading without blocking (a FIFO would block) and requires a regular file. */
async function openRegularFile(path: string, name: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const info = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!info.isFile()) {
    await handle.close();
    throw new DecodeError(name, 'is not a regular file (a device, FIFO or socket): it is not read', { code: 'wrong_format' });
  }
  return handle;
}

interface Slot {
  handle: Promise<FileHandle>;
  users: number;
}

/** At most `max` open handles, the least recently used idle one closed first. */
class HandlePool {
  /** Insertion order is use order: the first idle slot is the least recently used. */
  private readonly slots = new Map<NodeFileSource, Slot>();

  constructor(private readonly max: number) {}

  async use<T>(source: NodeFileSource, read: (handle: FileHandle) => Promise<T>): Promise<T> {
    let slot = this.slots.get(source);
    if (slot) {
      this.slots.delete(source);
    } else {
      this.evictIdle();
      slot = { handle: openRegularFile(source.absolutePath, source.path), users: 0 };
      const opening = slot;
      // A file that cannot be opened is not kept: the next read tries again (and fails the same way).
      opening.handle.catch(() => {
        if (this.slots.get(source) === opening) this.slots.delete(source);
      });
    }
    this.slots.set(source, slot);
    slot.users++;
    try {
      return await read(await slot.handle);
    } finally {
      slot.users--;
    }
  }

  /** Closes idle handles until there is room for one more (busy ones are never closed). */
  private evictIdle(): void {
    for (const [source, slot] of this.slots) {
      if (this.slots.size < this.max) return;
      if (slot.users > 0) continue;
      this.slots.delete(source);
      slot.handle.then((h) => h.close()).catch(() => undefined);
    }
  }

  async close(source?: NodeFileSource): Promise<void> {
    const entries = source ? [[source, this.slots.get(source)] as const] : [...this.slots];
    for (const [s, slot] of entries) {
      if (!slot) continue;
      this.slots.delete(s);
      await slot.handle.then((h) => h.close()).catch(() => undefined);
    }
  }
}

export class NodeFileSource implements ByteSource {
  readonly path: string;
  readonly size: number;
  readonly absolutePath: string;
  private readonly pool: HandlePool;

  constructor(absolutePath: string, path: string, size: number, pool: HandlePool = new HandlePool(1)) {
    this.absolutePath = absolutePath;
    this.path = path;
    this.size = size;
    this.pool = pool;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    return this.pool.use(this, async (fh) => {
      // Large reads (verify's chunks) skip zero-filling: the read overwrites every byte handed out,
      // and an 8 MiB memset per chunk on the main thread is time the checksum could have used.
      const out =
        end - offset >= 1 << 16
          ? new Uint8Array(Buffer.allocUnsafeSlow(end - offset).buffer, 0, end - offset)
          : new Uint8Array(end - offset);
      let done = 0;
      while (done < out.byteLength) {
        const { bytesRead } = await fh.read(out, done, out.byteLength - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === out.byteLength ? out : out.subarray(0, done);
    });
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const length = Math.max(0, Math.min(this.size - offset, target.byteLength));
    if (length === 0) return 0;
    return this.pool.use(this, async (fh) => {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(target, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done;
    });
  }

  async close(): Promise<void> {
    await this.pool.close(this);
  }
}

export type NodeFileSet = FileSet & { close(): Promise<void> };

/**
 * Opens paths as a FileSet. A directory contributes its files (recursively) under the
 * directory's own name; a file contributes itself. Relative paths use `/`. Only regular files
 * and directories are accepted (the CLI checks that first and says so).
 */
export async function openPaths(paths: readonly string[]): Promise<NodeFileSet> {
  const pool = new HandlePool(MAX_OPEN_HANDLES);
  const walk: Walk = { files: [], counted: 0, entries: 0, complete: true, pool };
  const roots: string[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isDirectory()) {
      const rootName = basename(resolve(p)) || 'root';
      roots.push(rootName);
      await walkDir(p, p, rootName, walk, 0);
    } else if (info.isFile()) {
      roots.push(basename(p));
      walk.counted++;
      if (walk.files.length < MAX_FILES) walk.files.push(new NodeFileSource(p, basename(p), info.size, pool));
    } else {
      throw new DecodeError(p, 'is not a regular file or a directory', { code: 'wrong_format' });
    }
  }
  const skipped =
    walk.counted > walk.files.length || !walk.complete
      ? { total: walk.counted, complete: walk.complete, where: roots.length === 1 ? roots[0]! : roots.join(', ') }
      : undefined;
  return {
    files: walk.files,
    ...(skipped ? { skipped } : {}),
    async close() {
      await pool.close();
    },
  };
}

interface Walk {
  files: NodeFileSource[];
  /** Regular files seen, kept or not. */
  counted: number;
  /** Directory entries seen. */
  entries: number;
  /** False when the walk stopped before seeing everything (too deep, too many entries). */
  complete: boolean;
  pool: HandlePool;
}

async function walkDir(root: string, dir: string, rootName: string, walk: Walk, depth: number): Promise<void> {
  if (depth > MAX_DEPTH) {
    walk.complete = false;
    return;
  }
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable folder inside the selection holds nothing we can read
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // In name order, folders walked where they come; runs of files have their sizes fetched in parallel.
  let batch: string[] = [];
  const flush = async () => {
    const infos = await mapConcurrently(batch, STAT_CONCURRENCY, (full) => stat(full).catch(() => null));
    batch.forEach((full, i) => {
      if (!infos[i]?.isFile()) return;
      const rel = relative(root, full).split(sep).join('/');
      walk.files.push(new NodeFileSource(full, `${rootName}/${rel}`, infos[i]!.size, walk.pool));
    });
    batch = [];
  };
  for (const entry of entries) {
    if (walk.entries >= MAX_WALK_ENTRIES) {
      walk.complete = false;
      break;
    }
    walk.entries++;
    // Dirent types do not follow symbolic links. A link is read when it leads to a regular file
    // (flush() stats through it): the Hugging Face hub cache and git-annex keep a model's files as
    // links to blobs with hashed names. Links to folders are not followed (a link can loop back);
    // FIFOs, devices and sockets are left out.
    if (entry.isDirectory()) {
      await flush();
      await walkDir(root, join(dir, entry.name), rootName, walk, depth + 1);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      walk.counted++;
      if (walk.files.length + batch.length < MAX_FILES) batch.push(join(dir, entry.name));
    }
  }
  await flush();
}

const STAT_CONCURRENCY = 32;

async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
