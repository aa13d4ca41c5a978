/**
 * Oracle: TensorFlow 2.21 against the checkpoint decoders, verifier and writer.
 * - TF writes checkpoints (Keras model + optimizer, tf.Module with a string variable and v1 Adam
 *   slots, size-sharded with slices, TF1 Saver V2 with a partitioned variable, TF1 Saver V1);
 *   the decoder agrees with tf.train.list_variables, the reader's dtype map and the object graph
 *   as TF's own proto library parses it; every checkpoint verifies clean.
 * - A flipped byte: the tensors TF refuses to load are exactly the ones verifyCheckpoint names.
 * - TF reads the writer's checkpoints (dtypes, strings, slices, shards, Snappy, multi-block,
 *   big-endian, object graph restore) with identical values, and for the same SaveV2 call the
 *   writer's files are byte-identical to TF's.
 * - The shared fixtures: list_variables and get_checkpoint_state agree with the decoders.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../src/lib/byte-source.ts';
import {
  decodeCheckpoint,
  decodeTensorSliceCheckpoint,
  parseCheckpointState,
  verifyCheckpoint,
} from '../../src/lib/formats/checkpoint/index.ts';
import { writeCheckpoint, type CheckpointTensor } from '../../src/lib/writers/checkpoint.ts';
import { openPaths } from '../../src/node/file-source.ts';
import { FIXTURES } from '../helpers/fixtures.ts';
import { findFiles, walkTable } from '../unit/checkpoint/evidence.ts';
import { python } from './python.ts';

const DESCRIBE = `
import json, sys
import tensorflow as tf
from tensorflow.core.protobuf import trackable_object_graph_pb2

def describe(prefix):
    reader = tf.train.load_checkpoint(prefix)
    dtypes = {k: v.name for k, v in reader.get_variable_to_dtype_map().items()}
    shapes = {k: list(v) for k, v in tf.train.list_variables(prefix)}
    paths, slots, owners = {}, {}, {}
    if reader.has_tensor('_CHECKPOINTABLE_OBJECT_GRAPH'):
        g = trackable_object_graph_pb2.TrackableObjectGraph()
        g.ParseFromString(reader.get_tensor('_CHECKPOINTABLE_OBJECT_GRAPH'))
        names = {0: ''}
        queue = [0]
        while queue:
            n = queue.pop(0)
            for c in g.nodes[n].children:
                if c.node_id not in names:
                    names[c.node_id] = (names[n] + '.' if names[n] else '') + c.local_name
                    queue.append(c.node_id)
        # Values reachable from the root without entering an optimizer (a node behind an edge
        # named "optimizer", or one owning slot variables) belong to the model; the rest that an
        # optimizer reaches belong to the optimizer.
        opt_nodes = {c.node_id for n in g.nodes for c in n.children if c.local_name == 'optimizer'}
        opt_nodes |= {i for i, n in enumerate(g.nodes) if n.slot_variables}
        slot_nodes = {s.slot_variable_node_id for n in g.nodes for s in n.slot_variables}
        def walk(starts, blocked):
            seen, stack = set(), list(starts)
            while stack:
                n = stack.pop()
                if n in seen or n in blocked:
                    continue
                seen.add(n)
                stack.extend(c.node_id for c in g.nodes[n].children)
            return seen
        model_side = walk([0], opt_nodes)
        opt_side = walk(list(opt_nodes | slot_nodes), set()) - model_side
        for n in opt_side:
            for a in g.nodes[n].attributes:
                owners[a.checkpoint_key] = ['optimizer']
        for n in model_side:
            for a in g.nodes[n].attributes:
                owners.setdefault(a.checkpoint_key, []).append('model')
        for i, node in enumerate(g.nodes):
            for a in node.attributes:
                if i in names and a.name == 'VARIABLE_VALUE':
                    paths[a.checkpoint_key] = names[i]
            for s in node.slot_variables:
                orig = [a.checkpoint_key for a in g.nodes[s.original_variable_node_id].attributes if a.name == 'VARIABLE_VALUE'][0]
                for a in g.nodes[s.slot_variable_node_id].attributes:
                    slots[a.checkpoint_key] = {'variable': orig, 'slot': s.slot_name}
    # Loading every tensor makes TF check every checksum.
    unreadable = {}
    for k in shapes:
        try:
            reader.get_tensor(k)
        except Exception as e:
            unreadable[k] = type(e).__name__
    return {'dtypes': dtypes, 'shapes': shapes, 'paths': paths, 'slots': slots, 'owners': owners, 'unreadable': unreadable}
`;

interface Described {
  dtypes: Record<string, string>;
  shapes: Record<string, number[]>;
  paths: Record<string, string>;
  slots: Record<string, { variable: string; slot: string }>;
  /** Checkpoint key -> ['optimizer'] for optimizer-owned values, ['model'] for the rest of the graph. */
  owners: Record<string, string[]>;
  /** Keys TF's reader fails to load, with the exception class. */
  unreadable: Record<string, string>;
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ckpt-oracle-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Decoder facts and the verify report for a prefix on disk. */
async function ours(prefix: string) {
  const dir = dirname(prefix);
  const files = await openPaths([dir]);
  const rel = relative(dirname(dir), prefix);
  try {
    return { facts: await decodeCheckpoint(files, rel), report: await verifyCheckpoint(files, rel, { chunkSize: 1000 }) };
  } finally {
    await files.close();
  }
}

