/**
 * Generates V2 checkpoints for the benchmarks with the project's own writers (table builder,
 * bundle entry/header encoders, object-graph writer), but streams the data shards to disk so a
 * multi-gigabyte checkpoint never sits in memory. Deterministic: the same options give the same
 * bytes. Tensor values are a fixed pseudo-random pattern, not zeros, so nothing compresses away.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BytesSource } from '../../src/lib/byte-source.ts';
import { crc32cExtend, maskCrc } from '../../src/lib/binary/crc32c.ts';
import { readBundleIndex } from '../../src/lib/formats/checkpoint/bundle-index.ts';
import { OBJECT_GRAPH_KEY } from '../../src/lib/formats/checkpoint/object-graph.ts';
import { dataFileName, indexFileName } from '../../src/lib/formats/checkpoint/shard-files.ts';
import { utf8Encode } from '../../src/lib/utf8.ts';
import { writeCheckpoint, type ObjectGraphSpec } from '../../src/lib/writers/checkpoint.ts';
import { encodeBundleEntry, encodeBundleHeader } from '../../src/lib/writers/checkpoint-protos.ts';
import { compareBytes, TableBuilder } from '../../src/lib/writers/checkpoint-table.ts';

export interface GenTensor {
  key: string;
  shape: number[];
  shard: number;
}

export interface GeneratedCheckpoint {
  prefix: string;
  files: string[];
  entries: number;
  dataBytes: number;
  indexBytes: number;
}

const DT_FLOAT = 1;
const PATTERN_BYTES = 1 << 20;

/** xorshift32: the fill pattern only needs to be deterministic and incompressible. */
function pattern(seed: number): Uint8Array {
  const out = new Uint8Array(2 * PATTERN_BYTES);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Writes `<dir>/<name>.index` and its data shards. float32 tensors; `objectGraph` (if given)
 * is stored in shard 0 after the tensors, as TF does.
 */
export async function generateCheckpoint(
  dir: string,
  name: string,
  tensors: readonly GenTensor[],
  options: { shards: number; compression: 'none' | 'snappy'; objectGraph?: ObjectGraphSpec; seed?: number },
): Promise<GeneratedCheckpoint> {
  mkdirSync(dir, { recursive: true });
  const prefix = join(dir, name);
  const fill = pattern(options.seed ?? 0x9e3779b9);
  const fds = Array.from({ length: options.shards }, (_, i) => openSync(dataFileName(prefix, i, options.shards), 'w'));
  const offsets = new Array<number>(options.shards).fill(0);
  const stored: { key: Uint8Array; value: Uint8Array }[] = [];
  const chunk = 8 << 20;
  let dataBytes = 0;

  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i]!;
    const size = t.shape.reduce((n, d) => n * d, 1) * 4;
    const fd = fds[t.shard]!;
    let crc = 0;
    let start = (i * 4099) % PATTERN_BYTES;
    for (let done = 0; done < size; ) {
      const n = Math.min(chunk, size - done, PATTERN_BYTES);
      const bytes = fill.subarray(start, start + n);
      if (writeSync(fd, bytes) !== n) throw new Error(`short write to shard ${t.shard}`);
      crc = crc32cExtend(crc, bytes);
      done += n;
      start = (start + 8191) % PATTERN_BYTES;
    }
    const entry = encodeBundleEntry({
      dtype: DT_FLOAT,
      shape: t.shape,
      shard_id: t.shard,
      offset: offsets[t.shard]!,
      size,
      crc32c: maskCrc(crc),
    });
    stored.push({ key: utf8Encode(t.key), value: entry });
    offsets[t.shard]! += size;
    dataBytes += size;
  }

  if (options.objectGraph) {
    // The writer lays out and checksums the string tensor; its bytes are appended to shard 0.
    const small = writeCheckpoint([], { prefix: 'og', objectGraph: options.objectGraph });
    const data = small[dataFileName('og', 0, 1)]!;
    const graphEntry = await objectGraphEntry(small[indexFileName('og')]!);
    writeSync(fds[0]!, data);
    stored.push({ key: utf8Encode(OBJECT_GRAPH_KEY), value: encodeBundleEntry({ ...graphEntry, shard_id: 0, offset: offsets[0]! }) });
    offsets[0]! += data.byteLength;
    dataBytes += data.byteLength;
  }
  for (const fd of fds) closeSync(fd);

  stored.sort((a, b) => compareBytes(a.key, b.key));
  const table = new TableBuilder({ compression: options.compression });
  table.add(new Uint8Array(0), encodeBundleHeader(options.shards, false));
  for (const s of stored) table.add(s.key, s.value);
  const index = table.finish();
  mkdirSync(dirname(indexFileName(prefix)), { recursive: true });
  const fd = openSync(indexFileName(prefix), 'w');
  writeSync(fd, index);
  closeSync(fd);
  return {
    prefix,
    files: [indexFileName(prefix), ...fds.map((_, i) => dataFileName(prefix, i, options.shards))],
    entries: stored.length,
    dataBytes,
    indexBytes: index.byteLength,
  };
}

