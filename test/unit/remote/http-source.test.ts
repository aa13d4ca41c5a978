/**
 * The HTTP Range ByteSource against a loopback server: the bytes it returns are the server's,
 * only what is read is fetched, and every way a server can fail (drops, stalls, slow answers,
 * error statuses, no Range support) ends in a retry or a clear error naming the URL, within the
 * configured timeouts.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/lib/remote/fetch-like.ts';
import { openHttpFile } from '../../../src/lib/remote/http-source.ts';
import { RemoteError } from '../../../src/lib/remote/remote-error.ts';
import { RemoteSession, type RemoteOptions } from '../../../src/lib/remote/session.ts';
import { bytesFile, type RangeServer, startRangeServer } from '../../helpers/range-server.ts';

const nodeFetch = globalThis.fetch as unknown as FetchLike;
/** Short timeouts so failing servers fail fast; the bounds asserted below are safety limits. */
const FAST: Partial<RemoteOptions> = { requestTimeoutMs: 300, stallTimeoutMs: 300, retries: 2, backoffMs: 20 };

let server: RangeServer;
const DATA = new Uint8Array(randomBytes(3 * 1024 * 1024 + 123));

beforeEach(async () => {
  server = await startRangeServer();
  server.files.set('/blob.bin', bytesFile(DATA));
});
afterEach(async () => {
  await server.close();
});

async function open(options: Partial<RemoteOptions> = FAST) {
  const session = new RemoteSession(nodeFetch, options);
  const file = await openHttpFile(session, `${server.url}/blob.bin`, 'dir/blob.bin');
  if (!file) throw new Error('not found');
  return { session, file };
}

