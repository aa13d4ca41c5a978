/** UTF-8 for table keys and names, through protobufjs's tiny codec (src/lib has no TextDecoder types). */
import $protobuf from 'protobufjs/minimal.js';

export function utf8Decode(bytes: Uint8Array, start = 0, end = bytes.byteLength): string {
  return end > start ? $protobuf.util.utf8.read(bytes, start, end) : '';
}

export function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array($protobuf.util.utf8.length(text));
  $protobuf.util.utf8.write(text, out, 0);
  return out;
}
