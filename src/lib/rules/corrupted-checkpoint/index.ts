/**
 * corrupted-checkpoint: what the decoders could not read (facts.problems), companion files that
 * are missing (data shards, variables/), interrupted-save leftovers, and — when verification ran
 * (ctx.verify, one report per checkpoint) — checksum failures and data shards shorter than the index says.
 */
import type { Context } from '../../context/types.ts';
import type { ModelFacts } from '../../facts.ts';
import { evidence, finding, type Finding } from '../finding.ts';
import { formatBytes } from '../support.ts';
import { hex32 } from '../../binary/hex.ts';

const ID = 'corrupted-checkpoint';

export function corruptedCheckpoint(facts: ModelFacts, ctx: Context): Finding[] {
  const out: Finding[] = [];
  for (const p of facts.problems) {
    out.push(
      finding(ID, 'error', `Cannot read ${p.file}: ${p.what}`, p.hint ? `${p.what}. ${p.hint}` : `${p.what}.`, {
        evidence: [evidence({ file: p.file, bytes: p.offset !== null ? `offset ${p.offset}` : null, text: p.what })],
        fix: 'Copy the file again from where it was written (compare sizes and checksums with the original); if the save was interrupted, use the previous checkpoint.',
        confidence: 'certain',
      }),
    );
  }
  for (const m of facts.missing) {
    out.push(
      finding(
        ID,
        'error',
        `Missing ${m.path}`,
        `${m.why}. TensorFlow fails with "${m.path}; No such file or directory" (or "Failed to find any matching files").`,
        {
          evidence: [evidence({ file: m.path, text: m.why })],
          fix: m.fix,
          confidence: 'certain',
        },
      ),
    );
  }
  if (facts.leftovers.length > 0) {
    const leftover = new Set(facts.leftovers);
    const complete = facts.artifacts.filter(
      (a) => (a.format === 'checkpoint' || a.format === 'checkpoint_v1') && !a.files.every((f) => leftover.has(f)),
    );
    const onlyPartial = complete.length === 0;
    out.push(
      finding(
        ID,
        onlyPartial ? 'error' : 'warning',
        onlyPartial
          ? 'The save never finished: only the pieces of an interrupted save are here'
          : `${facts.leftovers.length} leftover(s) of an interrupted save`,
        `Files named *.tempstate* or directories ending in _temp are written during a save and merged/renamed at its end. ${
          onlyPartial
            ? 'No complete checkpoint exists beside them, so restoring the prefix fails with "Unsuccessful TensorSliceReader constructor: Failed to find any matching files" and latest_checkpoint() returns None.'
            : `The complete checkpoint(s) here (${complete.map((a) => a.path).join(', ')}) are usable if their shards verify; the leftovers belong to a later save that did not finish.`
        }`,
        {
          evidence: facts.leftovers.map((f) => evidence({ file: f })),
          fix: onlyPartial
            ? 'Use an earlier complete checkpoint (or save again); the _temp pieces are not meant to be loaded.'
            : 'Use the last complete checkpoint; delete the leftovers once it verifies.',
          confidence: 'likely',
        },
      ),
    );
  }
  for (const { report: v } of ctx.verify ?? []) {
    // A tensor cut off by a short shard never reaches TF's checksum test: it fails with "Read
    // less bytes than requested", which the short-shard finding below says.
    const short = new Set(v.short_shards.map((s) => s.file));
    for (const bad of v.bad) {
      if (bad.actual === null && short.has(bad.file)) continue;
      out.push(
        finding(
          ID,
          'error',
          `Checksum mismatch in ${bad.name}`,
          `${bad.problem ?? `crc32c of the stored bytes ${bad.actual === null ? 'could not be computed (bytes missing)' : `is ${hex32(bad.actual)}`}, the index says ${hex32(bad.expected)}`}. TensorFlow raises "TensorBundle at ... shard ${bad.shard}: Checksum does not match" when it restores this tensor.`,
          {
            evidence: [
              evidence({
                file: bad.file,
                key: bad.name,
                bytes: `offset ${bad.offset}, ${bad.size} bytes`,
                text: `crc32c expected ${hex32(bad.expected)}${bad.actual !== null ? `, actual ${hex32(bad.actual)}` : ''}`,
              }),
            ],
            fix: 'Copy the shard again from the original; a single flipped byte cannot be repaired.',
            confidence: 'certain',
          },
        ),
      );
    }
    for (const s of v.short_shards) {
      out.push(
        finding(
          ID,
          'error',
          `${s.file} is truncated: ${formatBytes(s.size)} of ${formatBytes(s.needed)}`,
          'The index points past the end of the data shard: the copy or the save stopped early. Restore fails with "Read less bytes than requested".',
          {
            evidence: [evidence({ file: s.file, bytes: `${s.size} bytes present, ${s.needed} needed`, text: 'short data shard' })],
            fix: 'Copy the shard again; compare its size with the original.',
            confidence: 'certain',
          },
        ),
      );
    }
    for (const m of v.missing_shards) {
      if (facts.missing.some((x) => x.path === m)) continue;
      out.push(
        finding(ID, 'error', `Missing data shard ${m}`, 'Verification could not find this shard.', {
          evidence: [evidence({ file: m })],
          fix: 'Copy every *.data-NNNNN-of-MMMMM file with the .index.',
          confidence: 'certain',
        }),
      );
    }
  }
  return out;
}
