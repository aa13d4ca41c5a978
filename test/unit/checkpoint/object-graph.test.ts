/**
 * The `_CHECKPOINTABLE_OBJECT_GRAPH` of every object-based fixture: nodes, edges and attributes
 * agree with `protoc --decode_raw` of the stored TrackableObjectGraph, and each object path
 * follows TF's own key rule (key = path segments joined by `/` + `/.ATTRIBUTES/<name>`;
 * slot variables: `<var>/.OPTIMIZER_SLOT/<optimizer>/<slot>/...`).
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { decodeRawMany, decodeWithSchema, findFiles, num, str, stringElements, sub, walkTable } from './evidence.ts';

// Field numbers from tensorflow/core/protobuf/trackable_object_graph.proto.
const SCHEMA = `syntax = "proto3";
package t;
message Graph {
  message Node {
    message Ref { int32 node_id = 1; string local_name = 2; }
    message Tensor { string name = 1; string full_name = 2; string checkpoint_key = 3; }
    message Slot { int32 original_variable_node_id = 1; string slot_name = 2; int32 slot_variable_node_id = 3; }
    repeated Ref children = 1;
    repeated Tensor attributes = 2;
    repeated Slot slot_variables = 3;
  }
  repeated Node nodes = 1;
}`;

const withGraph = findFiles(FIXTURES, (n) => n.endsWith('.index')).filter((index) =>
  walkTable(readFileSync(index)).entries.some((e) => e.key.toString() === '_CHECKPOINTABLE_OBJECT_GRAPH'),
);

/** TF escapes `.` as `..` and `/` as `.S` in local names; none of the fixtures need it. */
function keyFromPath(path: string, attribute: string): string {
  return `${path.split('.').join('/')}/.ATTRIBUTES/${attribute}`;
}

describe('object graphs of TF2 checkpoints', () => {
  it('finds the object-based fixtures', () => {
    expect(withGraph.length).toBeGreaterThanOrEqual(10);
  });

  for (const index of withGraph) {
    it(`${relative(FIXTURES, index)}: graph matches protoc; object paths follow TF's key rule`, async () => {
      const raw = walkTable(readFileSync(index));
      const graphEntry = raw.entries.find((e) => e.key.toString() === '_CHECKPOINTABLE_OBJECT_GRAPH')!;
      const entry = decodeRawMany([graphEntry.value])[0]!;
      const numShards = num(decodeRawMany([raw.entries[0]!.value])[0]!, '1');
      const shardPath = `${index.replace(/\.index$/, '')}.data-${String(num(entry, '3')).padStart(5, '0')}-of-${String(numShards).padStart(5, '0')}`;
      const bytes = readFileSync(shardPath).subarray(num(entry, '4'), num(entry, '4') + num(entry, '5'));
      const graph = decodeWithSchema(stringElements(bytes, 1)[0]!, SCHEMA, 't.Graph');
      const rawNodes = sub(graph, 'nodes');

      const files = await openPaths([dirname(index)]);
      try {
        const prefix = relative(dirname(dirname(index)), index).replace(/\.index$/, '');
        const facts = await decodeCheckpoint(files, prefix);
        expect(facts.problems).toEqual([]);
        const nodes = facts.object_graph!;
        expect(nodes.length).toBe(rawNodes.length);
        rawNodes.forEach((n, id) => {
          expect(nodes[id]!.children).toEqual(sub(n, 'children').map((c) => ({ id: num(c, 'node_id'), name: str(c, 'local_name') })));
          expect(nodes[id]!.attributes.map((a) => [a.name, a.checkpoint_key])).toEqual(
            sub(n, 'attributes').map((a) => [str(a, 'name'), str(a, 'checkpoint_key')]),
          );
          expect(nodes[id]!.slot_variables).toEqual(
            sub(n, 'slot_variables').map((r) => ({
              original_variable_id: num(r, 'original_variable_node_id'),
              slot_name: str(r, 'slot_name'),
              slot_variable_id: num(r, 'slot_variable_node_id'),
            })),
          );
        });

        // Every checkpoint key named in the graph is a variable with the path TF derived it from.
        const graphKeys = rawNodes.flatMap((n) => sub(n, 'attributes').map((a) => str(a, 'checkpoint_key')));
        expect([...graphKeys].sort()).toEqual(facts.variables.map((v) => v.name).sort());
        for (const key of graphKeys) {
          const v = facts.variables.find((x) => x.name === key)!;
          expect(v, key).toBeDefined();
          if (v.slot) {
            expect(key).toContain('/.OPTIMIZER_SLOT/');
            expect(key.startsWith(v.slot.variable.replace(/\/\.ATTRIBUTES\/VARIABLE_VALUE$/, '/'))).toBe(true);
            expect(key).toContain(`/${v.slot.slot}/.ATTRIBUTES/`);
          } else {
            const attr = key.slice(key.lastIndexOf('/.ATTRIBUTES/') + '/.ATTRIBUTES/'.length);
            const path = attr === 'VARIABLE_VALUE' ? v.object_path! : v.object_path!.slice(0, -attr.length - 1);
            expect(keyFromPath(path, attr)).toBe(key);
          }
        }
        // Optimizer slots: as many slot-marked variables as the graph has slot references.
        const slotRefs = rawNodes.reduce((s, n) => s + sub(n, 'slot_variables').length, 0);
        expect(facts.variables.filter((v) => v.slot).length).toBe(slotRefs);
        if (slotRefs > 0) expect(facts.optimizer?.slot_count).toBe(slotRefs);
      } finally {
        await files.close();
      }
    });
  }
});
