/**
 * Random-access reads over one file. The browser wraps a `File` (reads go through
 * `Blob.slice`), the CLI wraps a file handle, tests wrap bytes. Decoders only ever see this
 * interface, so a multi-gigabyte shard is never loaded whole.
 */
import { DecodeError } from './errors.ts';

export interface ByteSource {
  /** Path relative to the root of the file set, with `/` separators (e.g. `variables/variables.index`). */
  readonly path: string;
  /** Size in bytes, as the file system reports it. */
  readonly size: number;
  /** Reads `length` bytes at `offset`. Implementations may return fewer bytes only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: reads into `target` at `offset`, returning the bytes read (fewer only at end of
   * file). Streaming readers reuse their buffers through it: a fresh multi-MiB buffer per read
   * costs page faults and unmapping that, in Node, took longer than the checksum itself.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
}

/** A ByteSource over bytes already in memory. */
export class BytesSource implements ByteSource {
  readonly path: string;
  readonly size: number;
  private readonly bytes: Uint8Array;

  constructor(path: string, bytes: Uint8Array) {
    this.path = path;
    this.bytes = bytes;
    this.size = bytes.byteLength;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.bytes.subarray(offset, Math.min(this.size, offset + length));
  }
}

/**
 * Reads exactly `length` bytes at `offset`, or fails with a DecodeError that says the file is
 * shorter than its structure claims. Checks the range against the file size before reading,
 * so an untrusted length can never size an allocation.
 */
export async function readExact(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new DecodeError(source.path, `${what}: invalid range (offset ${offset}, length ${length})`, { offset: null });
  }
  if (offset + length > source.size) {
    throw new DecodeError(source.path, `${what} needs bytes ${offset}..${offset + length} but the file has only ${source.size} bytes`, {
      code: 'truncated',
      offset,
      hint: 'The file is truncated or was copied incompletely.',
    });
  }
  const bytes = await source.read(offset, length);
  if (bytes.byteLength !== length) {
    throw new DecodeError(source.path, `${what}: short read (${bytes.byteLength} of ${length} bytes)`, { code: 'truncated', offset });
  }
  return bytes;
}

/** Reads the whole file, refusing files above `limit` bytes so nothing huge is buffered by accident. */
export async function readAll(source: ByteSource, limit: number, what = 'file'): Promise<Uint8Array> {
  if (source.size > limit) {
    throw new DecodeError(source.path, `${what} is ${source.size} bytes, above the ${limit}-byte limit for reading it whole`, {
      code: 'too_large',
    });
  }
  return readExact(source, 0, source.size, what);
}

/** A set of files as the reader gave them: a dropped folder, several files, a path on disk. */
export interface FileSet {
  readonly files: readonly ByteSource[];
  /** Set when the selection held more files than `files` (a folder walk stopped at MAX_FILES). */
  readonly skipped?: SkippedFiles;
}

/** What a selection held beyond the files that were kept. */
export interface SkippedFiles {
  /** Files the selection held in all (at least this many when the walk was not complete). */
  total: number;
  /** False when the count itself stopped early (too many entries, too deep). */
  complete: boolean;
  /** The folder (or folders) the files came from, for the message. */
  where: string;
}

/**
 * The most files one selection is looked at: sniffing reads the head of every file, so a folder
 * of 100,000 files (or a parent folder given by mistake) costs time out of proportion to the
 * model inside it. The rest are counted and reported.
 */
export const MAX_FILES = 10_000;

export function fileSet(files: readonly ByteSource[]): FileSet {
  return { files };
}

/**
 * The set cut to its first MAX_FILES files, and how many there were in all (null when nothing
 * was left out). The CLI's folder walk already stops at MAX_FILES and counts the rest; a browser
 * selection arrives whole and is cut here.
 */
export function limitFiles(set: FileSet): { set: FileSet; skipped: SkippedFiles | null } {
  const kept = set.files.length > MAX_FILES ? set.files.slice(0, MAX_FILES) : set.files;
  if (kept === set.files && !set.skipped) return { set, skipped: null };
  const total = Math.max(set.files.length, set.skipped?.total ?? 0);
  const where = set.skipped?.where ?? commonFolder(set.files);
  return { set: { files: kept }, skipped: { total, complete: set.skipped?.complete ?? true, where } };
}

/** The top-level folder the files share, or '(the selected files)'. */
function commonFolder(files: readonly ByteSource[]): string {
  const first = files[0]?.path.split('/')[0];
  if (first === undefined || files.length < 2) return '(the selected files)';
  for (const f of files) if (!f.path.startsWith(`${first}/`)) return '(the selected files)';
  return first;
}

/** Each file set's files by path, built once: large sets (100,000 shards) are looked up often. */
const BY_PATH = new WeakMap<FileSet, Map<string, ByteSource>>();

/** The file at `path` in the set, or null. */
export function findFile(set: FileSet, path: string): ByteSource | null {
  let index = BY_PATH.get(set);
  if (!index || index.size !== set.files.length) {
    index = new Map();
    for (const f of set.files) if (!index.has(f.path)) index.set(f.path, f);
    BY_PATH.set(set, index);
  }
  return index.get(path) ?? null;
}

/** The file at `path` in the set, or a DecodeError naming it as missing. */
export function requireFile(set: FileSet, path: string, what = 'file is not in the selected files'): ByteSource {
  const source = findFile(set, path);
  if (!source) throw new DecodeError(path, what, { code: 'missing_file' });
  return source;
}

/** Last path component. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Everything before the last `/` ('' at the root). */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
