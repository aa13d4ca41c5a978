/**
 * Repair, proven by TensorFlow 2.21 / Keras 3.15: every repaired artifact is loaded with the
 * loader that failed on the original, and the values it loads are compared with the original
 * values read by TensorFlow's or h5py's own readers: bit for bit, or exactly what tf.cast gives
 * when a cast was asked. A repair that does not load is a failing test.
 *
 * Inputs: the samples made by TF 2.21 (public/samples), files TF 2.21 makes here for cases the
 * samples lack (slot variables of a tf.compat.v1 optimizer, a two-part interrupted sharded save, a
 * trained Keras 3 model), Keras 2-era files made by the project's writers
 * (test/helpers/keras2-samples.ts) and real Keras 2 files from test/fixtures. Everything runs
 * through the CLI (`repair ... --out`), in-process.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPAIR_RECIPES, recipeCommand } from '../../src/site/repair-recipes.ts';
import { writeKerasLegacyH5 } from '../../src/lib/writers/keras.ts';
import { writeTfKerasZip } from '../../src/lib/writers/tf-keras-zip.ts';
import { runCli } from '../helpers/cli.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { DEPTHWISE_LSTM_SPEC, FUNCTIONAL_SPEC, TF215_COMPILE_CONFIG, TF215_TRAINING_CONFIG } from '../helpers/keras2-samples.ts';
import { PythonSession } from './python-session.ts';

const SAMPLES = resolve(import.meta.dirname, '../../public/samples');
const sample = (name: string, side = 'broken') => join(SAMPLES, name, side);
const WORK = mkdtempSync(join(tmpdir(), 'tfrd-repair-oracle-'));
/** One interpreter for the whole file: TF and Keras are imported once. */
const session = new PythonSession();
const python = <T = unknown>(code: string, ...args: string[]) => session.run<T>(code, ...args);
afterAll(() => session.close());
let n = 0;
const outDir = (label: string) => join(WORK, `${++n}-${label}`);

async function repair(args: string[]): Promise<{ code: number; out: string; stdout: string; stderr: string; json: RepairJson }> {
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1]! : outDir('out');
  const run = await runCli(['repair', ...args, ...(args.includes('--out') ? [] : ['--out', out]), '--json']);
  return { ...run, out, json: JSON.parse(run.stdout || 'null') as RepairJson };
}

interface RepairJson {
  written: boolean;
  out: string | null;
  plan: { summary: string; refused: string[]; warnings: string[]; steps: { kind: string }[]; manual: { what: string; snippet: string }[] };
  result: { files: { path: string; bytes: number }[]; verified: number; cast: { from: string; to: string; inexact: number }[] } | null;
}

/** Python prelude: quiet TF, and a bit-for-bit comparison of two arrays. */
const PRELUDE = `
import os, sys, json, warnings
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import numpy as np, tensorflow as tf, keras
def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return bool(a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes())
`;

function expectWritten(r: Awaited<ReturnType<typeof repair>>) {
  if (r.code !== 0) throw new Error(`repair failed (${r.code}): ${r.stderr} ${JSON.stringify(r.json?.plan?.refused ?? r.stdout)}`);
  expect(r.json.written).toBe(true);
}

