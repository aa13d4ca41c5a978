/** Snappy for table blocks (trailer type 1), through snappyjs. */
import snappyjs from 'snappyjs';

export function snappyUncompress(bytes: Uint8Array, maxLength: number): Uint8Array {
  return snappyjs.uncompress(bytes, maxLength);
}

export function snappyCompress(bytes: Uint8Array): Uint8Array {
  return snappyjs.compress(bytes);
}
