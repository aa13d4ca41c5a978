/**
 * The checker's side of reading by address: the library's HTTP Range reader with the browser's
 * fetch, and what to tell the reader when the browser may not read the server. A cross-origin
 * read the server does not allow (CORS) and an unreachable server look the same to a page (a
 * bare "Failed to fetch"), so the message names both and gives the CLI command, which has no
 * such limit.
 */
import { type FileSet, fileSet } from '../lib/byte-source.ts';
import { type FetchLike, openRemote, RemoteError, RemoteSession } from '../lib/remote/index.ts';

export interface RemoteFiles {
  files: FileSet;
  session: RemoteSession;
}

/** One retry in the page: a blocked cross-origin read fails the same way every time. */
const PAGE_RETRIES = 1;

export async function openAddress(address: string, fetchFn: FetchLike): Promise<RemoteFiles> {
  const session = new RemoteSession(fetchFn, { retries: PAGE_RETRIES });
  const target = await openRemote(session, address);
  return { files: fileSet(target.files), session };
}

/** What the page says when reading `address` failed with `error`. */
export function addressProblem(address: string, error: unknown): string {
  const cli = `tf-restore-doctor inspect ${address}`;
  if (error instanceof RemoteError && /^the connection failed/.test(error.what)) {
    return `This page cannot read ${error.url}: the server does not allow cross-origin reads (CORS) from this site, or it cannot be reached. Run this instead on a machine that can reach it: ${cli}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${message}. From the command line: ${cli}`;
}
