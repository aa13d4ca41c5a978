/**
 * Sniffing: which artifacts are in this file set? Decided by content (magic bytes, table
 * footers, protobuf structure), with names used only to pair companions (an index with its
 * data shards, a SavedModel with its variables). Also says what is missing.
 */
import { baseName, dirName, joinPath, type ByteSource, type FileSet } from './byte-source.ts';
import type { ArtifactFormat, MissingFact } from './facts.ts';
import { ARTIFACT_KIND_ORDER, ARTIFACT_KINDS, type ArtifactKind, isArtifactKind, probeOf } from './formats/registry.ts';
import { utf8Decode } from './utf8.ts';

/** What one file is, by its content: an artifact's root (see formats/registry.ts) or a companion. */
export type FileKind =
  | ArtifactKind
  | 'data_shard' // <prefix>.data-NNNNN-of-MMMMM (raw tensor bytes; recognised by name only)
  | 'checkpoint_state' // the `checkpoint` text file
  | 'keras_metadata' // keras_metadata.pb beside saved_model.pb
  | 'fingerprint' // fingerprint.pb beside saved_model.pb
  | 'asset' // under assets/ or assets.extra/
  | 'unknown';

export interface SniffedFile {
  source: ByteSource;
  kind: FileKind;
}

/** An artifact to decode: a checkpoint prefix, a SavedModel directory, or one file. */
export interface SniffedArtifact {
  format: ArtifactFormat;
  /** Checkpoint prefix (`variables/variables`), SavedModel directory, or file path. */
  path: string;
  kind: ArtifactKind;
  files: string[];
  /** For a SavedModel: the prefix of its variables checkpoint, when present. */
  variables_prefix: string | null;
}

export interface SniffResult {
  files: SniffedFile[];
  artifacts: SniffedArtifact[];
  missing: MissingFact[];
  /** Files that look like an interrupted save. */
  leftovers: string[];
  /** Files no decoder claims. */
  unknown: string[];
}

const HEAD_BYTES = 64 * 1024;
const DATA_SHARD = /^(.*)\.data-(\d{5})-of-(\d{5})$/;
/** TF writes `<file>.tempstate<N>` while saving atomically, and `<prefix>_temp/` (or `_temp_<uuid>`) for sharded saves. */
const LEFTOVER = /\.tempstate\d*$|(^|\/)[^/]*_temp(_[0-9a-f]+)?\//;

/** Files whose heads are read at once: reads overlap (a folder of thousands of small files). */
const CONCURRENT_READS = 16;

