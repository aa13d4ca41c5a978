/**
 * Content sniffing tells every graph fixture apart by structure, on a 64 KiB head and on a cut
 * 1 KiB head; no other fixture file (checkpoints, HDF5, zips, assets, keras_metadata.pb,
 * fingerprint.pb, text files) is taken for a graph.
 */
import { describe, expect, it } from 'vitest';
import { sniffProtobuf, sniffTextProto } from '../../../src/lib/formats/graph/index.ts';
import { ProtoWriter } from '../../../src/lib/binary/protobuf-writer.ts';
import { BytesSource, fileSet } from '../../../src/lib/byte-source.ts';
import { decodeSavedModel } from '../../../src/lib/formats/graph/index.ts';
import { writeGraphDefBytes, writeMetaGraphBytes, writeSavedModel } from '../../../src/lib/writers/saved-model.ts';
import { allFixtureFiles, bytesOfFixture, graphDefFiles, metaFiles, savedModelDirs } from './manifest.ts';

const expected = new Map<string, string>();
for (const dir of savedModelDirs()) expected.set(`${dir}/saved_model.pb`, 'saved_model');
for (const f of metaFiles()) expected.set(f, 'meta_graph');
for (const f of graphDefFiles()) expected.set(f, 'graph_def');

function sniff(rel: string, headSize: number): string | null {
  const bytes = bytesOfFixture(rel);
  if (rel.endsWith('.pbtxt')) return sniffTextProto(Buffer.from(bytes.subarray(0, headSize)).toString('utf8'));
  return sniffProtobuf(bytes.subarray(0, headSize), bytes.byteLength);
}

describe('sniffProtobuf / sniffTextProto', () => {
  it('knows every graph artifact of the manifest', () => {
    expect(expected.size).toBeGreaterThanOrEqual(60);
  });

  for (const [file, kind] of expected) {
    it(`${kind}: ${file}`, () => {
      expect(sniff(file, 65536)).toBe(kind);
      if (bytesOfFixture(file).byteLength > 1024) expect(sniff(file, 1024)).toBe(kind);
    });
  }

  it('takes no other fixture file for a graph', () => {
    const others = allFixtureFiles().filter((f) => !expected.has(f));
    expect(others.length).toBeGreaterThan(100);
    const claimed = others.filter((f) => {
      const bytes = bytesOfFixture(f);
      return (
        sniffProtobuf(bytes.subarray(0, 65536), bytes.byteLength) !== null ||
        sniffTextProto(Buffer.from(bytes.subarray(0, 4096)).toString('utf8')) !== null
      );
    });
    expect(claimed).toEqual([]);
  });

  it('returns null for empty and garbage input', () => {
    expect(sniffProtobuf(new Uint8Array(0), 0)).toBeNull();
    expect(sniffProtobuf(Uint8Array.from([0xff, 0xff, 0xff]), 3)).toBeNull();
    expect(sniffTextProto('hello world')).toBeNull();
    expect(sniffTextProto('')).toBeNull();
  });

  it('takes no file made only of unknown fields for a graph (a text file of `x` lines)', () => {
    // "x\n" is field 15, varint 10: plausible as a field of a later release in all three messages.
    const lines = new TextEncoder().encode('x\n'.repeat(500));
    expect(sniffProtobuf(lines, lines.byteLength)).toBeNull();
    expect(sniffProtobuf(lines.subarray(0, 64), lines.byteLength)).toBeNull();
    // One known field before them, and it is a SavedModel again.
    const known = Uint8Array.from([0x08, 0x01, ...lines.subarray(0, 20)]);
    expect(sniffProtobuf(known, known.byteLength)).toBe('saved_model');
  });

  it('reads text heads after comments', () => {
    expect(sniffTextProto('# a comment\nsaved_model_schema_version: 1\nmeta_graphs {\n')).toBe('saved_model');
    expect(sniffTextProto('meta_info_def {\n  tags: "serve"\n}')).toBe('meta_graph');
    expect(sniffTextProto('node <\n  name: "x"\n>')).toBe('graph_def');
    expect(sniffTextProto('node: "x"')).toBeNull();
  });

  it('accepts fields a future TensorFlow may add (numbers above the known ones)', async () => {
    const w = new ProtoWriter()
      .uint(1, 1)
      .message(2, (mg) =>
        mg
          .message(1, (info) => info.string(4, 'serve').string(5, '9.0.0').string(12, 'future info'))
          .message(2, (g) =>
            g.message(1, (n) => n.string(1, 'x').string(2, 'Placeholder').fixed64(9, 7n)).message(4, (v) => v.uint(1, 5000)),
          )
          .string(30, 'future meta graph field'),
      )
      .uint(3, 42);
    const bytes = w.finish();
    expect(sniffProtobuf(bytes, bytes.byteLength)).toBe('saved_model');
    const facts = await decodeSavedModel(fileSet([new BytesSource('f/saved_model.pb', bytes)]), 'f');
    expect(facts.meta_graphs[0]).toMatchObject({ tags: ['serve'], tensorflow_version: '9.0.0', graph_def_producer: 5000, node_count: 1 });
  });

  it('tells apart the layouts whose first field is field 2 in all three messages', () => {
    // GraphDef with only a library (field 2), nodes without attrs and a long function name.
    const lib = writeGraphDefBytes([], [{ name: `__inference_${'serving_default_'.repeat(3)}123`, nodes: [{ name: 'n', op: 'NoOp' }] }]);
    expect(lib[0]).toBe(0x12);
    expect(sniffProtobuf(lib, lib.byteLength)).toBe('graph_def');
    // SavedModel without saved_model_schema_version: meta_graphs (field 2) first.
    const sm = writeSavedModel({ schema_version: null, meta_graphs: [{ tags: [], nodes: [{ name: 'x', op: 'Placeholder' }] }] }).get(
      'saved_model.pb',
    )!;
    expect(sm[0]).toBe(0x12);
    expect(sniffProtobuf(sm, sm.byteLength)).toBe('saved_model');
    // A MetaGraphDef and a GraphDef with one attr-less node each.
    const meta = writeMetaGraphBytes({ tags: ['serve'], nodes: [{ name: 'x', op: 'NoOp' }] });
    expect(sniffProtobuf(meta, meta.byteLength)).toBe('meta_graph');
    const graph = writeGraphDefBytes([{ name: 'x', op: 'NoOp' }]);
    expect(sniffProtobuf(graph, graph.byteLength)).toBe('graph_def');
  });
});
