/**
 * The checkpoint writer round trip: what the writer is given comes back from the decoder and
 * the verifier, and the files it makes are well-formed to the independent table walker and
 * protoc. (The oracle suite checks that TensorFlow itself reads them.)
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { decodeCheckpoint, sniffTable, verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { writeCheckpoint, type CheckpointTensor, type WriteCheckpointOptions } from '../../../src/lib/writers/checkpoint.ts';
import { decodeRawMany, num, stringElements, walkTable } from './evidence.ts';

const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
const i64 = (values: bigint[]) => new Uint8Array(new BigInt64Array(values).buffer);

function filesOf(written: Record<string, Uint8Array>) {
  return fileSet(Object.entries(written).map(([path, bytes]) => new BytesSource(path, bytes)));
}

async function roundTrip(tensors: CheckpointTensor[], options: WriteCheckpointOptions) {
  const written = writeCheckpoint(tensors, options);
  const files = filesOf(written);
  const facts = await decodeCheckpoint(files, options.prefix);
  const report = await verifyCheckpoint(files, options.prefix, { chunkSize: 5 });
  return { written, files, facts, report };
}

const BASIC: CheckpointTensor[] = [
  { key: 'dense/kernel', dtype: 'float32', shape: [2, 3], data: f32([1, 2, 3, 4, 5, 6]) },
  { key: 'dense/bias', dtype: 'float32', shape: [3], data: f32([0.5, -1, 2]) },
  { key: 'global_step', dtype: 'int64', shape: [], data: i64([42n]) },
  { key: 'flags', dtype: 'bool', shape: [2], data: Uint8Array.of(1, 0) },
  { key: 'half', dtype: 'float16', shape: [1], data: Uint8Array.of(0, 0x3c) },
  { key: 'vocab', dtype: 'string', shape: [4], strings: ['', 'héllo', 'x'.repeat(300), Uint8Array.of(0, 255, 7)] },
  { key: 'handle', dtype: 'resource', shape: [], strings: [Uint8Array.of(0x0a, 0x03, 0x63, 0x70, 0x75)] },
];

describe('writeCheckpoint', () => {
  it('round-trips names, dtypes, shapes, shards, offsets and sizes; data lands where the index says', async () => {
    const { written, facts, report, files } = await roundTrip(BASIC, { prefix: 'ck/model' });
    expect(Object.keys(written).sort()).toEqual(['ck/model.data-00000-of-00001', 'ck/model.index']);
    expect(facts.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, tensors: BASIC.length, bad: [] });
    expect(await sniffTable(files.files.find((f) => f.path === 'ck/model.index')!)).toBe('bundle');

    const data = written['ck/model.data-00000-of-00001']!;
    const byName = new Map(facts.variables.map((v) => [v.name, v]));
    expect([...byName.keys()].sort()).toEqual(BASIC.map((t) => t.key).sort());
    for (const t of BASIC) {
      const v = byName.get(t.key)!;
      expect(v).toMatchObject({
        dtype: t.dtype,
        shape: t.shape,
        shard: 0,
        sliced: false,
        file: 'ck/model.data-00000-of-00001',
        object_path: null,
      });
      const stored = data.subarray(v.offset!, v.offset! + v.bytes!);
      if (t.data) expect(stored).toEqual(t.data);
      else {
        const want = t.strings!.map((s) => Buffer.from(typeof s === 'string' ? Buffer.from(s, 'utf8') : s));
        expect(stringElements(Buffer.from(stored), want.length)).toEqual(want);
      }
    }
    // Back to back in the given order, exactly filling the shard.
    expect(BASIC.reduce((s, t) => s + byName.get(t.key)!.bytes!, 0)).toBe(data.length);

    // The index is a table the independent walker reads, with sorted keys and protoc-readable entries.
    const raw = walkTable(Buffer.from(written['ck/model.index']!));
    const keys = raw.entries.map((e) => e.key.toString('latin1'));
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]).toBe('');
    const header = decodeRawMany([raw.entries[0]!.value])[0]!;
    expect(num(header, '1')).toBe(1);
    expect(num(header, '2')).toBe(0);
    const entries = decodeRawMany(raw.entries.slice(1).map((e) => e.value));
    entries.forEach((e, i) => {
      const v = byName.get(keys[i + 1]!)!;
      expect([num(e, '4'), num(e, '5')]).toEqual([v.offset, v.bytes]);
    });
  });

  it('writes Snappy blocks when they pay off, and reads back the same facts', async () => {
    const tensors = Array.from({ length: 40 }, (_, i) => ({
      key: `model/layer_with_weights-${i}/kernel/.ATTRIBUTES/VARIABLE_VALUE`,
      dtype: 'float32',
      shape: [1],
      data: f32([i]),
    }));
    const plain = await roundTrip(tensors, { prefix: 'p' });
    const snappy = await roundTrip(tensors, { prefix: 'p', compression: 'snappy' });
    expect(walkTable(Buffer.from(plain.written['p.index']!)).blockTypes).toEqual([0]);
    expect(walkTable(Buffer.from(snappy.written['p.index']!)).blockTypes).toEqual([1]);
    expect(snappy.written['p.index']!.length).toBeLessThan(plain.written['p.index']!.length);
    expect(snappy.facts.variables).toEqual(plain.facts.variables);
    expect(snappy.report.ok).toBe(true);
    expect(snappy.facts.artifacts[0]!.summary).toMatch(/Snappy/);
  });

  it('splits the index into many data blocks at a small block size', async () => {
    const tensors = Array.from({ length: 100 }, (_, i) => ({
      key: `v${String(i).padStart(3, '0')}`,
      dtype: 'int64',
      shape: [],
      data: i64([BigInt(i)]),
    }));
    const { written, facts, report } = await roundTrip(tensors, { prefix: 'm', blockSize: 64, blockRestartInterval: 4 });
    const raw = walkTable(Buffer.from(written['m.index']!));
    expect(raw.blockOffsets.length).toBeGreaterThan(10);
    expect(raw.entries.length).toBe(101);
    expect(facts.variables.map((v) => v.name)).toEqual(tensors.map((t) => t.key));
    expect(report).toMatchObject({ ok: true, tensors: 100 });
  });

  it('spreads tensors over several shards', async () => {
    const tensors: CheckpointTensor[] = [
      { key: 'a', dtype: 'float32', shape: [1], data: f32([1]), shard: 2 },
      { key: 'b', dtype: 'float32', shape: [2], data: f32([2, 3]), shard: 0 },
      { key: 'c', dtype: 'string', shape: [], strings: ['c'], shard: 2 },
    ];
    const { written, facts, report } = await roundTrip(tensors, { prefix: 's', numShards: 3 });
    expect(Object.keys(written).sort()).toEqual(['s.data-00000-of-00003', 's.data-00001-of-00003', 's.data-00002-of-00003', 's.index']);
    expect(written['s.data-00001-of-00003']!.length).toBe(0);
    expect(facts.variables.map((v) => [v.name, v.shard, v.offset, v.file])).toEqual([
      ['a', 2, 0, 's.data-00002-of-00003'],
      ['b', 0, 0, 's.data-00000-of-00003'],
      ['c', 2, 4, 's.data-00002-of-00003'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('stores partitioned variables as slices, reported as sliced and verified per slice', async () => {
    const tensors: CheckpointTensor[] = [
      {
        key: 'emb',
        dtype: 'float32',
        shape: [4, 2],
        slices: [
          {
            extents: [
              { start: 0, length: 2 },
              { start: 0, length: null },
            ],
            data: f32([1, 2, 3, 4]),
          },
          {
            extents: [
              { start: 2, length: 2 },
              { start: 0, length: null },
            ],
            data: f32([5, 6, 7, 8]),
            shard: 1,
          },
        ],
      },
    ];
    const { written, files, facts, report } = await roundTrip(tensors, { prefix: 'x' });
    expect(facts.variables).toEqual([
      expect.objectContaining({ name: 'emb', sliced: true, bytes: 32, shard: null, offset: null, shape: [4, 2] }),
    ]);
    expect(report).toMatchObject({ ok: true, tensors: 2 });
    written['x.data-00001-of-00002']![3]! ^= 1;
    const bad = await verifyCheckpoint(files, 'x');
    expect(bad.bad.map((b) => [b.name, b.shard])).toEqual([['emb[2,2:-]', 1]]);
  });

  it('marks a big-endian bundle and applies the big-endian string checksum rule', async () => {
    const be = new Uint8Array(f32([1.5]).slice().reverse());
    const tensors: CheckpointTensor[] = [
      { key: 'w', dtype: 'float32', shape: [1], data: be },
      { key: 's', dtype: 'string', shape: [2], strings: ['ab', 'cde'] },
    ];
    const { written, facts, report } = await roundTrip(tensors, { prefix: 'b', bigEndian: true });
    expect(num(decodeRawMany([walkTable(Buffer.from(written['b.index']!)).entries[0]!.value])[0]!, '2')).toBe(1);
    expect(facts.producer.other['checkpoint_endianness']).toBe('big');
    expect(facts.artifacts[0]!.summary).toMatch(/big-endian/);
    expect(report.ok).toBe(true);
    // The same strings little-endian give a different entry checksum: the rule depends on byte order.
    const le = writeCheckpoint(tensors.slice(1), { prefix: 'l' });
    const crcOf = (index: Uint8Array) => num(decodeRawMany([walkTable(Buffer.from(index)).entries[1]!.value])[0]!, '6');
    expect(crcOf(le['l.index']!)).not.toBe(crcOf(written['b.index']!));
  });

  it('writes variant tensors in their per-element checksum layout', async () => {
    const tensors: CheckpointTensor[] = [{ key: 'v', dtype: 'variant', shape: [2], strings: [Uint8Array.of(1, 2, 3), Uint8Array.of()] }];
    const { report, written } = await roundTrip(tensors, { prefix: 'v' });
    expect(report.ok).toBe(true);
    expect(written['v.data-00000-of-00001']!.length).toBe(1 + 3 + 4 + 1 + 0 + 4);
  });

  it('writes an empty checkpoint: a header-only index and an empty data file', async () => {
    const { written, facts, report } = await roundTrip([], { prefix: 'e' });
    expect(walkTable(Buffer.from(written['e.index']!)).entries.map((e) => e.key.length)).toEqual([0]);
    expect(written['e.data-00000-of-00001']!.length).toBe(0);
    expect(facts.variables).toEqual([]);
    expect(facts.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, tensors: 0, bytes: 0 });
  });

  it('stores an object graph that gives variables their paths and slots', async () => {
    const key = (p: string) => `${p}/.ATTRIBUTES/VARIABLE_VALUE`;
    const tensors: CheckpointTensor[] = [
      { key: key('model/dense/kernel'), dtype: 'float32', shape: [1], data: f32([1]) },
      { key: key('model/dense/kernel/.OPTIMIZER_SLOT/optimizer/m'), dtype: 'float32', shape: [1], data: f32([0]) },
      { key: key('optimizer/iter'), dtype: 'int64', shape: [], data: i64([3n]) },
    ];
    const { facts, report } = await roundTrip(tensors, {
      prefix: 'g',
      objectGraph: {
        nodes: [
          {
            children: [
              { node_id: 1, local_name: 'model' },
              { node_id: 4, local_name: 'optimizer' },
            ],
          },
          { children: [{ node_id: 2, local_name: 'dense' }] },
          { children: [{ node_id: 3, local_name: 'kernel' }] },
          { attributes: [{ name: 'VARIABLE_VALUE', checkpoint_key: key('model/dense/kernel') }] },
          {
            children: [{ node_id: 5, local_name: 'iter' }],
            slot_variables: [{ original_variable_node_id: 3, slot_name: 'm', slot_variable_node_id: 6 }],
          },
          { attributes: [{ name: 'VARIABLE_VALUE', checkpoint_key: key('optimizer/iter') }] },
          { attributes: [{ name: 'VARIABLE_VALUE', checkpoint_key: key('model/dense/kernel/.OPTIMIZER_SLOT/optimizer/m') }] },
        ],
      },
    });
    expect(report).toMatchObject({ ok: true, tensors: 4 });
    expect(facts.variables.map((v) => [v.name, v.object_path, v.slot])).toEqual([
      [key('model/dense/kernel'), 'model.dense.kernel', null],
      [
        key('model/dense/kernel/.OPTIMIZER_SLOT/optimizer/m'),
        'model.dense.kernel.OPTIMIZER_SLOT.optimizer.m',
        { variable: key('model/dense/kernel'), slot: 'm' },
      ],
      [key('optimizer/iter'), 'optimizer.iter', null],
    ]);
    expect(facts.object_graph).toHaveLength(7);
    expect(facts.optimizer).toEqual({
      class_name: null,
      config: null,
      slot_count: 1,
      variables: [key('model/dense/kernel/.OPTIMIZER_SLOT/optimizer/m'), key('optimizer/iter')],
    });
    expect(facts.artifacts[0]!.summary).toMatch(/object-based/);
  });

  it('refuses inconsistent input', () => {
    expect(() => writeCheckpoint([{ key: 'a', dtype: 'float32', shape: [2], data: f32([1]) }], { prefix: 'p' })).toThrow(/needs 8 bytes/);
    expect(() => writeCheckpoint([{ key: 'a', dtype: 'string', shape: [2], strings: ['x'] }], { prefix: 'p' })).toThrow(/needs 2 elements/);
    const t = { key: 'a', dtype: 'int32', shape: [], data: new Uint8Array(4) };
    expect(() => writeCheckpoint([t, t], { prefix: 'p' })).toThrow(/duplicate/);
    expect(() => writeCheckpoint([{ ...t, shard: 3 }], { prefix: 'p', numShards: 2 })).toThrow(/shard/);
  });
});
