/**
 * Seed inputs for the fuzzer: the real fixtures in test/fixtures and files made by the project's
 * writers, including the hostile shapes the writers can express on purpose (object graphs with
 * cycles and self references, partitioned and multi-shard checkpoints, .keras zips carrying
 * pickle/npz members).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { writeCheckpoint, type CheckpointTensor, type ObjectGraphSpec } from '../../src/lib/writers/checkpoint.ts';
import { dense, customLayer, writeKerasLegacyH5, writeKerasWeightsH5, writeKerasZip, type ModelSpec } from '../../src/lib/writers/keras.ts';
import { writeGraphDefBytes, writeMetaGraphBytes, writeSavedModel, type SavedModelSpec } from '../../src/lib/writers/saved-model.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { manifestRows } from '../helpers/manifest.ts';

export interface InputFile {
  path: string;
  bytes: Uint8Array;
}

export interface Seed {
  name: string;
  files: InputFile[];
  /** Paths inspect put into an artifact before any damage (filled in by loadSeeds). */
  claimed?: string[];
}

/** Fixture artifacts larger than this are left out of fuzzing: decoding them dominates the time budget. */
export const DEFAULT_MAX_SEED_BYTES = 160 * 1024;

/** Every fixture artifact of MANIFEST.md whose files total at most `maxBytes`, as the CLI would open it. */
export function fixtureSeeds(maxBytes = DEFAULT_MAX_SEED_BYTES): Seed[] {
  const seeds: Seed[] = [];
  for (const row of manifestRows()) {
    const total = row.files.reduce((n, f) => n + f.bytes, 0);
    if (total > maxBytes) continue;
    const rels = row.path.includes('*') ? row.files.map((f) => `${row.path.slice(0, row.path.lastIndexOf('/'))}/${f.name}`) : [row.path];
    const files = rels.flatMap((rel) => readAsOpened(fixturePath(rel)));
    seeds.push({ name: `fixture:${row.path}`, files });
  }
  return seeds;
}

/** Files of a path named the way src/node/file-source.ts names them: a directory under its own name. */
export function readAsOpened(abs: string): InputFile[] {
  if (!statSync(abs).isDirectory()) return [{ path: basename(abs), bytes: new Uint8Array(readFileSync(abs)) }];
  const root = basename(abs);
  const out: InputFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: `${root}/${relative(abs, p).split('\\').join('/')}`, bytes: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(abs);
  return out;
}

