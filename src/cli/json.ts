/** `--json`: one JSON document on stdout, newline-terminated. */
import type { Io } from './io.ts';

export function writeJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
