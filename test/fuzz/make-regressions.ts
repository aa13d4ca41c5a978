/**
 * Rebuilds the hand-reduced inputs in test/fuzz/regressions/ (each under 64 KiB) from code, so
 * every committed input can be re-derived:
 *   npx tsx test/fuzz/make-regressions.ts
 * Inputs the fuzzer found are reduced to the smallest file that still shows the bug, then built
 * here; regressions.json says what each one is, which bug it found and what must happen now.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildHdf5 } from '../../src/lib/writers/keras-h5-bytes.ts';
import { writeZip } from '../../src/lib/writers/keras.ts';
import { writeCheckpoint } from '../../src/lib/writers/checkpoint.ts';
import { writeGraphDefBytes, writeSavedModel } from '../../src/lib/writers/saved-model.ts';
import {
  checkpointWithHostileNames,
  h5ManyAttributes,
  h5NonFiniteConfig,
  indexKeysRepeatAcrossBlocks,
  indexNestedBlocks,
  indexRepeatedBlocks,
  kerasNonFiniteConfig,
  missingShards,
  offsetsAbove2p53,
  tarGz,
  tarGzDeclaresHuge,
} from './amplify.ts';
import { deepAttrGraphDef } from './hostile.ts';
import type { InputFile } from './seeds.ts';
import { tableLayout } from './structure.ts';

const DIR = join(import.meta.dirname, 'regressions');
const text = (s: string) => new TextEncoder().encode(s);
const metadata = text(JSON.stringify({ keras_version: '3.15.1', date_saved: '2026-01-01@00:00:00' }));

function deepArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function deepObjects(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function kerasConfig(inner: string): string {
  return `{"class_name":"Sequential","config":{"name":"m","layers":[{"class_name":"Dense","config":{"name":"d","units":2,"kernel_initializer":${inner}}}]}}`;
}

export async function buildRegressions(): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  // config.json nested 50,000 deep, deflated (300 KB of brackets compress to ~1 KB).
  out['keras-config-nested-50000.keras'] = writeZip([
    { name: 'metadata.json', data: metadata },
    { name: 'config.json', data: text(kerasConfig(deepObjects(50_000))), method: 8 },
  ]);
  // The same inside a legacy HDF5 model_config attribute (10,000 nested arrays: 20 KB).
  out['h5-model-config-nested-10000.h5'] = await buildHdf5((file) => {
    file.create_attribute('keras_version', '2.15.0');
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('model_config', kerasConfig(deepArrays(10_000)));
    file.create_group('model_weights');
  });
  // keras_metadata.pb beside a SavedModel, with node metadata nested 10,000 deep.
  const model = writeSavedModel({
    meta_graphs: [
      { tags: ['serve'], tensorflow_version: '2.15.0', nodes: [{ name: 'x', op: 'Placeholder', attrs: { dtype: { type: 'float32' } } }] },
    ],
    keras_metadata: [
      {
        node_id: 0,
        node_path: 'root',
        identifier: '_tf_keras_model',
        metadata: `{"name":"m","class_name":"Sequential","config":${deepArrays(10_000)}}`,
      },
    ],
  });
  for (const [name, bytes] of model) out[`keras-metadata-nested-10000/${name}`] = bytes;

  // A checkpoint whose .index has one flipped byte in its data block: the block checksum fails,
  // the file stops sniffing as a table, and the checkpoint used to vanish from the report.
  const ckpt = writeCheckpoint([{ key: 'w', dtype: 'float32', shape: [2], data: new Uint8Array(new Float32Array([1, 2]).buffer) }], {
    prefix: 'ckpt',
  });
  const index = ckpt['ckpt.index']!.slice();
  const block = tableLayout(index)!.data[0]!;
  index[block.offset + 3]! ^= 0x10;
  out['index-block-flipped/ckpt.index'] = index;
  out['index-block-flipped/ckpt.data-00000-of-00001'] = ckpt['ckpt.data-00000-of-00001']!;

  // An index under another name beside its two shards: found by the fuzzer swapping an index with
  // the `checkpoint` state file; sniffing made the prefix by cutting 6 characters off any name.
  const sharded = writeCheckpoint(
    [
      { key: 'a', dtype: 'float32', shape: [1], data: new Uint8Array(4) },
      { key: 'b', dtype: 'float32', shape: [1], data: new Uint8Array(4), shard: 1 },
    ],
    { prefix: 'ckpt' },
  );
  out['index-misnamed/ckpt.index.bak'] = sharded['ckpt.index']!;
  out['index-misnamed/ckpt.data-00000-of-00002'] = sharded['ckpt.data-00000-of-00002']!;
  out['index-misnamed/ckpt.data-00001-of-00002'] = sharded['ckpt.data-00001-of-00002']!;

  // A frozen graph cut inside its last node, beside a good one: the cut one used to vanish.
  const graph = writeGraphDefBytes([
    { name: 'x', op: 'Placeholder', attrs: { dtype: { type: 'float32' } } },
    { name: 'y', op: 'Identity', inputs: ['x'], attrs: { T: { type: 'float32' } } },
  ]);
  out['graph-cut-beside-good/good.pb'] = graph;
  out['graph-cut-beside-good/cut.pb'] = graph.slice(0, graph.length - 7);

  // A .keras member declaring 4 KiB that inflates to 8 MiB.
  out['zip-member-lies-about-size.keras'] = writeZip([
    { name: 'metadata.json', data: metadata },
    { name: 'config.json', data: new Uint8Array(8 * 1024 * 1024), method: 8, declaredSize: 4096 },
  ]);

  // Issue 17, hostile files that amplify (builders in amplify.ts; full sizes run in amplify.test.ts).
  const into = (dir: string, files: InputFile[]) => {
    for (const f of files) out[`${dir}/${f.path}`] = f.bytes;
  };
  into('index-repeated-blocks', indexRepeatedBlocks()); // the red-team's 53 KB index: 501 handles to one block
  into('index-keys-restart', indexKeysRepeatAcrossBlocks(3, 200));
  into('index-nested-blocks', indexNestedBlocks(100));
  into('offsets-above-2p53', offsetsAbove2p53());
  into('missing-shards-99999', missingShards(99_999, 1_500));
  out['tar-gz-declares-2gib.tar.gz'] = tarGzDeclaresHuge();
  // A README, then 48 MiB of zeros after the end-of-archive marker (never inflated).
  out['tar-gz-padded-48mib.tar.gz'] = await tarGz(
    [{ name: 'model/README', data: new TextEncoder().encode('a tiny archive\n') }],
    48 * 1024 * 1024,
  );
  out['keras-config-non-finite.keras'] = kerasNonFiniteConfig(20_000);
  out['h5-config-non-finite.h5'] = await h5NonFiniteConfig(5_000);
  out['graph-def-nested-past-100.pb'] = deepAttrGraphDef(40);
  out['h5-800-attributes.h5'] = await h5ManyAttributes(800);
  into('checkpoint-hostile-names', checkpointWithHostileNames());
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, bytes] of Object.entries(await buildRegressions())) {
    const path = join(DIR, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
}
