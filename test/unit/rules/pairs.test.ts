/**
 * Every rule on broken/fixed pairs made by real TensorFlow 2.21 / Keras 3.15 (public/samples,
 * with manifest.json recording what TF really did when loading each half) and on files made by
 * scripts/data/make-test-data.py: the broken half fires the rule's failure id, the fixed half
 * does not. The context is what a reader would state (the sample's load code: loader, path,
 * input); the expected model is real TF output (a second artifact or a printed variable list).
 */
import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureUrl } from '../../../src/lib/catalog.ts';
import { expectedFromFacts, parseModelSummary, parseVariableList } from '../../../src/lib/context/index.ts';
import { verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { ctx, DATA, dataText, factsOf, run, sample, SAMPLES } from './load.ts';

interface ManifestEntry {
  scenario: string;
  failure: string;
  facts: Record<string, unknown>;
  broken: { outcome: { raised: boolean; message: string | null; observed: Record<string, unknown> | null } };
  fixed: { outcome: { raised: boolean; observed: Record<string, unknown> | null } };
}
const MANIFEST = JSON.parse(readFileSync(resolve(SAMPLES, 'manifest.json'), 'utf8')) as ManifestEntry[];
const manifest = (scenario: string) => MANIFEST.find((m) => m.scenario === scenario)!;

describe('version-mismatch', () => {
  it('Keras 3 load_model on a SavedModel dir fires; TFSMLayer does not', async () => {
    const m = manifest('savedmodel-dir-into-keras3-load-model');
    expect(m.broken.outcome.message).toMatch(/File format not supported/); // what TF really said
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ keras: '3.15', loader: 'keras.models.load_model' }),
      'version-mismatch',
    );
    expect(broken.map((f) => f.severity)).toContain('error');
    expect(broken[0]!.fix).toMatch(/TFSMLayer\(.*call_endpoint="serving_default"\)/);
    expect(broken[0]!.fix).toMatch(/TF_USE_LEGACY_KERAS/);
    expect(broken[0]!.url).toBe(failureUrl('version-mismatch', 'fix'));
    const fixed = run(
      await factsOf(sample(m.scenario, 'fixed')),
      ctx({ keras: '3.15', loader: 'keras.layers.TFSMLayer' }),
      'version-mismatch',
    );
    expect(fixed).toEqual([]);
  });

  it('an op newer than the runtime fires (DisableCopyOnRead, first in TF 2.10); the saving release does not', async () => {
    const dir = fixturePath('tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123');
    // Independent evidence that the graph really uses the op: its name is in the protobuf bytes.
    expect(readFileSync(join(dir, 'saved_model.pb')).includes(Buffer.from('DisableCopyOnRead'))).toBe(true);
    const facts = await factsOf(dir);
    const old = run(facts, ctx({ tf: '2.9' }), 'version-mismatch');
    const op = old.find((f) => f.title.includes('DisableCopyOnRead'));
    expect(op?.severity).toBe('error');
    expect(op?.confidence).toBe('certain'); // exact per-release op lists 2.9 (absent) and 2.10 (present)
    expect(old.some((f) => /newer TensorFlow/.test(f.title))).toBe(true); // producer 1569 > 2.9's 1087
    expect(run(facts, ctx({ tf: '2.14' }), 'version-mismatch')).toEqual([]);
  });

  it('an attr newer than the runtime (VarHandleOp debug_name, first in 2.15) in a TF 2.21 SavedModel', async () => {
    const dir = sample('float64-signature-fed-float32', 'fixed');
    expect(readFileSync(join(dir, 'scorer/saved_model.pb')).includes(Buffer.from('debug_name'))).toBe(true);
    const facts = await factsOf(dir);
    const old = run(facts, ctx({ tf: '2.12' }), 'version-mismatch').find((f) => /attr 'debug_name'/.test(f.title));
    expect(old?.severity).toBe('error'); // stripped default attrs: present means non-default
    expect(old?.detail).toMatch(/NodeDef mentions attr 'debug_name' not in Op<name=VarHandleOp/);
    expect(run(facts, ctx({ tf: '2.15' }), 'version-mismatch').filter((f) => /attr/.test(f.title))).toEqual([]);
  });

  it('ops outside core TensorFlow (TF-DF) fire with the library to import; a core-only SavedModel does not', async () => {
    const tfdf = fixturePath('tf-decision-forests/tensorflow_decision_forests/test_data/model/saved_model_adult_rf');
    expect(readFileSync(join(tfdf, 'saved_model.pb')).includes(Buffer.from('SimpleMLInferenceOpWithHandle'))).toBe(true);
    const broken = run(await factsOf(tfdf), ctx({ tf: '2.10' }), 'version-mismatch');
    const custom = broken.find((f) => /not in core TensorFlow/.test(f.title));
    expect(custom?.title).toMatch(/SimpleML/);
    expect(custom?.fix).toMatch(/import tensorflow_decision_forests/);
    // The package named is the one whose sources register the ops (src/lib/data/op-packages.json), and
    // the evidence points at the graph that uses them, not at an asset.
    expect(custom?.title).toContain('(registered by tensorflow-decision-forests)');
    expect(custom?.fix).toContain('pip install tensorflow-decision-forests');
    expect(new Set(custom?.evidence.map((e) => e.file))).toEqual(new Set([join(basename(tfdf), 'saved_model.pb')]));
    const core = fixturePath('tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123');
    expect(run(await factsOf(core), ctx({ tf: '2.14' }), 'version-mismatch').filter((f) => /core/.test(f.title))).toEqual([]);
  });

  it('h5py 3 with Keras 2.3.1 fires on a Keras 2.3.1 HDF5 file; h5py 2 does not', async () => {
    const h5 = fixturePath('dl4j-test-resources/src/main/resources/modelimport/keras/examples/custom_loss.h5');
    const facts = await factsOf(h5);
    const broken = run(facts, ctx({ keras: '2.3.1', h5py: '3.1.0' }), 'version-mismatch');
    expect(broken.some((f) => /decode/.test(f.title) && f.severity === 'error')).toBe(true);
    expect(run(facts, ctx({ keras: '2.3.1', h5py: '2.10.0' }), 'version-mismatch')).toEqual([]);
  });
});

