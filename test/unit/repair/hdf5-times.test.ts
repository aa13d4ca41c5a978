/**
 * Repaired HDF5 files do not depend on the clock: HDF5 stamps object headers with the time they
 * are written, and repair pins those stamps, so two repairs of one file an hour apart give the
 * same bytes. h5dump (which verifies every metadata checksum) must still read the output, and
 * the checksum is checked against the reference values of Jenkins' lookup3.c.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { lookup3 } from '../../../src/lib/repair/hdf5-times.ts';
import { writeKerasLegacyH5 } from '../../../src/lib/writers/keras.ts';
import { DEPTHWISE_LSTM_SPEC, TF215_TRAINING_CONFIG } from '../../helpers/keras2-samples.ts';
import { h5dumpDatasets, tempFile } from '../keras/evidence.ts';
import { repairFiles, sample } from './helpers.ts';

afterEach(() => vi.useRealTimers());

async function repairAt(time: string, run: () => Promise<Uint8Array>): Promise<Uint8Array> {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(time) });
  try {
    return await run();
  } finally {
    vi.useRealTimers();
  }
}

describe('HDF5 object header times in repaired files', () => {
  it('lookup3 gives the values lookup3.c prints for its test strings', () => {
    const text = new TextEncoder().encode('Four score and seven years ago');
    expect(lookup3(new Uint8Array(0))).toBe(0xdeadbeef);
    expect(lookup3(text)).toBe(0x17770551);
  });

  it('a rebuilt .h5 (optimizer state dropped from a Keras 3.15 file): the same bytes an hour apart, readable by h5dump', async () => {
    const path = `${sample('keras3-h5-optimizer-state')}/model.h5`;
    const run = async () => (await repairFiles([path], { dropOptimizer: true })).sink.files.get('model.h5')!;
    const first = await repairAt('2026-01-01T00:00:00Z', run);
    const second = await repairAt('2026-01-01T01:00:00Z', run);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(h5dumpDatasets(tempFile('model.h5', first)).length).toBeGreaterThan(0);
  });

  it('an edited .h5 (writer-made tf.keras 2.15 file, attributes rewritten): the same bytes an hour apart, readable by h5dump', async () => {
    const bytes = await writeKerasLegacyH5(DEPTHWISE_LSTM_SPEC, { training_config: TF215_TRAINING_CONFIG });
    const files = fileSet([new BytesSource('model.h5', bytes)]);
    const run = async () => (await repairFiles([], {}, { files })).sink.files.get('model.h5')!;
    const first = await repairAt('2026-01-01T00:00:00Z', run);
    const second = await repairAt('2026-01-01T01:00:00Z', run);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(h5dumpDatasets(tempFile('model.h5', first))).toEqual(h5dumpDatasets(tempFile('in.h5', bytes)));
  });
});
