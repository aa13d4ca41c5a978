/**
 * A SavedModel folder that lost its saved_model.pb still reports what its companions say: the Keras
 * version and model class from keras_metadata.pb, the save's fingerprint from fingerprint.pb. The
 * evidence is the same folder read whole: the companions must say what they said beside the graph.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspect } from '../../src/lib/inspect.ts';
import { openPaths } from '../../src/node/file-source.ts';
import { fixturePath } from '../helpers/fixtures.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'sm-without-graph-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function factsOf(dir: string) {
  const set = await openPaths([dir]);
  try {
    return (await inspect(set)).facts;
  } finally {
    await set.close();
  }
}

/** The folder copied without its graph. */
function withoutGraph(dir: string, name: string): string {
  const copy = join(scratch, name);
  cpSync(dir, copy, { recursive: true });
  rmSync(join(copy, 'saved_model.pb'));
  return copy;
}

describe('a SavedModel folder without saved_model.pb', () => {
  it('keeps the Keras version and model class of keras_metadata.pb (tf.keras 2.10, TF-DF)', async () => {
    const whole = fixturePath('tf-decision-forests/tensorflow_decision_forests/test_data/model/saved_model_adult_rf');
    const full = await factsOf(whole);
    const cut = await factsOf(withoutGraph(whole, 'tfdf'));
    expect(full.producer.keras).toBeTruthy();
    expect(cut.producer.keras).toBe(full.producer.keras);
    expect(cut.layers.map((l) => l.class_name)).toEqual(full.layers.map((l) => l.class_name));
    expect(cut.missing.map((m) => m.path)).toEqual([join('tfdf', 'saved_model.pb')]);
  });

  it('keeps the fingerprint of fingerprint.pb (a TF 2.21 SavedModel)', async () => {
    const whole = join(ROOT, 'public/samples/savedmodel-dir-into-keras3-load-model/fixed/regressor_savedmodel');
    const fingerprint = (f: Awaited<ReturnType<typeof factsOf>>) =>
      Object.fromEntries(Object.entries(f.producer.other).filter(([k]) => k.startsWith('fingerprint.')));
    const full = fingerprint(await factsOf(whole));
    expect(Object.keys(full).length).toBeGreaterThan(2);
    expect(fingerprint(await factsOf(withoutGraph(whole, 'regressor')))).toEqual(full);
  });
});
