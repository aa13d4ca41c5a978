/**
 * A ByteSource over one object on an HTTP server, read with Range requests: only the bytes a
 * decoder asks for cross the network. Opening it costs one request (`bytes=0-<block>`), which
 * learns the size from Content-Range, whether the server honours Range at all, and the file's
 * head (sniffing reads it next). A read that loses its connection resumes from the last byte
 * received; every request is bounded by the session's timeouts and retries.
 */
import { type ByteSource, BytesSource } from '../byte-source.ts';
import { concatBytes } from '../bytes.ts';
import { get, statusError, withRetries } from './http-request.ts';
import { RemoteError } from './remote-error.ts';
import type { RemoteSession } from './session.ts';

/** Blocks of small reads kept per file (x blockSize: 2 MiB at the default 64 KiB). */
const CACHED_BLOCKS = 32;

export class HttpRangeSource implements ByteSource {
  private readonly blocks = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly session: RemoteSession,
    readonly url: string,
    readonly path: string,
    readonly size: number,
    head: Uint8Array,
  ) {
    if (head.byteLength > 0) this.blocks.set(0, Promise.resolve(head));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return new Uint8Array(0);
    const { blockSize } = this.session.options;
    if (end - offset > blockSize) return this.fetchRange(offset, end);
    const first = Math.floor(offset / blockSize);
    const last = Math.floor((end - 1) / blockSize);
    const parts = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => this.block(first + i)));
    const joined = parts.length === 1 ? parts[0]! : concatBytes(parts);
    return joined.subarray(offset - first * blockSize, end - first * blockSize);
  }

  private block(index: number): Promise<Uint8Array> {
    let block = this.blocks.get(index);
    if (block) {
      this.blocks.delete(index); // re-inserted below: Map order is use order
    } else {
      const start = index * this.session.options.blockSize;
      block = this.fetchRange(start, Math.min(this.size, start + this.session.options.blockSize));
      block.catch(() => this.blocks.delete(index));
    }
    this.blocks.set(index, block);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    return block;
  }

  /** Bytes [start, end), resumed after a dropped connection from where the last attempt stopped. */
  private async fetchRange(start: number, end: number): Promise<Uint8Array> {
    const out = new Uint8Array(end - start);
    let got = 0;
    await withRetries(this.session, async () => {
      const at = start + got;
      const request = await get(this.session, this.url, { Range: `bytes=${at}-${end - 1}` });
      const { response } = request;
      if (response.status !== 206) {
        request.cancel();
        if (response.status === 200) {
          throw new RemoteError(this.url, 'the server ignored the Range header and sent the whole file (it did honour it before)', {
            status: 200,
          });
        }
        throw statusError(this.url, response);
      }
      const range = parseContentRange(response.headers.get('content-range'));
      if (!range || range.start !== at || range.total !== this.size) {
        request.cancel();
        throw new RemoteError(
          this.url,
          `asked for bytes ${at}-${end - 1} of ${this.size}, the server answered with "${response.headers.get('content-range') ?? 'no Content-Range'}" (did the object change?)`,
          { status: 206 },
        );
      }
      let overflow = false;
      await request.pump((chunk) => {
        if (chunk.byteLength > out.byteLength - got) {
          overflow = true;
          return false;
        }
        out.set(chunk, got);
        got += chunk.byteLength;
        return true;
      });
      if (overflow) throw new RemoteError(this.url, `the server sent more than the ${end - at} bytes asked for`, { status: 206 });
      if (got < out.byteLength) {
        throw new RemoteError(this.url, `the connection closed after ${got} of ${out.byteLength} bytes (at byte ${start + got})`, {
          retryable: true,
        });
      }
    });
    return out;
  }
}

/** `bytes a-b/total`, or on a 416 `bytes` then `*` then `/total`. */
export function parseContentRange(value: string | null): { start: number; end: number; total: number } | null {
  const match = value ? /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+)\s*$/i.exec(value) : null;
  if (!match) return null;
  const total = Number(match[3]);
  const start = match[1] === undefined ? 0 : Number(match[1]);
  const end = match[2] === undefined ? -1 : Number(match[2]);
  if (![total, start, end].every(Number.isSafeInteger)) return null;
  return { start, end, total };
}

/**
 * Opens the object at `url` as `path`. Returns null when the server says it does not exist
 * (404/410: optional files such as fingerprint.pb are simply absent); throws a RemoteError for
 * anything else that keeps it from being read.
 */
export async function openHttpFile(session: RemoteSession, url: string, path: string): Promise<ByteSource | null> {
  const { blockSize, wholeFileLimit } = session.options;
  try {
    return await withRetries(session, async () => {
      const request = await get(session, url, { Range: `bytes=0-${blockSize - 1}` });
      const { response } = request;
      if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (range?.start !== 0) {
          request.cancel();
          const header = response.headers.get('content-range');
          throw new RemoteError(
            url,
            header === null
              ? 'answered a Range request without a Content-Range header the reader can see (read cross-origin, the server must list Content-Range in Access-Control-Expose-Headers)'
              : `answered a Range request with an unreadable Content-Range "${header}"`,
          );
        }
        const head = await readBody(request, Math.min(blockSize, range.total), url);
        return new HttpRangeSource(session, url, path, range.total, head);
      }
      if (response.status === 416) {
        request.cancel();
        // Only an empty object cannot satisfy bytes=0-...
        const range = parseContentRange(response.headers.get('content-range'));
        if (range?.total === 0) return new BytesSource(path, new Uint8Array(0));
        throw statusError(url, response);
      }
      if (response.status === 200) {
        const declared = Number(response.headers.get('content-length') ?? Number.NaN);
        if (Number.isFinite(declared) && declared > wholeFileLimit) {
          request.cancel();
          throw noRangeError(url, declared, wholeFileLimit);
        }
        const bytes = await readBody(request, wholeFileLimit + 1, url);
        if (bytes.byteLength > wholeFileLimit) throw noRangeError(url, null, wholeFileLimit);
        return new BytesSource(path, bytes);
      }
      request.cancel();
      throw statusError(url, response);
    });
  } catch (error) {
    if (error instanceof RemoteError && (error.status === 404 || error.status === 410)) {
      if (session.failure === error) session.failure = null; // absent is an answer, not a failure
      return null;
    }
    throw error;
  }
}

function noRangeError(url: string, size: number | null, limit: number): RemoteError {
  const mib = (limit / 1048576).toFixed(0);
  return new RemoteError(
    url,
    `the server does not support HTTP Range requests (it answered 200 with the whole file${size === null ? '' : `, ${size} bytes`}); files above ${mib} MiB are not downloaded whole from such a server: download it and inspect the local copy`,
    { status: 200 },
  );
}

/** The body, at most `limit` bytes (the rest is cancelled); a body cut short is retried by the caller. */
async function readBody(request: Awaited<ReturnType<typeof get>>, limit: number, url: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  await request.pump((chunk) => {
    const room = limit - got;
    parts.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
    got += Math.min(chunk.byteLength, room);
    return got < limit;
  });
  const declared = Number(request.response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && got < Math.min(declared, limit)) {
    throw new RemoteError(url, `the connection closed after ${got} of ${declared} bytes`, { retryable: true });
  }
  return concatBytes(parts);
}