describe('unregistered-custom-object', () => {
  it('a .keras with an unregistered custom layer fires with the registration snippet; passing it does not', async () => {
    const m = manifest('unregistered-custom-layer');
    expect(m.broken.outcome.raised).toBe(true);
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ keras: '3.15', loader: 'keras.models.load_model' }),
      'unregistered-custom-object',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.severity).toBe('error');
    expect(broken[0]!.fix).toContain('"ScaledDense": ScaledDense');
    expect(broken[0]!.fix).toMatch(/@keras\.saving\.register_keras_serializable\(package=/);
    expect(broken[0]!.detail).toMatch(/never hangs/);
    // The fixed load code passes custom_objects={"ScaledDense": ScaledDense}.
    const fixed = run(
      await factsOf(sample(m.scenario, 'fixed')),
      ctx({ keras: '3.15', loader: 'keras.models.load_model', custom_objects: ['ScaledDense'] }),
      'unregistered-custom-object',
    );
    expect(fixed).toEqual([]);
  });
});

describe('dtype-mismatch', () => {
  it('float32 fed to a float64 signature fires with the cast; float64 does not', async () => {
    const m = manifest('float64-signature-fed-float32');
    expect(m.broken.outcome.message).toMatch(/expected to be a double tensor but is a float tensor/);
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader: 'tf.saved_model.load', input: { dtype: 'float32', shape: [2, 4] } }),
      'dtype-mismatch',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.fix).toContain('tf.cast(x, tf.float64)');
    expect(broken[0]!.detail).toMatch(/double tensor but is a float tensor/);
    const fixed = run(
      await factsOf(sample(m.scenario, 'fixed')),
      ctx({ loader: 'tf.saved_model.load', input: { dtype: 'float64', shape: [2, 4] } }),
      'dtype-mismatch',
    );
    expect(fixed).toEqual([]);
  });

  it('a float64 checkpoint restored into a float32 model fires; a float32 checkpoint does not', async () => {
    const expected = parseVariableList(dataText('../../context/data/keras3-small.weights.txt')); // float32 model.weights
    const broken = run(await factsOf(resolve(DATA, 'float64')), ctx({ loader: 'tf.train.Checkpoint.restore', expected }), 'dtype-mismatch');
    const retyped = broken.find((f) => f.severity === 'error');
    expect(retyped?.title).toMatch(/float64, expected float32/);
    expect(retyped?.detail).toMatch(/expected dtype float does not equal original dtype double/);
    expect(run(await factsOf(resolve(DATA, 'small')), ctx({ loader: 'tf.train.Checkpoint.restore', expected }), 'dtype-mismatch')).toEqual(
      [],
    );
  });
});

