/**
 * The CPU's CRC32 instruction for checksum verification, through @node-rs/crc32 (prebuilt
 * binaries in per-platform packages, an optional dependency): several GB/s where the library's
 * WebAssembly slicing-by-16 does about 1.5. Loaded at run time, never bundled: where the package
 * or its binary is missing (an unlisted platform, a sandbox without native addons) this returns
 * null and verification uses the library's own crc32c.
 */
import { createRequire } from 'node:module';
import type { Crc32cExtend } from '../lib/binary/crc32c.ts';

/** The package's one function this needs: crc32c(bytes, previous crc) -> crc. */
interface NativeCrc32 {
  crc32c(input: Uint8Array, initialState?: number): number;
}

/** The module name, kept out of the bundle (scripts/build-cli.mjs marks it external). */
export const NATIVE_CRC32_PACKAGE = '@node-rs/crc32';
/** Set to 1 to use the library's crc32c anyway (the benchmark compares the two). */
export const NO_NATIVE_ENV = 'TF_RESTORE_DOCTOR_NO_NATIVE_CRC';

let loaded: Crc32cExtend | null | undefined;

export function nativeCrc32c(): Crc32cExtend | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env[NO_NATIVE_ENV] === '1') return loaded;
  try {
    const native = createRequire(import.meta.url)(NATIVE_CRC32_PACKAGE) as NativeCrc32;
    // Trust it only if it gives the standard check value ("123456789" -> 0xe3069283) and continues a crc.
    const digits = new TextEncoder().encode('123456789');
    const whole = native.crc32c(digits, 0) >>> 0;
    const continued = native.crc32c(digits.subarray(4), native.crc32c(digits.subarray(0, 4), 0)) >>> 0;
    if (whole === 0xe3069283 && continued === whole) loaded = (crc, bytes) => native.crc32c(bytes, crc) >>> 0;
  } catch {
    // No package or no binary for this platform: the library's crc32c is used.
  }
  return loaded;
}
