/**
 * writeSavedModel round trip: the decoders read back what the spec says, and protoc
 * --decode_raw finds the spec's values at TensorFlow's field numbers in the written bytes.
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { decodeGraphDefFile, decodeMetaGraphFile, decodeSavedModel } from '../../../src/lib/formats/graph/index.ts';
import { writeGraphDefBytes, writeMetaGraphBytes, writeSavedModel } from '../../../src/lib/writers/saved-model.ts';
import { BIG, SPEC } from './sample-spec.ts';
import { at, decodeRaw, messages, numberOf, stringOf, strings } from './protoc-raw.ts';

function asFileSet(files: Map<string, Uint8Array>, extra: Record<string, Uint8Array> = {}) {
  return fileSet([...files, ...Object.entries(extra)].map(([name, bytes]) => new BytesSource(`out/${name}`, bytes)));
}

describe('writeSavedModel', () => {
  it('round-trips through decodeSavedModel', async () => {
    const files = writeSavedModel(SPEC);
    expect([...files.keys()].sort()).toEqual(['fingerprint.pb', 'keras_metadata.pb', 'saved_model.pb']);
    const facts = await decodeSavedModel(asFileSet(files, { 'assets/vocab.txt': new Uint8Array(3) }), 'out');
    const mg = SPEC.meta_graphs[0]!;
    const m = facts.meta_graphs[0]!;
    expect(m.tags).toEqual(mg.tags);
    expect(facts.producer.tensorflow).toBe(mg.tensorflow_version);
    expect(facts.producer.tensorflow_git).toBe(mg.tensorflow_git_version);
    expect([facts.producer.graph_def_producer, facts.producer.graph_def_min_consumer]).toEqual([9999, 12]);
    expect(m.stripped_default_attrs).toBe(true);
    expect(m.node_count).toBe(mg.nodes.length);
    expect(m.function_count).toBe(1);
    expect(m.saver).toEqual({ filename_tensor: 'saver_filename:0', version: 'V2' });
    expect(m.collections).toEqual(['saved_model_main_op']);
    expect(facts.ops).toEqual([
      'Const',
      'FutureOpV9',
      'MatMul',
      'MySecretCustomOp',
      'Placeholder',
      'StatefulPartitionedCall',
      'VarHandleOp',
    ]);
    expect(facts.op_details.find((o) => o.op === 'MatMul')).toEqual({
      op: 'MatMul',
      count: 1,
      attrs: ['T', 'transpose_b'],
      functions: ['__inference_f_10'],
      files: ['out/saved_model.pb'],
    });
    expect(facts.op_details.find((o) => o.op === 'FutureOpV9')!.attrs).toEqual(['new_attr']);
    expect(facts.signatures).toEqual([
      {
        key: 'serving_default',
        method: 'tensorflow/serving/predict',
        inputs: [{ name: 'x', tensor: 'serving_default_x:0', dtype: 'float32', shape: [-1, 4] }],
        outputs: [
          { name: 'y', tensor: 'call:0', dtype: 'float32_ref', shape: null },
          { name: 'z', tensor: 'call:1', dtype: 'int64', shape: [] },
        ],
      },
    ]);
    expect(facts.object_graph!.map((n) => [n.kind, n.identifier])).toEqual([
      ['user_object', '_tf_keras_model'],
      ['variable', null],
      ['function', null],
      ['bare_concrete_function', null],
      ['user_object', '_tf_keras_layer'],
      ['asset', null],
    ]);
    expect(facts.object_graph![1]!.variable).toEqual({ dtype: 'float32', shape: [4, 2], trainable: true, name: 'kernel' });
    expect(facts.object_graph![4]!.registered_name).toBe('MyPkg>MyLayer');
    expect(facts.artifacts[0]!.summary).toContain('6 objects, 1 concrete functions');
    expect(facts.assets).toEqual(['assets/vocab.txt']);
    expect(facts.missing.map((x) => x.path)).toEqual(['out/variables/variables.index']);
    // Keras metadata and fingerprint.
    expect([facts.producer.keras, facts.producer.backend, facts.dtype_policy]).toEqual(['2.99.0', 'tensorflow', 'float32']);
    expect(facts.layers).toEqual([
      {
        path: '',
        name: 'model',
        class_name: 'Functional',
        module: null,
        registered_name: null,
        dtype_policy: 'float32',
        build_input_shape: null,
        config: null,
      },
      {
        path: 'my_layer',
        name: 'my_layer',
        class_name: 'MyLayer',
        module: null,
        registered_name: null,
        dtype_policy: 'mixed_float16',
        build_input_shape: [null, 4],
        config: { units: 2 },
      },
    ]);
    expect(facts.custom_objects.map((c) => [c.class_name, c.role, c.where])).toEqual([['MyLayer', 'layer', 'my_layer']]);
    expect(facts.producer.other).toEqual({
      saved_model_schema_version: '1',
      'fingerprint.saved_model_checksum': '18446744073709551557',
      'fingerprint.graph_def_program_hash': '1',
      'fingerprint.signature_def_hash': '9223372036854775808',
      'fingerprint.saved_object_graph_hash': '0',
      'fingerprint.checkpoint_hash': '12345678901234567890',
      'fingerprint.producer': '1',
    });
  });

  it('puts the values at TensorFlow field numbers (protoc --decode_raw)', () => {
    const files = writeSavedModel(SPEC);
    const raw = decodeRaw(files.get('saved_model.pb')!);
    expect(numberOf(at(raw, 1)[0]!)).toBe(1n);
    expect(strings(raw, 2, 1, 4)).toEqual(['serve', 'gpu']);
    expect(strings(raw, 2, 1, 5)).toEqual(['3.0.0-future']);
    expect(at(raw, 2, 2, 1, 2).map(stringOf)).toEqual(SPEC.meta_graphs[0]!.nodes.map((n) => n.op));
    expect(numberOf(at(raw, 2, 2, 4, 1)[0]!)).toBe(9999n);
    expect(strings(raw, 2, 5, 1)).toEqual(['serving_default']);
    const outputs = messages(raw, 2, 5, 2, 2);
    expect(outputs.map((o) => stringOf(at(o, 1)[0]!))).toEqual(['y', 'z']);
    expect(numberOf(at(outputs[0]!, 2, 2)[0]!)).toBe(101n);
    expect(at(raw, 2, 7, 1)).toHaveLength(6);
    // Fingerprint: descending field order, exact uint64 values.
    const fp = decodeRaw(files.get('fingerprint.pb')!);
    expect(fp.map((f) => f.no)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(numberOf(at(fp, 1)[0]!)).toBe(BIG);
  });

  it('omits the schema version when asked (TF1 Hub modules)', async () => {
    const files = writeSavedModel({ ...SPEC, schema_version: null, keras_metadata: undefined, fingerprint: undefined });
    expect(decodeRaw(files.get('saved_model.pb')!).map((f) => f.no)).toEqual([2]);
    const facts = await decodeSavedModel(asFileSet(files), 'out');
    expect(facts.producer.other).toEqual({});
  });

  it('writes TF1 .meta files with VariableDef collections', async () => {
    const bytes = writeMetaGraphBytes({
      tags: [],
      tensorflow_version: '1.15.0',
      producer: 134,
      nodes: [
        { name: 'w', op: 'VariableV2', attrs: { dtype: { type: 'float32' }, shape: { shape: [3, 5] } } },
        { name: 'step', op: 'VariableV2', attrs: { dtype: { type: 'int64' }, shape: { shape: [] } } },
      ],
      saver: { filename_tensor: 'save/Const:0', save_tensor: 'save/control_dependency:0', restore_op: 'save/restore_all', version: 'V2' },
      variables: [{ name: 'w' }, { name: 'step', trainable: false }],
    });
    const facts = await decodeMetaGraphFile(fileSet([new BytesSource('model.meta', bytes)]), 'model.meta');
    expect(facts.variables.map((v) => [v.name, v.dtype, v.shape])).toEqual([
      ['w', 'float32', [3, 5]],
      ['step', 'int64', []],
    ]);
    expect(facts.meta_graphs[0]!.collections).toEqual(['trainable_variables', 'variables']);
    const raw = decodeRaw(bytes);
    const trainable = messages(raw, 4).find((e) => stringOf(at(e, 1)[0]!) === 'trainable_variables')!;
    expect(at(trainable, 2, 2, 1)).toHaveLength(1);
  });

  it('writes frozen GraphDefs', async () => {
    const bytes = writeGraphDefBytes(
      [
        { name: 'in', op: 'Placeholder', attrs: { dtype: { type: 'uint8' }, shape: { shape: null } } },
        { name: 'out', op: 'Identity', inputs: ['in'] },
      ],
      [],
      27,
    );
    const facts = await decodeGraphDefFile(fileSet([new BytesSource('frozen.pb', bytes)]), 'frozen.pb');
    expect(facts.signatures[0]!.inputs).toEqual([{ name: 'in', tensor: 'in:0', dtype: 'uint8', shape: null }]);
    expect(facts.producer.graph_def_producer).toBe(27);
  });

  it('writes several MetaGraphs; facts keep each and merge their ops', async () => {
    const base = SPEC.meta_graphs[0]!;
    const files = writeSavedModel({
      meta_graphs: [
        { ...base, tags: ['serve'], objects: undefined, concrete_functions: undefined },
        {
          tags: ['train'],
          tensorflow_version: '1.15.5',
          producer: 134,
          nodes: [
            { name: 'opt', op: 'ApplyAdam' },
            { name: 'x', op: 'Placeholder' },
          ],
          signatures: [{ key: 'train', inputs: [], outputs: [] }],
        },
      ],
    });
    const facts = await decodeSavedModel(asFileSet(files), 'out');
    expect(facts.meta_graphs.map((m) => [m.tags, m.tensorflow_version, m.graph_def_producer])).toEqual([
      [['serve'], '3.0.0-future', 9999],
      [['train'], '1.15.5', 134],
    ]);
    expect(facts.op_details.find((o) => o.op === 'Placeholder')!.count).toBe(2);
    expect(facts.ops).toContain('ApplyAdam');
    expect(facts.signatures.map((s) => s.key)).toEqual(['serving_default', 'train']);
    expect(facts.object_graph).toBeNull();
    expect(decodeRaw(files.get('saved_model.pb')!).filter((f) => f.no === 2)).toHaveLength(2);
  });
});
