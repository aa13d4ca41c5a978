/**
 * decodeBundleEntry reads BundleEntryProto from the wire itself; here it is held against
 * protobufjs's generated decoder (independent code, TF's schema) on every entry of every real
 * .index in the fixtures, on writer-made entries with slices and negative dims, and on cuts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBundleEntry, int64, type BundleEntry } from '../../../src/lib/formats/checkpoint/bundle-protos.ts';
import { Table } from '../../../src/lib/formats/checkpoint/table.ts';
import { tensorflow } from '../../../src/lib/proto/index.ts';
import { encodeBundleEntry } from '../../../src/lib/writers/checkpoint-protos.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';

function viaProtobufjs(bytes: Uint8Array): BundleEntry {
  const e = tensorflow.BundleEntryProto.decode(bytes);
  return {
    dtype: e.dtype,
    shape: (e.shape?.dim ?? []).map((d) => int64(d.size)),
    unknown_rank: e.shape?.unknown_rank === true,
    shard_id: e.shard_id,
    offset: int64(e.offset),
    size: int64(e.size),
    crc32c: e.crc32c >>> 0,
    slices: (e.slices ?? []).map((s) =>
      (s.extent ?? []).map((x) =>
        x.length === null || x.length === undefined ? { start: 0, length: null } : { start: int64(x.start), length: int64(x.length) },
      ),
    ),
  };
}

function indexFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) indexFiles(full, out);
    else if (name.endsWith('.index')) out.push(full);
  }
  return out;
}

describe('decodeBundleEntry', () => {
  it('matches the generated decoder on every entry of every real V2 index', async () => {
    let checked = 0;
    for (const path of indexFiles(FIXTURES)) {
      const set = await openPaths([path]);
      try {
        const table = await Table.open(set.files[0]!).catch(() => null);
        if (!table) continue;
        let first = true;
        for await (const { key, value } of table.entries()) {
          if (first) {
            first = false;
            if (key.byteLength !== 0) break; // not a V2 bundle (V1 TensorSlice table)
            continue;
          }
          expect(decodeBundleEntry(value, path, 'k'), path).toEqual(viaProtobufjs(value));
          checked++;
        }
      } finally {
        await set.close();
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('matches on slices, negative and huge dims, and repeated fields (last wins)', () => {
    const sliced = encodeBundleEntry({
      dtype: 1,
      shape: [-1, 2 ** 40, 0],
      shard_id: 3,
      offset: 2 ** 33 + 5,
      size: 12,
      crc32c: 0xfedcba98,
      slices: [
        [
          { start: 0, length: null },
          { start: 2, length: 3 },
        ],
      ],
    });
    expect(decodeBundleEntry(sliced, 'f', 'k')).toEqual(viaProtobufjs(sliced));
    expect(decodeBundleEntry(sliced, 'f', 'k').shape).toEqual([-1, 2 ** 40, 0]);
    const twice = new Uint8Array([
      ...encodeBundleEntry({ dtype: 1, shape: [4], shard_id: 1, offset: 9 }),
      ...encodeBundleEntry({ dtype: 2, shape: [5, 6] }),
    ]);
    expect(decodeBundleEntry(twice, 'f', 'k')).toEqual(viaProtobufjs(twice));
  });

  it('fails with a DecodeError naming the key wherever protobufjs fails on a cut entry', () => {
    const bytes = encodeBundleEntry({
      dtype: 1,
      shape: [-1, 300, 70000],
      shard_id: 1,
      offset: 123456789,
      size: 4096,
      crc32c: 0x12345678,
      slices: [[{ start: 1, length: 2 }]],
    });
    for (let cut = 1; cut < bytes.byteLength; cut++) {
      const part = bytes.subarray(0, cut);
      let theirs: BundleEntry | null = null;
      try {
        theirs = viaProtobufjs(part);
      } catch {
        theirs = null;
      }
      if (theirs === null) expect(() => decodeBundleEntry(part, 'x.index', 'my/key'), `cut ${cut}`).toThrow(/my\/key/);
      else expect(decodeBundleEntry(part, 'x.index', 'my/key'), `cut ${cut}`).toEqual(theirs);
    }
  });
});
