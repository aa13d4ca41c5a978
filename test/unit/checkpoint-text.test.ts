/**
 * TensorFlow's checkpoint-reader fuzz seeds (text SavedTensorSliceMeta + SavedSlice): the valid
 * control seed decodes to its one string tensor; each malformed seed yields DecodeErrors naming
 * the file and every defect the MANIFEST (written by the people who collected them) lists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/lib/inspect.ts';
import { fixturePath, openFixture } from '../helpers/fixtures.ts';
import { manifestRows } from '../helpers/manifest.ts';

const seeds = manifestRows().filter((r) => r.format.startsWith('Malformed-checkpoint fuzz seed'));

/** Words each MANIFEST defect must show up as in our messages. */
const DEFECTS: [RegExp, RegExp][] = [
  [/carries no values/, /carries no values/],
  [/extent start = -\d+/, /starts at -\d+/],
  [/huge dim/, /more than any real checkpoint tensor/],
  [/unnamed tensors/, /has no name/],
  [/no dtype/, /no dtype \(DT_INVALID\)/],
  [/start but no length/, /but has no length/],
  [/unknown_rank=true together with dims/, /unknown_rank but also lists dimensions/],
  [/ref types not allowed/, /reference dtype DT_INT32_REF/],
  [/no shape/, /has no shape/],
];

describe('text-format checkpoint reader inputs (TF fuzz seeds)', () => {
  it('the MANIFEST lists six seeds', () => expect(seeds).toHaveLength(6));

  for (const seed of seeds) {
    it(seed.path.split('/').pop()!, async () => {
      const set = await openFixture(seed.path);
      const { facts } = await inspect(set);
      await set.close();
      expect(facts.artifacts.map((a) => a.format)).toEqual(['checkpoint_v1']);
      const messages = facts.problems.map((p) => p.message);
      const file = seed.path.split('/').pop()!;
      for (const m of messages) expect(m.startsWith(file)).toBe(true);
      if (/VALID control seed/.test(seed.notes)) {
        expect(messages).toEqual([]);
        // The seed's own text says: string tensor "test" = ["foo","bar","foobar"].
        const text = readFileSync(fixturePath(seed.path), 'utf8');
        const values = /string_val: \[([^\]]*)\]/.exec(text)![1]!.split(',').length;
        expect(facts.variables.map((v) => [v.name, v.dtype, v.shape])).toEqual([['test', 'string', [values]]]);
        return;
      }
      expect(messages.length).toBeGreaterThan(0);
      const listed = DEFECTS.filter(([inManifest]) => inManifest.test(seed.notes));
      expect(listed.length).toBeGreaterThan(0);
      for (const [, inOurs] of listed) expect(messages.join('\n')).toMatch(inOurs);
    });
  }
});