describe('variable-name-mismatch', () => {
  it('attribute dense_1 renamed to denselayer1: the rename map names the new keys', async () => {
    const m = manifest('renamed-attribute');
    const fixedFacts = await factsOf(sample(m.scenario, 'fixed'));
    const expected = expectedFromFacts(fixedFacts); // a checkpoint written from the renamed model
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader: 'tf.train.Checkpoint.restore', expected, path_given: 'broken/ckpt-1' }),
      'variable-name-mismatch',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.severity).toBe('error');
    // The new keys in the snippet are the keys TF wrote for the renamed model (fixed/ckpt-1).
    const newKeys = fixedFacts.variables.map((v) => v.name).filter((k) => k.includes('denselayer1'));
    expect(newKeys.length).toBe(2);
    for (const k of newKeys) expect(broken[0]!.fix).toContain(JSON.stringify(k));
    expect(broken[0]!.fix).toContain('tf.train.load_checkpoint');
    expect(run(fixedFacts, ctx({ loader: 'tf.train.Checkpoint.restore', expected }), 'variable-name-mismatch')).toEqual([]);
  });

  it('a TF1 name-based checkpoint under dense_1 vs a graph expecting denselayer1', async () => {
    const expected = parseVariableList(dataText('tf1-renamed.variables.txt'));
    const broken = run(
      await factsOf(resolve(DATA, 'tf1')),
      ctx({ loader: 'tf.compat.v1.train.Saver.restore', expected }),
      'variable-name-mismatch',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.fix).toContain('"dense_1/kernel": "denselayer1/kernel"');
    expect(broken[0]!.fix).toContain('tf.compat.v1.train.Saver(var_list)');
    const same = parseVariableList(
      "[('dense_1/kernel:0', TensorShape([4, 8]), tf.float32), ('dense_1/bias:0', TensorShape([8]), tf.float32)]",
    );
    expect(
      run(
        await factsOf(resolve(DATA, 'tf1')),
        ctx({ loader: 'tf.compat.v1.train.Saver.restore', expected: same }),
        'variable-name-mismatch',
      ),
    ).toEqual([]);
  });
});

