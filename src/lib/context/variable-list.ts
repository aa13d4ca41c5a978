/**
 * Parses a printed variable list into expected variables. Accepted forms (all as printed by
 * Python, TF 2.x / Keras 3):
 *   print(tf.train.list_variables(prefix))          [('dense/kernel/.ATTRIBUTES/VARIABLE_VALUE', [4, 8]), ...]
 *   print([(w.path, w.shape, w.dtype) for w in model.weights])
 *                                                   [('dense_1/kernel', (4, 8), 'float32'), ...]
 *   print([(v.name, v.shape, v.dtype) for v in module.variables])
 *                                                   [('w:0', TensorShape([4, 8]), tf.float32), ...]
 *   a loop printing one variable per line           dense/kernel [4, 8]   |   dense/kernel (4, 8) float32
 * Shapes: [4, 8], (4, 8), (8,), (), TensorShape([None, 4]), TensorShape(None) (unknown rank).
 * Dtypes: 'float32', tf.float32, <dtype: 'float32'>, float32_ref (TF1 reference variables).
 * `_CHECKPOINTABLE_OBJECT_GRAPH` is bookkeeping, not a variable, and is left out.
 */
import { normalizeDtype } from '../dtypes.ts';
import { parsePythonValue, PyParseError, type PyValue } from './python-literal.ts';
import type { ExpectedModel, ExpectedVariable } from './types.ts';
import { OBJECT_GRAPH_KEY } from '../facts.ts';

export class VariableListError extends Error {}

export function parseVariableList(text: string): ExpectedModel {
  const trimmed = text.trim();
  let variables: ExpectedVariable[];
  if (trimmed.startsWith('[') || trimmed.startsWith('(')) {
    let value: PyValue;
    try {
      value = parsePythonValue(trimmed);
    } catch (error) {
      if (error instanceof PyParseError) throw new VariableListError(`not a printed Python list of variables: ${error.message}`);
      throw error;
    }
    if (value.kind !== 'list') throw new VariableListError('expected a list of (name, shape[, dtype]) tuples');
    variables = value.items.map((item, i) => fromTuple(item, i));
  } else {
    variables = trimmed
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map(fromLine);
  }
  return { source: 'variables', variables: variables.filter((v) => v.name !== OBJECT_GRAPH_KEY), layers: [] };
}

function fromTuple(item: PyValue, index: number): ExpectedVariable {
  if (item.kind !== 'list' || item.items.length < 1 || item.items[0]!.kind !== 'str') {
    throw new VariableListError(`item ${index} is not a (name, shape[, dtype]) tuple`);
  }
  const [name, shape, dtype] = item.items;
  return {
    name: (name as { value: string }).value,
    shape: shape ? shapeOf(shape) : null,
    dtype: dtype ? dtypeOf(dtype) : null,
  };
}

function shapeOf(value: PyValue): number[] | null {
  if (value.kind === 'call' && /TensorShape$/.test(value.callee)) {
    const arg = value.args[0];
    return arg ? shapeOf(arg) : [];
  }
  if (value.kind === 'none') return null;
  if (value.kind !== 'list') return null;
  return value.items.map((d) => {
    if (d.kind === 'int') return d.value;
    if (d.kind === 'call' && d.callee.endsWith('Dimension')) return d.args[0]?.kind === 'int' ? d.args[0].value : -1;
    return -1; // None / ? : unknown dimension
  });
}

function dtypeOf(value: PyValue): string | null {
  const text = value.kind === 'str' || value.kind === 'dtype' || value.kind === 'name' ? value.value : null;
  return text === null ? null : dtypeName(text);
}

/** 'tf.float32' / 'float32_ref' / "<dtype: 'float32'>" / 'torch.float32' -> 'float32'. */
export function dtypeName(text: string): string {
  const bare = text
    .replace(/^<dtype:\s*'|'>$/g, '')
    .replace(/^(tf|np|numpy|torch|jnp|keras)\./, '')
    .replace(/_ref$/, '');
  return normalizeDtype(bare) ?? bare.toLowerCase();
}

/** Longer lines are not a printed variable (and would make the line pattern slow). */
const MAX_LINE = 4096;

/** `name [4, 8]`, `name (4, 8) float32`, `name TensorShape([4]) tf.float32`. */
function fromLine(line: string): ExpectedVariable {
  if (line.length > MAX_LINE) throw new VariableListError(`a line of ${line.length} characters is not a variable`);
  const m = /^\s*['"]?([^\s'"]+)['"]?[\s,:]+(TensorShape\((?:\[[^\]]*\]|None)\)|\[[^\]]*\]|\([^)]*\))(?:[\s,]+(.+?))?\s*$/.exec(line);
  if (!m) throw new VariableListError(`cannot read a variable from the line ${JSON.stringify(line.slice(0, 120))}`);
  let shape: number[] | null = null;
  try {
    shape = shapeOf(parsePythonValue(m[2]!));
  } catch {
    shape = null;
  }
  return { name: m[1]!, shape, dtype: m[3] ? dtypeName(m[3].trim()) : null };
}
