/**
 * Independent evidence for the Keras tests: h5dump (Debian hdf5-tools) for HDF5 files and the
 * system python3's zipfile module for zips. Nothing here uses the decoders under test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FIXTURES } from '../../helpers/fixtures.ts';

export interface DumpedDataset {
  path: string;
  dtype: string;
  shape: number[];
}

const H5_TYPES: Record<string, string> = {
  H5T_IEEE_F16LE: 'float16',
  H5T_IEEE_F32LE: 'float32',
  H5T_IEEE_F64LE: 'float64',
  H5T_STD_I8LE: 'int8',
  H5T_STD_I16LE: 'int16',
  H5T_STD_I32LE: 'int32',
  H5T_STD_I64LE: 'int64',
  H5T_STD_U8LE: 'uint8',
  H5T_STD_U16LE: 'uint16',
  H5T_STD_U32LE: 'uint32',
  H5T_STD_U64LE: 'uint64',
};

/** Every dataset in an HDF5 file with its type and shape, from `h5dump -H`. */
export function h5dumpDatasets(file: string): DumpedDataset[] {
  const text = execFileSync('h5dump', ['-H', '-w', '0', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const stack: { kind: string; name: string }[] = [];
  const out: DumpedDataset[] = [];
  let current: DumpedDataset | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const open = /^(GROUP|DATASET|ATTRIBUTE) "(.*)" \{$/.exec(line);
    if (open) {
      stack.push({ kind: open[1]!, name: open[2]! });
      if (open[1] === 'DATASET') {
        const groups = stack.filter((s) => s.kind === 'GROUP' && s.name !== '/').map((s) => s.name);
        current = { path: [...groups, open[2]!].join('/'), dtype: '?', shape: [] };
        out.push(current);
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (current && top?.kind === 'DATASET' && top.name === current.path.split('/').pop()) {
      const type = /^DATATYPE\s+(\S+)/.exec(line);
      if (type) current.dtype = H5_TYPES[type[1]!] ?? type[1]!;
      const space = /^DATASPACE\s+(SCALAR|SIMPLE \{ \( ([^)]*) \))/.exec(line);
      if (space) current.shape = space[1] === 'SCALAR' ? [] : space[2]!.split(',').map((d) => Number(d.trim()));
    }
    const opens = (line.match(/\{/g) ?? []).length;
    const closes = (line.match(/\}/g) ?? []).length;
    for (let i = 0; i < opens - closes; i++) stack.push({ kind: 'other', name: '' });
    for (let i = 0; i < closes - opens; i++) stack.pop();
  }
  return out;
}

/** A string attribute as h5dump prints it (`h5dump -a <path>`), or null when it does not exist. */
export function h5dumpStringAttr(file: string, attrPath: string): string | null {
  let text: string;
  try {
    text = execFileSync('h5dump', ['-w', '0', '-a', attrPath, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return null;
  }
  const m = /\(0\): "(.*)"\s*$/m.exec(text);
  return m ? m[1]! : null;
}

/** All strings of a string-array attribute (`layer_names`), in order. */
export function h5dumpStringArrayAttr(file: string, attrPath: string): string[] | null {
  let text: string;
  try {
    text = execFileSync('h5dump', ['-w', '0', '-a', attrPath, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const data = text.slice(text.indexOf('DATA {'));
  // h5py 2 fixed-length strings are NUL-padded; h5dump shows the padding as \000.
  return [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/(\\000)+$/, ''));
}

/** The datatype block h5dump prints for an attribute (to tell fixed-length from variable-length strings). */
export function h5dumpAttrType(file: string, attrPath: string): string {
  return execFileSync('h5dump', ['-w', '0', '-a', attrPath, file], { encoding: 'utf8' });
}

/** Values of a float dataset (`h5dump -d`), flattened. */
export function h5dumpValues(file: string, dataset: string): number[] {
  const text = execFileSync('h5dump', ['-w', '0', '-d', dataset, file], { encoding: 'utf8' });
  const data = text.slice(text.indexOf('DATA {') + 6);
  return [...data.matchAll(/\(\d+(?:,\d+)*\):([^\n]*)/g)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map(Number),
  );
}

export interface ZipInfo {
  name: string;
  file_size: number;
  compress_size: number;
  compress_type: number;
}

const ZIP_LIST = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps([{"name": i.filename, "file_size": i.file_size, "compress_size": i.compress_size, "compress_type": i.compress_type} for i in z.infolist()]))
`;

const ZIP_READ = `
import sys, zipfile
sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))
`;

/** Members of a zip as Python's zipfile sees them. */
export function pythonZipList(file: string): ZipInfo[] {
  return JSON.parse(execFileSync('python3', ['-c', ZIP_LIST, file], { encoding: 'utf8' })) as ZipInfo[];
}

/** One member's bytes, read by Python's zipfile (which checks its CRC). */
export function pythonZipRead(file: string, member: string): Buffer {
  return execFileSync('python3', ['-c', ZIP_READ, file, member], { maxBuffer: 1024 * 1024 * 1024 });
}

export function tempFile(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfrd-keras-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Fixture files whose first bytes are the HDF5 or zip signature (found without our sniffer). */
export function fixturesBySignature(): { hdf5: string[]; zip: string[] } {
  const hdf5: string[] = [];
  const zip: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const head = readFileSync(p).subarray(0, 8);
        if (head.toString('latin1') === '\x89HDF\r\n\x1a\n') hdf5.push(relative(FIXTURES, p));
        else if (head.subarray(0, 4).toString('latin1') === 'PK\x03\x04') zip.push(relative(FIXTURES, p));
      }
    }
  };
  walk(FIXTURES);
  return { hdf5: hdf5.sort(), zip: zip.sort() };
}
