/**
 * Damaged checkpoints: flipped bytes, truncated and missing shards, broken tables. Offsets and
 * expected checksums come from the independent table walker and protoc, not from the decoder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet, type ByteSource } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeCheckpoint, verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { decodeRawMany, num, walkTable } from './evidence.ts';

// TF2.2 Keras checkpoint: two shards, an object graph (string tensor), optimizer slots.
const DIR = 'tf-keras/tf_keras/mixed_precision/testdata/lso_ckpt_tf2.2';
const PREFIX = 'ckpt';

function load(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const name of readdirSync(fixturePath(DIR))) out.set(name, new Uint8Array(readFileSync(fixturePath(`${DIR}/${name}`))));
  return out;
}

function asFiles(files: Map<string, Uint8Array>) {
  return fileSet([...files].map(([name, bytes]) => new BytesSource(name, bytes)));
}

/** crc32c::Unmask, written out here from tensorflow/core/lib/hash/crc32c.h. */
function unmask(masked: number): number {
  const rot = (masked - 0xa282ead8) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

interface Entry {
  key: string;
  dtype: number;
  shard: number;
  offset: number;
  size: number;
  crc: number;
}

function entries(index: Uint8Array): Entry[] {
  const raw = walkTable(Buffer.from(index)).entries.slice(1);
  return decodeRawMany(raw.map((e) => e.value)).map((p, i) => ({
    key: raw[i]!.key.toString(),
    dtype: num(p, '1'),
    shard: num(p, '3'),
    offset: num(p, '4'),
    size: num(p, '5'),
    crc: num(p, '6'),
  }));
}

const shardFile = (s: number) => `${PREFIX}.data-0000${s}-of-00002`;

describe('damaged checkpoints', () => {
  const pristine = load();
  const all = entries(pristine.get(`${PREFIX}.index`)!);

  it('the pristine checkpoint verifies clean', async () => {
    const report = await verifyCheckpoint(asFiles(pristine), PREFIX);
    expect(report.ok).toBe(true);
    expect(report.tensors).toBe(all.length);
  });

  for (const target of all.filter((e) => e.size > 0)) {
    it(`a flipped byte inside ${target.key} is reported as that tensor, at any chunk size`, async () => {
      const files = load();
      const shard = files.get(shardFile(target.shard))!;
      shard[target.offset + Math.floor(target.size / 2)]! ^= 0x01;
      for (const chunkSize of [undefined, 3, 64]) {
        const report = await verifyCheckpoint(asFiles(files), PREFIX, chunkSize ? { chunkSize } : {});
        expect(report.ok).toBe(false);
        expect(report.bad).toHaveLength(1);
        expect(report.bad[0]).toMatchObject({
          name: target.key,
          shard: target.shard,
          file: shardFile(target.shard),
          offset: target.offset,
          size: target.size,
          expected: unmask(target.crc),
        });
        expect(report.bad[0]!.actual).not.toBe(unmask(target.crc));
        expect(report.missing_shards).toEqual([]);
        expect(report.short_shards).toEqual([]);
      }
    });
  }

  it('a flipped byte in the string lengths of the object graph is reported with the layout problem', async () => {
    const graph = all.find((e) => e.key === '_CHECKPOINTABLE_OBJECT_GRAPH')!;
    const files = load();
    files.get(shardFile(graph.shard))![graph.offset]! ^= 0x01; // first byte of the length varint
    const report = await verifyCheckpoint(asFiles(files), PREFIX, { chunkSize: 5 });
    expect(report.bad.map((b) => b.name)).toEqual(['_CHECKPOINTABLE_OBJECT_GRAPH']);
  });

  it('a truncated shard is named as short, and the tensors cut off are reported', async () => {
    const files = load();
    const last = all.filter((e) => e.shard === 0).sort((a, b) => b.offset - a.offset)[0]!;
    const full = files.get(shardFile(0))!;
    const cut = last.offset + 1;
    files.set(shardFile(0), full.slice(0, cut));
    const report = await verifyCheckpoint(asFiles(files), PREFIX);
    expect(report.short_shards).toEqual([{ file: shardFile(0), size: cut, needed: full.length }]);
    expect(report.bad.map((b) => [b.name, b.actual])).toEqual([[last.key, null]]);
    const facts = await decodeCheckpoint(asFiles(files), PREFIX);
    expect(facts.problems.some((p) => p.file === shardFile(0) && p.offset === last.offset && /needs bytes/.test(p.message))).toBe(true);
  });

  it('a missing shard is named by file in the report and in the facts', async () => {
    const files = load();
    files.delete(shardFile(1));
    const report = await verifyCheckpoint(asFiles(files), PREFIX);
    expect(report.missing_shards).toEqual([shardFile(1)]);
    expect(report.ok).toBe(false);
    expect(report.tensors).toBe(all.filter((e) => e.shard === 0).length);
    const facts = await decodeCheckpoint(asFiles(files), PREFIX);
    expect(facts.missing.map((m) => m.path)).toEqual([shardFile(1)]);
    expect(facts.missing[0]!.why).toContain(`holds ${all.filter((e) => e.shard === 1).length} tensor(s)`);
    expect(facts.variables.length).toBe(all.length - 1);
  });

  it('a bad footer magic is a DecodeError naming the index file and the magic offset', async () => {
    const files = load();
    const index = files.get(`${PREFIX}.index`)!;
    index[index.length - 1]! ^= 0xff;
    const error = await decodeCheckpoint(asFiles(files), PREFIX).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ file: `${PREFIX}.index`, offset: index.length - 8 });
    expect((error as DecodeError).what).toMatch(/bad footer magic/);
  });

  it('a corrupted index data block is a DecodeError with the block offset', async () => {
    const files = load();
    const index = files.get(`${PREFIX}.index`)!;
    const block = walkTable(Buffer.from(index)).blockOffsets[0]!;
    index[block + 3]! ^= 0x20;
    const error = await decodeCheckpoint(asFiles(files), PREFIX).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ file: `${PREFIX}.index`, offset: block });
    expect((error as DecodeError).what).toMatch(/block checksum mismatch/);
    await expect(verifyCheckpoint(asFiles(files), PREFIX)).rejects.toBeInstanceOf(DecodeError);
  });

  it('truncated or hostile indexes fail with DecodeErrors, without huge allocations', async () => {
    const index = load().get(`${PREFIX}.index`)!;
    const cases: Uint8Array[] = [index.slice(0, 20), index.slice(0, index.length - 1), new Uint8Array(0)];
    // A footer whose index handle declares a 2^40-byte block.
    const hostile = index.slice();
    const footer = hostile.length - 48;
    hostile.set([0x00, 0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40], footer);
    cases.push(hostile);
    for (const bytes of cases) {
      const files = fileSet([new BytesSource(`${PREFIX}.index`, bytes)]);
      const error = await decodeCheckpoint(files, PREFIX).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).file).toBe(`${PREFIX}.index`);
    }
  });

  it('reports progress up to the total and stops when aborted', async () => {
    const calls: [number, number][] = [];
    const report = await verifyCheckpoint(asFiles(pristine), PREFIX, { chunkSize: 16, onProgress: (d, t) => calls.push([d, t]) });
    const total = all.reduce((s, e) => s + e.size, 0);
    expect(report.bytes).toBe(total);
    expect(calls.at(-1)).toEqual([total, total]);
    expect(calls.every(([d], i) => i === 0 || d >= calls[i - 1]![0])).toBe(true);

    const controller = new AbortController();
    const reads: number[] = [];
    const counting = (s: ByteSource): ByteSource => ({
      path: s.path,
      size: s.size,
      read: (o, n) => {
        reads.push(o);
        if (reads.length === 3) controller.abort(new Error('stop'));
        return s.read(o, n);
      },
    });
    const files = fileSet(asFiles(pristine).files.map(counting));
    await expect(verifyCheckpoint(files, PREFIX, { chunkSize: 8, signal: controller.signal })).rejects.toThrow('stop');
    expect(reads.length).toBeLessThan(10);
  });

  it('never reads more than one chunk at a time', async () => {
    let largest = 0;
    const files = fileSet(
      asFiles(pristine).files.map(
        (s): ByteSource => ({
          path: s.path,
          size: s.size,
          read: (o, n) => {
            if (!s.path.endsWith('.index')) largest = Math.max(largest, n);
            return s.read(o, n);
          },
        }),
      ),
    );
    await verifyCheckpoint(files, PREFIX, { chunkSize: 100 });
    expect(largest).toBeLessThanOrEqual(100);
    expect(largest).toBeGreaterThan(0);
  });
});

