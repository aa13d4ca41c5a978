/**
 * Conformance: every artifact in test/fixtures/MANIFEST.md goes through the whole inspect
 * path (sniff by content → decoder → facts), and what comes out agrees with the manifest's own
 * columns: the format, the producer version, node counts, HDF5 dataset counts, bundle entries.
 */
import { describe, expect, it } from 'vitest';
import type { ArtifactFormat } from '../../src/lib/facts.ts';
import { inspect } from '../../src/lib/inspect.ts';
import { fixturePath, openFixture } from '../helpers/fixtures.ts';
import { manifestRows, type ManifestRow } from '../helpers/manifest.ts';

function expectedFormats(row: ManifestRow): ArtifactFormat[] {
  const f = row.format;
  const out: ArtifactFormat[] = [];
  if (f.startsWith('Keras legacy HDF5')) out.push('keras_h5');
  if (f.startsWith('Keras v3')) out.push('keras_v3');
  if (f.startsWith('Frozen GraphDef')) out.push('graph_def');
  if (f.startsWith('SavedModel') || f.includes('Hub module')) out.push('saved_model');
  if (f.startsWith('Checkpoint V2')) out.push('checkpoint');
  if (f.startsWith('Checkpoint V1')) out.push('checkpoint_v1');
  if (/\+ \.meta/.test(f)) out.push('tf1_meta');
  return out;
}

/** A row's path may be a glob (`KERAS_3layer*`): then its files are the ones the row lists. */
function fixtureFiles(row: ManifestRow): string[] {
  if (!row.path.includes('*')) return [row.path];
  const dir = row.path.slice(0, row.path.lastIndexOf('/'));
  return row.files.map((f) => `${dir}/${f.name}`);
}

// The six malformed fuzz seeds have their own test (checkpoint-text.test.ts): they must fail, specifically.
const rows = manifestRows().filter((r) => !r.format.startsWith('Malformed-checkpoint fuzz seed'));

describe('inspect on every fixture in MANIFEST.md', () => {
  it('reads the whole manifest', () => {
    expect(manifestRows()).toHaveLength(91);
  });

  for (const row of rows) {
    it(`${row.path} (${row.format.slice(0, 40)})`, async () => {
      const set = await openFixture(...fixtureFiles(row));
      try {
        const { facts } = await inspect(set);
        const formats = new Set(facts.artifacts.map((a) => a.format));
        for (const format of expectedFormats(row)) expect([...formats], `format ${format}`).toContain(format);
        expect(facts.problems.map((p) => p.message)).toEqual([]);

        // Producer version from the manifest's producer column ("TF 2.14.0", "Keras 2.3.1").
        const tf = /^TF (\d+\.\d+\.\d+[\w.-]*)/.exec(row.producer);
        if (tf) expect(facts.producer.tensorflow).toBe(tf[1]);
        const keras = /^Keras (\S+?),? /.exec(`${row.producer} `);
        if (keras) expect(facts.producer.keras).toBe(keras[1]);

        // GraphDef producer and node count for SavedModels and .meta files.
        const producer = /producer (\d+); (\d+) nodes/.exec(row.notes);
        if (producer && facts.meta_graphs.length > 0) {
          expect(facts.meta_graphs.map((m) => m.graph_def_producer)).toContain(Number(producer[1]));
          expect(facts.meta_graphs.map((m) => m.node_count)).toContain(Number(producer[2]));
        }

        // HDF5 weight datasets, as counted by the manifest.
        const datasets = [...row.notes.matchAll(/\b(\d+) datasets/g)].map((m) => Number(m[1]));
        if (datasets.length > 0 && row.format.startsWith('Keras legacy HDF5')) {
          const perFile = facts.artifacts
            .filter((a) => a.format === 'keras_h5')
            .map((a) => facts.variables.filter((v) => a.files.includes(v.file)).length);
          expect(perFile.length).toBeGreaterThan(0);
          for (const count of perFile) expect(datasets).toContain(count);
        }

        // V2 bundle entries; the object graph is an entry but not a variable.
        const bundle = /V2 bundle: (\d+) entries/.exec(row.notes);
        if (bundle) {
          const objectBased = /object-based/.test(row.notes.slice(bundle.index));
          const checkpointVars = facts.variables.filter((v) => /\.data-\d{5}-of-\d{5}$/.test(v.file));
          expect(checkpointVars.length).toBe(Number(bundle[1]) - (objectBased ? 1 : 0));
        }
      } finally {
        await set.close();
      }
    });
  }

  it('names what is missing when a checkpoint index comes without its data shard', async () => {
    const set = await openFixture('tf2onnx/tests/models/regression/checkpoint/model.index');
    const { facts } = await inspect(set);
    expect(facts.missing.map((m) => m.path).join(' ')).toMatch(/model\.data-0000/);
    await set.close();
  });

  it('names the missing graph when only a SavedModel variables folder is given', async () => {
    const dir = fixturePath('tf2onnx/tests/models/regression/saved_model');
    const { openPaths } = await import('../../src/node/file-source.ts');
    const set = await openPaths([`${dir}/variables`]);
    const { facts } = await inspect(set);
    expect(facts.artifacts.map((a) => a.format)).toEqual(['checkpoint']);
    await set.close();
  });
});
