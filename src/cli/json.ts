/**
 * `--json`: one JSON document on stdout, newline-terminated. JSON.stringify escapes C0 controls
 * (ESC, NUL, BEL) itself; DEL, C1 controls and the bidi and line-separator characters are written
 * as \u escapes too, so the document means the same and cannot drive a terminal it is printed to.
 */
import type { Io } from './io.ts';

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function writeJson(io: Io, value: unknown): void {
  const text = JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  io.out(`${text}\n`);
}