export async function sniff(set: FileSet): Promise<SniffResult> {
  const kinds = await mapConcurrently(set.files, CONCURRENT_READS, kindOf);
  const files: SniffedFile[] = set.files.map((source, i) => ({ source, kind: kinds[i]! }));
  claimDamagedByName(files);

  const byPath = new Map(files.map((f) => [f.source.path, f]));
  const artifacts: SniffedArtifact[] = [];
  const missing: MissingFact[] = [];
  const claimed = new Set<string>();

  // Each folder's saved_model.pb(txt), and the files that may belong to a SavedModel in each
  // folder, found once: a folder of thousands of files that look like SavedModels stays linear.
  const namedIn = new Map<string, SniffedFile>();
  const nearby = new Map<string, SniffedFile[]>();
  for (const g of files) {
    const path = g.source.path;
    if (/^saved_model\.pb(txt)?$/.test(baseName(path)) && !namedIn.has(dirName(path))) namedIn.set(dirName(path), g);
    for (const dir of savedModelDirsOf(path)) {
      const list = nearby.get(dir);
      if (list) list.push(g);
      else nearby.set(dir, [g]);
    }
  }

  // SavedModels first: they claim their variables checkpoint, assets and metadata.
  for (const f of files) {
    if (f.kind !== 'saved_model' && f.kind !== 'saved_model_text') continue;
    const dir = dirName(f.source.path);
    // Tiny protos elsewhere (tfhub_module.pb is `08 03`) look like a SavedModel to the bytes;
    // where a file is named saved_model.pb(txt), that file is the SavedModel.
    const named = namedIn.get(dir);
    if (named && named !== f) continue;
    const members = (nearby.get(dir) ?? []).filter((g) => g === f || isSavedModelCompanion(dir, g));
    const index = [joinPath(dir, 'variables/variables.index'), joinPath(dir, 'variables.index')].find(
      (p) => byPath.get(p)?.kind === 'bundle_index',
    );
    for (const m of members) claimed.add(m.source.path);
    artifacts.push({
      format: 'saved_model',
      path: dir,
      kind: f.kind,
      files: members.map((m) => m.source.path),
      variables_prefix: index ? index.slice(0, -'.index'.length) : null,
    });
  }

  // Data shards by prefix, found once (a folder can hold thousands of indexes and shards).
  const shardsOf = new Map<string, SniffedFile[]>();
  for (const f of files) {
    const prefix = DATA_SHARD.exec(f.source.path)?.[1];
    if (prefix === undefined) continue;
    const list = shardsOf.get(prefix);
    if (list) list.push(f);
    else shardsOf.set(prefix, [f]);
  }

  // Checkpoints: each index with the data shards named after its prefix.
  for (const f of files) {
    if (f.kind !== 'bundle_index') continue;
    // An index by content under another name (renamed, a copy's "(1)"): its path is the prefix,
    // so the decoder says that TensorFlow would look for "<prefix>.index".
    const prefix = f.source.path.endsWith('.index') ? f.source.path.slice(0, -'.index'.length) : f.source.path;
    const shards = shardsOf.get(prefix) ?? [];
    const members = [f, ...shards];
    const stateFile = byPath.get(joinPath(dirName(prefix), 'checkpoint'));
    if (stateFile?.kind === 'checkpoint_state') members.push(stateFile);
    for (const m of members) claimed.add(m.source.path);
    artifacts.push({
      format: 'checkpoint',
      path: prefix,
      kind: 'bundle_index',
      files: members.map((m) => m.source.path),
      variables_prefix: null,
    });
    // Missing data shards are named by the checkpoint decoder, which knows how many the header declares.
  }

  // Data shards without their index: one missing index per prefix, naming all its shards.
  const orphans = new Map<string, string[]>();
  for (const f of files) {
    const m = DATA_SHARD.exec(f.source.path);
    if (!m || claimed.has(f.source.path)) continue;
    claimed.add(f.source.path);
    const list = orphans.get(m[1]!);
    if (list) list.push(f.source.path);
    else orphans.set(m[1]!, [f.source.path]);
  }
  for (const [prefix, shards] of orphans) {
    missing.push({
      path: `${prefix}.index`,
      why: `${shards.join(', ')} ${shards.length === 1 ? 'is a checkpoint data shard' : 'are checkpoint data shards'}; without ${baseName(prefix)}.index nothing says which tensor is where`,
      fix: `Add ${baseName(prefix)}.index from the same folder.`,
    });
  }

  // A `variables/` folder whose SavedModel graph is missing.
  const variableDirs = new Set(
    files.filter((f) => /(^|\/)variables\/variables\.index$/.test(f.source.path)).map((f) => dirName(dirName(f.source.path))),
  );
  const savedModelDirs = new Set(artifacts.filter((a) => a.format === 'saved_model').map((a) => a.path));
  for (const dir of variableDirs) {
    if (savedModelDirs.has(dir)) continue;
    missing.push({
      path: joinPath(dir, 'saved_model.pb'),
      why: `${joinPath(dir, 'variables/')} is the variables folder of a SavedModel, but the SavedModel's graph (saved_model.pb) was not given`,
      fix: `Add saved_model.pb from ${dir || 'the SavedModel folder'}; or, if this folder holds only a checkpoint, load it with tf.train.Checkpoint(...).restore(prefix).`,
    });
  }

  // Single-file artifacts.
  for (const f of files) {
    if (claimed.has(f.source.path) || !isArtifactKind(f.kind)) continue;
    claimed.add(f.source.path);
    artifacts.push({
      format: ARTIFACT_KINDS[f.kind].format,
      path: f.source.path,
      kind: f.kind,
      files: [f.source.path],
      variables_prefix: null,
    });
  }

  // A `checkpoint` state file alone still tells where checkpoints were (and a moved directory).
  for (const f of files) {
    if (f.kind !== 'checkpoint_state' || claimed.has(f.source.path)) continue;
    claimed.add(f.source.path);
  }

  const leftovers = files.filter((f) => LEFTOVER.test(f.source.path)).map((f) => f.source.path);
  const leftover = new Set(leftovers);
  const unknown = files
    .filter((f) => !claimed.has(f.source.path) && f.kind === 'unknown' && !leftover.has(f.source.path))
    .map((f) => f.source.path);
  return { files, artifacts, missing, leftovers, unknown };
}

