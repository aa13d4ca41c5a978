/**
 * The TrackableObjectGraph of a TF2 checkpoint, decoded losslessly so that repair can edit it and
 * write it back: every field this module does not interpret (a node's registered_saver, fields of
 * newer TensorFlow releases, a reference's extra fields) is kept as its wire bytes and written
 * back unchanged.
 *
 *   TrackableObject { children = 1; attributes = 2; slot_variables = 3; registered_saver = 4;
 *                     google.protobuf.BoolValue has_checkpoint_values = 5; }
 *
 * Two things TensorFlow derives from the graph are derived here the same way, so an edited graph
 * is one TensorFlow could have written:
 *  - checkpoint keys (`graph_view.py` / `save_util_v1.py`): a node's path is the local names on the
 *    first breadth-first path from the root, each escaped (`.` -> `..`, `/` -> `.S`) and joined
 *    with `/`; an attribute's key is `<path>/.ATTRIBUTES/<name>`; a slot variable that no child
 *    edge reaches is named `<variable path>/.OPTIMIZER_SLOT/<optimizer path>/<slot name>`;
 *  - `has_checkpoint_values` (`save_util.py`): true on every node that has attributes, slot
 *    variables or a registered saver, and on all of its ancestors, false elsewhere; written on
 *    every node, as TF 2.9+ does, unless the input graph predates the field.
 * Nodes are numbered as TensorFlow numbers them: breadth-first from the root, then the slot
 * variables no edge reaches.
 */
import { ByteReader } from '../binary/byte-reader.ts';
import { ProtoWriter } from '../binary/protobuf-writer.ts';
import { WireType } from '../binary/wire-types.ts';
import { utf8Decode } from '../utf8.ts';

export interface GraphChild {
  id: number;
  name: string;
}

export interface GraphAttribute {
  /** Local name, `VARIABLE_VALUE` for a variable. */
  name: string;
  full_name: string;
  checkpoint_key: string;
  optional_restore: boolean;
}

export interface GraphSlot {
  original: number;
  slot: string;
  variable: number;
}

export interface GraphNode {
  children: GraphChild[];
  attributes: GraphAttribute[];
  slots: GraphSlot[];
  /** Wire bytes of fields kept as they are (registered_saver and any unknown field), tag included. */
  kept: Uint8Array[];
  /** registered_saver is present (it counts as a checkpoint value). */
  registeredSaver: boolean;
}

export interface ObjectGraph {
  nodes: GraphNode[];
  /** Write has_checkpoint_values (TF 2.9+ writes it on every node; older graphs lack it). */
  valuesField: boolean;
}

const ATTRIBUTES = '.ATTRIBUTES';
const SLOT_MARK = '.OPTIMIZER_SLOT';

export function decodeGraph(bytes: Uint8Array): ObjectGraph {
  const nodes: GraphNode[] = [];
  const top = new ByteReader(bytes);
  const flags = { valuesField: false };
  for (const f of top.fields('TrackableObjectGraph')) {
    if (f.field !== 1) continue;
    if (f.wire !== WireType.LEN) top.fail('TrackableObjectGraph field 1 is not a message', f.offset);
    nodes.push(decodeNode(bytes, f.start, f.end, flags));
  }
  return { nodes, valuesField: flags.valuesField };
}

function decodeNode(bytes: Uint8Array, start: number, end: number, flags: { valuesField: boolean }): GraphNode {
  const node: GraphNode = { children: [], attributes: [], slots: [], kept: [], registeredSaver: false };
  const r = new ByteReader(bytes, start, end);
  for (const f of r.fields('TrackableObject')) {
    // The generator has moved past the field: [offset, pos) is the whole field, tag included.
    const raw = bytes.subarray(f.offset, r.pos);
    if (f.field === 1 && f.wire === WireType.LEN) {
      const child: GraphChild = { id: 0, name: '' };
      const s = new ByteReader(bytes, f.start, f.end);
      for (const g of s.fields('ObjectReference')) {
        if (g.field === 1 && g.wire === WireType.VARINT) child.id = Number(BigInt.asIntN(32, g.value));
        else if (g.field === 2 && g.wire === WireType.LEN) child.name = text(bytes, g.start, g.end);
      }
      node.children.push(child);
    } else if (f.field === 2 && f.wire === WireType.LEN) {
      const a: GraphAttribute = { name: '', full_name: '', checkpoint_key: '', optional_restore: false };
      const s = new ByteReader(bytes, f.start, f.end);
      for (const g of s.fields('SerializedTensor')) {
        if (g.wire === WireType.LEN && g.field >= 1 && g.field <= 3) {
          const value = text(bytes, g.start, g.end);
          if (g.field === 1) a.name = value;
          else if (g.field === 2) a.full_name = value;
          else a.checkpoint_key = value;
        } else if (g.field === 4 && g.wire === WireType.VARINT) a.optional_restore = g.value !== 0n;
      }
      node.attributes.push(a);
    } else if (f.field === 3 && f.wire === WireType.LEN) {
      const slot: GraphSlot = { original: 0, slot: '', variable: 0 };
      const s = new ByteReader(bytes, f.start, f.end);
      for (const g of s.fields('SlotVariableReference')) {
        if (g.field === 1 && g.wire === WireType.VARINT) slot.original = Number(BigInt.asIntN(32, g.value));
        else if (g.field === 2 && g.wire === WireType.LEN) slot.slot = text(bytes, g.start, g.end);
        else if (g.field === 3 && g.wire === WireType.VARINT) slot.variable = Number(BigInt.asIntN(32, g.value));
      }
      node.slots.push(slot);
    } else if (f.field === 5) {
      // has_checkpoint_values: derived again when the graph is written.
      flags.valuesField = true;
    } else {
      if (f.field === 4) node.registeredSaver = true;
      node.kept.push(raw.slice());
    }
  }
  return node;
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return utf8Decode(bytes.subarray(start, end), true);
}

