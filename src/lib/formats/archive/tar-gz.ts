/**
 * `.tar.gz` archives (TF Hub modules, exported model bundles), gunzipped and read as a
 * POSIX/GNU tar as the bytes stream in. Members become in-memory ByteSources under the
 * archive's name.
 *
 * A gzip bomb costs nothing it would be refused for: the archive is first streamed through
 * without keeping a byte, counting members and the sizes their headers declare, and refused as
 * soon as either passes its limit (so is a member whose declared size alone does). Only an
 * archive within every limit is streamed again, each member copied into a buffer of its declared
 * size. Reading stops at the end-of-archive marker (zeros padded after it are never inflated).
 * The unpacked limit scales with the packed size, so a small file cannot make a large allocation:
 * UNPACKED_PER_PACKED times the archive, at least MIN_UNPACKED_LIMIT, at most MAX_UNPACKED_BYTES.
 */
import { Gunzip } from 'fflate';
import { BytesSource, type ByteSource, type FileSet } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { utf8Decode } from '../../utf8.ts';

export const MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** The unpacked limit is this many times the packed size (model weights barely compress)... */
export const UNPACKED_PER_PACKED = 4;
/** ...and at least this, so small archives of compressible files are read. */
export const MIN_UNPACKED_LIMIT = 64 * 1024 * 1024;
export const MAX_MEMBERS = 10_000;
/** GNU long names and pax headers are metadata: a larger one is damage. */
const MAX_METADATA_RECORD = 1024 * 1024;
const CHUNK = 1024 * 1024;
/**
 * fflate inflates everything one push can yield before handing it over, and deflate expands up
 * to ~1032:1: pushing 16 KiB at a time keeps every piece of output under ~16.5 MiB, so a limit
 * is noticed before a bomb's gigabyte is ever allocated.
 */
const PUSH = 16 * 1024;
const BLOCK = 512;

export interface TarLimits {
  /** Unpacked bytes of all members together. */
  unpacked: number;
  members: number;
}

