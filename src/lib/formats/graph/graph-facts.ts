/**
 * Compact facts from a decoded GraphDef: op usage in the main graph and in every library
 * function, plus the nodes the doctor needs by name (placeholders, variables).
 */
import { dtypeName } from '../../dtypes.ts';
import type { OpFact, Shape, TensorSpecFact } from '../../facts.ts';
import type { tensorflow } from '../../proto/index.ts';
import { shapeOf } from './shapes.ts';

/** Ops that create variables (ref variables, resource handles). */
export const VARIABLE_OPS = new Set(['Variable', 'VariableV2', 'VarHandleOp', 'AutoReloadVariable', 'TemporaryVariable']);

export interface GraphNodeFacts {
  name: string;
  op: string;
  dtype: string | null;
  shape: Shape | null;
}

export interface GraphFacts {
  node_count: number;
  function_count: number;
  function_names: string[];
  op_details: OpFact[];
  placeholders: TensorSpecFact[];
  /** Variable-creating nodes of the main graph, by node name. */
  variables: Map<string, GraphNodeFacts>;
  producer: number | null;
  min_consumer: number | null;
  /** GraphDef.version (field 3), used by graphs older than VersionDef; 0 when unset. */
  legacy_version: number;
}

/** `file`: where the graph was read from, recorded on each op so findings cite that file. */
export function graphFacts(graph: tensorflow.GraphDef.$Properties | null | undefined, file: string): GraphFacts {
  const ops = new Map<string, { count: number; attrs: Set<string>; functions: Set<string> }>();
  const count = (nodes: readonly tensorflow.NodeDef.$Properties[], fn: string) => {
    for (const node of nodes) {
      const op = node.op ?? '';
      let entry = ops.get(op);
      if (!entry) {
        entry = { count: 0, attrs: new Set(), functions: new Set() };
        ops.set(op, entry);
      }
      entry.count++;
      entry.functions.add(fn);
      for (const key of Object.keys(node.attr ?? {})) entry.attrs.add(key);
    }
  };
  const nodes = graph?.node ?? [];
  count(nodes, '');
  const functions = graph?.library?.function ?? [];
  const functionNames: string[] = [];
  for (const fn of functions) {
    const name = fn.signature?.name ?? '';
    functionNames.push(name);
    count(fn.node_def ?? [], name);
  }
  const placeholders: TensorSpecFact[] = [];
  const variables = new Map<string, GraphNodeFacts>();
  for (const node of nodes) {
    const op = node.op ?? '';
    if (op === 'Placeholder' || op === 'PlaceholderV2' || VARIABLE_OPS.has(op)) {
      const attr = node.attr ?? {};
      const dtypeAttr = attr['dtype'];
      const dtype = dtypeAttr ? dtypeName(dtypeAttr.type ?? 0) : null;
      // A missing `shape` attr (stripped default, or a graph older than the attr) is unknown.
      const shapeAttr = attr['shape'];
      const shape = shapeAttr ? shapeOf(shapeAttr.shape) : null;
      const name = node.name ?? '';
      if (op === 'Placeholder' || op === 'PlaceholderV2') {
        placeholders.push({ name, tensor: `${name}:0`, dtype: dtype ?? 'invalid', shape });
      } else {
        variables.set(name, { name, op, dtype, shape });
      }
    }
  }
  const op_details: OpFact[] = [...ops.entries()]
    .map(([op, e]) => ({ op, count: e.count, attrs: [...e.attrs].sort(), functions: [...e.functions].sort(), files: [file] }))
    .sort((a, b) => (a.op < b.op ? -1 : a.op > b.op ? 1 : 0));
  return {
    node_count: nodes.length,
    function_count: functions.length,
    function_names: functionNames,
    op_details,
    placeholders,
    variables,
    producer: graph?.versions ? (graph.versions.producer ?? 0) : null,
    min_consumer: graph?.versions ? (graph.versions.min_consumer ?? 0) : null,
    legacy_version: graph?.version ?? 0,
  };
}
