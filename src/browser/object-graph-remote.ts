/**
 * The object graph stays in the checker's worker; the page asks for the part of the tree it
 * shows. A checkpoint of a large model has one node per variable (100,000+), often all children
 * of one node: posting them with the report cost 0.7 s of the 3.3 s from drop to results in
 * Chromium (structured clone copies every node, array and string twice; packing them as JSON
 * text first cost as much). The tree shows a node's label and, once open, 200 of its entries at
 * a time, so that is what crosses: a slice of one node's entries with the labels of its children.
 */
import type { ObjectNodeFact } from '../lib/facts.ts';

/** Entries one request may ask for (the tree asks for a batch of 200 at a time). */
export const MAX_ENTRIES_PER_REQUEST = 1000;

/** What a tree row shows of a node. */
export interface NodeSummary {
  /** SavedUserObject identifier, else the kind (SavedModel graphs; null in checkpoints). */
  label: string | null;
  /** Values checkpointed for this object. */
  values: number;
  /** Children and values: what opening the node lists. */
  entries: number;
}

export type TreeEntry = { child: { id: number; name: string; node: NodeSummary | null } } | { key: string };

/** Entries [from, from + entries.length) of one node (children first, then its values' keys). */
export interface TreeSlice {
  node: NodeSummary;
  entries: TreeEntry[];
}

function summaryOf(node: ObjectNodeFact | undefined): NodeSummary | null {
  if (!node) return null;
  return {
    label: node.identifier ?? node.kind,
    values: node.attributes.length,
    entries: node.children.length + node.attributes.length,
  };
}

/** The slice the page asked for; null for an id the graph does not have. */
export function treeSlice(nodes: readonly ObjectNodeFact[], id: number, from: number, count: number): TreeSlice | null {
  const node = nodes[id];
  if (!node) return null;
  const start = Math.max(0, Math.floor(from));
  const end = Math.min(start + Math.max(0, Math.min(count, MAX_ENTRIES_PER_REQUEST)), node.children.length + node.attributes.length);
  const entries: TreeEntry[] = [];
  for (let i = start; i < end; i++) {
    if (i < node.children.length) {
      const { id: childId, name } = node.children[i]!;
      entries.push({ child: { id: childId, name, node: summaryOf(nodes[childId]) } });
    } else entries.push({ key: node.attributes[i - node.children.length]!.checkpoint_key });
  }
  return { node: summaryOf(node)!, entries };
}

/**
 * Asks the worker for a slice: the slice, null for no such node, or 'gone' when the result it
 * belongs to is no longer held (a newer check replaced it, or the worker was restarted).
 */
export type FetchSlice = (id: number, from: number, count: number) => Promise<TreeSlice | null | 'gone'>;

/** The page's handle on the graph in the worker. */
export class RemoteObjectGraph {
  /** False once the worker has said the result is gone. */
  available = true;

  constructor(
    readonly count: number,
    private readonly fetchSlice: FetchSlice,
  ) {}

  async slice(id: number, from: number, count: number): Promise<TreeSlice | null> {
    if (!this.available) return null;
    const answer = await this.fetchSlice(id, from, Math.min(count, MAX_ENTRIES_PER_REQUEST));
    if (answer === 'gone') this.available = false;
    return answer === 'gone' ? null : answer;
  }
}