/** Serializes the graph with has_checkpoint_values derived (fields in number order, as protobuf C++ does). */
export function encodeGraph(graph: ObjectGraph): Uint8Array {
  const valued = nodesWithValues(graph);
  const out = new ProtoWriter();
  graph.nodes.forEach((node, id) => {
    const n = new ProtoWriter();
    for (const c of node.children) n.message(1, new ProtoWriter().uintIfSet(1, c.id).stringIfSet(2, c.name));
    for (const a of node.attributes) {
      n.message(
        2,
        new ProtoWriter()
          .stringIfSet(1, a.name)
          .stringIfSet(2, a.full_name)
          .stringIfSet(3, a.checkpoint_key)
          .uintIfSet(4, a.optional_restore),
      );
    }
    for (const s of node.slots) n.message(3, new ProtoWriter().uintIfSet(1, s.original).stringIfSet(2, s.slot).uintIfSet(3, s.variable));
    const kept = node.kept;
    const saver = kept.filter((k) => fieldOf(k) === 4);
    const rest = kept.filter((k) => fieldOf(k) !== 4);
    for (const k of saver) n.raw(k);
    // TF writes the BoolValue on every node: {value: true}, or an empty message for false.
    if (graph.valuesField) n.message(5, valued[id] ? new ProtoWriter().uint(1, true) : new ProtoWriter());
    for (const k of rest) n.raw(k);
    out.message(1, n);
  });
  return out.finish();
}

function fieldOf(raw: Uint8Array): number {
  return Math.floor(new ByteReader(raw).varint() / 8);
}

/** save_util.py: a node has checkpoint values when it or a descendant (by child edges) holds any. */
export function nodesWithValues(graph: ObjectGraph): boolean[] {
  const n = graph.nodes.length;
  const valued = new Array<boolean>(n).fill(false);
  const parents: number[][] = Array.from({ length: n }, () => []);
  graph.nodes.forEach((node, id) => {
    for (const c of node.children) if (c.id >= 0 && c.id < n) parents[c.id]!.push(id);
  });
  const stack: number[] = [];
  graph.nodes.forEach((node, id) => {
    if (node.attributes.length > 0 || node.slots.length > 0 || node.registeredSaver) {
      valued[id] = true;
      stack.push(id);
    }
  });
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const p of parents[id]!) {
      if (valued[p]) continue;
      valued[p] = true;
      stack.push(p);
    }
  }
  return valued;
}

