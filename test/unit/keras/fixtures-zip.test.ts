/**
 * The .keras fixtures: the zip directory matches Python's zipfile, metadata.json and config.json
 * (read by zipfile) give the producer and the layers, and the weights listed match h5dump run
 * on the model.weights.h5 member extracted by zipfile.
 */
import { describe, expect, it } from 'vitest';
import { decodeKerasZip, readZipDirectory } from '../../../src/lib/formats/keras/index.ts';
import { fixturePath, openFixture } from '../../helpers/fixtures.ts';
import { fixturesBySignature, h5dumpDatasets, pythonZipList, pythonZipRead, tempFile } from './evidence.ts';

const { zip } = fixturesBySignature();

describe('.keras fixtures', () => {
  it('finds the three .keras zips of MANIFEST.md', () => {
    expect(zip.filter((z) => z.endsWith('.keras'))).toHaveLength(3);
  });

  for (const rel of zip) {
    it(`decodes ${rel}`, async () => {
      const file = fixturePath(rel);
      const set = await openFixture(rel);
      try {
        const source = set.files[0]!;
        const entries = await readZipDirectory(source);
        const listed = pythonZipList(file);
        expect(entries.map((e) => [e.name, e.uncompressedSize, e.compressedSize, e.method])).toEqual(
          listed.map((i) => [i.name, i.file_size, i.compress_size, i.compress_type]),
        );

        const facts = await decodeKerasZip(source);
        expect(facts.problems.map((p) => p.message)).toEqual([]);
        expect(facts.artifacts[0]!.format).toBe('keras_v3');

        const metadata = JSON.parse(pythonZipRead(file, 'metadata.json').toString('utf8')) as { keras_version: string; date_saved: string };
        expect(facts.producer.keras).toBe(metadata.keras_version);
        expect(facts.producer.other.date_saved).toBe(metadata.date_saved);

        const config = JSON.parse(pythonZipRead(file, 'config.json').toString('utf8')) as {
          class_name: string;
          registered_name: string | null;
          config: { layers?: { class_name: string; config: { name: string } }[] };
        };
        expect(facts.layers[0]!.class_name).toBe(config.class_name);
        expect(facts.layers[0]!.registered_name).toBe(config.registered_name);
        for (const layer of config.config.layers ?? []) {
          expect(facts.layers.find((l) => l.path === layer.config.name)?.class_name).toBe(layer.class_name);
        }
        // A registered custom model class is reported with its registered name.
        if (config.registered_name?.includes('>')) {
          expect(facts.custom_objects).toContainEqual(
            expect.objectContaining({ class_name: config.class_name, registered_name: config.registered_name, role: 'layer' }),
          );
        }

        const weights = tempFile('model.weights.h5', pythonZipRead(file, 'model.weights.h5'));
        const dumped = h5dumpDatasets(weights);
        expect(facts.variables.map((v) => v.name).sort()).toEqual(dumped.map((d) => d.path).sort());
        for (const d of dumped) {
          const v = facts.variables.find((x) => x.name === d.path)!;
          expect([v.dtype, v.shape]).toEqual([d.dtype, d.shape]);
          expect(v.file).toBe(source.path);
        }
        const optimizerSets = dumped.filter((d) => d.path.startsWith('optimizer/'));
        expect(facts.optimizer?.variables.length ?? 0).toBe(optimizerSets.length);
      } finally {
        await set.close();
      }
    });
  }

  it('takes the optimizer class from compile_config', async () => {
    const rel = 'keras/output/bugged_model.keras';
    const config = JSON.parse(pythonZipRead(fixturePath(rel), 'config.json').toString('utf8')) as {
      compile_config: { optimizer: { class_name: string } };
    };
    const set = await openFixture(rel);
    const facts = await decodeKerasZip(set.files[0]!);
    await set.close();
    expect(facts.optimizer?.class_name).toBe(config.compile_config.optimizer.class_name);
  });

  it('does not take the __tensor__ marker in model.keras for a custom class', async () => {
    const rel = 'keras/model.keras';
    expect(pythonZipRead(fixturePath(rel), 'config.json').toString('utf8')).toContain('"__tensor__"');
    const set = await openFixture(rel);
    const facts = await decodeKerasZip(set.files[0]!);
    await set.close();
    expect(facts.custom_objects).toEqual([]);
  });
});
