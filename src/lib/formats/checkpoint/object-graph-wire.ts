/**
 * TrackableObjectGraph (trackable_object_graph.proto) decoded straight from its wire bytes into
 * ObjectNodeFacts. A checkpoint of a large model has one node per variable and slot (100,000+);
 * going through protobufjs first would build every message twice (its objects, then the facts),
 * and the garbage of the first copy costs more than the decoding. Same field semantics as the
 * generated decoder (unknown fields skipped, last value wins, int32 from a varint of up to 10
 * bytes), but a known field with the wrong wire type is refused instead of misread.
 *
 *   TrackableObjectGraph { repeated TrackableObject nodes = 1; }
 *   TrackableObject { repeated ObjectReference children = 1; repeated SerializedTensor attributes = 2;
 *                     repeated SlotVariableReference slot_variables = 3; RegisteredSaver registered_saver = 4; }
 *   ObjectReference { int32 node_id = 1; string local_name = 2; }
 *   SerializedTensor { string name = 1; string full_name = 2; string checkpoint_key = 3; bool optional_restore = 4; }
 *   SlotVariableReference { int32 original_variable_node_id = 1; string slot_name = 2; int32 slot_variable_node_id = 3; }
 *   RegisteredSaver { string name = 1; string object_name = 2; }
 */
import type { ObjectNodeFact } from '../../facts.ts';
import { ByteReader } from '../../binary/byte-reader.ts';
import { WireType } from '../../binary/wire-types.ts';

const { VARINT, LEN } = WireType;

/** Decodes the graph; throws a plain Error saying what is malformed (the caller names the file). */
export function decodeTrackableObjectGraph(bytes: Uint8Array): ObjectNodeFact[] {
  const nodes: ObjectNodeFact[] = [];
  const top = new ByteReader(bytes, 0, bytes.byteLength);
  while (top.pos < top.end) {
    const tag = top.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 1) {
      top.expectWire(field, wire, LEN, 'TrackableObjectGraph');
      const [start, end] = top.span();
      nodes.push(trackableObject(bytes, start, end, nodes.length));
    } else {
      top.skip(wire);
    }
  }
  return nodes;
}

function trackableObject(bytes: Uint8Array, start: number, end: number, id: number): ObjectNodeFact {
  const node: ObjectNodeFact = {
    id,
    kind: null,
    identifier: null,
    registered_name: null,
    children: [],
    attributes: [],
    slot_variables: [],
    variable: null,
  };
  const w = new ByteReader(bytes, start, end);
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field < 1 || field > 4) {
      w.skip(wire);
      continue;
    }
    w.expectWire(field, wire, LEN, 'TrackableObject');
    const [s, e] = w.span();
    const sub = new ByteReader(bytes, s, e);
    if (field === 1) {
      let childId = 0;
      let name = '';
      while (sub.pos < sub.end) {
        const t = sub.varint();
        const f = Math.floor(t / 8);
        if (f === 1) {
          sub.expectWire(f, t % 8, VARINT, 'ObjectReference');
          childId = sub.int32();
        } else if (f === 2) {
          sub.expectWire(f, t % 8, LEN, 'ObjectReference');
          name = sub.string();
        } else sub.skip(t % 8);
      }
      node.children.push({ name, id: childId });
    } else if (field === 2) {
      let name = '';
      let fullName = '';
      let key = '';
      while (sub.pos < sub.end) {
        const t = sub.varint();
        const f = Math.floor(t / 8);
        if (f >= 1 && f <= 3) {
          sub.expectWire(f, t % 8, LEN, 'SerializedTensor');
          const value = sub.string();
          if (f === 1) name = value;
          else if (f === 2) fullName = value;
          else key = value;
        } else {
          sub.skip(t % 8);
        }
      }
      node.attributes.push({ name, checkpoint_key: key, full_name: fullName || null });
    } else if (field === 3) {
      let original = 0;
      let slotName = '';
      let slot = 0;
      while (sub.pos < sub.end) {
        const t = sub.varint();
        const f = Math.floor(t / 8);
        if (f === 1) {
          sub.expectWire(f, t % 8, VARINT, 'SlotVariableReference');
          original = sub.int32();
        } else if (f === 2) {
          sub.expectWire(f, t % 8, LEN, 'SlotVariableReference');
          slotName = sub.string();
        } else if (f === 3) {
          sub.expectWire(f, t % 8, VARINT, 'SlotVariableReference');
          slot = sub.int32();
        } else sub.skip(t % 8);
      }
      node.slot_variables.push({ original_variable_id: original, slot_name: slotName, slot_variable_id: slot });
    } else {
      // A repeated registered_saver merges into the first (protobuf semantics): only a present name replaces.
      while (sub.pos < sub.end) {
        const t = sub.varint();
        const f = Math.floor(t / 8);
        if (f === 1) {
          sub.expectWire(f, t % 8, LEN, 'RegisteredSaver');
          node.registered_name = sub.string() || null;
        } else sub.skip(t % 8);
      }
    }
  }
  return node;
}
