/**
 * The CLI's inputs as one FileSet: paths on disk through the Node file source, addresses
 * (https://, gs://, s3://) through the library's HTTP Range reader with Node's fetch.
 */
import type { ByteSource, FileSet } from '../lib/byte-source.ts';
import { type FetchLike, isRemoteAddress, openRemote, RemoteError, RemoteSession } from '../lib/remote/index.ts';
import { openPaths } from '../node/file-source.ts';
import { InputFileError } from './usage-error.ts';

export interface OpenedInputs {
  files: FileSet & { close(): Promise<void> };
  /** Set when any input was an address: its limits, counters and first failure. */
  session: RemoteSession | null;
  /** The checkpoint prefix (in file-set paths) an address named, for `verify <url>`. */
  remotePrefix: string | null;
}

export interface RemoteSettings {
  /** Seconds without a response or without a byte before a request is retried, then failed. */
  timeoutSeconds?: number;
  /** Tests pass a recording fetch; the default is Node's. */
  fetch?: FetchLike;
}

export async function openInputs(inputs: readonly string[], settings: RemoteSettings = {}): Promise<OpenedInputs> {
  const addresses = inputs.filter(isRemoteAddress);
  const paths = inputs.filter((p) => !isRemoteAddress(p));
  const local = paths.length > 0 ? await openPaths(paths) : null;
  const session = addresses.length > 0 ? newSession(settings) : null;
  const remote: ByteSource[] = [];
  let remotePrefix: string | null = null;
  let skipped = 0;
  try {
    for (const address of addresses) {
      const target = await openRemote(session!, address);
      remote.push(...target.files);
      remotePrefix ??= target.prefix;
      skipped += target.skipped;
    }
  } catch (error) {
    await local?.close();
    if (error instanceof RemoteError) throw new InputFileError(error.message);
    throw error;
  }
  const files = [...(local?.files ?? []), ...remote];
  const total = files.length + skipped + (local?.skipped ? local.skipped.total - local.files.length : 0);
  const where = [...paths, ...addresses].join(', ');
  return {
    files: {
      files,
      ...(total > files.length ? { skipped: { total, complete: local?.skipped?.complete ?? true, where } } : {}),
      close: async () => {
        await local?.close();
      },
    },
    session,
    remotePrefix,
  };
}

function newSession(settings: RemoteSettings): RemoteSession {
  const fetchFn = settings.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const ms = settings.timeoutSeconds === undefined ? undefined : Math.round(settings.timeoutSeconds * 1000);
  return new RemoteSession(fetchFn, ms === undefined ? {} : { requestTimeoutMs: ms, stallTimeoutMs: ms });
}

/** "fetched 1.2 MiB in 7 requests" for stderr: what an address cost. */
export function fetchedLine(session: RemoteSession): string {
  const { bytes, requests, retries } = session.stats;
  const size = bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
  return `fetched ${size} in ${requests} request${requests === 1 ? '' : 's'}${retries > 0 ? ` (${retries} retried)` : ''}`;
}