describe('hostile index entries', () => {
  it('absurd shapes, offsets and shard ids are reported, never allocated or looped over', async () => {
    const { TableBuilder } = await import('../../../src/lib/writers/checkpoint-table.ts');
    const { encodeBundleEntry, encodeBundleHeader } = await import('../../../src/lib/writers/checkpoint-protos.ts');
    const table = new TableBuilder();
    table.add(new Uint8Array(0), encodeBundleHeader(1, false));
    const key = (s: string) => new Uint8Array(Buffer.from(s));
    table.add(key('far'), encodeBundleEntry({ dtype: 1, shape: [4], offset: 2 ** 50, size: 16, crc32c: 1 }));
    table.add(key('huge_strings'), encodeBundleEntry({ dtype: 7, shape: [1e15], offset: 0, size: 8, crc32c: 1 }));
    table.add(key('other_shard'), encodeBundleEntry({ dtype: 1, shape: [1], shard_id: 7, size: 4, crc32c: 1 }));
    table.add(key('wrong_size'), encodeBundleEntry({ dtype: 1, shape: [1000, 1000], offset: 0, size: 4, crc32c: 1 }));
    const files = fileSet([new BytesSource('h.index', table.finish()), new BytesSource('h.data-00000-of-00001', new Uint8Array(8))]);

    const facts = await decodeCheckpoint(files, 'h');
    const messages = facts.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/"far" needs bytes 1125899906842624\.\./);
    expect(messages).toMatch(/"other_shard" is in shard 7, but the header declares 1/);
    expect(messages).toMatch(/"wrong_size" .* should have 4000000 bytes but its entry says 4/);

    const report = await verifyCheckpoint(files, 'h', { chunkSize: 3 });
    const bad = Object.fromEntries(report.bad.map((b) => [b.name, b.problem]));
    expect(bad['far']).toMatch(/shard ends/);
    expect(bad['huge_strings']).toMatch(/string lengths/);
    expect(bad['other_shard']).toMatch(/outside/);
    expect(report.short_shards).toEqual([{ file: 'h.data-00000-of-00001', size: 8, needed: 2 ** 50 + 16 }]);
  });
});