function compare(facts: Awaited<ReturnType<typeof ours>>['facts'], tf: Described) {
  expect(facts.problems).toEqual([]);
  const names = Object.keys(tf.shapes)
    .filter((k) => k !== '_CHECKPOINTABLE_OBJECT_GRAPH')
    .sort();
  expect(facts.variables.map((v) => v.name).sort()).toEqual(names);
  for (const v of facts.variables) {
    expect(v.shape, v.name).toEqual(tf.shapes[v.name]);
    expect(v.dtype, v.name).toBe(tf.dtypes[v.name]);
    expect(v.slot, v.name).toEqual(tf.slots[v.name] ?? null);
    if (v.slot) {
      // Slot variables are not children of anything; their path extends the variable's.
      expect(v.object_path!.startsWith(`${tf.paths[v.slot.variable]}.OPTIMIZER_SLOT.`), v.name).toBe(true);
      expect(v.object_path!.endsWith(`.${v.slot.slot}`), v.name).toBe(true);
    } else {
      expect(v.object_path, v.name).toBe(tf.paths[v.name] ?? null);
    }
  }
}

describe('checkpoints written by TensorFlow 2.21', () => {
  let made: Record<string, { prefix: string; tf: Described }>;

  beforeAll(async () => {
    made = await python(
      `${DESCRIBE}
import os
import numpy as np
import keras
d = sys.argv[1]
out = {}
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss='mse')
model.fit(np.ones((8, 3)), np.ones((8, 1)), epochs=1, verbose=0)
out['keras'] = tf.train.Checkpoint(model=model, optimizer=model.optimizer).save(os.path.join(d, 'keras', 'ckpt'))
m = tf.Module()
m.vs = [tf.Variable(tf.fill([i + 1], float(i))) for i in range(30)]
m.words = tf.Variable(['alpha', '', 'γάμμα', 'x' * 200])
m.count = tf.Variable(7, dtype=tf.int64)
opt = tf.compat.v1.train.AdamOptimizer(0.1)
opt.minimize(lambda: tf.add_n([tf.reduce_sum(v * v) for v in m.vs[:3]]), var_list=m.vs[:3])
out['module'] = tf.train.Checkpoint(m=m, optimizer=opt).save(os.path.join(d, 'module', 'ckpt'))
opts = tf.train.CheckpointOptions(experimental_sharding_callback=tf.train.experimental.MaxShardSizePolicy(max_shard_size=200))
# (A size-sharded save slices big tensors; TF 2.21 cannot read back a sliced string, so keep strings small here.)
m2 = tf.Module()
m2.vs = m.vs
m2.words = tf.Variable(['a', 'b'])
out['sharded'] = tf.train.Checkpoint(m=m2).save(os.path.join(d, 'sharded', 'ckpt'), options=opts)
with tf.Graph().as_default() as g:
    tf.compat.v1.get_variable('emb', shape=[10, 4], partitioner=tf.compat.v1.fixed_size_partitioner(3))
    tf.compat.v1.get_variable('w', shape=[3], initializer=tf.compat.v1.ones_initializer())
    tf.compat.v1.get_variable('step', shape=[], dtype=tf.int64, initializer=tf.compat.v1.zeros_initializer())
    for name, version in [('saver_v2', tf.compat.v1.train.SaverDef.V2), ('saver_v1', tf.compat.v1.train.SaverDef.V1)]:
        saver = tf.compat.v1.train.Saver(write_version=version)
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            os.makedirs(os.path.join(d, name), exist_ok=True)
            out[name] = saver.save(sess, os.path.join(d, name, 'model.ckpt'), global_step=5)
print(json.dumps({k: {'prefix': p, 'tf': describe(p)} for k, p in out.items()}))
`,
      root,
    );
  });

  for (const name of ['keras', 'module', 'sharded', 'saver_v2']) {
    it(`${name}: variables, dtypes, shapes, object paths and slots agree with TF; checksums verify`, async () => {
      const { prefix, tf } = made[name]!;
      const { facts, report } = await ours(prefix);
      compare(facts, tf);
      expect(report.ok).toBe(true);
      expect(report.bad).toEqual([]);
      expect(tf.unreadable).toEqual({});
      if (name === 'keras') {
        // Keras 3 reaches the model's kernels through the optimizer too (optimizer/_trainable_variables);
        // only values the model does not reach are the optimizer's.
        expect(
          Object.keys(tf.shapes)
            .filter((k) => k.startsWith('optimizer/_trainable_variables/'))
            .every((k) => tf.owners[k]![0] === 'model'),
        ).toBe(true);
      }
      const optimizerOnly = Object.keys(tf.owners).filter((k) => tf.owners[k]![0] === 'optimizer');
      if (name === 'keras' || name === 'module') expect(optimizerOnly.length).toBeGreaterThan(0);
      expect(facts.optimizer?.variables ?? []).toEqual(optimizerOnly.sort());
      if (name === 'module') {
        expect(Object.keys(tf.slots).length).toBe(6);
        expect(facts.optimizer?.slot_count).toBe(6);
      }
      if (name === 'sharded') {
        expect(facts.artifacts[0]!.files.length).toBeGreaterThan(3);
        expect(facts.variables.some((v) => v.sliced)).toBe(true);
      }
      if (name === 'saver_v2') {
        expect(facts.variables.find((v) => v.name === 'emb')).toMatchObject({ sliced: true, shape: [10, 4], bytes: 160 });
        expect(facts.object_graph).toBeNull();
      }
    });
  }

  it('saver_v1: the TensorSlice file agrees with TF', async () => {
    const { prefix, tf } = made['saver_v1']!;
    const files = await openPaths([prefix]);
    try {
      const facts = await decodeTensorSliceCheckpoint(files, files.files[0]!.path);
      expect(facts.problems).toEqual([]);
      expect(facts.artifacts[0]!.format).toBe('checkpoint_v1');
      expect(Object.fromEntries(facts.variables.map((v) => [v.name, [v.dtype, v.shape]]))).toEqual(
        Object.fromEntries(Object.keys(tf.shapes).map((k) => [k, [tf.dtypes[k], tf.shapes[k]]])),
      );
      expect(facts.variables.find((v) => v.name === 'emb')!.sliced).toBe(true);
      // TF's V1 reader itself refuses to load the partitioned tensor whole.
      expect(Object.keys(tf.unreadable)).toEqual(['emb']);
    } finally {
      await files.close();
    }
  });

  it('a flipped byte: TF refuses exactly the tensors verifyCheckpoint names', async () => {
    const { prefix } = made['module']!;
    const copy = join(root, 'flipped', 'ckpt-1');
    mkdirSync(dirname(copy), { recursive: true });
    const index = readFileSync(`${prefix}.index`);
    const data = readFileSync(`${prefix}.data-00000-of-00001`);
    // One byte in the middle of the file and one inside the string variable's bytes.
    const files = fileSet([new BytesSource('ckpt-1.index', index), new BytesSource('ckpt-1.data-00000-of-00001', data)]);
    const words = (await decodeCheckpoint(files, 'ckpt-1')).variables.find((v) => v.name === 'm/words/.ATTRIBUTES/VARIABLE_VALUE')!;
    data[Math.floor(data.length / 2)]! ^= 0x10;
    data[words.offset! + words.bytes! - 2]! ^= 0x01;
    writeFileSync(`${copy}.index`, index);
    writeFileSync(`${copy}.data-00000-of-00001`, data);
    const refused = await python<string[]>(
      `
import json, sys
import tensorflow as tf
r = tf.train.load_checkpoint(sys.argv[1])
bad = []
for k in sorted(r.get_variable_to_shape_map()):
    try:
        r.get_tensor(k)
    except Exception as e:
        bad.append(k)
print(json.dumps(bad))
`,
      copy,
    );
    const report = await verifyCheckpoint(files, 'ckpt-1', { chunkSize: 7 });
    expect(refused.length).toBe(2);
    expect(report.bad.map((b) => b.name).sort()).toEqual(refused);
  });
});

