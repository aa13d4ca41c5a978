/**
 * Damaged artifacts through the whole path a reader's files take: check() (sniff -> decoders
 * -> facts, checksum verification of every checkpoint, then the rules). Each kind of
 * damage from the issue must end in the right finding or DecodeError:
 *   a truncated data shard, a flipped byte in a data shard, a flipped byte in an index block,
 *   a missing shard, a zip bomb;
 * and a partly readable artifact (a SavedModel whose variables are damaged) still reports what
 * could be read. Inputs are real fixtures damaged in memory; the evidence for what must be found
 * is the file system (sizes, which file was removed or cut), the table layout read by the
 * fuzzer's own small parser (test/fuzz/structure.ts), TF's layout rule that tensors sit back to
 * back in a shard, and the damage itself (which byte we flipped).
 */
import { describe, expect, it } from 'vitest';
import { BytesSource, fileSet } from '../../src/lib/byte-source.ts';
import { check } from '../../src/lib/check.ts';
import type { VerifyReport } from '../../src/lib/formats/checkpoint/index.ts';
import { writeZip } from '../../src/lib/writers/keras.ts';
import { readAsOpened, type InputFile } from '../fuzz/seeds.ts';
import { tableLayout, zipLayout } from '../fuzz/structure.ts';
import { fixturePath } from '../helpers/fixtures.ts';
import { manifestRows } from '../helpers/manifest.ts';

const T2T = 't2t/tensor2tensor/test_data/transformer_test_ckpt';
const SMALL_CKPT = 'tf2onnx/tests/models/regression/checkpoint';
const TF2_SAVED_MODEL = 'tf-serving/tensorflow_serving/servables/tensorflow/testdata/saved_model_half_plus_two_tf2_cpu/00000123';

function load(rel: string): InputFile[] {
  return readAsOpened(fixturePath(rel));
}

function replace(files: InputFile[], suffix: string, edit: (bytes: Uint8Array) => Uint8Array): InputFile[] {
  const hits = files.filter((f) => f.path.endsWith(suffix));
  expect(hits, suffix).toHaveLength(1);
  return files.map((f) => (f === hits[0] ? { path: f.path, bytes: edit(f.bytes) } : f));
}

function flip(at: number) {
  return (bytes: Uint8Array) => {
    const out = new Uint8Array(bytes);
    out[at]! ^= 0x01;
    return out;
  };
}

/** The pipeline every reader's files take: decode, verify every checkpoint, diagnose. */
async function examine(files: InputFile[]) {
  const set = fileSet(files.map((f) => new BytesSource(f.path, f.bytes)));
  const result = await check({ files: set, options: { verify: true } });
  const verify: VerifyReport | null = result.verify?.[0]?.report ?? null;
  const errors = result.findings.filter((f) => f.failure === 'corrupted-checkpoint' && f.severity === 'error');
  return { facts: result.facts, verify, findings: result.findings, errors };
}

