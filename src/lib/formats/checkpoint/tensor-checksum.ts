/**
 * The checksum TensorFlow stores in BundleEntryProto.crc32c, computed incrementally so a data
 * shard can be streamed in chunks of any size (tensor_bundle.cc, BundleReader::GetValue):
 *
 * - memcpy-able dtypes: crc32c of the stored bytes.
 * - DT_STRING (and every other non-memcpy dtype except variant, e.g. resource, which TF reads
 *   with the same routine): stored as varint64 lengths, a 4-byte masked crc32c of the lengths,
 *   then the bytes. The entry crc is NOT over the stored range: it runs over each length as a
 *   fixed-width integer (uint32 when it fits, else uint64; little-endian unless the bundle is
 *   big-endian), then the 4 length-checksum bytes as stored, then the string bytes.
 * - DT_VARIANT: per element varint64 length, bytes, 4-byte masked crc32c; the crc runs over each
 *   length as a uint64, the bytes, and the 4 checksum bytes as stored.
 */
import { type Crc32cExtend, crc32cExtend, readFixed32, unmaskCrc } from '../../binary/crc32c.ts';
import { crc32cCombine } from '../../binary/crc32c-combine.ts';

export interface TensorChecksum {
  update(chunk: Uint8Array): void;
  /** The unmasked crc, and what was structurally wrong (null when the layout was sound). */
  finish(): { crc: number; problem: string | null };
}

const DT_STRING = 7;
const DT_RESOURCE = 20;
const DT_VARIANT = 21;

export type TensorLayout = 'raw' | 'string' | 'variant';

export function tensorLayout(dtype: number): TensorLayout {
  if (dtype === DT_VARIANT) return 'variant';
  if (dtype === DT_STRING || dtype === DT_RESOURCE) return 'string';
  return 'raw';
}

export function newTensorChecksum(
  dtype: number,
  elements: number,
  bigEndian: boolean,
  extend: Crc32cExtend = crc32cExtend,
): TensorChecksum {
  const layout = tensorLayout(dtype);
  if (layout === 'string') return new StringChecksum(elements, bigEndian, extend);
  if (layout === 'variant') return new VariantChecksum(elements, bigEndian, extend);
  return new RawChecksum(extend);
}

export class RawChecksum implements TensorChecksum {
  private crc = 0;
  constructor(private readonly extend: Crc32cExtend = crc32cExtend) {}
  update(chunk: Uint8Array): void {
    this.crc = this.extend(this.crc, chunk);
  }
  /** Continues with bytes whose crc32c was computed elsewhere (a pool's thread). */
  append(crcOfBytes: number, length: number): void {
    this.crc = crc32cCombine(this.crc, crcOfBytes, length);
  }
  finish(): { crc: number; problem: string | null } {
    return { crc: this.crc, problem: null };
  }
}

/** Incremental varint64 decoding across chunk boundaries. */
class VarintState {
  value = 0;
  scale = 1;
  count = 0;
  /** Feeds one byte; returns true when the varint is complete (value in `value`). */
  push(b: number): boolean {
    this.value += (b & 0x7f) * this.scale;
    this.scale *= 128;
    this.count++;
    return b < 0x80;
  }
  reset(): void {
    this.value = 0;
    this.scale = 1;
    this.count = 0;
  }
}

/** Writes `value` as a fixed-width integer into `scratch`, returning the bytes to checksum. */
function fixedWidth(scratch: Uint8Array, value: number, width: 4 | 8, bigEndian: boolean): Uint8Array {
  let v = value;
  for (let i = 0; i < width; i++) {
    const byte = v % 256;
    v = Math.floor(v / 256);
    scratch[bigEndian ? width - 1 - i : i] = byte;
  }
  return scratch.subarray(0, width);
}

class StringChecksum implements TensorChecksum {
  private crc = 0;
  private phase: 'lengths' | 'length-crc' | 'bytes' = 'lengths';
  private remaining: number;
  private stringBytes = 0;
  private readonly varint = new VarintState();
  private readonly scratch = new Uint8Array(8);
  private readonly stored = new Uint8Array(4);
  private storedCount = 0;
  private problem: string | null = null;

  constructor(
    elements: number,
    private readonly bigEndian: boolean,
    private readonly extend: Crc32cExtend,
  ) {
    this.remaining = elements;
    if (elements === 0) this.phase = 'length-crc';
  }