describe('HTTP Range ByteSource', () => {
  it('returns the bytes the server holds at any offset, and fetches only what is read', async () => {
    const { session, file } = await open();
    expect(file.size).toBe(DATA.byteLength);
    expect(server.log).toHaveLength(1); // opening: one request for the size and the head
    for (const [offset, length] of [
      [0, 16],
      [70_000, 10],
      [65_530, 20], // across two cached blocks
      [1_000_000, 2_000_000], // a large read: its own request
      [DATA.byteLength - 5, 100],
      [DATA.byteLength, 10],
    ] as const) {
      expect(await file.read(offset, length)).toEqual(DATA.subarray(offset, Math.min(DATA.byteLength, offset + length)));
    }
    // Head block, block 1 (70,000 and 65,530+ share it), the large read, the last block.
    expect(server.log.map((r) => r.range)).toEqual(['bytes=0-65535', 'bytes=65536-131071', 'bytes=1000000-2999999', expect.any(String)]);
    expect(session.stats.bytes).toBe(server.bytesSent());
    expect(server.bytesSent()).toBeLessThan(2_300_000);
  });

  it('resumes a read after a dropped connection from the last byte received', async () => {
    const { session, file } = await open();
    server.fault = (_path, range, index) => (index === 1 && range === 'bytes=100000-2099999' ? { dropAfter: 700_000 } : null);
    expect(await file.read(100_000, 2_000_000)).toEqual(DATA.subarray(100_000, 2_100_000));
    const [dropped, resumed] = server.log.slice(1);
    expect(dropped!.sent).toBe(700_000);
    // The second request starts where the first stopped (the client may have received all it sent).
    const start = Number(/^bytes=(\d+)-2099999$/.exec(resumed!.range ?? '')?.[1]);
    expect(start).toBeGreaterThan(100_000);
    expect(start).toBeLessThanOrEqual(800_000);
    expect(session.stats.retries).toBe(1);
  });

  it('a stalled server gives "no byte for N s from <url>" within the timeout and its retries', async () => {
    const { file } = await open();
    server.fault = (_path, _range, index) => (index >= 1 ? { stallAfter: 1000 } : null);
    const started = Date.now();
    const error = await file.read(500_000, 1_000_000).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as Error).message).toBe(`no byte for 0.3 s from ${server.url}/blob.bin (gave up after 3 attempts)`);
    expect(server.log).toHaveLength(4); // open + 3 attempts
    // 3 stalls of 0.3 s and backoffs of 20 + 40 ms; a generous safety bound, not a timing test.
    expect(elapsed).toBeLessThan(5_000);
  });

  it('a server that does not answer in time is retried, then named', async () => {
    const session = new RemoteSession(nodeFetch, FAST);
    server.fault = () => ({ delayMs: 2_000 });
    const error = await openHttpFile(session, `${server.url}/blob.bin`, 'blob.bin').catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${server.url}/blob.bin: no response within 0.3 s (gave up after 3 attempts)`);
    expect(session.failure).toBe(error);
  });

  it('retries 503 and 429, and then succeeds', async () => {
    server.fault = (_p, _r, index) => (index === 0 ? { status: 503 } : index === 1 ? { status: 429 } : null);
    const { session, file } = await open();
    expect(file.size).toBe(DATA.byteLength);
    expect(server.log.map((r) => r.status)).toEqual([503, 429, 206]);
    expect(session.stats.retries).toBe(2);
  });

  it('404 is "absent" (null); 403 and a 500 that persists are errors naming the URL and status', async () => {
    const session = new RemoteSession(nodeFetch, FAST);
    expect(await openHttpFile(session, `${server.url}/nothing.bin`, 'nothing.bin')).toBeNull();
    expect(session.failure).toBeNull();
    server.fault = () => ({ status: 403 });
    await expect(openHttpFile(session, `${server.url}/blob.bin`, 'blob.bin')).rejects.toThrow(
      `${server.url}/blob.bin: HTTP 403 Forbidden: not allowed (the object is not public, or a presigned URL expired or is for another object)`,
    );
    expect(server.log.filter((r) => r.status === 403)).toHaveLength(1); // not retried
    server.fault = () => ({ status: 500 });
    await expect(openHttpFile(session, `${server.url}/blob.bin`, 'blob.bin')).rejects.toThrow(
      `${server.url}/blob.bin: HTTP 500 Internal Server Error (gave up after 3 attempts)`,
    );
  });

  it('without Range support a small file is read whole once; a large one is refused, saying why', async () => {
    server.ranges = false;
    const small = await open({ ...FAST, wholeFileLimit: 8 * 1024 * 1024 });
    expect(await small.file.read(1234, 10)).toEqual(DATA.subarray(1234, 1244));
    expect(server.log).toHaveLength(1);
    const session = new RemoteSession(nodeFetch, { ...FAST, wholeFileLimit: 1024 * 1024 });
    await expect(openHttpFile(session, `${server.url}/blob.bin`, 'blob.bin')).rejects.toThrow(
      `${server.url}/blob.bin: the server does not support HTTP Range requests (it answered 200 with the whole file, ${DATA.byteLength} bytes); files above 1 MiB are not downloaded whole from such a server: download it and inspect the local copy`,
    );
    // The refused body was not read (cancelled on its Content-Length).
    expect(session.stats.bytes).toBe(0);
  });

  it('calls fetch as a plain function, as a browser requires (else "Illegal invocation")', async () => {
    // A browser's fetch throws when called with `this` set to anything but the global scope.
    const browserLike = function (this: unknown, url: string, init: Parameters<FetchLike>[1]) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch': Illegal invocation");
      return nodeFetch(url, init);
    } as FetchLike;
    const session = new RemoteSession(browserLike, FAST);
    const file = await openHttpFile(session, `${server.url}/blob.bin`, 'blob.bin');
    expect(await file!.read(5, 5)).toEqual(DATA.subarray(5, 10));
  });

  it('an object that changes size between requests is an error, not mixed bytes', async () => {
    const { file } = await open();
    server.files.set('/blob.bin', bytesFile(DATA.subarray(0, 2_000_000)));
    await expect(file.read(1_500_000, 200_000)).rejects.toThrow(/asked for bytes 1500000-1699999 of 3145851.*did the object change/);
  });
});