/** The object-graph entry of a tiny in-memory checkpoint. */
async function objectGraphEntry(indexBytes: Uint8Array) {
  const bundle = await readBundleIndex(new BytesSource('og.index', indexBytes));
  const e = bundle.entries.find((x) => x.key === OBJECT_GRAPH_KEY)!.entry;
  return { dtype: e.dtype, shape: e.shape, size: e.size, crc32c: e.crc32c };
}

/** Realistic TF2 object-based keys: a transformer-ish model whose variables each carry Adam m/v slots. */
export function transformerCheckpoint(entriesWanted: number, dims: readonly number[]): { tensors: GenTensor[]; graph: ObjectGraphSpec } {
  const subs = ['attention/query', 'attention/key', 'attention/value', 'attention/output/dense', 'intermediate/dense', 'output/dense'];
  const tensors: GenTensor[] = [];
  const nodes: ObjectGraphSpec['nodes'] = [{ children: [] }, { children: [] }, { children: [], slot_variables: [] }];
  nodes[0]!.children!.push({ node_id: 1, local_name: 'model' }, { node_id: 2, local_name: 'optimizer' });
  const perVariable = 3; // value + m + v
  const variables = Math.max(1, Math.floor(entriesWanted / perVariable));
  let block = -1;
  let blockNode = 0;
  for (let v = 0; v < variables; v++) {
    const sub = Math.floor(v / 2) % subs.length;
    if (v % (2 * subs.length) === 0) {
      block++;
      blockNode = nodes.length;
      nodes.push({ children: [] });
      nodes[1]!.children!.push({ node_id: blockNode, local_name: `layer_with_weights-${block}` });
    }
    const kind = v % 2 === 0 ? 'kernel' : 'bias';
    const path = `model/layer_with_weights-${block}/${subs[sub]}/${kind}`;
    const a = dims[v % dims.length]!;
    const b = dims[(v * 7 + 3) % dims.length]!;
    const shape = kind === 'kernel' ? [a, b] : [b];
    const key = `${path}/.ATTRIBUTES/VARIABLE_VALUE`;
    const varNode = nodes.length;
    nodes.push({
      attributes: [{ name: 'VARIABLE_VALUE', full_name: `${subs[sub]!.replace(/\//g, '_')}_${block}/${kind}`, checkpoint_key: key }],
    });
    nodes[blockNode]!.children!.push({ node_id: varNode, local_name: `${subs[sub]}/${kind}` });
    tensors.push({ key, shape, shard: 0 });
    for (const slot of ['m', 'v']) {
      const slotKey = `${path}/.OPTIMIZER_SLOT/optimizer/${slot}/.ATTRIBUTES/VARIABLE_VALUE`;
      const slotNode = nodes.length;
      nodes.push({ attributes: [{ name: 'VARIABLE_VALUE', full_name: `${path}/${slot}`, checkpoint_key: slotKey }] });
      nodes[2]!.slot_variables!.push({ original_variable_node_id: varNode, slot_name: slot, slot_variable_node_id: slotNode });
      tensors.push({ key: slotKey, shape, shard: 0 });
    }
  }
  return { tensors, graph: { nodes } };
}

/**
 * Large tensors for the checksum benchmark: an embedding plus dense kernels and biases, spread
 * over `shards` data files, about `totalBytes` in all (each shard well past the 8 MiB chunk).
 */
export function largeCheckpoint(totalBytes: number, shards: number): { tensors: GenTensor[]; graph: ObjectGraphSpec } {
  const tensors: GenTensor[] = [];
  const nodes: ObjectGraphSpec['nodes'] = [{ children: [{ node_id: 1, local_name: 'model' }] }, { children: [] }];
  const add = (path: string, shape: number[], shard: number) => {
    const key = `${path}/.ATTRIBUTES/VARIABLE_VALUE`;
    nodes[1]!.children!.push({ node_id: nodes.length, local_name: path.replace(/^model\//, '') });
    nodes.push({ attributes: [{ name: 'VARIABLE_VALUE', full_name: path, checkpoint_key: key }] });
    tensors.push({ key, shape, shard });
  };
  let bytes = 0;
  const embedding = [8192, 1024];
  add('model/embedding/embeddings', embedding, 0);
  bytes += 8192 * 1024 * 4;
  for (let layer = 0; bytes < totalBytes; layer++) {
    add(`model/layer_with_weights-${layer}/intermediate/kernel`, [1024, 4096], layer % shards);
    add(`model/layer_with_weights-${layer}/intermediate/bias`, [4096], layer % shards);
    add(`model/layer_with_weights-${layer}/output/kernel`, [4096, 1024], layer % shards);
    add(`model/layer_with_weights-${layer}/output/bias`, [1024], layer % shards);
    bytes += (2 * 1024 * 4096 + 4096 + 1024) * 4;
  }
  return { tensors, graph: { nodes } };
}
