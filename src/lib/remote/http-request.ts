/**
 * One HTTP GET with its bounds: no response within the request timeout, or no body byte within
 * the stall timeout, aborts it with a RemoteError that names the URL; HTTP statuses become
 * errors that say what they mean. `withRetries` repeats retryable failures with backoff.
 */
import type { ByteStreamReader, ResponseLike } from './fetch-like.ts';
import { RemoteError } from './remote-error.ts';
import type { RemoteSession } from './session.ts';

export interface OpenResponse {
  response: ResponseLike;
  /** Reads the body chunk by chunk; `take` returns false to stop early (the rest is cancelled). */
  pump(take: (chunk: Uint8Array) => boolean): Promise<void>;
  /** Drops the body without reading it. */
  cancel(): void;
}

export async function get(session: RemoteSession, url: string, headers: Record<string, string>): Promise<OpenResponse> {
  const { host, options, stats } = session;
  const controller = host.abortController();
  stats.requests++;
  const response = await within(
    session,
    options.requestTimeoutMs,
    () => {
      controller.abort();
      return new RemoteError(url, `no response within ${seconds(options.requestTimeoutMs)}`, { retryable: true });
    },
    session.fetch(url, { headers, signal: controller.signal }).catch((error: unknown) => {
      throw new RemoteError(url, `the connection failed (${causeOf(error)})`, { retryable: true });
    }),
  );
  let reader: ByteStreamReader | null = null;
  const cancel = () => {
    controller.abort();
    reader?.cancel().catch(() => undefined);
  };
  return {
    response,
    cancel,
    async pump(take) {
      if (!response.body) return;
      reader = response.body.getReader();
      for (;;) {
        const step = await within(
          session,
          options.stallTimeoutMs,
          () => {
            cancel();
            return new RemoteError(url, `no byte for ${seconds(options.stallTimeoutMs)} from ${url}`, { retryable: true, urlInside: true });
          },
          reader.read().catch((error: unknown) => {
            throw new RemoteError(url, `the connection dropped (${causeOf(error)})`, { retryable: true });
          }),
        );
        if (step.done || !step.value) return;
        stats.bytes += step.value.byteLength;
        if (!take(step.value)) {
          cancel();
          return;
        }
      }
    },
  };
}

/** `work`, or the error `onTimeout` makes if it takes longer than `ms`. */
function within<T>(session: RemoteSession, ms: number, onTimeout: () => RemoteError, work: Promise<T>): Promise<T> {
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = session.host.setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => session.host.clearTimeout(timer));
}

/** An HTTP status that is not the one asked for, as an error saying what it means. */
export function statusError(url: string, response: ResponseLike): RemoteError {
  const { status } = response;
  const text = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (status === 404 || status === 410) return new RemoteError(url, `${text}: no such object`, { status });
  if (status === 401 || status === 403) {
    return new RemoteError(url, `${text}: not allowed (the object is not public, or a presigned URL expired or is for another object)`, {
      status,
    });
  }
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  return new RemoteError(url, text, { status, retryable });
}

/** Runs `attempt` until it succeeds, fails for good, or the retries are spent; pauses double each time. */
export async function withRetries<T>(session: RemoteSession, attempt: () => Promise<T>): Promise<T> {
  const { retries, backoffMs } = session.options;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      if (!error.retryable || tries > retries) {
        const final =
          error.retryable && tries > 1
            ? new RemoteError(error.url, `${error.what} (gave up after ${tries} attempts)`, {
                status: error.status,
                urlInside: error.urlInside,
              })
            : error;
        throw session.fail(final);
      }
      session.stats.retries++;
      await sleep(session, Math.min(8000, backoffMs * 2 ** (tries - 1)));
    }
  }
}

function sleep(session: RemoteSession, ms: number): Promise<void> {
  return new Promise((done) => session.host.setTimeout(done, ms));
}

function seconds(ms: number): string {
  return `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/** Node's fetch hides the reason (ECONNREFUSED, a reset) in `cause`. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
