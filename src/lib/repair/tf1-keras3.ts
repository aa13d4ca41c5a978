/**
 * TF1 name-based checkpoint -> a Keras 3 `.weights.h5` that `model.load_weights()` accepts, when
 * the expected model is given as its `model.summary()`. Keras 3's load_weights reads a weights
 * file laid out as `layers/<snake_case class name>[_<n>]/vars/<i>` (keras/src/saving/saving_lib.py):
 * one group per layer of `model.layers`, numbered per class in model order, the variables in the
 * layer's own order. The summary gives the layers in order with their class and parameter count;
 * each layer's values are the TF1 variables under its name (`dense/kernel`, `dense/bias`), in the
 * order Keras 3 creates them for that class, and their sizes must add up to the summary's count.
 */
import { baseName, findFile, readExact, type FileSet } from '../byte-source.ts';
import type { ExpectedLayer, ExpectedModel } from '../context/types.ts';
import { dtypeName } from '../dtypes.ts';
import { OBJECT_GRAPH_KEY } from '../facts.ts';
import type { IndexedEntry } from '../formats/checkpoint/bundle-index.ts';
import { elementCount } from '../formats/checkpoint/bundle-protos.ts';
import { dataFileName } from '../formats/checkpoint/shard-files.ts';
import { newTensorChecksum } from '../formats/checkpoint/tensor-checksum.ts';
import { unmaskCrc } from '../binary/crc32c.ts';
import { castChunk, DTYPE_ENUM, emptyStats, floatDtypeOf } from './cast.ts';
import { RepairError } from './errors.ts';
import { buildHdf5 } from './hdf5-edit.ts';
import type { RepairAsk, RepairItem, RepairPlan } from './types.ts';

/** Variables of each class in the order Keras 3 creates them (trainable first, then the rest). */
const CLASS_VARIABLES: Record<string, { leaves: string[]; sub?: string }> = {
  Dense: { leaves: ['kernel', 'bias'] },
  Conv1D: { leaves: ['kernel', 'bias'] },
  Conv2D: { leaves: ['kernel', 'bias'] },
  Conv3D: { leaves: ['kernel', 'bias'] },
  Conv1DTranspose: { leaves: ['kernel', 'bias'] },
  Conv2DTranspose: { leaves: ['kernel', 'bias'] },
  Conv3DTranspose: { leaves: ['kernel', 'bias'] },
  DepthwiseConv2D: { leaves: ['depthwise_kernel', 'bias'] },
  SeparableConv2D: { leaves: ['depthwise_kernel', 'pointwise_kernel', 'bias'] },
  Embedding: { leaves: ['embeddings'] },
  LayerNormalization: { leaves: ['gamma', 'beta'] },
  BatchNormalization: { leaves: ['gamma', 'beta', 'moving_mean', 'moving_variance'] },
  LSTM: { leaves: ['kernel', 'recurrent_kernel', 'bias'], sub: 'cell' },
  GRU: { leaves: ['kernel', 'recurrent_kernel', 'bias'], sub: 'cell' },
  SimpleRNN: { leaves: ['kernel', 'recurrent_kernel', 'bias'], sub: 'cell' },
};

/** keras.src.utils.naming.to_snake_case */
function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

interface Dataset {
  path: string;
  from: string;
  entry: IndexedEntry;
}

export function isSummary(expected: ExpectedModel | null): expected is ExpectedModel {
  return expected !== null && expected.source === 'summary' && expected.layers.length > 0;
}

