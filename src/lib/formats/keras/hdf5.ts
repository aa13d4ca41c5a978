/**
 * HDF5 access through h5wasm (the HDF5 C library compiled to WebAssembly). h5wasm reads from its
 * in-memory file system, so the whole file is copied in: files above MAX_HDF5_BYTES are refused.
 * Only metadata is read (names, attributes, dataset shapes and types), never dataset values.
 *
 * Failure handling, learned from h5wasm 0.10.3:
 *  - opening a damaged file does not throw: the file id is negative and the HDF5 error stack is
 *    printed to C stderr. stderr (fd 2 of the wasm module) is redirected once to a log file in
 *    the module's file system, so the message becomes part of the DecodeError instead of noise.
 *  - h5wasm's optional "throwing" error handler is NOT used: each throw out of HDF5 leaks wasm
 *    stack, and after ~2,300 errors the module fails with RuntimeErrors and `Aborted()`, after
 *    which it may even return made-up results (test/unit/keras/hdf5-abort.test.ts).
 *  - if the module aborts anyway (RuntimeError), it cannot be re-created in this page/process:
 *    the reader marks itself broken and every later HDF5 decode fails with a DecodeError that
 *    says so, instead of producing wrong facts.
 *
 * h5wasm (about 4 MB with its WebAssembly) is imported only when an HDF5 file is actually read,
 * so the browser worker and the CLI do not load it for checkpoints and SavedModels.
 */
