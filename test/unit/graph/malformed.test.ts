/**
 * Bad input gives a DecodeError naming the file (and an offset where there is one), never a
 * hang, a crash or an allocation sized by an untrusted length.
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { DecodeError } from '../../../src/lib/errors.ts';
import { decodeFingerprint, decodeGraphDefFile, decodeMetaGraphFile, decodeSavedModel } from '../../../src/lib/formats/graph/index.ts';
import { bytesOfFixture } from './manifest.ts';
import { writeMetaGraphBytes } from '../../../src/lib/writers/saved-model.ts';

async function errorOf(p: Promise<unknown>): Promise<DecodeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

const SM = 'tf2onnx/tests/models/regression/saved_model/saved_model.pb';

describe('malformed graph files', () => {
  it('a truncated saved_model.pb fails with the file and offset, at every cut', async () => {
    const bytes = bytesOfFixture(SM);
    for (const cut of [1, 2, 7, 100, 1000, bytes.byteLength >> 1, bytes.byteLength - 1]) {
      const e = await errorOf(decodeSavedModel(fileSet([new BytesSource('m/saved_model.pb', bytes.subarray(0, cut))]), 'm'));
      expect(e.file).toBe('m/saved_model.pb');
      expect(e.offset).not.toBeNull();
      expect(e.offset!).toBeLessThanOrEqual(cut);
    }
  });

  it('a length field set huge is refused, not allocated', async () => {
    // SavedModel.meta_graphs (field 2, LEN) declaring 2^35 bytes.
    const bytes = Uint8Array.from([0x08, 0x01, 0x12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x0a, 0x00]);
    const e = await errorOf(decodeSavedModel(fileSet([new BytesSource('m/saved_model.pb', bytes)]), 'm'));
    expect(e.file).toBe('m/saved_model.pb');
    expect(e.what).toMatch(/SavedModel cannot be decoded/);
  });

  it('deeply nested groups hit the depth limit', async () => {
    // GraphDef with an unknown field 9 as 200 000 nested start-group tags.
    const depth = 200_000;
    const bytes = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) bytes[i] = (9 << 3) | 3;
    for (let i = 0; i < depth; i++) bytes[depth + i] = (9 << 3) | 4;
    const e = await errorOf(decodeGraphDefFile(fileSet([new BytesSource('deep.pb', bytes)]), 'deep.pb'));
    expect(e.file).toBe('deep.pb');
    expect(e.what).toMatch(/depth|call stack/i);
  });

  it('deep text nesting is limited', async () => {
    const text = 'node {'.repeat(5000) + '}'.repeat(5000);
    const e = await errorOf(decodeGraphDefFile(fileSet([new BytesSource('g.pbtxt', new TextEncoder().encode(text))]), 'g.pbtxt'));
    expect(e.file).toBe('g.pbtxt');
    expect(e.what).toMatch(/nested deeper/);
  });

  it('a SavedModel directory without its graph says so', async () => {
    const e = await errorOf(decodeSavedModel(fileSet([new BytesSource('m/variables/variables.index', new Uint8Array(10))]), 'm'));
    expect(e.file).toBe('m/saved_model.pb');
    expect(e.what).toMatch(/no saved_model\.pb or saved_model\.pbtxt/);
  });

  it('a SavedModel given as a .meta is named for what it is', async () => {
    const e = await errorOf(decodeMetaGraphFile(fileSet([new BytesSource('x.meta', bytesOfFixture(SM))]), 'x.meta'));
    expect(e.what).toMatch(/this is a SavedModel, not a MetaGraphDef/);
  });

  it('a corrupted keras_metadata.pb is a problem, not a failure of the whole SavedModel', async () => {
    const dir = 'tf-decision-forests/tensorflow_decision_forests/test_data/model/saved_model_adult_rf';
    const facts = await decodeSavedModel(
      fileSet([
        new BytesSource('m/saved_model.pb', bytesOfFixture(`${dir}/saved_model.pb`)),
        new BytesSource('m/keras_metadata.pb', bytesOfFixture(`${dir}/keras_metadata.pb`).subarray(0, 100)),
      ]),
      'm',
    );
    expect(facts.problems.map((p) => p.file)).toEqual(['m/keras_metadata.pb']);
    expect(facts.meta_graphs).toHaveLength(1);
  });

  it('a truncated fingerprint.pb fails with an offset', () => {
    const fp = bytesOfFixture(
      'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123/fingerprint.pb',
    );
    let error: unknown;
    try {
      decodeFingerprint('fingerprint.pb', fp.subarray(0, fp.byteLength - 3));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).offset).not.toBeNull();
  });

  it('an undecodable VariableDef in a collection is a problem; the rest of the .meta still decodes', async () => {
    const bytes = writeMetaGraphBytes({
      tags: [],
      producer: 27,
      nodes: [{ name: 'w', op: 'VariableV2', attrs: { dtype: { type: 'float32' }, shape: { shape: [2] } } }],
      collections: { variables: { bytes_list: [Uint8Array.from([0x0a, 0x05, 0x77]), Uint8Array.from([0x0a, 0x03, 0x77, 0x3a, 0x30])] } },
    });
    const facts = await decodeMetaGraphFile(fileSet([new BytesSource('bad.meta', bytes)]), 'bad.meta');
    expect(facts.problems).toHaveLength(1);
    expect(facts.problems[0]!.file).toBe('bad.meta');
    expect(facts.problems[0]!.what).toMatch(/VariableDef in collection 'variables'\[0\]/);
    expect(facts.variables.map((v) => [v.name, v.dtype, v.shape])).toEqual([['w', 'float32', [2]]]);
  });
});
