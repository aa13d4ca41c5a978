/**
 * Float casts for checkpoint tensors, chunk by chunk, with what they cost in precision.
 *
 * Rounding is TensorFlow's (`tf.cast`, Eigen): to nearest, ties to even. A cast to float16 or
 * bfloat16 from float64 goes through float32 first, as Eigen's `half(double)` and
 * `bfloat16(double)` do, so the result is the value `tf.cast` would give. Widening casts are exact.
 * NaN stays NaN (the quiet NaN of the target), ±inf stays ±inf.
 */
import type { CastStats, FloatDtype } from './types.ts';

export const DTYPE_ENUM: Record<FloatDtype, number> = { float32: 1, float64: 2, bfloat16: 14, float16: 19 };
const ENUM_DTYPE = new Map<number, FloatDtype>(Object.entries(DTYPE_ENUM).map(([k, v]) => [v, k as FloatDtype]));

export function floatDtypeOf(dtype: number): FloatDtype | null {
  return ENUM_DTYPE.get(dtype) ?? null;
}

export const ELEMENT_SIZE: Record<FloatDtype, number> = { float64: 8, float32: 4, float16: 2, bfloat16: 2 };

const SIGNIFICANT_BITS: Record<FloatDtype, number> = { float64: 53, float32: 24, float16: 11, bfloat16: 8 };

/** Casts where every value of the source is a value of the target. */
const EXACT = new Set(['float32>float64', 'float16>float32', 'float16>float64', 'bfloat16>float32', 'bfloat16>float64']);

export function isExactCast(from: FloatDtype, to: FloatDtype): boolean {
  return from === to || EXACT.has(`${from}>${to}`);
}

/** What a cast does to the values, in words, before it is done. */
export function precisionNote(from: FloatDtype, to: FloatDtype): string {
  if (from === to) return 'no change';
  const widening = EXACT.has(`${from}>${to}`);
  if (widening) {
    return `${from} -> ${to} is exact: every ${from} value is a ${to} value. No precision is gained: the values keep the ${SIGNIFICANT_BITS[from]} significant bits they were saved with.`;
  }
  const bits = SIGNIFICANT_BITS[to];
  const rel = 2 ** -bits;
  const range =
    to === 'float16'
      ? 'magnitudes above 65504 become ±inf, below 6.1e-5 they lose precision (subnormal) and below 6.0e-8 they become 0'
      : to === 'float32'
        ? 'magnitudes above 3.4e38 become ±inf, below 1.2e-38 they lose precision (subnormal) and below 1.4e-45 they become 0'
        : "the range is float32's (magnitudes above 3.4e38 become ±inf)";
  const digits = (bits * Math.log10(2)).toFixed(1);
  return `${from} -> ${to} rounds each value to nearest (ties to even), as tf.cast does: ${to} keeps ${bits} significant bits (about ${digits} decimal digits), so a value moves by at most ${rel.toExponential(1)} of itself (2^-${bits}); ${range}. The change is measured while writing and reported.`;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function f32Bits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

function bitsF32(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** float32 value -> float16 bits, round to nearest even (exact arithmetic on doubles). */
export function toHalfBits(value: number): number {
  const x = Math.fround(value);
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // Subnormal half: units of 2^-24; a * 2^24 < 1024 is exact.
    return sign | roundEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let q = roundEven(a * 2 ** (10 - e)); // in [1024, 2048]
  if (q === 2048) {
    q = 1024;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | (q & 0x3ff);
}

function roundEven(y: number): number {
  const f = Math.floor(y);
  const d = y - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m === 0 ? sign * Infinity : Number.NaN;
  return sign * (1024 + m) * 2 ** (e - 25);
}

/** float32 value -> bfloat16 bits: Eigen's float_to_bfloat16_rtne. */
export function toBfloat16Bits(value: number): number {
  const x = Math.fround(value);
  if (Number.isNaN(x)) return 0x7fc0;
  const bits = f32Bits(x);
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

export function fromBfloat16Bits(b: number): number {
  return bitsF32((b & 0xffff) << 16);
}

function reader(dtype: FloatDtype, view: DataView, little: boolean): (i: number) => number {
  switch (dtype) {
    case 'float64':
      return (i) => view.getFloat64(i * 8, little);
    case 'float32':
      return (i) => view.getFloat32(i * 4, little);
    case 'float16':
      return (i) => fromHalfBits(view.getUint16(i * 2, little));
    case 'bfloat16':
      return (i) => fromBfloat16Bits(view.getUint16(i * 2, little));
  }
}

/** Writes `value` (already a double) as `dtype`; returns the value as stored, for the error measure. */
function writer(dtype: FloatDtype, view: DataView, little: boolean): (i: number, value: number) => number {
  switch (dtype) {
    case 'float64':
      return (i, v) => {
        view.setFloat64(i * 8, v, little);
        return v;
      };
    case 'float32':
      return (i, v) => {
        const r = Math.fround(v);
        view.setFloat32(i * 4, r, little);
        return r;
      };
    case 'float16':
      return (i, v) => {
        const h = toHalfBits(v);
        view.setUint16(i * 2, h, little);
        return fromHalfBits(h);
      };
    case 'bfloat16':
      return (i, v) => {
        const b = toBfloat16Bits(v);
        view.setUint16(i * 2, b, little);
        return fromBfloat16Bits(b);
      };
  }
}

export function emptyStats(from: FloatDtype, to: FloatDtype): CastStats {
  return { from, to, tensors: 0, values: 0, inexact: 0, max_abs_error: 0, max_rel_error: 0, overflow: 0, underflow: 0 };
}

/**
 * Casts whole elements; `input.byteLength` must be a multiple of the source element size.
 * Updates `stats` with what changed.
 */
export function castChunk(input: Uint8Array, from: FloatDtype, to: FloatDtype, bigEndian: boolean, stats: CastStats): Uint8Array {
  const count = input.byteLength / ELEMENT_SIZE[from];
  const out = new Uint8Array(count * ELEMENT_SIZE[to]);
  const little = !bigEndian;
  const read = reader(from, new DataView(input.buffer, input.byteOffset, input.byteLength), little);
  const write = writer(to, new DataView(out.buffer), little);
  for (let i = 0; i < count; i++) {
    const v = read(i);
    const stored = write(i, v);
    if (Number.isNaN(v) || Object.is(stored, v) || stored === v) continue;
    if (Number.isFinite(v) && !Number.isFinite(stored)) {
      stats.overflow++;
      stats.inexact++;
      continue;
    }
    if (stored === 0 && v !== 0) stats.underflow++;
    stats.inexact++;
    const abs = Math.abs(stored - v);
    if (abs > stats.max_abs_error) stats.max_abs_error = abs;
    const rel = abs / Math.abs(v);
    if (rel > stats.max_rel_error) stats.max_rel_error = rel;
  }
  stats.values += count;
  return out;
}
