/**
 * Every SavedModel in the shared fixtures decodes, and its facts agree with protoc --decode_raw
 * run on the same saved_model.pb (field numbers from TensorFlow's saved_model.proto /
 * meta_graph.proto / graph.proto / saved_object_graph.proto).
 */
import { describe, expect, it } from 'vitest';
import { decodeSavedModel } from '../../../src/lib/formats/graph/index.ts';
import { dtypeName } from '../../../src/lib/dtypes.ts';
import { at, decodeRaw, messages, numberOf, stringOf, strings, type RawField } from './protoc-raw.ts';
import { fixtureDirSet, savedModelDirs } from './manifest.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { openFixture } from '../../helpers/fixtures.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BytesSource } from '../../../src/lib/byte-source.ts';
import { unpackTarGz } from '../../../src/lib/formats/archive/tar-gz.ts';
import { bytesOfFixture } from './manifest.ts';
import { join } from 'node:path';

const OBJECT_KINDS: Record<number, string> = {
  4: 'user_object',
  5: 'asset',
  6: 'function',
  7: 'variable',
  8: 'bare_concrete_function',
  9: 'constant',
  10: 'resource',
  12: 'captured_tensor',
};

function opsOf(mg: RawField[]): Set<string> {
  const main = at(mg, 2, 1, 2).map(stringOf);
  const fns = at(mg, 2, 2, 1, 3, 2).map(stringOf);
  return new Set([...main, ...fns]);
}

function tensorInfos(entry: RawField[], no: number): { name: string; dtype: string }[] {
  return messages(entry, 2, no).map((e) => {
    const info = messages(e, 2)[0] ?? [];
    const dtype = at(info, 2)[0];
    return { name: stringOf(at(e, 1)[0]!), dtype: dtypeName(dtype ? Number(numberOf(dtype)) : 0) };
  });
}

describe('SavedModel fixtures vs protoc --decode_raw', () => {
  const dirs = savedModelDirs();
  it('the manifest lists the SavedModels', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(25);
  });

  for (const dir of dirs) {
    it(dir, async () => {
      const facts = await decodeSavedModel(fixtureDirSet(dir), dir);
      const raw = decodeRaw(join(FIXTURES, dir, 'saved_model.pb'));
      const metas = messages(raw, 2);
      expect(facts.meta_graphs).toHaveLength(metas.length);
      expect(facts.artifacts[0]!.format).toBe('saved_model');
      // saved_model_schema_version: present only when field 1 is.
      const schema = at(raw, 1)[0];
      expect(facts.producer.other['saved_model_schema_version']).toBe(schema ? String(numberOf(schema)) : undefined);

      const allOps = new Set<string>();
      metas.forEach((mg, i) => {
        const m = facts.meta_graphs[i]!;
        expect(m.tags).toEqual(strings(mg, 1, 4));
        expect(m.tensorflow_version).toBe(strings(mg, 1, 5)[0] || null);
        expect(m.tensorflow_git_version).toBe(strings(mg, 1, 6)[0] || null);
        expect(m.stripped_default_attrs).toBe(at(mg, 1, 7).some((v) => numberOf(v) === 1n));
        expect(m.node_count).toBe(at(mg, 2, 1).length);
        expect(m.function_count).toBe(at(mg, 2, 2, 1).length);
        const producer = at(mg, 2, 4, 1)[0];
        expect(m.graph_def_producer).toBe(at(mg, 2, 4).length ? (producer ? Number(numberOf(producer)) : 0) : null);
        expect(m.collections).toEqual(strings(mg, 4, 1).sort());
        expect(m.has_object_graph).toBe(at(mg, 7).length > 0);
        expect(m.saver?.filename_tensor ?? null).toBe(at(mg, 3).length ? (strings(mg, 3, 1)[0] ?? null) : null);
        for (const op of opsOf(mg)) allOps.add(op);
      });
      expect(new Set(facts.ops)).toEqual(allOps);
      expect(facts.producer.tensorflow).toBe(facts.meta_graphs[0]!.tensorflow_version);

      // Signatures: keys, input/output names and dtypes.
      const first = metas[0]!;
      const sigEntries = messages(first, 5);
      expect(facts.signatures.map((s) => s.key).sort()).toEqual(sigEntries.map((e) => stringOf(at(e, 1)[0]!)).sort());
      for (const entry of sigEntries) {
        const key = stringOf(at(entry, 1)[0]!);
        const sig = facts.signatures.find((s) => s.key === key)!;
        const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
        expect(sig.inputs.map((t) => ({ name: t.name, dtype: t.dtype })).sort(byName)).toEqual(tensorInfos(entry, 1).sort(byName));
        expect(sig.outputs.map((t) => ({ name: t.name, dtype: t.dtype })).sort(byName)).toEqual(tensorInfos(entry, 2).sort(byName));
      }

      // Object graph: node count, kinds, identifiers.
      const nodes = messages(first, 7, 1);
      if (nodes.length === 0) expect(facts.object_graph).toBeNull();
      else {
        expect(facts.object_graph).toHaveLength(nodes.length);
        nodes.forEach((n, i) => {
          const kindNo = n.map((f) => f.no).find((no) => OBJECT_KINDS[no]);
          expect(facts.object_graph![i]!.kind).toBe(kindNo ? OBJECT_KINDS[kindNo] : null);
          if (kindNo === 4) expect(facts.object_graph![i]!.identifier).toBe(strings(n, 4, 1)[0] ?? null);
          expect(facts.object_graph![i]!.children.map((c) => c.name)).toEqual(
            at(n, 1).map((c) => (c.kind === 'message' ? (strings(c.fields, 2)[0] ?? '') : '')),
          );
        });
        expect(facts.artifacts[0]!.summary).toContain(`${at(first, 7, 2).length} concrete functions`);
      }

      // Files on disk: assets listed, variables index not reported missing when present.
      const abs = join(FIXTURES, dir);
      for (const sub of ['assets', 'assets.extra']) {
        if (existsSync(join(abs, sub))) for (const f of readdirSync(join(abs, sub))) expect(facts.assets).toContain(`${sub}/${f}`);
      }
      const hasIndex = existsSync(join(abs, 'variables', 'variables.index'));
      if (hasIndex) expect(facts.missing).toEqual([]);
      expect(facts.problems).toEqual([]);
    });
  }
});

