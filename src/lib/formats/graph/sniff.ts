/**
 * Which graph protobuf is this? Decided by structure, not file name: the head of the file is
 * walked as each candidate message type (SavedModel, MetaGraphDef, GraphDef), checking wire
 * types, field numbers and that name fields look like names, a few levels deep. A head cut in
 * the middle of a field still counts as valid so far.
 */
import { ByteReader } from '../../binary/byte-reader.ts';
import { WireType } from '../../binary/wire-types.ts';
import { DecodeError } from '../../errors.ts';
import { utf8Decode } from '../../utf8.ts';

export type GraphProtoKind = 'saved_model' | 'meta_graph' | 'graph_def';

type Expect = 'varint' | 'fixed32' | 'fixed64' | 'len' | 'text' | 'name' | { msg: string };
type Schema = Record<number, Expect | Expect[]>;

// Node, op and function names: no whitespace or control bytes (function names may hold `<lambda>`).
// biome-ignore lint/suspicious/noControlCharactersInRegex: binary sniffing tests for control bytes on purpose
const NAME = /^[^\x00-\x20\x7f]*$/;
// Names, tags and versions are single-line text: any control byte but TAB means "not text".
// biome-ignore lint/suspicious/noControlCharactersInRegex: binary sniffing tests for control bytes on purpose
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

const SCHEMAS: Record<string, Schema> = {
  SavedModel: { 1: 'varint', 2: { msg: 'MetaGraphDef' } },
  MetaGraphDef: {
    1: { msg: 'MetaInfoDef' },
    2: { msg: 'GraphDef' },
    3: { msg: 'SaverDef' },
    4: { msg: 'MapEntry' },
    5: { msg: 'MapEntry' },
    6: { msg: 'AssetFileDef' },
    7: { msg: 'SavedObjectGraph' },
  },
  MetaInfoDef: { 1: 'text', 2: { msg: 'OpList' }, 3: { msg: 'Any' }, 4: 'text', 5: 'text', 6: 'text', 7: 'varint', 8: { msg: 'MapEntry' } },
  OpList: { 1: { msg: 'OpDef' } },
  OpDef: {
    1: 'name',
    2: 'len',
    3: 'len',
    4: 'len',
    5: 'len',
    6: 'len',
    8: 'len',
    16: 'varint',
    17: 'varint',
    18: 'varint',
    19: 'varint',
    20: 'len',
    21: 'varint',
  },
  Any: { 1: 'text', 2: 'len' },
  MapEntry: { 1: 'text', 2: 'len' },
  SaverDef: { 1: 'name', 2: 'name', 3: 'name', 4: 'varint', 5: 'varint', 6: 'fixed32', 7: 'varint' },
  AssetFileDef: { 1: 'len', 2: 'text' },
  SavedObjectGraph: { 1: 'len', 2: 'len' },
  GraphDef: { 1: { msg: 'NodeDef' }, 2: { msg: 'FunctionDefLibrary' }, 3: 'varint', 4: { msg: 'VersionDef' }, 5: 'len' },
  NodeDef: { 1: 'name', 2: 'name', 3: 'text', 4: 'text', 5: { msg: 'MapEntry' }, 6: { msg: 'DebugInfo' }, 7: 'len' },
  DebugInfo: { 1: 'text', 2: 'text' },
  FunctionDefLibrary: { 1: { msg: 'FunctionDef' }, 2: 'len', 3: 'len' },
  FunctionDef: {
    1: { msg: 'OpDef' },
    3: { msg: 'NodeDef' },
    4: { msg: 'MapEntry' },
    5: { msg: 'MapEntry' },
    6: { msg: 'MapEntry' },
    7: 'len',
    8: 'len',
  },
  VersionDef: { 1: 'varint', 2: 'varint', 3: ['varint', 'len'] },
};

const MAX_DEPTH = 6;

/**
 * Messages that may gain fields in future TensorFlow versions: a field numbered above every
 * known one is accepted with any wire type. Messages used to tell the candidates apart (OpList,
 * map entries, VersionDef) stay closed.
 */
const OPEN: Record<string, number> = {
  SavedModel: 2,
  MetaGraphDef: 7,
  MetaInfoDef: 8,
  GraphDef: 5,
  NodeDef: 7,
  FunctionDefLibrary: 3,
  FunctionDef: 8,
  SaverDef: 7,
};

/**
 * `head`: the first bytes of the file (up to 64 KiB is plenty); `size`: the file's full size,
 * so a head shorter than the file is read as truncated on purpose.
 */
