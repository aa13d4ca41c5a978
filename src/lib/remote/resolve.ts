/**
 * Which files an address stands for. Object storage cannot be listed over plain HTTP, so the
 * names come from what the first files say:
 *  - a checkpoint prefix (or its .index, or a data shard): `<prefix>.index`, then the shards
 *    its header declares, and the `checkpoint` state file next to it when there is one;
 *  - a SavedModel folder (`.../model/` or `.../saved_model.pb`): saved_model.pb (or .pbtxt),
 *    variables/variables.index and its shards, fingerprint.pb and keras_metadata.pb when present;
 *  - a folder holding only checkpoints: the prefix its `checkpoint` state file names;
 *  - anything else (.keras, .h5, ...): that one file.
 * A URL with a query string (presigned) is signed for one object: it is used as given, alone.
 */
import { type ByteSource, BytesSource, MAX_FILES, readAll } from '../byte-source.ts';
import { DecodeError } from '../errors.ts';
import { readBundleIndex } from '../formats/checkpoint/bundle-index.ts';
import { parseCheckpointState } from '../formats/checkpoint/checkpoint-state.ts';
import { dataFileName, indexFileName } from '../formats/checkpoint/shard-files.ts';
import { utf8Decode } from '../utf8.ts';
import { openHttpFile } from './http-source.ts';
import { RemoteError } from './remote-error.ts';
import type { RemoteSession } from './session.ts';
import { hasQuery, httpUrlOf, pathSegments, stripQuery } from './url-map.ts';

export interface RemoteTarget {
  files: ByteSource[];
  /** The checkpoint prefix in the file set's paths when the address named one (`folder/ckpt-1`), else null. */
  prefix: string | null;
  /** Declared files beyond MAX_FILES that were not opened. */
  skipped: number;
}

/** Index and state files are small and read by several steps: they are fetched once, whole, up to this size. */
const SMALL_FILE_LIMIT = 64 * 1024 * 1024;
const SHARD_RE = /\.data-\d{5}-of-\d{5}$/;

export async function openRemote(session: RemoteSession, address: string): Promise<RemoteTarget> {
  const url = httpUrlOf(address);
  const segments = pathSegments(url);
  const name = segments.at(-1) ?? '';
  // Paths start with the folder's own name, as for a folder on disk; a single file is its name, as on disk.
  const root = segments.at(-2) || 'root';
  if (hasQuery(url)) return single(session, url, name || 'file');
  if (name === '') return openFolder(session, url, segments.at(-2) || 'root');
  if (name === 'saved_model.pb' || name === 'saved_model.pbtxt') return openSavedModel(session, siblingBase(url), root);
  if (name.endsWith('.index')) return openCheckpoint(session, url.slice(0, -'.index'.length), root, true);
  if (SHARD_RE.test(name)) return openCheckpoint(session, url.replace(SHARD_RE, ''), root, true);
  if (/\.(keras|h5|hdf5|pb|pbtxt|json|zip)$/i.test(name)) return single(session, url, name);
  // A bare name: a checkpoint prefix if `<name>.index` exists, else a folder, else the file itself.
  const asCheckpoint = await openCheckpoint(session, url, root, false);
  if (asCheckpoint.files.length > 0) return asCheckpoint;
  const asFolder = await openFolder(session, `${url}/`, name, false);
  if (asFolder.files.length > 0) return asFolder;
  return single(session, url, name);
}

async function single(session: RemoteSession, url: string, path: string): Promise<RemoteTarget> {
  const file = await openHttpFile(session, url, path);
  if (!file) throw new RemoteError(stripQuery(url), 'HTTP 404: no such object', { status: 404 });
  return { files: [file], prefix: null, skipped: 0 };
}

function siblingBase(url: string): string {
  return url.slice(0, url.lastIndexOf('/') + 1);
}

