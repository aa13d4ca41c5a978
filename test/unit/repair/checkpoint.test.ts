/**
 * Checkpoint repairs on the samples made by TF 2.21, checked against evidence other than the
 * repair code: the output index is walked with the tests' own table walker (evidence.ts), the
 * object graph is decoded by protoc against a schema written here from
 * trackable_object_graph.proto, and every value is compared with the input's bytes read through
 * the index (or with a float cast computed here with DataView/Math.fround).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { parseCheckpointState } from '../../../src/lib/formats/checkpoint/index.ts';
import { decodeStringTensor } from '../../../src/lib/formats/checkpoint/string-tensor.ts';
import { decodeGraph, encodeGraph, keysFollowTfNaming, renumber } from '../../../src/lib/repair/object-graph.ts';
import { utf8Decode } from '../../../src/lib/utf8.ts';
import { decodeWithSchema, type RawProto, str, sub, walkTable } from '../checkpoint/evidence.ts';
import { equalBytes, repairFiles, sample, tensorBytes } from './helpers.ts';

const GRAPH_SCHEMA = `syntax = "proto3";
message BoolValue { bool value = 1; }
message ObjectReference { int32 node_id = 1; string local_name = 2; }
message SerializedTensor { string name = 1; string full_name = 2; string checkpoint_key = 3; bool optional_restore = 4; }
message SlotVariableReference { int32 original_variable_node_id = 1; string slot_name = 2; int32 slot_variable_node_id = 3; }
message RegisteredSaver { string name = 1; string object_name = 2; }
message TrackableObject { repeated ObjectReference children = 1; repeated SerializedTensor attributes = 2; repeated SlotVariableReference slot_variables = 3; RegisteredSaver registered_saver = 4; BoolValue has_checkpoint_values = 5; }
message TrackableObjectGraph { repeated TrackableObject nodes = 1; }
`;

const OBJECT_GRAPH = '_CHECKPOINTABLE_OBJECT_GRAPH';

/** The object graph of an output checkpoint, decoded by protoc. */
async function protocGraph(files: ReturnType<typeof fileSet>, prefix: string): Promise<RawProto[]> {
  const t = await tensorBytes(files, prefix);
  const [proto] = decodeStringTensor(t.get(OBJECT_GRAPH)!.bytes, 1, prefix, 0, OBJECT_GRAPH);
  return sub(decodeWithSchema(proto!, GRAPH_SCHEMA, 'TrackableObjectGraph'), 'nodes');
}

function edges(nodes: RawProto[]): string[] {
  return nodes.flatMap((n) => sub(n, 'children').map((c) => str(c, 'local_name')));
}

function keysOf(nodes: RawProto[]): string[] {
  return nodes.flatMap((n) => sub(n, 'attributes').map((a) => str(a, 'checkpoint_key'))).sort();
}

/** Keys of an output index, walked with the tests' own table reader. */
function indexKeys(bytes: Uint8Array): string[] {
  return walkTable(Buffer.from(bytes))
    .entries.map((e) => e.key.toString('utf8'))
    .filter((k) => k !== '');
}

describe('the object graph codec', () => {
  for (const name of [
    'renamed-attribute',
    'optimizer-slots-left-unused',
    'sharded-checkpoint-restore-time',
    'float64-checkpoint-into-float32-model',
  ]) {
    it(`${name}: decoding and encoding TF 2.21's object graph gives back its bytes; TF's key naming reproduces every key`, async () => {
      const { openPaths } = await import('../../../src/node/file-source.ts');
      const set = await openPaths([sample(name)]);
      try {
        const t = await tensorBytes(set, 'broken/ckpt-1');
        const [proto] = decodeStringTensor(t.get(OBJECT_GRAPH)!.bytes, 1, name, 0, OBJECT_GRAPH);
        const graph = decodeGraph(proto!);
        expect(equalBytes(encodeGraph(graph), proto!)).toBe(true);
        expect(equalBytes(encodeGraph(renumber(graph)), proto!)).toBe(true);
        expect(keysFollowTfNaming(graph)).toBe(true);
      } finally {
        await set.close();
      }
    });
  }
});