describe('damaged artifacts through inspect -> diagnose', () => {
  it('the undamaged fixtures used here have no problems and no corrupted-checkpoint finding (control)', async () => {
    for (const rel of [T2T, SMALL_CKPT, TF2_SAVED_MODEL]) {
      const { facts, errors, verify } = await examine(load(rel));
      expect(
        facts.problems.map((p) => p.message),
        rel,
      ).toEqual([]);
      expect(errors, rel).toEqual([]);
      expect(verify?.ok, rel).toBe(true);
    }
  });

  it('a truncated data shard: the shard is named with the bytes present and the bytes the index needs', async () => {
    const files = load(T2T);
    const shard = files.find((f) => f.path.endsWith('.data-00001-of-00002'))!;
    const original = shard.bytes.length;
    // File-system evidence: the MANIFEST size of that shard is what we loaded.
    const row = manifestRows().find((r) => r.path === T2T)!;
    expect(row.files.find((f) => f.name.endsWith('.data-00001-of-00002'))!.bytes).toBe(original);
    const cut = Math.floor(original / 2);
    const { facts, verify, errors } = await examine(replace(files, '.data-00001-of-00002', (b) => b.slice(0, cut)));

    // TF writes tensors back to back, so the index needs exactly the original size.
    expect(verify!.short_shards).toEqual([{ file: shard.path, size: cut, needed: original }]);
    expect(facts.problems.length).toBeGreaterThan(0);
    for (const p of facts.problems) {
      expect(p.file).toBe(shard.path);
      expect(p.what).toMatch(new RegExp(`but the shard has only ${cut} bytes`));
      expect(p.offset).not.toBeNull();
      expect(p.offset).toBeGreaterThanOrEqual(0);
    }
    const truncated = errors.find((f) => f.title.includes('is truncated'));
    expect(truncated?.title).toContain(shard.path);
    expect(errors.some((f) => f.evidence.some((e) => e.file === shard.path))).toBe(true);
    // The index itself was not touched: every variable is still listed.
    const undamaged = await examine(files);
    expect(facts.variables.map((v) => v.name)).toEqual(undamaged.facts.variables.map((v) => v.name));
  });

  it('a flipped byte in a data shard: exactly the tensor holding that byte fails its checksum', async () => {
    const files = load(SMALL_CKPT);
    const shard = files.find((f) => f.path.endsWith('.data-00000-of-00001'))!;
    // MANIFEST: 2 float32 entries in an 8-byte shard, so each tensor is 4 bytes: [0, 4) and [4, 8).
    expect(shard.bytes.length).toBe(8);
    const names = new Set<string>();
    for (const at of [1, 6]) {
      const { facts, verify, errors } = await examine(replace(files, '.data-00000-of-00001', flip(at)));
      expect(facts.problems).toEqual([]); // nothing in the index is wrong; only the values are
      expect(verify!.ok).toBe(false);
      expect(verify!.bad).toHaveLength(1);
      const bad = verify!.bad[0]!;
      expect(bad.file).toBe(shard.path);
      expect(bad.size).toBe(4);
      expect(bad.offset).toBe(at < 4 ? 0 : 4);
      expect(bad.actual).not.toBe(bad.expected);
      names.add(bad.name);
      const finding = errors.find((f) => f.title === `Checksum mismatch in ${bad.name}`);
      expect(finding?.detail).toMatch(/Checksum does not match/);
      expect(finding?.evidence[0]?.file).toBe(shard.path);
    }
    expect(names.size).toBe(2);
  });

  it('a flipped byte in an index block: a DecodeError naming the .index and a byte inside that block', async () => {
    const files = load(SMALL_CKPT);
    const index = files.find((f) => f.path.endsWith('.index'))!;
    const layout = tableLayout(index.bytes)!;
    expect(layout.data).toHaveLength(1);
    for (const [label, block] of [
      ['data block', layout.data[0]!],
      ['table index block', layout.index],
    ] as const) {
      const at = block.offset + Math.floor(block.size / 2);
      const { facts, errors } = await examine(replace(files, '.index', flip(at)));
      const problem = facts.problems.find((p) => p.file === index.path);
      expect(problem, label).toBeDefined();
      expect(problem!.offset, label).toBeGreaterThanOrEqual(block.offset);
      expect(problem!.offset, label).toBeLessThanOrEqual(block.offset + block.size + 5);
      expect(
        errors.some((f) => f.title.startsWith(`Cannot read ${index.path}`)),
        label,
      ).toBe(true);
      // The checkpoint cannot be listed, but the .meta beside it is still read.
      expect(facts.artifacts.map((a) => a.format)).toContain('tf1_meta');
    }
  });

  it('a missing shard: named as missing, with the count the header declares', async () => {
    const files = load(T2T);
    const gone = files.find((f) => f.path.endsWith('.data-00000-of-00002'))!;
    const { facts, errors } = await examine(files.filter((f) => f !== gone));
    expect(facts.missing.map((m) => m.path)).toEqual([gone.path]);
    expect(facts.missing[0]!.why).toMatch(/declares 2 data shard/);
    expect(errors.some((f) => f.title === `Missing ${gone.path}`)).toBe(true);
    // The other shard and the index are still read: the variable list is complete.
    const undamaged = await examine(files);
    expect(facts.variables.length).toBe(undamaged.facts.variables.length);
  });

  it('a zip bomb (.keras whose weights inflate more than 1000:1) is refused before inflating, without allocating its size', async () => {
    const zeros = new Uint8Array(96 * 1024 * 1024);
    const metadata = new TextEncoder().encode('{"keras_version": "3.15.1"}');
    const config = new TextEncoder().encode('{"class_name": "Sequential", "config": {"name": "m", "layers": []}}');
    const bomb = writeZip([
      { name: 'metadata.json', data: metadata },
      { name: 'config.json', data: config },
      { name: 'model.weights.h5', data: zeros, method: 8 },
    ]);
    // The zip's own directory is the evidence: a small compressed member declaring 96 MiB.
    const z = zipLayout(bomb)!;
    const view = new DataView(bomb.buffer, bomb.byteOffset);
    const weights = z.central[2]!;
    const compressed = view.getUint32(weights + 20, true);
    expect(view.getUint32(weights + 24, true)).toBe(zeros.length);
    expect(zeros.length / compressed).toBeGreaterThan(1000);

    const before = process.memoryUsage().arrayBuffers;
    const { facts, findings } = await examine([{ path: 'bomb.keras', bytes: bomb }]);
    const grown = process.memoryUsage().arrayBuffers - before;
    const problem = facts.problems.find((p) => /zip bomb/.test(p.what));
    expect(problem?.file).toBe('bomb.keras');
    expect(problem?.what).toContain(`would expand ${compressed} bytes to ${zeros.length}`);
    expect(findings.some((f) => f.severity === 'error' && f.title.includes('bomb.keras') && f.title.includes('zip bomb'))).toBe(true);
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  it('a zip member that lies about its size stops inflating at the declared size', async () => {
    const metadata = new TextEncoder().encode('{"keras_version": "3.15.1"}');
    const liar = writeZip([
      { name: 'metadata.json', data: metadata },
      { name: 'config.json', data: new Uint8Array(32 * 1024 * 1024), method: 8, declaredSize: 4096 },
    ]);
    const before = process.memoryUsage().arrayBuffers;
    const { facts } = await examine([{ path: 'liar.keras', bytes: liar }]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
    expect(facts.problems.map((p) => p.what)).toEqual(
      expect.arrayContaining([expect.stringMatching(/config\.json" inflates past its declared 4096 bytes/)]),
    );
  });

  it('a SavedModel whose variables are damaged still reports its graph, and the damage', async () => {
    const files = load(TF2_SAVED_MODEL);
    const undamaged = await examine(files);
    // MANIFEST: TF 2.14.0, producer 1569, 29 nodes, 7 signatures.
    expect(undamaged.facts.meta_graphs.map((m) => [m.graph_def_producer, m.node_count])).toEqual([[1569, 29]]);
    expect(undamaged.facts.signatures).toHaveLength(7);

    const shardFlip = await examine(replace(files, 'variables.data-00000-of-00001', flip(600)));
    const indexCut = await examine(replace(files, 'variables.index', (b) => b.slice(0, b.length - 20)));
    for (const [label, damaged] of [
      ['flipped shard byte', shardFlip],
      ['truncated index', indexCut],
    ] as const) {
      expect(damaged.facts.producer.tensorflow, label).toBe('2.14.0');
      expect(damaged.facts.meta_graphs, label).toEqual(undamaged.facts.meta_graphs);
      expect(damaged.facts.signatures, label).toEqual(undamaged.facts.signatures);
      expect(damaged.facts.artifacts.find((a) => a.format === 'saved_model')?.summary, label).not.toMatch(/could not be read/);
      expect(damaged.errors.length, label).toBeGreaterThan(0);
    }
    expect(shardFlip.verify!.bad.map((b) => b.file)).toEqual([expect.stringMatching(/variables\.data-00000-of-00001$/)]);
    expect(indexCut.facts.problems.map((p) => p.file)).toEqual(
      expect.arrayContaining([expect.stringMatching(/variables\/variables\.index$/)]),
    );
  });
});