describe("TensorFlow reads the writer's checkpoints", () => {
  const f32 = (v: number[]) => new Uint8Array(new Float32Array(v).buffer);
  const typed = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const TENSORS: CheckpointTensor[] = [
    { key: 'f32', dtype: 'float32', shape: [2, 2], data: f32([1.5, -2, 3.25, 1e-3]) },
    { key: 'f64', dtype: 'float64', shape: [2], data: typed(new Float64Array([Math.PI, -0])) },
    { key: 'i8', dtype: 'int8', shape: [3], data: typed(new Int8Array([-128, 0, 127])) },
    { key: 'u8', dtype: 'uint8', shape: [2], data: Uint8Array.of(0, 255) },
    { key: 'i16', dtype: 'int16', shape: [1], data: typed(new Int16Array([-12345])) },
    { key: 'i32', dtype: 'int32', shape: [2], data: typed(new Int32Array([-7, 2 ** 31 - 1])) },
    { key: 'i64', dtype: 'int64', shape: [], data: typed(new BigInt64Array([-(2n ** 62n)])) },
    { key: 'bool', dtype: 'bool', shape: [2], data: Uint8Array.of(1, 0) },
    { key: 'half', dtype: 'float16', shape: [2], data: typed(new Uint16Array([0x3c00, 0xc000])) },
    { key: 'bf16', dtype: 'bfloat16', shape: [1], data: typed(new Uint16Array([0x3fc0])) },
    { key: 'c64', dtype: 'complex64', shape: [1], data: f32([1, -1]) },
    { key: 'str', dtype: 'string', shape: [2, 2], strings: ['', 'héllo', 'x'.repeat(1000), Uint8Array.of(0, 255)], shard: 1 },
    {
      key: 'part',
      dtype: 'float32',
      shape: [4, 3],
      slices: [
        {
          extents: [
            { start: 0, length: 1 },
            { start: 0, length: null },
          ],
          data: f32([1, 2, 3]),
        },
        {
          extents: [
            { start: 1, length: 3 },
            { start: 0, length: null },
          ],
          data: f32([4, 5, 6, 7, 8, 9, 10, 11, 12]),
          shard: 2,
        },
      ],
    },
    ...Array.from({ length: 60 }, (_, i) => ({
      key: `many/v${String(i).padStart(2, '0')}`,
      dtype: 'int32',
      shape: [1],
      data: typed(new Int32Array([i])),
    })),
  ];
  const EXPECTED: Record<string, unknown> = {
    f32: [
      [1.5, -2],
      [3.25, 0.0010000000474974513],
    ],
    f64: [Math.PI, -0],
    i8: [-128, 0, 127],
    u8: [0, 255],
    i16: [-12345],
    i32: [-7, 2147483647],
    i64: String(-(2n ** 62n)),
    bool: [true, false],
    half: [1, -2],
    bf16: [1.5],
    c64: [[1, -1]],
    str: [
      ['', Buffer.from('héllo').toString('hex')],
      ['78'.repeat(1000), '00ff'],
    ],
    part: [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ],
  };
  const READ = `
import json, sys
import numpy as np
import tensorflow as tf
r = tf.train.load_checkpoint(sys.argv[1])
def plain(v):
    if v.dtype == object:
        return np.vectorize(lambda b: b.hex())(v).tolist() if v.ndim else v.hex()
    if np.iscomplexobj(v):
        return np.stack([v.real, v.imag], -1).tolist()
    if v.dtype == np.int64 and v.ndim == 0:
        return str(int(v))
    return v.astype(np.float64).tolist() if v.dtype.name in ('bfloat16', 'float16') else v.tolist()
out = {k: plain(r.get_tensor(k)) for k in r.get_variable_to_shape_map()}
print(json.dumps(out))
`;

  function save(name: string, written: Record<string, Uint8Array>): string {
    for (const [path, bytes] of Object.entries(written)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), bytes);
    }
    return join(root, name);
  }

  for (const variant of [
    { name: 'plain', options: {} },
    { name: 'snappy-multiblock', options: { compression: 'snappy' as const, blockSize: 128 } },
  ]) {
    it(`${variant.name}: every dtype, strings, slices and 3 shards read back identically`, async () => {
      const prefix = `w-${variant.name}/ckpt`;
      const written = writeCheckpoint(TENSORS, { prefix, ...variant.options });
      expect(Object.keys(written).length).toBe(4);
      const table = walkTable(Buffer.from(written[`${prefix}.index`]!));
      if (variant.options.compression) {
        expect(table.blockTypes).toContain(1);
        expect(table.blockOffsets.length).toBeGreaterThan(3);
      }
      const values = await python<Record<string, unknown>>(READ, save(prefix, written));
      for (const [k, v] of Object.entries(EXPECTED)) expect(values[k], k).toEqual(v);
      for (let i = 0; i < 60; i++) expect(values[`many/v${String(i).padStart(2, '0')}`]).toEqual([i]);
      expect(Object.keys(values).length).toBe(TENSORS.length);
    });
  }

  it('big-endian: TF byte-swaps the values and accepts the big-endian string checksums', async () => {
    const be32 = (v: number[]) => {
      const out = new Uint8Array(v.length * 4);
      const view = new DataView(out.buffer);
      for (const [i, x] of v.entries()) view.setFloat32(i * 4, x, false);
      return out;
    };
    const prefix = 'w-be/ckpt';
    const written = writeCheckpoint(
      [
        { key: 'f', dtype: 'float32', shape: [3], data: be32([1.5, -2, 1024]) },
        { key: 's', dtype: 'string', shape: [2], strings: ['big', 'endian'] },
      ],
      { prefix, bigEndian: true },
    );
    const values = await python<Record<string, unknown>>(READ, save(prefix, written));
    expect(values).toEqual({ f: [1.5, -2, 1024], s: [Buffer.from('big').toString('hex'), Buffer.from('endian').toString('hex')] });
  });

  it('an object graph written by the writer restores into a tf.Module', async () => {
    const key = (p: string) => `${p}/.ATTRIBUTES/VARIABLE_VALUE`;
    const prefix = 'w-graph/ckpt';
    const written = writeCheckpoint(
      [
        { key: key('layer/kernel'), dtype: 'float32', shape: [2], data: f32([3, 4]) },
        { key: key('step'), dtype: 'int64', shape: [], data: typed(new BigInt64Array([9n])) },
      ],
      {
        prefix,
        objectGraph: {
          nodes: [
            {
              children: [
                { node_id: 1, local_name: 'layer' },
                { node_id: 3, local_name: 'step' },
              ],
            },
            { children: [{ node_id: 2, local_name: 'kernel' }] },
            { attributes: [{ name: 'VARIABLE_VALUE', full_name: 'kernel', checkpoint_key: key('layer/kernel') }] },
            { attributes: [{ name: 'VARIABLE_VALUE', full_name: 'step', checkpoint_key: key('step') }] },
          ],
        },
      },
    );
    const restored = await python<{ kernel: number[]; step: number }>(
      `
import json, sys
import tensorflow as tf
root = tf.Module()
root.layer = tf.Module()
root.layer.kernel = tf.Variable([0.0, 0.0])
root.step = tf.Variable(0, dtype=tf.int64)
tf.train.Checkpoint(root).read(sys.argv[1]).assert_consumed()
print(json.dumps({'kernel': root.layer.kernel.numpy().tolist(), 'step': int(root.step.numpy())}))
`,
      save(prefix, written),
    );
    expect(restored).toEqual({ kernel: [3, 4], step: 9 });
  });

  it("for the same SaveV2 call, the writer's .index and .data are byte-identical to TensorFlow's", async () => {
    const tf = await python<{
      index: string;
      data: string;
      tensors: { name: string; dtype: string; shape: number[]; hex: string[] | string }[];
    }>(
      `
import base64, json, os, sys
import numpy as np
import tensorflow as tf
prefix = os.path.join(sys.argv[1], 'savev2', 'ckpt')
os.makedirs(os.path.dirname(prefix), exist_ok=True)
tensors = [
  ('zeta', tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))),
  ('alpha/beta', tf.constant(np.array([1, -2], dtype=np.int64))),
  ('words', tf.constant([b'one', b'', b'three' * 50])),
  ('flag', tf.constant(True)),
] + [('layer_%03d/kernel' % i, tf.constant(np.full([2], i, dtype=np.float32))) for i in range(40)]
tf.raw_ops.SaveV2(prefix=prefix, tensor_names=[n for n, _ in tensors], shape_and_slices=[''] * len(tensors), tensors=[t for _, t in tensors])
def desc(n, t):
    v = t.numpy()
    return {'name': n, 'dtype': t.dtype.name, 'shape': list(v.shape), 'hex': [b.hex() for b in v.ravel()] if v.dtype == object else v.tobytes().hex()}
print(json.dumps({
  'index': base64.b64encode(open(prefix + '.index', 'rb').read()).decode(),
  'data': base64.b64encode(open(prefix + '.data-00000-of-00001', 'rb').read()).decode(),
  'tensors': [desc(n, t) for n, t in tensors],
}))
`,
      root,
    );
    const written = writeCheckpoint(
      tf.tensors.map((t) => ({
        key: t.name,
        dtype: t.dtype,
        shape: t.shape,
        ...(Array.isArray(t.hex) ? { strings: t.hex.map((h) => Buffer.from(h, 'hex')) } : { data: Buffer.from(t.hex, 'hex') }),
      })),
      { prefix: 'ckpt' },
    );
    expect(Buffer.from(written['ckpt.data-00000-of-00001']!).toString('base64')).toBe(tf.data);
    expect(Buffer.from(written['ckpt.index']!).toString('base64')).toBe(tf.index);
  });
});

