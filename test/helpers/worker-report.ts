/**
 * The object graph as the page can see it: the worker's answers to 'object-tree', walked over
 * every node the root reaches, so tests can compare it with the CLI's object graph read the same
 * way (treeSlice over its nodes).
 */
import {
  MAX_ENTRIES_PER_REQUEST,
  RemoteObjectGraph,
  type TreeEntry,
  type NodeSummary,
  treeSlice,
} from '../../src/browser/object-graph-remote.ts';
import type { WorkerResponse } from '../../src/browser/protocol.ts';
import type { WorkerHandler } from '../../src/browser/worker-handler.ts';
import type { ObjectNodeFact } from '../../src/lib/facts.ts';

export type ResultMessage = Extract<WorkerResponse, { type: 'result' }>;

/** The graph of a result, read through the worker's answers to 'object-tree'. */
export function remoteGraph(handler: WorkerHandler, messages: WorkerResponse[], result: ResultMessage): RemoteObjectGraph | null {
  const size = result.report.facts.object_graph;
  if (!size) return null;
  let request = 0;
  return new RemoteObjectGraph(size.count, async (id, from, count) => {
    const asked = ++request;
    const before = messages.length;
    await handler.handle({ type: 'object-tree', job: result.job, request: asked, id, from, count });
    const answer = messages.slice(before).find((m) => m.type === 'object-tree' && m.request === asked);
    if (answer?.type !== 'object-tree') throw new Error(`the worker did not answer object-tree request ${asked}`);
    return answer.held ? answer.slice : 'gone';
  });
}

/** The same reading of a graph the test holds itself. */
export function localGraph(nodes: readonly ObjectNodeFact[]): RemoteObjectGraph {
  return new RemoteObjectGraph(nodes.length, async (id, from, count) => treeSlice(nodes, id, from, count));
}

/** Every node the root reaches, with all of its entries (paged as the page pages them). */
export async function walkTree(graph: RemoteObjectGraph): Promise<Map<number, { node: NodeSummary; entries: TreeEntry[] }>> {
  const out = new Map<number, { node: NodeSummary; entries: TreeEntry[] }>();
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    if (out.has(id)) continue;
    const first = await graph.slice(id, 0, MAX_ENTRIES_PER_REQUEST);
    if (!first) continue;
    const entries = [...first.entries];
    while (entries.length < first.node.entries) {
      const next = await graph.slice(id, entries.length, MAX_ENTRIES_PER_REQUEST);
      if (!next || next.entries.length === 0) throw new Error(`node ${id}: entries stop at ${entries.length} of ${first.node.entries}`);
      entries.push(...next.entries);
    }
    out.set(id, { node: first.node, entries });
    for (const e of entries) if ('child' in e && e.child.node) queue.push(e.child.id);
  }
  return out;
}
