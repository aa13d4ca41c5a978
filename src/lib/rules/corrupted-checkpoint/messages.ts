/** What corrupted-checkpoint says (the logic is in ./index.ts). */
import { hex32 } from '../../binary/hex.ts';
import { messagesOf } from '../finding.ts';
import { formatBytes } from '../support.ts';

const message = messagesOf('corrupted-checkpoint');

const INTERRUPTED_SAVE =
  'Files named *.tempstate* or directories ending in _temp are written during a save and merged/renamed at its end. ';

export const messages = {
  unreadable: message<{ file: string; what: string; hint: string | null }>({
    title: (d) => `Cannot read ${d.file}: ${d.what}`,
    detail: (d) => (d.hint ? `${d.what}. ${d.hint}` : `${d.what}.`),
    fix:
      'Copy the file again from where it was written (compare sizes and checksums with the original); ' +
      'if the save was interrupted, use the previous checkpoint.',
  }),

  /** Content that is dangerous to load (duplicate zip members, pickles, paths escaping an archive). */
  unsafe: message<{ file: string; what: string; hint: string | null }>({
    title: (d) => `${d.file} is not safe to load: ${d.what}`,
    detail: (d) => (d.hint ? `${d.what}. ${d.hint}` : `${d.what}.`),
    fix:
      'Get the file again from the source you trust and compare its checksum with the one published there; ' +
      'until then, do not load it (and never with safe_mode=False).',
  }),

  missingFile: message<{ path: string; why: string; fix: string }>({
    title: (d) => `Missing ${d.path}`,
    detail: (d) => `${d.why}. TensorFlow fails with "${d.path}; No such file or directory" (or "Failed to find any matching files").`,
    fix: (d) => d.fix,
  }),

  onlyInterruptedSave: message({
    title: 'The save never finished: only the pieces of an interrupted save are here',
    detail:
      INTERRUPTED_SAVE +
      'No complete checkpoint exists beside them, so restoring the prefix fails with ' +
      '"Unsuccessful TensorSliceReader constructor: Failed to find any matching files" and latest_checkpoint() returns None.',
    fix: 'Use an earlier complete checkpoint (or save again); the _temp pieces are not meant to be loaded.',
  }),

  interruptedSaveLeftovers: message<{ leftovers: number; complete: string[] }>({
    title: (d) => `${d.leftovers} leftover(s) of an interrupted save`,
    detail: (d) =>
      INTERRUPTED_SAVE +
      `The complete checkpoint(s) here (${d.complete.join(', ')}) are usable if their shards verify; ` +
      'the leftovers belong to a later save that did not finish.',
    fix: 'Use the last complete checkpoint; delete the leftovers once it verifies.',
  }),

  checksumMismatch: message<{ name: string; shard: number; problem: string | null; expected: number; actual: number | null }>({
    title: (d) => `Checksum mismatch in ${d.name}`,
    detail: (d) => {
      const stored = d.actual === null ? 'could not be computed (bytes missing)' : `is ${hex32(d.actual)}`;
      const what = d.problem ?? `crc32c of the stored bytes ${stored}, the index says ${hex32(d.expected)}`;
      return `${what}. TensorFlow raises "TensorBundle at ... shard ${d.shard}: Checksum does not match" when it restores this tensor.`;
    },
    fix: 'Copy the shard again from the original; a single flipped byte cannot be repaired.',
  }),

  shortShard: message<{ file: string; size: number; needed: number }>({
    title: (d) => `${d.file} is truncated: ${formatBytes(d.size)} of ${formatBytes(d.needed)}`,
    detail:
      'The index points past the end of the data shard: the copy or the save stopped early. ' +
      'Restore fails with "Read less bytes than requested".',
    fix: 'Copy the shard again; compare its size with the original.',
  }),

  missingShard: message<{ file: string }>({
    title: (d) => `Missing data shard ${d.file}`,
    detail: 'Verification could not find this shard.',
    fix: 'Copy every *.data-NNNNN-of-MMMMM file with the .index.',
  }),
};
