/**
 * Mutated real files (flipped bytes, cut tails, spliced garbage) either decode or fail with a
 * DecodeError naming the file: never another exception type, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeGraphDefFile, decodeMetaGraphFile, decodeSavedModel, sniffProtobuf } from '../../../src/lib/formats/graph/index.ts';
import { bytesOfFixture } from './manifest.ts';

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const out = bytes.slice();
  const kind = Math.floor(rand() * 3);
  if (kind === 0) {
    for (let i = 0; i < 1 + Math.floor(rand() * 8); i++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
    return out;
  }
  if (kind === 1) return out.subarray(0, Math.floor(rand() * out.length));
  const at = Math.floor(rand() * out.length);
  const junk = Uint8Array.from({ length: 1 + Math.floor(rand() * 16) }, () => Math.floor(rand() * 256));
  const spliced = new Uint8Array(out.length + junk.length);
  spliced.set(out.subarray(0, at));
  spliced.set(junk, at);
  spliced.set(out.subarray(at), at + junk.length);
  return spliced;
}

const CASES: [string, string, (name: string, bytes: Uint8Array) => Promise<unknown>][] = [
  [
    'SavedModel',
    'tfjs/tfjs-node/test_objects/saved_model/int64_multiply/saved_model.pb',
    (n, b) => decodeSavedModel(fileSet([new BytesSource(`m/${n}`, b)]), 'm'),
  ],
  [
    'MetaGraphDef',
    'tf2onnx/tests/models/regression/checkpoint/model.meta',
    (n, b) => decodeMetaGraphFile(fileSet([new BytesSource(n, b)]), n),
  ],
  ['GraphDef', 'tf2onnx/tests/models/regression/graphdef/frozen.pb', (n, b) => decodeGraphDefFile(fileSet([new BytesSource(n, b)]), n)],
  [
    'GraphDef text',
    'dl4j-test-resources/src/main/resources/tf_graphs/examples/cond/cond_true/frozen_graph.pbtxt',
    (n, b) => decodeGraphDefFile(fileSet([new BytesSource(n, b)]), n),
  ],
];

describe('mutated graph files', () => {
  for (const [label, rel, decode] of CASES) {
    it(`${label}: 150 mutations of ${rel}`, async () => {
      const original = bytesOfFixture(rel);
      const name = rel.endsWith('.pbtxt')
        ? 'g.pbtxt'
        : rel.endsWith('.meta')
          ? 'g.meta'
          : rel.endsWith('saved_model.pb')
            ? 'saved_model.pb'
            : 'g.pb';
      const rand = prng(label.length * 7919);
      let failures = 0;
      for (let i = 0; i < 150; i++) {
        const bytes = mutate(original, rand);
        sniffProtobuf(bytes.subarray(0, 65536), bytes.byteLength);
        try {
          await decode(name, bytes);
        } catch (error) {
          failures++;
          expect(error, `mutation ${i}`).toBeInstanceOf(DecodeError);
          expect((error as DecodeError).file).toMatch(new RegExp(`${name.replace('.', '\\.')}$`));
        }
      }
      expect(failures).toBeGreaterThan(0);
    });
  }
});
