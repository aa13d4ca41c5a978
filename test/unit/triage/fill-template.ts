/**
 * Fills an errors.json template's {placeholders} with plausible values, the way TensorFlow
 * or Keras would print the message. Values are chosen per placeholder name (real names and
 * numbers from the example tracebacks where there is one); a few names mean different things
 * in different messages (`path`, `n`, `stored`...), so those have per-message values.
 */

const DEFAULTS: Record<string, string> = {
  op: 'CaseFoldUTF8',
  host: 'gpu-node-3',
  min_consumer: '2900',
  consumer: '2474',
  producer: '2600',
  min_producer: '21',
  tf_version: '2.21.0',
  filepath: 'models/regressor_savedmodel',
  class_name: 'ScaleLayer',
  kwargs: "{'groups': 1}",
  list_of_kwargs: "['batch_shape', 'optional']",
  obj_type: 'class',
  name: 'ScaleLayer',
  module: 'my_project.layers',
  config: "{'module': None, 'class_name': 'ScaleLayer', 'config': {'name': 'scale', 'factor': 2.0}, 'registered_name': 'ScaleLayer'}",
  kwarg: 'groups',
  path: 'models/tf_ckpt/ckpt-1',
  cls: 'ScaleLayer',
  Class: 'ScaleLayer',
  n: '1',
  s: '',
  args: "'factor'",
  kind: 'layer',
  identifier: '_tf_keras_layer',
  e: "Unknown layer: 'ScaleLayer'",
  type: 'ScaleLayer',
  attr: 'predict',
  names: '_update_step_xla, dense_layer_call_fn',
  m: '5',
  input: 'y',
  actual: 'float32',
  expected: 'int32',
  arg: 'y',
  received_spec: "TensorSpec(shape=(2, 4), dtype=tf.float32, name='x')",
  expected_spec: "TensorSpec(shape=(None, 4), dtype=tf.float64, name='x')",
  signature:
    "(*, x: TensorSpec(shape=(None, 4), dtype=tf.float64, name='x')) -> Dict[['y', TensorSpec(shape=(None, 1), dtype=tf.float64, name='y')]]",
  index: '0',
  expected_dtype: 'double',
  actual_dtype: 'float',
  key: 'dense/kernel',
  stored: 'double',
  input_dtype: 'float64',
  layer_dtype: 'float32',
  dtype: 'float',
  tensor: '<tf.Tensor: shape=(4,), dtype=int32, numpy=array([1, 2, 3, 4], dtype=int32)>',
  spec_a: "TensorSpec(shape=(None, 4), dtype=tf.float32, name='x')",
  spec_b: "TensorSpec(shape=(None, 4), dtype=tf.float64, name='x')",
  original_error: 'Key dense/bias not found in checkpoint\n\t [[node save/RestoreV2 (defined at train.py:42) ]]',
  lhs_shape: '[4,16]',
  rhs_shape: '[4,8]',
  d: '1',
  a: '16',
  b: '8',
  shape_a: '[4,16]',
  shape_b: '[4,8]',
  node: 'Assign_1',
  ' name': ' dense/kernel:0',
  var_shape: '(4, 16)',
  value_shape: '(4, 8)',
  restored_shape: '(4, 8)',
  n_saved: '3',
  n_model: '4',
  k: '2',
  saved_name: 'dense_1',
  weight: 'dense/kernel:0',
  received: '(4, 8)',
  n_expected: '4',
  n_received: '0',
  variable_names: "['gamma', 'beta', 'moving_mean', 'moving_variance']",
  obj: '<BatchNormalization name=bn, built=True>',
  error:
    "Layer 'bn' expected 4 variables, but received 0 variables during loading. Expected: ['gamma', 'beta', 'moving_mean', 'moving_variance']",
  objects: '[<BatchNormalization name=bn, built=True>]',
  variable: '<Variable path=dense/kernel, shape=(4, 16), dtype=float32, value=[...]>',
  container: 'localhost',
  status: 'NOT_FOUND: Resource localhost/dense/kernel/N10tensorflow3VarE does not exist.',
  prefix: 'models/corrupt/ckpt-1',
  shard: '0',
  size: '128',
  stored_crc: '4096002386',
  actual_crc: '2638207637',
  pattern: 'models/tf_ckpt/ckpt-7',
  num_shards: '1',
  export_dir: 'models/tf_ckpt',
  detail: 'Unexpected end-group tag',
  eof: '1024',
  base: '0',
  stored_eof: '40960',
  proto_type: 'tensorflow.SavedModel',
  limit: '1073741824',
  header: 'google/protobuf/io/coded_stream.h',
  endpoint: 'serve',
  endpoints: "['serving_default']",
  tags: "{'serve'}",
  available_tags: "[{'train'}]",
  tag_sets: "[['serve'], ['train']]",
  'NotFoundError message': 'Failed to find any matching files for models/exported/variables/variables',
  scheme: 's3',
  device: '/device:GPU:0',
  devices: '/job:localhost/replica:0/task:0/device:CPU:0',
  seconds: '1.6',
  max: '10',
  ptr: '0x55d0c3a0b2c0',
  uri: 'https://storage.googleapis.com/my-bucket/model/variables/variables.data-00000-of-00001',
  done: '0',
  total: '0',
  timing: 'namelookup 0.01, connect 0.02',
  cc: '9.0',
  peer: '/job:worker/replica:0/task:1',
  attempt: '1',
  shape: '250000,1024',
  allocator: 'GPU_0_bfc',
  bytes: '1024000000',
  thread_id: '00007fe63a5bab80',
  OptimizerClass: 'Adam',
  files_status: 'NOT_FOUND: Could not locate the credentials file.',
  gce_status: 'UNAVAILABLE: Error executing an HTTP request: libcurl code 6',
  inner_exception:
    "Could not locate class 'ScaleLayer'. Make sure custom classes and functions are decorated with `@keras.saving.register_keras_serializable()`.",
  inner_error: "Op type not registered 'DisableCopyOnReadV2' in binary running on gpu-node-3.",
  max_attempts: '10',
  value: '1',
  list: '(root).optimizer._iterations',
  a_name: 'model.layer.weight',
  inputs: '(<tf.Tensor: shape=(2, 4), dtype=float32>)',
  input_signature: "(TensorSpec(shape=(None, 4), dtype=tf.float64, name='x'))",
};