describe('renamed variables', () => {
  it('moves the renamed layer in the object graph, derives the keys, copies every value byte for byte', async () => {
    const { plan, result, output, sink } = await repairFiles(
      [sample('renamed-attribute')],
      {},
      { expect: sample('renamed-attribute', 'fixed') },
    );
    expect(plan.refused).toEqual([]);
    expect(plan.summary).toBe('rename 2 keys; 5 values copied byte for byte');
    expect(plan.steps.map((s) => s.kind)).toEqual(['rename']);
    expect(result!.verified).toBe(5);
    // Streamed in the 64-byte chunks the test asked for; only the new object graph is written whole.
    expect(sink.writes.get('ckpt-1.data-00000-of-00001')!.filter((n) => n > 64)).toHaveLength(1);
    const keys = indexKeys(sink.files.get('ckpt-1.index')!);
    expect(keys).toEqual([
      OBJECT_GRAPH,
      'model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE',
      'model/denselayer1/bias/.ATTRIBUTES/VARIABLE_VALUE',
      'model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE',
      'model/head/bias/.ATTRIBUTES/VARIABLE_VALUE',
      'save_counter/.ATTRIBUTES/VARIABLE_VALUE',
    ]);
    const nodes = await protocGraph(output, 'out/ckpt-1');
    expect(edges(nodes)).toContain('denselayer1');
    expect(edges(nodes)).not.toContain('dense_1');
    expect(keysOf(nodes)).toEqual(keys.filter((k) => k !== OBJECT_GRAPH));
    const { openPaths } = await import('../../../src/node/file-source.ts');
    const input = await openPaths([sample('renamed-attribute')]);
    try {
      const before = await tensorBytes(input, 'broken/ckpt-1');
      const after = await tensorBytes(output, 'out/ckpt-1');
      for (const [key, value] of before) {
        if (key === OBJECT_GRAPH) continue;
        const renamed = key.replace('model/dense_1/', 'model/denselayer1/');
        expect(equalBytes(after.get(renamed)!.bytes, value.bytes), key).toBe(true);
      }
    } finally {
      await input.close();
    }
    const state = parseCheckpointState(utf8Decode(sink.files.get('checkpoint')!), 'checkpoint');
    expect(state).toMatchObject({ model_checkpoint_path: 'ckpt-1', all_model_checkpoint_paths: ['ckpt-1'] });
  });

  it('a name-based checkpoint: renames the keys from a reader-given map', async () => {
    const { plan, output } = await repairFiles([sample('tf1-renamed-scope')], {
      renames: { 'dense_1/kernel': 'denselayer1/kernel', 'dense_1/bias': 'denselayer1/bias' },
    });
    expect(plan.refused).toEqual([]);
    const after = await tensorBytes(output, 'out/model.ckpt');
    expect([...after.keys()].sort()).toEqual(['denselayer1/bias', 'denselayer1/kernel']);
  });

  it('refuses a rename onto a name that already holds values, and a key that is not there', async () => {
    const clash = await repairFiles([sample('renamed-attribute')], {
      renames: { 'model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE': 'model/head/_kernel/.ATTRIBUTES/VARIABLE_VALUE' },
    });
    expect(clash.plan.refused.join(' ')).toMatch(/already exists/);
    expect(clash.sink.files.size).toBe(0);
    const missing = await repairFiles([sample('renamed-attribute')], { renames: { 'no/such/key': 'x/.ATTRIBUTES/VARIABLE_VALUE' } });
    expect(missing.plan.refused.join(' ')).toMatch(/not a key/);
  });
});

describe('optimizer state dropped', () => {
  it('leaves the optimizer out of the graph and the data; the model keeps its values under the model path', async () => {
    const { plan, output, sink } = await repairFiles([sample('optimizer-slots-left-unused')], { dropOptimizer: true });
    expect(plan.refused).toEqual([]);
    expect(plan.counts.dropped).toBe(10);
    const keys = indexKeys(sink.files.get('ckpt-1.index')!);
    expect(keys.filter((k) => k.startsWith('optimizer'))).toEqual([]);
    expect(keys).toContain('model/_functional/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE');
    const nodes = await protocGraph(output, 'out/ckpt-1');
    expect(edges(nodes)).not.toContain('optimizer');
    const { openPaths } = await import('../../../src/node/file-source.ts');
    const input = await openPaths([sample('optimizer-slots-left-unused')]);
    try {
      const before = await tensorBytes(input, 'broken/ckpt-1');
      const after = await tensorBytes(output, 'out/ckpt-1');
      for (let i = 0; i < 4; i++) {
        const layer = i < 2 ? 1 : 2;
        const leaf = i % 2 === 0 ? '_kernel' : 'bias';
        expect(
          equalBytes(
            after.get(`model/_functional/_operations/${layer}/${leaf}/.ATTRIBUTES/VARIABLE_VALUE`)!.bytes,
            before.get(`optimizer/_trainable_variables/${i}/.ATTRIBUTES/VARIABLE_VALUE`)!.bytes,
          ),
        ).toBe(true);
      }
    } finally {
      await input.close();
    }
  });
});

