/** What the remote benchmark tasks use of the library (one import line for task.ts). */
export { fileSet as fileSetOf } from '../src/lib/byte-source.ts';
export { type FetchLike, openRemote, RemoteSession } from '../src/lib/remote/index.ts';
