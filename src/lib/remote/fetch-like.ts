/**
 * The part of `fetch` the remote reader needs, typed here because src/lib has no DOM types. The
 * CLI passes Node's global fetch, the browser worker its own, tests a recording wrapper: nothing
 * in src/lib reaches the network unless a caller hands it a fetch.
 */
export interface ByteStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

export interface ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): ByteStreamReader } | null;
}

export interface AbortControllerLike {
  readonly signal: unknown;
  abort(reason?: unknown): void;
}

export type FetchLike = (url: string, init: { headers: Record<string, string>; signal: unknown }) => Promise<ResponseLike>;

/** Timers and abort controllers, injectable for tests; the defaults are the host's (browser or Node). */
export interface Host {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  abortController(): AbortControllerLike;
}

const globals = globalThis as unknown as {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  AbortController: new () => AbortControllerLike;
};

export const defaultHost: Host = {
  setTimeout: (run, ms) => globals.setTimeout(run, ms),
  clearTimeout: (handle) => globals.clearTimeout(handle),
  abortController: () => new globals.AbortController(),
};