describe('casts', () => {
  it('float64 -> float32: each value is Math.fround of the saved double; the precision cost is stated and measured', async () => {
    const { plan, result, output } = await repairFiles([sample('float64-checkpoint-into-float32-model')], { cast: 'float32' });
    expect(plan.warnings.join(' ')).toMatch(/24 significant bits/);
    const { openPaths } = await import('../../../src/node/file-source.ts');
    const input = await openPaths([sample('float64-checkpoint-into-float32-model')]);
    try {
      const before = await tensorBytes(input, 'broken/ckpt-1');
      const after = await tensorBytes(output, 'out/ckpt-1');
      let maxRel = 0;
      for (const [key, value] of before) {
        if (value.dtype !== 2) continue;
        const out = after.get(key)!;
        expect(out.dtype).toBe(1);
        const src = new DataView(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength);
        const dst = new DataView(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength);
        for (let i = 0; i < value.bytes.byteLength / 8; i++) {
          const d = src.getFloat64(i * 8, true);
          expect(dst.getFloat32(i * 4, true)).toBe(Math.fround(d));
          if (d !== 0) maxRel = Math.max(maxRel, Math.abs(Math.fround(d) - d) / Math.abs(d));
        }
      }
      expect(result!.cast[0]!.max_rel_error).toBe(maxRel);
      expect(maxRel).toBeLessThanOrEqual(2 ** -24);
    } finally {
      await input.close();
    }
  });

  it('nothing to cast is said, not written', async () => {
    const { plan } = await repairFiles([sample('renamed-attribute')], { cast: 'float32' });
    expect(plan.refused.join(' ')).toMatch(/nothing to repair/);
    expect(plan.warnings.join(' ')).toMatch(/nothing is cast/);
  });
});

describe('TF1 -> TF2', () => {
  it('writes the name-based values under the expected object graph, values byte for byte', async () => {
    const { plan, output } = await repairFiles(
      [sample('tf1-saver-into-checkpoint')],
      {},
      { expect: sample('tf1-saver-into-checkpoint', 'fixed') },
    );
    expect(plan.refused).toEqual([]);
    expect(plan.steps.map((s) => s.kind)).toContain('tf1-to-tf2');
    const after = await tensorBytes(output, 'out/model.ckpt');
    expect([...after.keys()].sort()).toEqual([
      OBJECT_GRAPH,
      'dense/_kernel/.ATTRIBUTES/VARIABLE_VALUE',
      'dense/bias/.ATTRIBUTES/VARIABLE_VALUE',
      'save_counter/.ATTRIBUTES/VARIABLE_VALUE',
    ]);
    const nodes = await protocGraph(output, 'out/model.ckpt');
    expect(edges(nodes).sort()).toEqual(['_kernel', 'bias', 'dense', 'save_counter']);
    const { openPaths } = await import('../../../src/node/file-source.ts');
    const input = await openPaths([sample('tf1-saver-into-checkpoint')]);
    try {
      const before = await tensorBytes(input, 'broken/model.ckpt');
      expect(equalBytes(after.get('dense/_kernel/.ATTRIBUTES/VARIABLE_VALUE')!.bytes, before.get('dense/kernel')!.bytes)).toBe(true);
      expect(equalBytes(after.get('dense/bias/.ATTRIBUTES/VARIABLE_VALUE')!.bytes, before.get('dense/bias')!.bytes)).toBe(true);
    } finally {
      await input.close();
    }
  });

  it('refuses when an expected value has nothing saved, unless a partial result is allowed', async () => {
    const text =
      "[('dense/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [8, 4]), ('dense/bias/.ATTRIBUTES/VARIABLE_VALUE', [4]), ('head/_kernel/.ATTRIBUTES/VARIABLE_VALUE', [4, 1])]";
    const refused = await repairFiles([sample('tf1-saver-into-checkpoint')], {}, { expect: { kind: 'text', text, name: 'list.txt' } });
    expect(refused.plan.refused.join(' ')).toMatch(/head\/_kernel.*--allow-missing/);
    const allowed = await repairFiles(
      [sample('tf1-saver-into-checkpoint')],
      { allowMissing: true },
      { expect: { kind: 'text', text, name: 'list.txt' } },
    );
    expect(allowed.plan.refused).toEqual([]);
    expect(allowed.plan.warnings.join(' ')).toMatch(/left out/);
  });
});

