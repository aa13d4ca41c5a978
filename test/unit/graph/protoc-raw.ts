/**
 * Independent evidence for the graph tests: `protoc --decode_raw` (Debian's protobuf compiler)
 * run on the same bytes, parsed into a tree of numbered fields. decode_raw guesses: a string
 * that happens to parse as a message is printed as one, so `bytesOf` re-encodes such a guess
 * to the original bytes when a test needs the string.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export type RawValue = { kind: 'scalar'; text: string } | { kind: 'message'; fields: RawField[] };
export interface RawField {
  no: number;
  value: RawValue;
}

export function decodeRaw(input: string | Uint8Array): RawField[] {
  const bytes = typeof input === 'string' ? readFileSync(input) : input;
  const out = execFileSync('protoc', ['--decode_raw'], { input: bytes, maxBuffer: 1 << 30 }).toString('latin1');
  const lines = out.split('\n');
  let i = 0;
  const parse = (): RawField[] => {
    const fields: RawField[] = [];
    while (i < lines.length) {
      const line = lines[i++]!.trim();
      if (line === '') continue;
      if (line === '}') return fields;
      let m = /^(\d+) \{$/.exec(line);
      if (m) {
        fields.push({ no: Number(m[1]), value: { kind: 'message', fields: parse() } });
        continue;
      }
      m = /^(\d+): (.*)$/.exec(line);
      if (!m) throw new Error(`unexpected protoc --decode_raw line: ${line}`);
      fields.push({ no: Number(m[1]), value: { kind: 'scalar', text: m[2]! } });
    }
    return fields;
  };
  return parse();
}

/** All values at a path of field numbers (repeated fields fan out). */
export function at(fields: RawField[], ...path: number[]): RawValue[] {
  let current: RawValue[] = [{ kind: 'message', fields }];
  for (const no of path) {
    current = current.flatMap((v) => (v.kind === 'message' ? v.fields.filter((f) => f.no === no).map((f) => f.value) : []));
  }
  return current;
}

export function messages(fields: RawField[], ...path: number[]): RawField[][] {
  return at(fields, ...path).flatMap((v) => (v.kind === 'message' ? [v.fields] : []));
}

/** The bytes a field held: unescapes a string literal, or re-encodes a message guess. */
export function bytesOf(v: RawValue): Uint8Array {
  if (v.kind === 'message') return encodeRaw(v.fields);
  if (!v.text.startsWith('"')) throw new Error(`not a string: ${v.text}`);
  return unescapeProtoc(v.text.slice(1, -1));
}

export function stringOf(v: RawValue): string {
  return Buffer.from(bytesOf(v)).toString('utf8');
}

export function strings(fields: RawField[], ...path: number[]): string[] {
  return at(fields, ...path).map(stringOf);
}

export function numberOf(v: RawValue): bigint {
  if (v.kind !== 'scalar') throw new Error('not a number');
  return BigInt(v.text);
}

function unescapeProtoc(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out.push(s.charCodeAt(i));
      continue;
    }
    const e = s[++i]!;
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
    if (e in simple) out.push(simple[e]!);
    else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out.push(parseInt(oct, 8));
      i += oct.length - 1;
    } else if (e === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))![0];
      out.push(parseInt(hex, 16));
      i += hex.length;
    } else throw new Error(`escape \\${e}`);
  }
  return Uint8Array.from(out);
}

function varint(v: bigint, out: number[]): void {
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

function encodeRaw(fields: RawField[]): Uint8Array {
  const out: number[] = [];
  for (const f of fields) {
    if (f.value.kind === 'message' || f.value.text.startsWith('"')) {
      const payload = bytesOf(f.value);
      varint(BigInt(f.no * 8 + 2), out);
      varint(BigInt(payload.length), out);
      out.push(...payload);
    } else if (/^0x[0-9a-f]{16}$/.test(f.value.text)) {
      varint(BigInt(f.no * 8 + 1), out);
      const v = BigInt(f.value.text);
      for (let i = 0n; i < 8n; i++) out.push(Number((v >> (8n * i)) & 0xffn));
    } else if (/^0x[0-9a-f]{8}$/.test(f.value.text)) {
      varint(BigInt(f.no * 8 + 5), out);
      const v = BigInt(f.value.text);
      for (let i = 0n; i < 4n; i++) out.push(Number((v >> (8n * i)) & 0xffn));
    } else {
      varint(BigInt(f.no * 8), out);
      varint(BigInt(f.value.text), out);
    }
  }
  return Uint8Array.from(out);
}

/** A repeated integer field: packed (one LEN value of varints) or one varint per value. */
export function varintsOf(values: RawValue[]): bigint[] {
  const out: bigint[] = [];
  for (const v of values) {
    if (v.kind === 'scalar' && !v.text.startsWith('"')) {
      out.push(BigInt(v.text));
      continue;
    }
    const bytes = bytesOf(v);
    let value = 0n;
    let shift = 0n;
    for (const b of bytes) {
      value |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        out.push(value);
        value = 0n;
        shift = 0n;
      }
    }
  }
  return out;
}