describe('checkpoints (TF 2.21 samples)', () => {
  it('renamed variables: the renamed model restores with assert_consumed(), every value bit for bit', async () => {
    const r = await repair([sample('renamed-attribute'), '--expect', sample('renamed-attribute', 'fixed')]);
    expectWritten(r);
    expect(r.json.plan.steps.map((s) => s.kind)).toContain('rename');
    const result = await python<Record<string, boolean>>(
      `${PRELUDE}
class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.denselayer1 = keras.layers.Dense(4)  # was: self.dense_1
        self.head = keras.layers.Dense(1)
    def call(self, x):
        return self.head(self.denselayer1(x))
model = Regressor()
model(np.ones((1, 8), np.float32))
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
k = lambda p: old.get_tensor(p + '/.ATTRIBUTES/VARIABLE_VALUE')
print(json.dumps({
  'kernel': same(model.denselayer1.kernel.numpy(), k('model/dense_1/_kernel')),
  'bias': same(model.denselayer1.bias.numpy(), k('model/dense_1/bias')),
  'head_kernel': same(model.head.kernel.numpy(), k('model/head/_kernel')),
  'head_bias': same(model.head.bias.numpy(), k('model/head/bias')),
}))`,
      r.out,
      join(sample('renamed-attribute'), 'ckpt-1'),
    );
    expect(result).toEqual({ kernel: true, bias: true, head_kernel: true, head_bias: true });
  });

  it('renamed variables with slot variables: a tf.compat.v1 Adam checkpoint; the slots follow their renamed variable', async () => {
    const dir = outDir('v1-adam');
    mkdirSync(dir);
    // TF 2.21 writes it: a module whose attribute was `dense_1`, and an optimizer whose m/v slots
    // are slot_variables of the object graph (what tf.keras OptimizerV2 and tf.compat.v1 optimizers write).
    await python(
      `${PRELUDE}
class Net(tf.Module):
    def __init__(self):
        self.dense_1 = tf.Module()
        self.dense_1.kernel = tf.Variable(tf.random.stateless_normal((3, 2), seed=(1, 2)))
opt = tf.compat.v1.train.AdamOptimizer(0.1)
net = Net()
opt.apply_gradients([(tf.ones((3, 2)), net.dense_1.kernel)])
tf.train.Checkpoint(model=net, optimizer=opt).save(sys.argv[1] + '/ckpt')
print('null')`,
      dir,
    );
    const map = join(WORK, 'v1-adam-map.json');
    writeFileSync(
      map,
      JSON.stringify({ 'model/dense_1/kernel/.ATTRIBUTES/VARIABLE_VALUE': 'model/denselayer1/kernel/.ATTRIBUTES/VARIABLE_VALUE' }),
    );
    const r = await repair([dir, '--rename-map', map]);
    expectWritten(r);
    const result = await python<Record<string, boolean>>(
      `${PRELUDE}
class Net(tf.Module):
    def __init__(self):
        self.denselayer1 = tf.Module()
        self.denselayer1.kernel = tf.Variable(tf.zeros((3, 2)))
opt = tf.compat.v1.train.AdamOptimizer(0.1)
net = Net()
opt.apply_gradients([(tf.zeros((3, 2)), net.denselayer1.kernel)])  # creates the slots to restore into
tf.train.Checkpoint(model=net, optimizer=opt).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
names = old.get_variable_to_shape_map()
slot = lambda s: [n for n in names if '.OPTIMIZER_SLOT' in n and n.endswith('/' + s + '/.ATTRIBUTES/VARIABLE_VALUE')][0]
print(json.dumps({
  'kernel': same(net.denselayer1.kernel.numpy(), old.get_tensor('model/dense_1/kernel/.ATTRIBUTES/VARIABLE_VALUE')),
  'm': same(opt.get_slot(net.denselayer1.kernel, 'm').numpy(), old.get_tensor(slot('m'))),
  'v': same(opt.get_slot(net.denselayer1.kernel, 'v').numpy(), old.get_tensor(slot('v'))),
}))`,
      r.out,
      join(dir, 'ckpt-1'),
    );
    expect(result).toEqual({ kernel: true, m: true, v: true });
  });

  it('renamed variables in a name-based (TF1) checkpoint: Saver.restore in the renamed scope', async () => {
    const map = join(WORK, 'tf1-map.txt');
    writeFileSync(map, 'dense_1/kernel -> denselayer1/kernel\ndense_1/bias -> denselayer1/bias\n');
    const r = await repair([sample('tf1-renamed-scope'), '--rename-map', map]);
    expectWritten(r);
    const result = await python<Record<string, boolean>>(
      `${PRELUDE}
old = tf.train.load_checkpoint(sys.argv[2])
with tf.Graph().as_default():
    with tf.compat.v1.variable_scope('denselayer1'):
        kernel = tf.compat.v1.get_variable('kernel', [8, 4])
        bias = tf.compat.v1.get_variable('bias', [4])
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(sys.argv[1]))
        print(json.dumps({'kernel': same(sess.run(kernel), old.get_tensor('dense_1/kernel')), 'bias': same(sess.run(bias), old.get_tensor('dense_1/bias'))}))`,
      r.out,
      join(sample('tf1-renamed-scope'), 'model.ckpt'),
    );
    expect(result).toEqual({ kernel: true, bias: true });
  });

  const TF1_LOAD = `${PRELUDE}
dense = keras.layers.Dense(4)
dense.build((None, 8))
tf.train.Checkpoint(dense=dense).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
print(json.dumps({'kernel': same(dense.kernel.numpy(), old.get_tensor('dense/kernel')), 'bias': same(dense.bias.numpy(), old.get_tensor('dense/bias'))}))`;

  it('TF1 -> TF2 from a checkpoint of the fresh model: tf.train.Checkpoint(dense=...).restore().assert_consumed()', async () => {
    const r = await repair([sample('tf1-saver-into-checkpoint'), '--expect', sample('tf1-saver-into-checkpoint', 'fixed')]);
    expectWritten(r);
    expect(r.json.plan.steps.map((s) => s.kind)).toContain('tf1-to-tf2');
    expect(await python(TF1_LOAD, r.out, join(sample('tf1-saver-into-checkpoint'), 'model.ckpt'))).toEqual({ kernel: true, bias: true });
  });

  it('TF1 -> TF2 from a printed tf.train.list_variables() of the fresh model', async () => {
    const list = join(WORK, 'list_variables.txt');
    const printed = await python<string>(
      `${PRELUDE}
print(json.dumps(str(tf.train.list_variables(sys.argv[1]))))`,
      join(sample('tf1-saver-into-checkpoint', 'fixed'), 'ckpt-1'),
    );
    writeFileSync(list, printed);
    const r = await repair([sample('tf1-saver-into-checkpoint'), '--expect', list]);
    expectWritten(r);
    expect(await python(TF1_LOAD, r.out, join(sample('tf1-saver-into-checkpoint'), 'model.ckpt'))).toEqual({ kernel: true, bias: true });
  });

  it('TF1 -> Keras 3 from model.summary() (printed by Keras 3.15): model.load_weights() reads the .weights.h5, values bit for bit', async () => {
    const summary = join(WORK, 'summary.txt');
    const printed = await python<string>(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
lines = []
model.summary(print_fn=lambda line, **kw: lines.append(line))
print(json.dumps('\\n'.join(lines)))`,
    );
    writeFileSync(summary, printed);
    const r = await repair([sample('tf1-saver-into-checkpoint'), '--expect', summary]);
    expectWritten(r);
    const result = await python(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
model.load_weights(os.path.join(sys.argv[1], 'model.ckpt.weights.h5'))
old = tf.train.load_checkpoint(sys.argv[2])
print(json.dumps([same(model.weights[0].numpy(), old.get_tensor('dense/kernel')), same(model.weights[1].numpy(), old.get_tensor('dense/bias'))]))`,
      r.out,
      join(sample('tf1-saver-into-checkpoint'), 'model.ckpt'),
    );
    expect(result).toEqual([true, true]);
  });

  it('cast float64 -> float32: the float32 model restores, values are exactly tf.cast of the saved ones', async () => {
    const r = await repair([sample('float64-checkpoint-into-float32-model'), '--cast', 'float32']);
    expectWritten(r);
    expect(r.json.result!.cast[0]).toMatchObject({ from: 'float64', to: 'float32' });
    const result = await python<Record<string, boolean | string>>(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])  # default float32
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
k = lambda p: old.get_tensor('model/_functional/_operations/1/' + p + '/.ATTRIBUTES/VARIABLE_VALUE')
print(json.dumps({'dtype': model.weights[0].dtype, 'kernel': same(model.weights[0].numpy(), tf.cast(k('_kernel'), tf.float32).numpy()), 'bias': same(model.weights[1].numpy(), tf.cast(k('bias'), tf.float32).numpy())}))`,
      r.out,
      join(sample('float64-checkpoint-into-float32-model'), 'ckpt-1'),
    );
    expect(result).toEqual({ dtype: 'float32', kernel: true, bias: true });
  });

  for (const to of ['float16', 'bfloat16', 'float64']) {
    it(`cast float32 -> ${to}: a ${to} model restores, values are exactly tf.cast of the saved ones`, async () => {
      const r = await repair([sample('moved-checkpoint-dir', 'fixed'), '--cast', to]);
      expectWritten(r);
      const result = await python<Record<string, boolean>>(
        `${PRELUDE}
to = sys.argv[3]
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, dtype=to), keras.layers.Dense(1, dtype=to)])
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
out = {}
for w, (i, n) in zip(model.weights, [(1, '_kernel'), (1, 'bias'), (2, '_kernel'), (2, 'bias')]):
    saved = old.get_tensor(f'model/_functional/_operations/{i}/{n}/.ATTRIBUTES/VARIABLE_VALUE')
    out[f'{i}{n}'] = same(w.numpy(), tf.cast(saved, getattr(tf, to)).numpy())