export function planTf1ToKeras3(
  files: FileSet,
  prefix: string,
  numShards: number,
  entries: ReadonlyMap<string, IndexedEntry>,
  expected: ExpectedModel,
  ask: RepairAsk,
  plan: RepairPlan,
  outLabel: string,
): void {
  const renames = new Map<string, string>();
  for (const [from, to] of Object.entries(ask.renames ?? {})) if (to !== null) renames.set(to, from);
  const byName = (name: string): string | null => {
    if (renames.has(name)) return renames.get(name)!;
    return entries.has(name) ? name : null;
  };
  const functional = expected.layers.some((l) => l.class_name === 'InputLayer');
  const counts = new Map<string, number>();
  const datasets: Dataset[] = [];
  const items: RepairItem[] = [];
  const used = new Set<string>();
  for (const layer of expected.layers) {
    const cls = layer.class_name?.replace(/…$/, '') ?? null;
    if (cls === null) {
      plan.refused.push(`model.summary() does not give the class of layer "${layer.name}"`);
      continue;
    }
    if (cls === 'InputLayer' && !functional) continue;
    const snake = snakeCase(cls);
    const k = counts.get(snake) ?? 0;
    counts.set(snake, k + 1);
    const group = `layers/${k === 0 ? snake : `${snake}_${k}`}`;
    if (!layer.params) continue;
    const spec = CLASS_VARIABLES[cls];
    if (!spec) {
      plan.refused.push(
        `layer "${layer.name}" is a ${cls} with ${layer.params} parameters: the summary does not say which weights a ${cls} has, or in which order Keras 3 keeps them (map its TF1 names with --rename-map "<tf1 name> ${layer.name}/<weight>" for a Dense-like layer, or convert it in code)`,
      );
      continue;
    }
    const found = spec.leaves.map((leaf) => findLeaf(layer, leaf, byName, entries));
    const present = found.filter((f): f is string => f !== null);
    const total = present.reduce((n, key) => n + (elementCount(entries.get(key)!.entry.shape) ?? 0), 0);
    if (total !== layer.params) {
      plan.refused.push(
        `layer "${layer.name}" (${cls}) has ${layer.params} parameters in the summary, but the TF1 values under "${layer.name}/" hold ${total} (${present.join(', ') || 'none found'}): the names do not line up; pair them with --rename-map "<tf1 name> ${layer.name}/<weight>"`,
      );
      continue;
    }
    let i = 0;
    for (const key of found) {
      if (key === null) continue;
      const path = `${group}${spec.sub ? `/${spec.sub}` : ''}/vars/${i++}`;
      datasets.push({ path, from: key, entry: entries.get(key)! });
      items.push({ from: key, to: path, note: `${layer.name} (${cls})` });
      used.add(key);
    }
  }
  if (plan.refused.length > 0) return;
  if (datasets.length === 0) {
    plan.refused.push('the summary names no layer with weights that the TF1 checkpoint holds');
    return;
  }
  const left = [...entries.keys()].filter((k) => k !== OBJECT_GRAPH_KEY && !used.has(k));
  plan.counts.renamed += datasets.length;
  plan.counts.dropped += left.length;
  const name = `${baseName(prefix)}.weights.h5`;
  plan.steps.push({
    kind: 'tf1-to-tf2',
    title: `write ${datasets.length} value${datasets.length === 1 ? '' : 's'} as a Keras 3 weights file for model.load_weights()${left.length ? `, leave ${left.length} out` : ''}`,
    detail:
      "The TF1 values are laid out as Keras 3's model.load_weights() reads a .weights.h5: a group per layer named after its class (layers/dense, layers/dense_1, ...), the variables in the order Keras 3 creates them. Each layer's values are the TF1 variables under its name, and their sizes match the summary's parameter count. Every value is copied byte for byte after its checksum is verified.",
    items: [...items, ...left.map((k) => ({ from: k, to: null, note: 'not a weight of the summarised model' }))],
  });
  const cast = ask.cast ?? null;
  plan.program = {
    type: 'files',
    build: async () => [{ path: name, parts: [await writeWeights(files, prefix, numShards, datasets, expected.layers, functional, cast)] }],
  };
  plan.outputs.push({ path: name, bytes: null, what: 'Keras 3 weights file' });
  plan.load = [
    'import keras',
    '',
    '# model: built as the loading code builds it (the model the summary was printed from)',
    `model.load_weights(${JSON.stringify(`${outLabel}/${name}`)})`,
  ].join('\n');
}