/** The unpacked limit for an archive of `packed` bytes. */
export function unpackedLimit(packed: number): number {
  return Math.min(MAX_UNPACKED_BYTES, Math.max(MIN_UNPACKED_LIMIT, UNPACKED_PER_PACKED * packed));
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

/** Unpacks `source` into a FileSet whose paths are `<archive path>/<member path>`. */
export async function unpackTarGz(source: ByteSource, limits: TarLimits = defaultLimits(source)): Promise<FileSet> {
  if (source.size > MAX_ARCHIVE_BYTES)
    throw new DecodeError(source.path, `archive is ${source.size} bytes, above the ${MAX_ARCHIVE_BYTES}-byte limit`, { code: 'too_large' });
  await streamTar(source, limits, false); // counts and refuses; keeps nothing
  return { files: await streamTar(source, limits, true) };
}

function defaultLimits(source: ByteSource): TarLimits {
  return { unpacked: unpackedLimit(source.size), members: MAX_MEMBERS };
}

/** Thrown inside the gunzip callback once the end-of-archive marker is reached. */
class EndOfArchive extends Error {}

/** Gunzips `source` through a TarReader; returns the members it kept (none unless `keep`). */
async function streamTar(source: ByteSource, limits: TarLimits, keep: boolean): Promise<ByteSource[]> {
  const tar = new TarReader(source.path, limits, keep, source.size);
  let ended = false;
  const stream = new Gunzip((data, final) => {
    tar.push(data);
    if (tar.done) throw new EndOfArchive();
    if (final) ended = true;
  });
  try {
    for (let offset = 0; offset < source.size && !ended; offset += CHUNK) {
      const chunk = await source.read(offset, CHUNK);
      const last = offset + chunk.length >= source.size;
      for (let i = 0; i < chunk.length; i += PUSH) {
        stream.push(chunk.subarray(i, i + PUSH), last && i + PUSH >= chunk.length);
      }
      if (chunk.length === 0) break;
    }
  } catch (error) {
    if (error instanceof EndOfArchive) return tar.members;
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(source.path, `is not a valid gzip stream: ${(error as Error).message}`, { cause: error });
  }
  if (!ended)
    throw new DecodeError(source.path, 'gzip stream ends early (the archive is truncated)', { code: 'truncated', offset: source.size });
  tar.finish();
  return tar.members;
}

interface Member {
  name: string;
  type: string;
  size: number;
  /** Where its header starts in the tar stream, for messages. */
  offset: number;
  /** Filled as the data streams in: regular members when keeping, metadata records always. */
  data: Uint8Array | null;
  filled: number;
}

/** A tar parser fed the unpacked stream piece by piece; holds at most one header and the members it keeps. */
class TarReader {
  readonly members: ByteSource[] = [];
  done = false;
  private readonly header = new Uint8Array(BLOCK);
  private headerFill = 0;
  private current: Member | null = null;
  /** Padding after the current member's data, up to the next 512-byte boundary. */
  private padding = 0;
  /** Bytes of the tar stream seen so far. */
  private position = 0;
  private unpacked = 0;
  private count = 0;
  private longName: string | null = null;
  private paxPath: string | null = null;

  constructor(
    private readonly archive: string,
    private readonly limits: TarLimits,
    private readonly keep: boolean,
    private readonly packedSize: number,
  ) {}

  push(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length && !this.done) {
      if (this.current) {
        const m = this.current;
        const take = Math.min(bytes.length - i, m.size - m.filled);
        if (m.data) m.data.set(bytes.subarray(i, i + take), m.filled);
        m.filled += take;
        i += take;
        if (m.filled === m.size) this.endMember(m);
      } else if (this.padding > 0) {
        const take = Math.min(bytes.length - i, this.padding);
        this.padding -= take;
        i += take;
      } else {
        const take = Math.min(bytes.length - i, BLOCK - this.headerFill);
        this.header.set(bytes.subarray(i, i + take), this.headerFill);
        this.headerFill += take;
        i += take;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.startMember(this.position + i - BLOCK);
        }
      }
    }
    this.position += i;
  }

  /** The stream ended: it must not stop inside a member or a header. */
  finish(): void {
    if (this.done) return;
    if (this.current) {
      throw new DecodeError(
        this.archive,
        `tar member "${this.current.name}" declares ${this.current.size} bytes past the end of the archive`,
        { code: 'truncated', offset: this.current.offset },
      );
    }
    if (this.headerFill > 0) throw new DecodeError(this.archive, 'the tar stream ends inside a header', { code: 'truncated' });
  }

  private startMember(offset: number): void {
    const header = this.header;
    if (header.every((b) => b === 0)) {
      this.done = true; // the end-of-archive marker: anything after it is never inflated
      return;
    }
    if (!checksumOk(header))
      throw new DecodeError(this.archive, 'tar header checksum mismatch (damaged archive)', { code: 'checksum', offset });
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    const name = this.longName ?? this.paxPath ?? tarName(header);
    if (size < 0) throw new DecodeError(this.archive, `tar member "${name}" has an unreadable size field`, { offset });
    const metadata = type === 'L' || type === 'x';
    const regular = type === '0' || type === '\0' || type === '7';
    if (metadata && size > MAX_METADATA_RECORD) {
      throw new DecodeError(this.archive, `tar ${type === 'L' ? 'long-name' : 'pax'} record of ${size} bytes (a damaged archive)`, {
        offset,
      });
    }
    let data: Uint8Array | null = null;
    if (metadata) data = new Uint8Array(size);
    else {
      this.longName = null;
      this.paxPath = null;
    }
    if (regular) {
      if (++this.count > this.limits.members)
        throw new DecodeError(this.archive, `has more than ${this.limits.members} members`, { code: 'too_large', offset });
      const clean = name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
      if (clean.split('/').includes('..'))
        throw new DecodeError(this.archive, `member "${clean}" escapes the archive with ".."`, { code: 'unsafe', offset });
      this.unpacked += size;
      if (this.unpacked > this.limits.unpacked) {
        throw new DecodeError(
          this.archive,
          `unpacks to more than ${this.limits.unpacked} bytes (member "${clean}" alone declares ${size}): refused before inflating it, as a gzip bomb or an archive too large to inspect here`,
          {
            code: 'too_large',
            offset,
            hint: `The limit is ${UNPACKED_PER_PACKED} times the ${this.packedSize}-byte archive (at least ${MIN_UNPACKED_LIMIT}, at most ${MAX_UNPACKED_BYTES} bytes). Unpack it and give the model folder instead.`,
          },
        );
      }
      if (this.keep) data = new Uint8Array(size);
    }
    const member: Member = { name, type, size, offset, data, filled: 0 };
    this.padding = size % BLOCK === 0 ? 0 : BLOCK - (size % BLOCK);
    if (size === 0) this.endMember(member);
    else this.current = member;
  }

  private endMember(m: Member): void {
    this.current = null;
    if (m.type === 'L') this.longName = cString(m.data!);
    else if (m.type === 'x') this.paxPath = paxValue(m.data!, 'path');
    else if (m.data) {
      const clean = m.name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
      this.members.push(new BytesSource(`${this.archive}/${clean}`, m.data ?? new Uint8Array(0)));
    }
  }
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

/** An octal field; -1 when it is not one (GNU's base-256 form for sizes of 8 GiB and more included). */
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
