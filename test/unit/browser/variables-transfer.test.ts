/**
 * The variables the page rebuilds from the posted columns are the library's: every field of
 * every variable of real checkpoints (partitioned, slot, unknown sizes included) and of
 * hand-made edge cases comes back equal after a structured clone that moves the buffers.
 */
import { describe, expect, it } from 'vitest';
import { packVariables, unpackVariables } from '../../../src/browser/variables-transfer.ts';
import type { VariableFact } from '../../../src/lib/facts.ts';
import { inspect } from '../../../src/lib/inspect.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { findFiles } from '../checkpoint/evidence.ts';

function roundTrip(variables: readonly VariableFact[]): VariableFact[] {
  const { packed, transfer } = packVariables(variables);
  const posted = structuredClone(packed, { transfer });
  expect(packed.bytes.byteLength).toBe(0); // moved, not copied
  return unpackVariables(posted);
}

describe('variables posted as columns', () => {
  it('come back equal for every checkpoint in the fixtures', async () => {
    const indexes = findFiles(FIXTURES, (n) => n.endsWith('.index'));
    let seen = 0;
    let withSlots = 0;
    for (const index of indexes) {
      const files = await openPaths([index.slice(0, index.lastIndexOf('/'))]);
      try {
        const { facts } = await inspect(files);
        expect(roundTrip(facts.variables)).toEqual(facts.variables);
        seen += facts.variables.length;
        withSlots += facts.variables.filter((v) => v.slot !== null).length;
      } finally {
        await files.close();
      }
    }
    expect(seen).toBeGreaterThan(500);
    expect(withSlots).toBeGreaterThan(0);
  });

  it('keep nulls, unknown and empty shapes, non-ASCII names and many files apart', () => {
    const variables: VariableFact[] = [
      {
        name: 'größe/变量',
        dtype: 'float32',
        shape: [],
        bytes: 4,
        shard: 0,
        offset: 0,
        object_path: null,
        slot: null,
        sliced: false,
        file: 'a',
      },
      {
        name: 'p',
        dtype: 'string',
        shape: [-1, 3],
        bytes: null,
        shard: null,
        offset: null,
        object_path: 'm.p',
        slot: null,
        sliced: true,
        file: 'b',
      },
      {
        name: 's',
        dtype: 'float16',
        shape: [0],
        bytes: 0,
        shard: 2,
        offset: 2 ** 52,
        object_path: 'x',
        slot: { variable: 'p', slot: 'm' },
        sliced: false,
        file: 'a',
      },
    ];
    expect(roundTrip(variables)).toEqual(variables);
    expect(roundTrip([])).toEqual([]);
  });
});