export function sniffProtobuf(head: Uint8Array, size: number): GraphProtoKind | null {
  if (head.byteLength === 0 || size === 0) return null;
  const truncated = head.byteLength < size;
  if (matches('SavedModel', head, 0, head.byteLength, truncated, 0)) return 'saved_model';
  if (matches('MetaGraphDef', head, 0, head.byteLength, truncated, 0)) return 'meta_graph';
  if (matches('GraphDef', head, 0, head.byteLength, truncated, 0)) return 'graph_def';
  return null;
}

/** True when buf[start, end) parses as `type` (at least one field, all of them plausible). */
function matches(type: string, buf: Uint8Array, start: number, end: number, truncated: boolean, depth: number): boolean {
  const schema = SCHEMAS[type]!;
  const r = new ByteReader(buf, start, end);
  // Fields of later TensorFlow versions are accepted, but a file made only of them is not a graph:
  // `x\n` repeated is field 15 (unknown everywhere) followed by the varint 10, over and over.
  let knownFields = 0;
  try {
    while (r.pos < end) {
      const tag = r.varint64();
      const field = Number(tag >> 3n);
      const wire = Number(tag & 7n);
      const known = schema[field];
      const future = known === undefined && OPEN[type] !== undefined && field > OPEN[type]!;
      if (known === undefined && !future) return false;
      const expect: Expect | Expect[] = future ? ['varint', 'fixed32', 'fixed64', 'len'] : known!;
      const options = Array.isArray(expect) ? expect : [expect];
      if (wire === WireType.VARINT) {
        if (!options.includes('varint')) return false;
        r.varint64();
      } else if (wire === WireType.LEN) {
        const len = r.varint64();
        const declaredEnd = r.pos + Number(len);
        const cut = declaredEnd > end;
        if (cut && !truncated) return false;
        const payloadEnd = Math.min(declaredEnd, end);
        const ok = options.some(
          (o) => o !== 'varint' && o !== 'fixed32' && o !== 'fixed64' && lenMatches(o, buf, r.pos, payloadEnd, cut, depth),
        );
        if (!ok) return false;
        r.pos = payloadEnd;
      } else if ((wire === WireType.FIXED32 && options.includes('fixed32')) || (wire === WireType.FIXED64 && options.includes('fixed64'))) {
        const size = wire === WireType.FIXED32 ? 4 : 8;
        if (r.pos + size > end) return truncated && end === buf.byteLength;
        r.pos += size;
      } else {
        return false;
      }
      if (!future) knownFields++;
    }
  } catch (error) {
    // A varint cut by the end of the head is fine when the head is only part of the file.
    if (error instanceof DecodeError && truncated && end === buf.byteLength) return depth > 0 || knownFields > 0;
    return false;
  }
  return depth > 0 || knownFields > 0;
}

function lenMatches(expect: Expect, buf: Uint8Array, start: number, end: number, cut: boolean, depth: number): boolean {
  if (expect === 'len') return true;
  if (expect === 'text' || expect === 'name') {
    let text: string;
    try {
      text = utf8Decode(buf.subarray(start, end), true);
    } catch {
      // A multi-byte character cut at the end of the head is still text.
      if (!cut) return false;
      return true;
    }
    return expect === 'name' ? NAME.test(text) : !CONTROL.test(text);
  }
  if (typeof expect === 'object') {
    if (depth >= MAX_DEPTH) return true;
    return matches(expect.msg, buf, start, end, cut, depth + 1);
  }
  return false;
}

const TEXT_FIELDS: Record<string, GraphProtoKind> = {
  saved_model_schema_version: 'saved_model',
  meta_graphs: 'saved_model',
  meta_info_def: 'meta_graph',
  graph_def: 'meta_graph',
  saver_def: 'meta_graph',
  collection_def: 'meta_graph',
  signature_def: 'meta_graph',
  asset_file_def: 'meta_graph',
  object_graph_def: 'meta_graph',
  node: 'graph_def',
  library: 'graph_def',
  versions: 'graph_def',
  version: 'graph_def',
};

/** The same question for text format: the first field name decides, if it is followed by `:`, `{` or `<`. */
export function sniffTextProto(head: string): GraphProtoKind | null {
  let i = 0;
  for (;;) {
    while (i < head.length && /\s/.test(head[i]!)) i++;
    if (head[i] === '#') {
      const nl = head.indexOf('\n', i);
      if (nl < 0) return null;
      i = nl + 1;
      continue;
    }
    break;
  }
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*([:{<])/.exec(head.slice(i, i + 200));
  if (!m) return null;
  const kind = TEXT_FIELDS[m[1]!];
  if (!kind) return null;
  const scalarField = m[1] === 'saved_model_schema_version' || m[1] === 'version';
  if (scalarField ? m[2] !== ':' : m[2] === ':' && !/^[A-Za-z_][A-Za-z0-9_]*\s*:\s*[{<]/.test(head.slice(i, i + 200))) return null;
  return kind;
}
