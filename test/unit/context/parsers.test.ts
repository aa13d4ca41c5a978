/**
 * Context parsers on real printouts (test/unit/context/data/README.md says how each was made).
 * Evidence is independent of the parser: the totals Keras printed under each summary, Keras'
 * own config of the same model, and the checkpoint the printed list_variables came from, read
 * by the project's checkpoint decoder.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectedFromFacts,
  parseBytes,
  parseExpected,
  parseKerasConfig,
  parseModelSummary,
  parseRuntime,
  parseVariableList,
  sameClassName,
  VariableListError,
} from '../../../src/lib/context/index.ts';
import { factsOf } from '../rules/load.ts';

const DATA = resolve(import.meta.dirname, 'data');
const text = (name: string) => readFileSync(resolve(DATA, name), 'utf8');
const printedTotal = (summary: string, label: string) => Number(new RegExp(`${label}: ([\\d,]+)`).exec(summary)![1]!.replace(/,/g, ''));

describe('parseModelSummary', () => {
  it('Keras 3 Sequential (box drawing): layers, classes and params add up to the printed total', () => {
    const t = text('keras3-sequential.summary.txt');
    const m = parseModelSummary(t);
    expect(m.source).toBe('summary');
    expect(m.layers.map((l) => l.name)).toEqual(['dense', 'dropout', 'logits']);
    expect(m.layers.map((l) => l.class_name)).toEqual(['Dense', 'Dropout', 'Dense']);
    expect(m.layers[0]!.params).toBe(784 * 64 + 64); // Dense(64) on 784 inputs
    expect(m.layers.reduce((a, l) => a + (l.params ?? 0), 0)).toBe(printedTotal(t, 'Total params'));
    expect(m.layers[2]!.output_shape).toBe('(None, 10)');
  });

  it('Keras 3 Functional: wrapped, cut class names and the Connected-to column', () => {
    const t = text('keras3-functional.summary.txt');
    const m = parseModelSummary(t);
    expect(m.layers.map((l) => l.name)).toEqual(['image', 'conv', 'bn', 'pool', 'meta', 'concat', 'out']);
    const bn = m.layers.find((l) => l.name === 'bn')!;
    expect(bn.class_name!.endsWith('…')).toBe(true);
    expect(sameClassName(bn.class_name, 'BatchNormalization')).toBe(true);
    expect(sameClassName(bn.class_name, 'Dense')).toBe(false);
    expect(m.layers.reduce((a, l) => a + (l.params ?? 0), 0)).toBe(printedTotal(t, 'Total params'));
  });

  it('Keras 3 compiled model: layer params = total - optimizer params; names match the config', () => {
    const t = text('keras3-small.summary.txt');
    const m = parseModelSummary(t);
    expect(m.layers.reduce((a, l) => a + (l.params ?? 0), 0)).toBe(printedTotal(t, 'Total params') - printedTotal(t, 'Optimizer params'));
    const config = JSON.parse(text('keras3-small.config.json')) as { config: { layers: { name: string; class_name: string }[] } };
    expect(m.layers.map((l) => [l.name, l.class_name])).toEqual(config.config.layers.map((l) => [l.name, l.class_name]));
  });

  it('Keras 2 (tf.keras) table with class names wrapped onto a second line', () => {
    const t = text('keras2-sequential.summary.txt');
    const m = parseModelSummary(t);
    expect(m.layers).toHaveLength(14);
    expect(m.layers[1]).toEqual({ name: 'max_pooling2d_5', class_name: 'MaxPooling2D', params: 0, output_shape: '(None, 89, 89, 64)' });
    expect(m.layers[0]!.params).toBe(3 * 3 * 3 * 64 + 64);
    expect(m.layers.reduce((a, l) => a + (l.params ?? 0), 0)).toBe(printedTotal(t, 'Total params'));
  });

  it('text without a table gives no layers rather than inventing some', () => {
    expect(parseModelSummary('Model: "x"\nThis model has not yet been built.').layers).toEqual([]);
  });
});

describe('parseVariableList', () => {
  it('print(tf.train.list_variables(prefix)) equals what the checkpoint decoder reads from that checkpoint', async () => {
    const m = parseVariableList(text('keras3-small.list_variables.txt'));
    const facts = await factsOf(resolve(import.meta.dirname, '../rules/data/small'));
    const decoded = facts.variables.filter((v) => v.name !== '_CHECKPOINTABLE_OBJECT_GRAPH').map((v) => [v.name, v.shape]);
    expect(m.variables.map((v) => [v.name, v.shape])).toEqual(decoded);
    expect(m.variables.every((v) => v.dtype === null)).toBe(true); // list_variables prints no dtype
  });

  it('model.weights printed (TensorShape, dtype strings) agrees with the Keras config of the same model', () => {
    const m = parseVariableList(text('keras3-small.weights.txt'));
    expect(m.variables.map((v) => v.name)).toEqual(['dense_1/kernel', 'dense_1/bias', 'head/kernel', 'head/bias']);
    // Shapes follow from the config: Dense(8) on a 4-wide input, Dense(3) after it.
    expect(m.variables.map((v) => v.shape)).toEqual([[4, 8], [8], [8, 3], [3]]);
    expect(new Set(m.variables.map((v) => v.dtype))).toEqual(new Set(['float32']));
    expect(parseKerasConfig(text('keras3-small.config.json')).variables).toEqual(m.variables);
  });

  it('tf.Variable lists: name:0, TensorShape([]), tf.float64 / tf.int64', () => {
    const m = parseVariableList(text('tf-module.variables.txt'));
    expect(m.variables).toEqual([
      { name: 'b:0', shape: [8], dtype: 'float64' },
      { name: 'step:0', shape: [], dtype: 'int64' },
      { name: 'w:0', shape: [4, 8], dtype: 'float32' },
    ]);
  });

  it("other printed forms: (4, 8) tuples, <dtype: 'float32'>, None dims, one variable per line", () => {
    expect(
      parseVariableList(
        "[('a', (4, 8), <dtype: 'float32'>), ('b', TensorShape([None, 3]), 'float16'), ('c', TensorShape(None), tf.string)]",
      ).variables,
    ).toEqual([
      { name: 'a', shape: [4, 8], dtype: 'float32' },
      { name: 'b', shape: [-1, 3], dtype: 'float16' },
      { name: 'c', shape: null, dtype: 'string' },
    ]);
    expect(parseVariableList('dense/kernel [4, 8]\ndense/bias (8,) float32\n').variables).toEqual([
      { name: 'dense/kernel', shape: [4, 8], dtype: null },
      { name: 'dense/bias', shape: [8], dtype: 'float32' },
    ]);
  });

  it('hostile long lines end quickly', () => {
    const started = Date.now();
    expect(() => parseVariableList(`a [1] ${' '.repeat(200_000)}x\n`)).toThrow(VariableListError);
    expect(parseModelSummary(`Layer (type)  Output Shape  Param #\n│ a (${' '.repeat(200_000)}( │ x │ 1 │\n`).layers).toEqual([]);
    expect(parseRuntime({ text: `tensorflow${' '.repeat(200_000)}x` }).tensorflow).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses what is not a variable list, and hostile nesting, with a message', () => {
    expect(() => parseVariableList('[1, 2')).toThrow(VariableListError);
    expect(() => parseVariableList('['.repeat(5000) + ']'.repeat(5000))).toThrow(/nesting too deep/);
    expect(() => parseVariableList('not a list at all')).toThrow(VariableListError);
  });
});

describe('parseKerasConfig, parseExpected, expectedFromFacts', () => {
  it('layers of a Keras 3 config; HDF5 model_config wrapper accepted', () => {
    const config = text('keras3-small.config.json');
    const m = parseKerasConfig(config);
    expect(m.layers.map((l) => l.name)).toEqual(['features', 'dense_1', 'head']);
    expect(parseKerasConfig({ model_config: JSON.parse(config) }).layers).toEqual(m.layers);
    expect(() => parseKerasConfig('{"nope": 1}')).toThrow(/no layers/);
  });

  it('parseExpected picks the parser by the text', () => {
    expect(parseExpected(text('keras3-small.config.json')).source).toBe('config');
    expect(parseExpected(text('keras3-small.summary.txt')).source).toBe('summary');
    expect(parseExpected(text('keras3-small.list_variables.txt')).source).toBe('variables');
  });

  it('a second artifact: its tensors, without the object-graph entry', async () => {
    const facts = await factsOf(resolve(import.meta.dirname, '../rules/data/small'));
    const m = expectedFromFacts(facts);
    expect(m.source).toBe('artifact');
    expect(m.variables.length).toBe(facts.variables.filter((v) => v.name !== '_CHECKPOINTABLE_OBJECT_GRAPH').length);
    expect(m.variables.length).toBe(14); // 4 weights + iterations + learning rate + 8 Adam slots (list_variables)
    expect(m.variables.some((v) => v.name === '_CHECKPOINTABLE_OBJECT_GRAPH')).toBe(false);
  });
});

describe('parseRuntime', () => {
  it('reads pip list / pip freeze / printed versions; tf-keras does not count as TensorFlow', () => {
    const r = parseRuntime({
      text: 'tf_keras                     2.15.1\ntensorflow-cpu               2.15.1\nh5py==3.10.0\n',
      host_memory: '16 GB',
      gpu_memory: '8GiB',
    });
    expect(r).toEqual({ tensorflow: '2.15.1', keras: '2.15.1', h5py: '3.10.0', host_memory_bytes: 16e9, gpu_memory_bytes: 8 * 2 ** 30 });
    expect(parseRuntime({ text: 'TF 2.21.0, Keras 3.15.1' })).toMatchObject({ tensorflow: '2.21.0', keras: '3.15.1' });
    expect(parseRuntime({ tensorflow: 'v2.16.0rc1' }).tensorflow).toBe('2.16.0rc1');
  });

  it('sizes', () => {
    expect(parseBytes('512M')).toBe(512e6);
    expect(parseBytes(1234)).toBe(1234);
    expect(parseBytes('lots')).toBeNull();
  });
});
