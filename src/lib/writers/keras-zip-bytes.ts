/**
 * A minimal zip writer for sample .keras files: STORED members like Keras writes them (or
 * deflate), and, for broken samples, overrides that lie about sizes, repeat a name or set the
 * encryption flag. Single-disk, no ZIP64 (samples are small).
 */
import { deflateSync } from 'fflate';
import CRC32 from 'crc-32';
import { concatBytes } from '../bytes.ts';
import { utf8Encode } from '../utf8.ts';

export interface ZipMemberSpec {
  name: string;
  data: Uint8Array;
  /** 0 stored (Keras' choice), 8 deflate. */
  method?: 0 | 8;
  /** Broken samples: a false uncompressed size in both headers. */
  declaredSize?: number;
  /** Broken samples: set general-purpose flag bit 0 (encrypted). */
  encryptedFlag?: boolean;
}

/** DOS date/time of 1980-01-01 00:00, what Python's zipfile writes for writestr without a date. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function writeZip(members: readonly ZipMemberSpec[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = utf8Encode(m.name);
    const method = m.method ?? 0;
    const packed = method === 8 ? deflateSync(m.data, { level: 6 }) : m.data;
    const crc = CRC32.buf(m.data) >>> 0;
    const size = m.declaredSize ?? m.data.byteLength;
    const flags = (m.encryptedFlag ? 1 : 0) | 0x800; // bit 11: UTF-8 names
    const local = new Uint8Array(30 + name.byteLength);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, DOS_TIME, true);
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, packed.byteLength, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.byteLength, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    const record = new Uint8Array(46 + name.byteLength);
    const cv = new DataView(record.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, (3 << 8) | 20, true); // made by Unix, version 2.0
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, DOS_TIME, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, packed.byteLength, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.byteLength, true);
    cv.setUint32(38, (0o600 << 16) >>> 0, true);
    cv.setUint32(42, offset, true);
    record.set(name, 46);
    parts.push(local, packed);
    central.push(record);
    offset += local.byteLength + packed.byteLength;
  }
  const cdSize = central.reduce((n, c) => n + c.byteLength, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concatBytes([...parts, ...central, end]);
}
