/**
 * `--json`: one JSON document on stdout, newline-terminated, written in pieces of about 64 KB.
 * JSON.stringify escapes C0 controls (ESC, NUL, BEL) itself; DEL, C1 controls and the bidi and
 * line-separator characters are written as \u escapes too, so the document means the same and
 * cannot drive a terminal it is printed to.
 */
import type { Io } from './io.ts';
import { jsonPieces } from './json-pieces.ts';

/** Pieces are gathered up to this many characters per write: few writes, no report-sized string. */
const WRITE_CHARS = 1 << 16;

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Writes the document, waiting whenever standard output's buffer is full: a reader slower than
 * the report (a pipe into another process) must not make the CLI hold the whole text in memory.
 */
export async function writeJson(io: Io, value: unknown): Promise<void> {
  let pending: string[] = [];
  let length = 0;
  for (const text of jsonPieces(value)) {
    pending.push(text);
    length += text.length;
    if (length >= WRITE_CHARS) {
      // Escaped per write, not per piece: each character is escaped alone, so where the text
      // is cut does not matter, and one pass over 64 KB is far cheaper than a pass per piece.
      io.out(escapeUnsafe(pending.join('')));
      pending = [];
      length = 0;
      await io.outDrained();
    }
  }
  io.out(`${escapeUnsafe(pending.join(''))}\n`);
  await io.outDrained();
}
