/**
 * Decodes a V2 checkpoint (tensor bundle): `<prefix>.index` plus its data shards, into ModelFacts.
 * Only the index and the object-graph tensor are read; variable values stay on disk
 * (verifyCheckpoint streams them when checksums are wanted).
 */
import { findFile, readExact, type ByteSource, type FileSet } from '../../byte-source.ts';
import { DecodeError, RepeatedProblems, asDecodeError } from '../../errors.ts';
import { append, emptyFacts, type ModelFacts, type VariableFact } from '../../facts.ts';
import { dtypeName, dtypeSize } from '../../dtypes.ts';
import { readBundleIndex, type BundleIndex, type IndexedEntry } from './bundle-index.ts';
import { byteRangeText, elementCount, isByteRange } from './bundle-protos.ts';
import { decodeObjectGraph, OBJECT_GRAPH_KEY, type ObjectGraphInfo } from './object-graph.ts';
import { dataFileName, dataFilesOf, indexFileName, MAX_LISTED_MISSING_SHARDS, moreMissingShards, saveLeftovers } from './shard-files.ts';
import { decodeStringTensor } from './string-tensor.ts';
import { SNAPPY_COMPRESSION } from './table.ts';

/** The object graph of even a huge model is a few MB; refuse to buffer more than this. */
const MAX_OBJECT_GRAPH_BYTES = 256 * 1024 * 1024;
/** More declared shards than this is a corrupted header, not a real checkpoint. */
const MAX_SHARDS = 100_000;
const NO_SLICES: readonly IndexedEntry[] = [];

export async function decodeCheckpoint(files: FileSet, prefix: string): Promise<ModelFacts> {
  const indexPath = indexFileName(prefix);
  const index = findFile(files, indexPath);
  if (!index) {
    throw new DecodeError(indexPath, 'the checkpoint index file is not in the file set', {
      code: 'missing_file',
      hint: `A checkpoint prefix "${prefix}" needs "${indexPath}" next to its data files.`,
    });
  }
  const bundle = await readBundleIndex(index);
  const facts = emptyFacts();
  const { header } = bundle;
  const numShards = header.num_shards;

  if (numShards < 0 || numShards > MAX_SHARDS) {
    facts.problems.push(new DecodeError(indexPath, `the header declares ${numShards} data shards, which cannot be right`));
  }
  const shards: (ByteSource | null)[] = [];
  for (let i = 0; i < Math.min(Math.max(numShards, 0), MAX_SHARDS); i++) shards.push(findFile(files, dataFileName(prefix, i, numShards)));
  reportMissingShards(facts, files, bundle, prefix, shards);

  let graph: ObjectGraphInfo | null = null;
  const graphEntry = bundle.entries.find((e) => e.key === OBJECT_GRAPH_KEY && e.slice === null);
  if (graphEntry) {
    try {
      graph = await readObjectGraph(graphEntry, shards[graphEntry.entry.shard_id] ?? null, prefix, numShards);
    } catch (error) {
      facts.problems.push(
        asDecodeError(dataFileName(prefix, graphEntry.entry.shard_id, numShards), error, 'the object graph cannot be read'),
      );
    }
  }
  if (graph) {
    facts.object_graph = graph.nodes;
    facts.optimizer = graph.optimizer;
    const repeated = new RepeatedProblems(facts.problems);
    for (const p of graph.problems) repeated.add(() => new DecodeError(indexPath, `object graph: ${p}`));
    repeated.finish(indexPath, 'object graph problems');
  }

  const slicesByName = new Map<string, IndexedEntry[]>();
  for (const e of bundle.entries) {
    if (!e.slice) continue;
    const list = slicesByName.get(e.slice.name) ?? [];
    list.push(e);
    slicesByName.set(e.slice.name, list);
  }

  // One file-name string per shard, not one per variable (an index can hold 100,000+).
  const shardNames = new Map<number, string>();
  const shardName = (id: number): string => {
    let name = shardNames.get(id);
    if (name === undefined) {
      name = dataFileName(prefix, id, numShards);
      shardNames.set(id, name);
    }
    return name;
  };
  const repeated = new RepeatedProblems(facts.problems);
  for (const e of bundle.entries) {
    checkEntry(repeated, e, shards, numShards, indexPath);
    if (e.slice || e.key === OBJECT_GRAPH_KEY) continue;
    facts.variables.push(variableOf(e, slicesByName.get(e.key) ?? NO_SLICES, graph, shardName, indexPath));
  }
  repeated.finish(indexPath, 'tensors whose index entries are damaged or point past their shard');

  const present = shards.flatMap((s) => (s ? [s.path] : []));
  facts.artifacts.push({
    readable: true,
    path: prefix,
    format: 'checkpoint',
    files: [indexPath, ...present],
    summary: summarize(bundle, facts, graphEntry !== undefined),
  });
  facts.producer.other['checkpoint_bundle_version'] = String(header.version?.producer ?? 0);
  facts.producer.other['checkpoint_endianness'] = header.endianness;
  append(facts.leftovers, saveLeftovers(files, prefix));
  return facts;
}

