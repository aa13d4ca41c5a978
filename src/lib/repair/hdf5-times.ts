/**
 * HDF5 stamps version-2 object headers ("OHDR", the layout h5wasm writes) with access,
 * modification, change and birth times from the clock whenever it creates or edits an object.
 * A repaired file would then differ from run to run, and the browser's download from the CLI's
 * output. Repair pins those times to a value taken from the input, so the output depends only
 * on the input. Headers are found by signature and accepted only when their checksum (Jenkins
 * lookup3, as HDF5 computes it) verifies, so tensor bytes that happen to spell "OHDR" are never
 * touched.
 */

const SIGNATURE = [0x4f, 0x48, 0x44, 0x52]; // "OHDR"
const TIMES_STORED = 0x20;
const PHASE_CHANGE_STORED = 0x10;

interface TimedHeader {
  /** Offset of the four 32-bit times. */
  times: number;
  /** Bytes covered by the checksum: [start, end); the checksum follows at `end`. */
  start: number;
  end: number;
}

function readUint(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[at + i]!;
  return v;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  for (let i = 0; i < 4; i++) bytes[at + i] = (value >>> (8 * i)) & 0xff;
}

/** Every version-2 object header that stores times and whose checksum verifies. */
function timedHeaders(bytes: Uint8Array): TimedHeader[] {
  const found: TimedHeader[] = [];
  for (let p = bytes.indexOf(SIGNATURE[0]!); p >= 0 && p + 6 <= bytes.length; p = bytes.indexOf(SIGNATURE[0]!, p + 1)) {
    if (bytes[p + 1] !== SIGNATURE[1] || bytes[p + 2] !== SIGNATURE[2] || bytes[p + 3] !== SIGNATURE[3] || bytes[p + 4] !== 2) continue;
    const flags = bytes[p + 5]!;
    if (!(flags & TIMES_STORED)) continue;
    const times = p + 6;
    const size = times + 16 + (flags & PHASE_CHANGE_STORED ? 4 : 0);
    const sizeBytes = 1 << (flags & 3);
    if (size + sizeBytes > bytes.length) continue;
    const end = size + sizeBytes + readUint(bytes, size, sizeBytes);
    if (end + 4 > bytes.length) continue;
    if (lookup3(bytes.subarray(p, end)) !== readUint32(bytes, end)) continue;
    found.push({ times, start: p, end });
  }
  return found;
}

/** The modification time of the first timed object header (the root group's in files h5wasm or h5py write), or 0. */
export function firstObjectHeaderTime(bytes: Uint8Array): number {
  const first = timedHeaders(bytes)[0];
  return first ? readUint32(bytes, first.times + 4) : 0;
}

/** Sets every time of every verified version-2 object header to `seconds` and recomputes its checksum, in place. */
export function pinObjectHeaderTimes(bytes: Uint8Array, seconds: number): Uint8Array {
  for (const h of timedHeaders(bytes)) {
    for (let i = 0; i < 4; i++) writeUint32(bytes, h.times + 4 * i, seconds);
    writeUint32(bytes, h.end, lookup3(bytes.subarray(h.start, h.end)));
  }
  return bytes;
}

const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Bob Jenkins' lookup3 hashlittle with seed 0: HDF5's metadata checksum (H5_checksum_lookup3). */
export function lookup3(k: Uint8Array): number {
  let length = k.length;
  let a = (0xdeadbeef + length) >>> 0;
  let b = a;
  let c = a;
  let o = 0;
  while (length > 12) {
    a = (a + readUint32(k, o)) >>> 0;
    b = (b + readUint32(k, o + 4)) >>> 0;
    c = (c + readUint32(k, o + 8)) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rot(c, 4)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rot(a, 6)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rot(b, 8)) >>> 0;
    b = (b + a) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rot(c, 16)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rot(a, 19)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rot(b, 4)) >>> 0;
    b = (b + a) >>> 0;
    length -= 12;
    o += 12;
  }
  if (length === 0) return c;
  // The last 1..12 bytes, little-endian into a, b, c (missing bytes count as zero).
  const tail = new Uint8Array(12);
  tail.set(k.subarray(o, o + length));
  a = (a + readUint32(tail, 0)) >>> 0;
  b = (b + readUint32(tail, 4)) >>> 0;
  c = (c + readUint32(tail, 8)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 24)) >>> 0;
  return c;
}
