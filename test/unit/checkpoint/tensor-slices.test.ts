/**
 * V1 (TensorSlice) checkpoints from the fixtures: the table is found by content, and the
 * tensors match `protoc --decode` of the "" record's SavedTensorSliceMeta and the records.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dtypeName } from '../../../src/lib/dtypes.ts';
import { decodeCheckpoint, decodeTensorSliceCheckpoint, sniffTable } from '../../../src/lib/formats/checkpoint/index.ts';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { fixturePath, openFixture } from '../../helpers/fixtures.ts';
import { decodeWithSchema, num, str, sub, walkTable } from './evidence.ts';

// MANIFEST.md rows "Checkpoint V1 (TensorSlice)".
const V1 = [
  'tensorboard/tensorboard/functionaltests/testdata/model.ckpt-3000-00000-of-00001',
  'tf-serving/tensorflow_serving/session_bundle/testdata/half_plus_two/00000123/export-00000-of-00001',
];

// Field numbers from tensorflow/core/util/saved_tensor_slice.proto and framework/*.proto.
const SCHEMA = `syntax = "proto3";
package t;
message Dim { int64 size = 1; }
message Shape { repeated Dim dim = 2; }
message Extent { int64 start = 1; oneof has_length { int64 length = 2; } }
message Slice { repeated Extent extent = 1; }
message Meta { string name = 1; Shape shape = 2; int32 type = 3; repeated Slice slice = 4; }
message MetaList { repeated Meta tensor = 1; }
message SavedSlice { string name = 1; Slice slice = 2; }
message Record { MetaList meta = 1; SavedSlice data = 2; }`;

describe('V1 TensorSlice checkpoints', () => {
  for (const rel of V1) {
    it(`${rel}: tensors match protoc's reading of the meta record`, async () => {
      const bytes = readFileSync(fixturePath(rel));
      const raw = walkTable(bytes);
      const meta = sub(decodeWithSchema(raw.entries[0]!.value, SCHEMA, 't.Record'), 'meta')[0]!;
      const tensors = sub(meta, 'tensor');
      const records = raw.entries.slice(1).map((e) => decodeWithSchema(e.value, SCHEMA, 't.Record'));

      const files = await openFixture(rel);
      try {
        const source = files.files[0]!;
        expect(await sniffTable(source)).toBe('tensor_slices');
        const facts = await decodeTensorSliceCheckpoint(files, source.path);
        expect(facts.problems).toEqual([]);
        expect(facts.artifacts[0]!.format).toBe('checkpoint_v1');
        expect(facts.variables.map((v) => v.name)).toEqual(tensors.map((t) => str(t, 'name')));
        facts.variables.forEach((v, i) => {
          const t = tensors[i]!;
          expect(v.dtype).toBe(dtypeName(num(t, 'type')));
          expect(v.shape).toEqual(sub(sub(t, 'shape')[0] ?? new Map(), 'dim').map((d) => num(d, 'size')));
          expect(v.shard).toBe(0);
          expect(v.sliced).toBe(false);
          // Stored bytes: the sizes of this tensor's data records (names from protoc).
          const sizes = raw.entries
            .slice(1)
            .filter((_, j) => str(sub(records[j]!, 'data')[0]!, 'name') === v.name)
            .map((e) => e.value.length);
          expect(sizes.length).toBeGreaterThan(0);
          expect(v.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
        });
      } finally {
        await files.close();
      }
    });
  }

  it('a V1 file given as a V2 index is refused with a DecodeError that says so', async () => {
    const bytes = readFileSync(fixturePath(V1[1]!));
    const files = fileSet([new BytesSource('ck.index', bytes)]);
    const error = await decodeCheckpoint(files, 'ck').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).message).toMatch(/not a BundleHeaderProto/);
    expect((error as DecodeError).hint).toMatch(/V1 \(TensorSlice\)/);
  });

  it('reports a slice listed in the meta record whose data record is missing', async () => {
    // Rebuild the half_plus_two table without its last record, with our writer's table builder.
    const { TableBuilder } = await import('../../../src/lib/writers/checkpoint-table.ts');
    const raw = walkTable(readFileSync(fixturePath(V1[1]!)));
    const builder = new TableBuilder();
    for (const e of raw.entries.slice(0, -1)) builder.add(e.key, e.value);
    const files = fileSet([new BytesSource('export-00000-of-00001', builder.finish())]);
    const facts = await decodeTensorSliceCheckpoint(files, 'export-00000-of-00001');
    expect(facts.variables.map((v) => v.name)).toEqual(['a', 'b']);
    expect(facts.problems.map((p) => p.message)).toEqual([expect.stringMatching(/tensor "b" lists slice .* no data record/)]);
  });

  it('names missing sibling shards of a multi-file V1 checkpoint', async () => {
    const bytes = readFileSync(fixturePath(V1[1]!));
    const files = fileSet([new BytesSource('m/model.ckpt-7-00001-of-00003', bytes)]);
    const facts = await decodeTensorSliceCheckpoint(files, 'm/model.ckpt-7-00001-of-00003');
    expect(facts.missing.map((m) => m.path)).toEqual(['m/model.ckpt-7-00000-of-00003', 'm/model.ckpt-7-00002-of-00003']);
    expect(facts.variables.every((v) => v.shard === 1)).toBe(true);
  });
});
