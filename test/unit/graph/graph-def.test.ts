/**
 * Every frozen GraphDef fixture (.pb and .pbtxt) decodes. Binary files are checked against
 * protoc --decode_raw, text files against their own text (top-level `node {` blocks and their
 * `op:` lines), and each .pbtxt twin gives the same facts as its .pb.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeGraphDefFile, GRAPH_INPUTS_KEY } from '../../../src/lib/formats/graph/index.ts';
import { dtypeName } from '../../../src/lib/dtypes.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { at, decodeRaw, messages, numberOf, stringOf, strings } from './protoc-raw.ts';
import { fixtureFileSet, graphDefFiles } from './manifest.ts';

describe('frozen GraphDef fixtures', () => {
  const files = graphDefFiles();
  it('the manifest lists the GraphDefs', () => expect(files.length).toBeGreaterThanOrEqual(25));

  for (const file of files) {
    it(file, async () => {
      const facts = await decodeGraphDefFile(fixtureFileSet(file), file);
      expect(facts.artifacts[0]!.format).toBe('graph_def');
      const opCount = new Map<string, number>();
      for (const o of facts.op_details) opCount.set(o.op, o.count);
      if (file.endsWith('.pbtxt')) {
        const text = readFileSync(join(FIXTURES, file), 'utf8');
        expect(facts.artifacts[0]!.summary).toContain(`${(text.match(/^node \{/gm) ?? []).length} nodes`);
        const ops = [...text.matchAll(/^ {2}op: "([^"]*)"$/gm)].map((m) => m[1]!);
        expect([...opCount.keys()].sort()).toEqual([...new Set(ops)].sort());
        for (const op of new Set(ops)) expect(opCount.get(op)).toBe(ops.filter((o) => o === op).length);
      } else {
        const raw = decodeRaw(join(FIXTURES, file));
        const nodes = messages(raw, 1);
        expect(facts.artifacts[0]!.summary).toContain(`${nodes.length} nodes`);
        const ops = nodes.map((n) => stringOf(at(n, 2)[0]!));
        for (const op of new Set(ops)) expect(opCount.get(op)).toBe(ops.filter((o) => o === op).length);
        expect([...opCount.keys()].sort()).toEqual([...new Set(ops)].sort());
        const producer = at(raw, 4, 1)[0];
        expect(facts.producer.graph_def_producer).toBe(at(raw, 4).length ? (producer ? Number(numberOf(producer)) : 0) : null);
        // Placeholders become the inputs of the graph_inputs pseudo-signature.
        const placeholders = nodes.filter((n) => stringOf(at(n, 2)[0]!) === 'Placeholder');
        const inputs = facts.signatures.find((s) => s.key === GRAPH_INPUTS_KEY)!.inputs;
        expect(inputs.map((i) => i.name)).toEqual(placeholders.map((n) => strings(n, 1)[0]));
        placeholders.forEach((n, i) => {
          const dtypeEntry = messages(n, 5).find((e) => stringOf(at(e, 1)[0]!) === 'dtype');
          const t = dtypeEntry ? at(dtypeEntry, 2, 6)[0] : undefined;
          expect(inputs[i]!.dtype).toBe(t ? dtypeName(Number(numberOf(t))) : 'invalid');
        });
      }
      expect(facts.problems).toEqual([]);
    });
  }

  const twins = files.filter(
    (f) => f.endsWith('/frozen_graph.pbtxt') && existsSync(join(FIXTURES, f.replace(/frozen_graph\.pbtxt$/, 'frozen_model.pb'))),
  );
  it('has text/binary twins', () => expect(twins.length).toBeGreaterThanOrEqual(10));
  for (const text of twins) {
    it(`text twin agrees with binary: ${text}`, async () => {
      const bin = text.replace(/frozen_graph\.pbtxt$/, 'frozen_model.pb');
      const a = await decodeGraphDefFile(fixtureFileSet(text), text);
      const b = await decodeGraphDefFile(fixtureFileSet(bin), bin);
      // Same ops from either twin; each records the file it was read from.
      const withoutFiles = (ops: typeof a.op_details) => ops.map(({ files: _, ...o }) => o);
      expect(withoutFiles(a.op_details)).toEqual(withoutFiles(b.op_details));
      for (const o of a.op_details) expect(o.files).toEqual([text]);
      for (const o of b.op_details) expect(o.files).toEqual([bin]);
      expect(a.signatures).toEqual(b.signatures);
      expect(a.producer).toEqual(b.producer);
    });
  }
});
