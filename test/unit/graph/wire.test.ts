/** The one binary reader (src/lib/binary/byte-reader.ts): exact uint64s, checked lengths, offsets in errors. */
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../../src/lib/binary/byte-reader.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeRaw, numberOf } from './protoc-raw.ts';

describe('wire reader', () => {
  it('reads 64-bit varints exactly (protoc agrees)', () => {
    // Field 1 = 2^64 - 1, field 2 = 2^53 + 1.
    const bytes = Uint8Array.from([
      0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x10, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10,
    ]);
    const fields = [...new ByteReader(bytes).fields()];
    const raw = decodeRaw(bytes);
    expect(fields.map((f) => f.value)).toEqual(raw.map((f) => numberOf(f.value)));
    expect(fields[0]!.value).toBe(2n ** 64n - 1n);
    expect(fields[1]!.value).toBe(2n ** 53n + 1n);
  });

  it('refuses over-long varints, lengths past the end, groups and field 0', () => {
    const fields = (bytes: number[]) => [...new ByteReader(Uint8Array.from(bytes)).fields()];
    expect(() => new ByteReader(new Uint8Array(11).fill(0xff)).varint64()).toThrow(DecodeError);
    expect(() => new ByteReader(Uint8Array.from([0x80])).varint64()).toThrow(/past the end/);
    expect(() => fields([0x0a, 0x05, 0x01])).toThrow(/declares 5 bytes but only 1 remain/);
    expect(() => fields([0x0b])).toThrow(/wire type 3/);
    expect(() => fields([0x00, 0x00])).toThrow(/field number 0/);
    expect(() => fields([0x0d, 0x00])).toThrow(/fixed32 field 1 runs past/);
  });

  it('names the file and the absolute offset of what it could not read', () => {
    const reader = new ByteReader(Uint8Array.from([0x01, 0x02, 0xff]), 2, 3, { file: 'model/ckpt.index', base: 4096 });
    let error: unknown;
    try {
      reader.varint('block handle');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).file).toBe('model/ckpt.index');
    expect((error as DecodeError).offset).toBe(4096 + 2);
    expect((error as DecodeError).what).toMatch(/^block handle: varint runs past the end/);
  });
});
