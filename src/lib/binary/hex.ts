/** `0x0000abcd`: a 32-bit value (a checksum, a magic number) as people compare it. */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}
