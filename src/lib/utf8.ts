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

/** Up to this many bytes, ASCII may be turned into a string here rather than by TextDecoder. */
const SHORT_ASCII_BYTES = 256;
let shortAsciiInScript = false;

/**
 * Where a TextDecoder call is slow whatever the length (Chromium: 0.5-2 µs a call, so the 400,000
 * names of a 100,000-variable checkpoint cost 0.7 s of the checker's 2 s; issue 19), the host asks
 * for short ASCII to be built from its char codes instead: 4x faster there. Node's TextDecoder is
 * 2-3x faster than that, so the CLI leaves this off. Either way the text is the same.
 */
export function buildShortAsciiInScript(on: boolean): void {
  shortAsciiInScript = on;
}

/** Decodes UTF-8; with `strict`, invalid bytes throw instead of becoming U+FFFD. */
export function utf8Decode(bytes: Uint8Array, strict = false): string {
  if (shortAsciiInScript && bytes.length <= SHORT_ASCII_BYTES && isAscii(bytes)) {
    // ASCII is the same text in UTF-8 and as char codes, valid under either decoder.
    return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  return (strict ? strictDecoder : lenientDecoder).decode(bytes);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