/** The folders a SavedModel could be in for `path` to be its companion (see isSavedModelCompanion). */
function savedModelDirsOf(path: string): string[] {
  const parts = path.split('/');
  const dirs = [dirName(path)];
  for (let k = 0; k < parts.length - 1; k++) {
    if (parts[k] === 'variables' || parts[k] === 'assets' || parts[k] === 'assets.extra') dirs.push(parts.slice(0, k).join('/'));
  }
  return dirs;
}

function isSavedModelCompanion(dir: string, f: SniffedFile): boolean {
  const p = f.source.path;
  const inside = (sub: string) => p.startsWith(joinPath(dir, sub));
  if (inside('variables/') || inside('assets/') || inside('assets.extra/')) return true;
  if (dirName(p) !== dir) return false;
  const name = baseName(p);
  return (
    name === 'keras_metadata.pb' ||
    name === 'fingerprint.pb' ||
    name === 'tfhub_module.pb' ||
    /^variables\.(index|data-\d{5}-of-\d{5})$/.test(name)
  );
}

/**
 * A damaged file (a flipped byte fails a block checksum, a cut removes a footer or a protobuf's
 * last field) no longer sniffs as anything, but its name still says what it was meant to be:
 * such a file is decoded as that, so the decoder says what is wrong with it instead of the file
 * silently vanishing from the report. Only files no content check claimed are named this way.
 */
function claimDamagedByName(files: SniffedFile[]): void {
  for (const f of files) {
    if (f.kind !== 'unknown' || LEFTOVER.test(f.source.path)) continue;
    const kind = kindByName(baseName(f.source.path));
    if (kind) f.kind = kind;
  }
}

function kindByName(name: string): FileKind | null {
  if (name === 'checkpoint') return 'checkpoint_state';
  return ARTIFACT_KIND_ORDER.find((kind) => ARTIFACT_KINDS[kind].byName?.test(name)) ?? null;
}

/** Content first; names only where content cannot tell (data shards, SavedModel companions). */
async function kindOf(source: ByteSource): Promise<FileKind> {
  const name = baseName(source.path);
  if (/(^|\/)assets(\.extra)?\//.test(source.path)) return 'asset';
  if (DATA_SHARD.test(source.path)) return 'data_shard';
  if (name === 'keras_metadata.pb') return 'keras_metadata';
  if (name === 'fingerprint.pb') return 'fingerprint';
  if (source.size === 0) return 'unknown';
  const head = await source.read(0, Math.min(source.size, HEAD_BYTES));
  const probe = probeOf(source, head, (h) => (isMostlyText(h) ? utf8Decode(h) : null));
  for (const kind of ARTIFACT_KIND_ORDER) {
    // A `checkpoint` state file is text too: it is told apart before the text formats are tried.
    if (kind === 'tensor_slices_text' && /^\s*model_checkpoint_path\s*:/m.test(probe.text() ?? '')) return 'checkpoint_state';
    if (await ARTIFACT_KINDS[kind].sniff(probe)) return kind;
  }
  return 'unknown';
}

function isMostlyText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n === 0) return false;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0x80) printable++;
    else if (b === 0) return false;
  }
  return printable / n > 0.95;
}

/** `map` over `items` with at most `limit` calls pending at once; results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
