/**
 * The hostile constructions on their own, with what each must produce (the fuzz run only checks
 * the invariants): pickle/npz members listed and flagged as unsafe, never read; object graphs
 * with cycles and self references decoded in bounded time with every node kept; nesting far
 * deeper than any parser's stack refused or skipped with a DecodeError; zip bombs refused.
 * Evidence: member names from the zip's own central directory (test/fuzz/structure.ts), node
 * counts and edges from the spec the writer was given.
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../src/lib/byte-source.ts';
import { emptyContext } from '../../src/lib/context/types.ts';
import { inspect } from '../../src/lib/inspect.ts';
import { diagnose } from '../../src/lib/rules/index.ts';
import { hostileSeeds } from './hostile.ts';
import { CYCLIC_OBJECT_GRAPH, writerSeeds, type Seed } from './seeds.ts';
import { zipLayout } from './structure.ts';

const seeds = [...(await writerSeeds()), ...(await hostileSeeds())];

function seed(name: string): Seed {
  const s = seeds.find((x) => x.name === name);
  if (!s) throw new Error(`no seed ${name}`);
  return s;
}

async function run(s: Seed) {
  const started = performance.now();
  const { facts } = await inspect(fileSet(s.files.map((f) => new BytesSource(f.path, f.bytes))));
  const findings = diagnose(facts, emptyContext());
  return { facts, findings, ms: performance.now() - started };
}

/** Names in a zip's central directory, read by the fuzzer's own parser. */
function zipNames(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return zipLayout(bytes)!.central.map((at) => new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))));
}

describe('hostile inputs', () => {
  for (const name of ['writer:keras-zip-unsafe-members', 'hostile:zip-hostile-names']) {
    it(`${name}: every pickle/npy/npz member is listed and flagged as unsafe, none is read`, async () => {
      const s = seed(name);
      const unsafe = zipNames(s.files[0]!.bytes).filter((n) => /\.(npz|npy|pkl|pickle|joblib|dill)$/i.test(n));
      expect(unsafe.length).toBeGreaterThanOrEqual(2);
      const { facts, findings } = await run(s);
      const listed = facts.custom_objects.filter((o) => o.role === 'unsafe_member').map((o) => o.where);
      expect(listed.sort()).toEqual(unsafe.map((n) => `zip member ${n}`).sort());
      const flag = findings.find((f) => /pickled or NumPy data: listed, not read/.test(f.title));
      expect(flag?.severity).toBe('warning');
      expect(flag?.evidence.map((e) => e.key).sort()).toEqual(unsafe.map((n) => `zip member ${n}`).sort());
      // Not mistaken for classes to register.
      for (const f of findings.filter((x) => /must be given/.test(x.title)))
        for (const n of ['npz', 'npy', 'pkl']) expect(f.title).not.toMatch(new RegExp(`\\b${n}\\b`));
      // Never read: their (junk) contents produce no decode problem.
      expect(facts.problems.map((p) => p.what).join('\n')).not.toMatch(/pkl|npz|npy/);
    });
  }

  it('an object graph with a cycle and a self reference keeps every node and edge, in bounded time', async () => {
    const { facts, ms } = await run(seed('writer:checkpoint-cyclic-object-graph'));
    expect(ms).toBeLessThan(2000);
    expect(facts.problems).toEqual([]);
    const graph = facts.object_graph!;
    expect(graph).toHaveLength(CYCLIC_OBJECT_GRAPH.nodes.length);
    CYCLIC_OBJECT_GRAPH.nodes.forEach((node, id) => {
      expect(graph[id]!.children.map((c) => [c.id, c.name])).toEqual((node.children ?? []).map((c) => [c.node_id, c.local_name]));
    });
    // Every variable still gets an object path, however the cycles are walked.
    expect(facts.variables.find((v) => v.name === 'layer/kernel/.ATTRIBUTES/VARIABLE_VALUE')?.object_path).toBeTruthy();
  });

  it('a SavedModel whose object graph points back at its root decodes', async () => {
    const { facts, ms } = await run(seed('writer:saved-model-cyclic'));
    expect(ms).toBeLessThan(2000);
    expect(facts.problems).toEqual([]);
    expect(facts.artifacts.map((a) => a.format).sort()).toEqual(['checkpoint', 'saved_model']);
  });

  it('10,000-deep AttrValue.func nesting is refused as TensorFlow refuses it (depth 100), 50-deep decodes, and 20,000-deep text is refused at depth 100', async () => {
    const binary = await run(seed('hostile:graph-def-attr-nested-10000'));
    expect(binary.facts.problems.map((p) => [p.code, p.file, p.what])).toEqual([
      [
        'too_deep',
        'deep.pb',
        expect.stringMatching(/^messages nest past depth 100 \(GraphDef > NodeDef > .*Exceeded upb_DecodeOptions_MaxDepth/),
      ],
    ]);
    expect(binary.facts.artifacts[0]?.readable).toBe(false);
    const shallow = await run(seed('hostile:graph-def-attr-nested-50'));
    expect(shallow.facts.problems.map((p) => p.code)).toEqual(['too_deep']); // 3 levels per nesting: 50 is 153 deep
    expect(binary.ms).toBeLessThan(2000);
    const text = await run(seed('hostile:text-graph-nested-20000'));
    expect(text.facts.problems.map((p) => p.what)).toEqual([expect.stringMatching(/nested deeper than 100 levels/)]);
  });

  for (const name of [
    'hostile:keras-zip-config-json-nested-50000',
    'hostile:keras-zip-config-array-nested-100000',
    'hostile:keras-h5-model-config-nested-50000',
  ]) {
    it(`${name}: refused before parsing, and the facts still serialize`, async () => {
      const { facts } = await run(seed(name));
      expect(facts.problems.map((p) => p.what)).toEqual(
        expect.arrayContaining([expect.stringMatching(/JSON nested deeper than 512 levels/)]),
      );
      expect(() => JSON.stringify(facts)).not.toThrow();
    });
  }

  it('zip bombs: the ratio bomb is refused from its directory, the lying member stops at its declared size', async () => {
    const ratio = await run(seed('hostile:zip-bomb-ratio'));
    expect(ratio.facts.problems.map((p) => p.what)).toEqual([
      expect.stringMatching(/model\.weights\.h5" would expand \d+ bytes to 50331648 .*zip bomb/),
    ]);
    const liar = await run(seed('hostile:zip-bomb-lying-size'));
    expect(liar.facts.problems.map((p) => p.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/config\.json" inflates past its declared 4096 bytes/)]),
    );
  });
});
