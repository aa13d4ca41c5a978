/**
 * The text-format parser: a hand-written saved_model.pbtxt exercising comments, `<>`, lists,
 * separators, escapes (octal, hex, unicode), enums and ref dtypes is encoded to binary by
 * protoc (`protoc --encode` with our .proto subset: an independent text parser), and both
 * forms must give the same facts; the literal values written below must come out.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeSavedModel, parseTextProto } from '../../../src/lib/formats/graph/index.ts';

const PROTO_DIR = resolve(import.meta.dirname, '../../../src/lib/proto');

const TEXT = String.raw`# A hand-written SavedModel in text format.
saved_model_schema_version: 1
meta_graphs {
  meta_info_def {
    tags: "serve"; tags: 'train',
    tensorflow_version: "2.99.0-rc0"
    tensorflow_git_version: "b'v2.99.0-\x41\101\u00e9'"   # hex, octal and unicode escapes
    stripped_default_attrs: true
  }
  graph_def <
    node { name: "x" op: "Placeholder"
      attr { key: "dtype" value { type: DT_FLOAT } }
      attr { key: "shape" value { shape { dim { size: -1 } dim { size: 3 } } } }
    }
    node { name: "w" op: "VarHandleOp" attr { key: "dtype" value { type: DT_HALF } } attr { key: "shape" value { shape { unknown_rank: true } } } }
    node: { name: "y" op: "StatefulPartitionedCall" attr { key: "f" value { func { name: "__inference_f_1" } } } }
    library { function { signature { name: "__inference_f_1" } node_def { name: "m" op: "MatMul" attr { key: "T" value { type: DT_FLOAT } } attr { key: "transpose_a" value { b: false } } } node_def [{ name: "r" op: "Relu" }, { name: "i" op: "Identity" }] } }
    versions { producer: 2000 min_consumer: 12 }
  >
  saver_def { filename_tensor_name: "saver_filename:0" save_tensor_name: "Identity:0" restore_op_name: "restore" version: V2 }
  collection_def { key: "saved_model_main_op" value { node_list { value: ["NoOp"] } } }
  signature_def {
    key: "serving_default"
    value {
      inputs { key: "x" value { name: "x:0" dtype: DT_FLOAT tensor_shape { dim { size: -1 } dim { size: 3 } } } }
      outputs { key: "y" value { name: "y:0" dtype: DT_FLOAT_REF tensor_shape { unknown_rank: true } } }
      method_name: "tensorflow/serving/predict"
    }
  }
  asset_file_def { tensor_info { name: "asset:0" } filename: "vocab.txt" }
  object_graph_def {
    nodes { children { node_id: 1 local_name: "w" } children { node_id: 2 local_name: "f" } user_object { identifier: "_generic_user_object" } }
    nodes { variable { dtype: DT_HALF shape { dim { size: 3 } } trainable: true name: "w" } }
    nodes { function { concrete_functions: "__inference_f_1" } }
    nodes { bare_concrete_function { concrete_function_name: "__inference_f_1" } }
    nodes { constant { operation: "c" } }
    nodes { resource { } registered_name: "Custom>Thing" }
    nodes { asset { asset_file_def_index: 0 } }
    nodes { captured_tensor { name: "t" concrete_function: "__inference_f_1" } }
    concrete_functions { key: "__inference_f_1" value { } }
  }
}
`;

async function facts(name: string, bytes: Uint8Array) {
  return decodeSavedModel(fileSet([new BytesSource(`m/${name}`, bytes), new BytesSource('m/assets/vocab.txt', new Uint8Array(0))]), 'm');
}

describe('protobuf text format', () => {
  it('gives the same facts as protoc --encode of the same text', async () => {
    // Our subset declares DataType / SaverDef.version as int32, so protoc gets their numbers
    // (DT_FLOAT = 1, DT_HALF = 19, ref types + 100, SaverDef V2 = 2, from TF's types.proto / saver.proto).
    const numeric = TEXT.replace(/\bDT_FLOAT_REF\b/g, '101')
      .replace(/\bDT_FLOAT\b/g, '1')
      .replace(/\bDT_HALF\b/g, '19')
      .replace(/version: V2/, 'version: 2');
    const binary = execFileSync('protoc', ['--encode=tensorflow.SavedModel', `-I${PROTO_DIR}`, 'meta_graph.proto'], { input: numeric });
    const fromText = await facts('saved_model.pbtxt', new TextEncoder().encode(TEXT));
    const fromBinary = await facts('saved_model.pb', new Uint8Array(binary));
    // The facts agree except for where they were read from, which each form records.
    for (const [f, name] of [
      [fromText, 'm/saved_model.pbtxt'],
      [fromBinary, 'm/saved_model.pb'],
    ] as const) {
      for (const o of f.op_details) expect(o.files).toEqual([name]);
      for (const m of f.meta_graphs) expect(m.file).toBe(name);
    }
    const unplaced = (f: typeof fromText) => ({
      ...f,
      op_details: f.op_details.map(({ files: _, ...o }) => o),
      meta_graphs: f.meta_graphs.map(({ file: _, ...m }) => m),
    });
    const { artifacts: a1, ...rest1 } = unplaced(fromText);
    const { artifacts: a2, ...rest2 } = unplaced(fromBinary);
    expect(rest1).toEqual(rest2);
    expect(a1[0]!.summary.replace(' (text)', '')).toBe(a2[0]!.summary);
  });

  it('reads the literal values written in the text', async () => {
    const f = await facts('saved_model.pbtxt', new TextEncoder().encode(TEXT));
    const m = f.meta_graphs[0]!;
    expect(m.tags).toEqual(['serve', 'train']);
    expect(f.producer.tensorflow).toBe('2.99.0-rc0');
    expect(f.producer.tensorflow_git).toBe("b'v2.99.0-AAé'");
    expect(m.stripped_default_attrs).toBe(true);
    expect([m.graph_def_producer, m.graph_def_min_consumer]).toEqual([2000, 12]);
    expect(m.node_count).toBe(3);
    expect(m.function_count).toBe(1);
    expect(m.saver).toEqual({ filename_tensor: 'saver_filename:0', version: 'V2' });
    expect(m.collections).toEqual(['saved_model_main_op']);
    expect(f.ops).toEqual(['Identity', 'MatMul', 'Placeholder', 'Relu', 'StatefulPartitionedCall', 'VarHandleOp']);
    expect(f.op_details.find((o) => o.op === 'MatMul')).toEqual({
      op: 'MatMul',
      count: 1,
      attrs: ['T', 'transpose_a'],
      functions: ['__inference_f_1'],
      files: ['m/saved_model.pbtxt'],
    });
    expect(f.signatures).toEqual([
      {
        key: 'serving_default',
        method: 'tensorflow/serving/predict',
        inputs: [{ name: 'x', tensor: 'x:0', dtype: 'float32', shape: [-1, 3] }],
        outputs: [{ name: 'y', tensor: 'y:0', dtype: 'float32_ref', shape: null }],
      },
    ]);
    expect(f.object_graph!.map((n) => n.kind)).toEqual([
      'user_object',
      'variable',
      'function',
      'bare_concrete_function',
      'constant',
      'resource',
      'asset',
      'captured_tensor',
    ]);
    expect(f.object_graph![0]!.children).toEqual([
      { name: 'w', id: 1 },
      { name: 'f', id: 2 },
    ]);
    expect(f.object_graph![1]!.variable).toEqual({ dtype: 'float16', shape: [3], trainable: true, name: 'w' });
    expect(f.object_graph![5]!.registered_name).toBe('Custom>Thing');
    expect(f.assets).toEqual(['assets/vocab.txt']);
    expect(f.missing.map((x) => x.path)).toEqual(['m/variables/variables.index']);
  });

  it('parses strings, numbers and identifiers into a generic tree', () => {
    const tree = parseTextProto('t', 'a: "x" \'y\' b: -1.5e3 c: inf d: -inf e <> f: [1, 2] [ext.name] { g: 0x1F } h: "\\0\\377"');
    const names = tree.fields.map((f) => f.name);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'f', '[ext.name]', 'h']);
    const a = tree.fields[0]!.value;
    expect(a.kind === 'string' && new TextDecoder().decode(a.bytes)).toBe('xy');
    const h = tree.fields[8]!.value;
    expect(h.kind === 'string' && [...h.bytes]).toEqual([0, 255]);
    const b = tree.fields[1]!.value;
    expect(b.kind === 'number' && b.text).toBe('-1.5e3');
  });

  it('rejects malformed text with the line and column', () => {
    const cases: [string, RegExp][] = [
      ['node { name: "x"', /missing '\}'/],
      ['node { name: "x }', /unterminated string/],
      ['node { name: "\\q" }', /unknown escape/],
      ['node { name "x" }', /expected ':' or '\{'/],
      ['node { name: }', /expected a value/],
      ['node { @ }', /unexpected character/],
      ['a: [1, 2', /expected ',' or '\]'/],
      ['x: "\\400"', /octal escape/],
    ];
    for (const [text, what] of cases) {
      let error: unknown;
      try {
        parseTextProto('bad.pbtxt', text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).file).toBe('bad.pbtxt');
      expect((error as DecodeError).what).toMatch(/^text proto line 1, column \d+: /);
      expect((error as DecodeError).what).toMatch(what);
    }
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(parseTextProto('bom.pbtxt', '\uFEFFnode { name: "x" }').fields.map((f) => f.name)).toEqual(['node']);
  });

  it('limits nesting depth instead of overflowing the stack', () => {
    const deep = 'a {'.repeat(100_000) + '}'.repeat(100_000);
    expect(() => parseTextProto('deep.pbtxt', deep)).toThrow(/nested deeper than 100 levels/);
  });

  it('maps type errors in known fields to DecodeErrors naming the file', async () => {
    const bad = new TextEncoder().encode('meta_graphs { meta_info_def { tags: 5 } }');
    await expect(facts('saved_model.pbtxt', bad)).rejects.toThrow(/m\/saved_model\.pbtxt.*'tags' needs a quoted string/);
    const badEnum = new TextEncoder().encode(
      'meta_graphs { signature_def { key: "s" value { inputs { key: "x" value { dtype: DT_NOPE } } } } }',
    );
    await expect(facts('saved_model.pbtxt', badEnum)).rejects.toThrow(/unknown DataType DT_NOPE/);
  });
});