describe('the shared fixtures, read by TensorFlow', () => {
  it('every V2 fixture: list_variables and dtypes agree with decodeCheckpoint', async () => {
    const prefixes = findFiles(FIXTURES, (n) => n.endsWith('.index')).map((p) => p.replace(/\.index$/, ''));
    const tf = await python<Record<string, Described>>(
      `${DESCRIBE}
print(json.dumps({p: describe(p) for p in sys.argv[1:]}))
`,
      ...prefixes,
    );
    for (const prefix of prefixes) {
      const { facts, report } = await ours(prefix);
      compare(facts, tf[prefix]!);
      expect(report.ok, prefix).toBe(true);
    }
  });

  it('V1 fixtures: list_variables agrees with decodeTensorSliceCheckpoint', async () => {
    const paths = [
      'tensorboard/tensorboard/functionaltests/testdata/model.ckpt-3000-00000-of-00001',
      'tf-serving/tensorflow_serving/session_bundle/testdata/half_plus_two/00000123/export-00000-of-00001',
    ].map((p) => join(FIXTURES, p));
    const tf = await python<Record<string, Record<string, number[]>>>(
      `
import json, sys
import tensorflow as tf
print(json.dumps({p: {k: list(s) for k, s in tf.train.list_variables(p)} for p in sys.argv[1:]}))
`,
      ...paths,
    );
    for (const path of paths) {
      const files = await openPaths([path]);
      try {
        const facts = await decodeTensorSliceCheckpoint(files, files.files[0]!.path);
        expect(Object.fromEntries(facts.variables.map((v) => [v.name, v.shape]))).toEqual(tf[path]);
      } finally {
        await files.close();
      }
    }
  });

  it('checkpoint state files: tf.train.get_checkpoint_state agrees with parseCheckpointState', async () => {
    const states = findFiles(FIXTURES, (n) => n === 'checkpoint');
    const tf = await python<Record<string, { model: string; all: string[] }>>(
      `
import json, os, sys
import tensorflow as tf
out = {}
for p in sys.argv[1:]:
    s = tf.train.get_checkpoint_state(os.path.dirname(p))
    out[p] = {'model': s.model_checkpoint_path, 'all': list(s.all_model_checkpoint_paths)}
print(json.dumps(out))
`,
      ...states,
    );
    for (const path of states) {
      const fact = parseCheckpointState(readFileSync(path, 'utf8'), 'checkpoint');
      // TF makes relative paths absolute against the state file's directory.
      const abs = (p: string) => (p.startsWith('/') ? p : join(dirname(path), p));
      expect(abs(fact.model_checkpoint_path!)).toBe(tf[path]!.model);
      expect(fact.all_model_checkpoint_paths.map(abs)).toEqual(tf[path]!.all);
    }
  });
});