describe('SavedModel oddities from the manifest', () => {
  it("keeps the b'v1.13.1-...' git version verbatim", async () => {
    const facts = await decodeSavedModel(fixtureDirSet('tf2onnx/tests/models/assign'), 'tf2onnx/tests/models/assign');
    const raw = decodeRaw(join(FIXTURES, 'tf2onnx/tests/models/assign/saved_model.pb'));
    expect(facts.producer.tensorflow_git).toBe(strings(raw, 2, 1, 6)[0]);
    expect(facts.producer.tensorflow_git!.startsWith("b'v1.13.1")).toBe(true);
  });

  it('a SavedModel with no variables/ and no variable ops is not missing anything', async () => {
    for (const dir of [
      'tf2onnx/tests/models/saved_model_with_redundant_inputs',
      'tfx/tfx/benchmarks/datasets/chicago_taxi/model/tft_saved_model',
    ]) {
      const facts = await decodeSavedModel(fixtureDirSet(dir), dir);
      expect(existsSync(join(FIXTURES, dir, 'variables'))).toBe(false);
      expect(facts.missing).toEqual([]);
    }
  });

  it('reports variables/variables.index missing when a graph with variables lost it', async () => {
    const dir = 'tf2onnx/tests/models/regression/saved_model';
    const set = fixtureDirSet(dir);
    const without = { files: set.files.filter((f) => !f.path.includes('/variables/')) };
    const facts = await decodeSavedModel(without, dir);
    expect(facts.missing.map((m) => m.path)).toEqual([`${dir}/variables/variables.index`]);
    // The graph really has variable ops (VariableV2), per protoc.
    const ops = at(decodeRaw(join(FIXTURES, dir, 'saved_model.pb')), 2, 2, 1, 2).map(stringOf);
    expect(ops).toContain('VariableV2');
  });

  it('a 0-byte assets.extra file is listed, not an error', async () => {
    const dir =
      'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_cpu_with_empty_saved_model_config/00000123';
    const facts = await decodeSavedModel(fixtureDirSet(dir), dir);
    expect(facts.assets).toContain('assets.extra/saved_model_config.pb');
    expect(facts.problems).toEqual([]);
  });

  it('custom ops (TF-DF, TF-Text) are reported as ops, with the functions that use them', async () => {
    const dir = 'tf-decision-forests/tensorflow_decision_forests/test_data/model/saved_model_adult_rf';
    const facts = await decodeSavedModel(fixtureDirSet(dir), dir);
    const raw = decodeRaw(join(FIXTURES, dir, 'saved_model.pb'));
    const fnOps = at(raw, 2, 2, 2, 1, 3, 2)
      .map(stringOf)
      .filter((op) => op.startsWith('SimpleML'));
    expect(fnOps.length).toBeGreaterThan(0);
    for (const op of new Set(fnOps)) {
      const fact = facts.op_details.find((o) => o.op === op)!;
      expect(fact.count).toBe(
        fnOps.filter((o) => o === op).length +
          at(raw, 2, 2, 1, 2)
            .map(stringOf)
            .filter((o) => o === op).length,
      );
      expect(fact.functions.some((f) => f !== '')).toBe(true);
    }
  });

  it('decodes through the Node file source (a directory opened by path)', async () => {
    const dir = 'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123';
    const set = await openFixture(dir);
    try {
      const facts = await decodeSavedModel(set, basename(dir));
      expect(facts.artifacts[0]!.files).toContain('00000123/variables/variables.index');
      expect(facts.missing).toEqual([]);
      expect(facts.producer.other['fingerprint.producer']).toBe('1');
    } finally {
      await set.close();
    }
  });

  it('a TF1 Hub module (.tar.gz): no schema version, a MetaGraph without tags', async () => {
    const rel = 'tf-hub/tensorflow_hub/testdata/half_plus_two_v1.tar.gz';
    const set = await unpackTarGz(new BytesSource('hub', bytesOfFixture(rel)));
    const facts = await decodeSavedModel(set, 'hub');
    // Evidence: GNU tar unpacks the same archive, protoc reads its saved_model.pb.
    const tmp = mkdtempSync(join(tmpdir(), 'hub-'));
    try {
      execFileSync('tar', ['xzf', join(FIXTURES, rel), '-C', tmp]);
      const raw = decodeRaw(join(tmp, 'saved_model.pb'));
      expect(at(raw, 1)).toEqual([]);
      expect(facts.producer.other['saved_model_schema_version']).toBeUndefined();
      expect(strings(raw, 2, 1, 4)).toEqual([]);
      expect(facts.meta_graphs[0]!.tags).toEqual([]);
      expect(facts.meta_graphs[0]!.stripped_default_attrs).toBe(at(raw, 2, 1, 7).length > 0);
      expect(facts.producer.tensorflow).toBe(strings(raw, 2, 1, 5)[0]);
      expect(facts.signatures.map((x) => x.key)).toEqual(strings(raw, 2, 5, 1));
      expect(facts.missing).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
