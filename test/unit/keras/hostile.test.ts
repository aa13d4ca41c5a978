/**
 * Broken and hostile inputs: each must end in a DecodeError naming the file (never a hang, a
 * crash of the HDF5 engine, or an allocation sized by a declared length), and the HDF5 engine
 * must keep working after a damaged file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BytesSource, type ByteSource } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeKerasH5, decodeKerasZip, MAX_HDF5_BYTES, readZipDirectory } from '../../../src/lib/formats/keras/index.ts';
import { dense, writeKerasZip, writeZip, type ModelSpec } from '../../../src/lib/writers/keras.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { pythonZipList, tempFile } from './evidence.ts';

const H5 = 'hls4ml/example-prjs/prelu/prelu_weights.h5';
const KERAS = 'keras/model.keras';

async function decodeError(promise: Promise<unknown>): Promise<DecodeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const small: ModelSpec = { kind: 'Sequential', name: 'seq', input_shape: [3], layers: [dense('d', 3, 2)] };

describe('damaged HDF5', () => {
  const good = new Uint8Array(readFileSync(fixturePath(H5)));

  it('rejects a damaged superblock with a DecodeError naming the file, and keeps working', async () => {
    const bad = good.slice();
    bad.fill(0xff, 8, 60);
    const err = await decodeError(decodeKerasH5(new BytesSource('broken/model.h5', bad)));
    expect(err.file).toBe('broken/model.h5');
    expect(err.what).toMatch(/not a readable HDF5 file/);
    const facts = await decodeKerasH5(new BytesSource('ok.h5', good));
    expect(facts.variables).toHaveLength(1);
  });

  it('says a truncated file is truncated', async () => {
    const err = await decodeError(decodeKerasH5(new BytesSource('cut.h5', good.slice(0, 3000))));
    expect(err.file).toBe('cut.h5');
    expect(err.what).toMatch(/truncated/i);
    expect(err.what).toContain(good.byteLength.toLocaleString('en-US'));
    expect(err.code).toBe('truncated');
  });

  it('survives many damaged files in a row', async () => {
    for (let i = 0; i < 50; i++) {
      const bad = good.slice(0, 2000 + i * 13);
      await decodeError(decodeKerasH5(new BytesSource(`cut-${i}.h5`, bad)));
    }
    expect((await decodeKerasH5(new BytesSource('ok.h5', good))).variables).toHaveLength(1);
  });

  it('refuses a file above the in-memory limit without reading it', async () => {
    const huge: ByteSource = {
      path: 'huge.h5',
      size: MAX_HDF5_BYTES + 1,
      read: () => {
        throw new Error('must not read');
      },
    };
    const err = await decodeError(decodeKerasH5(huge));
    expect(err.file).toBe('huge.h5');
    expect(err.what).toContain(String(MAX_HDF5_BYTES));
  });

  it('rejects an HDF5 file that is not a Keras file', async () => {
    const { buildHdf5 } = await import('../../../src/lib/writers/keras-h5-bytes.ts');
    const bytes = await buildHdf5((f) => {
      f.create_group('something_else');
    });
    const err = await decodeError(decodeKerasH5(new BytesSource('other.h5', bytes)));
    expect(err.what).toMatch(/without a Keras layout.*something_else/);
  });
});

describe('hostile and damaged zips', () => {
  it('rejects a truncated .keras', async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath(KERAS)));
    const err = await decodeError(decodeKerasZip(new BytesSource('half.keras', bytes.slice(0, bytes.byteLength >> 1))));
    expect(err.file).toBe('half.keras');
    expect(err.what).toMatch(/end-of-central-directory/);
  });

  it('reports duplicate member names as unsafe and reads the one Python zipfile (Keras) reads', async () => {
    const bytes = writeZip([
      { name: 'metadata.json', data: utf8('{"keras_version": "3.15.1"}') },
      { name: 'config.json', data: utf8('{"class_name": "Sequential", "config": {"name": "benign", "layers": []}}') },
      { name: 'config.json', data: utf8('{"class_name": "Evil", "config": {"name": "evil", "layers": []}}') },
    ]);
    const path = tempFile('dup.keras', bytes);
    expect(pythonZipList(path).map((i) => i.name)).toEqual(['metadata.json', 'config.json', 'config.json']);
    const pythonReads = execFileSync(
      'python3',
      ['-c', "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('config.json').decode())", path],
      {
        encoding: 'utf8',
      },
    );
    const facts = await decodeKerasZip(new BytesSource('dup.keras', bytes));
    const problem = facts.problems.find((p) => p.code === 'unsafe');
    expect(problem?.what).toMatch(/two entries named "config.json"/);
    expect(facts.layers[0]?.class_name).toBe(JSON.parse(pythonReads).class_name);
    expect(facts.producer.keras).toBe('3.15.1');
  });

  it('never sizes an allocation by a declared member size', async () => {
    const weights = { name: 'model.weights.h5', data: new Uint8Array(100), declaredSize: 0xfffffff0 };
    const bytes = writeZip([
      { name: 'metadata.json', data: utf8('{"keras_version": "3.15.1"}') },
      { name: 'config.json', data: utf8('{"class_name": "Sequential", "config": {"layers": []}}') },
      weights,
    ]);
    const facts = await decodeKerasZip(new BytesSource('liar.keras', bytes));
    expect(facts.problems.map((p) => p.what).join()).toMatch(/declares 4294967280 bytes, above/);
  });

  it('stops a zip bomb by its compression ratio', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const bytes = writeZip([
      { name: 'metadata.json', data: utf8('{"keras_version": "3.15.1"}') },
      { name: 'config.json', data: zeros, method: 8 },
    ]);
    expect(deflateSync(zeros).byteLength * 1000).toBeLessThan(zeros.byteLength);
    const err = await decodeError(decodeKerasZip(new BytesSource('bomb.keras', bytes)));
    expect(err.what).toMatch(/zip bomb/);
  });

  it('stops inflating when a member passes its declared size', async () => {
    const data = utf8(JSON.stringify({ class_name: 'Sequential', config: { layers: [], pad: 'x'.repeat(5000) } }));
    const bytes = writeZip([{ name: 'config.json', data, method: 8, declaredSize: 100 }]);
    const err = await decodeError(decodeKerasZip(new BytesSource('short.keras', bytes)));
    expect(err.what).toMatch(/inflates past its declared 100 bytes/);
  });

  it('refuses encrypted members', async () => {
    const bytes = writeZip([{ name: 'config.json', data: utf8('{}'), encryptedFlag: true }]);
    const err = await decodeError(decodeKerasZip(new BytesSource('locked.keras', bytes)));
    expect(err.what).toMatch(/encrypted/);
  });

  it('detects a corrupted member by its CRC-32', async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath(KERAS)));
    const entries = await readZipDirectory(new BytesSource('x.keras', bytes));
    const config = entries.find((e) => e.name === 'config.json')!;
    const dataStart = config.localHeaderOffset + 30 + 'config.json'.length;
    const bad = bytes.slice();
    bad[dataStart + 20] ^= 0x01;
    const err = await decodeError(decodeKerasZip(new BytesSource('flip.keras', bad)));
    expect(err.what).toMatch(/CRC-32/);
    expect(err.offset).toBe(dataStart);
  });

  it('rejects a zip that is not a Keras archive', async () => {
    const err = await decodeError(decodeKerasZip(new BytesSource('other.zip', writeZip([{ name: 'readme.txt', data: utf8('hi') }]))));
    expect(err.what).toMatch(/without config.json/);
  });

  it('flags a malicious .keras: Lambda bytecode and a pickle member, nothing loaded', async () => {
    const base = await writeKerasZip(small);
    const entries = await readZipDirectory(new BytesSource('m.keras', base));
    expect(entries.map((e) => e.name)).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    const config = {
      module: 'keras',
      class_name: 'Sequential',
      registered_name: null,
      config: {
        name: 'seq',
        layers: [
          {
            module: 'keras.layers',
            class_name: 'Lambda',
            registered_name: null,
            config: { name: 'evil', function: { class_name: '__lambda__', config: { value: 'YmFkIGNvZGU=' } } },
          },
        ],
      },
    };
    // A pickle whose loading would run os.system; the decoder must only list it.
    const pickle = utf8("cos\nsystem\n(S'touch /tmp/pwned'\ntR.");
    const bytes = writeZip([
      { name: 'metadata.json', data: utf8('{"keras_version": "3.15.1", "date_saved": "2026-01-01@00:00:00"}') },
      { name: 'config.json', data: utf8(JSON.stringify(config)) },
      { name: 'assets/payload.pkl', data: pickle },
    ]);
    const facts = await decodeKerasZip(new BytesSource('malicious.keras', bytes));
    expect(facts.custom_objects).toContainEqual(expect.objectContaining({ role: 'unsafe_lambda', where: 'evil.config.function' }));
    expect(facts.custom_objects).toContainEqual(expect.objectContaining({ role: 'unsafe_member', where: 'zip member assets/payload.pkl' }));
    expect(facts.assets).toEqual(['assets/payload.pkl']);
  });
});
