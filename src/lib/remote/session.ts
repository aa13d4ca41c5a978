/**
 * One remote check's network: the fetch it was handed, its limits, what it has fetched, and the
 * first failure. Decoders turn any read error into a problem on the file; the caller reads
 * `failure` afterwards and reports the network's error instead of an answer built on missing bytes.
 */
import { defaultHost, type FetchLike, type Host } from './fetch-like.ts';
import type { RemoteError } from './remote-error.ts';

export interface RemoteOptions {
  /** No response (status line and headers) within this long: the request is retried, then fails. */
  requestTimeoutMs: number;
  /** No byte of the body within this long: "no byte for N s from <url>", retried, then fails. */
  stallTimeoutMs: number;
  /** Further attempts per read after the first (connection errors, stalls, 5xx, 408, 429). */
  retries: number;
  /** Pause before the first retry; doubled for each further one (at most 8 s). */
  backoffMs: number;
  /** A server without Range support: files up to this size are read whole, larger ones refused. */
  wholeFileLimit: number;
  /** Small reads are served from cached blocks of this size (decoders read tables in many small pieces). */
  blockSize: number;
  /** Files whose sizes are looked up at once (shards of a checkpoint). */
  concurrency: number;
}

export const DEFAULT_REMOTE_OPTIONS: RemoteOptions = {
  requestTimeoutMs: 30_000,
  stallTimeoutMs: 30_000,
  retries: 3,
  backoffMs: 500,
  wholeFileLimit: 64 * 1024 * 1024,
  blockSize: 64 * 1024,
  concurrency: 8,
};

export interface RemoteStats {
  requests: number;
  /** Body bytes received (what crossed the network, not what was asked for). */
  bytes: number;
  retries: number;
}

export class RemoteSession {
  readonly options: RemoteOptions;
  readonly stats: RemoteStats = { requests: 0, bytes: 0, retries: 0 };
  /** The first read that failed for good; the check's answer is not trusted when set. */
  failure: RemoteError | null = null;

  /** Called as a plain function: a browser's fetch called as a method of another object throws "Illegal invocation". */
  readonly fetch: FetchLike;

  constructor(
    fetchFn: FetchLike,
    options: Partial<RemoteOptions> = {},
    readonly host: Host = defaultHost,
  ) {
    this.fetch = (url, init) => fetchFn(url, init);
    this.options = { ...DEFAULT_REMOTE_OPTIONS, ...options };
  }

  fail(error: RemoteError): RemoteError {
    this.failure ??= error;
    return error;
  }
}
