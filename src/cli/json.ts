/** `--json`: one JSON document on stdout, newline-terminated, written in pieces of about 64 KB. */
import type { Io } from './io.ts';
import { writeJsonPieces } from './json-pieces.ts';

/** Pieces are gathered up to this many characters per write: few writes, no report-sized string. */
const WRITE_CHARS = 1 << 16;

export function writeJson(io: Io, value: unknown): void {
  let pending: string[] = [];
  let length = 0;
  writeJsonPieces(value, (text) => {
    pending.push(text);
    length += text.length;
    if (length >= WRITE_CHARS) {
      io.out(pending.join(''));
      pending = [];
      length = 0;
    }
  });
  pending.push('\n');
  io.out(pending.join(''));
}
