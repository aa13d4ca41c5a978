/**
 * The variables on their way from the checker's worker to the page, as columns. Structured clone
 * builds an object one property at a time: 100,000 ten-field VariableFacts took 0.3 s to post
 * and as long again to receive in Chromium (issue 19). Columns cross as a few typed arrays
 * (moved, not copied) and arrays of strings, and the page rebuilds the same objects in one loop.
 */
import type { Shape, VariableFact } from '../lib/facts.ts';

export interface PackedVariables {
  count: number;
  names: string[];
  /** Distinct dtypes and files, and each variable's index into them. */
  dtypes: string[];
  dtypeOf: Uint32Array<ArrayBuffer>;
  files: string[];
  fileOf: Uint32Array<ArrayBuffer>;
  /** Every shape's dimensions back to back; variable i's end where `shapeEnds[i]` says. */
  dims: Float64Array<ArrayBuffer>;
  shapeEnds: Uint32Array<ArrayBuffer>;
  /** NaN stands for null. */
  bytes: Float64Array<ArrayBuffer>;
  shard: Float64Array<ArrayBuffer>;
  offset: Float64Array<ArrayBuffer>;
  sliced: Uint8Array<ArrayBuffer>;
  objectPaths: (string | null)[];
  slots: VariableFact['slot'][];
}

const orNaN = (value: number | null) => (value === null ? Number.NaN : value);
const orNull = (value: number) => (Number.isNaN(value) ? null : value);

export function packVariables(variables: readonly VariableFact[]): { packed: PackedVariables; transfer: ArrayBuffer[] } {
  const count = variables.length;
  const dtypeIndex = new Map<string, number>();
  const fileIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, value: string) => {
    let i = map.get(value);
    if (i === undefined) {
      i = map.size;
      map.set(value, i);
    }
    return i;
  };
  let dimCount = 0;
  for (const v of variables) dimCount += v.shape.length;
  const packed: PackedVariables = {
    count,
    names: new Array<string>(count),
    dtypes: [],
    dtypeOf: new Uint32Array(count),
    files: [],
    fileOf: new Uint32Array(count),
    dims: new Float64Array(dimCount),
    shapeEnds: new Uint32Array(count),
    bytes: new Float64Array(count),
    shard: new Float64Array(count),
    offset: new Float64Array(count),
    sliced: new Uint8Array(count),
    objectPaths: new Array<string | null>(count),
    slots: new Array<VariableFact['slot']>(count),
  };
  let dim = 0;
  for (let i = 0; i < count; i++) {
    const v = variables[i]!;
    packed.names[i] = v.name;
    packed.dtypeOf[i] = indexOf(dtypeIndex, v.dtype);
    packed.fileOf[i] = indexOf(fileIndex, v.file);
    for (const d of v.shape) packed.dims[dim++] = d;
    packed.shapeEnds[i] = dim;
    packed.bytes[i] = orNaN(v.bytes);
    packed.shard[i] = orNaN(v.shard);
    packed.offset[i] = orNaN(v.offset);
    packed.sliced[i] = v.sliced ? 1 : 0;
    packed.objectPaths[i] = v.object_path;
    packed.slots[i] = v.slot;
  }
  packed.dtypes = [...dtypeIndex.keys()];
  packed.files = [...fileIndex.keys()];
  const { dtypeOf, fileOf, dims, shapeEnds, bytes, shard, offset, sliced } = packed;
  return { packed, transfer: [dtypeOf, fileOf, dims, shapeEnds, bytes, shard, offset, sliced].map((a) => a.buffer) };
}

export function unpackVariables(packed: PackedVariables): VariableFact[] {
  const out = new Array<VariableFact>(packed.count);
  let dim = 0;
  for (let i = 0; i < packed.count; i++) {
    const end = packed.shapeEnds[i]!;
    const shape: Shape = [];
    for (; dim < end; dim++) shape.push(packed.dims[dim]!);
    out[i] = {
      name: packed.names[i]!,
      dtype: packed.dtypes[packed.dtypeOf[i]!]!,
      shape,
      bytes: orNull(packed.bytes[i]!),
      shard: orNull(packed.shard[i]!),
      offset: orNull(packed.offset[i]!),
      object_path: packed.objectPaths[i] ?? null,
      slot: packed.slots[i] ?? null,
      sliced: packed.sliced[i] === 1,
      file: packed.files[packed.fileOf[i]!]!,
    };
  }
  return out;
}
