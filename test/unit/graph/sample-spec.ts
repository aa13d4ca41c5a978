/** A SavedModel spec exercising every writer feature; shared by the writer unit and oracle tests. */
import type { SavedModelSpec } from '../../../src/lib/writers/saved-model.ts';

export const BIG = 18_446_744_073_709_551_557n; // largest 64-bit prime: far above 2^53

export const SPEC: SavedModelSpec = {
  meta_graphs: [
    {
      tags: ['serve', 'gpu'],
      tensorflow_version: '3.0.0-future',
      tensorflow_git_version: "b'v3.0.0-0-gdeadbeef'",
      stripped_default_attrs: true,
      producer: 9999,
      min_consumer: 12,
      nodes: [
        { name: 'x', op: 'Placeholder', attrs: { dtype: { type: 'float32' }, shape: { shape: [-1, 4] } } },
        { name: 'v', op: 'VarHandleOp', attrs: { dtype: { type: 'float32' }, shape: { shape: [4, 2] }, shared_name: { s: 'v' } } },
        {
          name: 'c',
          op: 'Const',
          attrs: { dtype: { type: 'int32' }, value: { tensor: { dtype: 'int32', shape: [2], content: new Uint8Array(8) } } },
        },
        {
          name: 'call',
          op: 'StatefulPartitionedCall',
          inputs: ['x', 'v'],
          attrs: { f: { func: '__inference_f_10' }, Tin: { list: { type: ['float32', 'resource'] } } },
        },
        { name: 'future', op: 'FutureOpV9', attrs: { new_attr: { i: 3 } } },
      ],
      functions: [
        {
          name: '__inference_f_10',
          nodes: [
            { name: 'mm', op: 'MatMul', attrs: { T: { type: 'float32' }, transpose_b: { b: true } } },
            { name: 'sk', op: 'MySecretCustomOp' },
          ],
        },
      ],
      saver: { filename_tensor: 'saver_filename:0', save_tensor: 'Identity:0', restore_op: 'restore_all', version: 'V2' },
      collections: { saved_model_main_op: { node_list: ['NoOp'] } },
      signatures: [
        {
          key: 'serving_default',
          method: 'tensorflow/serving/predict',
          inputs: [{ name: 'x', tensor: 'serving_default_x:0', dtype: 'float32', shape: [-1, 4] }],
          outputs: [
            { name: 'y', tensor: 'call:0', dtype: 'float32_ref', shape: null },
            { name: 'z', tensor: 'call:1', dtype: 'int64', shape: [] },
          ],
        },
      ],
      asset_files: ['vocab.txt'],
      objects: [
        {
          kind: 'user_object',
          identifier: '_tf_keras_model',
          children: [
            { name: 'kernel', id: 1 },
            { name: 'call', id: 2 },
            { name: 'layer-0', id: 4 },
          ],
        },
        { kind: 'variable', dtype: 'float32', shape: [4, 2], trainable: true, name: 'kernel' },
        { kind: 'function', concrete_functions: ['__inference_f_10'] },
        { kind: 'bare_concrete_function', concrete_function_name: '__inference_f_10' },
        { kind: 'user_object', identifier: '_tf_keras_layer', registered_name: 'MyPkg>MyLayer' },
        { kind: 'asset', asset_file_def_index: 0 },
      ],
      concrete_functions: ['__inference_f_10'],
    },
  ],
  keras_metadata: [
    {
      node_id: 0,
      node_path: 'root',
      identifier: '_tf_keras_model',
      metadata: { name: 'model', class_name: 'Functional', keras_version: '2.99.0', backend: 'tensorflow', dtype: 'float32' },
    },
    {
      node_id: 4,
      node_path: 'root.layer-0',
      identifier: '_tf_keras_layer',
      metadata: {
        name: 'my_layer',
        class_name: 'MyLayer',
        dtype: { class_name: 'Policy', config: { name: 'mixed_float16' } },
        build_input_shape: { class_name: 'TensorShape', items: [null, 4] },
        config: { units: 2 },
      },
    },
  ],
  fingerprint: {
    saved_model_checksum: BIG,
    graph_def_program_hash: 1n,
    signature_def_hash: 2n ** 63n,
    saved_object_graph_hash: 0n,
    checkpoint_hash: 12345678901234567890n,
    producer: 1,
    order: 'descending',
  },
};
