/**
 * The object tree the page reads from the worker is the graph the library decoded: for every
 * object-based fixture the result carries only the graph's size, and every node the root reaches
 * shows its decoded children (name, id) and values' keys, in the page's batches or larger ones.
 * A result that a newer check replaced is refused, not mixed up with the new one.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES_PER_REQUEST } from '../../../src/browser/object-graph-remote.ts';
import type { PickedFileMessage, WorkerResponse } from '../../../src/browser/protocol.ts';
import { WorkerHandler } from '../../../src/browser/worker-handler.ts';
import { emptyContext } from '../../../src/lib/context/types.ts';
import { decodeCheckpoint } from '../../../src/lib/formats/checkpoint/index.ts';
import type { ObjectNodeFact } from '../../../src/lib/facts.ts';
import { openPaths } from '../../../src/node/file-source.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { remoteGraph, type ResultMessage, walkTree } from '../../helpers/worker-report.ts';
import { findFiles, walkTable } from '../checkpoint/evidence.ts';

const withGraph = findFiles(FIXTURES, (n) => n.endsWith('.index')).filter((index) =>
  walkTable(readFileSync(index)).entries.some((e) => e.key.toString() === '_CHECKPOINTABLE_OBJECT_GRAPH'),
);

/** The index and its data shards, as the page posts them. */
function checkpointFiles(index: string): PickedFileMessage[] {
  const prefix = basename(index, '.index');
  return findFiles(dirname(index), (n) => n === `${prefix}.index` || n.startsWith(`${prefix}.data-`)).map((path) => ({
    file: new File([readFileSync(path)], basename(path)),
    path: basename(path),
  }));
}

async function inspect(
  handler: WorkerHandler,
  messages: WorkerResponse[],
  job: number,
  files: PickedFileMessage[],
): Promise<ResultMessage> {
  const { expected: _e, verify: _v, ...context } = emptyContext();
  await handler.handle({ type: 'inspect', job, files, context, verify: false });
  const result = messages.find((m) => m.type === 'result' && m.job === job);
  if (result?.type !== 'result') throw new Error(`the worker answered ${JSON.stringify(messages.at(-1))}`);
  return result;
}

describe('the object graph the page asks the worker for', () => {
  it('has object-based fixtures to read', () => {
    expect(withGraph.length).toBeGreaterThan(2);
  });

  for (const index of withGraph) {
    it(`shows every node of ${index.slice(FIXTURES.length + 1)} as decoded`, async () => {
      const prefix = basename(index, '.index');
      const files = await openPaths(findFiles(dirname(index), (n) => n === `${prefix}.index` || n.startsWith(`${prefix}.data-`)));
      let nodes: ObjectNodeFact[];
      try {
        nodes = (await decodeCheckpoint(files, prefix)).object_graph!;
      } finally {
        await files.close();
      }
      const messages: WorkerResponse[] = [];
      const handler = new WorkerHandler((m) => messages.push(m));
      const result = await inspect(handler, messages, 1, checkpointFiles(index));
      expect(result.report.facts.object_graph).toEqual({ count: nodes.length });

      const tree = await walkTree(remoteGraph(handler, messages, result)!);
      expect(tree.size).toBeGreaterThan(0);
      for (const [id, { node, entries }] of tree) {
        const decoded = nodes[id]!;
        expect(node).toEqual({
          label: decoded.identifier ?? decoded.kind,
          values: decoded.attributes.length,
          entries: decoded.children.length + decoded.attributes.length,
        });
        expect(entries).toEqual([
          ...decoded.children.map((c) => ({
            child: {
              id: c.id,
              name: c.name,
              node: nodes[c.id] ? expect.objectContaining({ values: nodes[c.id]!.attributes.length }) : null,
            },
          })),
          ...decoded.attributes.map((a) => ({ key: a.checkpoint_key })),
        ]);
      }
      // The page's batches of 200 read the same entries as the walk's batches of 1,000.
      const graph = remoteGraph(handler, messages, result)!;
      const [widest] = [...tree].sort((a, b) => b[1].entries.length - a[1].entries.length);
      const paged = [];
      for (let from = 0; from < widest![1].entries.length; from += 200) paged.push(...(await graph.slice(widest![0], from, 200))!.entries);
      expect(paged).toEqual(widest![1].entries);
    });
  }

  it('answers at most one request’s worth of entries, and refuses a replaced result', async () => {
    const messages: WorkerResponse[] = [];
    const handler = new WorkerHandler((m) => messages.push(m));
    const index = withGraph[0]!;
    const first = await inspect(handler, messages, 1, checkpointFiles(index));
    await handler.handle({ type: 'object-tree', job: 1, request: 1, id: 0, from: 0, count: 10 * MAX_ENTRIES_PER_REQUEST });
    const answer = messages.at(-1);
    expect(answer?.type === 'object-tree' && answer.held && answer.slice!.entries.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_REQUEST);
    await handler.handle({ type: 'object-tree', job: 1, request: 2, id: 1e9, from: 0, count: 1 });
    expect(messages.at(-1)).toMatchObject({ type: 'object-tree', request: 2, held: true, slice: null });

    // A second check replaces the first: the first result's tree is no longer given.
    await inspect(handler, messages, 2, checkpointFiles(index));
    const stale = remoteGraph(handler, messages, first)!;
    expect(await stale.slice(0, 0, 1)).toBeNull();
    expect(stale.available).toBe(false);
  });
});
