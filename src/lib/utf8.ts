/**
 * UTF-8 text <-> bytes for the whole library. TextDecoder/TextEncoder exist in browsers,
 * workers and Node, but src/lib's tsconfig has no DOM types, so they are reached through
 * globalThis with a local type.
 */
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
interface Utf8Encoder {
  encode(text: string): Uint8Array;
}

const globals = globalThis as unknown as {
  TextDecoder: new (label: string, options?: { fatal?: boolean }) => Utf8Decoder;
  TextEncoder: new () => Utf8Encoder;
};

const strictDecoder = new globals.TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new globals.TextDecoder('utf-8');
const encoder = new globals.TextEncoder();

/** Decodes UTF-8; with `strict`, invalid bytes throw instead of becoming U+FFFD. */
export function utf8Decode(bytes: Uint8Array, strict = false): string {
  return (strict ? strictDecoder : lenientDecoder).decode(bytes);
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
