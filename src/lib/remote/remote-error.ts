/**
 * A remote read that failed: the URL, and what the server did (its HTTP status, a stall, a
 * dropped connection after the retries, no Range support). Not a DecodeError: it says nothing
 * about the file, only about getting its bytes.
 */
export class RemoteError extends Error {
  readonly url: string;
  /** The HTTP status, when the server answered with one. */
  readonly status: number | null;
  /** Trying again (after a pause) may succeed: 5xx, 408, 429, stalls, dropped connections. */
  readonly retryable: boolean;
  /** What happened, without the URL. */
  readonly what: string;
  /** The message names the URL inside `what` ("no byte for 30 s from <url>"), not as a prefix. */
  readonly urlInside: boolean;

  constructor(url: string, what: string, options: { status?: number | null; retryable?: boolean; urlInside?: boolean } = {}) {
    super(options.urlInside ? what : `${url}: ${what}`);
    this.what = what;
    this.urlInside = options.urlInside ?? false;
    this.name = 'RemoteError';
    this.url = url;
    this.status = options.status ?? null;
    this.retryable = options.retryable ?? false;
  }
}
