// snappyjs 0.7.0 ships no types; only the two functions the table code calls.
declare module 'snappyjs' {
  function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  function compress(uncompressed: Uint8Array): Uint8Array;
  const snappyjs: { uncompress: typeof uncompress; compress: typeof compress };
  export default snappyjs;
}
