/**
 * A large SavedModel for the benchmarks, written by the project's SavedModel writer: a big
 * GraphDef (many nodes with attrs and inputs), a large function library, big Const tensors,
 * signatures and a TF2 object graph. Deterministic; sized by `targetBytes` (roughly: half
 * constants, a third graph nodes, the rest functions and objects).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSavedModel, type FunctionSpecDef, type NodeSpec, type ObjectSpec } from '../../src/lib/writers/saved-model.ts';

const OPS = [
  'MatMul',
  'BiasAdd',
  'Relu',
  'AddV2',
  'Mul',
  'Identity',
  'ReadVariableOp',
  'Reshape',
  'ConcatV2',
  'Softmax',
  'LayerNorm',
  'Gelu',
];

function node(i: number, scope: string): NodeSpec {
  const op = OPS[i % OPS.length]!;
  return {
    name: `${scope}/block_${Math.floor(i / 64)}/${op.toLowerCase()}_${i}`,
    op,
    inputs: [`${scope}/block_${Math.floor(i / 64)}/input_${i - 1}`, `${scope}/block_${Math.floor(i / 64)}/weights_${i % 97}`],
    device: '/job:localhost/replica:0/task:0/device:CPU:0',
    attrs: { T: { type: 'float32' }, _output_shapes: { list: { shape: [[-1, 768]] } }, transpose_a: { b: false } },
  };
}

export function generateSavedModel(
  dir: string,
  targetBytes: number,
): { path: string; bytes: number; nodes: number; functions: number; constants: number } {
  const constBytes = 1 << 20;
  const constants = Math.max(1, Math.floor((targetBytes * 0.5) / constBytes));
  const nodeCount = Math.floor((targetBytes * 0.33) / 190);
  const functionCount = Math.max(1, Math.floor((targetBytes * 0.15) / (40 * 190)));
  const content = new Uint8Array(constBytes);
  let x = 0x2545f491;
  for (let i = 0; i < content.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    content[i] = x & 0xff;
  }

  const nodes: NodeSpec[] = [
    { name: 'serving_default_x', op: 'Placeholder', attrs: { dtype: { type: 'float32' }, shape: { shape: [-1, 768] } } },
  ];
  for (let c = 0; c < constants; c++) {
    nodes.push({
      name: `model/embedding_${c}/Const`,
      op: 'Const',
      attrs: { dtype: { type: 'float32' }, value: { tensor: { dtype: 'float32', shape: [constBytes / 4 / 256, 256], content } } },
    });
  }
  for (let i = 0; i < nodeCount; i++) nodes.push(node(i, 'model'));
  nodes.push({
    name: 'StatefulPartitionedCall',
    op: 'StatefulPartitionedCall',
    inputs: ['serving_default_x'],
    attrs: { f: { func: '__inference_signature_wrapper_1' } },
  });

  const functions: FunctionSpecDef[] = [];
  for (let f = 0; f < functionCount; f++) {
    functions.push({ name: `__inference_call_${f}`, nodes: Array.from({ length: 40 }, (_, i) => node(f * 40 + i, `call_${f}`)) });
  }
  const objects: ObjectSpec[] = [{ kind: 'user_object', identifier: '_generic_user_object', children: [] }];
  for (let f = 0; f < functionCount; f++) {
    objects[0]!.children!.push({ name: `fn_${f}`, id: objects.length });
    objects.push({ kind: 'function', concrete_functions: [`__inference_call_${f}`] });
  }
  for (let v = 0; v < 2000; v++) {
    objects[0]!.children!.push({ name: `variable_${v}`, id: objects.length });
    objects.push({ kind: 'variable', dtype: 'float32', shape: [768, 768], name: `model/dense_${v}/kernel` });
  }

  const files = writeSavedModel({
    meta_graphs: [
      {
        tags: ['serve'],
        tensorflow_version: '2.21.0',
        tensorflow_git_version: 'v2.21.0-0-g0000000000',
        producer: 2100,
        min_consumer: 12,
        stripped_default_attrs: true,
        nodes,
        functions,
        signatures: [
          {
            key: 'serving_default',
            method: 'tensorflow/serving/predict',
            inputs: [{ name: 'x', tensor: 'serving_default_x:0', dtype: 'float32', shape: [-1, 768] }],
            outputs: [{ name: 'output_0', tensor: 'StatefulPartitionedCall:0', dtype: 'float32', shape: [-1, 768] }],
          },
        ],
        objects,
        concrete_functions: functions.map((f) => f.name),
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  const bytes = files.get('saved_model.pb')!;
  writeFileSync(join(dir, 'saved_model.pb'), bytes);
  return { path: dir, bytes: bytes.byteLength, nodes: nodes.length, functions: functionCount, constants };
}
