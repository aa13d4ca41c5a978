/**
 * fingerprint.pb (FingerprintDef, TF 2.12+): uint64 hashes of the SavedModel's parts. Decoded by
 * hand so the 64-bit values stay exact (as decimal strings), and in whatever field order the
 * writer used (TF 2.12 writes 1..6, TF 2.14+ 6..1).
 */
import { DecodeError } from '../../errors.ts';
import { ByteReader } from '../../binary/byte-reader.ts';
import { WireType } from '../../binary/wire-types.ts';
import { utf8Decode } from '../../utf8.ts';

export interface FingerprintFacts {
  saved_model_checksum: string | null;
  graph_def_program_hash: string | null;
  signature_def_hash: string | null;
  saved_object_graph_hash: string | null;
  checkpoint_hash: string | null;
  uuid: string | null;
  /** FingerprintDef.version.producer (the fingerprint format version, 1 so far). */
  producer: number | null;
}

const HASH_FIELDS: Record<number, keyof FingerprintFacts> = {
  1: 'saved_model_checksum',
  2: 'graph_def_program_hash',
  3: 'signature_def_hash',
  4: 'saved_object_graph_hash',
  5: 'checkpoint_hash',
};

export function decodeFingerprint(file: string, bytes: Uint8Array): FingerprintFacts {
  const out: FingerprintFacts = {
    saved_model_checksum: null,
    graph_def_program_hash: null,
    signature_def_hash: null,
    saved_object_graph_hash: null,
    checkpoint_hash: null,
    uuid: null,
    producer: null,
  };
  try {
    const reader = new ByteReader(bytes, 0, bytes.byteLength, { file, base: 0 });
    for (const f of reader.fields('FingerprintDef')) {
      const hashKey = HASH_FIELDS[f.field];
      if (hashKey && f.wire === WireType.VARINT) {
        (out as unknown as Record<string, string>)[hashKey] = f.value.toString(10);
      } else if (f.field === 6 && f.wire === WireType.LEN) {
        for (const v of reader.sub(f.start, f.end).fields('VersionDef')) {
          if (v.field === 1 && v.wire === WireType.VARINT) out.producer = Number(BigInt.asIntN(32, v.value));
        }
      } else if (f.field === 7 && f.wire === WireType.LEN) {
        out.uuid = utf8Decode(bytes.subarray(f.start, f.end), true);
      }
    }
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new DecodeError(file, error.what, { offset: error.offset, hint: 'fingerprint.pb is truncated or corrupted.' });
    }
    throw new DecodeError(file, `FingerprintDef: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return out;
}

/** The fingerprint as `producer.other` entries (`fingerprint.<field>`), decimal strings. */
export function fingerprintProducerEntries(fp: FingerprintFacts): Record<string, string> {
  const other: Record<string, string> = {};
  for (const [key, value] of Object.entries(fp)) {
    if (value !== null) other[`fingerprint.${key}`] = String(value);
  }
  return other;
}
