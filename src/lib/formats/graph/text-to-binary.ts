/**
 * Maps a parsed text proto onto the binary wire format of the same subset (TEXT_SCHEMA), so a
 * saved_model.pbtxt or GraphDef .pbtxt goes through exactly the decoders and fact builders of
 * its binary twin.
 */
import { DecodeError } from '../../errors.ts';
import { dtypeValue, normalizeDtype } from '../../dtypes.ts';
import { ProtoWriter } from '../../binary/protobuf-writer.ts';
import type { TextMessage, TextScalar } from './text-format.ts';
import { TEXT_SCHEMA, type ScalarType } from './text-schema.ts';
import { utf8Decode } from '../../utf8.ts';

const SAVER_VERSIONS: Record<string, number> = { LEGACY: 0, V1: 1, V2: 2 };

export function textToBinary(file: string, root: TextMessage, rootType: string): Uint8Array {
  const w = new ProtoWriter();
  encodeMessage(file, root, rootType, w);
  return w.finish();
}

function encodeMessage(file: string, msg: TextMessage, type: string, w: ProtoWriter): void {
  const spec = TEXT_SCHEMA[type];
  if (!spec) throw new Error(`no text schema for ${type}`);
  for (const field of msg.fields) {
    const f = Object.hasOwn(spec, field.name) ? spec[field.name] : undefined;
    if (!f) continue; // outside the subset (or an extension): ignored like unknown binary fields
    if (typeof f.type === 'object') {
      if (field.value.kind !== 'message') fail(file, field.value.pos, `field '${field.name}' of ${type} must be a message`);
      const inner = new ProtoWriter();
      encodeMessage(file, field.value, f.type.msg, inner);
      w.bytes(f.no, inner.finish());
    } else {
      if (field.value.kind === 'message') fail(file, field.value.pos, `field '${field.name}' of ${type} must be a scalar, not a message`);
      encodeScalar(file, field.value, f.type, f.no, w, field.name);
    }
  }
}

function encodeScalar(file: string, v: TextScalar, type: ScalarType, no: number, w: ProtoWriter, name: string): void {
  switch (type) {
    case 'string':
    case 'bytes': {
      if (v.kind !== 'string') fail(file, v.pos, `field '${name}' needs a quoted string`);
      if (type === 'string') {
        try {
          utf8Decode(v.bytes, true);
        } catch {
          fail(file, v.pos, `field '${name}' is not valid UTF-8`);
        }
      }
      w.bytes(no, v.bytes);
      return;
    }
    case 'bool': {
      const t = v.kind === 'string' ? '' : v.text;
      if (t === 'true' || t === 'True' || t === 't' || t === '1') w.uint(no, 1);
      else if (t === 'false' || t === 'False' || t === 'f' || t === '0') w.uint(no, 0);
      else fail(file, v.pos, `field '${name}' needs true or false`);
      return;
    }
    case 'int32':
    case 'int64': {
      w.uint(no, integer(file, v, name, type === 'int32' ? 32 : 64));
      return;
    }
    case 'dtype': {
      if (v.kind === 'number') {
        w.uint(no, integer(file, v, name, 32));
        return;
      }
      if (v.kind !== 'ident') fail(file, v.pos, `field '${name}' needs a DataType such as DT_FLOAT`);
      const ref = v.text.endsWith('_REF');
      const base = normalizeDtype(ref ? v.text.slice(0, -4) : v.text);
      if (!base) fail(file, v.pos, `unknown DataType ${v.text}`);
      w.uint(no, dtypeValue(base) + (ref ? 100 : 0));
      return;
    }
    case 'saver_version': {
      if (v.kind === 'number') {
        w.uint(no, integer(file, v, name, 32));
        return;
      }
      const value = v.kind === 'ident' ? SAVER_VERSIONS[v.text] : undefined;
      if (value === undefined) fail(file, v.pos, `unknown SaverDef version ${v.kind === 'ident' ? v.text : ''}`);
      w.uint(no, value);
      return;
    }
  }
}

function integer(file: string, v: TextScalar, name: string, bits: 32 | 64): bigint {
  if (v.kind !== 'number') fail(file, v.pos, `field '${name}' needs an integer`);
  const t = v.text;
  let value: bigint;
  try {
    if (!/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new Error();
    const negative = t.startsWith('-');
    value = BigInt(negative ? t.slice(1) : t);
    if (negative) value = -value;
  } catch {
    fail(file, v.pos, `field '${name}' needs an integer, found ${t.slice(0, 40)}`);
  }
  const min = bits === 32 ? -(2n ** 31n) : -(2n ** 63n);
  const max = bits === 32 ? 2n ** 32n - 1n : 2n ** 64n - 1n;
  if (value < min || value > max) fail(file, v.pos, `field '${name}' value ${t} does not fit ${bits} bits`);
  return value;
}

function fail(file: string, pos: number, what: string): never {
  throw new DecodeError(file, `text proto (character ${pos}): ${what}`, { offset: null });
}
