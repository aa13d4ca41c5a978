/**
 * Evidence for the checkpoint tests that does not come from the decoder under test:
 * - a deliberately small, separate LevelDB-table walker (footer -> index -> data blocks),
 *   written straight from the format description in tensorflow/core/lib/io/format.h, and
 * - Debian's `protoc --decode_raw`, run as a subprocess, to decode the stored protobufs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snappyjs from 'snappyjs';

export interface RawEntry {
  key: Buffer;
  value: Buffer;
}

export interface RawTable {
  entries: RawEntry[];
  /** Compression byte of each data block's trailer. */
  blockTypes: number[];
  /** File offset of each data block. */
  blockOffsets: number[];
  indexOffset: number;
}

function varint(buf: Buffer, at: { p: number }): number {
  let result = 0;
  let mul = 1;
  for (;;) {
    const b = buf[at.p++]!;
    result += (b & 0x7f) * mul;
    if (b < 0x80) return result;
    mul *= 128;
  }
}

function blockEntries(block: Buffer): RawEntry[] {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - 4 * restarts;
  const out: RawEntry[] = [];
  const at = { p: 0 };
  let last = Buffer.alloc(0);
  while (at.p < end) {
    const shared = varint(block, at);
    const unshared = varint(block, at);
    const vlen = varint(block, at);
    const key = Buffer.concat([last.subarray(0, shared), block.subarray(at.p, at.p + unshared)]);
    at.p += unshared;
    out.push({ key, value: block.subarray(at.p, at.p + vlen) });
    at.p += vlen;
    last = key;
  }
  return out;
}

function readBlock(file: Buffer, offset: number, size: number): { block: Buffer; type: number } {
  const type = file[offset + size]!;
  const raw = file.subarray(offset, offset + size);
  return { block: type === 1 ? Buffer.from(snappyjs.uncompress(raw)) : raw, type };
}

export function walkTable(file: Buffer): RawTable {
  const footer = file.subarray(file.length - 48);
  if (footer.readUInt32LE(40) !== 0x8b80fb57 || footer.readUInt32LE(44) !== 0xdb477524) throw new Error('no table magic');
  const at = { p: 0 };
  varint(footer, at);
  varint(footer, at);
  const indexOffset = varint(footer, at);
  const indexSize = varint(footer, at);
  const index = blockEntries(readBlock(file, indexOffset, indexSize).block);
  const table: RawTable = { entries: [], blockTypes: [], blockOffsets: [], indexOffset };
  for (const { value } of index) {
    const h = { p: 0 };
    const offset = varint(value, h);
    const size = varint(value, h);
    const { block, type } = readBlock(file, offset, size);
    table.blockTypes.push(type);
    table.blockOffsets.push(offset);
    table.entries.push(...blockEntries(block));
  }
  return table;
}

/** A protoc --decode_raw text tree: field number -> values (numbers as text, or subtrees). */
export type RawProto = Map<string, (string | RawProto)[]>;

export function decodeRaw(bytes: Uint8Array): RawProto {
  const text = execFileSync('protoc', ['--decode_raw'], { input: bytes }).toString();
  return parseRawText(text);
}

/**
 * Decodes with `protoc --decode=<type>` against a schema given as text (the tests write the
 * field numbers from TensorFlow's .proto files themselves, not the project's copies). Needed
 * where --decode_raw cannot tell a short string from a sub-message.
 */
export function decodeWithSchema(bytes: Uint8Array, schema: string, type: string): RawProto {
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-schema-'));
  writeFileSync(join(dir, 'schema.proto'), schema);
  const text = execFileSync('protoc', [`--decode=${type}`, `-I${dir}`, join(dir, 'schema.proto')], { input: bytes }).toString();
  return parseRawText(text);
}

/** Decodes many messages with one protoc run: they are wrapped as repeated field 1 of an outer message. */
export function decodeRawMany(messages: readonly Uint8Array[]): RawProto[] {
  const parts: Buffer[] = [];
  for (const m of messages) {
    const len: number[] = [];
    let n = m.byteLength;
    while (n >= 0x80) {
      len.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    len.push(n);
    parts.push(Buffer.from([0x0a, ...len]), Buffer.from(m));
  }
  const outer = decodeRaw(Buffer.concat(parts));
  return (outer.get('1') ?? []).map((v) => (typeof v === 'string' ? (v === '""' ? new Map() : fail(v)) : v));
}

function fail(v: string): never {
  throw new Error(`protoc did not decode a message: ${v}`);
}

function parseRawText(text: string): RawProto {
  const stack: RawProto[] = [new Map()];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    const top = stack[stack.length - 1]!;
    if (t === '}') {
      stack.pop();
      continue;
    }
    const open = /^(\w+) \{$/.exec(t);
    if (open) {
      const child: RawProto = new Map();
      push(top, open[1]!, child);
      stack.push(child);
      continue;
    }
    const field = /^(\w+): (.*)$/.exec(t);
    if (!field) throw new Error(`unexpected protoc output line: ${t}`);
    push(top, field[1]!, field[2]!);
  }
  return stack[0]!;
}

function push(m: RawProto, k: string, v: string | RawProto): void {
  const list = m.get(k) ?? [];
  list.push(v);
  m.set(k, list);
}

export function num(p: RawProto, field: string): number {
  const v = p.get(field)?.[0];
  if (v === undefined) return 0;
  if (typeof v !== 'string') throw new Error(`field ${field} is a message`);
  return v.startsWith('0x') ? parseInt(v, 16) : Number(v);
}

export function sub(p: RawProto, field: string): RawProto[] {
  return (p.get(field) ?? []).map((v) => (typeof v === 'string' ? (v === '""' ? new Map() : fail(v)) : v));
}

/** Decodes a C-escaped string as protoc prints it ("abc\001") to bytes, then UTF-8. */
export function str(p: RawProto, field: string): string {
  const v = p.get(field)?.[0];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new Error(`field ${field} is a message, not a string`);
  const body = v.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const e = body[++i]!;
    if (/[0-7]/.test(e)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(({ n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34 } as Record<string, number>)[e] ?? e.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Every file under `dir` whose name matches. */
export function findFiles(dir: string, test: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findFiles(full, test));
    else if (test(name)) out.push(full);
  }
  return out.sort();
}

/** The string elements of a DT_STRING tensor stored in TF's layout (lengths, 4-byte crc, bytes). */
export function stringElements(bytes: Buffer, count: number): Buffer[] {
  const at = { p: 0 };
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) lengths.push(varint(bytes, at));
  at.p += 4;
  return lengths.map((n) => {
    const s = bytes.subarray(at.p, at.p + n);
    at.p += n;
    return s;
  });
}
