/**
 * Edits of a TF2 checkpoint's object graph. Restore matches the loading program's objects to the
 * graph's nodes by the local names of child edges, so a rename is an edge that moves, not only a
 * key that changes: a layer renamed from `dense_1` to `denselayer1` becomes the same node under a
 * new edge name, keeping every child it has; a weight moved elsewhere becomes the same node under
 * a new parent path (created when missing). Keys are then derived from the new graph as
 * TensorFlow derives them (object-graph.ts), so slot variables follow their variable.
 */
import { cloneGraph, emptyNode, type GraphNode, isSlotKey, type ObjectGraph, splitKey, unescapeName } from './object-graph.ts';

export interface Move {
  /** The node that moves. */
  node: number;
  /** Its path before (unescaped segments) and after. */
  from: string[];
  to: string[];
  /** Every key this move renames (from the map). */
  keys: string[];
}

/** Unescaped local names on every node's first breadth-first path through child edges (null: not reached that way). */
export function pathSegments(graph: ObjectGraph): (string[] | null)[] {
  const n = graph.nodes.length;
  const out = new Array<string[] | null>(n).fill(null);
  if (n === 0) return out;
  out[0] = [];
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const c of graph.nodes[id]!.children) {
      if (c.id < 0 || c.id >= n || out[c.id] !== null) continue;
      out[c.id] = [...out[id]!, c.name];
      queue.push(c.id);
    }
  }
  return out;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => b[i] === s);
}

/**
 * Works out which nodes move for a rename map (saved key -> new key): for each key, the highest
 * node whose whole subtree is renamed the same way (a layer and all its weights), else the
 * variable's own node. Problems are returned in words; a map with problems is not applied.
 */
export function planMoves(graph: ObjectGraph, renames: ReadonlyMap<string, string>): { moves: Move[]; problems: string[] } {
  const problems: string[] = [];
  const segments = pathSegments(graph);
  const owner = new Map<string, number>();
  graph.nodes.forEach((n, id) => {
    for (const a of n.attributes) owner.set(a.checkpoint_key, id);
  });
  // Attribute keys under each path prefix, for the consistency check.
  const keysUnder = (prefix: readonly string[]): { key: string; rest: string[]; attribute: string }[] => {
    const out: { key: string; rest: string[]; attribute: string }[] = [];
    graph.nodes.forEach((n, id) => {
      const p = segments[id];
      if (!p || !startsWith(p, prefix)) return;
      for (const a of n.attributes) {
        const parts = splitKey(a.checkpoint_key);
        if (parts) out.push({ key: a.checkpoint_key, rest: p.slice(prefix.length), attribute: parts.attribute });
      }
    });
    return out;
  };

  const byNode = new Map<number, Move>();
  // (old prefix, new prefix) -> the move it makes, or null when the subtree is not renamed alike.
  const checked = new Map<string, Move | null>();
  for (const [from, to] of renames) {
    if (from === to) continue;
    if (isSlotKey(from)) continue; // slot variables follow their variable
    const id = owner.get(from);
    if (id === undefined) {
      problems.push(`"${from}" is not a value of this checkpoint's object graph`);
      continue;
    }
    const o = splitKey(from);
    const n = splitKey(to);
    if (!o || !n) {
      problems.push(`"${to}" is not an object-based key (it must end in /.ATTRIBUTES/<name>, like the saved one)`);
      continue;
    }
    if (o.attribute !== n.attribute) {
      problems.push(`"${from}" -> "${to}": the attribute (${o.attribute} vs ${n.attribute}) cannot change, only the object path`);
      continue;
    }
    const path = segments[id];
    if (!path || !same(path, o.segments)) {
      problems.push(`"${from}" is not stored under its object path, so the node it names is ambiguous`);
      continue;
    }
    if (n.segments.length === 0) {
      problems.push(`"${to}" would put a value on the checkpoint's root object`);
      continue;
    }
    // Longest common suffix of the two paths, leaving at least one segment on each side.
    let k = 0;
    while (
      k < o.segments.length - 1 &&
      k < n.segments.length - 1 &&
      o.segments[o.segments.length - 1 - k] === n.segments[n.segments.length - 1 - k]
    ) {
      k++;
    }
    let chosen: Move | null = null;
    for (let keep = k; keep >= 0 && !chosen; keep--) {
      const a = o.segments.slice(0, o.segments.length - keep);
      const b = n.segments.slice(0, n.segments.length - keep);
      const memo = `${a.join('\u0000')}\u0001${b.join('\u0000')}`;
      let verdict = checked.get(memo);
      if (verdict === undefined) {
        const under = keysUnder(a);
        const consistent = under.every((u) => renames.get(u.key) === joinSegments([...b, ...u.rest], u.attribute));
        const nodeId = consistent ? nodeAt(graph, a) : null;
        verdict = nodeId === null ? null : { node: nodeId, from: a, to: b, keys: under.map((u) => u.key) };
        checked.set(memo, verdict);
      }
      chosen = verdict;
    }
    if (!chosen) {
      // A weight's own node: always consistent for its own key.
      chosen = { node: id, from: o.segments, to: n.segments, keys: [from] };
    }
    const seen = byNode.get(chosen.node);
    if (seen && !same(seen.to, chosen.to)) problems.push(`two renames move /${chosen.from.join('/')} to different places`);
    else if (!seen) byNode.set(chosen.node, chosen);
  }
  // A move inside another moved subtree is implied by it.
  const movedPaths = new Set([...byNode.values()].map((m) => m.from.join('\u0000')));
  const moves = [...byNode.values()].filter((m) => {
    for (let i = 1; i < m.from.length; i++) if (movedPaths.has(m.from.slice(0, i).join('\u0000'))) return false;
    return true;
  });
  return { moves, problems };
}