import type { Entity, File as H5File, Metadata } from 'h5wasm';
import { readAll, type ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { utf8Decode } from '../../utf8.ts';

/** h5wasm needs the file in memory; 1 GiB is the most we copy. */
export const MAX_HDF5_BYTES = 1024 * 1024 * 1024;
/** Limits for walking the group tree (soft links can form cycles; files can be hostile). */
const MAX_DEPTH = 32;
const MAX_NODES = 200_000;

const ERROR_LOG = '/tfrd-hdf5-stderr.log';

/** The subset of emscripten's FS that this module uses. */
interface EmscriptenFs {
  writeFile(path: string, data: Uint8Array, opts?: { canOwn?: boolean }): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
  truncate(path: string, length: number): void;
  open(path: string, flags: string): { fd: number; path?: string };
  close(stream: unknown): void;
  getStream(fd: number): { path?: string } | null;
}

type H5Wasm = typeof import('h5wasm')['default'];
type H5Module = Awaited<H5Wasm['ready']>;

let moduleBroken: string | null = null;
let fileCounter = 0;
/** Set once the lazy import has resolved; the reader's synchronous methods need its classes. */
let h5wasm: H5Wasm | null = null;

function lib(): H5Wasm {
  if (!h5wasm) throw new Error('h5wasm is used before it was loaded');
  return h5wasm;
}

async function h5Module(): Promise<{ module: H5Module; fs: EmscriptenFs }> {
  h5wasm ??= (await import('h5wasm')).default;
  const module = await h5wasm.ready;
  const fs = module.FS as unknown as EmscriptenFs;
  redirectStderr(fs);
  return { module, fs };
}

function redirectStderr(fs: EmscriptenFs): void {
  const current = fs.getStream(2);
  if (current?.path === ERROR_LOG) return;
  if (current) fs.close(current);
  // The lowest free descriptor is 2 again, so C stderr now appends to the log.
  fs.open(ERROR_LOG, 'a');
}

function takeErrorLog(fs: EmscriptenFs): string {
  try {
    const text = utf8Decode(fs.readFile(ERROR_LOG));
    fs.truncate(ERROR_LOG, 0);
    return text;
  } catch {
    return '';
  }
}

/** The most specific lines of an HDF5 error stack: the deepest frame and its minor message. */
export function summarizeHdf5Errors(log: string): string {
  const lines = log
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  let last = -1;
  lines.forEach((l, i) => {
    if (/^#\d+:/.test(l)) last = i;
  });
  if (last < 0) return lines.slice(-2).join(' ');
  const frame = lines[last]!.replace(/^#\d+:\s*\S+ line \d+ in /, '');
  const minor = lines.slice(last + 1).find((l) => l.startsWith('minor:'));
  return minor ? `${frame} (${minor.slice(6).trim()})` : frame;
}

export type NodeKind = 'group' | 'dataset' | 'other';

export interface DatasetInfo {
  /** HDF5 path without the leading `/`. */
  path: string;
  dtype: string;
  shape: number[];
  /** Logical bytes (elements × element size) for fixed-size types; null for variable-length. */
  bytes: number | null;
}

/** Read-only view of an open HDF5 file: metadata only. */
export class Hdf5Reader {
  readonly file: string;
  private readonly h5: H5File;
  private readonly module: H5Module;

  constructor(file: string, h5: H5File, module: H5Module) {
    this.file = file;
    this.h5 = h5;
    this.module = module;
  }

  private entity(path: string): Entity | null {
    return path === '' || path === '/' ? this.h5 : this.h5.get(path);
  }

  kind(path: string): NodeKind | null {
    const e = this.entity(path);
    if (e instanceof lib().Group) return 'group';
    if (e instanceof lib().Dataset) return 'dataset';
    return e === null ? null : 'other';
  }

  /** Child names of a group ([] for anything else). */
  children(path: string): string[] {
    const e = this.entity(path);
    return e instanceof lib().Group ? e.keys() : [];
  }

  /**
   * Whether an object has an attribute, asked by name. Listing an object's attributes makes the
   * HDF5 library build a table of all of them (~0.8 KB of engine memory each, never returned):
   * 150,000 attributes on one group took 125 MB and seconds, where asking for the few names
   * Keras uses costs a lookup each. A name that is absent is an exception from the engine that
   * leaves it usable (10,000 in a row were tried).
   */
  hasAttr(path: string, name: string): boolean {
    const e = this.entity(path);
    if (!(e instanceof lib().Group) && !(e instanceof lib().Dataset)) return false;
    try {
      this.module.get_attribute_metadata(e.file_id, e.path, name);
      return true;
    } catch {
      return false;
    }
  }

  /** An attribute as a string: h5py 3 variable-length str, h5py 2 fixed-length bytes, or a 1-element array of either. */
  attrString(path: string, name: string): string | null {
    const value = this.attrValue(path, name);
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) return utf8Decode(value);
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
    return null;
  }

  /** An attribute as a list of strings (`layer_names`, `weight_names`); [] for an empty numeric array (Keras 3 writes those). */
  attrStrings(path: string, name: string): string[] | null {
    const value = this.attrValue(path, name);
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    if (ArrayBuffer.isView(value) && (value as unknown as { length: number }).length === 0) return [];
    return null;
  }

  /** One attribute's value, looked up by name and read on its own (an object may carry 150,000 attributes). */
  private attrValue(path: string, name: string): unknown {
    if (!this.hasAttr(path, name)) return null;
    const e = this.entity(path) as InstanceType<H5Wasm['Group']>;
    return e.get_attribute(name, false);
  }

  /** Shape and type of a dataset, from its metadata only (values are never read). */
  dataset(path: string): DatasetInfo | null {
    const e = this.entity(path);
    if (!(e instanceof lib().Dataset)) return null;
    const meta = e.metadata;
    const shape = meta.shape ?? [];
    const elements = shape.reduce((a, b) => a * b, 1);
    const dtype = hdf5Dtype(meta);
    return { path: path.replace(/^\//, ''), dtype, shape, bytes: meta.vlen || dtype === 'string' ? null : elements * meta.size };
  }

  /** Every dataset under `path` (depth-first, children in HDF5 name order), within the walk limits. */
  datasetsUnder(path: string): DatasetInfo[] {
    const out: DatasetInfo[] = [];
    let nodes = 0;
    const walk = (p: string, depth: number) => {
      if (depth > MAX_DEPTH)
        throw new DecodeError(this.file, `HDF5 groups nested deeper than ${MAX_DEPTH} levels at /${p}`, {
          code: 'too_deep',
          hint: 'A soft link may point back to a parent group.',
        });
      for (const name of this.children(p)) {
        if (++nodes > MAX_NODES)
          throw new DecodeError(this.file, `more than ${MAX_NODES} HDF5 objects under /${path}`, { code: 'too_large' });
        const child = p === '' || p === '/' ? name : `${p}/${name}`;
        const kind = this.kind(child);
        if (kind === 'dataset') out.push(this.dataset(child)!);
        else if (kind === 'group') walk(child, depth + 1);
      }
    };
    walk(path, 0);
    return out;
  }
}

/** HDF5 type metadata -> TF dtype name (float32, int64, bool, string, ...). */
export function hdf5Dtype(meta: Metadata): string {
  const bits = meta.size * 8;
  switch (meta.type) {
    case 0: // H5T_INTEGER
      return `${meta.signed ? 'int' : 'uint'}${bits}`;
    case 1: // H5T_FLOAT
      return `float${bits}`;
    case 3: // H5T_STRING
      return 'string';
    case 8: {
      // H5T_ENUM: h5py stores numpy bool as an int8 enum {FALSE: 0, TRUE: 1}
      const members = meta.enum_type?.members ?? {};
      return 'FALSE' in members && 'TRUE' in members ? 'bool' : `enum${bits}`;
    }
    case 6: {
      // H5T_COMPOUND: h5py stores complex numbers as {r, i}
      const names = meta.compound_type?.members.map((m) => m.name) ?? [];
      return names.length === 2 && names[0] === 'r' && names[1] === 'i' ? `complex${bits}` : `compound${bits}`;
    }
    case 5:
      return `opaque${bits}`;
    default:
      return `hdf5_class${meta.type}_${bits}`;
  }
}

/** True when the bytes start with the HDF5 signature at 0 or at a user-block offset (512, 1024, 2048, ...). */
export const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function hdf5SignatureAt(bytes: Uint8Array, offset: number): boolean {
  if (bytes.byteLength < offset + 8) return false;
  return HDF5_SIGNATURE.every((b, i) => bytes[offset + i] === b);
}

/**
 * Copies the file into h5wasm, opens it read-only, runs `use` synchronously, and always closes
 * and deletes the copy. Everything h5wasm throws becomes a DecodeError naming the file.
 * `problems` receives HDF5 errors that were printed while `use` ran (damage inside the file that
 * h5wasm skipped over).
 */
export async function withHdf5<T>(
  source: ByteSource,
  use: (reader: Hdf5Reader) => T,
  problems: DecodeError[] = [],
  bytes?: Uint8Array,
): Promise<T> {
  if (moduleBroken !== null) {
    throw new DecodeError(source.path, `cannot read HDF5: the HDF5 engine crashed on an earlier file (${moduleBroken})`, {
      code: 'engine',
      hint: 'Reload the page (or restart the command) to read HDF5 files again.',
    });
  }
  if (!bytes && source.size > MAX_HDF5_BYTES) {
    throw new DecodeError(
      source.path,
      `HDF5 file is ${source.size} bytes; reading HDF5 needs the whole file in memory and the limit is ${MAX_HDF5_BYTES} bytes`,
      {
        hint: 'Inspect it with h5dump -H, or with h5py in Python.',
      },
    );
  }
  const data = bytes ?? (await readAll(source, MAX_HDF5_BYTES, 'HDF5 file'));
  const { module, fs } = await h5Module();
  const name = `/tfrd-${++fileCounter}-${Math.random().toString(36).slice(2)}.h5`;
  takeErrorLog(fs);
  let h5: H5File | null = null;
  try {
    // canOwn: the in-memory file system uses these bytes as the file instead of copying them
    // (the file is opened read-only and unlinked before this returns), so HDF5 costs one copy, not two.
    fs.writeFile(name, data, { canOwn: true });
    h5 = new (lib().File)(name, 'r');
    if (h5.file_id < 0n) {
      const why = summarizeHdf5Errors(takeErrorLog(fs));
      h5 = null;
      const cut = truncation(why);
      if (cut) throw cut(source.path);
      throw new DecodeError(source.path, `not a readable HDF5 file: ${why || 'HDF5 could not open it'}`, {
        offset: 0,
        hint: 'The file is damaged, truncated, or not HDF5.',
      });
    }
    const result = use(new Hdf5Reader(source.path, h5, module));
    const log = takeErrorLog(fs);
    if (log.trim() !== '')
      problems.push(
        new DecodeError(source.path, `HDF5 reported errors while reading: ${summarizeHdf5Errors(log)}`, {
          hint: 'Parts of the file may be damaged.',
        }),
      );
    return result;
  } catch (error) {
    throw wrapH5Error(source.path, error, fs);
  } finally {
    try {
      if (h5) h5.close();
    } catch {
      // closing a half-broken file must not hide the original error
    }
    try {
      fs.unlink(name);
    } catch {
      // the copy may never have been written
    }
    takeErrorLog(fs);
  }
}

function wrapH5Error(file: string, error: unknown, fs: EmscriptenFs): DecodeError {
  if (error instanceof DecodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // WebAssembly.RuntimeError (unreachable, out of bounds) or emscripten's abort().
  const name = error instanceof Error ? error.name : '';
  if (name === 'RuntimeError' || /Aborted\(/.test(message)) {
    moduleBroken = message;
    return new DecodeError(file, `the HDF5 engine crashed reading this file: ${message}`, {
      code: 'engine',
      cause: error,
      hint: 'The file is probably damaged. Reload the page (or restart the command) before reading other HDF5 files.',
    });
  }
  const log = summarizeHdf5Errors(takeErrorLog(fs));
  return new DecodeError(file, `HDF5 read failed: ${message}${log ? ` (${log})` : ''}`, {
    cause: error,
    hint: 'The file is damaged or not a Keras HDF5 file.',
  });
}

/**
 * HDF5's superblock records the file's end (stored_eof); a copy cut short is shorter than that,
 * and the library says so with both numbers: the damage, in the reader's terms.
 */
function truncation(why: string): ((path: string) => DecodeError) | null {
  const m = /truncated file: eof = (\d+).*?stored_eof = (\d+)/.exec(why);
  if (!m) return null;
  const [have, need] = [Number(m[1]), Number(m[2])];
  return (path) =>
    new DecodeError(
      path,
      `is truncated: it has ${have.toLocaleString('en-US')} bytes, its HDF5 superblock says ${need.toLocaleString('en-US')}`,
      {
        code: 'truncated',
        offset: have,
        hint: `The copy or download stopped early (${Math.round((100 * have) / need)}% arrived). Copy it again and compare the size with the original.`,
      },
    );
}
