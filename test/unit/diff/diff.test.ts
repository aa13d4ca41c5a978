/**
 * The saved-vs-expected diff on real TF 2.21 outputs: checkpoints decoded by the project's
 * decoder against variable lists TensorFlow printed for the same or a changed model.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVariableList } from '../../../src/lib/context/index.ts';
import {
  diffModels,
  isPositional,
  nameSimilarity,
  normalizeName,
  renameMap,
  renameSnippet,
  valueKind,
} from '../../../src/lib/diff/index.ts';
import { factsOf } from '../rules/load.ts';

const RULES_DATA = resolve(import.meta.dirname, '../rules/data');
const CONTEXT_DATA = resolve(import.meta.dirname, '../context/data');
const list = (path: string) => parseVariableList(readFileSync(path, 'utf8'));

describe('normalizeName', () => {
  it.each([
    ['model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE', 'model/dense_1/kernel'],
    ['dense_1/kernel:0', 'dense_1/kernel'],
    ['model_weights/dense_1/dense_1/kernel:0', 'dense_1/kernel'],
    ['model.dense_1._kernel', 'model/dense_1/kernel'],
    ['dense/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE', 'dense/kernel/@slot/m'],
    ['optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE', 'optimizer/iterations'],
  ])('%s -> %s', (raw, norm) => {
    expect(normalizeName(raw)).toBe(norm);
  });

  it('kinds, positions and similarity', () => {
    expect(valueKind('save_counter/.ATTRIBUTES/VARIABLE_VALUE')).toBe('bookkeeping');
    expect(valueKind('dense/kernel/.OPTIMIZER_SLOT/optimizer/v/.ATTRIBUTES/VARIABLE_VALUE')).toBe('optimizer');
    expect(valueKind('dense/kernel/Adam_1')).toBe('optimizer');
    expect(valueKind('model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE')).toBe('model');
    expect(isPositional('model/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE')).toBe(true);
    expect(isPositional('layers/dense/vars/0')).toBe(true);
    expect(isPositional('model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE')).toBe(false);
    expect(nameSimilarity('dense_1', 'denselayer1')).toBeGreaterThan(0.5);
    expect(nameSimilarity('dense_1', 'conv2d')).toBeLessThan(0.3);
  });
});

describe('diffModels', () => {
  it('a checkpoint against the list TF printed for it: everything matches', async () => {
    const facts = await factsOf(resolve(RULES_DATA, 'small'));
    const d = diffModels(facts, list(resolve(CONTEXT_DATA, 'keras3-small.list_variables.txt')));
    expect(d.matched.length).toBe(14);
    expect([d.renamed, d.missing, d.extra, d.reshaped, d.retyped]).toEqual([[], [], [], [], []]);
  });

  it('renamed attribute: pairs dense_1 -> denselayer1 by shape and name, not the untouched head', async () => {
    const facts = await factsOf(resolve(RULES_DATA, 'subclass'));
    const expected = list(resolve(RULES_DATA, 'subclass-renamed.list_variables.txt'));
    const d = diffModels(facts, expected);
    expect(d.matched.map((m) => m.saved).sort()).toEqual([
      'model/out/_kernel/.ATTRIBUTES/VARIABLE_VALUE',
      'model/out/bias/.ATTRIBUTES/VARIABLE_VALUE',
    ]);
    expect(d.renamed.map((r) => [r.from, r.to])).toEqual([
      ['model/dense_1/_kernel/.ATTRIBUTES/VARIABLE_VALUE', 'model/denselayer1/_kernel/.ATTRIBUTES/VARIABLE_VALUE'],
      ['model/dense_1/bias/.ATTRIBUTES/VARIABLE_VALUE', 'model/denselayer1/bias/.ATTRIBUTES/VARIABLE_VALUE'],
    ]);
    // The new keys are exactly the ones TF wrote for the renamed model.
    const map = renameMap(d);
    const printed = expected.variables.map((v) => v.name);
    for (const to of Object.values(map)) expect(printed).toContain(to);
    const script = renameSnippet(map, 'ckpts/ckpt-1', true);
    expect(script).toContain('tf.train.load_checkpoint(OLD)');
    expect(script).toContain('root.write(NEW)');
  });

  it('Keras weight paths vs positional checkpoint keys: paired by shape in order, flagged positional', async () => {
    const facts = await factsOf(resolve(RULES_DATA, 'small'));
    const d = diffModels(facts, list(resolve(CONTEXT_DATA, 'keras3-small.weights.txt')));
    expect(d.renamed.map((r) => [r.from.split('/').slice(0, 4).join('/'), r.to])).toEqual([
      ['model/_operations/1/_kernel', 'dense_1/kernel'],
      ['model/_operations/1/bias', 'dense_1/bias'],
      ['model/_operations/2/_kernel', 'head/kernel'],
      ['model/_operations/2/bias', 'head/bias'],
    ]);
    expect(d.renamed.every((r) => r.positional)).toBe(true);
    expect(renameMap(d)).toEqual({});
    expect(d.extra.every((e) => e.kind === 'optimizer')).toBe(true);
  });

  it('a wider layer is reshaped, a float64 checkpoint is retyped', async () => {
    const small = await factsOf(resolve(RULES_DATA, 'small'));
    const wide = diffModels(small, list(resolve(RULES_DATA, 'wider.list_variables.txt')));
    expect(wide.reshaped.map((r) => [r.saved_shape, r.expected_shape])).toEqual([
      [
        [4, 8],
        [4, 16],
      ],
      [[8], [16]],
      [
        [8, 3],
        [16, 3],
      ],
    ]);
    const f64 = await factsOf(resolve(RULES_DATA, 'float64'));
    const typed = diffModels(f64, list(resolve(CONTEXT_DATA, 'keras3-small.weights.txt')));
    expect(typed.retyped).toHaveLength(4);
    expect(new Set(typed.retyped.map((r) => `${r.saved_dtype}->${r.expected_dtype}`))).toEqual(new Set(['float64->float32']));
  });

  it('a Keras 3 model whose kernels are stored under optimizer/_trainable_variables still matches model paths', async () => {
    const facts = await factsOf(resolve(import.meta.dirname, '../../../public/samples/optimizer-slots-left-unused/broken'));
    expect(facts.variables.some((v) => v.name.startsWith('optimizer/_trainable_variables/'))).toBe(true);
    const d = diffModels(facts, list(resolve(RULES_DATA, 'samples-expected/inference-model.list_variables.txt')));
    expect(d.matched).toHaveLength(4);
    expect(d.missing).toEqual([]);
    expect(d.extra.every((e) => e.kind !== 'model')).toBe(true);
  });
});
