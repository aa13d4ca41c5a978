/**
 * Every object path that reaches each checkpointed value. A TF2 checkpoint stores a variable once,
 * under the first path its saver found (breadth-first), but the object graph keeps every edge to
 * it: in TF 2.21 a compiled Keras 3 model's kernels are stored as
 * `optimizer/_trainable_variables/0/...` while `model/_operations/1/_kernel` reaches the same
 * node. Restore matches nodes, not key strings, so the diff must see all of these names.
 */
import type { ObjectNodeFact } from '../facts.ts';

const MAX_PATHS_PER_NODE = 8;
const MAX_VISITS = 200_000;

/** checkpoint key -> the `a/b/c` paths (from the root) of the object that owns it. */
export function checkpointKeyAliases(graph: readonly ObjectNodeFact[] | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!graph || graph.length === 0) return out;
  const byId = new Map(graph.map((n) => [n.id, n]));
  const paths = new Map<number, string[]>([[0, ['']]]);
  const queue: number[] = [0];
  // A read position, not shift(): shifting a queue of 100,000 ids can move the rest each time.
  let head = 0;
  let visits = 0;
  while (head < queue.length && visits++ < MAX_VISITS) {
    const id = queue[head++]!;
    const node = byId.get(id);
    if (!node) continue;
    for (const child of node.children) {
      const known = paths.get(child.id) ?? [];
      const fresh = (paths.get(id) ?? []).map((p) => (p === '' ? child.name : `${p}/${child.name}`)).filter((p) => !known.includes(p));
      if (fresh.length === 0 || known.length >= MAX_PATHS_PER_NODE) continue;
      const first = known.length === 0;
      paths.set(child.id, [...known, ...fresh].slice(0, MAX_PATHS_PER_NODE));
      if (first || fresh.length > 0) queue.push(child.id);
    }
  }
  for (const node of graph) {
    for (const attr of node.attributes) {
      const ps = paths.get(node.id) ?? [];
      const suffix = attr.name === 'VARIABLE_VALUE' ? '' : `/${attr.name}`;
      out.set(
        attr.checkpoint_key,
        ps.map((p) => p + suffix),
      );
    }
  }
  return out;
}
