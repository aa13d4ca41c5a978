/**
 * Is this file a TF table, and which kind? Cheap: the footer magic, then only the first entry.
 * V2 `.index`: the "" key holds a BundleHeaderProto (fields 1-3: varint, varint, message).
 * V1 TensorSlice file: the "" key holds SavedTensorSlices whose field 1 (meta) is a message.
 */
import type { ByteSource } from '../../byte-source.ts';
import { FOOTER_SIZE, hasTableMagic, Table } from './table.ts';

export async function sniffTable(source: ByteSource): Promise<'bundle' | 'tensor_slices' | null> {
  if (source.size < FOOTER_SIZE) return null;
  const tail = await source.read(source.size - 8, 8);
  if (!hasTableMagic(tail)) return null;
  try {
    const first = await (await Table.open(source)).first();
    if (first?.key.byteLength !== 0) return null;
    const tag = first.value[0];
    if (tag === undefined || tag === 0x08 || tag === 0x10 || tag === 0x1a) return 'bundle';
    if (tag === 0x0a) return 'tensor_slices';
    return null;
  } catch {
    // A table that cannot be read is not recognised here; the decoder reports why.
    return null;
  }
}
