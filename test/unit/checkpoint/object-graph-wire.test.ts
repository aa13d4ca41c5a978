/**
 * The direct TrackableObjectGraph decoder against protobufjs's generated decoder (independent
 * code, TF's schema) on every real object graph among the fixtures, on writer-made graphs with
 * odd values, and on damaged bytes: the same nodes, or an error where the bytes are malformed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundleIndex } from '../../../src/lib/formats/checkpoint/bundle-index.ts';
import { OBJECT_GRAPH_KEY } from '../../../src/lib/formats/checkpoint/object-graph.ts';
import { decodeTrackableObjectGraph } from '../../../src/lib/formats/checkpoint/object-graph-wire.ts';
import { decodeStringTensor } from '../../../src/lib/formats/checkpoint/string-tensor.ts';
import { dataFileName } from '../../../src/lib/formats/checkpoint/shard-files.ts';
import { tensorflow } from '../../../src/lib/proto/index.ts';
import { encodeObjectGraph } from '../../../src/lib/writers/checkpoint-protos.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';

function indexFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) indexFiles(full, out);
    else if (name.endsWith('.index')) out.push(full);
  }
  return out;
}

/** What the generated decoder makes of the bytes, in the facts' shape. */
function viaProtobufjs(bytes: Uint8Array) {
  const graph = tensorflow.TrackableObjectGraph.decode(bytes);
  return graph.nodes.map((n, id) => ({
    id,
    kind: null,
    identifier: null,
    registered_name: n.registered_saver?.name || null,
    children: (n.children ?? []).map((c) => ({ name: c.local_name ?? '', id: c.node_id ?? 0 })),
    attributes: (n.attributes ?? []).map((a) => ({
      name: a.name ?? '',
      checkpoint_key: a.checkpoint_key ?? '',
      full_name: a.full_name || null,
    })),
    slot_variables: (n.slot_variables ?? []).map((s) => ({
      original_variable_id: s.original_variable_node_id ?? 0,
      slot_name: s.slot_name ?? '',
      slot_variable_id: s.slot_variable_node_id ?? 0,
    })),
    variable: null,
  }));
}

async function realGraphs(): Promise<{ name: string; bytes: Uint8Array }[]> {
  const graphs: { name: string; bytes: Uint8Array }[] = [];
  for (const index of indexFiles(FIXTURES)) {
    const dir = index.slice(0, index.lastIndexOf('/'));
    const set = await openPaths([dir]);
    try {
      const source = set.files.find((f) => f.path.endsWith(index.slice(dir.length)))!;
      const bundle = await readBundleIndex(source).catch(() => null);
      const e = bundle?.entries.find((x) => x.key === OBJECT_GRAPH_KEY);
      if (!bundle || !e) continue;
      const prefix = source.path.slice(0, -'.index'.length);
      const shard = set.files.find((f) => f.path === dataFileName(prefix, e.entry.shard_id, bundle.header.num_shards));
      if (!shard) continue;
      const stored = await shard.read(e.entry.offset, e.entry.size);
      graphs.push({
        name: relative(FIXTURES, index),
        bytes: decodeStringTensor(stored, 1, shard.path, e.entry.offset, OBJECT_GRAPH_KEY)[0]!,
      });
    } finally {
      await set.close();
    }
  }
  return graphs;
}

describe('decodeTrackableObjectGraph', () => {
  it('matches the generated decoder on every real object graph in the fixtures', async () => {
    const graphs = await realGraphs();
    expect(graphs.length).toBeGreaterThanOrEqual(5);
    for (const g of graphs) expect(decodeTrackableObjectGraph(g.bytes), g.name).toEqual(viaProtobufjs(g.bytes));
  });

  it('matches on writer-made graphs with negative ids, non-ASCII names, empty names and registered savers', () => {
    const bytes = encodeObjectGraph({
      nodes: [
        {
          children: [
            { node_id: 1, local_name: 'modèle' },
            { node_id: -3, local_name: '' },
          ],
          registered_saver: { name: 'tf.Saver>x', object_name: 'o' },
        },
        {
          attributes: [
            { name: 'VARIABLE_VALUE', full_name: 'ünïcode/kernel', checkpoint_key: 'k/.ATTRIBUTES/VARIABLE_VALUE' },
            { name: '', checkpoint_key: '' },
          ],
        },
        { slot_variables: [{ original_variable_node_id: 1, slot_name: 'm', slot_variable_node_id: 2147483647 }] },
        {},
      ],
    });
    expect(decodeTrackableObjectGraph(bytes)).toEqual(viaProtobufjs(bytes));
  });

  it('throws on every truncation of a real graph that protobufjs also rejects, never returns garbage silently', async () => {
    const [g] = await realGraphs();
    const bytes = g!.bytes;
    for (let cut = 1; cut < bytes.byteLength; cut += Math.max(1, Math.floor(bytes.byteLength / 200))) {
      const part = bytes.subarray(0, cut);
      let theirs: unknown = null;
      try {
        theirs = viaProtobufjs(part);
      } catch {
        theirs = 'error';
      }
      if (theirs === 'error') expect(() => decodeTrackableObjectGraph(part), `cut at ${cut}`).toThrow();
      else expect(decodeTrackableObjectGraph(part), `cut at ${cut}`).toEqual(theirs);
    }
  });

  it('refuses a known field with the wrong wire type and an over-long length', () => {
    expect(() => decodeTrackableObjectGraph(Uint8Array.of(0x08, 0x01))).toThrow(/wire type 0, expected 2/);
    expect(() => decodeTrackableObjectGraph(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0x7f, 0x00))).toThrow(/runs past/);
  });
});
