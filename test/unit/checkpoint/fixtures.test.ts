/**
 * Every V2 checkpoint in the shared fixtures decodes and verifies, and what the decoder reports
 * matches independent evidence: a separate table walker plus `protoc --decode_raw` for each
 * BundleEntryProto, and shard sizes from the file system.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dtypeName } from '../../../src/lib/dtypes.ts';
import { decodeCheckpoint, sniffTable, verifyCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { decodeRawMany, findFiles, num, sub, walkTable } from './evidence.ts';

const indexes = findFiles(FIXTURES, (n) => n.endsWith('.index'));

/** Opens the directory holding `index` and returns the file set and the checkpoint prefix in it. */
async function open(index: string) {
  const dir = dirname(index);
  const files = await openPaths([dir]);
  const prefix = `${relative(dirname(dir), index)}`.replace(/\.index$/, '');
  return { files, prefix };
}

describe('V2 checkpoint fixtures', () => {
  it('finds the fixtures MANIFEST.md lists as tensor bundles', () => {
    // MANIFEST.md: 8 standalone V2 checkpoints plus the variables/ of every SavedModel that has one.
    const manifest = readFileSync(`${FIXTURES}/MANIFEST.md`, 'utf8');
    const bundleRows = manifest.split('\n').filter((l) => l.startsWith('| `') && /V2 bundle/.test(l));
    expect(indexes.length).toBeGreaterThanOrEqual(bundleRows.length);
    expect(indexes.length).toBeGreaterThan(20);
  });

  for (const index of indexes) {
    const name = relative(FIXTURES, index);
    it(`${name}: entries, shards and checksums agree with protoc and the file system`, async () => {
      const { files, prefix } = await open(index);
      try {
        const raw = walkTable(readFileSync(index));
        expect(raw.entries[0]!.key.length).toBe(0);
        const header = decodeRawMany([raw.entries[0]!.value])[0]!;
        const numShards = num(header, '1');
        const decoded = decodeRawMany(raw.entries.slice(1).map((e) => e.value));
        const keys = raw.entries.slice(1).map((e) => e.key.toString('utf8'));

        const facts = await decodeCheckpoint(files, prefix);
        expect(facts.problems.map((p) => p.message)).toEqual([]);
        expect(facts.missing).toEqual([]);
        expect(facts.artifacts[0]!.format).toBe('checkpoint');
        expect(await sniffTable(files.files.find((f) => f.path === `${prefix}.index`)!)).toBe('bundle');

        // Every entry except the object graph is a variable, with protoc's dtype/shape/shard/offset/size.
        const byName = new Map(facts.variables.map((v) => [v.name, v]));
        const expectedNames = keys.filter((k) => k !== '_CHECKPOINTABLE_OBJECT_GRAPH');
        expect([...byName.keys()].sort()).toEqual([...expectedNames].sort());
        keys.forEach((key, i) => {
          const e = decoded[i]!;
          const v = byName.get(key);
          if (!v) return;
          expect(v.dtype).toBe(dtypeName(num(e, '1')));
          const dims = sub(e, '2')
            .flatMap((s) => sub(s, '2'))
            .map((d) => num(d, '1'));
          expect(v.shape).toEqual(dims);
          expect(v.shard).toBe(num(e, '3'));
          expect(v.offset).toBe(num(e, '4'));
          expect(v.bytes).toBe(num(e, '5'));
          expect(v.file).toBe(`${prefix}.data-${String(num(e, '3')).padStart(5, '0')}-of-${String(numShards).padStart(5, '0')}`);
        });

        // TF writes shards back to back: the entries of a shard exactly fill its file.
        const shardBytes = new Array<number>(numShards).fill(0);
        for (const e of decoded) shardBytes[num(e, '3')] += num(e, '5');
        for (let s = 0; s < numShards; s++) {
          const path = `${index.replace(/\.index$/, '')}.data-${String(s).padStart(5, '0')}-of-${String(numShards).padStart(5, '0')}`;
          expect(statSync(path).size).toBe(shardBytes[s]);
        }

        // Checksums: all clean, whatever the chunk size (tensors straddle chunk boundaries).
        // Byte-sized chunks only on small shards, to keep the suite fast.
        const total = shardBytes.reduce((a, b) => a + b, 0);
        for (const chunkSize of total < 20_000 ? [undefined, 1, 7, 64] : [undefined, 4093]) {
          const report = await verifyCheckpoint(files, prefix, chunkSize ? { chunkSize } : {});
          expect(report).toMatchObject({ ok: true, bad: [], missing_shards: [], short_shards: [], tensors: keys.length, bytes: total });
        }
      } finally {
        await files.close();
      }
    });
  }
});
