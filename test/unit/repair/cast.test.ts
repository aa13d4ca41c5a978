/** The float casts, against values worked out by hand from IEEE 754 (round to nearest, ties to even). */
import { describe, expect, it } from 'vitest';
import {
  castChunk,
  emptyStats,
  fromBfloat16Bits,
  fromHalfBits,
  precisionNote,
  toBfloat16Bits,
  toHalfBits,
} from '../../../src/lib/repair/cast.ts';

describe('float16', () => {
  const cases: [number, number][] = [
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66], // 0.0999755859375
    [65504, 0x7bff], // largest finite
    [65519, 0x7bff], // rounds down
    [65520, 0x7c00], // the tie goes to even, which is inf
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // tie between 0 and the smallest subnormal: even is 0
    [3 * 2 ** -25, 0x0002], // 1.5 units: even is 2
    [1 + 2 ** -11, 0x3c00], // tie: 1.0 is even
    [1 + 3 * 2 ** -11, 0x3c02], // tie: 1 + 2^-9 is even
    [Number.POSITIVE_INFINITY, 0x7c00],
    [-0, 0x8000],
  ];
  for (const [value, bits] of cases) {
    it(`${value} -> 0x${bits.toString(16)}`, () => expect(toHalfBits(value)).toBe(bits));
  }
  it('NaN stays NaN; every half value round-trips', () => {
    expect(Number.isNaN(fromHalfBits(toHalfBits(Number.NaN)))).toBe(true);
    for (let h = 0; h < 0x10000; h++) {
      const v = fromHalfBits(h);
      if (!Number.isNaN(v)) expect(toHalfBits(v)).toBe(h);
    }
  });
});

describe('bfloat16', () => {
  it('rounds like Eigen: nearest, ties to even; NaN is quiet', () => {
    expect(toBfloat16Bits(1)).toBe(0x3f80);
    expect(toBfloat16Bits(Math.PI)).toBe(0x4049);
    expect(toBfloat16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie, even
    expect(toBfloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie, even
    expect(toBfloat16Bits(Number.NaN)).toBe(0x7fc0);
    expect(fromBfloat16Bits(0x4049)).toBe(3.140625);
  });
});

describe('castChunk', () => {
  it('float64 -> float32 is Math.fround of each value and counts what changed', () => {
    const input = new Float64Array([0.1, 1, 1e300, -1e-320]);
    const stats = emptyStats('float64', 'float32');
    const out = new Float32Array(castChunk(new Uint8Array(input.buffer), 'float64', 'float32', false, stats).buffer);
    expect([...out]).toEqual([Math.fround(0.1), 1, Number.POSITIVE_INFINITY, -0]);
    expect(stats).toMatchObject({ values: 4, inexact: 3, overflow: 1, underflow: 1 });
  });

  it('big-endian bundles are read and written big-endian', () => {
    const input = new Uint8Array(8);
    new DataView(input.buffer).setFloat64(0, 0.5, false);
    const out = castChunk(input, 'float64', 'float32', true, emptyStats('float64', 'float32'));
    expect(new DataView(out.buffer).getFloat32(0, false)).toBe(0.5);
  });

  it('states the cost before anything is cast', () => {
    expect(precisionNote('float32', 'float64')).toMatch(/exact/);
    expect(precisionNote('float32', 'float16')).toMatch(/11 significant bits.*65504/);
  });
});
