/**
 * File names of a V2 checkpoint: `<prefix>.index` and `<prefix>.data-NNNNN-of-MMMMM`
 * (tensor_bundle.cc MetaFilename / DataFilename), and the files of a prefix in a FileSet.
 */
import type { ByteSource, FileSet } from '../../byte-source.ts';

export function indexFileName(prefix: string): string {
  return `${prefix}.index`;
}

export function dataFileName(prefix: string, shard: number, numShards: number): string {
  return `${prefix}.data-${pad5(shard)}-of-${pad5(numShards)}`;
}

/** Missing data shards named one by one; the rest are counted in one entry (see moreMissingShards). */
export const MAX_LISTED_MISSING_SHARDS = 100;

/**
 * What stands for the missing shards beyond the first MAX_LISTED_MISSING_SHARDS: a header can
 * claim 99,999 shards in a few bytes, and one fact per shard would make the report (and every
 * check over it) as large as the claim instead of the file.
 */
export function moreMissingShards(prefix: string, numShards: number, more: number): string {
  return `${prefix}.data-*-of-${pad5(numShards)} (${more} more missing shards)`;
}

function pad5(n: number): string {
  return String(n).padStart(5, '0');
}

/** Data files under `prefix` whatever their shard count (to explain a mismatch). */
export function dataFilesOf(files: FileSet, prefix: string): ByteSource[] {
  const re = new RegExp(`^${escapeRegExp(prefix)}\\.data-\\d{5}-of-\\d{5}$`);
  return files.files.filter((f) => re.test(f.path));
}

/** Leftovers of an interrupted save: `<prefix>.*.tempstate<n>` files and `<prefix>_temp/` parts. */
export function saveLeftovers(files: FileSet, prefix: string): string[] {
  return files.files
    .map((f) => f.path)
    .filter(
      (p) => (p.startsWith(`${prefix}.`) && p.includes('.tempstate')) || p.startsWith(`${prefix}_temp/`) || p.startsWith(`${prefix}_temp_`),
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
