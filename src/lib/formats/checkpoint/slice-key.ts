/**
 * Keys of tensor slices (partitioned variables): TF's checkpoint::EncodeTensorNameSlice, built
 * from OrderedCode (tensorflow/core/lib/strings/ordered_code.cc):
 *   NumIncreasing(0) String(name) NumIncreasing(rank) then per dimension
 *   SignedNumIncreasing(start) SignedNumIncreasing(length)   (length -1 = the whole dimension)
 * V1 TensorSlice tables key every record this way; V2 bundles key each stored slice this way.
 */
import { utf8Decode, utf8Encode } from '../../utf8.ts';

/** One dimension of a slice; `length: null` means the whole dimension (TF's "-"). */
export interface SliceExtent {
  start: number;
  length: number | null;
}

export interface SliceKey {
  name: string;
  extents: SliceExtent[];
}

/** Slice keys begin with NumIncreasing(0), a zero byte; checkpoint names never do. */
export function isSliceKey(key: Uint8Array): boolean {
  return key.byteLength > 0 && key[0] === 0;
}

/** Decodes a slice key, or returns null when `key` is not one (no exception: callers report it). */
export function decodeSliceKey(key: Uint8Array): SliceKey | null {
  const r = { pos: 0 };
  if (readNumIncreasing(key, r) !== 0n) return null;
  const name = readString(key, r);
  if (name === null) return null;
  const rank = readNumIncreasing(key, r);
  if (rank === null || rank > 64n) return null;
  const extents: SliceExtent[] = [];
  for (let d = 0; d < Number(rank); d++) {
    const start = readSignedNumIncreasing(key, r);
    const length = readSignedNumIncreasing(key, r);
    if (start === null || length === null) return null;
    extents.push(length < 0n ? { start: 0, length: null } : { start: Number(start), length: Number(length) });
  }
  return r.pos === key.byteLength ? { name, extents } : null;
}

export function encodeSliceKey(name: string, extents: readonly SliceExtent[]): Uint8Array {
  const out: number[] = [];
  writeNumIncreasing(out, 0n);
  writeString(out, utf8Encode(name));
  writeNumIncreasing(out, BigInt(extents.length));
  for (const e of extents) {
    writeSignedNumIncreasing(out, e.length === null ? 0n : BigInt(e.start));
    writeSignedNumIncreasing(out, e.length === null ? -1n : BigInt(e.length));
  }
  return Uint8Array.from(out);
}

/** TF's TensorSlice::DebugString form: `0,2:-` (start,length per dim, `-` for full). */
export function sliceSpecText(extents: readonly SliceExtent[]): string {
  return extents.map((e) => (e.length === null ? '-' : `${e.start},${e.length}`)).join(':');
}

function readNumIncreasing(src: Uint8Array, r: { pos: number }): bigint | null {
  if (r.pos >= src.byteLength) return null;
  const len = src[r.pos]!;
  if (len > 8 || r.pos + 1 + len > src.byteLength) return null;
  let v = 0n;
  for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(src[r.pos + 1 + i]!);
  r.pos += 1 + len;
  return v;
}

function writeNumIncreasing(out: number[], value: bigint): void {
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  out.push(bytes.length, ...bytes);
}

/** `\0` is escaped as `\0\xff`, `\xff` as `\xff\0`, and `\0\1` ends the string. */
function readString(src: Uint8Array, r: { pos: number }): string | null {
  const bytes: number[] = [];
  let i = r.pos;
  while (i + 1 < src.byteLength) {
    const c = src[i]!;
    if (c === 0x00) {
      const next = src[i + 1]!;
      if (next === 0x01) {
        r.pos = i + 2;
        return utf8Decode(Uint8Array.from(bytes));
      }
      if (next !== 0xff) return null;
      bytes.push(0x00);
      i += 2;
    } else if (c === 0xff) {
      if (src[i + 1] !== 0x00) return null;
      bytes.push(0xff);
      i += 2;
    } else {
      bytes.push(c);
      i += 1;
    }
  }
  return null;
}

function writeString(out: number[], bytes: Uint8Array): void {
  for (const b of bytes) {
    if (b === 0x00) out.push(0x00, 0xff);
    else if (b === 0xff) out.push(0xff, 0x00);
    else out.push(b);
  }
  out.push(0x00, 0x01);
}

const MASK64 = (1n << 64n) - 1n;
// Header bits that overlap the payload, by encoded length (kLengthToMask).
const LENGTH_TO_MASK = [
  0n,
  0x80n,
  0xc000n,
  0xe00000n,
  0xf0000000n,
  0xf800000000n,
  0xfc0000000000n,
  0xfe000000000000n,
  0xff00000000000000n,
  0x8000000000000000n,
  0n,
];
// First two header bytes by encoded length (kLengthToHeaderBits).
const LENGTH_TO_HEADER = [
  [0, 0],
  [0x80, 0],
  [0xc0, 0],
  [0xe0, 0],
  [0xf0, 0],
  [0xf8, 0],
  [0xfc, 0],
  [0xfe, 0],
  [0xff, 0],
  [0xff, 0x80],
  [0xff, 0xc0],
] as const;

function readSignedNumIncreasing(src: Uint8Array, r: { pos: number }): bigint | null {
  if (r.pos >= src.byteLength) return null;
  const negative = (src[r.pos]! & 0x80) === 0;
  const xorByte = negative ? 0xff : 0;
  const first = src[r.pos]! ^ xorByte;
  let len: number;
  let x: bigint;
  if (first !== 0xff) {
    len = 7 - Math.floor(Math.log2(first ^ 0xff));
    if (r.pos + len > src.byteLength) return null;
    x = negative ? MASK64 : 0n;
    for (let i = 0; i < len; i++) x = ((x << 8n) | BigInt(src[r.pos + i]!)) & MASK64;
  } else {
    len = 8;
    if (r.pos + len > src.byteLength) return null;
    const second = src[r.pos + 1]! ^ xorByte;
    if (second >= 0x80) {
      if (second < 0xc0) len = 9;
      else if (second === 0xc0 && r.pos + 2 < src.byteLength && (src[r.pos + 2]! ^ xorByte) < 0x80) len = 10;
      else return null;
      if (r.pos + len > src.byteLength) return null;
    }
    x = 0n;
    for (let i = len - 8; i < len; i++) x = (x << 8n) | BigInt(src[r.pos + i]!);
  }
  x ^= LENGTH_TO_MASK[len]!;
  r.pos += len;
  return BigInt.asIntN(64, x);
}

function writeSignedNumIncreasing(out: number[], val: bigint): void {
  const x = val < 0n ? ~val : val;
  if (x < 64n) {
    out.push((0x80 ^ Number(BigInt.asUintN(8, val))) & 0xff);
    return;
  }
  const bits = x.toString(2).length; // Log2Floor64(x) + 1
  const encodingLength = bits >= 63 ? 10 : Math.floor(bits / 7) + 1; // kBitsToLength
  // 10 bytes: sign-extension bytes then the 64-bit value in network order.
  const buf = new Array<number>(10);
  const sign = val < 0n ? 0xff : 0;
  buf[0] = sign;
  buf[1] = sign;
  const u = BigInt.asUintN(64, val);
  for (let i = 0; i < 8; i++) buf[2 + i] = Number((u >> BigInt(56 - 8 * i)) & 0xffn);
  const begin = 10 - encodingLength;
  const header = LENGTH_TO_HEADER[encodingLength]!;
  buf[begin] = buf[begin]! ^ header[0];
  buf[begin + 1] = buf[begin + 1]! ^ header[1];
  out.push(...buf.slice(begin));
}
