/**
 * crc32c_combine: the crc32c of A followed by B from crc(A), crc(B) and B's length, without the
 * bytes (zlib's crc32_combine, by Mark Adler, over the Castagnoli polynomial). This is what lets
 * pieces of one tensor be checksummed on different threads and joined in order.
 *
 * Appending n zero bytes to a crc is a linear map over GF(2); its 32x32 matrix is built by
 * squaring the one-zero-bit operator, one square per bit of n, so a combine costs O(log n).
 */

/** The reflected Castagnoli polynomial (0x1EDC6F41). */
const POLY = 0x82f63b78;

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!;
  return sum >>> 0;
}

function square(into: Uint32Array, matrix: Uint32Array): void {
  for (let i = 0; i < 32; i++) into[i] = times(matrix, matrix[i]!);
}

/** crc32c(A + B), given crc32c(A), crc32c(B) and the byte length of B. */
export function crc32cCombine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  let even = new Uint32Array(32);
  let odd = new Uint32Array(32);
  // The operator for one zero bit, then two, then four (the first square below makes it a byte).
  odd[0] = POLY;
  for (let i = 1, row = 1; i < 32; i++, row <<= 1) odd[i] = row;
  square(even, odd);
  square(odd, even);
  let crc = crcA >>> 0;
  let n = lengthB;
  // Each pass squares the operator (1, 2, 4 ... zero bytes) and applies it where n has a 1 bit.
  while (n > 0) {
    square(even, odd);
    if (n % 2 === 1) crc = times(even, crc);
    n = Math.floor(n / 2);
    if (n === 0) break;
    [even, odd] = [odd, even];
  }
  return (crc ^ crcB) >>> 0;
}
