/**
 * Oracle for the graph decoders and the SavedModel writer: TensorFlow 2.21 writes SavedModels
 * (a tf.Module with signatures, a Keras 3 model.export(), a tf.compat.v1 graph with a Saver and
 * export_meta_graph), parses them with its own protos (saved_model_pb2 / meta_graph_pb2 /
 * fingerprint_pb2), and our facts must agree. TF also writes text twins (text_format) of every
 * SavedModel, fixtures included, that must decode to the same facts; and TF parses the
 * writer's saved_model.pb and reports the spec's values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { python } from './python.ts';
import { BytesSource, fileSet, type FileSet } from '../../src/lib/byte-source.ts';
import { decodeGraphDefFile, decodeMetaGraphFile, decodeSavedModel } from '../../src/lib/formats/graph/index.ts';
import type { ModelFacts } from '../../src/lib/facts.ts';
import { writeSavedModel } from '../../src/lib/writers/saved-model.ts';
import { FIXTURES } from '../helpers/fixtures.ts';
import { savedModelDirs } from '../unit/graph/manifest.ts';
import { SPEC } from '../unit/graph/sample-spec.ts';

const MAKE = String.raw`
import json, os, sys
import tensorflow as tf
out = sys.argv[1]

class Scale(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name='w')
        self.step = tf.Variable(0, dtype=tf.int64, trainable=False, name='step')
    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32, name='x')])
    def scale(self, x):
        return {'y': tf.matmul(x, self.w), 'n': tf.shape(x, out_type=tf.int64)}
    @tf.function(input_signature=[tf.TensorSpec([], tf.string, name='s')])
    def shout(self, s):
        return tf.strings.upper(s)

m = Scale()
tf.saved_model.save(m, os.path.join(out, 'module'), signatures={'serving_default': m.scale, 'shout': m.shout})

import keras
model = keras.Sequential([keras.Input((4,), name='feats'), keras.layers.Dense(3, activation='relu', name='hidden'), keras.layers.Dense(1, name='out')])
model.export(os.path.join(out, 'keras_export'), verbose=False)

g = tf.Graph()
with g.as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, 3], name='x')
    w = tf.compat.v1.get_variable('dense/kernel', [3, 2], use_resource=False)
    b = tf.compat.v1.get_variable('dense/bias', [2], initializer=tf.compat.v1.zeros_initializer(), use_resource=False)
    gs = tf.compat.v1.train.get_or_create_global_step()
    y = tf.add(tf.matmul(x, w), b, name='y')
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session(graph=g) as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        os.makedirs(os.path.join(out, 'tf1'), exist_ok=True)
        saver.save(sess, os.path.join(out, 'tf1', 'model'))
        tf.compat.v1.train.export_meta_graph(os.path.join(out, 'tf1', 'exported.meta'), graph=g, saver_def=saver.as_saver_def())
        tf.compat.v1.train.export_meta_graph(os.path.join(out, 'tf1', 'exported_text.meta'), graph=g, saver_def=saver.as_saver_def(), as_text=True)
    tf.io.write_graph(g.as_graph_def(), os.path.join(out, 'tf1'), 'graph.pb', as_text=False)
    tf.io.write_graph(g.as_graph_def(), os.path.join(out, 'tf1'), 'graph.pbtxt', as_text=True)
print(json.dumps(sorted(os.listdir(out))))
`;

/** TF's own reading of SavedModels / MetaGraphDefs, in the shape of our facts. */
const PARSE = String.raw`
import json, sys, os
import tensorflow as tf
from tensorflow.core.protobuf import saved_model_pb2, meta_graph_pb2, fingerprint_pb2, saver_pb2
from tensorflow.core.framework import variable_pb2

def shape(p):
    s = tf.TensorShape(p)
    return None if s.rank is None else [-1 if d is None else d for d in s.as_list()]

def meta(mg):
    info = mg.meta_info_def
    ops = {}
    def count(nodes, fn):
        for n in nodes:
            e = ops.setdefault(n.op, {'op': n.op, 'count': 0, 'attrs': set(), 'functions': set()})
            e['count'] += 1
            e['attrs'].update(n.attr.keys())
            e['functions'].add(fn)
    count(mg.graph_def.node, '')
    for f in mg.graph_def.library.function:
        count(f.node_def, f.signature.name)
    sigs = []
    for key, s in mg.signature_def.items():
        spec = lambda m: sorted([{'name': k, 'tensor': v.name or None, 'dtype': tf.dtypes.as_dtype(v.dtype).name if v.dtype else 'invalid', 'shape': shape(v.tensor_shape)} for k, v in m.items()], key=lambda t: t['name'])
        sigs.append({'key': key, 'method': s.method_name or None, 'inputs': spec(s.inputs), 'outputs': spec(s.outputs)})
    og = mg.object_graph_def if mg.HasField('object_graph_def') else None
    variables = []
    for c in ['variables', 'trainable_variables', 'local_variables', 'model_variables']:
        if c in mg.collection_def:
            for b in mg.collection_def[c].bytes_list.value:
                v = variable_pb2.VariableDef(); v.ParseFromString(b)
                name = v.variable_name.split(':')[0]
                if name not in variables: variables.append(name)
    return {
        'tags': list(info.tags),
        'tensorflow_version': info.tensorflow_version or None,
        'tensorflow_git_version': info.tensorflow_git_version or None,
        'stripped_default_attrs': info.stripped_default_attrs,
        'producer': mg.graph_def.versions.producer if mg.graph_def.HasField('versions') else None,
        'min_consumer': mg.graph_def.versions.min_consumer if mg.graph_def.HasField('versions') else None,
        'node_count': len(mg.graph_def.node),
        'function_count': len(mg.graph_def.library.function),
        'collections': sorted(mg.collection_def.keys()),
        'saver': {'filename_tensor': mg.saver_def.filename_tensor_name or None, 'version': saver_pb2.SaverDef.CheckpointFormatVersion.Name(mg.saver_def.version)} if mg.HasField('saver_def') else None,
        'ops': sorted([dict(e, attrs=sorted(e['attrs']), functions=sorted(e['functions'])) for e in ops.values()], key=lambda e: e['op']),
        'signatures': sorted(sigs, key=lambda s: s['key']),
        'objects': None if og is None else [{'kind': n.WhichOneof('kind'), 'identifier': n.user_object.identifier or None if n.WhichOneof('kind') == 'user_object' else None, 'children': [[c.local_name, c.node_id] for c in n.children], 'registered_name': n.registered_name or None} for n in og.nodes],
        'concrete_functions': None if og is None else len(og.concrete_functions),
        'variables': variables,
    }

out = []
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    if path.endswith('.meta'):
        mg = meta_graph_pb2.MetaGraphDef(); mg.ParseFromString(data)
        out.append({'meta_graphs': [meta(mg)]})
        continue
    sm = saved_model_pb2.SavedModel(); sm.ParseFromString(data)
    r = {'schema_version': sm.saved_model_schema_version, 'meta_graphs': [meta(mg) for mg in sm.meta_graphs]}
    fp_path = os.path.join(os.path.dirname(path), 'fingerprint.pb')
    if os.path.exists(fp_path):
        fp = fingerprint_pb2.FingerprintDef(); fp.ParseFromString(open(fp_path, 'rb').read())
        r['fingerprint'] = {k: str(getattr(fp, k)) for k in ['saved_model_checksum', 'graph_def_program_hash', 'signature_def_hash', 'saved_object_graph_hash', 'checkpoint_hash']}
    out.append(r)
print(json.dumps(out))
`;