print(json.dumps(out))`,
        r.out,
        join(sample('moved-checkpoint-dir', 'fixed'), 'ckpt-1'),
        to,
      );
      expect(Object.values(result).every(Boolean)).toBe(true);
      expect(Object.keys(result)).toHaveLength(4);
    });
  }

  it('optimizer state dropped: tf.train.Checkpoint(model=...) restores with assert_consumed(), no expect_partial()', async () => {
    const r = await repair([sample('optimizer-slots-left-unused'), '--drop-optimizer']);
    expectWritten(r);
    const result = await python<Record<string, boolean>>(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
left = [n for n in tf.train.load_checkpoint(tf.train.latest_checkpoint(sys.argv[1])).get_variable_to_shape_map() if n.startswith('optimizer')]
out = {'no_optimizer_values': left == []}
for i, w in enumerate(model.weights):
    out[str(i)] = same(w.numpy(), old.get_tensor(f'optimizer/_trainable_variables/{i}/.ATTRIBUTES/VARIABLE_VALUE'))
print(json.dumps(out))`,
      r.out,
      join(sample('optimizer-slots-left-unused'), 'ckpt-1'),
    );
    expect(result).toEqual({ no_optimizer_values: true, 0: true, 1: true, 2: true, 3: true });
  });

  it('moved checkpoint: latest_checkpoint() finds the copy (the state file is relative) and it restores', async () => {
    const r = await repair([sample('moved-checkpoint-dir')]);
    expectWritten(r);
    expect(r.json.plan.steps.map((s) => s.kind)).toEqual(['state-file']);
    const result = await python<Record<string, boolean>>(
      `${PRELUDE}
path = tf.train.latest_checkpoint(sys.argv[1])
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
tf.train.Checkpoint(model=model).restore(path).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
out = {'found': path == os.path.join(sys.argv[1], 'ckpt-1'), 'original_not_found': tf.train.latest_checkpoint(os.path.dirname(sys.argv[2])) is None}
for w, (i, n) in zip(model.weights, [(1, '_kernel'), (1, 'bias'), (2, '_kernel'), (2, 'bias')]):
    out[f'{i}{n}'] = same(w.numpy(), old.get_tensor(f'model/_functional/_operations/{i}/{n}/.ATTRIBUTES/VARIABLE_VALUE'))
print(json.dumps(out))`,
      r.out,
      join(sample('moved-checkpoint-dir'), 'ckpt-1'),
    );
    expect(Object.values(result).every(Boolean)).toBe(true);
  });

  it('state file missing: the repair recreates it, and latest_checkpoint() (None on the original) finds the copy', async () => {
    const dir = join(outDir('no-state-file'), 'ckpt_dir');
    mkdirSync(dir, { recursive: true });
    for (const f of ['ckpt-1.index', 'ckpt-1.data-00000-of-00001']) copyFileSync(join(sample('moved-checkpoint-dir'), f), join(dir, f));
    const r = await repair([dir]);
    expectWritten(r);
    expect(r.json.plan.steps.map((s) => s.kind)).toEqual(['state-file']);
    const result = await python<Record<string, boolean | null>>(
      `${PRELUDE}
before = tf.train.latest_checkpoint(sys.argv[2])
path = tf.train.latest_checkpoint(sys.argv[1])
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
tf.train.Checkpoint(model=model).restore(path).assert_consumed()
old = tf.train.load_checkpoint(os.path.join(sys.argv[2], 'ckpt-1'))
out = {'original_found': before, 'found': path == os.path.join(sys.argv[1], 'ckpt-1')}
for w, (i, n) in zip(model.weights, [(1, '_kernel'), (1, 'bias'), (2, '_kernel'), (2, 'bias')]):
    out[f'{i}{n}'] = same(w.numpy(), old.get_tensor(f'model/_functional/_operations/{i}/{n}/.ATTRIBUTES/VARIABLE_VALUE'))
print(json.dumps(out))`,
      r.out,
      dir,
    );
    expect(result).toEqual({ original_found: null, found: true, '1_kernel': true, '1bias': true, '2_kernel': true, '2bias': true });
  });

  it('interrupted save (sample, name-based part): merged checkpoint reads back bit for bit; then TF1 -> TF2 restores', async () => {
    const r = await repair([sample('interrupted-save-temp-dir')]);
    expectWritten(r);
    expect(r.json.plan.steps[0]!.kind).toBe('merge-shards');
    const merged = await python<Record<string, boolean>>(
      `${PRELUDE}
new = tf.train.load_checkpoint(tf.train.latest_checkpoint(sys.argv[1]))
old = tf.train.load_checkpoint(sys.argv[2])
names = old.get_variable_to_shape_map()
print(json.dumps({n: same(new.get_tensor(n), old.get_tensor(n)) for n in names}))`,
      r.out,
      join(sample('interrupted-save-temp-dir'), 'ckpt-1_temp/part-00000-of-00001'),
    );
    expect(Object.keys(merged)).toHaveLength(4);
    expect(Object.values(merged).every(Boolean)).toBe(true);
    const r2 = await repair([r.out, '--expect', sample('interrupted-save-temp-dir', 'fixed')]);
    expectWritten(r2);
    const restored = await python(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(sys.argv[2])
print(json.dumps([same(w.numpy(), old.get_tensor(n)) for w, n in zip(model.weights, ['sequential/dense/kernel', 'sequential/dense/bias', 'sequential/dense_1/kernel', 'sequential/dense_1/bias'])]))`,
      r2.out,
      join(sample('interrupted-save-temp-dir'), 'ckpt-1_temp/part-00000-of-00001'),
    );
    expect(restored).toEqual([true, true, true, true]);
  });

  it('interrupted save (two parts, object-based, written by TF 2.21): the merge restores with assert_consumed()', async () => {
    const dir = outDir('two-parts');
    mkdirSync(dir);
    // What a sharded save leaves when it dies before MergeV2Checkpoints: TF's own SaveV2 into
    // <prefix>_temp/part-0000i-of-00002, the values of a real object-based save split in two.
    await python(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
full = tf.train.Checkpoint(model=model).save(sys.argv[1] + '/complete/ckpt')
reader = tf.train.load_checkpoint(full)
names = sorted(reader.get_variable_to_shape_map())
halves = [names[0::2], names[1::2]]
os.makedirs(sys.argv[1] + '/broken/ckpt-1_temp')
for i, part in enumerate(halves):
    tensors = [tf.constant(reader.get_tensor(n)) for n in part]
    tf.raw_ops.SaveV2(prefix=f'{sys.argv[1]}/broken/ckpt-1_temp/part-{i:05d}-of-00002', tensor_names=part, shape_and_slices=[''] * len(part), tensors=tensors)
print('null')`,
      dir,
    );
    const r = await repair([join(dir, 'broken')]);
    expectWritten(r);
    const result = await python(
      `${PRELUDE}
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
tf.train.Checkpoint(model=model).restore(tf.train.latest_checkpoint(sys.argv[1])).assert_consumed()
old = tf.train.load_checkpoint(tf.train.latest_checkpoint(sys.argv[2]))
print(json.dumps([same(w.numpy(), old.get_tensor(f'model/_functional/_operations/{i}/{n}/.ATTRIBUTES/VARIABLE_VALUE')) for w, (i, n) in zip(model.weights, [(1, '_kernel'), (1, 'bias'), (2, '_kernel'), (2, 'bias')])]))`,
      r.out,
      join(dir, 'complete'),
    );
    expect(result).toEqual([true, true, true, true]);
  });

  for (const damaged of ['flipped-byte-data-shard', 'truncated-data-shard', 'zero-length-data-shard']) {
    it(`${damaged}: refused, nothing written (data that does not verify is never copied or guessed)`, async () => {
      const r = await repair([sample(damaged), '--drop-optimizer']);
      expect(r.code).toBe(1);
      expect(r.json.written).toBe(false);
      expect(r.json.plan.refused.join(' ')).toMatch(/checksum|truncated/);
      expect(existsSync(r.out)).toBe(false);
    });
  }
});