/** A folder URL (ending in `/`): a SavedModel, or checkpoints with a `checkpoint` state file. */
async function openFolder(session: RemoteSession, folderUrl: string, root: string, required = true): Promise<RemoteTarget> {
  const savedModel = await openSavedModel(session, folderUrl, root, false);
  if (savedModel.files.length > 0) return savedModel;
  const state = await openSmall(session, `${folderUrl}checkpoint`, `${root}/checkpoint`);
  if (state) {
    const text = utf8Decode((await readAll(state, SMALL_FILE_LIMIT, 'checkpoint state file')).subarray(0, 1 << 20));
    const latest = parseCheckpointState(text, state.path).model_checkpoint_path;
    // Only a name inside this folder: an absolute path in the state file is where it was saved, not here.
    if (latest && !latest.includes('/') && !latest.includes('\\')) {
      const target = await openCheckpoint(session, `${folderUrl}${encodeURIComponent(latest)}`, root, false, state);
      if (target.files.length > 0) return target;
    }
    return { files: [state], prefix: null, skipped: 0 };
  }
  if (!required) return { files: [], prefix: null, skipped: 0 };
  throw new RemoteError(
    folderUrl,
    'no saved_model.pb, saved_model.pbtxt or checkpoint state file here (a bucket cannot be listed over HTTP: give the checkpoint prefix, its .index, or the model file)',
    { status: 404 },
  );
}

async function openSavedModel(session: RemoteSession, folderUrl: string, root: string, required = true): Promise<RemoteTarget> {
  const graph =
    (await openHttpFile(session, `${folderUrl}saved_model.pb`, `${root}/saved_model.pb`)) ??
    (await openHttpFile(session, `${folderUrl}saved_model.pbtxt`, `${root}/saved_model.pbtxt`));
  if (!graph) {
    if (!required) return { files: [], prefix: null, skipped: 0 };
    throw new RemoteError(`${folderUrl}saved_model.pb`, 'HTTP 404: no saved_model.pb or saved_model.pbtxt in this folder', {
      status: 404,
    });
  }
  const files: ByteSource[] = [graph];
  for (const extra of ['fingerprint.pb', 'keras_metadata.pb']) {
    const file = await openHttpFile(session, `${folderUrl}${extra}`, `${root}/${extra}`);
    if (file) files.push(file);
  }
  const variables = await openCheckpoint(session, `${folderUrl}variables/variables`, `${root}/variables`, false);
  files.push(...variables.files);
  return { files, prefix: null, skipped: variables.skipped };
}

/**
 * `<prefixUrl>.index` and the shards its header declares. Without the index (404) the result is
 * empty, or an error when the address named the checkpoint itself.
 */
async function openCheckpoint(
  session: RemoteSession,
  prefixUrl: string,
  folder: string,
  required: boolean,
  knownState: ByteSource | null = null,
): Promise<RemoteTarget> {
  const base = pathSegments(prefixUrl).at(-1) ?? '';
  const prefix = `${folder}/${base}`;
  const index = await openSmall(session, indexFileName(prefixUrl), indexFileName(prefix));
  if (!index) {
    if (required) throw new RemoteError(indexFileName(prefixUrl), 'HTTP 404: no such object (the checkpoint index)', { status: 404 });
    return { files: [], prefix: null, skipped: 0 };
  }
  const files: ByteSource[] = [index];
  const state = knownState ?? (await openSmall(session, `${siblingBase(prefixUrl)}checkpoint`, `${folder}/checkpoint`));
  if (state) files.push(state);

  let numShards = 0;
  try {
    numShards = (await readBundleIndex(index)).header.num_shards;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { files, prefix, skipped: 0 }; // the decoder reports what is wrong with the index
  }
  // A header can claim 100,000 shards in a few bytes: look up at most MAX_FILES of them.
  const wanted = Math.min(Math.max(numShards, 0), MAX_FILES);
  const shards = await mapConcurrently(wanted, session.options.concurrency, (i) =>
    openHttpFile(session, dataFileName(prefixUrl, i, numShards), dataFileName(prefix, i, numShards)),
  );
  for (const shard of shards) if (shard) files.push(shard); // a missing shard is named by the decoder
  return { files, prefix, skipped: Math.max(0, numShards - wanted) };
}

/** Opens a small file and holds it in memory, so the steps that read it again cost no request. */
async function openSmall(session: RemoteSession, url: string, path: string): Promise<ByteSource | null> {
  const file = await openHttpFile(session, url, path);
  if (!file || file.size > SMALL_FILE_LIMIT || file instanceof BytesSource) return file;
  return new BytesSource(path, await readAll(file, SMALL_FILE_LIMIT, 'file'));
}

async function mapConcurrently<R>(count: number, limit: number, map: (i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await map(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}
