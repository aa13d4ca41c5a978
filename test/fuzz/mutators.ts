/**
 * Structure-aware mutations. Each takes a file's bytes and a Rng and returns new bytes (or null
 * when it does not apply to this file): plain byte damage, truncation at every structural
 * boundary the file has, protobuf fields duplicated / dropped / swapped / nested deep / given
 * huge lengths and varints, LevelDB blocks flipped / swapped / pointed at nonsense, zip entries
 * with huge sizes, duplicate names and broken records, HDF5 superblocks and object headers
 * damaged. Set mutations remove, empty or rename whole files (a missing or misnamed shard).
 */
import CRC32 from 'crc-32';
import type { Rng } from './prng.ts';
import type { InputFile } from './seeds.ts';
import {
  allNodes,
  concat,
  encodeFooter,
  encodeVarint,
  hdf5Boundaries,
  hdf5Structures,
  isHdf5,
  nestDeep,
  parseProtobuf,
  serializeProtobuf,
  tableBoundaries,
  tableLayout,
  zipBoundaries,
  zipLayout,
  type PbNode,
} from './structure.ts';

export interface Mutator {
  name: string;
  apply(bytes: Uint8Array, rng: Rng): Uint8Array | null;
}

const HUGE_LENGTHS = [0x7fffffffn, 0xffffffffn, 2n ** 32n + 7n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
const HUGE_U32 = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000];

function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function splice(bytes: Uint8Array, start: number, deleteCount: number, insert: Uint8Array): Uint8Array {
  return concat([bytes.subarray(0, start), insert, bytes.subarray(start + deleteCount)]);
}

function truncateNear(bytes: Uint8Array, rng: Rng, boundaries: number[]): Uint8Array | null {
  const valid = boundaries.filter((b) => b > 0 && b < bytes.length);
  if (valid.length === 0) return null;
  const at = rng.pick(valid) + rng.pick([-1, 0, 0, 1]);
  return bytes.slice(0, Math.max(0, Math.min(bytes.length - 1, at)));
}

function flipIn(bytes: Uint8Array, rng: Rng, start: number, end: number, flips = 1): Uint8Array | null {
  if (end <= start || start >= bytes.length) return null;
  const out = copy(bytes);
  for (let i = 0; i < flips; i++) out[start + rng.int(Math.min(end, bytes.length) - start)]! ^= 1 << rng.int(8);
  return out;
}

// ---------------------------------------------------------------- generic

export const GENERIC: Mutator[] = [
  { name: 'flip-bits', apply: (b, rng) => flipIn(b, rng, 0, b.length, rng.range(1, 8)) },
  { name: 'truncate-anywhere', apply: (b, rng) => (b.length > 1 ? b.slice(0, rng.int(b.length)) : null) },
  {
    name: 'zero-range',
    apply: (b, rng) => {
      if (b.length === 0) return null;
      const out = copy(b);
      const at = rng.int(b.length);
      out.fill(rng.pick([0, 0xff]), at, at + rng.range(1, 64));
      return out;
    },
  },
  {
    name: 'insert-garbage',
    apply: (b, rng) =>
      splice(
        b,
        rng.int(b.length + 1),
        0,
        Uint8Array.from({ length: rng.range(1, 32) }, () => rng.int(256)),
      ),
  },
  { name: 'delete-range', apply: (b, rng) => (b.length > 2 ? splice(b, rng.int(b.length), rng.range(1, 32), new Uint8Array(0)) : null) },
  {
    name: 'overwrite-u32-huge',
    apply: (b, rng) => {
      if (b.length < 4) return null;
      const out = copy(b);
      new DataView(out.buffer).setUint32(rng.int(b.length - 3), rng.pick(HUGE_U32), true);
      return out;
    },
  },
];

// ---------------------------------------------------------------- protobuf

function pbMutation(name: string, edit: (tree: PbNode[], rng: Rng) => boolean): Mutator {
  return {
    name,
    apply(bytes, rng) {
      const tree = bytes.length > 0 && bytes.length < 4_000_000 ? parseProtobuf(bytes) : null;
      if (!tree || tree.length === 0) return null;
      return edit(tree, rng) ? serializeProtobuf(tree) : null;
    },
  };
}

