/**
 * Builds an HDF5 file in memory with h5wasm (the same library the decoder reads with, but the
 * tests check the result with h5dump and h5py, not with it) and returns its bytes.
 */
import h5wasm, { type File as H5File, type Group as H5Group } from 'h5wasm';

interface EmscriptenFs {
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
}

let counter = 0;

export async function buildHdf5(build: (file: H5File) => void): Promise<Uint8Array> {
  const module = await h5wasm.ready;
  const fs = module.FS as unknown as EmscriptenFs;
  const name = `/tfrd-write-${++counter}-${Math.random().toString(36).slice(2)}.h5`;
  const file = new h5wasm.File(name, 'w');
  let open = true;
  try {
    build(file);
    file.close();
    open = false;
    return fs.readFile(name).slice();
  } finally {
    if (open) file.close();
    try {
      fs.unlink(name);
    } catch {
      // nothing was written
    }
  }
}

/** Creates every missing group along `path` (HDF5 does not create intermediate groups here). */
export function ensureGroup(file: H5File, path: string): H5Group {
  let current = '';
  for (const part of path.split('/').filter((p) => p !== '')) {
    current = current === '' ? part : `${current}/${part}`;
    if (file.get(current) === null) file.create_group(current);
  }
  return (current === '' ? file : file.get(current)) as H5Group;
}
