/**
 * Context over words: the rest of the paste changes what a message means, and the answer says
 * which lines decided. Texts are catalog wordings around names and paths chosen per case.
 */
import { describe, expect, it } from 'vitest';
import { triage } from '../../../src/lib/triage/index.ts';
import { opOwner } from '../../../src/lib/op-owner.ts';

const opMessage = (op: string): string =>
  `NotFoundError: Op type not registered '${op}' in binary running on worker-1. Make sure the Op and Kernel are registered in the binary running in this process.`;

describe('whose op is it', () => {
  it('an add-on package op is a missing import, named with its package and import', () => {
    for (const [op, pkg, imp] of [
      ['CaseFoldUTF8', 'tensorflow-text', 'import tensorflow_text'],
      ['SentencepieceOp', 'tensorflow-text', 'import tensorflow_text'],
      ['TFRA>CuckooHashTableOfTensors', 'tensorflow-recommenders-addons', 'import tensorflow_recommenders_addons as tfra'],
      ['Addons>ImageProjectiveTransformV2', 'tensorflow-addons', 'import tensorflow_addons as tfa'],
      ['SimpleMLInferenceOpWithHandle', 'tensorflow-decision-forests', 'import tensorflow_decision_forests'],
    ] as const) {
      const top = triage(opMessage(op)).matches[0];
      expect(top.failure, op).toBe('unregistered-custom-object');
      expect(top.extracted.package, op).toContain(pkg);
      expect(top.extracted.import, op).toContain(imp);
      expect(top.why, op).toMatch(/missing import/);
    }
  });

  it("a TensorFlow op is a runtime older than the writer, with the op's first release when known", () => {
    const top = triage(opMessage('DisableCopyOnRead')).matches[0];
    expect(top.failure).toBe('version-mismatch');
    expect(top.why).toMatch(/first in TF 2\.10/);
    expect(triage(opMessage('TanhGrad')).matches[0].failure).toBe('version-mismatch');
    expect(opOwner('ClipByValue').kind).toBe('core');
  });

  it('an old add-on name TensorFlow later adopted keeps both readings, version first', () => {
    const ids = triage(opMessage('ImageProjectiveTransformV2')).matches.map((m) => m.failure);
    expect(ids.slice(0, 2)).toEqual(['version-mismatch', 'unregistered-custom-object']);
  });

  it('reads the op from the KeyError of the op-def cache when the paste stops before the message', () => {
    const text = [
      'Traceback (most recent call last):',
      '  File "/x/tensorflow/python/framework/ops.py", line 3936, in _get_op_def',
      '    return self._op_def_cache[type]',
      "KeyError: 'NormalizeUTF8'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "serve.py", line 3, in <module>',
    ].join('\n');
    const top = triage(text).matches[0];
    expect(top.failure).toBe('unregistered-custom-object');
    expect(top.extracted.op).toBe('NormalizeUTF8');
  });
});

describe('paths given to loaders', () => {
  it('a table-format error while the path is a data shard is the wrong path, and says which line decided', () => {
    const text = [
      '2019-12-04 11:03:11.980040: W tensorflow/core/util/tensor_slice_reader.cc:95] Could not open models/ckpt-100.data-00000-of-00001: Data loss: not an sstable (bad magic number): perhaps your file is in a different file format and you need to use a different restore operator?',
      'tensorflow.python.framework.errors_impl.DataLossError: Unable to open table file models/ckpt-100.data-00000-of-00001: Data loss: not an sstable (bad magic number): perhaps your file is in a different file format and you need to use a different restore operator?',
    ].join('\n');
    const { matches, answer } = triage(text);
    expect(matches[0].failure).toBe('wrong-path-or-loader');
    expect(matches[0].lines.some((l) => l.line === 1 && /data shard/.test(l.why))).toBe(true);
    expect(matches[0].guide.url).toContain('/failures/wrong-path-or-loader/#mechanism');
    expect(answer.kind).toBe('failure');
  });

  it('the same error on a plain prefix stays a damaged file', () => {
    const text =
      'DataLossError: Unable to open table file models/ckpt-100: Data loss: not an sstable (bad magic number): perhaps your file is in a different file format and you need to use a different restore operator?';
    expect(triage(text).matches.map((m) => m.failure)).toContain('corrupted-checkpoint');
  });

  it("an empty path in Keras's format message is the path, not the format", () => {
    const text =
      'ValueError: File format not supported: filepath=. Keras 3 only supports V3 `.keras` files and legacy H5 format files (`.h5` extension).';
    expect(triage(text).matches[0].failure).toBe('wrong-path-or-loader');
  });
});

