/**
 * HDF5 output for repair, through h5wasm (the HDF5 library in WebAssembly). h5wasm works on its
 * in-memory file system, so an HDF5 file is rewritten whole in memory (the same 1 GiB ceiling
 * the decoder has): attribute edits are made on a copy opened read-write, so every dataset keeps
 * its bytes and layout; a file that must lose a group (HDF5 cannot unlink through h5wasm) is
 * rebuilt by copying every group, dataset value and attribute except the ones left out.
 * h5wasm is imported only when this runs. The clock times HDF5 stamps on object headers are
 * pinned (hdf5-times.ts), so the same input gives the same bytes on every run and in every host.
 */
import type { Attribute, Dataset, File as H5File, Group } from 'h5wasm';
import { firstObjectHeaderTime, pinObjectHeaderTimes } from './hdf5-times.ts';

type H5Wasm = typeof import('h5wasm')['default'];

interface EmscriptenFs {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
  open(path: string, flags: string): { fd: number; path?: string };
  close(stream: unknown): void;
  getStream(fd: number): { path?: string } | null;
}

/** The decoder (formats/keras/hdf5.ts) sends HDF5's C stderr here; keep it there so nothing is printed. */
const ERROR_LOG = '/tfrd-hdf5-stderr.log';
let counter = 0;

async function load(): Promise<{ h5: H5Wasm; fs: EmscriptenFs }> {
  const h5 = (await import('h5wasm')).default;
  const module = await h5.ready;
  const fs = module.FS as unknown as EmscriptenFs;
  const current = fs.getStream(2);
  if (current?.path !== ERROR_LOG) {
    if (current) fs.close(current);
    fs.open(ERROR_LOG, 'a');
  }
  return { h5, fs };
}

function tempName(): string {
  return `/tfrd-repair-${++counter}-${Math.random().toString(36).slice(2)}.h5`;
}

/** Opens a copy of `bytes` read-write, runs `edit`, returns the edited file's bytes. */
export async function editHdf5(bytes: Uint8Array, edit: (file: H5File, h5: H5Wasm) => void): Promise<Uint8Array> {
  const { h5, fs } = await load();
  const name = tempName();
  fs.writeFile(name, bytes);
  let file: H5File | null = null;
  try {
    file = new h5.File(name, 'a');
    if (file.file_id < 0n) throw new Error('HDF5 could not open the file for writing');
    edit(file, h5);
    file.close();
    file = null;
    return pinObjectHeaderTimes(fs.readFile(name).slice(), firstObjectHeaderTime(bytes));
  } finally {
    if (file) file.close();
    try {
      fs.unlink(name);
    } catch {
      // never written
    }
  }
}

/** Creates a new HDF5 file, runs `build` on it, returns its bytes. */
export async function buildHdf5(build: (file: H5File, h5: H5Wasm) => void): Promise<Uint8Array> {
  const { h5, fs } = await load();
  const name = tempName();
  let file: H5File | null = new h5.File(name, 'w');
  try {
    build(file, h5);
    file.close();
    file = null;
    return pinObjectHeaderTimes(fs.readFile(name).slice(), 0);
  } finally {
    if (file) file.close();
    try {
      fs.unlink(name);
    } catch {
      // never written
    }
  }
}

/** Reads `bytes` (read-only) and runs `use` on it. */
export async function readHdf5<T>(bytes: Uint8Array, use: (file: H5File, h5: H5Wasm) => T): Promise<T> {
  const { h5, fs } = await load();
  const name = tempName();
  fs.writeFile(name, bytes);
  let file: H5File | null = null;
  try {
    file = new h5.File(name, 'r');
    if (file.file_id < 0n) throw new Error('HDF5 could not open the file');
    return use(file, h5);
  } finally {
    if (file) file.close();
    try {
      fs.unlink(name);
    } catch {
      // never written
    }
  }
}