describe('architecture-mismatch', () => {
  it('Conv2D weights into a Dense model fires; the Conv2D model does not', async () => {
    const m = manifest('conv-weights-into-dense');
    expect(m.broken.outcome.message).toMatch(/could not be loaded/);
    const dense = parseVariableList(dataText('samples-expected/dense-model.weights.txt'));
    const conv = parseVariableList(dataText('samples-expected/conv-model.weights.txt'));
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ keras: '3.15', loader: 'model.load_weights', expected: dense }),
      'architecture-mismatch',
    );
    expect(broken.some((f) => f.severity === 'error')).toBe(true);
    expect(broken.flatMap((f) => f.evidence.map((e) => e.text ?? '')).join(' ')).toMatch(/\[3, 3, 1, 4\]/);
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ keras: '3.15', loader: 'model.load_weights', expected: conv }),
        'architecture-mismatch',
      ),
    ).toEqual([]);
  });

  it('Dense(8) saved, Dense(16) expected: per-layer shapes', async () => {
    const facts = await factsOf(resolve(DATA, 'small'));
    const wider = parseVariableList(dataText('wider.list_variables.txt'));
    const broken = run(facts, ctx({ expected: wider }), 'architecture-mismatch');
    expect(broken.map((f) => f.title).join('\n')).toMatch(/kernel saved \[4, 8\], expected \[4, 16\]/);
    const same = parseVariableList(dataText('same.list_variables.txt'));
    expect(run(facts, ctx({ expected: same }), 'architecture-mismatch')).toEqual([]);
  });

  it('restored by the TF1 Saver in TF 2.x: says nothing is raised, as the oracle repro shows (silent_shape_restore.py)', async () => {
    const facts = await factsOf(resolve(DATA, 'small'));
    const wider = parseVariableList(dataText('wider.list_variables.txt'));
    const [first] = run(facts, ctx({ expected: wider, loader: 'tf.compat.v1.train.Saver().restore' }), 'architecture-mismatch');
    expect(first!.detail).toContain('the Saver raises nothing');
    // The reference-variable error, in TF's own spacing (the repro asserts "lhs shape= [8,5] rhs shape= [8,3]").
    expect(first!.detail).toMatch(/lhs shape= \[\d+,\d+\] rhs shape= \[\d+,\d+\]/);
    const [plain] = run(facts, ctx({ expected: wider }), 'architecture-mismatch');
    expect(plain!.detail).not.toContain('raises nothing');
  });
});

describe('architecture-mismatch from model.summary()', () => {
  it('a summary of the wider model disagrees with the saved parameter total; its own summary does not', async () => {
    const facts = await factsOf(resolve(DATA, 'small'));
    const wider = parseModelSummary(dataText('wider.summary.txt'));
    const broken = run(facts, ctx({ expected: wider }), 'architecture-mismatch');
    // 4*16+16 + 16*3+3 = 131 expected; the saved Dense(8) model has 4*8+8 + 8*3+3 = 67.
    expect(broken[0]?.title).toBe('Total parameters differ: 131 expected, 67 saved');
    const own = parseModelSummary(dataText('../../context/data/keras3-small.summary.txt'));
    expect(run(facts, ctx({ expected: own }), 'architecture-mismatch')).toEqual([]);
  });
});

describe('input-shape-mismatch', () => {
  it('load_weights into an unbuilt subclassed model fires; the built one does not', async () => {
    const m = manifest('unbuilt-subclassed-load-weights');
    expect(m.broken.outcome.message).toMatch(/not yet been built/);
    const facts = await factsOf(sample(m.scenario, 'broken'));
    const unbuilt = parseVariableList(dataText('samples-expected/net-unbuilt.weights.txt'));
    const built = parseVariableList(dataText('samples-expected/net-built.weights.txt'));
    const broken = run(facts, ctx({ keras: '3.15', loader: 'net.load_weights', expected: unbuilt }), 'input-shape-mismatch');
    expect(broken[0]?.detail).toMatch(/You are loading weights into a model that has not yet been built/);
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ keras: '3.15', loader: 'net.load_weights', expected: built }),
        'input-shape-mismatch',
      ),
    ).toEqual([]);
  });

  it('Checkpoint.restore before build fires (restore raised nothing, values never arrived)', async () => {
    const m = manifest('unbuilt-subclassed-checkpoint-restore');
    expect(m.broken.outcome.raised).toBe(false);
    expect(m.broken.outcome.observed?.hidden_kernel_restored).toBe(false);
    const unbuilt = parseVariableList(dataText('samples-expected/net-unbuilt.weights.txt'));
    const built = parseVariableList(dataText('samples-expected/net-built.weights.txt'));
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader: 'tf.train.Checkpoint.restore', expected: unbuilt }),
      'input-shape-mismatch',
    );
    expect(broken).toHaveLength(1);
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ loader: 'tf.train.Checkpoint.restore', expected: built }),
        'input-shape-mismatch',
      ),
    ).toEqual([]);
  });

  it('a batch of width 8 fed to a signature traced for [-1, 4] fires; width 4 does not', async () => {
    const facts = await factsOf(sample('float64-signature-fed-float32', 'fixed'));
    const broken = run(facts, ctx({ input: { dtype: 'float64', shape: [2, 8] } }), 'input-shape-mismatch');
    expect(broken[0]?.title).toMatch(/expects \[\?, 4\]/);
    expect(run(facts, ctx({ input: { dtype: 'float64', shape: [2, 4] } }), 'input-shape-mismatch')).toEqual([]);
  });
});

