/**
 * A large frozen graph decodes into compact facts without copying its tensor contents: the
 * Const values (the bulk of the file) are skipped, not materialized.
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { decodeGraphDefFile } from '../../../src/lib/formats/graph/index.ts';
import { writeGraphDefBytes, type NodeSpec } from '../../../src/lib/writers/saved-model.ts';

describe('large GraphDef', () => {
  it('decodes 128 MiB of constants and 50 000 nodes quickly, without copying the constants', async () => {
    const content = new Uint8Array(32 * 1024 * 1024);
    const nodes: NodeSpec[] = [];
    for (let i = 0; i < 4; i++)
      nodes.push({
        name: `c${i}`,
        op: 'Const',
        attrs: { dtype: { type: 'float32' }, value: { tensor: { dtype: 'float32', shape: [content.length / 4], content } } },
      });
    for (let i = 0; i < 50_000; i++)
      nodes.push({ name: `n${i}`, op: i % 2 ? 'AddV2' : 'Mul', inputs: ['c0', 'c1'], attrs: { T: { type: 'float32' } } });
    const bytes = writeGraphDefBytes(nodes, [], 1882);
    expect(bytes.byteLength).toBeGreaterThan(128 * 1024 * 1024);
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const start = performance.now();
    const facts = await decodeGraphDefFile(fileSet([new BytesSource('big.pb', bytes)]), 'big.pb');
    const elapsed = performance.now() - start;
    const grown = process.memoryUsage().arrayBuffers - buffersBefore;
    expect(facts.op_details.map((o) => [o.op, o.count])).toEqual([
      ['AddV2', 25_000],
      ['Const', 4],
      ['Mul', 25_000],
    ]);
    expect(facts.producer.graph_def_producer).toBe(1882);
    // One copy of one constant would be 32 MiB.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    expect(elapsed).toBeLessThan(10_000);
  });
});