export const PROTOBUF: Mutator[] = [
  {
    name: 'pb-truncate-at-field',
    apply(bytes, rng) {
      const tree = parseProtobuf(bytes, 0);
      if (!tree || tree.length < 1) return null;
      const ends: number[] = [];
      let at = 0;
      for (const n of tree) {
        at += serializeProtobuf([n]).length;
        ends.push(at, at - 1, at - n.raw.length);
      }
      return truncateNear(bytes, rng, ends);
    },
  },
  pbMutation('pb-length-huge', (tree, rng) => {
    const lens = allNodes(tree).filter((x) => x.node.wire === 2);
    if (!lens.length) return false;
    rng.pick(lens).node.lengthOverride = rng.pick(HUGE_LENGTHS);
    return true;
  }),
  pbMutation('pb-varint-huge', (tree, rng) => {
    const ints = allNodes(tree).filter((x) => x.node.wire === 0);
    if (!ints.length) return false;
    rng.pick(ints).node.raw = encodeVarint(rng.pick([2n ** 64n - 1n, 2n ** 63n, 2n ** 31n, 2n ** 53n + 1n, -1n]));
    return true;
  }),
  pbMutation('pb-duplicate-field', (tree, rng) => {
    const all = allNodes(tree);
    const { node, siblings } = rng.pick(all);
    const times = rng.pick([1, 1, 2, 50]);
    for (let i = 0; i < times; i++) siblings.splice(siblings.indexOf(node) + 1, 0, { ...node });
    return true;
  }),
  pbMutation('pb-drop-field', (tree, rng) => {
    const { node, siblings } = rng.pick(allNodes(tree));
    siblings.splice(siblings.indexOf(node), 1);
    return true;
  }),
  pbMutation('pb-swap-fields', (tree, rng) => {
    const { siblings } = rng.pick(allNodes(tree));
    if (siblings.length < 2) return false;
    const i = rng.int(siblings.length);
    const j = rng.int(siblings.length);
    [siblings[i], siblings[j]] = [siblings[j]!, siblings[i]!];
    return true;
  }),
  pbMutation('pb-wrong-wire-type', (tree, rng) => {
    const { node } = rng.pick(allNodes(tree));
    const wire = rng.pick([0, 1, 2, 5].filter((w) => w !== node.wire));
    node.wire = wire;
    node.children = null;
    node.raw =
      wire === 0
        ? encodeVarint(rng.int(1000))
        : wire === 1
          ? new Uint8Array(8)
          : wire === 5
            ? new Uint8Array(4)
            : Uint8Array.from([1, 2, 3]);
    return true;
  }),
  pbMutation('pb-string-garbage', (tree, rng) => {
    const leaves = allNodes(tree).filter((x) => x.node.wire === 2 && !x.node.children);
    if (!leaves.length) return false;
    const { node } = rng.pick(leaves);
    node.raw = rng.pick([
      Uint8Array.from([0xff, 0xfe, 0xc0, 0x80]),
      new TextEncoder().encode('<img src=x onerror=alert(1)>'),
      new TextEncoder().encode('../../../../etc/passwd'),
      new Uint8Array(0),
      Uint8Array.from({ length: 40 }, () => rng.int(256)),
    ]);
    return true;
  }),
  pbMutation('pb-nest-deep', (tree, rng) => {
    const messages = allNodes(tree).filter((x) => x.node.wire === 2 && x.node.children);
    if (!messages.length) return false;
    const { node } = rng.pick(messages);
    const inner = serializeProtobuf(node.children!);
    // The node's own field number nested inside itself: real recursion for recursive types, deep unknown fields otherwise.
    node.children = null;
    node.raw = nestDeep(node.field, rng.pick([100, 1000, 10_000]), inner);
    return true;
  }),
  {
    name: 'pb-append-deep-groups',
    // Unknown start-group tags, nested: readers that skip unknown groups recursively must stop.
    apply: (b, rng) => concat([b, new Uint8Array(rng.pick([1000, 20_000, 100_000])).fill(0x0b)]),
  },
];

// ---------------------------------------------------------------- LevelDB table