describe('corrupted-checkpoint', () => {
  it('a truncated data shard fires through verification; the intact twin does not', async () => {
    const m = manifest('truncated-data-shard');
    expect(m.broken.outcome.message).toBe('Read less bytes than requested');
    const verifyOf = async (half: 'broken' | 'fixed') => {
      const set = await openPaths([sample(m.scenario, half)]);
      try {
        return await verifyCheckpoint(set, `${half}/ckpt-1`);
      } finally {
        await set.close();
      }
    };
    const brokenDir = sample(m.scenario, 'broken');
    const broken = run(
      await factsOf(brokenDir),
      ctx({ verify: [{ prefix: 'ckpt-1', report: await verifyOf('broken') }] }),
      'corrupted-checkpoint',
    );
    const short = broken.find((f) => /truncated/.test(f.title));
    expect(short).toBeDefined();
    // The size in the finding is the file's real size on disk.
    expect(short!.evidence[0]!.bytes).toContain(`${statSync(join(brokenDir, 'ckpt-1.data-00000-of-00001')).size} bytes present`);
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ verify: [{ prefix: 'ckpt-1', report: await verifyOf('fixed') }] }),
        'corrupted-checkpoint',
      ),
    ).toEqual([]);
  });

  it('only the _temp pieces of an interrupted save: error; a finished save: nothing', async () => {
    const m = manifest('interrupted-save-temp-dir');
    const broken = run(await factsOf(sample(m.scenario, 'broken')), ctx({ loader: 'tf.train.Checkpoint.restore' }), 'corrupted-checkpoint');
    expect(broken[0]?.severity).toBe('error');
    expect(broken[0]?.detail).toMatch(/Failed to find any matching files/);
    expect(run(await factsOf(sample(m.scenario, 'fixed')), ctx({ loader: 'tf.train.Checkpoint.restore' }), 'corrupted-checkpoint')).toEqual(
      [],
    );
  });
});

