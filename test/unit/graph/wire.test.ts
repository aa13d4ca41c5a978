/** The hand wire reader (fingerprints, schema-version probe): exact uint64s, checked lengths. */
import { describe, expect, it } from 'vitest';
import { WireError, readVarint, wireFields } from '../../../src/lib/formats/graph/wire.ts';
import { decodeRaw, numberOf } from './protoc-raw.ts';

describe('wire reader', () => {
  it('reads 64-bit varints exactly (protoc agrees)', () => {
    // Field 1 = 2^64 - 1, field 2 = 2^53 + 1.
    const bytes = Uint8Array.from([
      0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x10, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10,
    ]);
    const fields = [...wireFields(bytes, 0, bytes.byteLength)];
    const raw = decodeRaw(bytes);
    expect(fields.map((f) => f.value)).toEqual(raw.map((f) => numberOf(f.value)));
    expect(fields[0]!.value).toBe(2n ** 64n - 1n);
    expect(fields[1]!.value).toBe(2n ** 53n + 1n);
  });

  it('refuses over-long varints, lengths past the end, groups and field 0', () => {
    expect(() => readVarint(new Uint8Array(11).fill(0xff), 0, 11)).toThrow(WireError);
    expect(() => readVarint(Uint8Array.from([0x80]), 0, 1)).toThrow(/past the end/);
    expect(() => [...wireFields(Uint8Array.from([0x0a, 0x05, 0x01]), 0, 3)]).toThrow(/declares 5 bytes but only 1 remain/);
    expect(() => [...wireFields(Uint8Array.from([0x0b]), 0, 1)]).toThrow(/wire type 3/);
    expect(() => [...wireFields(Uint8Array.from([0x00, 0x00]), 0, 2)]).toThrow(/field number 0/);
    expect(() => [...wireFields(Uint8Array.from([0x0d, 0x00]), 0, 2)]).toThrow(/fixed32 field 1 runs past/);
  });
});
