/**
 * CRC32C (Castagnoli) as TensorFlow uses it: `extend` continues a running checksum, and stored
 * checksums are "masked" (rotated and offset) so that a CRC of data that itself contains CRCs
 * stays well distributed (tensorflow/core/lib/hash/crc32c.h).
 */
import CRC32C from 'crc-32/crc32c.js';
import { crc32cWasm, WASM_MIN_BYTES } from './crc32c-wasm.ts';

const MASK_DELTA = 0xa282ead8;

/**
 * Continues an unsigned crc over `bytes`. The library's own is crc32cExtend; a host with something
 * faster (the CLI: a native module using the CPU's CRC32 instruction) passes its own in the
 * check options, since src/lib cannot load native code itself.
 */
export type Crc32cExtend = (crc: number, bytes: Uint8Array) => number;

/**
 * Continues `crc` (unsigned, 0 to start) over `bytes`; returns an unsigned 32-bit value.
 * Large inputs (tensor data) go through WebAssembly slicing-by-16 when it is available; small
 * ones, and everything where WebAssembly is not, through crc-32's JavaScript slicing-by-16.
 */
export function crc32cExtend(crc: number, bytes: Uint8Array): number {
  if (bytes.byteLength >= WASM_MIN_BYTES) {
    const viaWasm = crc32cWasm(crc, bytes);
    if (viaWasm !== null) return viaWasm;
  }
  return crc32cJs(crc, bytes);
}

/** The JavaScript implementation alone (the fallback, and the reference the tests compare with). */
export function crc32cJs(crc: number, bytes: Uint8Array): number {
  return CRC32C.buf(bytes, crc | 0) >>> 0;
}

export function crc32c(bytes: Uint8Array): number {
  return crc32cExtend(0, bytes);
}

export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** Little-endian fixed32 at `pos` (unsigned). */
export function readFixed32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
}