function f32(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

const TENSORS: CheckpointTensor[] = [
  { key: 'layer/kernel/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'float32', shape: [2, 3], data: f32([1, 2, 3, 4, 5, 6]) },
  { key: 'layer/bias/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'float32', shape: [3], data: f32([0.5, 0.25, 0.125]), shard: 1 },
  { key: 'step/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'int64', shape: [], data: new Uint8Array(8) },
  { key: 'vocab/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'string', shape: [2], strings: ['alpha', 'beta'] },
  {
    key: 'part/.ATTRIBUTES/VARIABLE_VALUE',
    dtype: 'float32',
    shape: [4],
    slices: [
      { extents: [{ start: 0, length: 2 }], data: f32([1, 2]) },
      { extents: [{ start: 2, length: 2 }], data: f32([3, 4]), shard: 1 },
    ],
  },
];

/** An object graph with a cycle (root -> layer -> root) and a self reference (node 3 -> node 3). */
export const CYCLIC_OBJECT_GRAPH: ObjectGraphSpec = {
  nodes: [
    {
      children: [
        { node_id: 1, local_name: 'layer' },
        { node_id: 2, local_name: 'step' },
        { node_id: 3, local_name: 'loop' },
      ],
    },
    {
      children: [
        { node_id: 0, local_name: 'owner' },
        { node_id: 4, local_name: 'kernel' },
      ],
      attributes: [{ name: 'VARIABLE_VALUE', checkpoint_key: 'layer/kernel/.ATTRIBUTES/VARIABLE_VALUE' }],
    },
    { attributes: [{ name: 'VARIABLE_VALUE', checkpoint_key: 'step/.ATTRIBUTES/VARIABLE_VALUE' }] },
    {
      children: [
        { node_id: 3, local_name: 'self' },
        { node_id: 1, local_name: 'back' },
      ],
    },
    {
      attributes: [{ name: 'VARIABLE_VALUE', checkpoint_key: 'layer/kernel/.ATTRIBUTES/VARIABLE_VALUE' }],
      slot_variables: [{ original_variable_node_id: 4, slot_name: 'm', slot_variable_node_id: 4 }],
    },
  ],
};

const KERAS_SPEC: ModelSpec = {
  kind: 'Sequential',
  name: 'fuzz_model',
  input_shape: [null, 3],
  layers: [dense('dense', 3, 4), customLayer('custom', 4, 2)],
  compile: { optimizer: 'adam', loss: 'mse' },
};

const SAVED_MODEL_SPEC: SavedModelSpec = {
  meta_graphs: [
    {
      tags: ['serve'],
      tensorflow_version: '2.15.0',
      producer: 1645,
      nodes: [
        { name: 'x', op: 'Placeholder', attrs: { dtype: { type: 'float32' }, shape: { shape: [-1, 2] } } },
        { name: 'v', op: 'VarHandleOp', attrs: { dtype: { type: 'float32' }, shape: { shape: [2, 3] }, shared_name: { s: 'v' } } },
        { name: 'call', op: 'StatefulPartitionedCall', inputs: ['x', 'v'], attrs: { f: { func: '__inference_f_1' } } },
      ],
      functions: [{ name: '__inference_f_1', nodes: [{ name: 'mm', op: 'MatMul', attrs: { T: { type: 'float32' } } }] }],
      signatures: [
        {
          key: 'serving_default',
          inputs: [{ name: 'x', tensor: 'serving_default_x:0', dtype: 'float32', shape: [-1, 2] }],
          outputs: [{ name: 'y', tensor: 'call:0', dtype: 'float32', shape: [-1, 3] }],
        },
      ],
      objects: [
        {
          kind: 'user_object',
          identifier: '_generic_user_object',
          children: [
            { name: 'kernel', id: 1 },
            { name: 'me', id: 0 },
            { name: 'f', id: 2 },
          ],
        },
        { kind: 'variable', dtype: 'float32', shape: [2, 3], trainable: true, name: 'kernel', children: [{ name: 'owner', id: 0 }] },
        { kind: 'function', concrete_functions: ['__inference_f_1'] },
      ],
      concrete_functions: ['__inference_f_1'],
    },
  ],
};

/** Writer-made artifacts, each as the file set a reader would drop. */
export async function writerSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  const asFiles = (record: Record<string, Uint8Array> | Map<string, Uint8Array>, dir = ''): InputFile[] =>
    [...(record instanceof Map ? record.entries() : Object.entries(record))].map(([path, bytes]) => ({
      path: dir ? `${dir}/${path}` : path,
      bytes,
    }));

  seeds.push({
    name: 'writer:checkpoint-cyclic-object-graph',
    files: asFiles(writeCheckpoint(TENSORS, { prefix: 'ckpt/ckpt-1', objectGraph: CYCLIC_OBJECT_GRAPH })),
  });
  seeds.push({
    name: 'writer:checkpoint-multi-block-snappy',
    files: asFiles(writeCheckpoint(TENSORS, { prefix: 'ckpt-2', blockSize: 64, compression: 'snappy', objectGraph: CYCLIC_OBJECT_GRAPH })),
  });
  const model = writeSavedModel(SAVED_MODEL_SPEC);
  const variables = writeCheckpoint(TENSORS.slice(0, 2), { prefix: 'variables/variables', objectGraph: CYCLIC_OBJECT_GRAPH });
  seeds.push({ name: 'writer:saved-model-cyclic', files: [...asFiles(model, 'model'), ...asFiles(variables, 'model')] });
  seeds.push({
    name: 'writer:graph-def',
    files: [{ path: 'frozen.pb', bytes: writeGraphDefBytes(SAVED_MODEL_SPEC.meta_graphs[0]!.nodes) }],
  });
  seeds.push({
    name: 'writer:meta-graph',
    files: [
      {
        path: 'model.meta',
        bytes: writeMetaGraphBytes({ ...SAVED_MODEL_SPEC.meta_graphs[0]!, variables: [{ name: 'v', trainable: true }] }),
      },
    ],
  });
  seeds.push({ name: 'writer:keras-zip', files: [{ path: 'model.keras', bytes: await writeKerasZip(KERAS_SPEC) }] });
  seeds.push({
    name: 'writer:keras-zip-unsafe-members',
    files: [
      {
        path: 'unsafe.keras',
        bytes: await writeKerasZip(KERAS_SPEC, {
          extra_members: [
            { name: 'model.weights.npz', data: new TextEncoder().encode('PK-not-really-numpy') },
            {
              name: 'assets/state.pkl',
              data: new Uint8Array([0x80, 0x04, 0x63, 0x6f, 0x73, 0x0a, 0x73, 0x79, 0x73, 0x74, 0x65, 0x6d, 0x0a, 0x2e]),
            },
          ],
        }),
      },
    ],
  });
  seeds.push({ name: 'writer:keras-legacy-h5', files: [{ path: 'model.h5', bytes: await writeKerasLegacyH5(KERAS_SPEC) }] });
  seeds.push({ name: 'writer:keras-weights-h5', files: [{ path: 'model.weights.h5', bytes: await writeKerasWeightsH5(KERAS_SPEC) }] });
  return seeds;
}