function tableMutation(
  name: string,
  edit: (bytes: Uint8Array, t: NonNullable<ReturnType<typeof tableLayout>>, rng: Rng) => Uint8Array | null,
): Mutator {
  return {
    name,
    apply(bytes, rng) {
      const t = tableLayout(bytes);
      return t ? edit(bytes, t, rng) : null;
    },
  };
}

export const TABLE: Mutator[] = [
  tableMutation('table-truncate-at-block', (b, t, rng) => truncateNear(b, rng, tableBoundaries(t))),
  tableMutation('table-flip-index-block', (b, t, rng) => flipIn(b, rng, t.index.offset, t.index.offset + t.index.size)),
  tableMutation('table-flip-data-block', (b, t, rng) => {
    const d = t.data.length ? rng.pick(t.data) : null;
    return d ? flipIn(b, rng, d.offset, d.offset + d.size) : null;
  }),
  tableMutation('table-flip-trailer', (b, t, rng) => {
    const h = rng.pick([t.index, t.metaindex, ...t.data]);
    return flipIn(b, rng, h.offset + h.size, h.offset + h.size + 5);
  }),
  tableMutation('table-flip-footer', (b, t, rng) => flipIn(b, rng, t.footerStart, b.length)),
  tableMutation('table-footer-huge-handle', (b, t, rng) => {
    const huge = { offset: rng.pick([0, t.index.offset]), size: rng.pick(HUGE_LENGTHS) };
    const footer = rng.chance(0.5) ? encodeFooter(t.metaindex, huge) : encodeFooter(huge, t.index);
    return concat([b.subarray(0, t.footerStart), footer]);
  }),
  tableMutation('table-index-points-at-data', (b, t, rng) => {
    const d = t.data.length ? rng.pick(t.data) : null;
    return d ? concat([b.subarray(0, t.footerStart), encodeFooter(t.metaindex, d)]) : null;
  }),
  tableMutation('table-swap-blocks', (b, t, rng) => {
    const blocks = [...t.data, t.index];
    if (blocks.length < 2) return null;
    const x = rng.pick(blocks);
    const y = rng.pick(blocks.filter((h) => h !== x));
    const n = Math.min(x.size, y.size) + 5;
    const out = copy(b);
    out.set(b.subarray(y.offset, y.offset + n), x.offset);
    out.set(b.subarray(x.offset, x.offset + n), y.offset);
    return out;
  }),
  tableMutation('table-restart-count-huge', (b, t, rng) => {
    const h = rng.pick([t.index, ...t.data]);
    if (h.size < 4) return null;
    const out = copy(b);
    new DataView(out.buffer).setUint32(h.offset + h.size - 4, rng.pick(HUGE_U32), true);
    return out;
  }),
];

// ---------------------------------------------------------------- zip

function zipMutation(
  name: string,
  edit: (bytes: Uint8Array, view: DataView, z: NonNullable<ReturnType<typeof zipLayout>>, rng: Rng) => boolean | Uint8Array | null,
): Mutator {
  return {
    name,
    apply(bytes, rng) {
      const z = zipLayout(bytes);
      if (!z) return null;
      const out = copy(bytes);
      const r = edit(out, new DataView(out.buffer), z, rng);
      return r === true ? out : r instanceof Uint8Array ? r : null;
    },
  };
}

