/**
 * Slice keys (TF's EncodeTensorNameSlice over OrderedCode). Expected bytes are worked out by
 * hand from the examples in tensorflow/core/lib/strings/ordered_code.cc.
 */
import { describe, expect, it } from 'vitest';
import { decodeSliceKey, encodeSliceKey, sliceSpecText } from '../../../src/lib/formats/checkpoint/slice-key.ts';

describe('slice keys', () => {
  it('encodes like OrderedCode: NumIncreasing(0), escaped name + \\0\\1, rank, signed start/length', () => {
    // 0 -> [0x00]; "a\0b" -> 61 00 ff 62 00 01; rank 2 -> [0x01, 0x02];
    // SignedNumIncreasing: 0 -> 0x80, 3 -> 0x83, -1 -> 0x7f, 0x424242 -> f0 42 42 42 (the comment's example 1).
    const key = encodeSliceKey('a\u0000b', [
      { start: 3, length: 0x424242 },
      { start: 0, length: null },
    ]);
    expect([...key]).toEqual([0x00, 0x61, 0x00, 0xff, 0x62, 0x00, 0x01, 0x01, 0x02, 0x83, 0xf0, 0x42, 0x42, 0x42, 0x80, 0x7f]);
  });

  it('round-trips large and small extents', () => {
    for (const extents of [
      [{ start: 0, length: 1 }],
      [
        { start: 63, length: 64 },
        { start: 8191, length: 8192 },
      ],
      [
        { start: 2 ** 40, length: 2 ** 50 },
        { start: 0, length: null },
        { start: 5, length: 0 },
      ],
    ]) {
      const decoded = decodeSliceKey(encodeSliceKey('emb/part_0', extents));
      expect(decoded).toEqual({ name: 'emb/part_0', extents });
    }
    expect(
      sliceSpecText([
        { start: 0, length: 2 },
        { start: 0, length: null },
      ]),
    ).toBe('0,2:-');
  });

  it('rejects keys that are not slice keys', () => {
    expect(decodeSliceKey(Uint8Array.of(0x61))).toBeNull();
    expect(decodeSliceKey(Uint8Array.of(0x00, 0x61, 0x00))).toBeNull();
    expect(decodeSliceKey(Uint8Array.of(0x00, 0x61, 0x00, 0x01, 0x01, 0x01))).toBeNull();
  });
});
