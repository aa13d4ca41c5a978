/**
 * Threads that compute crc32c for the library: the CLI's worker threads, a page's workers. The
 * library cannot start threads itself (it has no Node or DOM APIs); a host that can passes a pool,
 * and large reads are then checksummed a piece per thread and joined with crc32c_combine.
 */
export interface Crc32cPool {
  /** How many pieces are computed at once (the pool's threads). */
  readonly lanes: number;
  /** Reads shorter than this are checksummed in place: a message to a thread would cost more. */
  readonly minBytes: number;
  /** A buffer the pool's threads read without a copy (shared memory). */
  allocate(size: number): Uint8Array;
  /** The crc32c of each piece; every piece is a view of a buffer from allocate(). */
  crc32cOfPieces(pieces: readonly Uint8Array[]): Promise<number[]>;
}

/** Splits `bytes` into one piece per lane (the last may be shorter). */
export function lanePieces(bytes: Uint8Array, lanes: number): Uint8Array[] {
  const step = Math.max(1, Math.ceil(bytes.length / Math.max(1, lanes)));
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += step) pieces.push(bytes.subarray(at, Math.min(at + step, bytes.length)));
  return pieces;
}
