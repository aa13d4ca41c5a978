/**
 * The object graph of a TF2 (object-based) checkpoint: a TrackableObjectGraph stored as the
 * scalar string tensor `_CHECKPOINTABLE_OBJECT_GRAPH`. It says which Python object owned each
 * value, which is what restore matches against, so each variable gets its object path:
 * the local names on the shortest path from the root (node 0), joined with dots
 * (`model.layer_with_weights-0.kernel`), the same breadth-first naming TF's object graph view uses.
 *
 * Optimizer slot variables hang off the optimizer, not off the tree of children; their path is
 * `<variable path>.OPTIMIZER_SLOT.<optimizer path>.<slot name>`, mirroring their checkpoint key.
 */
import { DecodeError } from '../../errors.ts';
import type { ObjectNodeFact, OptimizerFact } from '../../facts.ts';
import { message } from './bundle-protos.ts';
import { decodeTrackableObjectGraph } from './object-graph-wire.ts';

import { OBJECT_GRAPH_KEY } from '../../facts.ts';

export { OBJECT_GRAPH_KEY };
const VARIABLE_VALUE = 'VARIABLE_VALUE';

export interface ObjectGraphInfo {
  nodes: ObjectNodeFact[];
  /** Checkpoint key -> dotted object path. */
  paths: Map<string, string>;
  /** Checkpoint key of a slot variable -> the variable's key and the slot name. */
  slots: Map<string, { variable: string; slot: string }>;
  optimizer: OptimizerFact | null;
  /** Dangling node references and the like; the rest of the graph is still usable. */
  problems: string[];
}

export function decodeObjectGraph(bytes: Uint8Array, file: string): ObjectGraphInfo {
  let nodes: ObjectNodeFact[];
  try {
    nodes = decodeTrackableObjectGraph(bytes);
  } catch (error) {
    throw new DecodeError(file, `${OBJECT_GRAPH_KEY} is not a TrackableObjectGraph: ${message(error)}`, { cause: error });
  }
  const problems: string[] = [];
  const count = nodes.length;
  // `what` is built only for a bad reference: with 100,000 nodes, eager messages cost more than the walk.
  const valid = (id: number, what: () => string): boolean => {
    if (Number.isInteger(id) && id >= 0 && id < count) return true;
    problems.push(`${what()} refers to node ${id}, but the graph has ${count} nodes`);
    return false;
  };

  // Breadth-first from the root: the first path found to a node is its name.
  const nodePath: (string | null)[] = new Array<string | null>(count).fill(null);
  if (count > 0) {
    nodePath[0] = '';
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head]!;
      for (const child of nodes[id]!.children) {
        if (!valid(child.id, () => `node ${id} child "${child.name}"`) || nodePath[child.id] !== null) continue;
        nodePath[child.id] = joinPath(nodePath[id]!, child.name);
        queue.push(child.id);
      }
    }
  }

  const keyOf = (id: number): string | null => nodes[id]?.attributes.find((a) => a.name === VARIABLE_VALUE)?.checkpoint_key ?? null;
  const slots = new Map<string, { variable: string; slot: string }>();
  const slotNodes: number[] = [];
  for (const owner of nodes) {
    for (const ref of owner.slot_variables) {
      if (!valid(ref.original_variable_id, () => `node ${owner.id} slot "${ref.slot_name}"`)) continue;
      if (!valid(ref.slot_variable_id, () => `node ${owner.id} slot "${ref.slot_name}"`)) continue;
      slotNodes.push(ref.slot_variable_id);
      const variablePath = nodePath[ref.original_variable_id] ?? `node${ref.original_variable_id}`;
      nodePath[ref.slot_variable_id] ??= `${variablePath}.OPTIMIZER_SLOT.${nodePath[owner.id] ?? `node${owner.id}`}.${ref.slot_name}`;
      const variable = keyOf(ref.original_variable_id) ?? variablePath;
      for (const a of nodes[ref.slot_variable_id]!.attributes) slots.set(a.checkpoint_key, { variable, slot: ref.slot_name });
    }
  }

  const paths = new Map<string, string>();
  for (const node of nodes) {
    const path = nodePath[node.id];
    if (path == null) continue;
    for (const a of node.attributes) paths.set(a.checkpoint_key, a.name === VARIABLE_VALUE ? path : joinPath(path, a.name));
  }

  return { nodes, paths, slots, optimizer: optimizerOf(nodes, slotNodes), problems };
}

function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

/**
 * Optimizer-owned values: everything under a node that owns slot variables or is reached
 * through an edge named `optimizer`, plus the slot variables themselves, minus what the rest of
 * the graph also reaches (Keras 3 optimizers track the model's own variables as
 * `_trainable_variables`; those belong to the model).
 */
function optimizerOf(nodes: readonly ObjectNodeFact[], slotNodes: readonly number[]): OptimizerFact | null {
  const roots = new Set<number>();
  for (const n of nodes) {
    if (n.slot_variables.length > 0) roots.add(n.id);
    for (const c of n.children) if (c.name === 'optimizer' && nodes[c.id]) roots.add(c.id);
  }
  if (roots.size === 0) return null;
  const elsewhere = roots.has(0) || nodes.length === 0 ? null : reachable(nodes, [0], roots);
  const owned = reachable(nodes, [...roots, ...slotNodes], null);
  const variables: string[] = [];
  for (let id = 0; id < nodes.length; id++) {
    if (owned[id] && !elsewhere?.[id]) for (const a of nodes[id]!.attributes) variables.push(a.checkpoint_key);
  }
  const slotCount = nodes.reduce((sum, n) => sum + n.slot_variables.length, 0);
  return { class_name: null, slot_count: slotCount, variables: [...new Set(variables)].sort(), config: null };
}

/** Marks (by node id) of the nodes reachable from `start` through children, never entering `blocked`. */
function reachable(nodes: readonly ObjectNodeFact[], start: readonly number[], blocked: ReadonlySet<number> | null): Uint8Array {
  // A byte per node rather than a Set: a 100,000-node graph is walked twice per checkpoint.
  const seen = new Uint8Array(nodes.length);
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (!nodes[id] || seen[id]) continue;
    seen[id] = 1;
    for (const c of nodes[id]!.children) if (!blocked?.has(c.id)) stack.push(c.id);
  }
  return seen;
}
