/**
 * `--json` is written in pieces; the text must be exactly JSON.stringify's, for JSON's own rules
 * (members left out, nulls in arrays, toJSON, escapes) and for real reports of TF-written files.
 */
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/cli/json.ts';
import { memoryIo } from '../../src/cli/io.ts';
import { writeJsonPieces } from '../../src/cli/json-pieces.ts';
import { check } from '../../src/lib/check.ts';
import { toReport } from '../../src/lib/report.ts';
import { openFixture } from '../helpers/fixtures.ts';

function pieces(value: unknown): { text: string; count: number } {
  const out: string[] = [];
  writeJsonPieces(value, (t) => out.push(t));
  return { text: out.join(''), count: out.length };
}

describe('JSON in pieces', () => {
  const cases: [string, unknown][] = [
    ['scalars', [0, -1.5, 1e300, true, false, null, 'a"b\\c\n\u2028é😀', '']],
    ['left out in objects, null in arrays', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')], e: 1 }],
    ['non-finite numbers', { nan: Number.NaN, inf: [Number.POSITIVE_INFINITY] }],
    ['toJSON', { when: new Date(0), custom: { toJSON: (key: string) => `key=${key}` }, list: [{ toJSON: (k: string) => k }] }],
    ['empty containers', { a: [], b: {}, c: [[], {}], d: [[[[[]]]]] }],
    ['deep nesting past the walked depth', { a: { b: { c: { d: { e: { f: [1, { g: undefined, h: 2 }] } } } } } }],
    [
      'long arrays (written in batches): holes, toJSON with its index as key, nested',
      {
        list: Array.from({ length: 700 }, (_, i) =>
          i % 7 === 0
            ? undefined
            : i % 11 === 0
              ? { toJSON: (k: string) => `at ${k}` }
              : i % 13 === 0
                ? () => i
                : { i, deep: [i, { x: undefined }] },
        ),
      },
    ],
    ['keys that need escaping', { 'a"b': 1, '\n': [2], '': { '': 3 } }],
  ];
  for (const [name, value] of cases) {
    it(`equals JSON.stringify: ${name}`, () => {
      expect(pieces(value).text).toBe(JSON.stringify(value));
    });
  }

  it('a real report of a TF-written checkpoint comes out identical, in many pieces', async () => {
    const set = await openFixture('t2t/tensor2tensor/test_data/transformer_test_ckpt');
    try {
      const report = toReport(await check({ files: set, options: { verify: true } }));
      const { text, count } = pieces(report);
      expect(text).toBe(JSON.stringify(report));
      expect(count).toBeGreaterThan(250);
      const io = memoryIo();
      await writeJson(io, report);
      expect(io.stdout).toBe(`${JSON.stringify(report)}\n`);
    } finally {
      await set.close();
    }
  });

  it('waits for a full standard output before writing more (a slow reader holds no report-sized buffer)', async () => {
    const value = { list: Array.from({ length: 20_000 }, (_, i) => ({ i, name: `variable/${i}` })) };
    const io = memoryIo();
    let unanswered = 0;
    let worst = 0;
    const chunks: string[] = [];
    io.out = (text: string) => {
      chunks.push(text);
      worst = Math.max(worst, ++unanswered);
    };
    // Every write fills the buffer; it drains on a later turn of the event loop.
    io.outDrained = () =>
      new Promise((resolve) =>
        setTimeout(() => {
          unanswered = 0;
          resolve();
        }, 0),
      );
    await writeJson(io, value);
    expect(chunks.length).toBeGreaterThan(5);
    expect(worst).toBe(1);
    expect(chunks.join('')).toBe(`${JSON.stringify(value)}\n`);
  });
});
