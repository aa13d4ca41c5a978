/** SavedObjectGraph (TF2 SavedModel) -> ObjectNodeFact[] and the embedded Keras metadata. */
import { dtypeName } from '../../dtypes.ts';
import type { ObjectNodeFact } from '../../facts.ts';
import type { tensorflow } from '../../proto/index.ts';
import type { KerasNodeMetadata } from './keras-metadata.ts';
import { shapeOf } from './shapes.ts';

const KINDS = [
  'user_object',
  'asset',
  'function',
  'variable',
  'bare_concrete_function',
  'constant',
  'resource',
  'captured_tensor',
] as const;

export function objectGraphFacts(graph: tensorflow.SavedObjectGraph.$Properties): ObjectNodeFact[] {
  return (graph.nodes ?? []).map((node, id): ObjectNodeFact => {
    const record = node as Record<string, unknown>;
    const kind = KINDS.find((k) => record[k] != null) ?? null;
    const v = node.variable;
    return {
      id,
      kind,
      identifier: node.user_object?.identifier || null,
      registered_name: node.registered_name || null,
      children: (node.children ?? []).map((c) => ({ name: c.local_name ?? '', id: c.node_id ?? 0 })),
      attributes: [],
      slot_variables: (node.slot_variables ?? []).map((s) => ({
        original_variable_id: s.original_variable_node_id ?? 0,
        slot_name: s.slot_name ?? '',
        slot_variable_id: s.slot_variable_node_id ?? 0,
      })),
      variable: v
        ? { dtype: dtypeName(v.dtype ?? 0), shape: shapeOf(v.shape), trainable: v.trainable ?? false, name: v.name || null }
        : null,
    };
  });
}

/**
 * Keras metadata that TF 2.0-2.5 embedded in SavedUserObject.metadata. Node paths are rebuilt
 * from the child edges (breadth first from the root, first path wins) in keras_metadata.pb's
 * `root.layer-0` form.
 */
export function embeddedKerasMetadata(graph: tensorflow.SavedObjectGraph.$Properties): KerasNodeMetadata[] {
  const nodes = graph.nodes ?? [];
  const paths = new Map<number, string>([[0, 'root']]);
  const queue = [0];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const child of nodes[id]?.children ?? []) {
      const childId = child.node_id ?? 0;
      if (paths.has(childId) || childId >= nodes.length) continue;
      paths.set(childId, `${paths.get(id)}.${child.local_name ?? ''}`);
      queue.push(childId);
    }
  }
  const out: KerasNodeMetadata[] = [];
  nodes.forEach((node, id) => {
    const meta = node.user_object?.metadata;
    if (!meta) return;
    out.push({ node_id: id, node_path: paths.get(id) ?? `node-${id}`, identifier: node.user_object?.identifier ?? '', metadata: meta });
  });
  return out;
}
