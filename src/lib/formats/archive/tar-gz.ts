/**
 * `.tar.gz` archives (TF Hub modules, exported model bundles): gunzipped in pieces with a hard
 * limit on the unpacked size, so a gzip bomb stops at the limit instead of filling memory, then
 * read as a POSIX/GNU tar. Members become in-memory ByteSources under the archive's name.
 */
import { Gunzip } from 'fflate';
import { BytesSource, type ByteSource, type FileSet } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { concatBytes } from '../../bytes.ts';
import { utf8Decode } from '../../utf8.ts';

export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
export const MAX_MEMBERS = 10_000;
const CHUNK = 1024 * 1024;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

/** Unpacks `source` into a FileSet whose paths are `<archive path>/<member path>`. */
export async function unpackTarGz(source: ByteSource, limits = { unpacked: MAX_UNPACKED_BYTES, members: MAX_MEMBERS }): Promise<FileSet> {
  if (source.size > MAX_ARCHIVE_BYTES)
    throw new DecodeError(source.path, `archive is ${source.size} bytes, above the ${MAX_ARCHIVE_BYTES}-byte limit`, { code: 'too_large' });
  const tar = await gunzip(source, limits.unpacked);
  return { files: readTar(source.path, tar, limits.members) };
}

async function gunzip(source: ByteSource, limit: number): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const stream = new Gunzip((data, final) => {
    total += data.length;
    if (total > limit)
      throw new DecodeError(source.path, `unpacks to more than ${limit} bytes (a gzip bomb, or an archive too large to inspect here)`, {
        code: 'too_large',
      });
    pieces.push(data);
    if (final) ended = true;
  });
  try {
    for (let offset = 0; offset < source.size; offset += CHUNK) {
      const chunk = await source.read(offset, CHUNK);
      stream.push(chunk, offset + chunk.length >= source.size);
    }
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(source.path, `is not a valid gzip stream: ${(error as Error).message}`, { cause: error });
  }
  if (!ended)
    throw new DecodeError(source.path, 'gzip stream ends early (the archive is truncated)', { code: 'truncated', offset: source.size });
  return concatBytes(pieces);
}

function readTar(archive: string, tar: Uint8Array, maxMembers: number): ByteSource[] {
  const files: ByteSource[] = [];
  let offset = 0;
  let longName: string | null = null;
  let paxPath: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new DecodeError(archive, 'tar header checksum mismatch (damaged archive)', { code: 'checksum', offset });
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = offset + 512;
    if (size < 0 || dataStart + size > tar.length)
      throw new DecodeError(archive, `tar member declares ${size} bytes past the end of the archive`, { offset });
    const data = tar.subarray(dataStart, dataStart + size);
    const name = longName ?? paxPath ?? tarName(header);
    longName = null;
    paxPath = null;
    if (type === 'L') longName = cString(data);
    else if (type === 'x') paxPath = paxValue(data, 'path');
    else if (type === '0' || type === '\0' || type === '7') {
      if (files.length >= maxMembers) throw new DecodeError(archive, `has more than ${maxMembers} members`, { code: 'too_large' });
      const clean = name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
      if (clean.split('/').includes('..'))
        throw new DecodeError(archive, `member "${clean}" escapes the archive with ".."`, { code: 'unsafe', offset });
      files.push(new BytesSource(`${archive}/${clean}`, data));
    }
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  return files;
}

function tarName(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const ustar = utf8Decode(header.subarray(257, 262)) === 'ustar';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8Decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function octal(bytes: Uint8Array): number {
  const text = cString(bytes).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return -1;
  return Number.parseInt(text, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const stored = octal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return stored === sum;
}

function paxValue(data: Uint8Array, key: string): string | null {
  for (const line of utf8Decode(data).split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/.exec(line);
    if (m && m[1] === key) return m[2]!;
  }
  return null;
}