/** Where one name means something else in one message. */
const PER_MESSAGE: Record<string, Record<string, string>> = {
  'keras3-dotkeras-not-a-zip': { filepath: 'models/regressor_trunc.keras' },
  'keras3-load-weights-format-not-supported': { filepath: 'models/tf_ckpt/ckpt-1' },
  'keras3-skipping-nested-container': { path: '_operations_by_depth/container_1' },
  'ckpt-unresolved-object-warning-old': { path: "(root).optimizer's state 'm' for (root).model.dense.kernel" },
  'ckpt-value-not-found-in-restored-object': { path: '(root).optimizer._iterations' },
  'ckpt-attribute-not-found-in-checkpoint': { path: '(root).model.dense', attr: 'kernel' },
  'assert-consumed-unresolved-object': { path: '(root).optimizer._iterations', node_proto: 'attributes {\n  name: "VARIABLE_VALUE"\n}' },
  'unable-to-open-table-file': { path: 'models/ckpt-1.index', status: 'DATA_LOSS: not an sstable (bad magic number): ' },
  'tensorslicereader-failed-get-matching': {
    pattern: 'C:\\models\\ckpt-1',
    status: 'NOT_FOUND: FindFirstFile failed for: C:/models : The system cannot find the path specified.',
  },
  'file-system-scheme-not-implemented': { path: 's3://my-bucket/model/saved_model.pb' },
  'tfkeras-savedmodel-lacks-keras-metadata': { path: 'models/exported' },
  'savedmodel-cannot-parse': { path: 'models/exported/saved_model.pb' },
  'invalid-size-in-bundle-entry': { stored: '128', expected: '256' },
  'bundle-length-checksum-mismatch': { expected: '2638207637', actual: '4096002386' },
  'shapes-are-incompatible': { shape_a: '(4, 16)', shape_b: '(4, 8)' },
  'tf1-dimension-must-be-equal': { shape_a: '[4,16]', shape_b: '[4,8]', node: 'Assign_1' },
  'keras-h5-by-name-shape-mismatch': { expected: '(4, 16)', name: 'dense' },
  'keras-h5-weight-count-mismatch': { name: 'dense', n: '2', m: '1' },
  'keras3-optimizer-variable-count-skip': { name: 'adam', n: '5', m: '9' },
  'keras3-layer-never-built': { name: 'dense', n: '2' },
  'keras3-layer-expected-n-variables': { name: 'bn' },
  'keras-unknown-object-custom-objects-arg': { name: 'ScaleLayer' },
  'tfkeras-cannot-call-custom-layer': { name: 'scale', type: 'ScaleLayer' },
  'keras-autocast-float64-warning': { name: 'dense' },
  'oom-when-allocating-tensor': { device: '/job:localhost/replica:0/task:0/device:GPU:0' },
  'bfc-allocator-ran-out-of-memory': { name: 'GPU_0_bfc', size: '976.56MiB', op: 'RestoreV2' },
  'cuda-error-out-of-memory': { size: '15.90G', bytes: '17071734784' },
  'protobuf-exceeds-2gb': { size: '2469606195' },
  'gcs-all-retries-failed': { n: '10', status: 'UNAVAILABLE: Error executing an HTTP request: libcurl code 6' },
  'gcs-retrying-operation': { n: '3', status: 'UNAVAILABLE: Error executing an HTTP request' },
  'fork-child-stuck-stack-signature': { seconds: '30', n: '53' },
  'curl-request-stuck': { seconds: '61' },
  'mwms-peer-seems-down': { limit: '3' },
  'saved-model-load-requires-tags': { n: '2' },
  'init-missing-required-argument': { n: '1', s: '' },
  'tensor-conversion-requested-dtype': { dtype: 'float32', actual: 'int32' },
  'graph-op-input-type-mismatch': { op: 'MatMul', actual: 'float64', expected: 'float32' },
  'checkpoint-dtype-mismatch': { expected: 'float', stored: 'double' },
  'eager-input-dtype-mismatch': { op: '__inference_signature_wrapper___call___35' },
  'cannot-assign-device': { op: 'save/RestoreV2' },
  'keras3-parent-module-not-importable': { name: 'ScaleLayer' },
  'saver-restore-failed-graph-mismatch': {
    original_error: 'Assign requires shapes of both tensors to match. lhs shape= [4,16] rhs shape= [4,8]\n\t [[{{node save/Assign_1}}]]',
  },
  'tfkeras-unable-to-restore-object-of-class': { class_name: 'ScaleLayer' },
};

const PLACEHOLDER = /\{( ?[A-Za-z_][\w ]*?)(?::(0?)(\d*)d)?\}/g;

/** The template's first form (some list variants separated by "   /   " or a trailing note). */
export function firstForm(template: string): string {
  return template.split(/ {3,}(?:\/ |\(|\[)/)[0];
}

export function fillTemplate(id: string, template: string): string {
  const per = PER_MESSAGE[id] ?? {};
  const filled = firstForm(template).replace(PLACEHOLDER, (whole, name: string, zero: string, width: string) => {
    let v = per[name] ?? DEFAULTS[name];
    if (v === undefined) return whole;
    if (width) v = v.padStart(Number(width), zero ? '0' : ' ');
    return v;
  });
  // Python format escapes: "{{saved_model.pbtxt|saved_model.pb}}" prints single braces.
  return filled.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

/** Placeholders left unfilled (a gap in the tables above). */
export function unfilled(id: string, template: string): string[] {
  const per = PER_MESSAGE[id] ?? {};
  const out: string[] = [];
  for (const m of firstForm(template).matchAll(PLACEHOLDER)) if (per[m[1]] === undefined && DEFAULTS[m[1]] === undefined) out.push(m[1]);
  return out;
}