/** Loads Keras files with Keras 3.15 and compares every layer's weights with the datasets of the original file (read by h5py). */
const KERAS_LOAD = `${PRELUDE}
import h5py
path, original, kind = sys.argv[1], sys.argv[2], sys.argv[3]
custom = {}
if len(sys.argv) > 4:
    exec(sys.argv[4], globals())
    custom = CUSTOM
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    model = keras.models.load_model(path, custom_objects=custom)
noise = [str(w.message)[:200] for w in caught if 'optimizer' in str(w.message).lower() or 'skipping' in str(w.message).lower()]
same_all = {}
if kind == 'h5':
    g = h5py.File(original, 'r')['model_weights']
    for layer in model.layers:
        if not layer.weights:
            continue
        names = [n.decode() if isinstance(n, bytes) else n for n in g[layer.name].attrs['weight_names']]
        same_all[layer.name] = all(same(w.numpy(), g[layer.name][n][()]) for w, n in zip(layer.weights, names)) and len(names) == len(layer.weights)
else:
    import zipfile, io
    g = h5py.File(io.BytesIO(zipfile.ZipFile(original).read('model.weights.h5')), 'r')
    counts = {}
    for layer in model.layers:
        snake = keras.src.utils.naming.to_snake_case(layer.__class__.__name__)
        i = counts.get(snake, 0); counts[snake] = i + 1
        if not layer.weights:
            continue
        group = g['layers'][snake if i == 0 else f'{snake}_{i}']['vars']
        same_all[layer.name] = all(same(w.numpy(), group[str(j)][()]) for j, w in enumerate(layer.weights))
print(json.dumps({'weights': same_all, 'compiled': getattr(model, 'optimizer', None) is not None, 'noise': noise}))
`;

