/**
 * The `.index` table of a V2 checkpoint read into memory: the header ("" key,
 * BundleHeaderProto) and one BundleEntryProto per tensor, in key order. Both the decoder and
 * the checksum verifier start here.
 */
import type { ByteSource } from '../../byte-source.ts';
import { DecodeError } from '../../errors.ts';
import { decodeBundleEntry, decodeBundleHeader, type BundleEntry, type BundleHeader } from './bundle-protos.ts';
import { decodeSliceKey, isSliceKey, sliceSpecText, type SliceKey } from './slice-key.ts';
import { Table } from './table.ts';
import { utf8Decode } from '../../utf8.ts';

export interface IndexedEntry {
  /** The table key as text; for a stored slice, `name[start,length:...]`. */
  key: string;
  entry: BundleEntry;
  /** Set for the entries that hold one slice of a partitioned tensor. */
  slice: SliceKey | null;
}

export interface BundleIndex {
  table: Table;
  header: BundleHeader;
  entries: IndexedEntry[];
}

export async function readBundleIndex(source: ByteSource): Promise<BundleIndex> {
  const table = await Table.open(source);
  let header: BundleHeader | null = null;
  const entries: IndexedEntry[] = [];
  // scanBlock hands out the key in a scratch buffer and the value in place: only what the index
  // keeps (the key text, the decoded entry) is allocated per entry.
  await table.forEachEntry((keyBytes, keyLength, block, valueStart, valueEnd) => {
    if (header === null) {
      if (keyLength !== 0) {
        throw new DecodeError(
          source.path,
          'the first entry is not the bundle header (the "" key); this table is not a V2 checkpoint index',
          {
            hint: 'A V1 (TensorSlice) checkpoint or another LevelDB table was given as a V2 .index file.',
          },
        );
      }
      header = decodeBundleHeader(block.subarray(valueStart, valueEnd), source.path);
      return;
    }
    const key = keyBytes.subarray(0, keyLength);
    if (isSliceKey(key)) {
      const slice = decodeSliceKey(key);
      if (slice === null) throw new DecodeError(source.path, `entry ${entries.length + 1} has an unreadable tensor-slice key`);
      entries.push({
        key: `${slice.name}[${sliceSpecText(slice.extents)}]`,
        entry: decodeBundleEntry(block, source.path, slice.name, valueStart, valueEnd),
        slice,
      });
      return;
    }
    const name = utf8Decode(key);
    entries.push({ key: name, entry: decodeBundleEntry(block, source.path, name, valueStart, valueEnd), slice: null });
  });
  if (header === null) throw new DecodeError(source.path, 'the table is empty: no bundle header entry');
  return { table, header, entries };
}
