/** sniffTable: by content (footer magic, then the first entry), never by file name. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { decodeCheckpoint, sniffTable } from '../../../src/lib/formats/checkpoint/index.ts';
import { TableBuilder } from '../../../src/lib/writers/checkpoint-table.ts';
import { writeCheckpoint } from '../../../src/lib/writers/checkpoint.ts';
import { fixturePath } from '../../helpers/fixtures.ts';

describe('sniffTable', () => {
  it('recognises a V2 index and a V1 table whatever they are called', async () => {
    const v2 = readFileSync(fixturePath('tf2onnx/tests/models/regression/checkpoint/model.index'));
    const v1 = readFileSync(
      fixturePath('tf-serving/tensorflow_serving/session_bundle/testdata/half_plus_two/00000123/export-00000-of-00001'),
    );
    expect(await sniffTable(new BytesSource('weights.bin', v2))).toBe('bundle');
    expect(await sniffTable(new BytesSource('model.index', v1))).toBe('tensor_slices');
  });

  it('says null for other files: no magic, too short, a table without the "" key, a broken table', async () => {
    const saved = readFileSync(fixturePath('tf2onnx/tests/models/regression/saved_model/saved_model.pb'));
    const other = new TableBuilder();
    other.add(Uint8Array.of(0x61), Uint8Array.of(1));
    const broken = readFileSync(fixturePath('tf2onnx/tests/models/regression/checkpoint/model.index'));
    broken[5]! ^= 0xff;
    expect(await sniffTable(new BytesSource('saved_model.pb', saved))).toBeNull();
    expect(await sniffTable(new BytesSource('x', new Uint8Array(10)))).toBeNull();
    expect(await sniffTable(new BytesSource('x.index', other.finish()))).toBeNull();
    expect(await sniffTable(new BytesSource('x.index', broken))).toBeNull();
  });
});

describe('interrupted saves', () => {
  it('lists .tempstate files and _temp parts next to the prefix as leftovers', async () => {
    const written = writeCheckpoint([], { prefix: 'run/ckpt-3' });
    const files = fileSet([
      ...Object.entries(written).map(([p, b]) => new BytesSource(p, b)),
      new BytesSource('run/ckpt-3.data-00000-of-00001.tempstate15213', new Uint8Array(3)),
      new BytesSource('run/ckpt-3_temp/part-00000-of-00001.index', new Uint8Array(3)),
      new BytesSource('run/ckpt-30.index', new Uint8Array(3)),
    ]);
    const facts = await decodeCheckpoint(files, 'run/ckpt-3');
    expect(facts.leftovers).toEqual(['run/ckpt-3.data-00000-of-00001.tempstate15213', 'run/ckpt-3_temp/part-00000-of-00001.index']);
  });
});
