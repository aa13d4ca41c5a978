/**
 * scanBlock (no per-entry allocation) against blockEntries on every data block of every real
 * table in the fixtures and of a writer-made multi-block Snappy table, and on a damaged block:
 * the same keys and values in the same order, the same DecodeError.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource, type ByteSource } from '../../../src/lib/byte-source.ts';
import { blockEntries, KeyScratch, scanBlock, Table } from '../../../src/lib/formats/checkpoint/table.ts';
import { TableBuilder } from '../../../src/lib/writers/checkpoint-table.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';

function tables(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) tables(full, out);
    else if (name.endsWith('.index') || /\.ckpt-\d+-\d{5}-of-\d{5}$|-\d{5}-of-\d{5}$/.test(name)) out.push(full);
  }
  return out;
}

async function compareAllBlocks(source: ByteSource): Promise<number> {
  const table = await Table.open(source);
  const scratch = new KeyScratch();
  let entries = 0;
  for (let i = 0; i < table.index.length; i++) {
    const block = await table.dataBlock(i);
    const viaScan: [number[], number[]][] = [];
    scanBlock(block, source.path, 0, 'b', scratch, (key, keyLength, b, start, end) =>
      viaScan.push([[...key.subarray(0, keyLength)], [...b.subarray(start, end)]]),
    );
    const viaGenerator = [...blockEntries(block, source.path, 0, 'b')].map((e) => [[...e.key], [...e.value]]);
    expect(viaScan).toEqual(viaGenerator);
    entries += viaScan.length;
  }
  return entries;
}

describe('scanBlock', () => {
  it('yields what blockEntries yields on every real table block', async () => {
    let total = 0;
    for (const path of tables(FIXTURES)) {
      const set = await openPaths([path]);
      try {
        total += await compareAllBlocks(set.files[0]!).catch((error: unknown) => {
          if (error instanceof Error && /table|footer|magic|short/.test(error.message)) return 0; // not a table
          throw error;
        });
      } finally {
        await set.close();
      }
    }
    expect(total).toBeGreaterThan(300);
  });

  it('matches on a writer-made multi-block Snappy table with long shared prefixes and a long key', async () => {
    const builder = new TableBuilder({ compression: 'snappy', blockSize: 4096 });
    const keys = Array.from(
      { length: 3000 },
      (_, i) => `model/layer_with_weights-${String(i).padStart(5, '0')}/kernel/.ATTRIBUTES/VARIABLE_VALUE`,
    );
    keys.push(`z${'k'.repeat(1000)}`);
    for (const [i, k] of keys.entries()) builder.add(new TextEncoder().encode(k), Uint8Array.of(i & 0xff, i >> 8));
    const source = new BytesSource('t.index', builder.finish());
    expect(await compareAllBlocks(source)).toBe(keys.length);
  });

  it('refuses an entry that shares more key bytes than the previous key has, like blockEntries', () => {
    // One entry: shared 3 (nothing before it), non-shared 1, value 0; then the restart array.
    const block = Uint8Array.of(3, 1, 0, 0x61, 0, 0, 0, 0, 1, 0, 0, 0);
    const scan = () => scanBlock(block, 'x.index', 100, 'data block 0', new KeyScratch(), () => {});
    const gen = () => [...blockEntries(block, 'x.index', 100, 'data block 0')];
    expect(scan).toThrow(/bad entry \(shared 3/);
    expect(gen).toThrow(/bad entry \(shared 3/);
  });
});