describe('what a checkpoint key means', () => {
  const probe = [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3.7/site-packages/tensorflow/python/training/saver.py", line 1737, in restore',
    '    checkpointable.OBJECT_GRAPH_PROTO_KEY)',
    'tensorflow.python.framework.errors_impl.NotFoundError: Key _CHECKPOINTABLE_OBJECT_GRAPH not found in checkpoint',
  ].join('\n');

  it("_CHECKPOINTABLE_OBJECT_GRAPH missing inside TF1's Saver is its probe: a variable name problem", () => {
    const top = triage(probe).matches[0];
    expect(top.failure).toBe('variable-name-mismatch');
    expect(top.why).toMatch(/probe/);
  });

  it('the same key missing for object-based code is a TF1 checkpoint', () => {
    const text = probe.replace('/training/saver.py", line 1737, in restore', '/checkpoint/checkpoint.py", line 1400, in restore');
    expect(triage(text).matches[0].failure).toBe('tf1-tf2-checkpoint');
  });

  it('missing keys that are all optimizer slots are a partial restore', () => {
    const text = [
      'W tensorflow/core/framework/op_kernel.cc:1192] Not found: Key MobilenetV1/Conv2d_5_pointwise/weights/Adam not found in checkpoint',
      'W tensorflow/core/framework/op_kernel.cc:1192] Not found: Key MobilenetV1/Conv2d_4_pointwise/BatchNorm/beta/Adam_1 not found in checkpoint',
      'W tensorflow/core/framework/op_kernel.cc:1192] Not found: Key beta1_power not found in checkpoint',
    ].join('\n');
    expect(triage(text).matches[0].failure).toBe('partial-restore');
    const mixed = `${text}\nW tensorflow/core/framework/op_kernel.cc:1192] Not found: Key MobilenetV1/Conv2d_0/weights not found in checkpoint`;
    expect(triage(mixed).matches[0].failure).toBe('variable-name-mismatch');
  });
});

describe('shapes and versions', () => {
  it('kernels transposed between channels-last and channels-first are Keras 1 / Theano weights', () => {
    const text = 'ValueError: Layer weight shape (5, 5, 64, 30) not compatible with provided weight shape (30, 64, 5, 5)';
    expect(triage(text).matches[0].failure).toBe('version-mismatch');
    const plain = 'ValueError: Layer weight shape (1024, 4) not compatible with provided weight shape (1024, 5)';
    expect(triage(plain).matches[0].failure).toBe('architecture-mismatch');
  });

  it('received 0 variables is said without confidence, with a version mismatch close behind', () => {
    const text = "ValueError: Layer 'conv2d_1' expected 2 variables, but received 0 variables during loading. Expected: ['kernel', 'bias']";
    const { matches, answer } = triage(text);
    expect(matches.slice(0, 2).map((m) => m.failure)).toEqual(['architecture-mismatch', 'version-mismatch']);
    expect(answer.kind === 'failure' && answer.confident).toBe(false);
    expect(answer.kind === 'failure' && answer.runner_up?.failure).toBe('version-mismatch');
  });

  it('a save and reload of the same file in one session is not said to be a mismatch with confidence', () => {
    const text = [
      "model.save('/content/model.keras')",
      "model = keras.models.load_model('/content/model.keras')",
      "ValueError: Layer 'lstm_cell' expected 3 variables, but received 0 variables during loading. Expected: ['kernel', 'recurrent_kernel', 'bias']",
    ].join('\n');
    const { answer } = triage(text);
    expect(answer.kind).toBe('failure');
    if (answer.kind === 'failure') {
      expect(answer.confident).toBe(false);
      expect(answer.top.why).toMatch(/one session/);
    }
  });
});
