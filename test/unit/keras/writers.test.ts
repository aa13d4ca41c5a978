/**
 * The sample writers: what they write is checked with Python's zipfile and h5dump against the
 * model spec, then read back through the decoders (round trip).
 */
import { describe, expect, it } from 'vitest';
import { BytesSource } from '../../../src/lib/byte-source.ts';
import { decodeKerasH5, decodeKerasZip } from '../../../src/lib/formats/keras/index.ts';
import {
  conv2d,
  customLayer,
  dense,
  flatten,
  weightValues,
  writeKerasLegacyH5,
  writeKerasWeightsH5,
  writeKerasZip,
  type ModelSpec,
} from '../../../src/lib/writers/keras.ts';
import {
  h5dumpAttrType,
  h5dumpDatasets,
  h5dumpStringArrayAttr,
  h5dumpStringAttr,
  h5dumpValues,
  pythonZipList,
  pythonZipRead,
  tempFile,
} from './evidence.ts';

const sequential: ModelSpec = {
  kind: 'Sequential',
  name: 'seq',
  input_shape: [4],
  layers: [dense('d1', 4, 5), customLayer('mine', 5, 3), dense('head', 3, 2)],
  dtype_policy: 'mixed_float16',
  compile: { optimizer: 'adam', loss: 'mse' },
};

const functional: ModelSpec = {
  kind: 'Functional',
  name: 'func',
  input_shape: [6, 6, 2],
  input_name: 'img',
  layers: [conv2d('conv', [6, 6, 2], 3, 3), flatten('flat', [4, 4, 3]), dense('head', 48, 2)],
};

describe('writeKerasZip', () => {
  it('writes the three STORED members of a Keras 3 archive with the spec in them', async () => {
    const bytes = await writeKerasZip(sequential);
    const file = tempFile('seq.keras', bytes);
    expect(pythonZipList(file).map((i) => [i.name, i.compress_type])).toEqual([
      ['metadata.json', 0],
      ['config.json', 0],
      ['model.weights.h5', 0],
    ]);
    const config = JSON.parse(pythonZipRead(file, 'config.json').toString('utf8')) as {
      config: {
        layers: { class_name: string; registered_name: string | null; config: { name: string; dtype: { config: { name: string } } } }[];
      };
    };
    expect(config.config.layers.map((l) => [l.class_name, l.config.name, l.registered_name])).toEqual([
      ['InputLayer', 'input_layer', null],
      ['Dense', 'd1', null],
      ['MyLayer', 'mine', 'MyPkg>MyLayer'],
      ['Dense', 'head', null],
    ]);
    expect(config.config.layers[1]!.config.dtype.config.name).toBe('mixed_float16');

    const weights = tempFile('model.weights.h5', pythonZipRead(file, 'model.weights.h5'));
    expect(h5dumpDatasets(weights)).toEqual([
      { path: 'layers/dense/vars/0', dtype: 'float32', shape: [4, 5] },
      { path: 'layers/dense/vars/1', dtype: 'float32', shape: [5] },
      { path: 'layers/dense_1/vars/0', dtype: 'float32', shape: [3, 2] },
      { path: 'layers/dense_1/vars/1', dtype: 'float32', shape: [2] },
      { path: 'layers/my_layer/vars/0', dtype: 'float32', shape: [5, 3] },
    ]);
    expect(h5dumpStringAttr(weights, '/layers/my_layer/vars/name')).toBe('mine');
    const values = h5dumpValues(weights, '/layers/my_layer/vars/0');
    const expected = weightValues(1, 0, 15);
    expect(values).toHaveLength(15);
    for (const [i, v] of values.entries()) expect(v).toBeCloseTo(expected[i]!, 5);
  });

  it('reads back through decodeKerasZip', async () => {
    const facts = await decodeKerasZip(new BytesSource('seq.keras', await writeKerasZip(sequential)));
    expect(facts.problems).toEqual([]);
    expect(facts.producer.keras).toBe('3.15.1');
    expect(facts.dtype_policy).toBe('mixed_float16');
    expect(facts.layers.map((l) => l.path)).toEqual(['', 'input_layer', 'd1', 'mine', 'head']);
    expect(facts.custom_objects).toEqual([
      { class_name: 'MyLayer', registered_name: 'MyPkg>MyLayer', module: null, role: 'layer', where: 'mine' },
    ]);
    expect(facts.variables).toHaveLength(5);
  });

  it('writes the Functional layout with an input_layer group', async () => {
    const file = tempFile('fn.keras', await writeKerasZip(functional));
    const weights = tempFile('model.weights.h5', pythonZipRead(file, 'model.weights.h5'));
    expect(h5dumpDatasets(weights).map((d) => [d.path, d.shape])).toEqual([
      ['layers/conv2d/vars/0', [3, 3, 2, 3]],
      ['layers/conv2d/vars/1', [3]],
      ['layers/dense/vars/0', [48, 2]],
      ['layers/dense/vars/1', [2]],
    ]);
    expect(h5dumpStringAttr(weights, '/layers/input_layer/vars/name')).toBe('img');
  });
});