describe('wrong-path-or-loader', () => {
  it('a path ending in .index given to Checkpoint.restore fires (TF restored nothing, silently)', async () => {
    const m = manifest('index-file-as-prefix');
    expect(m.broken.outcome.raised).toBe(false);
    const loader = 'tf.train.Checkpoint(model=model).restore';
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader, path_given: 'broken/ckpt-1.index' }),
      'wrong-path-or-loader',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.fix).toContain('restore("broken/ckpt-1")');
    expect(run(await factsOf(sample(m.scenario, 'fixed')), ctx({ loader, path_given: 'fixed/ckpt-1' }), 'wrong-path-or-loader')).toEqual(
      [],
    );
  });

  it('a moved directory whose state file names /home/alice/run1 fires; relative paths do not', async () => {
    const m = manifest('moved-checkpoint-dir');
    expect(m.broken.outcome.observed?.latest_checkpoint).toBeNull();
    const loader = 'tf.train.latest_checkpoint + tf.train.Checkpoint.restore';
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader, path_given: '/srv/models/run1' }),
      'wrong-path-or-loader',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.severity).toBe('error');
    expect(broken[0]!.evidence[0]!.text).toBe(
      readFileSync(join(sample(m.scenario, 'broken'), 'checkpoint'), 'utf8').match(/model_checkpoint_path: "([^"]+)"/)![1],
    );
    expect(
      run(await factsOf(sample(m.scenario, 'fixed')), ctx({ loader, path_given: '/srv/models/run1' }), 'wrong-path-or-loader'),
    ).toEqual([]);
  });

  it('the TF1 Saver writes absolute paths too (TF 2.21 latest_checkpoint returned None after the move)', async () => {
    expect(dataText('moved.latest_checkpoint.txt').trim()).toBe('None');
    const found = run(await factsOf(resolve(DATA, 'moved')), ctx({ loader: 'tf.compat.v1.train.Saver.restore' }), 'wrong-path-or-loader');
    expect(found[0]?.title).toMatch(/absolute paths \(\/tmp\/tfrd-train-run\/ckpts\)/);
  });

  it('a .keras name on HDF5 bytes fires; the .h5 name does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfrd-'));
    const h5 = fixturePath('dl4j-test-resources/src/main/resources/modelimport/keras/weights/flatten_3d.hdf5');
    copyFileSync(h5, join(dir, 'model.keras'));
    copyFileSync(h5, join(dir, 'model.h5'));
    // Independent evidence: the bytes are HDF5 (signature at offset 0).
    expect(readFileSync(join(dir, 'model.keras')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
    const broken = run(
      await factsOf(join(dir, 'model.keras')),
      ctx({ keras: '3.15', loader: 'keras.models.load_model' }),
      'wrong-path-or-loader',
    );
    expect(broken[0]?.detail).toMatch(/File not found: filepath=/);
    expect(
      run(await factsOf(join(dir, 'model.h5')), ctx({ keras: '3.15', loader: 'keras.models.load_model' }), 'wrong-path-or-loader'),
    ).toEqual([]);
  });

  it('a SavedModel without the serve tag fires; one with it does not', async () => {
    const transform = fixturePath('tfx/tfx/components/testdata/transform/transform_graph/transform_fn');
    const broken = run(await factsOf(transform), ctx({ loader: 'tf.saved_model.load' }), 'wrong-path-or-loader');
    expect(broken[0]?.title).toMatch(/serve/);
    expect(broken[0]?.fix).toMatch(/tags=\["transform"\]/);
    const serve = fixturePath('tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123');
    expect(run(await factsOf(serve), ctx({ loader: 'tf.saved_model.load' }), 'wrong-path-or-loader')).toEqual([]);
  });
});

describe('partial-restore', () => {
  it('Adam state unused by an inference model fires; expect_partial() in the loader does not', async () => {
    const m = manifest('optimizer-slots-left-unused');
    expect(m.broken.outcome.message).toMatch(/Unresolved object in checkpoint \(root\)\.optimizer/);
    const expected = parseVariableList(dataText('samples-expected/inference-model.list_variables.txt'));
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader: 'tf.train.Checkpoint(model=model).restore', expected }),
      'partial-restore',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.fix).toMatch(/expect_partial\(\)/);
    // Only optimizer values are unused: the model's kernels (stored under optimizer/_trainable_variables) are matched.
    expect(broken[0]!.evidence.every((e) => /optimizer|bookkeeping/.test(e.text ?? ''))).toBe(true);
    expect(broken[0]!.evidence.some((e) => /_trainable_variables/.test(e.key ?? ''))).toBe(false);
    const fixed = run(
      await factsOf(sample(m.scenario, 'fixed')),
      ctx({ loader: 'tf.train.Checkpoint(model=model).restore(prefix).expect_partial()', expected }),
      'partial-restore',
    );
    expect(fixed).toEqual([]);
  });
});

describe('tf1-tf2-checkpoint', () => {
  it('a TF1 Saver checkpoint restored with tf.train.Checkpoint fires; an object-based one does not', async () => {
    const m = manifest('tf1-saver-into-checkpoint');
    const index = readFileSync(join(sample(m.scenario, 'broken'), 'model.ckpt.index'));
    expect(index.includes(Buffer.from('_CHECKPOINTABLE_OBJECT_GRAPH'))).toBe(false);
    const loader = 'tf.train.Checkpoint(dense=dense).restore';
    const broken = run(await factsOf(sample(m.scenario, 'broken')), ctx({ loader }), 'tf1-tf2-checkpoint');
    expect(broken[0]?.severity).toBe('error');
    expect(run(await factsOf(sample(m.scenario, 'fixed')), ctx({ loader }), 'tf1-tf2-checkpoint')).toEqual([]);
  });
});

