/**
 * Decodes a V1 checkpoint (TF 0.x/1.x Saver before write_version V2): one LevelDB-style table
 * per shard file (`model.ckpt-3000-00000-of-00001`). The "" key holds SavedTensorSlices.meta
 * (name, shape, dtype and slices of every tensor); every other key is an encoded
 * (name, slice) pair whose value is a SavedSlice with the data. Values are not decoded.
 */
import { findFile, type FileSet } from '../../byte-source.ts';
import { baseName, dirName } from '../../byte-source.ts';
import { DecodeError, RepeatedProblems } from '../../errors.ts';
import { emptyFacts, type ModelFacts } from '../../facts.ts';
import { dtypeName } from '../../dtypes.ts';
import { tensorflow } from '../../proto/index.ts';
import { message, shapeOf, sliceExtents } from './bundle-protos.ts';
import { decodeSliceKey, isSliceKey, sliceSpecText, type SliceExtent } from './slice-key.ts';
import { Table } from './table.ts';

const SHARD_SUFFIX = /-(\d{5})-of-(\d{5})$/;

export async function decodeTensorSliceCheckpoint(files: FileSet, path: string): Promise<ModelFacts> {
  const source = findFile(files, path);
  if (!source) throw new DecodeError(path, 'the checkpoint file is not in the file set', { code: 'missing_file' });
  const table = await Table.open(source);
  const facts = emptyFacts();

  let meta: tensorflow.SavedTensorSliceMeta.$Properties | null = null;
  /** Stored record bytes per tensor name, and which (name, slice) records exist. */
  const recordBytes = new Map<string, number>();
  const records = new Set<string>();
  let first = true;
  const repeated = new RepeatedProblems(facts.problems);
  for await (const { key, value } of table.entries()) {
    if (first) {
      first = false;
      if (key.byteLength !== 0)
        throw new DecodeError(path, 'the first entry is not the SavedTensorSlices meta record (the "" key); this is not a V1 checkpoint');
      try {
        meta = tensorflow.SavedTensorSlices.decode(value).meta ?? null;
      } catch (error) {
        throw new DecodeError(path, `the "" record is not a SavedTensorSlices message: ${message(error)}`, { cause: error });
      }
      if (!meta) throw new DecodeError(path, 'the "" record has no SavedTensorSliceMeta; this is not a V1 checkpoint');
      continue;
    }
    const slice = isSliceKey(key) ? decodeSliceKey(key) : null;
    if (!slice) {
      repeated.add(() => new DecodeError(path, `record ${records.size + 1} has a key that is not an encoded tensor slice`));
      continue;
    }
    records.add(recordName(slice.name, slice.extents));
    recordBytes.set(slice.name, (recordBytes.get(slice.name) ?? 0) + value.byteLength);
  }
  if (!meta) throw new DecodeError(path, 'the table is empty: no SavedTensorSlices meta record');

  const shardMatch = SHARD_SUFFIX.exec(path);
  const shard = shardMatch ? Number(shardMatch[1]) : null;
  for (const t of meta.tensor ?? []) {
    const shape = shapeOf(t.shape).dims;
    const slices = (t.slice ?? []).map(sliceExtents);
    for (const s of slices) {
      if (!records.has(recordName(t.name ?? '', s))) {
        repeated.add(
          () =>
            new DecodeError(
              path,
              `tensor "${t.name}" lists slice ${sliceSpecText(s) || '(scalar)'} but the file has no data record for it`,
              {
                hint: 'The checkpoint is corrupted or was written incompletely; restoring this tensor fails.',
              },
            ),
        );
      }
    }
    facts.variables.push({
      name: t.name ?? '',
      dtype: dtypeName(t.type ?? 0),
      shape,
      bytes: recordBytes.get(t.name ?? '') ?? null,
      shard,
      offset: null,
      object_path: null,
      slot: null,
      sliced: slices.length !== 1 || slices[0]!.some((e, d) => e.length !== null && !(e.start === 0 && e.length === shape[d])),
      file: path,
    });
  }
  repeated.finish(path, 'records or slices that are damaged or missing');

  if (shardMatch && Number(shardMatch[2]) > 1) {
    const total = Number(shardMatch[2]);
    const stem = path.slice(0, shardMatch.index);
    for (let i = 0; i < total && i < 100_000; i++) {
      const sibling = `${stem}-${String(i).padStart(5, '0')}-of-${shardMatch[2]}`;
      if (findFile(files, sibling)) continue;
      facts.missing.push({
        path: sibling,
        why: `V1 checkpoint ${baseName(stem)} was saved in ${total} shard files; each holds some of the tensors.`,
        fix: `Copy ${baseName(sibling)} into ${dirName(path) || 'the same folder'} as well.`,
      });
    }
  }

  if (meta.versions) facts.producer.other['checkpoint_version'] = String(meta.versions.producer ?? 0);
  const dtypes = [...new Set(facts.variables.map((v) => v.dtype))].sort().join(', ');
  const n = facts.variables.length;
  facts.artifacts.push({
    readable: true,
    path,
    format: 'checkpoint_v1',
    files: [path],
    summary: `V1 TensorSlice checkpoint (TF 0.x/1.x Saver): ${n} tensor${n === 1 ? '' : 's'}${dtypes ? ` (${dtypes})` : ''}${shard !== null ? `, shard ${shard + 1} of ${shardMatch![2]!.replace(/^0+/, '')}` : ''}`,
  });
  return facts;
}

function recordName(name: string, extents: readonly SliceExtent[]): string {
  return `${name}[${sliceSpecText(extents)}]`;
}
