/**
 * Hostile inputs built on purpose rather than found by mutation: messages nested 10,000 deep in
 * a type that really is recursive (AttrValue.func -> NameAttrList.attr -> AttrValue), JSON and
 * text protos nested deeper than any parser's stack, zip bombs (a ratio bomb and a member that
 * lies about its size), path-traversal and markup in member names.
 */
import { buildHdf5 } from '../../src/lib/writers/keras-h5-bytes.ts';
import { writeZip } from '../../src/lib/writers/keras.ts';
import type { Seed } from './seeds.ts';
import { concat, encodeVarint, nestChain, type NestLevel } from './structure.ts';

const text = (s: string) => new TextEncoder().encode(s);

function lenField(field: number, payload: Uint8Array): Uint8Array {
  return concat([encodeVarint(field * 8 + 2), encodeVarint(payload.length), payload]);
}

/** GraphDef { node { name op attr { key value: AttrValue { func { name attr { key value: ... } } } } } }, `depth` AttrValues deep. */
export function deepAttrGraphDef(depth: number): Uint8Array {
  const levels: NestLevel[] = [
    { field: 1, prefix: concat([lenField(1, text('deep')), lenField(2, text('PartitionedCall'))]) }, // GraphDef.node
    { field: 5, prefix: lenField(1, text('f')) }, // NodeDef.attr entry: key
    { field: 2, prefix: new Uint8Array(0) }, // entry.value: AttrValue
  ];
  for (let i = 0; i < depth; i++) {
    levels.push({ field: 10, prefix: new Uint8Array(0) }); // AttrValue.func: NameAttrList
    levels.push({ field: 2, prefix: lenField(1, text('f')) }); // NameAttrList.attr entry (name is written after: see below)
    levels.push({ field: 2, prefix: new Uint8Array(0) }); // entry.value: AttrValue
  }
  return nestChain(levels, concat([encodeVarint(3 * 8 + 0), encodeVarint(1)])); // innermost AttrValue { i: 1 }
}

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function kerasConfig(inner: string): string {
  return `{"class_name":"Sequential","config":{"name":"m","layers":[{"class_name":"Dense","config":{"name":"d","units":2,"kernel_initializer":${inner}}}]}}`;
}

export async function hostileSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  seeds.push({ name: 'hostile:graph-def-attr-nested-10000', files: [{ path: 'deep.pb', bytes: deepAttrGraphDef(10_000) }] });
  seeds.push({ name: 'hostile:graph-def-attr-nested-50', files: [{ path: 'shallow.pb', bytes: deepAttrGraphDef(50) }] });
  seeds.push({
    name: 'hostile:text-graph-nested-20000',
    files: [
      {
        path: 'deep.pbtxt',
        bytes: text(
          `node {\n  name: "n"\n  op: "Const"\n  attr { key: "v" value { ${'func { name: "f" attr { key: "a" value { '.repeat(20_000)}i: 1${' } } }'.repeat(20_000)} } }\n}\n`,
        ),
      },
    ],
  });
  const metadata = text(JSON.stringify({ keras_version: '3.15.1', date_saved: '2026-01-01@00:00:00' }));
  seeds.push({
    name: 'hostile:keras-zip-config-json-nested-50000',
    files: [
      {
        path: 'deep.keras',
        bytes: writeZip([
          { name: 'metadata.json', data: metadata },
          { name: 'config.json', data: text(kerasConfig(deepJson(50_000))) },
        ]),
      },
    ],
  });
  seeds.push({
    name: 'hostile:keras-zip-config-array-nested-100000',
    files: [
      {
        path: 'arrays.keras',
        bytes: writeZip([
          { name: 'metadata.json', data: metadata },
          { name: 'config.json', data: text(kerasConfig(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)) },
        ]),
      },
    ],
  });
  seeds.push({
    name: 'hostile:keras-h5-model-config-nested-50000',
    files: [
      {
        path: 'deep.h5',
        bytes: await buildHdf5((file) => {
          file.create_attribute('keras_version', '2.15.0');
          file.create_attribute('backend', 'tensorflow');
          file.create_attribute('model_config', kerasConfig(deepJson(50_000)));
          file.create_group('model_weights');
        }),
      },
    ],
  });
  // A ratio bomb: 48 MiB of zeros deflate to ~47 KiB (> 1000:1).
  const zeros = new Uint8Array(48 * 1024 * 1024);
  seeds.push({
    name: 'hostile:zip-bomb-ratio',
    files: [
      {
        path: 'bomb.keras',
        bytes: writeZip([
          { name: 'metadata.json', data: metadata },
          { name: 'config.json', data: text(kerasConfig('"glorot_uniform"')) },
          { name: 'model.weights.h5', data: zeros, method: 8 },
        ]),
      },
    ],
  });
  // A member that says 4 KiB but inflates to 8 MiB: inflation must stop at the declared size.
  seeds.push({
    name: 'hostile:zip-bomb-lying-size',
    files: [
      {
        path: 'liar.keras',
        bytes: writeZip([
          { name: 'metadata.json', data: metadata },
          { name: 'config.json', data: zeros.subarray(0, 8 * 1024 * 1024), method: 8, declaredSize: 4096 },
        ]),
      },
    ],
  });
  seeds.push({
    name: 'hostile:zip-hostile-names',
    files: [
      {
        path: 'names.keras',
        bytes: writeZip([
          { name: 'metadata.json', data: metadata },
          { name: 'config.json', data: text(kerasConfig('"<img src=x onerror=alert(1)>"')) },
          { name: '../../../../tmp/evil.pkl', data: new Uint8Array([0x80, 0x04, 0x2e]) },
          { name: 'assets/<script>alert(1)</script>.npy', data: new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]) },
          { name: 'model.weights.npz', data: new Uint8Array(10) },
        ]),
      },
    ],
  });
  seeds.push({
    name: 'hostile:protobuf-deep-groups',
    files: [{ path: 'groups.pb', bytes: concat([lenField(1, lenField(1, text('n'))), new Uint8Array(200_000).fill(0x0b)]) }],
  });
  return seeds;
}