describe('TF1 -> Keras 3 weights (expected model as model.summary())', () => {
  const SUMMARY = [
    'Model: "sequential"',
    '┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━┓',
    '┃ Layer (type)    ┃ Output Shape ┃ Param # ┃',
    '┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━┩',
    '│ dense (Dense)   │ (None, 4)    │      36 │',
    '└─────────────────┴──────────────┴─────────┘',
  ].join('\n');

  it('lays the values out as load_weights() reads them: layers/dense/vars/0 and 1, same values (h5dump)', async () => {
    const { plan, sink } = await repairFiles(
      [sample('tf1-saver-into-checkpoint')],
      {},
      { expect: { kind: 'text', text: SUMMARY, name: 'summary.txt' } },
    );
    expect(plan.refused).toEqual([]);
    expect(plan.steps[0]!.items.slice(0, 2)).toEqual([
      { from: 'dense/kernel', to: 'layers/dense/vars/0', note: 'dense (Dense)' },
      { from: 'dense/bias', to: 'layers/dense/vars/1', note: 'dense (Dense)' },
    ]);
    const { h5dumpValues, tempFile } = await import('../keras/evidence.ts');
    const file = tempFile('w.weights.h5', sink.files.get('model.ckpt.weights.h5')!);
    const { openPaths } = await import('../../../src/node/file-source.ts');
    const input = await openPaths([sample('tf1-saver-into-checkpoint')]);
    try {
      const before = await tensorBytes(input, 'broken/model.ckpt');
      const kernel = before.get('dense/kernel')!.bytes;
      // h5dump prints 6 significant digits.
      expect(h5dumpValues(file, '/layers/dense/vars/0')).toEqual(
        [...new Float32Array(kernel.slice().buffer)].map((v) => Number(v.toPrecision(6))),
      );
    } finally {
      await input.close();
    }
  });

  it('refuses when the parameter count of a layer does not match what is saved under its name', async () => {
    const wrong = SUMMARY.replace('      36 │', '      40 │');
    const { plan } = await repairFiles(
      [sample('tf1-saver-into-checkpoint')],
      {},
      { expect: { kind: 'text', text: wrong, name: 'summary.txt' } },
    );
    expect(plan.refused.join(' ')).toMatch(/40 parameters.*hold 36/);
  });
});

describe('moved checkpoints and interrupted saves', () => {
  it('rewrites an absolute state file relative; the data is copied as it is', async () => {
    const { plan, sink } = await repairFiles([sample('moved-checkpoint-dir')]);
    expect(plan.steps.map((s) => s.kind)).toEqual(['state-file']);
    expect(utf8Decode(sink.files.get('checkpoint')!)).toBe('model_checkpoint_path: "ckpt-1"\nall_model_checkpoint_paths: "ckpt-1"\n');
    const input = readFileSync(join(sample('moved-checkpoint-dir'), 'ckpt-1.data-00000-of-00001'));
    expect(equalBytes(sink.files.get('ckpt-1.data-00000-of-00001')!, input)).toBe(true);
  });

  it('merges the parts of an interrupted save: data shard identical, index entries the same', async () => {
    const { plan, sink } = await repairFiles([sample('interrupted-save-temp-dir')]);
    expect(plan.steps[0]!.kind).toBe('merge-shards');
    const part = join(sample('interrupted-save-temp-dir'), 'ckpt-1_temp/part-00000-of-00001');
    expect(equalBytes(sink.files.get('ckpt-1.data-00000-of-00001')!, readFileSync(`${part}.data-00000-of-00001`))).toBe(true);
    const before = walkTable(readFileSync(`${part}.index`)).entries.map((e) => [e.key.toString('hex'), e.value.toString('hex')]);
    const after = walkTable(Buffer.from(sink.files.get('ckpt-1.index')!)).entries.map((e) => [
      e.key.toString('hex'),
      e.value.toString('hex'),
    ]);
    expect(after).toEqual(before);
  });

  for (const damaged of ['flipped-byte-data-shard', 'truncated-data-shard', 'zero-length-data-shard']) {
    it(`${damaged}: refused, with the damaged tensor named; nothing written`, async () => {
      const { plan, sink } = await repairFiles([sample(damaged)], { dropOptimizer: true });
      expect(plan.refused.join(' ')).toMatch(/never invents/);
      expect(plan.program).toBeNull();
      expect(sink.files.size).toBe(0);
    });
  }

  it('an index that is an HTML page is refused: nothing says which bytes are which tensor', async () => {
    const { plan, sink } = await repairFiles([sample('html-page-as-index')], { dropOptimizer: true });
    expect(plan.refused.length).toBeGreaterThan(0);
    expect(plan.program).toBeNull();
    expect(sink.files.size).toBe(0);
  });

  it('a tensor damaged after planning stops the copy (checksums are verified while copying)', async () => {
    const { openPaths } = await import('../../../src/node/file-source.ts');
    const disk = await openPaths([sample('renamed-attribute')]);
    const files = fileSet(
      await Promise.all(
        disk.files.map(async (f) => {
          const bytes = (await f.read(0, f.size)).slice();
          if (f.path.endsWith('.data-00000-of-00001')) bytes[20] = bytes[20]! ^ 0xff;
          return new BytesSource(f.path, bytes);
        }),
      ),
    );
    await disk.close();
    await expect(
      repairFiles(
        [],
        { renames: { 'model/dense_1/bias/.ATTRIBUTES/VARIABLE_VALUE': 'model/x/bias/.ATTRIBUTES/VARIABLE_VALUE' } },
        { files, verify: false },
      ),
    ).rejects.toThrow(/does not match its checksum/);
  });
});