  update(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.byteLength;
    while (i < n && this.problem === null) {
      if (this.phase === 'lengths') {
        if (!this.varint.push(chunk[i++]!)) {
          if (this.varint.count >= 10) this.problem = 'a string length varint is longer than 10 bytes';
          continue;
        }
        const length = this.varint.value;
        this.varint.reset();
        if (!Number.isSafeInteger(length)) {
          this.problem = `string length ${length} is not a plausible size`;
          break;
        }
        this.crc = this.extend(this.crc, fixedWidth(this.scratch, length, length <= 0xffffffff ? 4 : 8, this.bigEndian));
        this.stringBytes += length;
        if (--this.remaining === 0) this.phase = 'length-crc';
      } else if (this.phase === 'length-crc') {
        this.stored[this.storedCount++] = chunk[i++]!;
        if (this.storedCount === 4) {
          const value = this.bigEndian ? readBigEndian32(this.stored) : readFixed32(this.stored, 0);
          if (unmaskCrc(value) !== this.crc) this.problem = 'the checksum of the string lengths does not match';
          this.crc = this.extend(this.crc, this.stored);
          this.phase = 'bytes';
        }
      } else {
        // TF reads exactly the bytes the lengths announce; anything after them is not checksummed.
        const take = Math.min(n - i, this.stringBytes);
        if (take > 0) this.crc = this.extend(this.crc, chunk.subarray(i, i + take));
        this.stringBytes -= take;
        i = n;
      }
    }
  }

  finish(): { crc: number; problem: string | null } {
    let problem = this.problem;
    if (problem === null && this.phase === 'lengths') problem = `the range ends before all string lengths (${this.remaining} missing)`;
    else if (problem === null && this.phase === 'length-crc') problem = 'the range ends before the checksum of the string lengths';
    else if (problem === null && this.stringBytes > 0) problem = `the range ends ${this.stringBytes} bytes before the strings do`;
    return { crc: this.crc, problem };
  }
}

class VariantChecksum implements TensorChecksum {
  private crc = 0;
  private phase: 'length' | 'bytes' | 'crc' | 'done';
  private remaining: number;
  private elementBytes = 0;
  private readonly varint = new VarintState();
  private readonly scratch = new Uint8Array(8);
  private readonly stored = new Uint8Array(4);
  private storedCount = 0;
  private problem: string | null = null;

  constructor(
    elements: number,
    private readonly bigEndian: boolean,
    private readonly extend: Crc32cExtend,
  ) {
    this.remaining = elements;
    this.phase = elements === 0 ? 'done' : 'length';
  }

  update(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.byteLength;
    while (i < n && this.problem === null && this.phase !== 'done') {
      if (this.phase === 'length') {
        if (!this.varint.push(chunk[i++]!)) {
          if (this.varint.count >= 10) this.problem = 'a variant length varint is longer than 10 bytes';
          continue;
        }
        this.elementBytes = this.varint.value;
        this.varint.reset();
        if (!Number.isSafeInteger(this.elementBytes)) {
          this.problem = `variant length ${this.elementBytes} is not a plausible size`;
          break;
        }
        this.crc = this.extend(this.crc, fixedWidth(this.scratch, this.elementBytes, 8, this.bigEndian));
        this.phase = this.elementBytes > 0 ? 'bytes' : 'crc';
      } else if (this.phase === 'bytes') {
        const take = Math.min(n - i, this.elementBytes);
        this.crc = this.extend(this.crc, chunk.subarray(i, i + take));
        this.elementBytes -= take;
        i += take;
        if (this.elementBytes === 0) this.phase = 'crc';
      } else {
        this.stored[this.storedCount++] = chunk[i++]!;
        if (this.storedCount === 4) {
          if (unmaskCrc(readFixed32(this.stored, 0)) !== this.crc) this.problem = 'the checksum after a variant element does not match';
          this.crc = this.extend(this.crc, this.stored);
          this.storedCount = 0;
          this.phase = --this.remaining === 0 ? 'done' : 'length';
        }
      }
    }
  }

  finish(): { crc: number; problem: string | null } {
    const problem = this.problem ?? (this.phase === 'done' ? null : `the range ends before the last ${this.remaining} variant element(s)`);
    return { crc: this.crc, problem };
  }
}

function readBigEndian32(b: Uint8Array): number {
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}
