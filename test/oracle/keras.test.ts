/**
 * Keras 3.15 (with TensorFlow 2.21) as the oracle:
 *  1. it saves a compiled model with a registered custom layer under a mixed_float16 policy as
 *     .keras, .weights.h5 and legacy .h5; our facts must match what zipfile, json and h5py
 *     report about those files;
 *  2. it loads the .keras and .h5 files our writers make, with the custom class registered, and
 *     the weights it loads are the ones the spec defines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeKerasH5, decodeKerasZip } from '../../src/lib/formats/keras/index.ts';
import { openPaths } from '../../src/node/file-source.ts';
import {
  conv2d,
  customLayer,
  dense,
  flatten,
  weightValues,
  writeKerasLegacyH5,
  writeKerasZip,
  type ModelSpec,
} from '../../src/lib/writers/keras.ts';
import { python } from './python.ts';

const MY_LAYER = `
import os, sys, json, zipfile
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import numpy as np, h5py, keras

@keras.saving.register_keras_serializable(package='MyPkg')
class MyLayer(keras.layers.Layer):
    def __init__(self, units=3, **kw):
        super().__init__(**kw)
        self.units = units
    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1], self.units), name='w')
    def call(self, x):
        return x @ self.w
    def get_config(self):
        return {**super().get_config(), 'units': self.units}

def datasets(f):
    out = []
    f.visititems(lambda n, o: out.append({'path': n, 'shape': list(o.shape), 'dtype': str(o.dtype)}) if isinstance(o, h5py.Dataset) else None)
    return out
`;

const SAVE = `${MY_LAYER}
d = sys.argv[1]
keras.mixed_precision.set_global_policy('mixed_float16')
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, name='d1'), MyLayer(3, name='mine'), keras.layers.Dense(2, dtype='float32', name='head')])
m.compile('adam', 'mse')
m.fit(np.zeros((4, 4)), np.zeros((4, 2)), verbose=0)
m.save(d + '/m.keras'); m.save_weights(d + '/m.weights.h5'); m.save(d + '/m.h5')
z = zipfile.ZipFile(d + '/m.keras')
open(d + '/member.h5', 'wb').write(z.read('model.weights.h5'))
h5 = h5py.File(d + '/m.h5')
print(json.dumps({
  'members': z.namelist(),
  'metadata': json.loads(z.read('metadata.json')),
  'config': json.loads(z.read('config.json')),
  'member_datasets': datasets(h5py.File(d + '/member.h5')),
  'weights_datasets': datasets(h5py.File(d + '/m.weights.h5')),
  'h5_datasets': datasets(h5),
  'h5_attrs': {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in h5.attrs.items() if k in ('keras_version', 'backend')},
  'h5_config': json.loads(h5.attrs['model_config']),
}))
`;

const LOAD = `${MY_LAYER}
out = {}
for p in sys.argv[1:]:
    try:
        m = keras.saving.load_model(p, compile=False)
        out[p] = {'ok': True, 'weights': {w.path: np.asarray(w.numpy(), dtype='float64').ravel().tolist() for w in m.weights},
                  'policies': {l.name: l.dtype_policy.name for l in m.layers}}
    except Exception as e:
        out[p] = {'ok': False, 'error': type(e).__name__ + ': ' + str(e)[:300]}
print(json.dumps(out))
`;

interface Dumped {
  path: string;
  shape: number[];
  dtype: string;
}
interface Saved {
  members: string[];
  metadata: { keras_version: string; date_saved: string };
  config: {
    class_name: string;
    config: { layers: { class_name: string; registered_name: string | null; config: { name: string } }[] };
    compile_config: { optimizer: { class_name: string } };
  };
  member_datasets: Dumped[];
  weights_datasets: Dumped[];
  h5_datasets: Dumped[];
  h5_attrs: { keras_version: string; backend: string };
  h5_config: { config: { layers: { class_name: string; config: { name: string } }[] } };
}

async function decodeFile(path: string, kind: 'zip' | 'h5') {
  const set = await openPaths([path]);
  try {
    return kind === 'zip' ? await decodeKerasZip(set.files[0]!) : await decodeKerasH5(set.files[0]!);
  } finally {
    await set.close();
  }
}

function asFacts(list: Dumped[]) {
  return list.map((d) => [d.path, d.shape, d.dtype]).sort();
}

describe('Keras 3.15 files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfrd-keras-oracle-'));
  let saved: Saved;

  it('saves the model', async () => {
    saved = await python<Saved>(SAVE, dir);
    expect(saved.members).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
  });

  it('.keras facts match zipfile, json and h5py', async () => {
    const facts = await decodeFile(join(dir, 'm.keras'), 'zip');
    expect(facts.problems).toEqual([]);
    expect(facts.producer.keras).toBe(saved.metadata.keras_version);
    expect(facts.producer.other.date_saved).toBe(saved.metadata.date_saved);
    expect(facts.layers.slice(1).map((l) => [l.path, l.class_name, l.registered_name])).toEqual(
      saved.config.config.layers.map((l) => [l.config.name, l.class_name, l.registered_name]),
    );
    expect(facts.dtype_policy).toBe('mixed_float16');
    const custom = saved.config.config.layers.find((l) => l.registered_name?.includes('>'))!;
    expect(facts.custom_objects).toEqual([
      { class_name: custom.class_name, registered_name: custom.registered_name, module: null, role: 'layer', where: custom.config.name },
    ]);
    expect(asFacts(facts.variables.map((v) => ({ path: v.name, shape: v.shape, dtype: v.dtype })))).toEqual(asFacts(saved.member_datasets));
    expect(facts.optimizer?.class_name).toBe(saved.config.compile_config.optimizer.class_name);
    expect(facts.optimizer?.variables.sort()).toEqual(
      saved.member_datasets
        .filter((d) => d.path.startsWith('optimizer/'))
        .map((d) => d.path)
        .sort(),
    );
  });

  it('.weights.h5 facts match h5py', async () => {
    const facts = await decodeFile(join(dir, 'm.weights.h5'), 'h5');
    expect(facts.artifacts[0]!.format).toBe('keras_v3');
    expect(asFacts(facts.variables.map((v) => ({ path: v.name, shape: v.shape, dtype: v.dtype })))).toEqual(
      asFacts(saved.weights_datasets),
    );
  });

  it('legacy .h5 facts match h5py', async () => {
    const facts = await decodeFile(join(dir, 'm.h5'), 'h5');
    expect(facts.problems).toEqual([]);
    expect(facts.artifacts[0]!.format).toBe('keras_h5');
    expect(facts.producer.keras).toBe(saved.h5_attrs.keras_version);
    expect(facts.producer.backend).toBe(saved.h5_attrs.backend);
    expect(asFacts(facts.variables.map((v) => ({ path: v.name, shape: v.shape, dtype: v.dtype })))).toEqual(asFacts(saved.h5_datasets));
    for (const layer of saved.h5_config.config.layers) {
      expect(facts.layers.find((l) => l.path === layer.config.name)?.class_name).toBe(layer.class_name);
    }
    expect(facts.custom_objects.map((c) => c.class_name)).toContain('MyLayer');
    expect(facts.dtype_policy).toBe('mixed_float16');
    // Keras 3 names Adam slots <variable>_momentum / _velocity in the legacy file.
    expect(facts.optimizer!.slot_count).toBe(saved.h5_datasets.filter((d) => /_(momentum|velocity)$/.test(d.path)).length);
  });
});

describe('Keras 3.15 loads what our writers make', () => {
  const sequential: ModelSpec = {
    kind: 'Sequential',
    name: 'seq',
    input_shape: [4],
    layers: [dense('d1', 4, 5), customLayer('mine', 5, 3), dense('head', 3, 2)],
    dtype_policy: 'mixed_float16',
  };
  const functional: ModelSpec = {
    kind: 'Functional',
    name: 'func',
    input_shape: [6, 6, 2],
    input_name: 'img',
    layers: [conv2d('conv', [6, 6, 2], 3, 3), flatten('flat', [4, 4, 3]), dense('head', 48, 2)],
  };
  const legacy: ModelSpec = { ...sequential, dtype_policy: undefined, compile: { optimizer: 'adam', loss: 'mse' } };

  /** Expected weights by Keras variable path (`<layer>/<var>`), straight from the spec. */
  function expected(spec: ModelSpec, prefix = ''): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [i, layer] of spec.layers.entries()) {
      for (const [v, w] of layer.weights.entries()) {
        out[`${prefix}${layer.name}/${w.name}`] = weightValues(
          i,
          v,
          w.shape.reduce((a, b) => a * b, 1),
        );
      }
    }
    return out;
  }

  function expectClose(actual: Record<string, number[]>, wanted: Record<string, number[]>) {
    expect(Object.keys(actual).sort()).toEqual(Object.keys(wanted).sort());
    for (const [k, values] of Object.entries(wanted)) {
      const got = actual[k]!;
      expect(got.length, k).toBe(values.length);
      for (const [i, g] of got.entries()) expect(Math.abs(g - values[i]!), `${k}[${i}]`).toBeLessThan(1e-6);
    }
  }

  it('loads our .keras (custom registered layer, mixed_float16) and our tf.keras 2.15 .h5 with the spec weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfrd-keras-writers-'));
    const files = { seq: join(dir, 'seq.keras'), fn: join(dir, 'fn.keras'), h5: join(dir, 'legacy.h5'), fnh5: join(dir, 'fn.h5') };
    writeFileSync(files.seq, await writeKerasZip(sequential));
    writeFileSync(files.fn, await writeKerasZip(functional));
    writeFileSync(files.h5, await writeKerasLegacyH5(legacy));
    writeFileSync(files.fnh5, await writeKerasLegacyH5(functional, { fixed_length_names: true }));
    const loaded = await python<
      Record<string, { ok: boolean; error?: string; weights: Record<string, number[]>; policies: Record<string, string> }>
    >(LOAD, ...Object.values(files));
    for (const f of Object.values(files)) expect(loaded[f]!.error ?? '', f).toBe('');
    expectClose(loaded[files.seq]!.weights, expected(sequential));
    expect(loaded[files.seq]!.policies).toEqual({ d1: 'mixed_float16', mine: 'mixed_float16', head: 'mixed_float16' });
    expectClose(loaded[files.fn]!.weights, expected(functional));
    // Keras 3 prefixes legacy-h5 Sequential variable paths with the model name.
    expectClose(loaded[files.h5]!.weights, expected(legacy, 'seq/'));
    expectClose(loaded[files.fnh5]!.weights, expected(functional));
  });

  it('cannot load a tf.keras 2 mixed-precision .h5 (Policy objects in model_config): a real Keras 3 incompatibility', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfrd-keras-writers-'));
    const file = join(dir, 'mixed.h5');
    writeFileSync(
      file,
      await writeKerasLegacyH5({
        kind: 'Sequential',
        name: 'seq',
        input_shape: [4],
        layers: [dense('d1', 4, 5)],
        dtype_policy: 'mixed_float16',
      }),
    );
    const loaded = await python<Record<string, { ok: boolean; error?: string }>>(LOAD, file);
    expect(loaded[file]!.ok).toBe(false);
  });
});
