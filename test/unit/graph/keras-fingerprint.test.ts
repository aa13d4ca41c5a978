/**
 * keras_metadata.pb, Keras metadata embedded in SavedUserObject.metadata, and fingerprint.pb,
 * checked against protoc --decode_raw of the same fixture files.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { decodeFingerprint, decodeSavedModel } from '../../../src/lib/formats/graph/index.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import type { ModelFacts } from '../../../src/lib/facts.ts';
import { at, decodeRaw, messages, numberOf, stringOf, strings, type RawField } from './protoc-raw.ts';
import { bytesOfFixture, fixtureDirSet } from './manifest.ts';

const LAYER_IDS = [
  '_tf_keras_layer',
  '_tf_keras_input_layer',
  '_tf_keras_rnn_layer',
  '_tf_keras_network',
  '_tf_keras_model',
  '_tf_keras_sequential',
];

/** Keras nodes (path, identifier, JSON) from raw SavedMetadata nodes. */
function expectLayers(nodes: { path: string; identifier: string; json: Record<string, unknown> }[], facts: ModelFacts) {
  const root = nodes.find((n) => n.path === 'root')!;
  expect(facts.producer.keras).toBe((root.json['keras_version'] as string | undefined) ?? null);
  // The model first (path ''), then every layer node; metrics are not layers.
  expect(facts.layers[0]).toMatchObject({ path: '', name: root.json['name'], class_name: root.json['class_name'] });
  const expected = nodes.filter((n) => n.path !== 'root' && LAYER_IDS.includes(n.identifier));
  expect(
    facts.layers
      .slice(1)
      .map((l) => [l.name, l.class_name])
      .sort(),
  ).toEqual(expected.map((n) => [n.json['name'], n.json['class_name']]).sort());
  // Keras writes a registered custom class as 'Package>Name': each is a custom object.
  for (const n of nodes.filter((x) => String(x.json['class_name']).includes('>'))) {
    expect(facts.custom_objects.map((c) => c.registered_name)).toContain(n.json['class_name']);
  }
}

describe('Keras metadata', () => {
  it('keras_metadata.pb (TF-DF, TF 2.10)', async () => {
    const dir = 'tf-decision-forests/tensorflow_decision_forests/test_data/model/saved_model_adult_rf';
    const facts = await decodeSavedModel(fixtureDirSet(dir), dir);
    const raw = decodeRaw(join(FIXTURES, dir, 'keras_metadata.pb'));
    const nodes = messages(raw, 1).map((n) => ({
      path: strings(n, 3)[0]!,
      identifier: strings(n, 4)[0]!,
      json: JSON.parse(strings(n, 5)[0]!) as Record<string, unknown>,
    }));
    expect(nodes.length).toBeGreaterThan(1);
    expectLayers(nodes, facts);
    expect(facts.producer.keras).toBe('2.10.0');
    expect(facts.producer.backend).toBe('tensorflow');
    // The TF-DF model class is not part of Keras: loading needs tensorflow_decision_forests.
    expect(facts.custom_objects.map((c) => [c.class_name, c.where])).toEqual([
      [nodes.find((n) => n.path === 'root')!.json['class_name'], '(model)'],
    ]);
  });

  for (const dir of [
    'tfx/tfx/components/testdata/trainer/keras/Format-Serving',
    'tf-rust/examples/keras_multiple_inputs_saved_model',
    'tf-rust/examples/keras_single_input_saved_model',
  ]) {
    it(`metadata embedded in the object graph: ${dir}`, async () => {
      const facts = await decodeSavedModel(fixtureDirSet(dir), dir);
      const raw = decodeRaw(join(FIXTURES, dir, 'saved_model.pb'));
      const objects = messages(raw, 2, 7, 1);
      // Rebuild node paths from the child edges (breadth first from node 0).
      const paths = new Map<number, string>([[0, 'root']]);
      const queue = [0];
      while (queue.length) {
        const id = queue.shift()!;
        for (const child of messages(objects[id]!, 1)) {
          const childId = Number(at(child, 1)[0] ? numberOf(at(child, 1)[0]!) : 0n);
          if (paths.has(childId)) continue;
          paths.set(childId, `${paths.get(id)}.${stringOf(at(child, 2)[0]!)}`);
          queue.push(childId);
        }
      }
      const nodes = objects.flatMap((o: RawField[], id: number) => {
        const meta = strings(o, 4, 3)[0];
        return meta ? [{ path: paths.get(id)!, identifier: strings(o, 4, 1)[0]!, json: JSON.parse(meta) as Record<string, unknown> }] : [];
      });
      expect(nodes.length).toBeGreaterThan(1);
      expectLayers(nodes, facts);
      expect(facts.layers.length).toBeGreaterThan(1);
    });
  }
});

describe('fingerprint.pb', () => {
  it('decodes every uint64 exactly, whatever the field order (TF 2.14 writes 6..1)', () => {
    const file = 'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123/fingerprint.pb';
    const fp = decodeFingerprint(file, bytesOfFixture(file));
    const raw = decodeRaw(join(FIXTURES, file));
    expect(raw.map((f) => f.no)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(fp.saved_model_checksum).toBe(numberOf(at(raw, 1)[0]!).toString());
    expect(fp.graph_def_program_hash).toBe(numberOf(at(raw, 2)[0]!).toString());
    expect(fp.signature_def_hash).toBe(numberOf(at(raw, 3)[0]!).toString());
    expect(fp.saved_object_graph_hash).toBe(numberOf(at(raw, 4)[0]!).toString());
    expect(fp.checkpoint_hash).toBe(numberOf(at(raw, 5)[0]!).toString());
    expect(fp.producer).toBe(Number(numberOf(at(raw, 6, 1)[0]!)));
    // Above 2^53: a float64 would have rounded it.
    expect(BigInt(fp.checkpoint_hash!)).toBeGreaterThan(2n ** 53n);
  });
});