describe('writeKerasLegacyH5', () => {
  it('writes a tf.keras 2.15 whole model that h5dump reads', async () => {
    const file = tempFile('fn.h5', await writeKerasLegacyH5(functional, { fixed_length_names: true }));
    expect(h5dumpStringAttr(file, '/keras_version')).toBe('2.15.0');
    expect(h5dumpStringAttr(file, '/backend')).toBe('tensorflow');
    expect(h5dumpStringArrayAttr(file, '/model_weights/layer_names')).toEqual(['img', 'conv', 'flat', 'head']);
    expect(h5dumpAttrType(file, '/model_weights/layer_names')).toMatch(/STRSIZE 4;/);
    expect(h5dumpStringArrayAttr(file, '/model_weights/conv/weight_names')).toEqual(['conv/kernel:0', 'conv/bias:0']);
    expect(h5dumpDatasets(file).map((d) => [d.path, d.shape])).toEqual([
      ['model_weights/conv/conv/bias:0', [3]],
      ['model_weights/conv/conv/kernel:0', [3, 3, 2, 3]],
      ['model_weights/head/head/bias:0', [2]],
      ['model_weights/head/head/kernel:0', [48, 2]],
    ]);
    const config = JSON.parse(h5dumpStringAttr(file, '/model_config')!) as { class_name: string };
    expect(config.class_name).toBe('Functional');

    const facts = await decodeKerasH5(new BytesSource('fn.h5', await writeKerasLegacyH5(functional)));
    expect(facts.problems).toEqual([]);
    expect(facts.artifacts[0]!.format).toBe('keras_h5');
    expect(facts.variables.map((v) => v.name)).toEqual([
      'model_weights/conv/conv/kernel:0',
      'model_weights/conv/conv/bias:0',
      'model_weights/head/head/kernel:0',
      'model_weights/head/head/bias:0',
    ]);
  });

  it('writes Keras 2 registered names, training_config and float64 weights', async () => {
    const spec: ModelSpec = { ...sequential, dtype_policy: 'float64' };
    const file = tempFile('seq.h5', await writeKerasLegacyH5(spec));
    expect(h5dumpDatasets(file).every((d) => d.dtype === 'float64')).toBe(true);
    const config = JSON.parse(h5dumpStringAttr(file, '/model_config')!) as { config: { layers: { class_name: string }[] } };
    expect(config.config.layers.map((l) => l.class_name)).toContain('MyPkg>MyLayer');
    const facts = await decodeKerasH5(new BytesSource('seq.h5', await writeKerasLegacyH5(spec)));
    expect(facts.dtype_policy).toBe('float64');
    expect(facts.custom_objects.map((c) => [c.class_name, c.registered_name])).toEqual([['MyLayer', 'MyPkg>MyLayer']]);
    expect(facts.variables.every((v) => v.dtype === 'float64')).toBe(true);
  });
});

describe('writeKerasWeightsH5', () => {
  it('writes a Keras 3 .weights.h5 that decodes as keras_v3', async () => {
    const bytes = await writeKerasWeightsH5(functional);
    const file = tempFile('fn.weights.h5', bytes);
    const facts = await decodeKerasH5(new BytesSource('fn.weights.h5', bytes));
    expect(facts.artifacts[0]!.format).toBe('keras_v3');
    expect(facts.variables.map((v) => [v.name, v.shape])).toEqual(h5dumpDatasets(file).map((d) => [d.path, d.shape]));
  });
});