export const ZIP: Mutator[] = [
  zipMutation('zip-truncate-at-record', (b, _v, z, rng) => truncateNear(b, rng, zipBoundaries(z))),
  zipMutation('zip-huge-declared-size', (_b, v, z, rng) => {
    if (!z.central.length) return false;
    const i = rng.int(z.central.length);
    const size = rng.pick(HUGE_U32);
    v.setUint32(z.central[i]! + rng.pick([20, 24]), size, true);
    if (z.local[i] !== undefined && rng.chance(0.5)) v.setUint32(z.local[i]! + 22, size, true);
    return true;
  }),
  zipMutation('zip-duplicate-name', (b, v, z, rng) => {
    if (z.central.length < 2) return false;
    const [a, c] = [rng.pick(z.central), rng.pick(z.central)];
    if (a === c) return false;
    const lenA = v.getUint16(a + 28, true);
    const lenC = v.getUint16(c + 28, true);
    const n = Math.min(lenA, lenC);
    b.set(b.subarray(a + 46, a + 46 + n), c + 46);
    if (lenA !== lenC) v.setUint16(c + 28, n, true); // the rest of the old name becomes extra-field garbage
    return true;
  }),
  zipMutation('zip-entry-count-huge', (_b, v, z, rng) => {
    v.setUint16(z.eocd + rng.pick([8, 10]), rng.pick([0xffff, 0, 60000]), true);
    return true;
  }),
  zipMutation('zip-directory-size-or-offset', (_b, v, z, rng) => {
    v.setUint32(z.eocd + rng.pick([12, 16]), rng.pick([...HUGE_U32, 0, z.centralStart + 1]), true);
    return true;
  }),
  zipMutation('zip-method', (_b, v, z, rng) => {
    if (!z.central.length) return false;
    const i = rng.int(z.central.length);
    const method = rng.pick([8, 12, 14, 99, 1]);
    v.setUint16(z.central[i]! + 10, method, true);
    if (z.local[i] !== undefined) v.setUint16(z.local[i]! + 8, method, true);
    return true;
  }),
  zipMutation('zip-flip-directory', (b, _v, z, rng) => flipIn(b, rng, z.centralStart, b.length, rng.range(1, 3))),
  zipMutation('zip-flip-member-data', (b, v, z, rng) => {
    if (!z.local.length) return false;
    const l = rng.pick(z.local);
    const start = l + 30 + v.getUint16(l + 26, true) + v.getUint16(l + 28, true);
    return flipIn(b, rng, start, Math.min(b.length, start + v.getUint32(l + 18, true)));
  }),
  zipMutation('zip-damage-member-keep-crc', (b, v, z, rng) => {
    // Damage a stored member in place and fix its CRC-32, so the damage gets past the zip reader
    // to the member's own decoder (the HDF5 weights, the JSON config).
    const stored = z.central.flatMap((c, i) =>
      z.local[i] !== undefined && v.getUint16(c + 10, true) === 0 ? [{ c, l: z.local[i]! }] : [],
    );
    if (!stored.length) return false;
    const { c, l } = rng.pick(stored);
    const size = v.getUint32(c + 20, true);
    const start = l + 30 + v.getUint16(l + 26, true) + v.getUint16(l + 28, true);
    if (size === 0 || start + size > b.length) return false;
    const member = b.slice(start, start + size);
    const inPlace = [
      ...(isHdf5(member) ? HDF5.filter((m) => m.name !== 'hdf5-truncate-at-structure') : []),
      ...GENERIC.filter((m) => ['flip-bits', 'zero-range', 'overwrite-u32-huge'].includes(m.name)),
    ];
    const damaged = rng.pick(inPlace).apply(member, rng);
    if (!damaged || damaged.length !== size) return false;
    b.set(damaged, start);
    const crc = CRC32.buf(damaged) >>> 0;
    v.setUint32(c + 16, crc, true);
    v.setUint32(l + 14, crc, true);
    return true;
  }),
  zipMutation('zip-local-offset-wrong', (_b, v, z, rng) => {
    if (!z.central.length) return false;
    v.setUint32(rng.pick(z.central) + 42, rng.pick([...HUGE_U32, 0, 1, z.centralStart]), true);
    return true;
  }),
];

// ---------------------------------------------------------------- HDF5

export const HDF5: Mutator[] = [
  { name: 'hdf5-truncate-at-structure', apply: (b, rng) => (isHdf5(b) ? truncateNear(b, rng, hdf5Boundaries(b)) : null) },
  { name: 'hdf5-flip-superblock', apply: (b, rng) => (isHdf5(b) ? flipIn(b, rng, 8, Math.min(b.length, 96), rng.range(1, 3)) : null) },
  {
    name: 'hdf5-superblock-address-huge',
    apply(b, rng) {
      if (!isHdf5(b) || b.length < 96) return null;
      const out = copy(b);
      // Version-0 superblocks keep base, free-space, end-of-file and driver addresses at 24..56.
      const at = rng.pick([24, 32, 40, 48, 56, 64]);
      new DataView(out.buffer).setBigUint64(at, rng.pick([2n ** 64n - 1n, 2n ** 40n, BigInt(b.length * 4)]), true);
      return out;
    },
  },
  {
    name: 'hdf5-flip-object',
    apply(b, rng) {
      if (!isHdf5(b)) return null;
      const sites = hdf5Structures(b);
      if (!sites.length) return null;
      const at = rng.pick(sites);
      return flipIn(b, rng, at + 4, at + 48, rng.range(1, 4));
    },
  },
];

