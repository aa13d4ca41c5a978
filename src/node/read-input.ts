/**
 * Reads a text input the reader names (a traceback file, or `-` for standard input) with a size
 * cap, refusing anything that is not a regular file first: `/dev/zero` or a FIFO must get a clear
 * answer, not an endless read.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export const TEXT_INPUT_LIMIT = 8 * 1024 * 1024;

export class InputReadError extends Error {}

export async function readTextInput(path: string, stdin: () => AsyncIterable<Uint8Array>, limit = TEXT_INPUT_LIMIT): Promise<string> {
  if (path === '-') return readStream(stdin(), 'standard input', limit);
  const info = await stat(path).catch(() => null);
  if (!info) throw new InputReadError(`${path}: no such file`);
  if (!info.isFile()) throw new InputReadError(`${path}: not a regular file`);
  if (info.size > limit) throw new InputReadError(`${path}: larger than ${limit / 1048576} MiB`);
  // Opened without blocking and checked again: a path swapped for a FIFO after the stat is refused, not waited on.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw new InputReadError(`${path}: not a regular file`);
    // Read at most limit + 1 bytes: a file that grows while we read is still capped.
    const buffer = new Uint8Array(Math.min(info.size, limit) + 1);
    let filled = 0;
    while (filled < buffer.byteLength) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limit) throw new InputReadError(`${path}: larger than ${limit / 1048576} MiB`);
    return new TextDecoder().decode(buffer.subarray(0, filled));
  } finally {
    await handle.close();
  }
}

async function readStream(stream: AsyncIterable<Uint8Array>, name: string, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw new InputReadError(`${name}: larger than ${limit / 1048576} MiB`);
    chunks.push(chunk);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}