/** `dense/kernel`, or for an RNN `lstm/lstm_cell/kernel` (any path under the layer ending in the leaf). */
function findLeaf(
  layer: ExpectedLayer,
  leaf: string,
  byName: (n: string) => string | null,
  entries: ReadonlyMap<string, IndexedEntry>,
): string | null {
  const direct = byName(`${layer.name}/${leaf}`);
  if (direct) return direct;
  const under = [...entries.keys()].filter((k) => k.startsWith(`${layer.name}/`) && k.endsWith(`/${leaf}`));
  return under.length === 1 ? under[0]! : null;
}

async function writeWeights(
  files: FileSet,
  prefix: string,
  numShards: number,
  datasets: readonly Dataset[],
  layers: readonly ExpectedLayer[],
  functional: boolean,
  cast: string | null,
): Promise<Uint8Array> {
  const values: { path: string; dtype: string; shape: number[]; data: Uint8Array }[] = [];
  for (const d of datasets) {
    const e = d.entry.entry;
    const file = dataFileName(prefix, e.shard_id, numShards);
    const shard = findFile(files, file);
    if (!shard) throw new RepairError(`${file} is not in the file set`);
    const bytes = await readExact(shard, e.offset, e.size, d.from);
    const check = newTensorChecksum(e.dtype, elementCount(e.shape) ?? 0, false);
    check.update(bytes);
    if (check.finish().crc !== unmaskCrc(e.crc32c))
      throw new RepairError(`"${d.from}" in ${file} does not match its checksum: its data is damaged`);
    const from = floatDtypeOf(e.dtype);
    const to = cast ? floatDtypeOf(DTYPE_ENUM[cast as keyof typeof DTYPE_ENUM]) : null;
    const data = from && to && from !== to ? castChunk(bytes, from, to, false, emptyStats(from, to)) : bytes;
    values.push({ path: d.path, dtype: to && from ? to : dtypeName(e.dtype), shape: e.shape, data });
  }
  const H5_DTYPES: Record<string, string> = { float32: '<f', float64: '<d', int32: '<i', int64: '<q' };
  return buildHdf5((file) => {
    const ensure = (path: string) => {
      let current = '';
      for (const part of path.split('/')) {
        current = current === '' ? part : `${current}/${part}`;
        if (file.get(current) === null) file.create_group(current);
      }
      return file.get(path) as ReturnType<typeof file.create_group>;
    };
    ensure('layers');
    const named = new Set<string>();
    for (const v of values) {
      const group = v.path.slice(0, v.path.lastIndexOf('/'));
      const g = ensure(group);
      const layerGroup = group.replace(/\/(cell\/)?vars$/, '');
      if (!named.has(group) && !group.includes('/cell/')) {
        named.add(group);
        const index = layerGroup.split('/').pop()!;
        const layer = layers.find((l) => l.class_name && layerGroupName(l, layers, functional) === index);
        if (layer) g.create_attribute('name', layer.name);
      }
      const h5 = H5_DTYPES[v.dtype];
      if (!h5) throw new RepairError(`${v.path}: ${v.dtype} values cannot be written to a Keras weights file here`);
      const typed =
        v.dtype === 'float64'
          ? new Float64Array(v.data.slice().buffer)
          : v.dtype === 'int64'
            ? new BigInt64Array(v.data.slice().buffer)
            : v.dtype === 'int32'
              ? new Int32Array(v.data.slice().buffer)
              : new Float32Array(v.data.slice().buffer);
      g.create_dataset({ name: v.path.slice(v.path.lastIndexOf('/') + 1), data: typed, shape: v.shape, dtype: h5 });
    }
    ensure('vars');
  });
}

function layerGroupName(layer: ExpectedLayer, layers: readonly ExpectedLayer[], functional: boolean): string {
  const counts = new Map<string, number>();
  for (const l of layers) {
    if (l.class_name === 'InputLayer' && !functional) continue;
    const snake = snakeCase(l.class_name?.replace(/…$/, '') ?? '');
    const k = counts.get(snake) ?? 0;
    counts.set(snake, k + 1);
    if (l === layer) return k === 0 ? snake : `${snake}_${k}`;
  }
  return '';
}
