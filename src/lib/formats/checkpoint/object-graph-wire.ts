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
import { utf8Decode } from '../../utf8.ts';

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A cursor over one message's bytes; every read is bounds-checked against `end`. */
class Wire {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** Unsigned varint up to 2^53 (enough for tags and lengths). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error(`truncated varint at byte ${this.pos}`);
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** int32 as protobuf reads it: the low 32 bits of the varint, signed. */
  int32(): number {
    let low = 0;
    for (let i = 0, shift = 0; i < 10; i++, shift += 7) {
      if (this.pos >= this.end) throw new Error(`truncated varint at byte ${this.pos}`);
      const b = this.bytes[this.pos++]!;
      if (shift < 32) low |= (b & 0x7f) << shift;
      if (b < 0x80) return low | 0;
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A length-delimited field's [start, end), checked against what is left. */
  span(): [number, number] {
    const length = this.varint();
    if (length > this.end - this.pos) throw new Error(`a ${length}-byte field at byte ${this.pos} runs past its message's end (${this.end})`);
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  string(): string {
    const [start, end] = this.span();
    return decodeString(this.bytes, start, end);
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.advance(8);
    else if (wire === FIXED32) this.advance(4);
    else if (wire === LENGTH_DELIMITED) this.span();
    else throw new Error(`unsupported wire type ${wire} at byte ${this.pos}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw new Error(`truncated field at byte ${this.pos}`);
    this.pos += n;
  }
}

/** Strict UTF-8 (as the generated decoders read strings); ASCII, the usual case, without TextDecoder. */
function decodeString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return utf8Decode(bytes.subarray(start, end), true);
}

function expectWire(field: number, wire: number, want: number, message: string): void {
  if (wire !== want) throw new Error(`${message} field ${field} has wire type ${wire}, expected ${want}`);
}

/** Decodes the graph; throws a plain Error saying what is malformed (the caller names the file). */
export function decodeTrackableObjectGraph(bytes: Uint8Array): ObjectNodeFact[] {
  const nodes: ObjectNodeFact[] = [];
  const top = new Wire(bytes, 0, bytes.byteLength);
  while (top.pos < top.end) {
    const tag = top.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 1) {
      expectWire(field, wire, LENGTH_DELIMITED, 'TrackableObjectGraph');
      const [start, end] = top.span();
      nodes.push(trackableObject(bytes, start, end, nodes.length));
    } else {
      top.skip(wire);
    }
  }
  return nodes;
}

function trackableObject(bytes: Uint8Array, start: number, end: number, id: number): ObjectNodeFact {
  const node: ObjectNodeFact = { id, kind: null, identifier: null, registered_name: null, children: [], attributes: [], slot_variables: [], variable: null };
  const w = new Wire(bytes, start, end);
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field < 1 || field > 4) {
      w.skip(wire);
      continue;
    }
    expectWire(field, wire, LENGTH_DELIMITED, 'TrackableObject');
    const [s, e] = w.span();
    const sub = new Wire(bytes, s, e);
    if (field === 1) {
      let childId = 0;
      let name = '';
      while (sub.pos < sub.end) {
        const t = sub.varint();
        const f = Math.floor(t / 8);
        if (f === 1) (expectWire(f, t % 8, VARINT, 'ObjectReference'), (childId = sub.int32()));
        else if (f === 2) (expectWire(f, t % 8, LENGTH_DELIMITED, 'ObjectReference'), (name = sub.string()));
        else sub.skip(t % 8);
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
          expectWire(f, t % 8, LENGTH_DELIMITED, 'SerializedTensor');
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
        if (f === 1) (expectWire(f, t % 8, VARINT, 'SlotVariableReference'), (original = sub.int32()));
        else if (f === 2) (expectWire(f, t % 8, LENGTH_DELIMITED, 'SlotVariableReference'), (slotName = sub.string()));
        else if (f === 3) (expectWire(f, t % 8, VARINT, 'SlotVariableReference'), (slot = sub.int32()));
        else sub.skip(t % 8);
      }
      node.slot_variables.push({ original_variable_id: original, slot_name: slotName, slot_variable_id: slot });
    } else {
      let name = '';
      while (sub.pos < sub.end) {
        const t = sub.varint();
        const f = Math.floor(t / 8);
        if (f === 1) (expectWire(f, t % 8, LENGTH_DELIMITED, 'RegisteredSaver'), (name = sub.string()));
        else sub.skip(t % 8);
      }
      node.registered_name = name || null;
    }
  }
  return node;
}