describe('Keras 2 -> Keras 3 (Keras 2-era files, loaded by Keras 3.15)', () => {
  const dir = join(WORK, 'keras2');
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'depthwise_lstm.h5'),
      await writeKerasLegacyH5(DEPTHWISE_LSTM_SPEC, { training_config: TF215_TRAINING_CONFIG }),
    );
    writeFileSync(join(dir, 'functional.keras'), await writeTfKerasZip(FUNCTIONAL_SPEC, { compile_config: TF215_COMPILE_CONFIG }));
  });

  it('the writer-made tf.keras 2.15 files fail in Keras 3.15 as they are (groups, time_major; keras.src.engine.functional)', async () => {
    const result = await python<Record<string, string>>(
      `${PRELUDE}
out = {}
for p in sys.argv[1:]:
    try:
        keras.models.load_model(p); out[os.path.basename(p)] = 'loaded'
    except Exception as e:
        out[os.path.basename(p)] = str(e)[:2000]
print(json.dumps(out))`,
      join(dir, 'depthwise_lstm.h5'),
      join(dir, 'functional.keras'),
    );
    expect(result['depthwise_lstm.h5']).toMatch(/groups/);
    expect(result['functional.keras']).toMatch(/keras\.src\.engine\.functional cannot be imported/);
  });

  it('tf.keras 2.15 legacy .h5 (DepthwiseConv2D groups=1, LSTM time_major=False, TF 2.15 Adam, loss "mse"): load_model compiles it, weights bit for bit', async () => {
    const r = await repair([join(dir, 'depthwise_lstm.h5')]);
    expectWritten(r);
    const result = await python<{ weights: Record<string, boolean>; compiled: boolean; noise: string[] }>(
      KERAS_LOAD,
      join(r.out, 'depthwise_lstm.h5'),
      join(dir, 'depthwise_lstm.h5'),
      'h5',
    );
    expect(result.weights).toEqual({ depthwise_conv2d: true, lstm: true, dense: true });
    expect(result.compiled).toBe(true);
  });

  it('tf.keras 2.15 .keras (module keras.src.engine.functional): load_model reads it, weights bit for bit', async () => {
    const r = await repair([join(dir, 'functional.keras')]);
    expectWritten(r);
    const result = await python<{ weights: Record<string, boolean>; compiled: boolean }>(
      KERAS_LOAD,
      join(r.out, 'functional.keras'),
      join(dir, 'functional.keras'),
      'keras',
    );
    expect(result.weights).toEqual({ hidden: true, out: true });
    expect(result.compiled).toBe(true);
  });

  it('the same .keras with --drop-optimizer: loads uncompiled, without "Skipping variable loading for optimizer"', async () => {
    const r = await repair([join(dir, 'functional.keras'), '--drop-optimizer']);
    expectWritten(r);
    expect(r.json.plan.manual.some((m) => m.snippet.includes('model.compile('))).toBe(true);
    const result = await python<{ weights: Record<string, boolean>; compiled: boolean; noise: string[] }>(
      KERAS_LOAD,
      join(r.out, 'functional.keras'),
      join(dir, 'functional.keras'),
      'keras',
    );
    expect(result).toEqual({ weights: { hidden: true, out: true }, compiled: false, noise: [] });
  });

  const REAL = [
    [
      'Keras 2.1.3 Sequential, Conv2D + BatchNormalization (list config, first-layer batch_input_shape)',
      'dl4j-test-resources/src/main/resources/modelimport/keras/fullconfigs/cnn/cnn_batch_norm.h5',
    ],
    ['Keras 2.2.0 Masking + LSTM', 'dl4j-test-resources/src/main/resources/modelimport/keras/examples/masking/masking_zero_lstm.h5'],
    ['Keras 2.1.3 Embedding + Conv1D', 'dl4j-test-resources/src/main/resources/modelimport/keras/weights/embedding_conv1d_tensorflow_2.h5'],
    [
      'tf.keras 2.2.4-tf functional Embedding (initializer dtype)',
      'dl4j-test-resources/src/main/resources/modelimport/keras/tfkeras/misc_0.h5',
    ],
    ['Keras 2.1.3 LSTM model with lr in its optimizer config', 'hls4ml/example-models/keras/KERAS_lstm_model_weights.h5'],
  ] as const;
  for (const [what, rel] of REAL) {
    it(`real file: ${what}: fails in Keras 3.15 as saved, loads after repair with the same weights`, async () => {
      const original = fixturePath(rel);
      const before = await python<string>(
        `${PRELUDE}
try:
    keras.models.load_model(sys.argv[1]); print(json.dumps('loaded'))
except Exception as e:
    print(json.dumps(type(e).__name__))`,
        original,
      );
      expect(before).not.toBe('loaded');
      const r = await repair([original]);
      expectWritten(r);
      const name = rel.split('/').pop()!;
      const result = await python<{ weights: Record<string, boolean> }>(KERAS_LOAD, join(r.out, name), original, 'h5');
      expect(Object.keys(result.weights).length).toBeGreaterThan(0);
      expect(Object.values(result.weights).every(Boolean)).toBe(true);
    });
  }

  it('real file with a Lambda layer (Keras 2.1.3, bytecode): rewritten to a named function the loading code supplies', async () => {
    const original = fixturePath('dl4j-test-resources/src/main/resources/modelimport/keras/weights/space_to_depth_simple_tensorflow_2.h5');
    const r = await repair([original]);
    expectWritten(r);
    const manual = r.json.plan.manual.find((m) => m.snippet.includes('_fn('));
    expect(manual).toBeDefined();
    const fnName = /def (\w+)\(/.exec(manual!.snippet)![1]!;
    const result = await python<{ ok: boolean; shape: number[] }>(
      `${PRELUDE}
def ${fnName}(x):
    return tf.nn.space_to_depth(x, 2)
model = keras.models.load_model(sys.argv[1], custom_objects={'${fnName}': ${fnName}})
y = model(np.ones((1, 4, 4, 2), np.float32))
print(json.dumps({'ok': True, 'shape': list(y.shape)}))`,
      join(r.out, 'space_to_depth_simple_tensorflow_2.h5'),
    );
    expect(result).toEqual({ ok: true, shape: [1, 2, 2, 8] });
  });
});

