/** Every TF1 `.meta` fixture decodes; facts agree with protoc --decode_raw of the same file. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { decodeMetaGraphFile } from '../../../src/lib/formats/graph/index.ts';
import { dtypeName } from '../../../src/lib/dtypes.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { at, bytesOf, decodeRaw, messages, numberOf, stringOf, strings, varintsOf, type RawField } from './protoc-raw.ts';
import { fixtureFileSet, metaFiles } from './manifest.ts';

const VARIABLE_OPS = ['Variable', 'VariableV2', 'VarHandleOp', 'AutoReloadVariable', 'TemporaryVariable'];
const SAVER_VERSIONS = ['LEGACY', 'V1', 'V2'];

/** attr map entry `key` of a NodeDef (field 5: key 1, value 2). */
function attrOf(node: RawField[], key: string): RawField[] | null {
  for (const entry of messages(node, 5)) if (stringOf(at(entry, 1)[0]!) === key) return messages(entry, 2)[0] ?? [];
  return null;
}

describe('.meta fixtures vs protoc --decode_raw', () => {
  const files = metaFiles();
  it('the manifest lists the .meta files', () => expect(files.length).toBeGreaterThanOrEqual(8));

  for (const file of files) {
    it(file, async () => {
      const facts = await decodeMetaGraphFile(fixtureFileSet(file), file);
      const raw = decodeRaw(join(FIXTURES, file));
      expect(facts.artifacts[0]!.format).toBe('tf1_meta');
      const m = facts.meta_graphs[0]!;
      expect(m.tags).toEqual(strings(raw, 1, 4));
      expect(m.tensorflow_version).toBe(strings(raw, 1, 5)[0] || null);
      expect(facts.producer.tensorflow_git).toBe(strings(raw, 1, 6)[0] || null);
      const producer = at(raw, 2, 4, 1)[0];
      expect(facts.producer.graph_def_producer).toBe(at(raw, 2, 4).length ? (producer ? Number(numberOf(producer)) : 0) : null);
      expect(m.node_count).toBe(at(raw, 2, 1).length);
      expect(m.function_count).toBe(at(raw, 2, 2, 1).length);
      expect(new Set(facts.ops)).toEqual(new Set([...at(raw, 2, 1, 2), ...at(raw, 2, 2, 1, 3, 2)].map(stringOf)));
      expect(m.collections).toEqual(strings(raw, 4, 1).sort());
      const saverVersion = at(raw, 3, 7)[0];
      expect(m.saver?.version ?? null).toBe(at(raw, 3).length ? SAVER_VERSIONS[saverVersion ? Number(numberOf(saverVersion)) : 0] : null);

      // Variables: VariableDef.variable_name (field 1) of the variable collections, else the graph's variable nodes.
      const names = new Set<string>();
      const nodeOf = new Map<string, string>();
      const fullShape = new Map<string, number[]>();
      for (const entry of messages(raw, 4)) {
        const key = stringOf(at(entry, 1)[0]!);
        if (!['variables', 'trainable_variables', 'local_variables', 'model_variables'].includes(key)) continue;
        for (const value of at(entry, 2, 2, 1)) {
          const def = decodeRaw(bytesOf(value));
          const slice = strings(def, 4, 1)[0];
          const node = strings(def, 1)[0]!.replace(/:\d+$/, '');
          names.add(slice ?? node);
          nodeOf.set(slice ?? node, node);
          if (slice) fullShape.set(slice, varintsOf(at(def, 4, 2)).map(Number));
        }
      }
      const nodes = messages(raw, 2, 1);
      if (names.size === 0) for (const n of nodes) if (VARIABLE_OPS.includes(strings(n, 2)[0]!)) names.add(strings(n, 1)[0]!);
      expect(facts.variables.map((v) => v.name).sort()).toEqual([...names].sort());
      for (const v of facts.variables) {
        expect(v.file).toBe(file);
        if (v.sliced) expect(v.shape).toEqual(fullShape.get(v.name));
        const node = nodes.find((n) => strings(n, 1)[0] === (nodeOf.get(v.name) ?? v.name));
        if (!node) continue;
        const dtype = attrOf(node, 'dtype');
        const typeValue = dtype ? at(dtype, 6)[0] : undefined;
        expect(v.dtype).toBe(typeValue ? dtypeName(Number(numberOf(typeValue))) : 'invalid');
        const shape = attrOf(node, 'shape');
        if (shape) {
          const dims = messages(shape, 7, 2).map((d) => (at(d, 1)[0] ? Number(BigInt.asIntN(64, numberOf(at(d, 1)[0]!))) : 0));
          if (at(shape, 7, 3).length === 0 && !v.sliced) expect(v.shape).toEqual(dims);
        }
      }
    });
  }

  it('the pre-1.0 .meta has an empty tensorflow_version: reported as null, producer 15 kept', async () => {
    const file = 'tensorboard/tensorboard/functionaltests/testdata/model.ckpt-3000.meta';
    const facts = await decodeMetaGraphFile(fixtureFileSet(file), file);
    expect(strings(decodeRaw(join(FIXTURES, file)), 1, 5)).toEqual([]);
    expect(facts.producer.tensorflow).toBeNull();
    expect(facts.producer.graph_def_producer).toBe(15);
  });
});