function variableOf(
  e: IndexedEntry,
  slices: readonly IndexedEntry[],
  graph: ObjectGraphInfo | null,
  shardName: (id: number) => string,
  indexPath: string,
): VariableFact {
  const sliced = e.entry.slices.length > 0;
  const holder = sliced ? slices[0] : e;
  return {
    name: e.key,
    dtype: dtypeName(e.entry.dtype),
    shape: e.entry.shape,
    // Sizes and offsets that are no byte range (int64 beyond 2^53, negative) are unknown, not numbers to add up.
    bytes: sliced ? slicedBytes(slices) : isByteRange(e.entry) ? e.entry.size : null,
    shard: sliced ? null : e.entry.shard_id,
    offset: sliced || !isByteRange(e.entry) ? null : e.entry.offset,
    object_path: graph?.paths.get(e.key) ?? null,
    slot: graph?.slots.get(e.key) ?? null,
    sliced,
    file: holder ? shardName(holder.entry.shard_id) : indexPath,
  };
}

function slicedBytes(slices: readonly IndexedEntry[]): number | null {
  let sum = 0;
  for (const s of slices) {
    if (!isByteRange(s.entry)) return null;
    sum += s.entry.size;
  }
  return Number.isSafeInteger(sum) ? sum : null;
}

/** Checks that need no data bytes: shard id in range, range inside the shard, size matching dtype and shape. */
function checkEntry(
  problems: RepeatedProblems,
  e: IndexedEntry,
  shards: readonly (ByteSource | null)[],
  numShards: number,
  indexPath: string,
): void {
  const { entry } = e;
  if (entry.slices.length > 0) return; // a partitioned tensor's own entry holds no bytes
  if (entry.shard_id < 0 || entry.shard_id >= numShards) {
    problems.add(
      () => new DecodeError(indexPath, `tensor "${e.key}" is in shard ${entry.shard_id}, but the header declares ${numShards} shard(s)`),
    );
    return;
  }
  const shard = shards[entry.shard_id];
  if (!isByteRange(entry)) {
    problems.add(
      () =>
        new DecodeError(indexPath, `tensor "${e.key}": ${byteRangeText(entry)}`, {
          hint: 'The index is corrupted: TensorFlow fails reading this tensor ("Read less bytes than requested" or an out-of-range read).',
        }),
    );
  } else if (shard && entry.offset + entry.size > shard.size) {
    problems.add(
      () =>
        new DecodeError(
          shard.path,
          `tensor "${e.key}" needs bytes ${entry.offset}..${entry.offset + entry.size} but the shard has only ${shard.size} bytes`,
          {
            offset: entry.offset,
            hint: 'The data shard is truncated (an interrupted save or copy).',
          },
        ),
    );
  }
  const itemSize = dtypeSize(dtypeName(entry.dtype));
  const count = elementCount(entry.shape);
  if (itemSize !== null && count !== null && count * itemSize !== entry.size) {
    problems.add(
      () =>
        new DecodeError(
          indexPath,
          `tensor "${e.key}" (${dtypeName(entry.dtype)} ${JSON.stringify(entry.shape)}) should have ${count * itemSize} bytes but its entry says ${entry.size}`,
          {
            hint: 'TensorFlow refuses this entry ("Invalid size in bundle entry"); the index is corrupted.',
          },
        ),
    );
  }
}

/**
 * One missing fact and one problem per missing shard, up to MAX_LISTED_MISSING_SHARDS; the rest
 * in one more of each. Tensors are counted per shard in one pass over the entries.
 */