/** `_escape_local_name`: `.` -> `..`, `/` -> `.S`. */
export function escapeName(name: string): string {
  return name.replace(/\./g, '..').replace(/\//g, '.S');
}

/** The inverse of escapeName for one path segment. */
export function unescapeName(segment: string): string {
  return segment.replace(/\.(\.|S)/g, (_m, c: string) => (c === '.' ? '.' : '/'));
}

/** A checkpoint key's object path (unescaped segments) and its attribute part, or null when it is not an attribute key. */
export function splitKey(key: string): { segments: string[]; attribute: string } | null {
  const at = key.indexOf(`/${ATTRIBUTES}/`);
  if (at < 0) return null;
  const prefix = key.slice(0, at);
  const segments = prefix === '' ? [] : prefix.split('/').map(unescapeName);
  return { segments, attribute: key.slice(at + ATTRIBUTES.length + 2) };
}

export function isSlotKey(key: string): boolean {
  return key.includes(`/${SLOT_MARK}/`);
}

/**
 * The escaped object path of every node, as TensorFlow names them: first breadth-first path
 * through child edges, then slot variables by their variable and optimizer. null: unreachable.
 */
export function nodePaths(graph: ObjectGraph): (string | null)[] {
  const n = graph.nodes.length;
  const path = new Array<string | null>(n).fill(null);
  if (n === 0) return path;
  path[0] = '';
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const c of graph.nodes[id]!.children) {
      if (c.id < 0 || c.id >= n || path[c.id] !== null) continue;
      path[c.id] = path[id] === '' ? escapeName(c.name) : `${path[id]}/${escapeName(c.name)}`;
      queue.push(c.id);
    }
  }
  graph.nodes.forEach((owner, id) => {
    for (const s of owner.slots) {
      if (s.variable < 0 || s.variable >= n || path[s.variable] !== null) continue;
      const variable = path[s.original];
      const optimizer = path[id];
      if (variable == null || optimizer == null) continue;
      path[s.variable] = `${variable}/${SLOT_MARK}/${optimizer}/${escapeName(s.slot)}`;
    }
  });
  return path;
}

/** The key TensorFlow would give each attribute (node id, attribute index) -> key; null when unreachable. */
export function derivedKeys(graph: ObjectGraph): Map<GraphAttribute, string | null> {
  const paths = nodePaths(graph);
  const out = new Map<GraphAttribute, string | null>();
  graph.nodes.forEach((node, id) => {
    for (const a of node.attributes) {
      const path = paths[id];
      const suffix = attributeSuffix(a);
      out.set(a, path == null ? null : `${path}/${ATTRIBUTES}/${suffix}`);
    }
  });
  return out;
}

/** The part of an attribute's key after `.ATTRIBUTES/` (as stored, so TF's own spelling is kept). */
function attributeSuffix(a: GraphAttribute): string {
  const at = a.checkpoint_key.lastIndexOf(`/${ATTRIBUTES}/`);
  return at >= 0 ? a.checkpoint_key.slice(at + ATTRIBUTES.length + 2) : escapeName(a.name);
}

/** True when TensorFlow's naming reproduces every stored key (so keys may be derived after an edit). */
export function keysFollowTfNaming(graph: ObjectGraph): boolean {
  for (const [a, key] of derivedKeys(graph)) if (key !== a.checkpoint_key) return false;
  return true;
}

/**
 * Drops what no edge (child or slot reference) reaches from the root and numbers the rest as
 * TensorFlow does: breadth-first through children, then slot variables in order of discovery.
 */
export function renumber(graph: ObjectGraph): ObjectGraph {
  const n = graph.nodes.length;
  if (n === 0) return graph;
  const order: number[] = [0];
  const seen = new Uint8Array(n);
  seen[0] = 1;
  const add = (id: number) => {
    if (id < 0 || id >= n || seen[id]) return;
    seen[id] = 1;
    order.push(id);
  };
  let head = 0;
  let scanned = 0;
  for (;;) {
    for (; head < order.length; head++) for (const c of graph.nodes[order[head]!]!.children) add(c.id);
    // Breadth-first is exhausted: slot variables that only a slot reference reaches come next.
    const before = order.length;
    for (; scanned < before; scanned++) {
      for (const s of graph.nodes[order[scanned]!]!.slots) {
        add(s.original);
        add(s.variable);
      }
    }
    if (order.length === before) break;
  }
  const newId = new Map<number, number>();
  for (let i = 0; i < order.length; i++) newId.set(order[i]!, i);
  const nodes = order.map((old) => {
    const node = graph.nodes[old]!;
    return {
      ...node,
      children: node.children.filter((c) => newId.has(c.id)).map((c) => ({ id: newId.get(c.id)!, name: c.name })),
      slots: node.slots
        .filter((s) => newId.has(s.original) && newId.has(s.variable))
        .map((s) => ({ original: newId.get(s.original)!, slot: s.slot, variable: newId.get(s.variable)! })),
    };
  });
  return { nodes, valuesField: graph.valuesField };
}

/** A deep copy (edits never touch the decoded input). */
export function cloneGraph(graph: ObjectGraph): ObjectGraph {
  return {
    nodes: graph.nodes.map((n) => ({
      children: n.children.map((c) => ({ ...c })),
      attributes: n.attributes.map((a) => ({ ...a })),
      slots: n.slots.map((s) => ({ ...s })),
      kept: n.kept,
      registeredSaver: n.registeredSaver,
    })),
    valuesField: graph.valuesField,
  };
}

export function emptyNode(): GraphNode {
  return { children: [], attributes: [], slots: [], kept: [], registeredSaver: false };
}