function joinSegments(segments: readonly string[], attribute: string): string {
  return `${segments.map((s) => s.replace(/\./g, '..').replace(/\//g, '.S')).join('/')}/.ATTRIBUTES/${attribute}`;
}

/** The node reached from the root through these child names (first match at each step). */
export function nodeAt(graph: ObjectGraph, path: readonly string[]): number | null {
  let id = 0;
  for (const name of path) {
    const next = graph.nodes[id]?.children.find((c) => c.name === name);
    if (!next) return null;
    id = next.id;
  }
  return id;
}

function isEmpty(node: GraphNode): boolean {
  return node.children.length === 0 && node.attributes.length === 0 && node.slots.length === 0 && node.kept.length === 0;
}

/** Applies moves to a copy of the graph; nodes left empty by a move are unlinked. */
export function applyMoves(input: ObjectGraph, moves: readonly Move[]): { graph: ObjectGraph; problems: string[] } {
  const graph = cloneGraph(input);
  const problems: string[] = [];
  const emptied = new Set<number>();
  for (const m of moves) {
    const parentPath = m.from.slice(0, -1);
    const oldParent = nodeAt(graph, parentPath);
    const oldName = m.from[m.from.length - 1]!;
    const newName = m.to[m.to.length - 1]!;
    if (oldParent === null) {
      problems.push(`/${m.from.join('/')} is no longer in the graph`);
      continue;
    }
    const parent = graph.nodes[oldParent]!;
    const edge = parent.children.findIndex((c) => c.name === oldName && c.id === m.node);
    if (edge < 0) {
      problems.push(`/${m.from.join('/')} is no longer in the graph`);
      continue;
    }
    const target = ensurePath(graph, m.to.slice(0, -1));
    const clash = graph.nodes[target]!.children.findIndex((c) => c.name === newName);
    if (clash >= 0 && graph.nodes[target]!.children[clash]!.id !== m.node) {
      const other = graph.nodes[graph.nodes[target]!.children[clash]!.id]!;
      if (!isEmpty(other)) {
        problems.push(
          `/${m.to.join('/')} already exists in the checkpoint with values of its own: renaming /${m.from.join('/')} onto it would overwrite them`,
        );
        continue;
      }
      graph.nodes[target]!.children.splice(clash, 1);
    }
    if (target === oldParent) {
      parent.children[edge] = { id: m.node, name: newName };
      continue;
    }
    parent.children.splice(edge, 1);
    graph.nodes[target]!.children.push({ id: m.node, name: newName });
    if (isEmpty(parent)) emptied.add(oldParent);
  }
  unlinkEmptied(graph, emptied);
  return { graph, problems };
}

/** Follows (and creates) child edges by name from the root; returns the last node. */
export function ensurePath(graph: ObjectGraph, path: readonly string[]): number {
  let id = 0;
  for (const name of path) {
    const next = graph.nodes[id]!.children.find((c) => c.name === name);
    if (next) {
      id = next.id;
      continue;
    }
    graph.nodes.push(emptyNode());
    const created = graph.nodes.length - 1;
    graph.nodes[id]!.children.push({ id: created, name });
    id = created;
  }
  return id;
}

/** Removes edges to nodes a move left empty, walking up while parents become empty too. */
function unlinkEmptied(graph: ObjectGraph, emptied: Set<number>): void {
  let pending = [...emptied];
  while (pending.length > 0) {
    const next: number[] = [];
    for (const id of pending) {
      if (id === 0 || !isEmpty(graph.nodes[id]!)) continue;
      graph.nodes.forEach((n, pid) => {
        const before = n.children.length;
        n.children = n.children.filter((c) => c.id !== id);
        if (n.children.length !== before && isEmpty(n)) next.push(pid);
      });
    }
    pending = next;
  }
}

/**
 * The optimizer's part of the graph: the nodes reached through an edge named `optimizer` and the
 * nodes that own slot variables. Edges to them and slot references are removed; what the model
 * still reaches (Keras 3 optimizers track the model's own variables) stays.
 */
export function dropOptimizer(input: ObjectGraph): { graph: ObjectGraph; roots: number[] } {
  const graph = cloneGraph(input);
  const roots = new Set<number>();
  graph.nodes.forEach((n, id) => {
    if (n.slots.length > 0) roots.add(id);
    for (const c of n.children) if (c.name === 'optimizer') roots.add(c.id);
  });
  roots.delete(0);
  for (const n of graph.nodes) {
    n.children = n.children.filter((c) => !roots.has(c.id));
    n.slots = [];
  }
  return { graph, roots: [...roots] };
}

/**
 * A graph for a list of object-based keys (what a fresh model's checkpoint holds): a tree of
 * nodes from the keys' paths, each value on its own node. Restore matches child names along
 * these paths, exactly as it would on the graph the fresh model writes.
 */
export function graphFromKeys(values: readonly { key: string; full_name: string }[]): ObjectGraph {
  const graph: ObjectGraph = { nodes: [emptyNode()], valuesField: true };
  for (const v of values) {
    const parts = splitKey(v.key);
    if (!parts) throw new Error(`${v.key} is not an object-based key`);
    const id = ensurePath(graph, parts.segments);
    graph.nodes[id]!.attributes.push({
      name: unescapeName(parts.attribute),
      full_name: v.full_name,
      checkpoint_key: v.key,
      optional_restore: false,
    });
  }
  return graph;
}
