/**
 * Evidence names the file a fact came from. A SavedModel directory holds saved_model.pb (the
 * graph: ops, attrs, GraphDef versions, tags) beside companions such as fingerprint.pb, which
 * holds only hashes; a finding about an op must send the reader to saved_model.pb.
 *
 * The independent check is the cited file's own bytes: an op or attr name the finding cites is
 * spelled out in the file that defines the node (protobuf stores strings verbatim), and the
 * companion fingerprint.pb holds none of them.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import type { Evidence, Finding } from '../../../src/lib/rules/finding.ts';
import { writeSavedModel } from '../../../src/lib/writers/saved-model.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { ctx, factsOf, run, sample } from './load.ts';
import { inspect } from '../../../src/lib/inspect.ts';
import { diagnose } from '../../../src/lib/rules/index.ts';

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

/** Every evidence item of the findings, with the bytes of the file it names (paths are relative to `base`). */
function cited(findings: readonly Finding[], base: string): { e: Evidence; bytes: Uint8Array }[] {
  return findings.flatMap((f) =>
    f.evidence.map((e) => {
      expect(e.file, `${f.title}: evidence names no file`).not.toBeNull();
      return { e, bytes: readFileSync(resolve(base, e.file!)) };
    }),
  );
}

describe('SavedModel findings cite saved_model.pb, not fingerprint.pb', () => {
  const dir = resolve(sample('savedmodel-dir-into-keras3-load-model', 'broken'), 'regressor_savedmodel');
  const base = dirname(dir);
  const fingerprint = readFileSync(resolve(dir, 'fingerprint.pb'));

  it('ops, attrs and GraphDef versions TF 2.5 lacks', async () => {
    const facts = await factsOf(dir);
    expect(facts.artifacts.find((a) => a.format === 'saved_model')?.files).toContain('regressor_savedmodel/fingerprint.pb');
    const findings = run(facts, ctx({ tf: '2.5', loader: 'tf.saved_model.load' }), 'version-mismatch');
    // The sample was written by TF 2.21: it uses DisableCopyOnRead (TF 2.14+) and VarHandleOp.debug_name.
    const keys = findings.flatMap((f) => f.evidence.map((e) => e.key));
    expect(keys).toEqual(expect.arrayContaining(['DisableCopyOnRead', 'VarHandleOp.debug_name', 'versions.producer']));
    for (const { e, bytes } of cited(findings, base)) {
      expect(e.file).toBe('regressor_savedmodel/saved_model.pb');
      if (e.key === 'versions.producer') continue;
      for (const name of e.key!.split('.')) {
        expect(contains(bytes, name), `${e.key} is spelled in ${e.file}`).toBe(true);
        expect(contains(fingerprint, name), `${e.key} is not in fingerprint.pb`).toBe(false);
      }
    }
    const producer = findings.find((f) => f.evidence.some((e) => e.key === 'versions.producer'))!;
    // The version the finding quotes (tensorflow_version "2.21.0") is written in the cited file.
    expect(producer.title).toContain('2.21.0');
    expect(contains(readFileSync(resolve(base, producer.evidence[0]!.file!)), '2.21.0')).toBe(true);
  });

  it('each op records the graph file it was read from', async () => {
    const facts = await factsOf(dir);
    expect(facts.op_details.length).toBeGreaterThan(0);
    for (const o of facts.op_details) expect(o.files).toEqual(['regressor_savedmodel/saved_model.pb']);
    for (const m of facts.meta_graphs) expect(m.file).toBe('regressor_savedmodel/saved_model.pb');
  });

  it('a TF Serving SavedModel with assets and fingerprint.pb', async () => {
    const served = fixturePath('tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123');
    const facts = await factsOf(served);
    const findings = run(facts, ctx({ tf: '1.0', loader: 'tf.saved_model.load' }), 'version-mismatch');
    expect(findings.length).toBeGreaterThan(0);
    for (const { e } of cited(findings, dirname(served))) expect(e.file).toBe('00000123/saved_model.pb');
  });

  it('a missing serve tag cites the MetaGraph in saved_model.pb', async () => {
    const written = writeSavedModel({
      meta_graphs: [{ tags: ['train'], tensorflow_version: '2.21.0', nodes: [{ name: 'x', op: 'Placeholder' }] }],
      fingerprint: {
        saved_model_checksum: 1n,
        graph_def_program_hash: 2n,
        signature_def_hash: 3n,
        saved_object_graph_hash: 4n,
        checkpoint_hash: 5n,
      },
    });
    expect([...written.keys()]).toContain('fingerprint.pb');
    const set = fileSet([...written].map(([name, bytes]) => new BytesSource(`model/${name}`, bytes)));
    const { facts } = await inspect(set);
    const findings = diagnose(facts, ctx({ loader: 'tf.compat.v1.saved_model.loader.load' })).filter((f) =>
      f.evidence.some((e) => e.key?.endsWith('meta_info_def.tags')),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.map((e) => e.file)).toEqual(['model/saved_model.pb']);
  });
});

describe('a frozen GraphDef cites itself', () => {
  it('GraphDef versions of a frozen .pb', async () => {
    const rel = 'dl4j-test-resources/src/main/resources/tf_graphs/examples/zeros_like/rank2_float32_dtype_int8/frozen_model.pb';
    const facts = await factsOf(fixturePath(rel));
    const findings = run(facts, ctx({ tf: '1.0' }), 'version-mismatch');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) for (const e of f.evidence) expect(e.file).toBe('frozen_model.pb');
    for (const o of facts.op_details) expect(o.files).toEqual(['frozen_model.pb']);
  });
});
