/**
 * Samples made by the project's writers (what TF 2.21 cannot write): the manifest lists exactly
 * the files on disk, the file is the writer's (signature, size, saved class name), and the recorded outcomes are
 * Keras 3's (the broken load raised naming the custom class; the fixed one loaded).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customLayer, dense, writeKerasLegacyH5 } from '../../../src/lib/writers/keras.ts';

const ROOT = resolve(import.meta.dirname, '../../../public');
const manifest = JSON.parse(readFileSync(join(ROOT, 'writer-samples/manifest.json'), 'utf8')) as {
  scenario: string;
  failure: string;
  broken: { path: string; files: { name: string; size: number }[]; outcome: { raised: boolean; message: string | null } };
  fixed: { path: string; files: { name: string; size: number }[]; outcome: { raised: boolean; observed: { ok: boolean } } };
}[];

describe('writer-made samples', () => {
  it('lists exactly the files on disk with their sizes', () => {
    for (const entry of manifest) {
      for (const side of [entry.broken, entry.fixed]) {
        const dir = join(ROOT, side.path);
        expect(side.files.map((f) => f.name).sort()).toEqual(readdirSync(dir).sort());
        for (const f of side.files) expect(statSync(join(dir, f.name)).size).toBe(f.size);
      }
    }
  });

  it('the tf.keras 2.15 .h5 is what the writer makes, and Keras 3 failed then loaded as recorded', async () => {
    const entry = manifest.find((e) => e.scenario === 'tf-keras-2.15-h5-custom-layer')!;
    const bytes = await writeKerasLegacyH5({
      kind: 'Sequential',
      name: 'regressor',
      input_shape: [4],
      keras_version: '2.15.0',
      layers: [dense('dense', 4, 5), customLayer('scale', 5, 3, 'MyLayer', 'MyPkg>MyLayer'), dense('head', 3, 1)],
    });
    const onDisk = readFileSync(join(ROOT, entry.broken.path, 'model.h5'));
    // HDF5 files carry no timestamps here, but the library may lay out free space differently
    // between builds: compare what matters, the size and the HDF5 signature and the model config.
    expect(onDisk.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(Math.abs(onDisk.length - bytes.byteLength)).toBeLessThan(4096);
    expect(onDisk.includes(Buffer.from('MyPkg>MyLayer'))).toBe(true);
    expect(entry.failure).toBe('unregistered-custom-object');
    expect(entry.broken.outcome.raised).toBe(true);
    expect(entry.broken.outcome.message).toContain("Unknown layer: 'MyPkg>MyLayer'");
    expect(entry.fixed.outcome.raised).toBe(false);
    expect(entry.fixed.outcome.observed.ok).toBe(true);
  });
});