function reportMissingShards(
  facts: ModelFacts,
  files: FileSet,
  bundle: BundleIndex,
  prefix: string,
  shards: readonly (ByteSource | null)[],
): void {
  const numShards = bundle.header.num_shards;
  const missing: number[] = [];
  for (let i = 0; i < shards.length; i++) if (!shards[i]) missing.push(i);
  if (missing.length === 0) return;
  const tensorsIn = new Map<number, number>();
  for (const e of bundle.entries) {
    if (e.entry.slices.length === 0) tensorsIn.set(e.entry.shard_id, (tensorsIn.get(e.entry.shard_id) ?? 0) + 1);
  }
  const present = dataFilesOf(files, prefix).map((f) => f.path);
  const other =
    present.length > 0
      ? ` Data files present: ${present.slice(0, 10).join(', ')}${present.length > 10 ? `, and ${present.length - 10} more` : ''}.`
      : '';
  const hint = 'Restoring fails with NotFound for this file.';
  for (const i of missing.slice(0, MAX_LISTED_MISSING_SHARDS)) {
    const path = dataFileName(prefix, i, numShards);
    const tensors = tensorsIn.get(i) ?? 0;
    facts.missing.push({
      path,
      why: `The checkpoint index declares ${numShards} data shard(s); shard ${i} holds ${tensors} tensor(s).${other}`,
      fix: `Copy ${path} from where the checkpoint was saved, next to ${indexFileName(prefix)}.`,
    });
    facts.problems.push(
      new DecodeError(path, `data shard ${i} of ${numShards} is missing (${tensors} tensor(s) live in it)`, { code: 'missing_file', hint }),
    );
  }
  const rest = missing.slice(MAX_LISTED_MISSING_SHARDS);
  if (rest.length === 0) return;
  const path = moreMissingShards(prefix, numShards, rest.length);
  let tensors = 0;
  for (const i of rest) tensors += tensorsIn.get(i) ?? 0;
  const range = `shards ${rest[0]} to ${rest[rest.length - 1]}`;
  facts.missing.push({
    path,
    why: `The checkpoint index declares ${numShards} data shard(s); ${rest.length} more of them (${range}, ${tensors} tensor(s) in all) are missing besides the ${MAX_LISTED_MISSING_SHARDS} listed.${other}`,
    fix: `Copy every ${prefix}.data-*-of-${dataFileName(prefix, 0, numShards).slice(-5)} file from where the checkpoint was saved, next to ${indexFileName(prefix)}.`,
  });
  facts.problems.push(
    new DecodeError(path, `${rest.length} more data shards of ${numShards} are missing (${range}; ${tensors} tensor(s) live in them)`, {
      code: 'missing_file',
      hint,
    }),
  );
}

async function readObjectGraph(
  e: IndexedEntry,
  shard: ByteSource | null,
  prefix: string,
  numShards: number,
): Promise<ObjectGraphInfo | null> {
  if (!shard) return null;
  const { entry } = e;
  const file = dataFileName(prefix, entry.shard_id, numShards);
  if (entry.dtype !== 7) throw new DecodeError(file, `${OBJECT_GRAPH_KEY} has dtype ${dtypeName(entry.dtype)}, expected string`);
  if (entry.size > MAX_OBJECT_GRAPH_BYTES)
    throw new DecodeError(file, `${OBJECT_GRAPH_KEY} is ${entry.size} bytes, above the ${MAX_OBJECT_GRAPH_BYTES}-byte limit`, {
      code: 'too_large',
    });
  const elements = elementCount(entry.shape);
  if (elements !== 1)
    throw new DecodeError(file, `${OBJECT_GRAPH_KEY} should be a scalar string, has shape ${JSON.stringify(entry.shape)}`);
  const bytes = await readExact(shard, entry.offset, entry.size, OBJECT_GRAPH_KEY);
  const [proto] = decodeStringTensor(bytes, 1, file, entry.offset, OBJECT_GRAPH_KEY);
  return decodeObjectGraph(proto!, file);
}

function summarize(bundle: BundleIndex, facts: ModelFacts, objectBased: boolean): string {
  const dtypes = [...new Set(facts.variables.map((v) => v.dtype))].sort().join(', ');
  const n = facts.variables.length;
  const parts = [
    `V2 checkpoint: ${n} tensor${n === 1 ? '' : 's'}${dtypes ? ` (${dtypes})` : ''} in ${bundle.header.num_shards} shard${bundle.header.num_shards === 1 ? '' : 's'}`,
  ];
  parts.push(objectBased ? `object-based (${OBJECT_GRAPH_KEY})` : 'name-based (no object graph; TF1 Saver)');
  const sliced = facts.variables.filter((v) => v.sliced).length;
  if (sliced > 0) parts.push(`${sliced} partitioned`);
  if (bundle.header.endianness === 'big') parts.push('big-endian');
  const blocks = bundle.table.index.length;
  const snappy = bundle.table.dataBlockCompression.filter((c) => c === SNAPPY_COMPRESSION).length;
  parts.push(`index table: ${blocks} data block${blocks === 1 ? '' : 's'}${snappy > 0 ? ` (${snappy} Snappy)` : ''}`);
  return parts.join(', ');
}