describe('restore-hang', () => {
  it('says "slow, not hung" with an estimate at a stated throughput; nothing at local-disk speed', async () => {
    const m = manifest('sharded-checkpoint-restore-time');
    const dir = sample(m.scenario, 'broken');
    const facts = await factsOf(dir);
    // 1 KB/s (a starved network mount): ~70 KB of tensors take about a minute.
    const slow = run(facts, ctx({ loader: 'tf.train.Checkpoint.restore', read_bytes_per_second: 1000 }), 'restore-hang');
    expect(slow).toHaveLength(1);
    expect(slow[0]!.title).toMatch(/Slow, not hung/);
    expect(slow[0]!.severity).toBe('warning');
    expect(slow[0]!.fix).toMatch(/py-spy dump/);
    expect(slow[0]!.fix).toMatch(/faulthandler\.dump_traceback_later/);
    expect(slow[0]!.evidence[0]!.text).toContain(`${m.broken.outcome.observed!.shards} data file(s)`);
    expect(run(facts, ctx({ loader: 'tf.train.Checkpoint.restore' }), 'restore-hang')).toEqual([]);
  });

  it('a gs:// path warns about retries; never for an unregistered custom object', async () => {
    const facts = await factsOf(sample('sharded-checkpoint-restore-time', 'fixed'));
    expect(run(facts, ctx({ path_given: 'gs://bucket/run/ckpt-1' }), 'restore-hang')[0]?.detail).toMatch(/retried/);
    const custom = await factsOf(sample('unregistered-custom-layer', 'broken'));
    expect(run(custom, ctx({ keras: '3.15', loader: 'keras.models.load_model' }), 'restore-hang')).toEqual([]);
  });
});

describe('resource-exhaustion', () => {
  it('a training checkpoint over the stated budget fires; the weights-only twin fits', async () => {
    const m = manifest('optimizer-state-over-memory-budget');
    const budget = m.facts.budget_bytes as number;
    const brokenFacts = await factsOf(sample(m.scenario, 'broken'));
    const broken = run(brokenFacts, ctx({ host: budget, expected: expectedFromFacts(brokenFacts) }), 'resource-exhaustion');
    expect(broken[0]?.severity).toBe('error');
    const fixedFacts = await factsOf(sample(m.scenario, 'fixed'));
    expect(run(fixedFacts, ctx({ host: budget, expected: expectedFromFacts(fixedFacts) }), 'resource-exhaustion')).toEqual([]);
    // The bytes the rule compares are the declared tensor bytes TF's manifest recorded.
    const declared = brokenFacts.variables.filter((v) => v.name !== '_CHECKPOINTABLE_OBJECT_GRAPH').reduce((a, v) => a + (v.bytes ?? 0), 0);
    expect(declared).toBe(m.broken.outcome.observed!.declared_tensor_bytes);
  });
});