/** A new file with everything of `bytes` except the paths `skip` names; `after` may then edit it. */
export async function rebuildHdf5(bytes: Uint8Array, skip: (path: string) => boolean, after: (file: H5File) => void): Promise<Uint8Array> {
  const { h5, fs } = await load();
  const from = tempName();
  const to = tempName();
  fs.writeFile(from, bytes);
  let src: H5File | null = null;
  let dst: H5File | null = null;
  try {
    src = new h5.File(from, 'r');
    if (src.file_id < 0n) throw new Error('HDF5 could not open the file');
    dst = new h5.File(to, 'w');
    copyTree(h5, src, dst, skip);
    after(dst);
    dst.close();
    dst = null;
    return pinObjectHeaderTimes(fs.readFile(to).slice(), firstObjectHeaderTime(bytes));
  } finally {
    if (src) src.close();
    if (dst) dst.close();
    for (const name of [from, to]) {
      try {
        fs.unlink(name);
      } catch {
        // never written
      }
    }
  }
}

/** Replaces a string attribute (root or a group), written as h5py 3 writes str: variable-length UTF-8. */
export function setStringAttribute(group: Group, name: string, value: string): void {
  if (Object.hasOwn(group.attrs, name)) group.delete_attribute(name);
  group.create_attribute(name, value);
}

/**
 * Copies the tree under `src` into `dst`: groups, datasets (values, shape, type) and attributes,
 * except the paths `skip` says to leave out. Throws for types it cannot copy exactly.
 */
export function copyTree(h5: H5Wasm, src: Group, dst: Group, skip: (path: string) => boolean, path = ''): void {
  copyAttributes(src, dst, path);
  for (const name of src.keys()) {
    const childPath = path === '' ? name : `${path}/${name}`;
    if (skip(childPath)) continue;
    const child = src.get(name);
    if (child instanceof h5.Group) {
      const g = dst.create_group(name);
      copyTree(h5, child, g, skip, childPath);
    } else if (child instanceof h5.Dataset) {
      copyDataset(child, dst, name, childPath);
    } else {
      throw new Error(`/${childPath} is neither a group nor a dataset (a link?): it cannot be copied exactly`);
    }
  }
}

function dtypeOf(
  meta: { type: number; size: number; signed?: boolean; littleEndian?: boolean; vlen?: boolean },
  what: string,
): string | null {
  const order = meta.littleEndian === false ? '>' : '<';
  if (meta.type === 1) {
    if (meta.size === 4) return `${order}f`;
    if (meta.size === 8) return `${order}d`;
  } else if (meta.type === 0) {
    const letter: Record<number, string> = { 1: 'b', 2: 'h', 4: 'i', 8: 'q' };
    const l = letter[meta.size];
    if (l) return `${order}${meta.signed === false ? l.toUpperCase() : l}`;
  } else if (meta.type === 3) {
    return null; // strings: written as variable-length
  }
  throw new Error(`${what} has an HDF5 type (class ${meta.type}, ${meta.size} bytes) that cannot be copied exactly`);
}

function copyDataset(ds: Dataset, dst: Group, name: string, path: string): void {
  const meta = ds.metadata;
  const dtype = dtypeOf(meta, `/${path}`);
  if (dtype?.startsWith('>')) throw new Error(`/${path} is big-endian; h5wasm cannot write it`);
  const value = ds.value as Parameters<Group['create_dataset']>[0]['data'];
  const out = dst.create_dataset({ name, data: value, shape: meta.shape ?? [], dtype });
  copyAttributes(ds, out, path);
}

function copyAttributes(src: Group | Dataset, dst: Group | Dataset, path: string): void {
  for (const [name, attr] of Object.entries(src.attrs) as [string, Attribute][]) {
    const meta = attr.metadata;
    const dtype = dtypeOf(meta, `attribute ${name} of /${path}`);
    dst.create_attribute(name, attr.value as Parameters<Group['create_attribute']>[1], meta.shape ?? null, dtype);
  }
}
