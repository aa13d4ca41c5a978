/**
 * Where a command reads and writes. The bin wires it to the process; tests pass their own and
 * run commands in-process (ESLint's pattern: the bin is glue, `execute()` returns the status).
 */
import { once } from 'node:events';

export interface Io {
  /** Writes to standard output as given (JSON is streamed through this). */
  out(text: string): void;
  /** Resolves once standard output has taken what was written (at once unless its buffer is full). */
  outDrained(): Promise<void>;
  /** Writes to standard error. */
  err(text: string): void;
  /** Standard error is a terminal: progress bars go there. */
  errIsTTY: boolean;
  stdin(): AsyncIterable<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    outDrained: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
    err: (text) => process.stderr.write(text),
    errIsTTY: Boolean(process.stderr.isTTY),
    stdin: () => process.stdin,
    env: process.env,
  };
}

/** An Io that keeps what is written, for tests. */
export function memoryIo(
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    outDrained: () => Promise.resolve(),
    err(text: string) {
      io.stderr += text;
    },
    errIsTTY: false,
    async *stdin() {
      if (options.stdin !== undefined) yield new TextEncoder().encode(options.stdin);
    },
    env: options.env ?? {},
  };
  return io;
}