describe('optimizer state in Keras 3 files (TF 2.21 samples)', () => {
  it('a .keras compiled and saved before training: --drop-optimizer loads without "Skipping variable loading", same weights', async () => {
    const original = join(sample('optimizer-saved-before-training'), 'model.keras');
    const r = await repair([original, '--drop-optimizer']);
    expectWritten(r);
    const result = await python<{ weights: Record<string, boolean>; compiled: boolean; noise: string[] }>(
      KERAS_LOAD,
      join(r.out, 'model.keras'),
      original,
      'keras',
    );
    expect(Object.values(result.weights)).toEqual([true, true]);
    expect(result.noise).toEqual([]);
  });

  it('a legacy .h5 saved by Keras 3 after training: --drop-optimizer loads compiled and training resumes (it failed with "Unknown variable")', async () => {
    const original = join(sample('keras3-h5-optimizer-state'), 'model.h5');
    const r = await repair([original, '--drop-optimizer']);
    expectWritten(r);
    const weights = await python<{ weights: Record<string, boolean>; compiled: boolean }>(
      KERAS_LOAD,
      join(r.out, 'model.h5'),
      original,
      'h5',
    );
    expect(Object.values(weights.weights)).toEqual([true, true]);
    expect(weights.compiled).toBe(true);
    const resumed = await python(
      `${PRELUDE}
model = keras.models.load_model(sys.argv[1])
model.fit(np.ones((4, 8)), np.ones((4, 1)), epochs=1, verbose=0)  # the sample's own load code: resume training
print(json.dumps('trained'))`,
      join(r.out, 'model.h5'),
    );
    expect(resumed).toBe('trained');
  });
});

describe('the repair recipes the guides show (src/site/repair-recipes.ts), run as printed', () => {
  for (const recipe of REPAIR_RECIPES) {
    it(`${recipe.scenario}: the guide's load code runs on repaired/ with TF 2.21 / Keras 3.15`, async () => {
      const work = outDir(`recipe-${recipe.scenario}`);
      mkdirSync(work);
      const args = recipeCommand(recipe, (side) => sample(recipe.scenario, side))
        .replace(/^npm run -s doctor -- repair /, '')
        .split(' ');
      const r = await repair([...args.slice(0, -2), '--out', join(work, 'repaired')]);
      expectWritten(r);
      const result = await python<string>(
        `${PRELUDE}
os.chdir(sys.argv[1])
exec(compile(sys.argv[2], 'recipe', 'exec'), {})
print(json.dumps('loaded'))`,
        work,
        recipe.load,
      );
      expect(result).toBe('loaded');
    });
  }
});