// ---------------------------------------------------------------- text (pbtxt, checkpoint state, text checkpoints)

const enc = new TextEncoder();

function isText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 2048);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}

function textMutation(name: string, insert: (rng: Rng) => string): Mutator {
  return {
    name,
    apply(bytes, rng) {
      if (!isText(bytes)) return null;
      // At a line start, so the insertion lands between fields rather than inside a token.
      const starts = [0];
      for (let i = 0; i < bytes.length && starts.length < 10_000; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
      return splice(bytes, rng.pick(starts), 0, enc.encode(insert(rng)));
    },
  };
}

export const TEXT: Mutator[] = [
  textMutation('text-deep-braces', (rng) => `${'x { '.repeat(rng.pick([150, 5000, 50_000]))}\n`),
  textMutation(
    'text-huge-number',
    (rng) =>
      `${rng.pick(['size', 'producer', 'dim', 'start', 'length', 'dtype'])}: ${rng.pick(['99999999999999999999999999', '-9223372036854775809', '1e309', 'NaN', '0x7fffffffffffffff', '-1'])}\n`,
  ),
  textMutation('text-unterminated', (rng) => `${rng.pick(['name: "abc', "name: 'x\\", 'tensor {', '}', 'model_checkpoint_path: "'])}\n`),
  textMutation('text-repeat-field', (rng) =>
    `${rng.pick(['node { name: "n" op: "Const" }\n', 'tensor { name: "t" }\n', 'all_model_checkpoint_paths: "x"\n'])}`.repeat(
      rng.pick([2, 1000]),
    ),
  ),
];

// ---------------------------------------------------------------- choosing

/** Every mutation that can apply to these bytes, structure-aware ones first in weight. */
export function mutatorsFor(bytes: Uint8Array): Mutator[] {
  const out: Mutator[] = [...GENERIC];
  if (isHdf5(bytes)) out.push(...HDF5, ...HDF5);
  else if (bytes[0] === 0x50 && bytes[1] === 0x4b) out.push(...ZIP, ...ZIP);
  else if (tableLayout(bytes)) out.push(...TABLE, ...TABLE);
  else if (bytes.length > 0 && bytes.length < 4_000_000 && parseProtobuf(bytes, 0)) out.push(...PROTOBUF, ...PROTOBUF);
  else if (isText(bytes)) out.push(...TEXT, ...TEXT);
  return out;
}

/** Whole-file damage: a missing, empty, misnamed or doubled file. */
export const SET_MUTATIONS: { name: string; apply(files: InputFile[], rng: Rng): InputFile[] | null }[] = [
  {
    name: 'set-drop-file',
    apply(files, rng) {
      if (files.length < 2) return null;
      const victim = rng.pick(files);
      return files.filter((f) => f !== victim);
    },
  },
  {
    name: 'set-drop-data-shard',
    apply(files, rng) {
      const shards = files.filter((f) => /\.data-\d{5}-of-\d{5}$/.test(f.path));
      if (!shards.length) return null;
      const victim = rng.pick(shards);
      return files.filter((f) => f !== victim);
    },
  },
  {
    name: 'set-empty-file',
    apply(files, rng) {
      const victim = rng.pick(files);
      return files.map((f) => (f === victim ? { path: f.path, bytes: new Uint8Array(0) } : f));
    },
  },
  {
    name: 'set-misname-shard-count',
    apply(files) {
      const shard = files.find((f) => /\.data-\d{5}-of-\d{5}$/.test(f.path));
      if (!shard) return null;
      return files.map((f) => (f === shard ? { path: f.path.replace(/-of-\d{5}$/, '-of-00009'), bytes: f.bytes } : f));
    },
  },
  {
    name: 'set-swap-contents',
    apply(files, rng) {
      if (files.length < 2) return null;
      const a = rng.pick(files);
      const b = rng.pick(files.filter((f) => f !== a));
      return files.map((f) => (f === a ? { path: a.path, bytes: b.bytes } : f === b ? { path: b.path, bytes: a.bytes } : f));
    },
  },
];
