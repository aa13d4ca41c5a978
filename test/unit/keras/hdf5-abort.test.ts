/**
 * If the HDF5 engine (h5wasm) crashes (a WebAssembly RuntimeError / abort), it cannot be
 * restarted in the same page or process, and afterwards it may return nonsense. The reader must
 * then refuse every later file with a clear DecodeError. The crash is provoked the one way we
 * found: h5wasm's optional throwing error handler (which our reader never enables) leaks wasm
 * stack on every HDF5 error, and after ~2,300 errors the module fails with RuntimeErrors
 * ("memory access out of bounds", "Aborted()"). Own test file, so the broken module does not
 * leak into other tests (vitest runs each file in its own process).
 */
import { readFileSync } from 'node:fs';
import h5wasm from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { BytesSource } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeKerasH5 } from '../../../src/lib/formats/keras/index.ts';
import { fixturePath } from '../../helpers/fixtures.ts';

describe('a crashed HDF5 engine', () => {
  it('turns the crash into a DecodeError and refuses later files instead of misreading them', async () => {
    const good = new Uint8Array(readFileSync(fixturePath('hls4ml/example-prjs/prelu/prelu_weights.h5')));
    expect((await decodeKerasH5(new BytesSource('before.h5', good))).variables).toHaveLength(1);
    (await h5wasm.ready).activate_throwing_error_handler();
    const damaged = good.slice(0, 3000);
    let crash: DecodeError | null = null;
    for (let i = 0; i < 6000 && crash === null; i++) {
      const error = await decodeKerasH5(new BytesSource(`damaged-${i}.h5`, damaged)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DecodeError);
      if (/crashed reading this file/.test((error as DecodeError).what)) crash = error as DecodeError;
    }
    expect(crash).not.toBeNull();
    expect(crash!.hint).toMatch(/Reload the page/);
    const later = await decodeKerasH5(new BytesSource('after.h5', good)).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(DecodeError);
    expect((later as DecodeError).file).toBe('after.h5');
    expect((later as DecodeError).what).toMatch(/crashed on an earlier file/);
  }, 120_000);
});