/** TF writes saved_model.pbtxt twins of the given saved_model.pb files with text_format. */
const TEXT_TWINS = String.raw`
import json, sys
from google.protobuf import text_format
from tensorflow.core.protobuf import saved_model_pb2
pairs = sys.argv[1:]
for src, dst in zip(pairs[0::2], pairs[1::2]):
    sm = saved_model_pb2.SavedModel(); sm.ParseFromString(open(src, 'rb').read())
    open(dst, 'w').write(text_format.MessageToString(sm))
print(json.dumps(len(pairs) // 2))
`;

interface TfMeta {
  tags: string[];
  tensorflow_version: string | null;
  tensorflow_git_version: string | null;
  stripped_default_attrs: boolean;
  producer: number | null;
  min_consumer: number | null;
  node_count: number;
  function_count: number;
  collections: string[];
  saver: { filename_tensor: string | null; version: string } | null;
  ops: { op: string; count: number; attrs: string[]; functions: string[] }[];
  signatures: ModelFacts['signatures'];
  objects: { kind: string; identifier: string | null; children: [string, number][]; registered_name: string | null }[] | null;
  concrete_functions: number | null;
  variables: string[];
}
interface TfModel {
  schema_version?: number;
  meta_graphs: TfMeta[];
  fingerprint?: Record<string, string>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function dirSet(root: string, dir: string): FileSet {
  return fileSet(walk(join(root, dir)).map((p) => new BytesSource(relative(root, p), new Uint8Array(readFileSync(p)))));
}

/**
 * The facts without where they were read from (each op and MetaGraph records its graph file), to
 * compare twins read from different files; checks first that every record names `graphFile`.
 */
function unplaced(facts: ModelFacts, graphFile: string): ModelFacts {
  for (const o of facts.op_details) expect(o.files, o.op).toEqual([graphFile]);
  for (const m of facts.meta_graphs) expect(m.file).toBe(graphFile);
  return {
    ...facts,
    op_details: facts.op_details.map((o) => ({ ...o, files: [] })),
    meta_graphs: facts.meta_graphs.map((m) => ({ ...m, file: '' })),
  };
}

function compare(facts: ModelFacts, tf: TfModel): void {
  expect(facts.meta_graphs).toHaveLength(tf.meta_graphs.length);
  tf.meta_graphs.forEach((t, i) => {
    const m = facts.meta_graphs[i]!;
    expect(m.tags).toEqual(t.tags);
    expect(m.tensorflow_version).toBe(t.tensorflow_version);
    expect(m.tensorflow_git_version).toBe(t.tensorflow_git_version);
    expect(m.stripped_default_attrs).toBe(t.stripped_default_attrs);
    expect(m.graph_def_producer).toBe(t.producer);
    expect(m.graph_def_min_consumer).toBe(t.min_consumer);
    expect(m.node_count).toBe(t.node_count);
    expect(m.function_count).toBe(t.function_count);
    expect(m.collections).toEqual(t.collections);
    expect(m.saver).toEqual(t.saver);
    expect(m.has_object_graph).toBe(t.objects !== null);
  });
  const first = tf.meta_graphs[0]!;
  if (tf.meta_graphs.length === 1) expect(facts.op_details.map(({ files: _, ...o }) => o)).toEqual(first.ops);
  // Ops come from the graph file, never from a companion beside it (fingerprint.pb, keras_metadata.pb).
  const graphFile = facts.meta_graphs[0]?.file;
  for (const o of facts.op_details) expect(o.files).toEqual([graphFile]);
  expect(facts.signatures).toEqual(first.signatures);
  if (first.objects) {
    expect(
      facts.object_graph!.map((n) => ({
        kind: n.kind,
        identifier: n.identifier,
        children: n.children.map((c) => [c.name, c.id]),
        registered_name: n.registered_name,
      })),
    ).toEqual(first.objects);
    expect(facts.artifacts[0]!.summary).toContain(`${first.objects.length} objects, ${first.concrete_functions} concrete functions`);
  } else expect(facts.object_graph).toBeNull();
}

describe('graph decoders vs TensorFlow 2.21', () => {
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'graph-oracle-'));
    await python(MAKE, work);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const dir of ['module', 'keras_export']) {
    it(`SavedModel written by TF 2.21: ${dir}`, async () => {
      const [tf] = await python<TfModel[]>(PARSE, join(work, dir, 'saved_model.pb'));
      const facts = await decodeSavedModel(dirSet(work, dir), dir);
      compare(facts, tf!);
      expect(facts.producer.other['saved_model_schema_version']).toBe(String(tf!.schema_version));
      // fingerprint.pb: every uint64 exactly as TF reads it.
      for (const [k, v] of Object.entries(tf!.fingerprint!)) expect(facts.producer.other[`fingerprint.${k}`]).toBe(v);
      expect(facts.producer.tensorflow).toBe('2.21.0');
      expect(facts.missing).toEqual([]);
      expect(facts.problems).toEqual([]);
    });
  }

  it('the tf.Module SavedModel has its variables and signatures', async () => {
    const facts = await decodeSavedModel(dirSet(work, 'module'), 'module');
    const vars = facts.object_graph!.filter((n) => n.kind === 'variable').map((n) => n.variable);
    expect(vars).toEqual(
      expect.arrayContaining([
        { dtype: 'float32', shape: [2, 2], trainable: true, name: 'w' },
        { dtype: 'int64', shape: [], trainable: false, name: 'step' },
      ]),
    );
    expect(facts.signatures.map((s) => s.key)).toEqual(['__saved_model_init_op', 'serving_default', 'shout']);
  });

  for (const file of ['model.meta', 'exported.meta']) {
    it(`TF1 MetaGraphDef written by TF 2.21: ${file}`, async () => {
      const [tf] = await python<TfModel[]>(PARSE, join(work, 'tf1', file));
      const rel = `tf1/${file}`;
      const facts = await decodeMetaGraphFile(fileSet([new BytesSource(rel, new Uint8Array(readFileSync(join(work, rel))))]), rel);
      compare(facts, tf!);
      expect(facts.variables.map((v) => v.name)).toEqual(tf!.meta_graphs[0]!.variables);
      expect(facts.variables.find((v) => v.name === 'dense/kernel')).toMatchObject({ dtype: 'float32', shape: [3, 2] });
      expect(facts.variables.find((v) => v.name === 'global_step')).toMatchObject({ dtype: 'int64', shape: [] });
    });
  }

  it('text twins written by TF (export_meta_graph as_text, write_graph as_text) give the same facts', async () => {
    const open = (rel: string) => fileSet([new BytesSource(rel, new Uint8Array(readFileSync(join(work, rel))))]);
    const metaBin = await decodeMetaGraphFile(open('tf1/exported.meta'), 'tf1/exported.meta');
    const metaText = await decodeMetaGraphFile(open('tf1/exported_text.meta'), 'tf1/exported_text.meta');
    expect(metaText.artifacts[0]!.summary).toContain('MetaGraphDef (text)');
    const strip = (f: ModelFacts) => ({ ...f, artifacts: [], variables: f.variables.map((v) => ({ ...v, file: '' })) });
    expect(strip(unplaced(metaText, 'tf1/exported_text.meta'))).toEqual(strip(unplaced(metaBin, 'tf1/exported.meta')));
    const graphBin = await decodeGraphDefFile(open('tf1/graph.pb'), 'tf1/graph.pb');
    const graphText = await decodeGraphDefFile(open('tf1/graph.pbtxt'), 'tf1/graph.pbtxt');
    expect(graphText.artifacts[0]!.summary).toContain('GraphDef (text)');
    expect({ ...unplaced(graphText, 'tf1/graph.pbtxt'), artifacts: [] }).toEqual({ ...unplaced(graphBin, 'tf1/graph.pb'), artifacts: [] });
    expect(graphBin.signatures[0]!.inputs).toEqual([{ name: 'x', tensor: 'x:0', dtype: 'float32', shape: [-1, 3] }]);
    expect(graphBin.ops).toEqual(expect.arrayContaining(['AddV2', 'MatMul', 'Placeholder', 'VariableV2']));
  });

  it('saved_model.pbtxt twins written by TF text_format give the same facts (TF 2.21 and every fixture)', async () => {
    const dirs = [
      ...['module', 'keras_export'].map((d) => ({ root: work, dir: d })),
      ...savedModelDirs().map((d) => ({ root: FIXTURES, dir: d })),
    ];
    const args: string[] = [];
    dirs.forEach(({ root, dir }, i) => {
      mkdirSync(join(work, 'text', String(i)), { recursive: true });
      args.push(join(root, dir, 'saved_model.pb'), join(work, 'text', String(i), 'saved_model.pbtxt'));
    });
    expect(await python<number>(TEXT_TWINS, ...args)).toBe(dirs.length);
    for (const [i, { root, dir }] of dirs.entries()) {
      const binary = await decodeSavedModel(
        fileSet([new BytesSource('m/saved_model.pb', new Uint8Array(readFileSync(join(root, dir, 'saved_model.pb'))))]),
        'm',
      );
      const text = await decodeSavedModel(
        fileSet([new BytesSource('m/saved_model.pbtxt', new Uint8Array(readFileSync(join(work, 'text', String(i), 'saved_model.pbtxt'))))]),
        'm',
      );
      const { artifacts: a1, ...b } = unplaced(binary, 'm/saved_model.pb');
      const { artifacts: a2, ...t } = unplaced(text, 'm/saved_model.pbtxt');
      expect(t, dir).toEqual(b);
      expect(a2[0]!.summary.replace(' (text)', '')).toBe(a1[0]!.summary);
    }
  });

  it("TF 2.21 parses the writer's saved_model.pb and reads the spec back", async () => {
    const files = writeSavedModel(SPEC);
    const dir = join(work, 'written');
    mkdirSync(dir, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
    const [tf] = await python<TfModel[]>(PARSE, join(dir, 'saved_model.pb'));
    const facts = await decodeSavedModel(fileSet([...files].map(([n, b]) => new BytesSource(`w/${n}`, b))), 'w');
    compare(facts, tf!);
    const mg = SPEC.meta_graphs[0]!;
    const t = tf!.meta_graphs[0]!;
    expect(t.tags).toEqual(mg.tags);
    expect([t.tensorflow_version, t.tensorflow_git_version, t.producer, t.min_consumer]).toEqual([
      mg.tensorflow_version,
      mg.tensorflow_git_version,
      mg.producer,
      mg.min_consumer,
    ]);
    expect(t.ops.map((o) => o.op)).toEqual([
      'Const',
      'FutureOpV9',
      'MatMul',
      'MySecretCustomOp',
      'Placeholder',
      'StatefulPartitionedCall',
      'VarHandleOp',
    ]);
    expect(t.signatures).toEqual(mg.signatures!.map((s) => ({ key: s.key, method: s.method, inputs: s.inputs, outputs: s.outputs })));
    expect(t.objects!.map((o) => o.kind)).toEqual(mg.objects!.map((o) => o.kind));
    expect(t.concrete_functions).toBe(1);
    for (const [k, v] of Object.entries(tf!.fingerprint!)) expect(String(SPEC.fingerprint![k as 'checkpoint_hash'])).toBe(v);
  });

  it('TF 2.21 loads and runs a writer-made TF1-style SavedModel; a newer min_consumer fails the way TF says', async () => {
    const two = new Uint8Array(new Float32Array([2]).buffer);
    const dirs: Record<string, string> = {};
    for (const [name, minConsumer] of [
      ['ok', 0],
      ['future', 1_000_000],
    ] as const) {
      const files = writeSavedModel({
        meta_graphs: [
          {
            tags: ['serve'],
            tensorflow_version: '2.21.0',
            producer: 1500,
            min_consumer: minConsumer,
            nodes: [
              { name: 'x', op: 'Placeholder', attrs: { dtype: { type: 'float32' }, shape: { shape: [-1] } } },
              {
                name: 'c',
                op: 'Const',
                attrs: { dtype: { type: 'float32' }, value: { tensor: { dtype: 'float32', shape: [], content: two } } },
              },
              { name: 'y', op: 'Mul', inputs: ['x', 'c'], attrs: { T: { type: 'float32' } } },
            ],
            signatures: [
              {
                key: 'serving_default',
                method: 'tensorflow/serving/predict',
                inputs: [{ name: 'x', tensor: 'x:0', dtype: 'float32', shape: [-1] }],
                outputs: [{ name: 'y', tensor: 'y:0', dtype: 'float32', shape: [-1] }],
              },
            ],
          },
        ],
      });
      const dir = join(work, `runnable-${name}`);
      mkdirSync(dir, { recursive: true });
      for (const [n, b] of files) writeFileSync(join(dir, n), b);
      dirs[name] = dir;
      const facts = await decodeSavedModel(fileSet([...files].map(([n, b]) => new BytesSource(`r/${n}`, b))), 'r');
      expect(facts.producer.graph_def_min_consumer).toBe(minConsumer);
      expect(facts.missing).toEqual([]);
    }
    const LOAD = String.raw`
import json, sys
import tensorflow as tf
out = []
for d in sys.argv[1:]:
    r = {}
    try:
        with tf.compat.v1.Session(graph=tf.Graph()) as sess:
            mg = tf.compat.v1.saved_model.loader.load(sess, ['serve'], d)
            sig = mg.signature_def['serving_default']
            r['tf1'] = [float(v) for v in sess.run(sig.outputs['y'].name, {sig.inputs['x'].name: [1.0, 2.5]})]
    except Exception as e:
        r['tf1_error'] = str(e)
    try:
        m = tf.saved_model.load(d)
        r['tf2'] = [float(v) for v in m.signatures['serving_default'](x=tf.constant([1.0, 3.0]))['y'].numpy()]
    except Exception as e:
        r['tf2_error'] = str(e)
    out.append(r)
print(json.dumps(out))
`;
    const [ok, future] = await python<Record<string, unknown>[]>(LOAD, dirs['ok']!, dirs['future']!);
    expect(ok).toEqual({ tf1: [2, 5], tf2: [2, 6] });
    expect(future!['tf1_error']).toMatch(/GraphDef min consumer version 1000000 above current version \d+ for TensorFlow 2\.21/);
    expect(future!['tf2_error']).toMatch(/min consumer version 1000000/);
  });
});