describe('more sample pairs', () => {
  const verifyOf = async (scenario: string, half: 'broken' | 'fixed') => {
    const set = await openPaths([sample(scenario, half)]);
    try {
      return await verifyCheckpoint(set, `${half}/ckpt-1`);
    } finally {
      await set.close();
    }
  };

  it('dtype-mismatch: a float64 checkpoint into a float32 Sequential; the float64 model restores', async () => {
    const m = manifest('float64-checkpoint-into-float32-model');
    expect(m.broken.outcome.message).toMatch(/expected dtype float does not equal original dtype double/);
    const loader = 'tf.train.Checkpoint(model=model).restore';
    const f32 = parseVariableList(dataText('samples-expected/f32-dense.weights.txt'));
    const f64 = parseVariableList(dataText('samples-expected/f64-dense.weights.txt'));
    const broken = run(await factsOf(sample(m.scenario, 'broken')), ctx({ loader, expected: f32 }), 'dtype-mismatch');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.detail).toContain('expected dtype float does not equal original dtype double');
    expect(run(await factsOf(sample(m.scenario, 'fixed')), ctx({ loader, expected: f64 }), 'dtype-mismatch')).toEqual([]);
  });

  it('variable-name-mismatch: TF1 scope dense_1 renamed to denselayer1; a var_list mapping the old names does not fire', async () => {
    const m = manifest('tf1-renamed-scope');
    expect(m.broken.outcome.message).toMatch(/Variable name or other graph key that is missing from the checkpoint/);
    const loader = 'tf.compat.v1.train.Saver.restore';
    const renamed = parseVariableList(dataText('samples-expected/tf1-denselayer1.variables.txt'));
    const broken = run(await factsOf(sample(m.scenario, 'broken')), ctx({ loader, expected: renamed }), 'variable-name-mismatch');
    expect(broken[0]?.fix).toContain('"dense_1/kernel": "denselayer1/kernel"');
    const mapped = parseVariableList(dataText('samples-expected/tf1-denselayer1.var_list.txt'));
    expect(run(await factsOf(sample(m.scenario, 'fixed')), ctx({ loader, expected: mapped }), 'variable-name-mismatch')).toEqual([]);
  });

  it('architecture-mismatch: Conv2D checkpoint into a Dense model, shapes as TF reported them', async () => {
    const m = manifest('conv-checkpoint-into-dense');
    expect(m.broken.outcome.message).toMatch(/shape \(144, 1\) when attempting to restore variable with shape \(4, 1\)/);
    const loader = 'tf.train.Checkpoint(model=model).restore';
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ loader, expected: parseVariableList(dataText('samples-expected/dense-model.list_variables.txt')) }),
      'architecture-mismatch',
    );
    expect(broken.map((f) => f.title).join('\n')).toMatch(/kernel saved \[144, 1\], expected \[4, 1\]/);
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ loader, expected: parseVariableList(dataText('samples-expected/conv-model.list_variables.txt')) }),
        'architecture-mismatch',
      ),
    ).toEqual([]);
  });

  it('corrupted-checkpoint: a flipped byte fails the crc32c TF checks; the intact twin verifies', async () => {
    const m = manifest('flipped-byte-data-shard');
    const stored = Number(/stored (\d+)/.exec(m.broken.outcome.message!)![1]);
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ verify: [{ prefix: 'ckpt-1', report: await verifyOf(m.scenario, 'broken') }] }),
      'corrupted-checkpoint',
    );
    expect(broken).toHaveLength(1);
    // TF printed the stored crc in decimal; the finding shows the same value in hex.
    expect(broken[0]!.evidence[0]!.text).toContain(`0x${stored.toString(16).padStart(8, '0')}`);
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ verify: [{ prefix: 'ckpt-1', report: await verifyOf(m.scenario, 'fixed') }] }),
        'corrupted-checkpoint',
      ),
    ).toEqual([]);
  });

  it('corrupted-checkpoint: a truncated .keras file is named; the whole file is not', async () => {
    const m = manifest('truncated-keras-file');
    expect(m.broken.outcome.message).toMatch(/File not found/);
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ keras: '3.15', loader: 'keras.models.load_model' }),
      'corrupted-checkpoint',
    );
    expect(broken[0]?.severity).toBe('error');
    expect(
      run(await factsOf(sample(m.scenario, 'fixed')), ctx({ keras: '3.15', loader: 'keras.models.load_model' }), 'corrupted-checkpoint'),
    ).toEqual([]);
  });

  it('wrong-path-or-loader: Keras 3 load_weights on a TF checkpoint; Checkpoint.restore is right', async () => {
    const m = manifest('keras-load-weights-tf-checkpoint');
    expect(m.broken.outcome.message).toMatch(/File format not supported/);
    const broken = run(
      await factsOf(sample(m.scenario, 'broken')),
      ctx({ keras: '3.15', loader: 'model.load_weights', path_given: 'broken/ckpt-1' }),
      'wrong-path-or-loader',
    );
    expect(broken).toHaveLength(1);
    expect(broken[0]!.fix).toContain('tf.train.Checkpoint(model=model).restore(prefix)');
    expect(
      run(
        await factsOf(sample(m.scenario, 'fixed')),
        ctx({ keras: '3.15', loader: 'tf.train.Checkpoint(model=model).restore', path_given: 'fixed/ckpt-1' }),
        'wrong-path-or-loader',
      ),
    ).toEqual([]);
  });
});
